//! # `std-mpsc`: Effective Go's `DoAll`, faithfully, with std threads
//!
//! One OS thread per chunk; each sends a signal on a channel whose capacity
//! is the chunk count (Go: `c := make(chan int, numCPU)`), and the caller
//! drains one signal per thread (Go: `for i := 0; i < numCPU; i++ { <-c }`).
//!
//! ## What the borrow checker changes
//! Go's goroutines share `v` freely. `std::thread::spawn` cannot: its thread
//! may outlive the function, so the closure must be `'static`, and a borrowed
//! chunk is not:
//!
// ANCHOR: unscoped_spawn
//! ```compile_fail,E0521
//! fn do_all_unscoped(v: &mut [f64]) {
//!     let (left, _right) = v.split_at_mut(v.len() / 2);
//!     // error[E0521]: borrowed data escapes outside of function
//!     std::thread::spawn(move || left[0] += 1.0);
//! }
//! ```
// ANCHOR_END: unscoped_spawn
//!
//! With `spawn` you would have to copy the data into an `Arc<Mutex<_>>` and
//! back. `std::thread::scope` instead promises that every thread it spawns is
//! joined before `scope` returns, so threads may borrow `v`, and
//! `split_chunks` (a chain of `split_at_mut`) proves the chunks disjoint.
//!
//! ## What the channel still buys
//! The scope's join already waits for every thread, so here the channel is
//! Go's idiom kept for comparison; with `'static` threads (no scope) it is
//! how you would wait. It still teaches the one rule of `mpsc` done right:
//! drop the caller's own `Sender` before draining, or a worker that dies
//! before signalling leaves the drain waiting forever.
//!
//! **Use it** to learn; in production prefer `crossbeam` or `rayon`: every
//! call starts one OS thread per chunk, which costs tens of microseconds
//! (the report's per-call overhead section measures it on your machine).
//!
//! # Errors
//! Go's `go` cannot fail; starting an OS thread can. A plan of more than
//! [`MAX_THREADS`] chunks is refused up front, `v` untouched. Below that the
//! OS may still refuse a thread (a process or memory quota):
//! `Builder::spawn_scoped` returns the refusal where `Scope::spawn` would
//! panic, so the call starts no more, joins the threads it started (their
//! chunks are updated, the rest are not) and returns
//! [`ThreadError::Refused`], rather than quietly running the rest on the
//! caller: whoever asked for the threads learns that they did not run (a
//! benchmark would record threads that never ran) and can fall back to `seq`.
//! [`do_all_with_spawner`] lets a test refuse any thread it likes.
//!
//! # Panics
//! If `op` panics in a worker, the drain ends (that worker's `Sender` is
//! dropped as it unwinds), every other worker is joined, and the panic of the
//! first failing chunk (in chunk order) is resumed in the caller with its
//! original payload (a panic wins over a refused thread). Every other chunk
//! whose thread started is updated, since no worker is stopped early; the
//! failing chunk is left as [`update_chunk`] says ([`PANIC_PROMISE`]).
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_std_mpsc::do_all(&mut v, &Workload::Heavy, Plan::new(4, None)?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::{sync::mpsc, thread};

use doall_kernel::{
    ChunkLayout, Op, OsSpawner, OtherChunks, PanicPromise, Plan, ResumedPanic, Spawner,
    ThreadError, ThreadUse, resume_first_panic, split_chunks, update_chunk,
};

/// One new thread per chunk, on every call.
pub const THREAD_USE: ThreadUse = ThreadUse::OnePerChunk;

/// What a panic leaves: each chunk has a thread of its own and a panic stops
/// only that thread, so every other chunk is updated; the threads are joined
/// in chunk order, so the caller gets the panic of the lowest failing chunk.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::EveryOtherChunk,
    resumed: ResumedPanic::LowestChunk,
};

/// The most chunks (so threads) one call may have. Far beyond any useful
/// count, and far below where Linux runs out of memory maps (about 16 000
/// threads with the default `vm.max_map_count`): there a thread starts but
/// cannot map its guard page, and std aborts the process from inside that
/// thread, where no caller can catch it.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

// ANCHOR: do_all
/// Applies `v[i] += op(v[i])` with one scoped thread per chunk of `plan`.
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) -> Result<(), ThreadError> {
    do_all_with_spawner(v, op, plan, &OsSpawner)
}
// ANCHOR_END: do_all

/// [`do_all`], chunk `c`'s thread started by `spawner` as its thread `c`:
/// the tests pass a [`doall_kernel::RefuseNth`] to check what a refused
/// thread leaves.
// ANCHOR: thread_per_chunk
pub fn do_all_with_spawner<O: Op>(
    v: &mut [f64],
    op: &O,
    plan: Plan,
    spawner: &impl Spawner,
) -> Result<(), ThreadError> {
    let chunks = THREAD_USE.limit(plan, MAX_THREADS)?.get();
    let (done_tx, done_rx) = mpsc::sync_channel::<()>(chunks);
    thread::scope(|scope| {
        let mut workers = Vec::with_capacity(chunks);
        let mut refused = None;
        for (c, chunk) in split_chunks(v, chunks).enumerate() {
            let done_tx = done_tx.clone();
            let spawned = spawner.spawn(c, || {
                thread::Builder::new().spawn_scoped(scope, move || {
                    update_chunk(chunk, op);
                    // The receiver outlives every worker, so this cannot fail.
                    let _ = done_tx.send(());
                })
            });
            match spawned {
                Ok(worker) => workers.push(worker),
                Err(source) => {
                    refused = Some(source);
                    break;
                }
            }
        }
        // ANCHOR: drain
        drop(done_tx);
        for () in done_rx.iter().take(workers.len()) {}
        // ANCHOR_END: drain
        let started = workers.len();
        resume_first_panic(workers.into_iter().map(|w| w.join()));
        refused.map_or(Ok(()), |source| {
            Err(ThreadError::Refused {
                started,
                wanted: chunks,
                source,
            })
        })
    })
}
// ANCHOR_END: thread_per_chunk
