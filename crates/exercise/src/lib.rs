//! # `exercise`: the strategy you write
//!
//! This crate is yours. It starts as a copy of `seq`, so it compiles and
//! passes every test from the start: [`do_all`] sends the whole vector
//! through the shared chunk kernel on the caller's thread. It is registered
//! in the registry (`doall-registry`) as `exercise`, so the CLI times it beside the
//! others (the benchmark leaves it out).
//!
//! **The task:** make [`do_all`] spread the work over `plan.threads()`
//! threads, as Go's `DoAll` does, and keep every result bit for bit equal to
//! `seq`'s. Follow the `TODO` markers below: cut `v` into `plan.chunks()`
//! chunks with [`doall_kernel::split_chunks`] (the one place that computes
//! chunk bounds), run [`doall_kernel::update_chunk`] on each chunk on some
//! thread, and then say what you built in [`THREAD_USE`] and
//! [`PANIC_PROMISE`]: the tests hold your code to both.
//!
//! **Check it:**
//! ```text
//! cargo test -p doall-conformance     # the oracle and the panic tests, on `exercise`
//! cargo run --release -- run -s seq,std-scope,exercise -w heavy -l 1048576 -t 2
//! ```
//! The first runs the same checks as every registered strategy gets; the
//! second times yours beside `seq` and `std-scope`, shows the threads that
//! really ran chunks (`used`), and fails if your checksum is not `seq`'s.
//!
//! **Solutions** are in `crates/exercise/solutions/` (one scoped thread per
//! chunk; threads pulling chunks from a shared queue), outside this crate's
//! build but compiled and tested by `crates/conformance/tests/solutions.rs`.
//! The course walks through them in `book/src/12-exercise.md`. Try first.

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, Plan, ResumedPanic, ThreadError, ThreadUse,
    update_chunk,
};

/// The most OS threads one call may use. It counts once [`THREAD_USE`] says
/// you start threads; check it before you start any, with
/// `THREAD_USE.limit(plan, MAX_THREADS)?`, so that a plan over it is an
/// error and never an abort.
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;

// ANCHOR: declarations
// TODO(exercise): say how many OS threads a call uses. `Caller` is right for
// the sequential start; with one new thread per chunk it is `OnePerChunk`,
// with the caller and `min(threads, chunks) − 1` helpers `CallerAndSpawned`
// (see `doall_kernel::ThreadUse`). `cargo test --test threads` checks it.
/// How many OS threads a call uses: for now the caller's alone.
pub const THREAD_USE: ThreadUse = ThreadUse::Caller;

// TODO(exercise): say what a panicking `Op` leaves: how you cut the chunks
// (`Spec` once you use `split_chunks`), which other chunks still run, and
// whose panic the caller gets (see `doall_kernel::PanicPromise`).
/// What a panic leaves: for now `seq`'s promise, one chunk on one thread.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Whole,
    others: OtherChunks::InOrder,
    resumed: ResumedPanic::LowestChunk,
};
// ANCHOR_END: declarations

/// Applies `v[i] += op(v[i])` to every element of `v`, with the threads and
/// chunks of `plan` once you have written it.
///
/// # Errors
/// A plan over [`MAX_THREADS`], once the strategy starts threads, and a
/// thread the OS refuses ([`ThreadError::Refused`]).
// ANCHOR: do_all
pub fn do_all<O: Op>(v: &mut [f64], op: &O, plan: Plan) -> Result<(), ThreadError> {
    // TODO(exercise): check the plan first (`THREAD_USE.limit(plan,
    // MAX_THREADS)?`), cut `v` into `plan.chunks()` chunks with
    // `split_chunks`, and run `update_chunk` on each inside
    // `std::thread::scope`, so that the threads may borrow `v`.
    let _ = plan; // the sequential start ignores it
    update_chunk(v, op);
    Ok(())
}
// ANCHOR_END: do_all
