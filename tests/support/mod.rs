//! Helpers shared by the reliability tests: the shared test kit
//! (`crates/testkit`: a watchdog, a thread counter, a small deterministic
//! PRNG, bit-exact comparison) and the CLI runner. Strategies are called
//! through the registry, which takes any `Op`.

#![allow(dead_code, unused_imports)] // each test binary uses a different subset

use doall_kernel::Workload;

pub use doall_testkit::{
    Rng, TIMEOUT, assert_same_bits, assert_threads_back_to, thread_count, within,
};

/// What `seq` leaves in a copy of `v`.
pub fn sequential(v: &[f64], workload: Workload) -> Vec<f64> {
    doall_testkit::sequential(v, &workload)
}

/// Runs the `doall` binary with `args`, `DOALL_THREADS` removed and `env`
/// set on the child process only (tests never change their own environment).
pub fn doall(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_doall"));
    command.args(args).env_remove("DOALL_THREADS");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the doall binary runs")
}

/// A number one digit longer than `usize::MAX`: a count no entry point may
/// accept, nor crash on.
pub fn past_usize() -> String {
    format!("{}0", usize::MAX)
}
