//! `cargo bench`: every strategy × workload × length × thread count, the
//! two single-thread kernels and the memory-bandwidth ceiling, measured in
//! interleaved rounds; then an HTML report under `reports/`.
//!
//! Each round visits every configuration once, in a shuffled order that
//! changes from round to round, so that a slow spell of a shared machine
//! falls on all configurations alike and a comparison can be checked round
//! by round; the configurations of one workload and length follow each
//! other, so the times a round compares were taken seconds apart. A visit opens the strategy's session (builds its pool: not timed),
//! warms it up, then takes samples: each sample is the mean of enough calls
//! to last a few milliseconds, every call on a fresh copy of the starting
//! vector (the copy is not timed: [`doall_registry::timing::time_calls`]), and every
//! sample checks that the result has exactly the bits of `seq`. The harness
//! drives this loop itself rather than through criterion, so that a run
//! prints one line per visit with the time left, and writes
//! `reports/runs/<UTC time>-<host>/results.json` with each round's samples
//! kept apart, never reading another tool's private files.
//!
//! The peers under `peers/` are built into `target/` and measured in the
//! same rounds when their toolchain is there: with `go` on `PATH`,
//! Effective Go's original, `go` against its own sequential loop `go-seq`;
//! with a `cc` that takes `-fopenmp`, OpenMP's parallel for in C, `openmp`
//! against `openmp-seq`. Every peer result must leave the bits of Rust's
//! `seq` ([`doall::bench::peer`]). Without the toolchain, one line says how
//! to get it and the run goes on.
//!
//! - `DOALL_BENCH=quick cargo bench`: a smaller matrix, about 3 minutes on
//!   2 cores with Go and OpenMP (a full run: about 8 minutes, longer with a
//!   larger last-level cache).
//! - `DOALL_BENCH_GO=off`, `DOALL_BENCH_OPENMP=off`: leave that peer out
//!   even if its toolchain is installed.
//! - `DOALL_BENCH_ROUNDS=5 cargo bench`: more rounds (default 3).
//! - `DOALL_BENCH_THREADS=1,2,4,8,16 cargo bench`: other thread counts.
//! - `cargo bench -- heavy`: only the benchmarks whose name matches `heavy`
//!   (a regular expression); `cargo bench -- --list` prints the names.
//!
//! This file only reads the command line and the environment
//! ([`doall::bench::args`]) and calls [`doall::bench::harness::run`]: the
//! rounds, the filters, the records and the run's name live in
//! [`doall::bench`], with their tests.

use std::time::SystemTime;

use doall::bench::{
    args::{Action, BenchArgs, BenchEnv, USAGE},
    harness,
};

fn main() {
    if let Err(err) = run() {
        eprintln!("doall bench: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    // The run's name and started_utc are when it started, not when it ended.
    let started = SystemTime::now();
    let args = BenchArgs::parse(std::env::args().skip(1))?;
    if args.action == Action::Help {
        println!("{USAGE}");
        return Ok(());
    }
    let env = BenchEnv::from_env()?;
    harness::run(&args, &env, started)?;
    Ok(())
}
