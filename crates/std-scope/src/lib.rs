//! # `std-scope`: scoped std threads, join handles, and the caller works too
//!
//! `std::thread::scope` (Rust 1.63, grown out of `crossbeam::scope`) starts
//! threads that may borrow `v`, and joins every one of them before it
//! returns. This strategy uses exactly that and nothing else: `T` threads,
//! `T = min(threads, chunks)`, of which the caller is one, so a call spawns
//! `T − 1` threads. Thread `t` runs chunks `t, t + T, t + 2T, …` (OpenMP's
//! `schedule(static, 1)`); the caller is thread `T − 1`, so with one chunk
//! per thread (the default, as in Go) it runs the last chunk itself.
//!
//! ## What the channel of `std-mpsc` adds
//! `std-mpsc` is Go's `DoAll` word for word: one thread per chunk, each
//! sending on a channel, the caller idle until it has drained one signal per
//! chunk. Inside a scope the channel adds nothing the join handles do not
//! already give: joining thread `t` *is* Go's `<-c` for its chunks, and the
//! scope would wait for every thread anyway. What the channel costs is an
//! allocation and a wake-up per chunk, and a caller that waits instead of
//! working. A channel pays off with `'static` threads (no scope to join) or
//! when the caller must react to chunks in the order they finish.
//!
//! **Use it** to learn what a fork-join costs without any machinery: a new OS
//! thread costs tens of microseconds, so for anything called often prefer a
//! pool (`doall-pool`, rayon).
//!
//! # Panics
//! If `op` panics, that thread stops at the failing chunk (its later chunks
//! are left untouched; the failing one is updated as far as `seq` would
//! update it), every other thread runs all its chunks, every thread is
//! joined, and the panic of the first failing thread (workers in order, the
//! caller last) is resumed in the caller with its original payload. With one
//! chunk per thread that is the first failing chunk in chunk order
//! ([`PANIC_PROMISE`]).
//!
//! # Errors
//! A plan that needs more than [`MAX_THREADS`] threads is refused before any
//! work, leaving `v` untouched. If the OS refuses to start a thread, the call
//! starts no more, joins those already running (their chunks are updated),
//! runs none of its own and returns [`ThreadError::Refused`]: `v` is then partly
//! updated. `std::thread::Builder::spawn_scoped` reports that refusal as an
//! error, where `Scope::spawn` would panic.
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_std_scope::do_all(&mut v, &Workload::Heavy, Plan::new(4, None)?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::{
    panic::{self, AssertUnwindSafe},
    thread,
};

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, Plan, ResumedPanic, ThreadError, ThreadUse,
    resume_first_panic, split_chunks, update_chunk,
};

/// The most threads (the caller included) one call may use. Far beyond any
/// useful count, and far below where the OS runs out of threads or memory
/// maps (tens of thousands on a typical Linux).
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

/// The OS threads a call uses: `min(threads, chunks)`, the caller one of
/// them, the others started for the call.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndSpawned;

/// What a panic leaves: each thread owns a fixed share of the chunks and
/// nobody takes over a share, so the failing thread's later chunks are left
/// and every other chunk is updated. The threads are joined in order, so
/// the caller gets the panic of the lowest failing thread.
// ANCHOR: panic_promise
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::Shares,
    resumed: ResumedPanic::LowestShare,
};
// ANCHOR_END: panic_promise

/// Applies `v[i] += op(v[i])` with `min(threads, chunks)` threads of `plan`,
/// the caller one of them.
// ANCHOR: do_all
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) -> Result<(), ThreadError> {
    let chunks = plan.chunks().get();
    let threads = THREAD_USE.limit(plan, MAX_THREADS)?.get();
    let mut shares: Vec<Vec<&mut [f64]>> = (0..threads)
        .map(|_| Vec::with_capacity(chunks.div_ceil(threads)))
        .collect();
    for (c, chunk) in split_chunks(v, chunks).enumerate() {
        shares[c % threads].push(chunk);
    }
    // `threads` is at least 1, so there is a last share: the caller's.
    let caller_share = shares.pop().unwrap_or_default();
    thread::scope(|scope| {
        let mut workers = Vec::with_capacity(shares.len());
        for (index, share) in shares.into_iter().enumerate() {
            match thread::Builder::new().spawn_scoped(scope, move || run_share(share, op)) {
                Ok(worker) => workers.push(worker),
                Err(source) => {
                    resume_first_panic(workers.into_iter().map(|w| w.join()));
                    return Err(ThreadError::Refused {
                        // The caller is one of the threads, already running.
                        started: index + 1,
                        wanted: threads,
                        source,
                    });
                }
            }
        }
        // ANCHOR: caller_share
        // The scope would join the workers anyway, even if the caller's share
        // panicked, but it would then resume the caller's panic and drop the
        // workers'. Caught, it waits its turn: the first failing thread's
        // panic wins, workers in order, the caller last (`PANIC_PROMISE`).
        let own = panic::catch_unwind(AssertUnwindSafe(|| run_share(caller_share, op)));
        resume_first_panic(workers.into_iter().map(|w| w.join()).chain([own]));
        // ANCHOR_END: caller_share
        Ok(())
    })
}
// ANCHOR_END: do_all

/// Runs one thread's chunks in order; a panic stops it at the failing chunk.
// ANCHOR: run_share
fn run_share<O: Op>(share: Vec<&mut [f64]>, op: &O) {
    for chunk in share {
        update_chunk(chunk, op);
    }
}
// ANCHOR_END: run_share
