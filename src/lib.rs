//! doall: Effective Go's `DoAll` in Rust, several ways, measured.
//!
//! The strategies live in their own crates (`crates/*`); this crate holds the
//! [`STRATEGIES`] registry that the command-line tool, the benchmarks and the
//! report iterate over, and [`measure`], the one timing loop of the CLI.

pub mod bandwidth;
pub mod bench;
mod error;
mod measure;
mod strategies;

pub use error::Error;
pub use measure::{Measurement, measure};
pub use strategies::{Runner, STRATEGIES, Strategy, find_strategies};
