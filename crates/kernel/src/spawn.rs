//! Starting a thread behind a seam that a test can make refuse: the one
//! shape every strategy that starts threads uses.

use std::io;

/// How a strategy starts each of its threads: it hands the spawner a
/// closure that starts thread `index` (with `thread::Builder::spawn_scoped`
/// or crossbeam's `ScopedThreadBuilder::spawn`, which return the operating
/// system's refusal where a plain `spawn` would panic), and the spawner runs
/// it or refuses.
///
/// The operating system refuses a thread only under a quota or when memory
/// runs out, which no test can cause safely; a strategy that takes a
/// `Spawner` lets its tests refuse any thread they like ([`RefuseNth`]) and
/// check what a refusal leaves. Everything else passes [`OsSpawner`].
pub trait Spawner {
    /// Starts thread `index` (0-based, in the order the strategy starts
    /// them) by calling `start`, or returns an error without calling it.
    ///
    /// # Errors
    /// What `start` returns, or the spawner's own refusal.
    fn spawn<T>(&self, index: usize, start: impl FnOnce() -> io::Result<T>) -> io::Result<T>;
}

/// Starts every thread: what the operating system says is what the
/// strategy gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OsSpawner;

impl Spawner for OsSpawner {
    fn spawn<T>(&self, _index: usize, start: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        start()
    }
}

/// Refuses thread `n` (0-based) as the operating system refuses one over
/// its quota (`EAGAIN`), and starts every other: for tests of a strategy's
/// refused path.
///
/// ```
/// use doall_kernel::{RefuseNth, Spawner};
/// let started = (0..3).map(|i| RefuseNth(1).spawn(i, || Ok(i)).ok());
/// assert_eq!(started.collect::<Vec<_>>(), [Some(0), None, Some(2)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefuseNth(pub usize);

impl Spawner for RefuseNth {
    fn spawn<T>(&self, index: usize, start: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        if index == self.0 {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                format!("RefuseNth({index}) refused thread {index}"),
            ));
        }
        start()
    }
}
