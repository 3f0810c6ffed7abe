//! # `seq`: the sequential baseline
//!
//! One thread, one chunk: the whole vector goes through the shared chunk
//! kernel, [`doall_kernel::update_chunk`]. In Go this is calling `v.DoSome(0,
//! len(v), u, c)` without the `go` keyword.
//!
//! Every parallel strategy is measured against this one, and it calls the
//! very same compiled kernel as they do, so a speedup is what threads add and
//! nothing else. That kernel is already fast on one core: for long
//! polynomials (`heavy`, `ramp`) it evaluates [`doall_kernel::LANES`]
//! elements side by side, and for short ones (`light`) it keeps the plain
//! loop, which the compiler already vectorizes. Beating a slow baseline
//! proves nothing.
//!
//! **Use it** when the vector is small (starting a thread costs tens of
//! microseconds: the report's per-call overhead section measures it on
//! your machine), when the caller is already parallel, or as the oracle.
//!
//! # Panics
//! If `op` panics, the panic propagates unchanged and `v` is left as
//! [`doall_kernel::update_chunk`]'s `# Panics` section says for one chunk
//! ([`PANIC_PROMISE`]).
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_seq::do_all(&mut v, &Workload::Light);
//! assert_eq!(v[2], 0.002 + (1.0 + 0.002 * 0.5));
//! # Ok::<(), doall_kernel::Error>(())
//! ```

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, ResumedPanic, ThreadUse, update_chunk,
};

/// `seq` runs on the caller's thread and starts none.
pub const THREAD_USE: ThreadUse = ThreadUse::Caller;

/// What a panic leaves: the whole vector is one chunk on one thread, so the
/// first failing element stops everything, and its panic is the one the
/// caller sees.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Whole,
    others: OtherChunks::InOrder,
    resumed: ResumedPanic::LowestChunk,
};

// ANCHOR: do_all
/// Applies `v[i] += op(v[i])` to every element, on the calling thread.
pub fn do_all<O: Op>(v: &mut [f64], op: &O) {
    update_chunk(v, op);
}
// ANCHOR_END: do_all
