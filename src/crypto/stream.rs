//! Age encryption of streams in bounded memory: chunks cross a small channel to a blocking
//! thread that writes the age file, and decryption reads the file back in age's 64 KiB chunks.
//! Plaintext exists only in those chunks, never on disk.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::iter;
use std::path::Path;

use age::x25519::{Identity, Recipient};
use bytes::Bytes;
use tokio::sync::mpsc;

/// Chunks in flight between the request and the encrypting thread.
pub const CHANNEL_DEPTH: usize = 4;
/// Plaintext per read when streaming out: four of age's 64 KiB chunks.
const READ_CHUNK: usize = 256 * 1024;

/// Seals what arrives on `chunks` to `file` until the channel closes; returns the plaintext
/// size. Runs on a blocking thread.
pub fn seal_chunks(recipients: &[Recipient], file: File, mut chunks: mpsc::Receiver<Bytes>) -> anyhow::Result<u64> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))?;
    let mut writer = encryptor.wrap_output(BufWriter::new(file))?;
    let mut size = 0u64;
    while let Some(chunk) = chunks.blocking_recv() {
        writer.write_all(&chunk)?;
        size += chunk.len() as u64;
    }
    let mut inner = writer.finish()?;
    inner.flush()?;
    inner.get_ref().sync_all()?;
    Ok(size)
}

/// Reads a whole age file through, checking every chunk, without keeping any plaintext:
/// true when it opens with one of the identities and is complete.
pub fn verify(path: &Path, identities: &[Identity]) -> bool {
    let Ok(mut reader) = open(path, identities) else { return false };
    let mut buffer = vec![0u8; READ_CHUNK];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
}

/// Sends the plaintext of an age file on `out` in chunks. Runs on a blocking thread; stops
/// early when the receiver goes away.
pub fn open_chunks(path: &Path, identities: &[Identity], out: mpsc::Sender<std::io::Result<Bytes>>) {
    let mut reader = match open(path, identities) {
        Ok(reader) => reader,
        Err(error) => {
            let _ = out.blocking_send(Err(std::io::Error::other(error)));
            return;
        }
    };
    loop {
        // A fresh buffer per chunk, handed over without copying.
        let mut buffer = bytes::BytesMut::zeroed(READ_CHUNK);
        let item = match read_full(&mut reader, &mut buffer) {
            Ok(0) => return,
            Ok(n) => {
                buffer.truncate(n);
                Ok(buffer.freeze())
            }
            Err(error) => Err(error),
        };
        let failed = item.is_err();
        if out.blocking_send(item).is_err() || failed {
            return;
        }
    }
}

/// Fills `buffer` as far as the reader goes (age returns at most one chunk per read).
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn open(path: &Path, identities: &[Identity]) -> anyhow::Result<impl Read> {
    let file = BufReader::new(File::open(path)?);
    let decryptor = age::Decryptor::new_buffered(file).map_err(|_| anyhow::anyhow!("not an age file"))?;
    let identities = identities.iter().map(|i| i as &dyn age::Identity);
    let reader = decryptor
        .decrypt(identities.chain(iter::empty()))
        .map_err(|_| anyhow::anyhow!("no identity opens this file"))?;
    Ok(reader)
}
