//! Helpers shared by the reliability tests: the shared test kit
//! (`crates/testkit`: a watchdog, a thread counter, a small deterministic
//! PRNG, bit-exact comparison), each strategy called with any `Op`, and the
//! CLI runner.

#![allow(dead_code, unused_imports)] // each test binary uses a different subset

use doall_kernel::{Op, Plan, Workload};
use rayon::ThreadPool;

pub use doall_testkit::{
    Rng, TIMEOUT, assert_same_bits, assert_threads_back_to, thread_count, within,
};

/// What `seq` leaves in a copy of `v`.
pub fn sequential(v: &[f64], workload: Workload) -> Vec<f64> {
    doall_testkit::sequential(v, &workload)
}

/// Calls the strategy called `name` with an arbitrary `op`, through its
/// crate's public function (the registry only takes workloads); rayon runs
/// on `pool`. A strategy that cannot start its threads fails the test.
pub fn call_with_op<O: Op>(name: &str, v: &mut [f64], op: &O, plan: Plan, pool: &ThreadPool) {
    match name {
        "seq" => doall_seq::do_all(v, op),
        "std-mpsc" => doall_std_mpsc::do_all(v, op, plan).expect("threads start"),
        "crossbeam" => doall_crossbeam::do_all(v, op, plan).expect("threads start"),
        "rayon" => doall_rayon::do_all(pool, v, op, plan.chunks()),
        "std-scope" => doall_std_scope::do_all(v, op, plan).expect("threads start"),
        "pool" => {
            let config = doall_pool::PoolConfig::default();
            doall_pool::session(v, op, plan, config, |session| session.do_all())
                .expect("threads start");
        }
        other => panic!(
            "strategy {other:?} is registered but tests/support cannot call it with an \
             arbitrary Op: add it to call_with_op (and to expected_after_panic in \
             tests/panics.rs)"
        ),
    }
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
