//! # `crossbeam`: scoped threads pulling chunks from a shared queue
//!
//! `crossbeam::scope` spawns `threads` workers that may borrow `v` (like
//! `std::thread::scope`, which grew out of it). Instead of one thread per
//! chunk, the chunks go into a `crossbeam_channel` and every worker takes the
//! next one when it finishes the last. Go gets this from its scheduler, which
//! runs many goroutines on `GOMAXPROCS` threads; std's `mpsc` cannot do it,
//! because its receiver cannot be shared: crossbeam's channel is
//! multi-producer *multi*-consumer.
//!
//! The signal of the Go original is the scope itself: it joins every worker
//! before returning, as `sync.WaitGroup.Wait()` would (crossbeam has a
//! `WaitGroup` too, for threads that are not scoped).
//!
//! **Use it** when chunks cost unequal time and you want to keep control of
//! the threads: with more chunks than threads (say 8 per thread) a worker
//! that draws cheap chunks simply takes more of them. Like `std-mpsc` it
//! starts its threads on every call, which costs tens of microseconds (about
//! 70 µs for a call on 2 threads on the 2-core development machine).
//!
//! # Panics
//! If `op` panics in a worker, that worker stops, the others finish the
//! queue, every worker is joined, and the first panic (in the order the
//! workers were started) is resumed in the caller with its original payload.
//! Every chunk but the failing one (left as [`update_chunk`] says) is
//! updated as long as another worker is left to finish the queue. With a
//! single worker (`threads` or `chunks` is 1), or if every worker panics, the
//! chunks still queued are left untouched: with one worker, exactly the
//! chunks after the failing one.
//!
//! With tens of thousands of threads the OS runs out of threads or memory
//! maps and the call panics or the process aborts; the `doall` registry
//! refuses such plans.
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_crossbeam::do_all(&mut v, &Workload::Ramp, Plan::new(2, Some(16))?);
//! # Ok::<(), doall_kernel::Error>(())
//! ```

use std::panic;

use crossbeam::channel;
use doall_kernel::{Op, Plan, resume_first_panic, split_chunks, update_chunk};

/// Applies `v[i] += op(v[i])` with `plan.threads()` scoped workers sharing
/// a queue of `plan.chunks()` chunks.
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) {
    let chunks = plan.chunks().get();
    let (work_tx, work_rx) = channel::bounded(chunks);
    for chunk in split_chunks(v, chunks) {
        // The channel holds every chunk and its receiver is alive: no error.
        let _ = work_tx.send(chunk);
    }
    drop(work_tx); // so each worker's loop ends when the queue is empty
    let workers = plan.threads().get().min(chunks);
    let scoped = crossbeam::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let work_rx = work_rx.clone();
                scope.spawn(move |_| {
                    for chunk in work_rx {
                        update_chunk(chunk, op);
                    }
                })
            })
            .collect();
        resume_first_panic(handles.into_iter().map(|h| h.join()));
    });
    // Every handle was joined above, so the scope has no panic left to report.
    if let Err(payload) = scoped {
        panic::resume_unwind(payload);
    }
}
