//! Demo data from the shell: `demo generate` fills an empty database with casework at a
//! chosen size, with a progress line on the terminal.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use clap::Subcommand;

use super::admin::open;
use crate::config::Config;
use crate::demo::generate::{check, generate, Options};

#[derive(Subcommand)]
pub enum DemoCommand {
    /// Fill an empty database with the demo directory and generated casework: cases,
    /// consents, shares, notes, referrals, meetings, actions and their audit trail.
    Generate {
        /// How many cases (1 to 20,000,000).
        #[arg(long)]
        cases: u64,
        /// Over how many years before today (1 to 30).
        #[arg(long, default_value_t = 3)]
        years: u32,
        /// The same seed gives the same data set.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

pub async fn run(config: &Config, command: DemoCommand) -> anyhow::Result<()> {
    let DemoCommand::Generate { cases, years, seed } = command;
    let options = Options { cases, years, seed };
    check(&options)?;
    let services = open(config).await?;
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let mut shown = Instant::now();
    let mut progress = |done: u64, rows: u64| {
        if terminal && (shown.elapsed().as_millis() >= 200 || done == cases) {
            shown = Instant::now();
            eprint!("\r{}", progress_line(done, cases, rows, started.elapsed().as_secs_f64()));
            let _ = std::io::stderr().flush();
        }
    };
    let summary = generate(&services, &options, &mut progress).await?;
    if terminal {
        eprintln!();
    }
    println!(
        "generated {} cases, {} rows in {:.1} s ({:.0} rows a second)",
        summary.cases,
        summary.rows,
        summary.elapsed.as_secs_f64(),
        summary.rows_per_second()
    );
    Ok(())
}

/// `[#########-----------]  45% 450000/1000000 cases, 5.2 M rows, 38000 rows/s`
fn progress_line(done: u64, total: u64, rows: u64, seconds: f64) -> String {
    const WIDTH: usize = 30;
    let fraction = done as f64 / total.max(1) as f64;
    let filled = ((fraction * WIDTH as f64) as usize).min(WIDTH);
    format!(
        "[{}{}] {:>3.0}% {done}/{total} cases, {:.1} M rows, {:.0} rows/s ",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        fraction * 100.0,
        rows as f64 / 1e6,
        rows as f64 / seconds.max(1e-9)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_progress_line_fills_with_the_work() {
        let half = super::progress_line(50, 100, 2_000_000, 10.0);
        assert!(half.starts_with(&format!("[{}{}]  50%", "#".repeat(15), "-".repeat(15))), "{half}");
        assert!(half.contains("2.0 M rows, 200000 rows/s"), "{half}");
    }
}
