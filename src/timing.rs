//! The one timing loop of doall, shared by `cargo bench` and `doall run`:
//! every call starts from a fresh copy of the starting vector, and only the
//! call is timed.

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use crate::{Error, Session, session_matches};

/// Runs `calls` calls in `session`, each on the vector freshly reset to
/// `initial`, and returns the time spent in the calls alone. The reset is
/// not timed: on a large vector it costs about as much as a memory-bound
/// call and would double the figure. Opening the session (starting a pool)
/// is the caller's business and is not timed either.
///
/// Afterwards the session's vector holds the result of the last call, for
/// the caller to check. The first call that fails (the OS refused a thread)
/// ends the loop with its error.
///
/// ```
/// use doall::{CallSession, session_to_vec, timing::time_calls};
/// let mut v = [0.0; 2];
/// let mut seen = Vec::new();
/// let mut session = CallSession::new(&mut v, |v: &mut [f64]| {
///     seen.push(v[0]);
///     v[0] += 10.0;
///     Ok(())
/// });
/// time_calls(&mut session, &[1.0, 2.0], 3)?;
/// assert_eq!(session_to_vec(&mut session), [11.0, 2.0]);
/// drop(session);
/// assert_eq!(seen, [1.0, 1.0, 1.0], "every call starts from a fresh copy");
/// # Ok::<(), doall::Error>(())
/// ```
pub fn time_calls(
    session: &mut dyn Session,
    initial: &[f64],
    calls: u64,
) -> Result<Duration, Error> {
    let mut total = Duration::ZERO;
    for _ in 0..calls {
        session.reset(black_box(initial));
        let start = Instant::now();
        session.call()?;
        total += start.elapsed();
    }
    Ok(total)
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
