//! # `fork-union`: an OpenMP-style pool that busy-waits, over the chunks
//!
//! A contender: forkunion 3.0.2 (the successor of the `fork_union` crate)
//! binds a C++ fork-join pool built for `#pragma omp parallel for`-style
//! loops: no task queue, no allocation and no system call when a loop is
//! dispatched. The caller is one of the pool's threads, so a pool of `T`
//! threads starts `T − 1` workers once. `for_n(n, f)` hands each thread a
//! fixed, contiguous share of the indices `0..n` (static scheduling, like
//! OpenMP's `schedule(static)`) and returns when every share is done.
//!
//! Go's `DoAll` starts a goroutine per chunk; here the indices are the
//! spec's chunks, through `for_each_prong_mut` (the safe `for_n` over a
//! slice of items, here the chunks as `&mut` slices), and the return of
//! `for_n` is Go's drain. Collecting the chunks costs one small allocation
//! per call.
//!
//! Idle workers do not sleep: they wait for the next loop on the cache line
//! that announces it, with the processor's wait-for-write instruction where
//! it has one (x86 `UMWAIT`, Arm `WFET`) and a spin loop otherwise, for as
//! long as the pool lives. That is the library's default and is kept here;
//! `ThreadPool::sleep(micros)` is the knob that parks them for longer gaps.
//! The core is C++ (built with the machine's C++20 compiler through `cc`);
//! `forkunion::Topology` detects cores and NUMA nodes, and nothing is pinned.
//!
//! **Use it** for tight loops called very often on dedicated cores, where
//! the dispatch latency matters more than the cores the idle workers hold.
//! On a shared or oversubscribed machine the spinning workers steal cycles
//! from everything else.
//!
//! # Panics
//! A Rust panic cannot unwind through the C++ core (the process would
//! abort), so every chunk catches its own `Op` panic: every other chunk is
//! updated, and after the loop the panic of the lowest failing chunk is
//! resumed in the caller with its payload ([`PANIC_PROMISE`]). The pool
//! stays usable.
//!
//! # Errors
//! [`pool`] refuses more than [`MAX_THREADS`] threads and reports a
//! topology or a pool that the library could not create as
//! [`ThreadError::Pool`].
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let mut pool = doall_fork_union::pool(std::num::NonZeroUsize::new(2).expect("2 > 0"))?;
//! let mut v = initial_vector(1000)?;
//! let chunks = std::num::NonZeroUsize::new(8).expect("8 > 0");
//! doall_fork_union::do_all(&mut pool, &mut v, &Workload::Ramp, chunks);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::num::NonZeroUsize;

use doall_kernel::{
    ChunkLayout, LowestPanic, Op, OtherChunks, PanicPromise, ResumedPanic, ThreadError, ThreadUse,
    split_chunks, update_chunk,
};
pub use forkunion::ThreadPool;

/// The caller and `threads − 1` workers started once, whatever the chunks.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndPool;

/// What a panic leaves: each chunk catches its own panic, so every other
/// chunk runs, and the lowest failing chunk's panic is resumed.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::EveryOtherChunk,
    resumed: ResumedPanic::LowestChunk,
};

/// The most threads [`pool`] starts, as for the other pools.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

/// Builds a forkunion pool of `threads` threads named `doall-fu`, the
/// caller one of them.
pub fn pool(threads: NonZeroUsize) -> Result<ThreadPool, ThreadError> {
    // One chunk per thread: the rule counts the pool's threads alone.
    let threads = THREAD_USE.limit(threads.into(), MAX_THREADS)?.get();
    let refused =
        |source: Box<dyn std::error::Error + Send + Sync>| ThreadError::Pool { threads, source };
    let topology = forkunion::Topology::new().map_err(|e| refused(e.to_string().into()))?;
    ThreadPool::try_named_spawn(&topology, "doall-fu", threads)
        .map_err(|e| refused(e.to_string().into()))
}

/// Applies `v[i] += op(v[i])` over the spec's `chunks` chunks on `pool`.
pub fn do_all<O: Op>(pool: &mut ThreadPool, v: &mut [f64], op: &O, chunks: NonZeroUsize) {
    let mut pieces: Vec<&mut [f64]> = split_chunks(v, chunks.get()).collect();
    let failed = LowestPanic::default();
    forkunion::for_each_prong_mut(pool, &mut pieces, |chunk, prong| {
        failed.run(prong.task_index, || update_chunk(chunk, op));
    });
    failed.resume();
}
