//! A session: a strategy ready to run calls on one vector it borrows.
//!
//! Most strategies are a plain function, `do_all(v, op, plan)`, and their
//! threads live for one call. A persistent pool in safe Rust cannot work that
//! way: its threads outlive a call, so they cannot borrow a per-call
//! `&mut [f64]`. The safe way out is to borrow the vector for a whole
//! *session* of calls and start the pool inside that borrow (the
//! `doall-pool` crate teaches why). So the registry inverts control: every
//! strategy opens a session over the vector and runs the caller's body in
//! it, and the body, here the benchmark's timed loop, makes the calls. For a
//! plain function the session is a thin wrapper ([`CallSession`]); for a
//! pool it is the pool.

use crate::Error;

/// A strategy ready to run calls on the vector it borrows.
pub trait Session {
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

    /// One call, like [`Session::call`], that also counts the distinct OS
    /// threads that ran at least one chunk: `None` for a session that cannot
    /// see its threads (a kernel on its own). Every session the registry
    /// opens can: its `Op` reports to a probe. Recording costs a lock per
    /// chunk, so probed calls are never the timed ones.
    fn probed_call(&mut self) -> Result<Option<usize>, Error> {
        self.call().map(|()| None)
    }
}

/// The session of a strategy that is a plain function of the vector: it
/// holds the vector and the call.
///
/// ```
/// use doall::{CallSession, Session};
/// let mut v = [1.0, 2.0];
/// let mut session = CallSession::new(&mut v, |v: &mut [f64]| {
///     v[0] += 1.0;
///     Ok(())
/// });
/// session.reset(&[5.0, 6.0]);
/// session.call()?;
/// assert_eq!(doall::session_to_vec(&mut session), [6.0, 6.0]);
/// # Ok::<(), doall::Error>(())
/// ```
pub struct CallSession<'v, F> {
    v: &'v mut [f64],
    call: F,
}

impl<'v, F: FnMut(&mut [f64]) -> Result<(), Error>> CallSession<'v, F> {
    /// A session that runs `call` on `v`.
    pub fn new(v: &'v mut [f64], call: F) -> CallSession<'v, F> {
        CallSession { v, call }
    }
}

impl<F: FnMut(&mut [f64]) -> Result<(), Error>> Session for CallSession<'_, F> {
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

/// Whether the session's vector matches `expected` piece by piece:
/// `matches(expected_piece, piece)` for each piece against the same range of
/// `expected`, and the pieces cover exactly `expected.len()` elements. It
/// checks without copying the vector into one slice.
pub fn session_matches(
    session: &mut dyn Session,
    expected: &[f64],
    matches: impl Fn(&[f64], &[f64]) -> bool,
) -> bool {
    let (mut offset, mut all) = (0, true);
    session.pieces(&mut |piece| {
        let end = offset + piece.len();
        all = all && expected.get(offset..end).is_some_and(|e| matches(e, piece));
        offset = end;
    });
    all && offset == expected.len()
}

/// A copy of the session's vector, in one piece (not for timed code).
pub fn session_to_vec(session: &mut dyn Session) -> Vec<f64> {
    let mut out = Vec::new();
    session.pieces(&mut |piece| out.extend_from_slice(piece));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::session_holds;

    #[test]
    fn a_session_holds_exactly_its_vector() {
        let mut v = [1.0, 2.0, -0.0];
        let mut session = CallSession::new(&mut v, |_: &mut [f64]| Ok(()));
        assert!(session_holds(&mut session, &[1.0, 2.0, -0.0]));
        assert!(
            !session_holds(&mut session, &[1.0, 2.0, 0.0]),
            "bits, not =="
        );
        assert!(!session_holds(&mut session, &[1.0, 2.0]), "too short");
        assert!(
            !session_holds(&mut session, &[1.0, 2.0, -0.0, 4.0]),
            "too long"
        );
    }
}
