//! The allocator's setting that keeps the service's resident memory bounded. An Argon2 hash
//! takes 19 MiB (`auth.argon2.memory_kib`). glibc's malloc serves blocks that large from
//! mmap and gives them back on free, but after the first such free it raises its mmap
//! threshold above them, and from then on keeps them in its per-thread arenas, one per
//! blocking thread that hashed: measured, 380 MiB resident after 60 sign-ins, three at a time,
//! that stayed after the last one. With the threshold fixed at 1 MiB it was 29 MiB.

/// Large blocks (1 MiB and more) are mapped and unmapped, never kept in an arena. Call it
/// first in `main`, before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only sets a parameter of the C allocator; it runs before other threads exist.
    let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
    debug_assert_eq!(set, 1, "glibc accepts the mmap threshold");
}

/// Other allocators do not hold freed large blocks this way.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_blocks_to_the_system() {}
