//! Solution 2: a shared queue of chunks that the caller and `T − 1` helper
//! threads pull from until it is empty (`T = min(threads, chunks)`). Paste
//! it over `src/lib.rs` below the header to try it as the `exercise`
//! strategy. `crates/conformance/tests/solutions.rs` compiles it and runs
//! the oracle and the panic checks on it.
//!
//! The queue is the chunk iterator itself behind a `Mutex`: taking the next
//! chunk is one short lock, and the chunk is updated after the lock is
//! released. A thread that finishes early takes the next chunk, so
//! over-splitting (`--chunks 8T`) balances uneven work such as `ramp`,
//! which fixed shares cannot. std only: no crossbeam channel, no rayon.

use std::{
    panic::{self, AssertUnwindSafe},
    sync::{Mutex, PoisonError},
    thread,
};

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, Plan, ResumedPanic, SpecChunks, ThreadError,
    ThreadUse, resume_first_panic, split_chunks, update_chunk,
};

/// The most OS threads (the caller included) one call may use.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

// ANCHOR: declarations
/// `min(threads, chunks)` threads, the caller one of them: the other
/// `T − 1` are started on every call.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndSpawned;

/// A thread that panics stops taking chunks, and the others empty the
/// queue, so every other chunk is updated (with one thread nobody is left:
/// the chunks after the failing one stay untouched). Which thread took
/// which chunk is a race, so which of several panics the caller gets is not
/// promised.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::Queue,
    resumed: ResumedPanic::Unordered,
};
// ANCHOR_END: declarations

/// Applies `v[i] += op(v[i])` with `min(threads, chunks)` threads of
/// `plan`, the caller one of them, each taking chunks from one queue.
///
/// # Errors
/// [`ThreadError::TooMany`] for a plan over [`MAX_THREADS`] (nothing
/// started, `v` untouched); [`ThreadError::Refused`] if the OS refuses a
/// thread: the caller and the threads already started empty the queue, so
/// `v` is still fully updated.
// ANCHOR: do_all
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) -> Result<(), ThreadError> {
    let threads = THREAD_USE.limit(plan, MAX_THREADS)?.get();
    let queue = Mutex::new(split_chunks(v, plan.chunks().get()));
    let queue = &queue;
    thread::scope(|scope| {
        let mut helpers = Vec::with_capacity(threads - 1);
        let mut refused = None;
        for _ in 1..threads {
            let work = move || take_chunks(queue, op);
            match thread::Builder::new().spawn_scoped(scope, work) {
                Ok(helper) => helpers.push(helper),
                Err(source) => {
                    refused = Some(source);
                    break;
                }
            }
        }
        // The caller works too. The scope would join the helpers even if the
        // caller panicked, but would resume the caller's panic and drop
        // theirs; caught, its panic is one of those `resume_first_panic`
        // chooses from, by one rule for every thread.
        let own = panic::catch_unwind(AssertUnwindSafe(|| take_chunks(queue, op)));
        let started = helpers.len() + 1;
        resume_first_panic(helpers.into_iter().map(|h| h.join()).chain([own]));
        refused.map_or(Ok(()), |source| {
            Err(ThreadError::Refused {
                started,
                wanted: threads,
                source,
            })
        })
    })
}
// ANCHOR_END: do_all

/// Takes chunks from the queue and updates them until it is empty.
// ANCHOR: take_chunks
fn take_chunks<'v, O: Op>(queue: &Mutex<SpecChunks<'v, f64>>, op: &O) {
    loop {
        // The guard is a temporary: the lock is released at the end of
        // this statement, before the chunk is updated. No thread panics
        // while holding it, but `into_inner` keeps a poisoned queue usable.
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
        match next {
            Some(chunk) => update_chunk(chunk, op),
            None => return,
        }
    }
}
// ANCHOR_END: take_chunks
