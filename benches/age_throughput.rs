//! Encryption throughput of the service's age code against the reference `age` tool, in the
//! same run: 1 GiB in bulk (sealed as the service seals attachments, through a bounded
//! channel to a file; opened as it serves them), and a 4 KiB dossier to three recipients.
//! Run: `cargo bench --bench age_throughput` (needs `age` on PATH; scripts/test installs it).

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use age::x25519::Identity;
use bytes::Bytes;
use ketenaanpak::crypto::{envelope, stream};
use tokio::sync::mpsc;

const GIB: usize = 1024 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let identity = Identity::generate();
    let recipient = identity.to_public();
    let key = dir.path().join("key.txt");
    std::fs::write(&key, age::secrecy::ExposeSecret::expose_secret(&identity.to_string())).unwrap();
    let chunk: Vec<u8> = (0..CHUNK).map(|i| (i * 131 % 251) as u8).collect();

    // The plaintext on disk, for the reference tool to read (synthetic bytes).
    let plain = dir.path().join("plain.bin");
    let mut file = std::fs::File::create(&plain).unwrap();
    for _ in 0..GIB / CHUNK {
        file.write_all(&chunk).unwrap();
    }
    file.sync_all().unwrap();
    drop(file);

    // Ours, sealing: chunks through the bounded channel to a blocking thread, into a file.
    let ours_sealed = dir.path().join("ours.age");
    let started = Instant::now();
    let (sender, receiver) = mpsc::channel(stream::CHANNEL_DEPTH);
    let out = std::fs::File::create(&ours_sealed).unwrap();
    let sealer = std::thread::spawn({
        let recipient = recipient.clone();
        move || stream::seal_chunks(&[recipient], out, receiver).unwrap()
    });
    let bytes = Bytes::from(chunk.clone());
    for _ in 0..GIB / CHUNK {
        sender.blocking_send(bytes.clone()).unwrap();
    }
    drop(sender);
    sealer.join().unwrap();
    let ours_seal = started.elapsed();

    // The reference tool, sealing the same gibibyte.
    let age_sealed = dir.path().join("age.age");
    let started = Instant::now();
    let status = Command::new("age")
        .arg("-r")
        .arg(recipient.to_string())
        .arg("-o")
        .arg(&age_sealed)
        .arg(&plain)
        .status()
        .expect("age on PATH");
    assert!(status.success());
    // The service makes every sealed file durable before it answers; so, here, does the tool's.
    std::fs::File::open(&age_sealed).unwrap().sync_all().unwrap();
    let age_seal = started.elapsed();

    // The cipher alone: the same gibibyte sealed into nothing, no channel and no file.
    let started = Instant::now();
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).unwrap();
    let mut writer = encryptor.wrap_output(std::io::sink()).unwrap();
    for _ in 0..GIB / CHUNK {
        writer.write_all(&chunk).unwrap();
    }
    writer.finish().unwrap();
    let cipher_only = started.elapsed();

    // Ours, opening: read through in chunks, as a download streams.
    let started = Instant::now();
    let (sender, mut receiver) = mpsc::channel(stream::CHANNEL_DEPTH);
    let opener = std::thread::spawn({
        let (path, identity) = (age_sealed.clone(), identity.clone());
        move || stream::open_chunks(&path, &[identity], sender)
    });
    let mut opened = 0usize;
    while let Some(chunk) = receiver.blocking_recv() {
        opened += chunk.unwrap().len();
    }
    opener.join().unwrap();
    assert_eq!(opened, GIB);
    let ours_open = started.elapsed();

    // The reference tool, opening the file the service sealed.
    let started = Instant::now();
    let status = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg("-o")
        .arg("/dev/null")
        .arg(&ours_sealed)
        .status()
        .unwrap();
    assert!(status.success());
    let age_open = started.elapsed();

    let rate = |d: Duration| GIB as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
    println!("1 GiB, one recipient (MiB/s; ratio = ours / age, aim ≥ 0.8):");
    println!(
        "  seal   ours {:8.1}   age {:8.1}   ratio {:.2}",
        rate(ours_seal),
        rate(age_seal),
        age_seal.as_secs_f64() / ours_seal.as_secs_f64()
    );
    println!(
        "  open   ours {:8.1}   age {:8.1}   ratio {:.2}",
        rate(ours_open),
        rate(age_open),
        age_open.as_secs_f64() / ours_open.as_secs_f64()
    );
    println!("  (the age crate's cipher alone, sealing into nothing: {:.1} MiB/s)", rate(cipher_only));

    // A 4 KiB dossier to three recipients: in-process, as the service seals a dossier.
    let recipients: Vec<_> = (0..3).map(|_| Identity::generate().to_public()).collect();
    let dossier = vec![b'x'; 4096];
    for _ in 0..50 {
        envelope::seal(&recipients, &dossier).unwrap();
    }
    let rounds = 2000;
    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(envelope::seal(&recipients, &dossier).unwrap());
    }
    let per_seal = started.elapsed() / rounds;
    // The reference tool for the same, per invocation (process start included).
    let small = dir.path().join("dossier.json");
    std::fs::write(&small, &dossier).unwrap();
    let started = Instant::now();
    for _ in 0..50 {
        let mut command = Command::new("age");
        for recipient in &recipients {
            command.arg("-r").arg(recipient.to_string());
        }
        assert!(command.arg("-o").arg("/dev/null").arg(&small).status().unwrap().success());
    }
    let per_age = started.elapsed() / 50;
    println!("4 KiB dossier to three recipients (aim < 300 µs):");
    println!(
        "  ours {:.1} µs per seal;  age {:.1} µs per invocation (including process start)",
        per_seal.as_secs_f64() * 1e6,
        per_age.as_secs_f64() * 1e6
    );
}
