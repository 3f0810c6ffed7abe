//! # `crossbeam`: scoped threads pulling chunks from a shared queue
//!
//! `crossbeam::scope` spawns workers that may borrow `v` (like
//! `std::thread::scope`, which grew out of it). Instead of one thread per
//! chunk, the chunks go into a `crossbeam_channel` and every worker takes the
//! next one when it finishes the last. Go gets this from its scheduler, which
//! runs many goroutines on `GOMAXPROCS` threads; std's `mpsc` cannot do it,
//! because its receiver cannot be shared: crossbeam's channel is
//! multi-producer *multi*-consumer. A call starts `min(threads, chunks)`
//! workers: one more would find the queue empty.
//!
//! The signal of the Go original is the scope itself: it joins every worker
//! before returning, as `sync.WaitGroup.Wait()` would (crossbeam has a
//! `WaitGroup` too, for threads that are not scoped).
//!
//! **Use it** when chunks cost unequal time and you want to keep control of
//! the threads: with more chunks than threads (say 8 per thread) a worker
//! that draws cheap chunks simply takes more of them. Like `std-mpsc` it
//! starts its threads on every call, which costs tens of microseconds (the
//! report's per-call overhead section measures it on your machine).
//!
//! # Errors
//! As in `std-mpsc`: a plan that needs more than [`MAX_THREADS`] workers is
//! refused up front, `v` untouched; if the OS refuses a worker
//! (`ScopedThreadBuilder::spawn` returns the refusal where `Scope::spawn`
//! would panic), the call starts no more, joins the workers it started and
//! returns [`ThreadError::Refused`]. Those workers first finish the whole
//! queue, so `v` is fully updated if one started (untouched if none did),
//! but the plan did not run as asked. [`do_all_with_spawner`] lets a test
//! refuse any worker it likes.
//!
//! # Panics
//! If `op` panics in a worker, that worker stops, the others finish the
//! queue, every worker is joined, and the first panic (in the order the
//! workers were started) is resumed in the caller with its original payload.
//! Every chunk but the failing one (left as [`update_chunk`] says) is
//! updated as long as another worker is left to finish the queue. With a
//! single worker (`threads` or `chunks` is 1), or if every worker panics, the
//! chunks still queued are left untouched: with one worker, exactly the
//! chunks after the failing one. A panic wins over a refused worker
//! ([`PANIC_PROMISE`]).
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_crossbeam::do_all(&mut v, &Workload::Ramp, Plan::new(2, Some(16))?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::panic;

use crossbeam::channel;
use doall_kernel::{
    ChunkLayout, Op, OsSpawner, OtherChunks, PanicPromise, Plan, ResumedPanic, Spawner,
    ThreadError, ThreadUse, resume_first_panic, split_chunks, update_chunk,
};

/// `min(threads, chunks)` new threads on every call.
pub const THREAD_USE: ThreadUse = ThreadUse::UpToChunks;

/// What a panic leaves: the failing worker stops, and any other worker
/// empties the queue, so every other chunk is updated (with one worker, the
/// chunks after the failing one are left). Which worker drew which chunk is
/// a race, so which of several panics the caller gets is not promised.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::Queue,
    resumed: ResumedPanic::Unordered,
};

/// The most workers one call may start: far beyond any useful count, and
/// far below where Linux runs out of memory maps, where a thread starts but
/// cannot map its guard page and std aborts the process from inside it.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

/// Applies `v[i] += op(v[i])` with `min(threads, chunks)` scoped workers
/// sharing a queue of `plan.chunks()` chunks.
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) -> Result<(), ThreadError> {
    do_all_with_spawner(v, op, plan, &OsSpawner)
}

/// [`do_all`], worker `w` started by `spawner` as its thread `w`: the tests
/// pass a [`doall_kernel::RefuseNth`] to check what a refused worker leaves.
// ANCHOR: workers_on_a_queue
pub fn do_all_with_spawner<O: Op>(
    v: &mut [f64],
    op: &O,
    plan: Plan,
    spawner: &impl Spawner,
) -> Result<(), ThreadError> {
    let workers = THREAD_USE.limit(plan, MAX_THREADS)?.get();
    let chunks = plan.chunks().get();
    // ANCHOR: fill_queue
    let (work_tx, work_rx) = channel::bounded(chunks);
    for chunk in split_chunks(v, chunks) {
        // The channel holds every chunk and its receiver is alive: no error.
        let _ = work_tx.send(chunk);
    }
    drop(work_tx); // so each worker's loop ends when the queue is empty
    // ANCHOR_END: fill_queue
    let scoped = crossbeam::scope(|scope| {
        let mut handles = Vec::with_capacity(workers);
        let mut refused = None;
        for w in 0..workers {
            let work_rx = work_rx.clone();
            // ANCHOR: worker_loop
            let spawned = spawner.spawn(w, || {
                scope.builder().spawn(move |_| {
                    for chunk in work_rx {
                        update_chunk(chunk, op);
                    }
                })
            });
            // ANCHOR_END: worker_loop
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(source) => {
                    refused = Some(source);
                    break;
                }
            }
        }
        let started = handles.len();
        resume_first_panic(handles.into_iter().map(|h| h.join()));
        refused.map_or(Ok(()), |source| {
            Err(ThreadError::Refused {
                started,
                wanted: workers,
                source,
            })
        })
    });
    // Every handle was joined above, so the scope has no panic left to report.
    scoped.unwrap_or_else(|payload| panic::resume_unwind(payload))
}
// ANCHOR_END: workers_on_a_queue
