//! Opening a referral's age file offline, with an identity file, for organisations that keep
//! their identity out of the service. The reference `age -d -i KEYFILE FILE` does the same.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{bail, Context};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ReferralCommand {
    /// Decrypt a referral file (dossier or attachment) to standard output or --out.
    Open {
        /// The .age file, as downloaded from the service.
        file: PathBuf,
        /// An age identity file (AGE-SECRET-KEY-1… lines; # starts a comment).
        #[arg(long)]
        identity: PathBuf,
        /// Write the plaintext here instead of to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(command: ReferralCommand) -> anyhow::Result<()> {
    match command {
        ReferralCommand::Open { file, identity, out } => {
            let identities = read_identities(&identity)?;
            let input = BufReader::new(File::open(&file).with_context(|| format!("opening {}", file.display()))?);
            let decryptor = age::Decryptor::new_buffered(input)
                .map_err(|_| anyhow::anyhow!("{} is not an age file", file.display()))?;
            let mut reader = decryptor
                .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
                .map_err(|_| anyhow::anyhow!("none of the identities opens {}", file.display()))?;
            // All or nothing: read it whole, so that a damaged file leaves no partial output.
            let mut plaintext = Vec::new();
            reader
                .read_to_end(&mut plaintext)
                .map_err(|_| anyhow::anyhow!("{} is damaged or incomplete", file.display()))?;
            match out {
                Some(path) => {
                    std::fs::write(&path, &plaintext).with_context(|| format!("writing {}", path.display()))?
                }
                None => std::io::stdout().write_all(&plaintext)?,
            }
            Ok(())
        }
    }
}

fn read_identities(path: &PathBuf) -> anyhow::Result<Vec<age::x25519::Identity>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let identities: Vec<_> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            age::x25519::Identity::from_str(line)
                .map_err(|_| anyhow::anyhow!("{} holds a line that is no age identity", path.display()))
        })
        .collect::<anyhow::Result<_>>()?;
    if identities.is_empty() {
        bail!("{} holds no identity", path.display());
    }
    Ok(identities)
}
