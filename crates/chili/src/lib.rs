//! # `chili`: `join` on a heartbeat, halving down to a grain
//!
//! A contender: chili 0.2.1 ports Zig's Spice, *heartbeat scheduling*.
//! `Scope::join(a, b)` runs `b` on the calling thread and leaves `a` in a
//! local queue that no other thread sees; only when a heartbeat has come
//! (every 100 µs per thread, chili's default `heartbeat_interval`) does the
//! next queued job to start publish the oldest job *still* queued for an
//! idle worker to take. A `join` that nobody took costs about as much as a
//! function call, so chili promises near-zero overhead for fine-grained
//! splitting, at the price of forking late ([`THREAD_USE`]).
//!
//! Go's `DoAll` starts one goroutine per chunk and drains a channel; here the
//! spec's chunks are halved recursively, `join(left half, right half)`, and
//! each chunk is halved further, as chili's docs and examples advise, down
//! to leaves of at most [`GRAIN`] elements; the `join`s are the drain. The
//! pool is built once ([`pool`]: `threads − 1` workers, which sleep on a
//! condition variable when idle, and the heartbeat thread) and a [`Scope`]
//! on it serves every call. The knob, `chili::Config::heartbeat_interval`,
//! is left at its default.
//!
//! **Why below the spec's chunks.** A heartbeat can share only a half still
//! waiting in the queue when a queued half starts. Cut at the spec's chunks,
//! a call of two chunks is one `join` whose queue is empty by the time its
//! left half starts, so it never forks, however long it runs. Halved down
//! to a grain, a call keeps halves queued all along, and docs/SPEC.md §4
//! allows the finer cut: the elements are independent, so the bits are
//! those of `seq`. A call shorter than about a heartbeat period rarely
//! forks (no heartbeat comes); a long call forks at the first queued half
//! to start after a heartbeat, which hands the largest half still queued
//! to a worker.
//!
//! **Use it** for recursive, irregular splitting where most forks should
//! cost nothing (trees, divide and conquer); for one flat loop called often
//! on small vectors it rarely forks.
//!
//! # Panics
//! A panic that crosses a stolen `join` would make chili resume it while a
//! worker may still hold the other half, so every leaf catches its own
//! `Op` panic: every other leaf is updated, and after the last `join` the
//! panic of the lowest failing leaf is resumed in the caller with its
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
    ops::Range,
    panic::{self, AssertUnwindSafe},
};

pub use chili::{Scope, ThreadPool};
use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, ResumedPanic, ThreadError, ThreadUse, chunk_bounds,
    halving_split, update_chunk,
};

/// The caller and `threads − 1` workers, started once with a heartbeat
/// thread; a call forks only on a heartbeat.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndHeartbeat;

/// What a panic leaves: each leaf catches its own panic, so every other
/// leaf runs, and the halves are joined in index order, so the lowest
/// failing leaf's panic is the one resumed.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Halved { grain: GRAIN },
    others: OtherChunks::EveryOtherChunk,
    resumed: ResumedPanic::LowestChunk,
};

/// The most elements a leaf holds. A `join` that nobody takes costs about
/// a few function calls (chili's README measures it on a tree of cheap
/// nodes), while a leaf runs the kernel on up to 1024 elements, each of 2
/// Horner steps (`light`) to 64 (`heavy`), so the `join`s add a small
/// fraction to `light` and nothing measurable to `heavy`. Much larger
/// would fork later: once three halves are queued, `Scope::join` queues
/// only every 64th half, and only a queued half that starts looks for a
/// heartbeat, so a call checks about once per 64 leaves, here once per
/// 65 536 elements, often enough that a long call forks early.
pub const GRAIN: usize = 1024;

/// The most threads [`pool`] starts, as for the other pools.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

/// A caught panic's payload.
type Payload = Box<dyn Any + Send>;

/// Builds a chili pool of `threads` threads, the caller one of them: it
/// starts `threads − 1` workers and a heartbeat thread.
pub fn pool(threads: NonZeroUsize) -> Result<ThreadPool, ThreadError> {
    // One chunk per thread: the rule counts the pool's threads alone.
    THREAD_USE.limit(threads.into(), MAX_THREADS)?;
    let config = chili::Config {
        thread_count: Some(threads),
        ..chili::Config::default()
    };
    panic::catch_unwind(|| ThreadPool::with_config(config)).map_err(|payload| ThreadError::Pool {
        threads: threads.get(),
        source: panic_message(payload).into(),
    })
}

/// Applies `v[i] += op(v[i])` over the spec's `chunks` chunks, each halved
/// down to [`GRAIN`], on `scope`.
pub fn do_all<O: Op>(scope: &mut Scope<'_>, v: &mut [f64], op: &O, chunks: NonZeroUsize) {
    let span = Span {
        n: v.len(),
        chunks: chunks.get(),
        grain: GRAIN,
    };
    if let Some(payload) = span.run(scope, v, 0..chunks.get(), op) {
        panic::resume_unwind(payload);
    }
}

/// The arithmetic of one call: `n` elements in `chunks` chunks, each halved
/// down to leaves of at most `grain` elements.
#[derive(Clone, Copy)]
struct Span {
    n: usize,
    chunks: usize,
    grain: usize,
}

impl Span {
    /// Runs chunks `range` (which `v` holds exactly, or, for one chunk, a
    /// piece of it) by halving the range, then the chunk's elements, and
    /// returns the lowest failing leaf's panic.
    fn run<O: Op>(
        self,
        scope: &mut Scope<'_>,
        v: &mut [f64],
        range: Range<usize>,
        op: &O,
    ) -> Option<Payload> {
        let halves = if range.len() > 1 {
            let mid = range.start + range.len() / 2;
            let start = chunk_bounds(range.start, self.n, self.chunks).start;
            let split = chunk_bounds(mid, self.n, self.chunks).start - start;
            Some((split, range.start..mid, mid..range.end))
        } else {
            halving_split(v.len(), self.grain).map(|split| (split, range.clone(), range))
        };
        let Some((split, left_range, right_range)) = halves else {
            return panic::catch_unwind(AssertUnwindSafe(|| update_chunk(v, op))).err();
        };
        let (left, right) = v.split_at_mut(split);
        let (left_panic, right_panic) = scope.join(
            |s| self.run(s, left, left_range, op),
            |s| self.run(s, right, right_range, op),
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

#[cfg(test)]
mod tests {
    use std::{num::NonZeroUsize, ops::Range, sync::Mutex};

    use doall_kernel::{ChunkFate, Op, Plan, update_lanes};

    use super::*;

    /// `x ↦ 1 + x/2`, recording the bounds of each non-empty leaf it runs:
    /// the vector holds its own indices, so a leaf's first value is its
    /// start. It panics on the value `panic_on`, if any.
    struct LeafLog {
        leaves: Mutex<Vec<Range<usize>>>,
        panic_on: Option<f64>,
    }

    impl Op for LeafLog {
        fn apply(&self, x: f64) -> f64 {
            assert!(self.panic_on != Some(x), "deliberate panic on {x}");
            1.0 + x / 2.0
        }

        fn chunk_kernel(&self, chunk: &mut [f64]) {
            if let Some(&first) = chunk.first() {
                let start = first as usize;
                let mut leaves = self.leaves.lock().unwrap_or_else(|p| p.into_inner());
                leaves.push(start..start + chunk.len());
            }
            update_lanes(chunk, self);
        }
    }

    fn run(n: usize, chunks: usize, panic_on: Option<usize>) -> (Vec<f64>, Vec<Range<usize>>) {
        let pool = pool(NonZeroUsize::new(2).expect("2 > 0")).expect("threads start");
        let mut scope = pool.scope();
        let op = LeafLog {
            leaves: Mutex::new(Vec::new()),
            panic_on: panic_on.map(|i| i as f64),
        };
        let mut v: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let chunks = NonZeroUsize::new(chunks).expect("positive");
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            do_all(&mut scope, &mut v, &op, chunks);
        }));
        assert_eq!(
            caught.is_err(),
            panic_on.is_some(),
            "a panic iff one was asked"
        );
        let mut leaves = op.leaves.into_inner().unwrap_or_else(|p| p.into_inner());
        leaves.sort_by_key(|leaf| leaf.start);
        (v, leaves)
    }

    #[test]
    fn two_chunks_of_a_long_call_are_cut_into_the_layouts_leaves() {
        let (n, plan) = (100_000, Plan::new(2, Some(2)).expect("positive"));
        let expected = PANIC_PROMISE.layout.bounds(n, plan);
        // 50 000 elements per chunk, halved six times to reach the grain.
        assert_eq!(expected.len(), 2 * 64);
        assert!(expected.iter().all(|leaf| leaf.len() <= GRAIN));
        let (v, leaves) = run(n, 2, None);
        assert_eq!(leaves, expected, "chili's leaves are the layout's");
        let updated = |i: usize| i as f64 + (1.0 + i as f64 / 2.0);
        assert!(v.iter().enumerate().all(|(i, x)| *x == updated(i)));
    }

    #[test]
    fn a_panic_in_one_leaf_leaves_every_other_leaf_updated() {
        let (n, plan, bad) = (100_000, Plan::new(2, Some(2)).expect("positive"), 70_123);
        let (v, _) = run(n, 2, Some(bad));
        for (leaf, fate) in PANIC_PROMISE.fates(n, plan, bad) {
            let updated = leaf
                .clone()
                .all(|i| v[i] == i as f64 + (1.0 + i as f64 / 2.0));
            match fate {
                ChunkFate::Updated => assert!(updated, "leaf {leaf:?} is updated"),
                ChunkFate::Failing => assert!(leaf.contains(&bad) && leaf.len() <= GRAIN),
                other => panic!("chili promises no {other:?} leaf"),
            }
        }
    }
}
