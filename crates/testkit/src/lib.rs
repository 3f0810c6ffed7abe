//! What the tests of every strategy share: a watchdog, a thread counter,
//! the oracle, a bit-exact comparison, a small deterministic PRNG, and ops
//! that panic or count threads on purpose.
//!
//! The strategy crates test themselves with it, and `doall-conformance`
//! builds its shared checks (which every registered strategy and the
//! exercise are tested with) on it, so that
//! there is one watchdog and one oracle.

use std::{
    panic,
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use doall_kernel::{Op, first_bit_difference, update_chunk};

/// How long a test may take before it counts as a hang. Generous: the
/// machine is shared, and the timeout is for deadlocks, not for speed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `f` on a fresh thread and returns its result, or fails the test
/// after [`TIMEOUT`] instead of blocking CI. A panic in `f` is resumed here
/// with its original payload.
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

/// The number of threads in this process, or `None` off Linux.
pub fn thread_count() -> Option<usize> {
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|entries| entries.count())
}

/// How long spawned threads get to disappear from `/proc/self/task` after a
/// call returns (a dropped pool's threads exit asynchronously).
pub const THREAD_EXIT_GRACE: Duration = Duration::from_secs(5);

/// Waits until the thread count is back to `baseline` (or below), failing the
/// test after [`THREAD_EXIT_GRACE`]. Does nothing where threads cannot be
/// counted.
pub fn assert_threads_back_to(baseline: Option<usize>, context: &dyn Fn() -> String) {
    let Some(baseline) = baseline else { return };
    let start = Instant::now();
    while let Some(now) = thread_count().filter(|&now| now > baseline) {
        assert!(
            start.elapsed() < THREAD_EXIT_GRACE,
            "{}: {now} threads still alive {THREAD_EXIT_GRACE:?} after the call, baseline {baseline}",
            context()
        );
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

// ANCHOR: oracle
/// What `seq` leaves in a copy of `v`: the chunk kernel on one thread.
pub fn sequential<O: Op>(v: &[f64], op: &O) -> Vec<f64> {
    let mut expected = v.to_vec();
    update_chunk(&mut expected, op);
    expected
}

/// Compares bit patterns, so that NaN equals NaN and -0.0 differs from 0.0.
#[track_caller]
pub fn assert_same_bits(got: &[f64], expected: &[f64], context: &dyn Fn() -> String) {
    assert_eq!(got.len(), expected.len(), "{}: length", context());
    if let Some(i) = first_bit_difference(got, expected) {
        panic!(
            "{}: element {i} is {:e}, seq gives {:e}",
            context(),
            got[i],
            expected[i]
        );
    }
}
// ANCHOR_END: oracle

/// The lengths, thread counts and chunk counts every strategy is tested on.
pub const LENGTHS: [usize; 5] = [0, 1, 7, 1000, 100_003];
pub const THREADS: [usize; 4] = [1, 2, 3, 8];

/// The chunk counts tested with `threads` threads over `n` elements: one per
/// thread, over-split four times, and more chunks than elements.
pub fn chunk_counts(threads: usize, n: usize) -> [usize; 3] {
    [threads, 4 * threads, n + 3]
}

/// The payload of the tests' deliberate panics: the input the op refused.
#[derive(Debug, PartialEq)]
pub struct Boom {
    pub bits: u64,
}

/// `x ↦ 1 + x/2` (light's op), except that, while armed, it panics with
/// [`Boom`] on the inputs `triggers`.
pub struct PanicOn {
    pub triggers: Vec<f64>,
    pub armed: std::sync::atomic::AtomicBool,
}

impl PanicOn {
    pub fn new(trigger: f64) -> PanicOn {
        PanicOn::any_of(vec![trigger])
    }

    pub fn any_of(triggers: Vec<f64>) -> PanicOn {
        PanicOn {
            triggers,
            armed: std::sync::atomic::AtomicBool::new(true),
        }
    }

    pub fn disarm(&self) {
        self.armed
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Op for PanicOn {
    fn apply(&self, x: f64) -> f64 {
        if self.triggers.iter().any(|t| t.to_bits() == x.to_bits())
            && self.armed.load(std::sync::atomic::Ordering::Relaxed)
        {
            panic::panic_any(Boom { bits: x.to_bits() });
        }
        1.0 + 0.5 * x
    }
}

/// Keeps the deliberate [`Boom`] panics out of the test output; every other
/// panic still reaches the default hook. Installed once per test binary.
pub fn quiet_booms() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<Boom>() {
                previous(info);
            }
        }));
    });
}

/// `x ↦ x`, recording the most threads this process had while it ran: it
/// proves that the counter sees the strategy's threads at all.
#[derive(Default)]
pub struct PeakThreads(pub std::sync::atomic::AtomicUsize);

impl Op for PeakThreads {
    fn apply(&self, x: f64) -> f64 {
        if let Some(now) = thread_count() {
            self.0.fetch_max(now, std::sync::atomic::Ordering::Relaxed);
        }
        x
    }
}
