//! Helpers shared by the reliability tests: a watchdog, a thread counter, a
//! small deterministic PRNG, bit-exact comparison, each strategy called with
//! any `Op`, and the CLI runner.

#![allow(dead_code)] // each test binary uses a different subset

use std::{
    panic,
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use doall_kernel::{Op, Plan, Workload};
use rayon::ThreadPool;

/// How long a call may take before the test calls it a deadlock. Generous:
/// the machine is shared, and a timeout is for hangs, not for speed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// How long spawned threads get to disappear from `/proc/self/task` after a
/// call returns (rayon pool threads exit asynchronously after a drop).
pub const THREAD_EXIT_GRACE: Duration = Duration::from_secs(5);

/// Runs `f` on a fresh thread and returns its result, or fails the test if
/// `f` has not finished within [`TIMEOUT`], instead of hanging forever.
/// A panic in `f` is resumed here with its original payload.
pub fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let worker = thread::Builder::new()
        .name(format!("watchdog: {what}"))
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("the watchdog thread starts");
    match rx.recv_timeout(TIMEOUT) {
        Ok(value) => {
            worker
                .join()
                .expect("the worker sent its result, then ended");
            value
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(payload) => panic::resume_unwind(payload),
            Ok(()) => unreachable!("the worker ended without sending or panicking"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: no result after {TIMEOUT:?}: deadlock or livelock")
        }
    }
}

/// The number of threads in this process (entries of `/proc/self/task`), or
/// `None` where that directory does not exist (not Linux).
pub fn thread_count() -> Option<usize> {
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|entries| entries.count())
}

/// Waits until the thread count is back to `baseline` (or below), failing the
/// test after [`THREAD_EXIT_GRACE`]. Does nothing where threads cannot be
/// counted.
pub fn assert_threads_back_to(baseline: Option<usize>, context: &dyn Fn() -> String) {
    let Some(baseline) = baseline else { return };
    let start = Instant::now();
    loop {
        let now = thread_count().unwrap_or(baseline);
        if now <= baseline {
            return;
        }
        if start.elapsed() > THREAD_EXIT_GRACE {
            panic!(
                "{}: {now} threads still alive {THREAD_EXIT_GRACE:?} after the call, baseline {baseline}",
                context()
            );
        }
        thread::sleep(Duration::from_micros(200));
    }
}

/// splitmix64: a tiny, deterministic, good-enough PRNG for test cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform-enough integer in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// A finite value in about `-2.0..2.0` with a random mantissa.
    pub fn value(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0
    }
}

/// What `seq` leaves in a copy of `v`.
pub fn sequential(v: &[f64], workload: Workload) -> Vec<f64> {
    let mut expected = v.to_vec();
    doall_seq::do_all(&mut expected, &workload);
    expected
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

/// Compares bit patterns, so that NaN equals NaN and -0.0 differs from 0.0.
pub fn assert_same_bits(got: &[f64], expected: &[f64], context: &dyn Fn() -> String) {
    assert_eq!(got.len(), expected.len(), "{}: length", context());
    if let Some(i) = (0..got.len()).find(|&i| got[i].to_bits() != expected[i].to_bits()) {
        panic!(
            "{}: element {i} is {:e}, seq gives {:e}",
            context(),
            got[i],
            expected[i]
        );
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
