//! `loadgen`: load generator and benchmarks for Roundtable.
//!
//! - `loadgen run --scenario s1|s2|s3|s4`: opens participants against a
//!   running server on loopback, posts on a fixed timeline (open loop) and
//!   reports ack and delivery latency, losses and duplicates, set-up time
//!   and the server's CPU and memory. Exits 1 only when contributions were
//!   lost, duplicated or skipped; never because something was slow.
//! - `loadgen consultation --groups K --out FILE`: writes a bench
//!   consultation with K working groups (K + 1 rooms).
//! - `loadgen storage-bench`: durable posts per second with group commit
//!   against one transaction per post, through the server's notes store.
//!
//! A module map, in the order a run uses them: [`target`] (loopback check,
//! token, file limits), [`api`] (participants), [`client`] (one websocket
//! participant), [`ledger`] and [`marker`] (the plan and what became of each
//! post), [`metrics`] and [`procfs`] (measurements), [`report`] (output).
//! Scenarios are in `docs/performance.md`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
mod benchfile;
mod client;
mod ledger;
mod marker;
mod metrics;
mod procfs;
mod report;
mod run;
mod scenario;
mod storage;
mod target;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "loadgen",
    version,
    about = "Load generator and benchmarks for Roundtable (loopback only)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a benchmark scenario against a running server.
    Run(scenario::RunArgs),
    /// Write a bench consultation file with many working groups.
    Consultation(benchfile::ConsultationArgs),
    /// Durable posts per second: group commit against one transaction per post.
    StorageBench(storage::StorageArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("loadgen: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Run(args) => runtime.block_on(run::run(args)).map(|summary| {
            report::print(&summary);
            summary.ok
        }),
        Command::Consultation(args) => benchfile::write(&args).map(|line| {
            println!("{line}");
            true
        }),
        Command::StorageBench(args) => runtime.block_on(storage::bench(args)).map(|_| true),
    };
    // Client tasks may still be closing sockets; do not wait for them.
    runtime.shutdown_background();
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("loadgen: {e:#}");
            ExitCode::from(2)
        }
    }
}
