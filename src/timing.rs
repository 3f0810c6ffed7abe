//! The one timing loop of doall, shared by `cargo bench` and `doall run`:
//! every call starts from a fresh copy of the starting vector, and only the
//! call is timed.

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use crate::{Error, Session, session_matches};

/// Runs `calls` calls in `session`, each on the vector freshly reset to
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
/// Afterwards the session's vector holds the result of the last call, for
/// the caller to check. The first call that fails (the OS refused a thread)
/// ends the loop with its error.
///
/// ```
/// use std::time::Duration;
/// use doall::{CallSession, session_to_vec, timing::time_calls};
/// let mut v = [0.0; 2];
/// let mut seen = Vec::new();
/// let mut session = CallSession::new(&mut v, |v: &mut [f64]| {
///     seen.push(v[0]);
///     v[0] += 10.0;
///     Ok(())
/// });
/// time_calls(&mut session, &[1.0, 2.0], 3, Duration::ZERO)?;
/// assert_eq!(session_to_vec(&mut session), [11.0, 2.0]);
/// drop(session);
/// assert_eq!(seen, [1.0, 1.0, 1.0], "every call starts from a fresh copy");
/// # Ok::<(), doall::Error>(())
/// ```
pub fn time_calls(
    session: &mut dyn Session,
    initial: &[f64],
    calls: u64,
    gap: Duration,
) -> Result<Duration, Error> {
    let mut total = Duration::ZERO;
    for _ in 0..calls {
        session.reset(black_box(initial));
        stay_busy_for(gap);
        let start = Instant::now();
        session.call()?;
        total += start.elapsed();
    }
    Ok(total)
}

/// Makes `calls` untimed probed calls ([`Session::probed_call`]) after
/// `gap` each, every one on the vector freshly reset to `initial`, and
/// returns how many distinct threads ran chunks in each; empty if the
/// session cannot see its threads. Made right after the timed calls, under
/// the same conditions, they say whether the work really forked.
///
/// ```
/// use std::time::Duration;
/// use doall::{STRATEGIES, timing::probe_threads};
/// use doall_kernel::{Plan, Workload, initial_vector};
/// let initial = initial_vector(1000)?;
/// let mut v = initial.clone();
/// let seq = &STRATEGIES[0];
/// let counts = seq.session(Plan::new(4, None)?, &Workload::Heavy, &mut v, |session| {
///     probe_threads(session, &initial, 3, Duration::ZERO)
/// })?;
/// assert_eq!(counts, [1, 1, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn probe_threads(
    session: &mut dyn Session,
    initial: &[f64],
    calls: usize,
    gap: Duration,
) -> Result<Vec<usize>, Error> {
    let mut counts = Vec::with_capacity(calls);
    for _ in 0..calls {
        session.reset(initial);
        stay_busy_for(gap);
        match session.probed_call()? {
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

/// Whether `got` holds exactly the bits of `expected`: the check that every
/// benchmark sample makes (a strategy that differs from `seq` by one rounding
/// is a bug, not noise, so `==` on floats would be the wrong test).
///
/// ```
/// use doall::timing::same_bits;
/// assert!(same_bits(&[0.5, 1.0], &[0.5, 1.0]));
/// assert!(!same_bits(&[0.0], &[-0.0]));
/// assert!(!same_bits(&[1.0], &[1.0, 2.0]));
/// ```
pub fn same_bits(got: &[f64], expected: &[f64]) -> bool {
    got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(x, y)| x.to_bits() == y.to_bits())
}

/// [`same_bits`] of the session's vector, piece by piece, without a copy.
pub fn session_holds(session: &mut dyn Session, expected: &[f64]) -> bool {
    session_matches(session, expected, |expected, piece| {
        same_bits(piece, expected)
    })
}
