//! # `paralight`: a parallel iterator over the chunks, on a pool built once
//!
//! A contender: paralight 0.0.12 runs parallel iterators over *indexed*
//! sources (slices, ranges) on a [`ThreadPool`] that the caller builds and
//! lends to one pipeline at a time (`with_thread_pool(&mut pool)`). Each
//! worker starts with a fixed, contiguous range of the items; with
//! `RangeStrategy::WorkStealing` a worker that finishes early steals from
//! the others. The caller waits while the workers run.
//!
//! Go's `DoAll` starts a goroutine per chunk; here the items are the spec's
//! chunks (`&mut` slices of the vector, so the chunk kernel keeps its
//! lanes), and `for_each` returns once every worker is done, as Go's drain
//! does. Collecting the chunks costs one small allocation per call.
//!
//! paralight has no default pool settings, by design. This crate follows its
//! README's example: `WorkStealing`, which its README recommends when items
//! cost unequal time (`ramp`'s chunks do), and `CpuPinningPolicy::No`,
//! which it recommends on a machine shared with other programs. Idle
//! workers block on a mutex and condition variable between calls.
//!
//! **Use it** for data-parallel loops over slices when you want an explicit
//! pool and a small, well-documented library; it is not for nested
//! parallelism (the pool serves one pipeline at a time).
//!
//! # Panics
//! paralight reports a worker's panic as a new panic, "worker thread(s)
//! panicked!", without its payload, so every chunk catches its own `Op`
//! panic instead: every other chunk is updated, and the panic of the lowest
//! failing chunk is resumed in the caller with its payload
//! ([`PANIC_PROMISE`]). The pool stays usable.
//!
//! # Errors
//! [`pool`] refuses more than [`MAX_THREADS`] threads. paralight starts its
//! workers with `std::thread::spawn`, which panics if the OS refuses one;
//! [`pool`] turns that panic into [`ThreadError::Pool`].
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let mut pool = doall_paralight::pool(std::num::NonZeroUsize::new(2).expect("2 > 0"))?;
//! let mut v = initial_vector(1000)?;
//! let chunks = std::num::NonZeroUsize::new(8).expect("8 > 0");
//! doall_paralight::do_all(&mut pool, &mut v, &Workload::Ramp, chunks);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::{num::NonZeroUsize, panic};

use doall_kernel::{
    ChunkLayout, LowestPanic, Op, OtherChunks, PanicPromise, ResumedPanic, ThreadError, ThreadUse,
    split_chunks, update_chunk,
};
pub use paralight::prelude::ThreadPool;
use paralight::prelude::*;

/// A pool of `threads` workers started once; the caller only waits.
pub const THREAD_USE: ThreadUse = ThreadUse::WorkerPool;

/// What a panic leaves: each chunk catches its own panic, so every other
/// chunk runs, and the lowest failing chunk's panic is resumed.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::EveryOtherChunk,
    resumed: ResumedPanic::LowestChunk,
};

/// The most threads [`pool`] starts, as for the other pools.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

/// Builds a paralight pool of `threads` workers: work stealing, no pinning.
pub fn pool(threads: NonZeroUsize) -> Result<ThreadPool, ThreadError> {
    // One chunk per thread: the rule counts the pool's threads alone.
    THREAD_USE.limit(threads.into(), MAX_THREADS)?;
    let builder = ThreadPoolBuilder {
        num_threads: ThreadCount::Count(threads),
        range_strategy: RangeStrategy::WorkStealing,
        cpu_pinning: CpuPinningPolicy::No,
    };
    panic::catch_unwind(|| builder.build()).map_err(|_| ThreadError::Pool {
        threads: threads.get(),
        source: "a worker thread could not start".into(),
    })
}

/// Applies `v[i] += op(v[i])` over the spec's `chunks` chunks on `pool`.
pub fn do_all<O: Op>(pool: &mut ThreadPool, v: &mut [f64], op: &O, chunks: NonZeroUsize) {
    let mut pieces: Vec<&mut [f64]> = split_chunks(v, chunks.get()).collect();
    let failed = LowestPanic::default();
    pieces
        .par_iter_mut()
        .enumerate()
        .with_thread_pool(pool)
        .for_each(|(c, chunk)| failed.run(c, || update_chunk(chunk, op)));
    failed.resume();
}
