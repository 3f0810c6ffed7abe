//! The one timing loop of doall, shared by `cargo bench` and `doall run`:
//! every call starts from a fresh copy of the starting vector, and only the
//! call is timed.

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

/// Runs `call` `calls` times, each time on `v` freshly copied from
/// `initial`, and returns the time spent in the calls alone. The copy is not
/// timed: on a large vector it costs about as much as a memory-bound call
/// and would double the figure. Preparing the strategy (building a pool) is
/// the caller's business and is not timed either.
///
/// Afterwards `v` holds the result of the last call, for the caller to check.
/// The first call that fails (the OS refused a thread) ends the loop with
/// its error.
///
/// # Panics
///
/// If `v` and `initial` differ in length (a bug in the caller).
///
/// ```
/// use doall::timing::time_calls;
/// let initial = [1.0, 2.0];
/// let mut v = [0.0; 2];
/// let mut seen = Vec::new();
/// time_calls(|v| { seen.push(v[0]); v[0] += 10.0; Ok::<(), ()>(()) }, &initial, &mut v, 3)?;
/// assert_eq!(seen, [1.0, 1.0, 1.0], "every call starts from a fresh copy");
/// assert_eq!(v, [11.0, 2.0]);
/// # Ok::<(), ()>(())
/// ```
pub fn time_calls<E>(
    mut call: impl FnMut(&mut [f64]) -> Result<(), E>,
    initial: &[f64],
    v: &mut [f64],
    calls: u64,
) -> Result<Duration, E> {
    let mut total = Duration::ZERO;
    for _ in 0..calls {
        v.copy_from_slice(initial);
        let start = Instant::now();
        call(black_box(&mut *v))?;
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
