//! doall: Effective Go's `DoAll` in Rust, several ways, measured.
//!
//! The strategies live in their own crates (`crates/*`) and the registry
//! that lists them, times their calls and measures them in
//! `doall-registry`; this package holds the command-line tool
//! (`src/main.rs`) and the benchmark: [`bench`], the harness behind `cargo
//! bench`, and [`bandwidth`], the memory-bandwidth ceiling it measures
//! beside the strategies.

pub mod bandwidth;
pub mod bench;

/// The bench reports through the registry's error type, as the CLI does:
/// one error type for every tool.
pub use doall_registry::Error;
