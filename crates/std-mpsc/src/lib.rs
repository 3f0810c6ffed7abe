//! # `std-mpsc`: Effective Go's `DoAll`, faithfully, with std threads
//!
//! One OS thread per chunk; each sends a signal on a channel whose capacity
//! is the chunk count (Go: `c := make(chan int, numCPU)`), and the caller
//! drains exactly that many signals (Go: `for i := 0; i < numCPU; i++ { <-c }`).
//!
//! ## What the borrow checker changes
//! Go's goroutines share `v` freely. `std::thread::spawn` cannot: its thread
//! may outlive the function, so the closure must be `'static`, and a borrowed
//! chunk is not:
//!
//! ```compile_fail,E0521
//! fn do_all_unscoped(v: &mut [f64]) {
//!     let (left, _right) = v.split_at_mut(v.len() / 2);
//!     // error[E0521]: borrowed data escapes outside of function
//!     std::thread::spawn(move || left[0] += 1.0);
//! }
//! ```
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
//! (about 70 µs for a call on 2 threads on the 2-core development machine).
//!
//! # Panics
//! If `op` panics in a worker, the drain ends (that worker's `Sender` is
//! dropped as it unwinds), every other worker is joined, and the panic of the
//! first failing chunk (in chunk order) is resumed in the caller with its
//! original payload. Every other chunk is updated, since no worker is
//! stopped early; the failing chunk is left as [`update_chunk`] says.
//!
//! Each chunk is an OS thread, all alive until the join: with tens of
//! thousands of chunks the OS runs out of threads or memory maps and std
//! panics, or aborts the process. The `doall` registry refuses such plans.
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_std_mpsc::do_all(&mut v, &Workload::Heavy, Plan::new(4, None)?);
//! # Ok::<(), doall_kernel::Error>(())
//! ```

use std::{sync::mpsc, thread};

use doall_kernel::{Op, Plan, resume_first_panic, split_chunks, update_chunk};

/// Applies `v[i] += op(v[i])` with one scoped thread per chunk of `plan`.
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) {
    let chunks = plan.chunks().get();
    let (done_tx, done_rx) = mpsc::sync_channel::<()>(chunks);
    thread::scope(|scope| {
        let workers: Vec<_> = split_chunks(v, chunks)
            .map(|chunk| {
                let done_tx = done_tx.clone();
                scope.spawn(move || {
                    update_chunk(chunk, op);
                    // The receiver outlives every worker, so this cannot fail.
                    let _ = done_tx.send(());
                })
            })
            .collect();
        drop(done_tx);
        for () in done_rx.iter().take(chunks) {}
        resume_first_panic(workers.into_iter().map(|w| w.join()));
    });
}
