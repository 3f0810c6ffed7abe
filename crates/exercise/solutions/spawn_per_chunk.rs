//! Solution 1: one scoped thread per chunk, Go's `DoAll` without the
//! channel. Paste it over `src/lib.rs` below the header to try it as the
//! `exercise` strategy. `crates/conformance/tests/solutions.rs` compiles it
//! and runs the oracle and the panic checks on it.
//!
//! `split_chunks` hands out the chunks as disjoint `&mut` slices (each one
//! a `split_at_mut`), so each thread owns its chunk and the borrow checker
//! is satisfied without a lock. The scope joins every thread before it
//! returns, which is Go's drain loop; joining the handles in chunk order
//! and resuming the first panic gives the caller the panic of the lowest
//! failing chunk.

use std::thread;

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, Plan, ResumedPanic, ThreadError, ThreadUse,
    resume_first_panic, split_chunks, update_chunk,
};

/// The most OS threads one call may start.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

// ANCHOR: declarations
/// A new thread for every chunk, on every call; the caller only waits.
pub const THREAD_USE: ThreadUse = ThreadUse::OnePerChunk;

/// Every chunk has a thread of its own, so a panic stops only its own
/// chunk; the handles are joined in chunk order, so the caller gets the
/// panic of the lowest failing chunk.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::EveryOtherChunk,
    resumed: ResumedPanic::LowestChunk,
};
// ANCHOR_END: declarations

/// Applies `v[i] += op(v[i])` with one scoped thread per chunk of `plan`.
///
/// # Errors
/// [`ThreadError::TooMany`] for more than [`MAX_THREADS`] chunks (nothing
/// started, `v` untouched); [`ThreadError::Refused`] if the OS refuses a
/// thread: the threads already started finish their chunks, no other
/// chunk is updated.
// ANCHOR: do_all
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) -> Result<(), ThreadError> {
    let wanted = THREAD_USE.limit(plan, MAX_THREADS)?.get();
    thread::scope(|scope| {
        let mut handles = Vec::with_capacity(wanted);
        for chunk in split_chunks(v, plan.chunks().get()) {
            let work = move || update_chunk(chunk, op);
            // `spawn_scoped` reports a refused thread; `scope.spawn` would panic.
            match thread::Builder::new().spawn_scoped(scope, work) {
                Ok(handle) => handles.push(handle),
                Err(source) => {
                    let started = handles.len();
                    resume_first_panic(handles.into_iter().map(|h| h.join()));
                    return Err(ThreadError::Refused {
                        started,
                        wanted,
                        source,
                    });
                }
            }
        }
        resume_first_panic(handles.into_iter().map(|h| h.join()));
        Ok(())
    })
}
// ANCHOR_END: do_all
