//! # `pool`: a persistent pool in safe std Rust, borrowed for a session
//!
//! Go's `DoAll` costs far less than a thread per chunk because a goroutine
//! is not a thread: the runtime keeps its OS threads between calls, and a
//! `go` statement only queues a small task, which an idle thread may steal
//! or the caller's thread runs itself (chapter 12 of the book measures how
//! often a call really forks). This crate keeps `DoAll`'s shape (cut the vector into chunks, hand them out,
//! wait for every one) and gets that cost the way OpenMP's runtime does:
//! `T − 1` workers live for a whole [`session()`] of many calls, the calling
//! thread runs a share of each call itself, and idle threads spin for
//! [`PoolConfig::spin_budget`] before they park. Where `DoAll` sends each
//! chunk over a channel, the session deals the chunks out once, and a
//! [`Session::do_all`] only writes a call number into each worker's
//! mailbox; where `DoAll` drains one signal per chunk, the caller waits for
//! each worker's `done`. The workers live inside a `std::thread::scope`
//! rather than in `'static` threads, since only a scope lets them borrow
//! the caller's vector in safe Rust ([`session()`] shows the pool that does
//! not compile).
//!
//! **Use it** when one vector is processed by many short calls (a time step,
//! an iteration) and a call's work is worth more than a fork but less than
//! an OS wake-up. Spinning workers take cores from everything else on the
//! machine for up to a spin budget after each call: for long calls or a
//! shared machine, rayon's sleeping workers are the better neighbours.
//!
//! # Errors
//! [`session()`] refuses a spin budget above [`MAX_SPIN_BUDGET`], a plan of
//! more than [`MAX_THREADS`] threads, and a worker that the OS will not
//! start, each with an [`Error`], before it touches `v`;
//! [`session_with_spawner`] lets a test refuse any worker it likes.
//!
//! # Panics
//! A chunk's panic is caught in the thread that runs it, which stops its
//! share there (its later chunks are left untouched; the failing one is
//! updated as far as `seq` would update it) and signals as usual. Every
//! other share runs to the end; then `do_all` resumes the panic of the
//! failing chunk of lowest index in the caller, with its original payload,
//! and the session stays usable. A panic that leaves `body` ends the session:
//! the workers are stopped and joined, then [`session()`] resumes it
//! ([`PANIC_PROMISE`]).
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! use doall_pool::PoolConfig;
//!
//! let initial = initial_vector(4096)?;
//! let mut v = initial.clone();
//! let plan = Plan::new(2, None)?;
//! let threads_used = doall_pool::session(&mut v, &Workload::Heavy, plan, PoolConfig::default(), |pool| {
//!     let mut threads_used = Vec::new();
//!     for _ in 0..100 {
//!         pool.copy_from_slice(&initial)?; // reset, between calls
//!         threads_used.push(pool.do_all());
//!     }
//!     Ok::<_, doall_pool::Error>(threads_used)
//! })??;
//! assert!(threads_used.iter().all(|&t| (1..=2).contains(&t)));
//! let mut expected = initial.clone();
//! doall_kernel::update_chunk(&mut expected, &Workload::Heavy);
//! assert_eq!(v, expected);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The files
//! - `config.rs`: [`PoolConfig`], its defaults and limits,
//!   [`parse_spin_budget`] and [`Error`].
//! - `session.rs`: [`session()`] (and [`session_with_spawner`], its seam
//!   for tests), which deals out the chunks and starts the workers, and [`Session`], whose [`Session::do_all`] runs one call:
//!   publish the call number, run the caller's share, take back the shares
//!   that no worker has claimed, wait for the rest.
//! - `mailbox.rs`: what the caller and one worker share, the worker's loop,
//!   the spin-then-park wait of both sides, and the start handshake.
//! - `protocol.md`: the memory-ordering protocol of every atomic, as one
//!   table, in `mailbox.rs`'s docs and in chapter 7 of the book.
//! - `wake.rs`: when the caller wakes a parked worker and when it runs the
//!   worker's share itself instead (ski rental).
//!
//! Why the pool is built this way, what it took from OpenMP, chili and
//! fork_union, and what it measured: chapter 7 of the book
//! (`book/src/07-pool.md`).

mod config;
mod mailbox;
mod session;
mod wake;

use doall_kernel::{ChunkLayout, OtherChunks, PanicPromise, ResumedPanic, ThreadUse};

pub use config::{
    DEFAULT_SPIN_BUDGET, DEFAULT_WAKE_UP_PRICE, Error, MAX_SPIN_BUDGET, PoolConfig,
    parse_spin_budget,
};
pub use session::{Session, Stats, session, session_with_spawner};

/// The OS threads a call uses: `min(threads, chunks)`, the caller one of
/// them, the others started once for the session. A call may run on fewer
/// of them (the caller runs the shares of workers it did not wait for or
/// did not wake); [`Session::do_all`] returns how many ran a share.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndSession;

/// What a panic leaves: each thread owns a fixed share of the chunks (the
/// caller may run a worker's share, but never half of one), so the failing
/// share's later chunks are left and every other chunk is updated. Each
/// share records the index of its failing chunk, so the caller gets the
/// panic of the lowest one.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::Shares,
    resumed: ResumedPanic::LowestChunk,
};

/// The most threads (the caller included) one pool may use. Far beyond any
/// useful count, and far below where the OS runs out of threads or memory
/// maps (tens of thousands on a typical Linux).
pub const MAX_THREADS: usize = doall_kernel::MAX_THREADS;
