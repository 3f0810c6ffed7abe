//! # `chili`: `join` on a heartbeat, recursively halving the chunks
//!
//! A contender: chili 0.2.1 ports Zig's Spice, *heartbeat scheduling*.
//! `Scope::join(a, b)` runs `b` on the calling thread and leaves `a` in a
//! local queue that no other thread sees; only when a heartbeat has come
//! (every 100 µs per thread, chili's default `heartbeat_interval`) does the
//! next queued job to start publish the oldest job still queued for an idle
//! worker to take. A `join` that nobody took costs about as much as a
//! function call, so chili promises near-zero overhead for fine-grained
//! splitting, at the price of forking late, or, with coarse chunks, not at
//! all ([`THREAD_USE`]).
//!
//! Go's `DoAll` starts one goroutine per chunk and drains a channel; here the
//! spec's chunks are halved recursively, `join(left half, right half)`, down
//! to single chunks, and the `join`s are the drain. The pool is built once
//! ([`pool`]: `threads − 1` workers, which sleep on a condition variable
//! when idle, and the heartbeat thread) and a [`Scope`] on it serves every
//! call. The knob, `chili::Config::heartbeat_interval`, is left at its
//! default.
//!
//! **Why it rarely forks here.** chili checks for a heartbeat only when a
//! queued half starts, and then shares the oldest half *still* queued. With
//! T chunks at T = 2 a call is one `join`: by the time its left half starts,
//! nothing is queued, so no heartbeat can hand work to the other thread,
//! however long the call. A half is shared only under nested `join`s, below
//! a half still waiting in the queue (from three chunks on, and then only
//! the halves queued above the one starting): chili is built for splitting far finer
//! than one chunk per thread, as in its own examples. Splitting the spec's
//! chunks further would change the chunk layout every other strategy uses,
//! so this crate keeps the spec's chunks and the report shows the threads
//! chili really used.
//!
//! **Use it** for recursive, irregular splitting where most forks should
//! cost nothing (trees, divide and conquer); for one flat loop called often
//! on small vectors it rarely forks.
//!
//! # Panics
//! A panic that crosses a stolen `join` would make chili resume it while a
//! worker may still hold the other half, so every chunk catches its own
//! `Op` panic: every other chunk is updated, and after the last `join` the
//! panic of the lowest failing chunk is resumed in the caller with its
//! payload ([`PANIC_PROMISE`]). The pool and the scope stay usable.
//!
//! # Errors
//! [`pool`] refuses more than [`MAX_THREADS`] threads. chili starts its
//! threads with `std::thread::spawn`, which panics if the OS refuses one;
//! [`pool`] turns that panic into [`ThreadError::Pool`] (the workers already
//! started then stay blocked until the process ends).
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let pool = doall_chili::pool(std::num::NonZeroUsize::new(2).expect("2 > 0"))?;
//! let mut scope = pool.scope();
//! let mut v = initial_vector(1000)?;
//! let chunks = std::num::NonZeroUsize::new(8).expect("8 > 0");
//! doall_chili::do_all(&mut scope, &mut v, &Workload::Ramp, chunks);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::{
    any::Any,
    num::NonZeroUsize,
    panic::{self, AssertUnwindSafe},
};

pub use chili::{Scope, ThreadPool};
use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, ResumedPanic, ThreadError, ThreadUse, chunk_bounds,
    update_chunk,
};

/// The caller and `threads − 1` workers, started once with a heartbeat
/// thread; a call forks only on a heartbeat.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndHeartbeat;

/// What a panic leaves: each chunk catches its own panic, so every other
/// chunk runs, and the halves are joined in chunk order, so the lowest
/// failing chunk's panic is the one resumed.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::EveryOtherChunk,
    resumed: ResumedPanic::LowestChunk,
};

/// The most threads [`pool`] starts, as for the other pools.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

/// A caught panic's payload.
type Payload = Box<dyn Any + Send>;

/// Builds a chili pool of `threads` threads, the caller one of them: it
/// starts `threads − 1` workers and a heartbeat thread.
pub fn pool(threads: NonZeroUsize) -> Result<ThreadPool, ThreadError> {
    if threads.get() > MAX_THREADS {
        let (rule, max) = (THREAD_USE.describe(), MAX_THREADS);
        let threads = threads.get();
        return Err(ThreadError::TooMany { threads, rule, max });
    }
    let config = chili::Config {
        thread_count: Some(threads),
        ..chili::Config::default()
    };
    panic::catch_unwind(|| ThreadPool::with_config(config)).map_err(|payload| ThreadError::Pool {
        threads: threads.get(),
        source: panic_message(payload).into(),
    })
}

/// Applies `v[i] += op(v[i])` over the spec's `chunks` chunks on `scope`.
pub fn do_all<O: Op>(scope: &mut Scope<'_>, v: &mut [f64], op: &O, chunks: NonZeroUsize) {
    let span = Span {
        n: v.len(),
        chunks: chunks.get(),
    };
    if let Some(payload) = span.run(scope, v, 0..chunks.get(), op) {
        panic::resume_unwind(payload);
    }
}

/// The chunk arithmetic of one call: `n` elements in `chunks` chunks.
#[derive(Clone, Copy)]
struct Span {
    n: usize,
    chunks: usize,
}

impl Span {
    /// Runs chunks `range` (which `v` holds exactly) by halving the range,
    /// and returns the lowest failing chunk's panic.
    fn run<O: Op>(
        self,
        scope: &mut Scope<'_>,
        v: &mut [f64],
        range: std::ops::Range<usize>,
        op: &O,
    ) -> Option<Payload> {
        if range.len() == 1 {
            return panic::catch_unwind(AssertUnwindSafe(|| update_chunk(v, op))).err();
        }
        let mid = range.start + range.len() / 2;
        let start = chunk_bounds(range.start, self.n, self.chunks).start;
        let split = chunk_bounds(mid, self.n, self.chunks).start - start;
        let (left, right) = v.split_at_mut(split);
        let (left_panic, right_panic) = scope.join(
            |s| self.run(s, left, range.start..mid, op),
            |s| self.run(s, right, mid..range.end, op),
        );
        left_panic.or(right_panic)
    }
}

/// The text of a panic payload, for an error.
fn panic_message(payload: Payload) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload.downcast_ref::<&str>().map_or_else(
            || "a thread could not start".to_owned(),
            |s| (*s).to_owned(),
        ),
    }
}
