//! The shared kernel of doall: everything the strategies have in common.
//!
//! Effective Go's `DoAll` splits a vector into one chunk per CPU and runs
//! `DoSome` on each chunk in its own goroutine. Every strategy in this
//! workspace does the same work, fixed bit for bit by `docs/SPEC.md`, so the
//! pieces that define that work live here, once:
//!
//! - [`Op`], the per-element function, and [`update_chunk`], the one chunk
//!   kernel that every strategy (the sequential one included) calls: Go's
//!   `DoSome` without the channel;
//! - [`DynOp`], any `Op` chosen at run time (one pointer per chunk), and
//!   [`Probed`], which records the threads that really ran chunks;
//! - [`Workload`], the three workloads of the spec, and [`initial_vector`];
//! - [`chunk_bounds`] and [`split_chunks`], the spec's chunk arithmetic, and
//!   [`halving_split`], for a strategy that cuts the chunks finer;
//! - [`Plan`] and [`resolve_threads`], the `DOALL_THREADS` rule;
//! - [`ThreadUse`], the rule by which a strategy turns a plan into OS
//!   threads, [`Spawner`], through which it starts them (so a test can
//!   refuse one), and [`resume_first_panic`], for joining them
//!   ([`LowestPanic`] where a library's pool runs the chunks);
//! - [`PanicPromise`], what a strategy leaves in the vector when its `Op`
//!   panics, and [`ChunkLayout`], the chunks it cuts;
//! - [`Checksum`], the FNV-1a hash that lets any two runs be compared;
//! - [`Error`] for bad input and [`ThreadError`] for threads a plan cannot
//!   have.
//!
//! ```
//! use doall_kernel::{update_chunk, initial_vector, Checksum, Workload};
//!
//! let mut v = initial_vector(1000)?;
//! update_chunk(&mut v, &Workload::Heavy);
//! assert_eq!(Checksum::of(&v).to_string(), "6b481ed2bd675c94"); // docs/SPEC.md §6
//! # Ok::<(), doall_kernel::Error>(())
//! ```

mod checksum;
mod chunks;
mod error;
mod join;
mod op;
mod panic_promise;
mod probe;
mod spawn;
mod thread_use;
mod threads;
mod workload;

pub use checksum::{Checksum, first_bit_difference, same_bits};
pub use chunks::{
    OVER_SPLIT, SpecChunks, chunk_bounds, halving_split, split_chunks, uniform_chunk_len,
};
pub use error::{Error, ThreadError};
pub use join::{LowestPanic, resume_first_panic};
pub use op::{LANES, Op, update_chunk, update_lanes, update_plain};
pub use panic_promise::{ChunkFate, ChunkLayout, OtherChunks, PanicPromise, ResumedPanic};
pub use probe::{ChunkOp, DynOp, Probed, ThreadProbe};
pub use spawn::{OsSpawner, RefuseNth, Spawner};
pub use thread_use::{MAX_THREADS, ThreadUse};
pub use threads::{
    Plan, THREADS_VAR, ThreadCount, ThreadSource, available_threads, parse_positive,
    parse_thread_list, parse_threads_var, resolve_threads, threads_from_env,
};
pub use workload::{HEAVY_COEFFS, Horner, LIGHT_COEFFS, Ramp, Workload, initial_vector};
