//! # `rayon`: `par_chunks_mut` on a pool built once
//!
//! Rayon keeps a pool of worker threads and splits work by *work stealing*:
//! `par_chunks_mut` splits the chunks in halves, a busy worker queues the
//! halves it has not started, an idle worker steals the oldest (largest) of
//! them, and `for_each` returns when all are done. The Go
//! original's channel, drain and `go` statements all disappear into one
//! line, and a panicking chunk is reported to the caller.
//!
//! The pool is the caller's: building one starts `threads` OS threads, so
//! build it once, with [`pool`] or with `rayon::ThreadPoolBuilder`, and pass
//! it to every call. `install` runs the work on that pool rather than on
//! rayon's global one, whose size you may not control.
//!
//! `par_chunks_mut` cuts pieces of equal length (`ceil(n / chunks)`, the last
//! one shorter), not the spec's `c*n/C` bounds: each element is still updated
//! once, so the bits are the same.
//!
//! **Use it** by default: it balances unequal chunks, reuses its threads and
//! composes with other parallel code. For tiny vectors, stay sequential.
//!
//! # Errors
//! [`pool`] refuses more than [`MAX_THREADS`] threads, and reports a pool
//! that the OS would not start (`ThreadPoolBuilder::build` returns that as an
//! error). [`do_all`] starts no thread, so it cannot fail.
//!
//! # Panics
//! If `op` panics, rayon finishes every piece of work it has split off, then
//! resumes the panic in the caller with its original payload. The pool stays
//! usable. But one piece of work may hold several chunks, run in order, and
//! the rest of the failing piece is skipped: every chunk before the failing
//! one is updated, the failing one is left as [`update_chunk`] says, and
//! each chunk after it is either updated or left untouched, as a whole,
//! depending on how rayon split the work ([`PANIC_PROMISE`]).
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let pool = doall_rayon::pool(std::num::NonZeroUsize::new(4).expect("4 > 0"))?;
//! let mut v = initial_vector(1000)?;
//! let chunks = std::num::NonZeroUsize::new(16).expect("16 > 0");
//! doall_rayon::do_all(&pool, &mut v, &Workload::Ramp, chunks);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::num::NonZeroUsize;

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, ResumedPanic, ThreadError, ThreadUse,
    uniform_chunk_len, update_chunk,
};
use rayon::{ThreadPool, prelude::*};

/// A pool of `threads` threads, started once.
pub const THREAD_USE: ThreadUse = ThreadUse::WorkerPool;

/// What a panic leaves: work stealing runs the chunks in runs of
/// consecutive chunks and waits for every run, so only the rest of the
/// failing run is skipped; where the runs end depends on timing, and so does
/// which of several panics the caller gets. `par_chunks_mut` cuts equal
/// pieces, not the spec's bounds.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Uniform,
    others: OtherChunks::Stealing,
    resumed: ResumedPanic::Unordered,
};

/// The most threads [`pool`] starts. Far beyond any useful count: on 2 cores
/// a call on a pool of 4096 threads already takes seconds, as every thread
/// wakes up to look for work.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

// ANCHOR: pool
/// Builds a pool of `threads` threads named `doall-rayon-<i>`, or says why
/// not: more than [`MAX_THREADS`], or the OS would not start them.
pub fn pool(threads: NonZeroUsize) -> Result<ThreadPool, ThreadError> {
    // One chunk per thread: the rule counts the pool's threads alone.
    let threads = THREAD_USE.limit(threads.into(), MAX_THREADS)?.get();
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("doall-rayon-{i}"))
        .build()
        .map_err(|e| ThreadError::Pool {
            threads,
            source: Box::new(e),
        })
}
// ANCHOR_END: pool

// ANCHOR: do_all
/// Applies `v[i] += op(v[i])` over about `chunks` chunks on `pool`.
pub fn do_all<O: Op>(pool: &ThreadPool, v: &mut [f64], op: &O, chunks: NonZeroUsize) {
    let chunk_len = uniform_chunk_len(v.len(), chunks.get());
    pool.install(|| {
        v.par_chunks_mut(chunk_len)
            .for_each(|chunk| update_chunk(chunk, op))
    });
}
// ANCHOR_END: do_all
