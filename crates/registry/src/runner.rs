//! A runner: a session as the registry drives it, a strategy ready to run
//! calls on one vector it borrows.
//!
//! Most strategies are a plain function, `do_all(v, op, plan)`, and their
//! threads live for one call. A persistent pool in safe Rust cannot work that
//! way: its threads outlive a call, so they cannot borrow a per-call
//! `&mut [f64]`. The safe way out is to borrow the vector for a whole
//! *session* of calls and start the pool inside that borrow (the
//! `doall-pool` crate teaches why). So the registry inverts control: every
//! strategy opens a session over the vector and runs the caller's body in
//! it, and the body, here the benchmark's timed loop, makes the calls
//! through a [`Runner`]. For a plain function the runner is a thin wrapper
//! ([`FnRunner`]); for the pool it wraps the pool's `doall_pool::Session`.

use crate::Error;

/// A session as its body sees it: a strategy ready to run calls on the
/// vector it borrows.
pub trait Runner {
    /// Copies `initial`, which has the vector's length, into the vector:
    /// the untimed reset before each timed call.
    fn reset(&mut self, initial: &[f64]);

    /// One `DoAll` call over the whole vector: the part that is timed.
    fn call(&mut self) -> Result<(), Error>;

    /// Shows the vector to `visit` as pieces in index order, together
    /// covering it exactly once. A pool's chunks live in its mailboxes
    /// between calls, and safe Rust cannot glue `&mut` pieces back into one
    /// slice, so the vector may come in several pieces.
    fn pieces(&mut self, visit: &mut dyn FnMut(&[f64]));

    /// One call, like [`Runner::call`], that also counts the distinct OS
    /// threads that ran at least one chunk: `None` for a runner that cannot
    /// see its threads (a kernel on its own). Every runner the registry
    /// hands a body can: its `Op` reports to a probe. Recording costs a
    /// lock per chunk, so probed calls are never the timed ones.
    fn probed_call(&mut self) -> Result<Option<usize>, Error> {
        self.call().map(|()| None)
    }
}

/// The runner of a strategy whose call is a function of the vector: it
/// holds the vector and the function.
///
/// ```
/// use doall_registry::{FnRunner, Runner, runner_to_vec};
/// let mut v = [1.0, 2.0];
/// let mut runner = FnRunner::new(&mut v, |v: &mut [f64]| {
///     v[0] += 1.0;
///     Ok(())
/// });
/// runner.reset(&[5.0, 6.0]);
/// runner.call()?;
/// assert_eq!(runner_to_vec(&mut runner), [6.0, 6.0]);
/// # Ok::<(), doall_registry::Error>(())
/// ```
pub struct FnRunner<'v, F> {
    v: &'v mut [f64],
    call: F,
}

impl<'v, F: FnMut(&mut [f64]) -> Result<(), Error>> FnRunner<'v, F> {
    /// A runner that runs `call` on `v`.
    pub fn new(v: &'v mut [f64], call: F) -> FnRunner<'v, F> {
        FnRunner { v, call }
    }
}

impl<F: FnMut(&mut [f64]) -> Result<(), Error>> Runner for FnRunner<'_, F> {
    fn reset(&mut self, initial: &[f64]) {
        self.v.copy_from_slice(initial);
    }

    fn call(&mut self) -> Result<(), Error> {
        (self.call)(self.v)
    }

    fn pieces(&mut self, visit: &mut dyn FnMut(&[f64])) {
        visit(self.v);
    }
}

/// Whether the runner's vector matches `expected` piece by piece:
/// `matches(expected_piece, piece)` for each piece against the same range of
/// `expected`, and the pieces cover exactly `expected.len()` elements. It
/// checks without copying the vector into one slice.
pub fn runner_matches(
    runner: &mut dyn Runner,
    expected: &[f64],
    matches: impl Fn(&[f64], &[f64]) -> bool,
) -> bool {
    let (mut offset, mut all) = (0, true);
    runner.pieces(&mut |piece| {
        let end = offset + piece.len();
        all = all && expected.get(offset..end).is_some_and(|e| matches(e, piece));
        offset = end;
    });
    all && offset == expected.len()
}

/// A copy of the runner's vector, in one piece (not for timed code).
pub fn runner_to_vec(runner: &mut dyn Runner) -> Vec<f64> {
    let mut out = Vec::new();
    runner.pieces(&mut |piece| out.extend_from_slice(piece));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::runner_holds;

    #[test]
    fn a_runner_holds_exactly_its_vector() {
        let mut v = [1.0, 2.0, -0.0];
        let mut runner = FnRunner::new(&mut v, |_: &mut [f64]| Ok(()));
        assert!(runner_holds(&mut runner, &[1.0, 2.0, -0.0]));
        assert!(!runner_holds(&mut runner, &[1.0, 2.0, 0.0]), "bits, not ==");
        assert!(!runner_holds(&mut runner, &[1.0, 2.0]), "too short");
        assert!(
            !runner_holds(&mut runner, &[1.0, 2.0, -0.0, 4.0]),
            "too long"
        );
    }
}
