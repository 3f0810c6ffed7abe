//! The one timing loop of doall, shared by `cargo bench` and `doall run`:
//! every call starts from a fresh copy of the starting vector, and only the
//! call is timed.

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use doall_kernel::same_bits;

use crate::{Error, Runner, runner_matches};

/// Runs `calls` calls with `runner`, each on the vector freshly reset to
/// `initial` and after `gap` of busy work, and returns the time spent in the
/// calls alone: the one function of doall that times calls, for `cargo
/// bench`, `doall run` and the criterion comparison alike.
///
/// The reset is not timed: on a large vector it costs about as much as a
/// memory-bound call and would double the figure. Opening the session
/// (starting a pool) is the caller's business and is not timed either.
///
/// A nonzero `gap` is what a program that calls `DoAll` now and then sees:
/// before each call (after the reset) the caller is busy on something else.
/// It spins on the clock rather than sleeping, as a thread doing real work
/// between calls would keep its core; a pool's workers meanwhile spin out
/// their budget and park, and the next call pays their wake-up. The gap is
/// not timed.
///
/// Afterwards the runner's vector holds the result of the last call, for
/// the caller to check. The first call that fails (the OS refused a thread)
/// ends the loop with its error.
///
/// ```
/// use std::time::Duration;
/// use doall_registry::{FnRunner, runner_to_vec, timing::time_calls};
/// let mut v = [0.0; 2];
/// let mut seen = Vec::new();
/// let mut runner = FnRunner::new(&mut v, |v: &mut [f64]| {
///     seen.push(v[0]);
///     v[0] += 10.0;
///     Ok(())
/// });
/// time_calls(&mut runner, &[1.0, 2.0], 3, Duration::ZERO)?;
/// assert_eq!(runner_to_vec(&mut runner), [11.0, 2.0]);
/// drop(runner);
/// assert_eq!(seen, [1.0, 1.0, 1.0], "every call starts from a fresh copy");
/// # Ok::<(), doall_registry::Error>(())
/// ```
pub fn time_calls(
    runner: &mut dyn Runner,
    initial: &[f64],
    calls: u64,
    gap: Duration,
) -> Result<Duration, Error> {
    let mut total = Duration::ZERO;
    for _ in 0..calls {
        runner.reset(black_box(initial));
        stay_busy_for(gap);
        let start = Instant::now();
        runner.call()?;
        total += start.elapsed();
    }
    Ok(total)
}

/// Makes `calls` untimed probed calls ([`Runner::probed_call`]) after
/// `gap` each, every one on the vector freshly reset to `initial`, and
/// returns how many distinct threads ran chunks in each; empty if the
/// runner cannot see its threads. Made right after the timed calls, under
/// the same conditions, they say whether the work really forked.
///
/// ```
/// use std::time::Duration;
/// use doall_registry::{STRATEGIES, timing::probe_threads};
/// use doall_kernel::{Plan, Workload, initial_vector};
/// let initial = initial_vector(1000)?;
/// let mut v = initial.clone();
/// let seq = &STRATEGIES[0];
/// let counts = seq.session(Plan::new(4, None)?, &Workload::Heavy, &mut v, |runner| {
///     probe_threads(runner, &initial, 3, Duration::ZERO)
/// })?;
/// assert_eq!(counts, [1, 1, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn probe_threads(
    runner: &mut dyn Runner,
    initial: &[f64],
    calls: usize,
    gap: Duration,
) -> Result<Vec<usize>, Error> {
    let mut counts = Vec::with_capacity(calls);
    for _ in 0..calls {
        runner.reset(initial);
        stay_busy_for(gap);
        match runner.probed_call()? {
            Some(threads) => counts.push(threads),
            None => return Ok(Vec::new()),
        }
    }
    Ok(counts)
}

/// Keeps this thread busy for `gap`, as work between two calls would.
fn stay_busy_for(gap: Duration) {
    let start = Instant::now();
    while start.elapsed() < gap {
        std::hint::spin_loop();
    }
}

/// [`same_bits`] of the runner's vector, piece by piece, without a copy: the
/// check that every benchmark sample makes.
pub fn runner_holds(runner: &mut dyn Runner, expected: &[f64]) -> bool {
    runner_matches(runner, expected, |expected, piece| {
        same_bits(piece, expected)
    })
}
