//! doall-registry: what the CLI, the benchmark, the tests and the examples
//! share: the strategy list, sessions and runners, the one timing loop, the
//! CLI's measurement and the thread probe.
//!
//! # Glossary
//!
//! One name per idea, here and in the book (`book/src/glossary.md`):
//!
//! - **call**: one `DoAll` over the whole vector, every element updated
//!   once; a strategy crate's `do_all`, here [`Runner::call`] (the timed
//!   one), [`Runner::probed_call`] and [`Strategy::call_once`].
//! - **session**: the time a strategy borrows one vector and keeps what it
//!   needs between calls (a pool's threads): [`Strategy::session`] opens it,
//!   runs a body in it and closes it when the body returns. Opening one is
//!   never timed. The pool's own is `doall_pool::Session`.
//! - **runner**: a session as its body sees it, the [`Runner`] trait: reset
//!   the vector, make a call or a probed call, show the vector's pieces.
//! - **chunk**: a contiguous piece of the vector that one thread updates in
//!   one go; chunk `c` of `C` over `n` elements is `c*n/C .. (c+1)*n/C`
//!   (docs/SPEC.md §4). A plan has one chunk per thread unless it says more.
//! - **share**: the chunks one thread owns when a strategy hands them out
//!   by a fixed rule (thread `t` of `T` takes chunks `t`, `t + T`, …), as
//!   `std-scope` and `pool` do; threads that take chunks from a queue have
//!   no share.
//! - **threads**: the OS threads a call has, by the strategy's `ThreadUse`
//!   rule from the plan's threads and chunks ([`Strategy::os_threads`]): 1
//!   for `seq`, one per chunk for `std-mpsc`. Results record this count.
//! - **threads used**: the distinct OS threads that really ran a chunk in a
//!   call, counted by the thread probe in untimed probed calls
//!   ([`timing::probe_threads`]); at most **threads**, fewer when a thread
//!   found no work.
//!
//! # Files
//!
//! - `strategy.rs`: what a strategy is ([`Strategy`]) and how its session
//!   is opened, with the thread probe around the `Op`;
//! - `strategies.rs`: the list ([`STRATEGIES`]) and [`find_strategies`];
//! - `runner.rs`: [`Runner`] and [`FnRunner`], the runner of a plain
//!   function;
//! - [`timing`]: [`timing::time_calls`], the one timing loop that the CLI,
//!   `cargo bench` and the examples share, and the thread probe's calls;
//! - `measure.rs`: [`measure`], the CLI's measurement;
//! - `error.rs`: [`Error`], the one error type of the registry and the
//!   tools built on it.
//!
//! The checks every strategy passes are in `doall-conformance`, a
//! dev-dependency of whoever runs them.

mod error;
mod measure;
mod runner;
mod strategies;
mod strategy;
pub mod timing;

pub use error::Error;
pub use measure::{Measurement, measure};
pub use runner::{FnRunner, Runner, runner_matches, runner_to_vec};
pub use strategies::{STRATEGIES, find_strategies};
pub use strategy::{CallFn, SessionConfig, Strategy};
