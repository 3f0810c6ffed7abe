//! doall: Effective Go's `DoAll` in Rust, several ways, measured.
//!
//! The strategies live in their own crates (`crates/*`); this crate holds the
//! [`STRATEGIES`] registry that the command-line tool, the benchmarks and the
//! report iterate over, [`measure`], the CLI's measurement,
//! [`timing::time_calls`], the one timing loop that it and `cargo bench`
//! share, and [`conformance`], the checks every strategy's tests share.

pub mod bandwidth;
pub mod bench;
pub mod conformance;
mod error;
mod measure;
mod session;
mod strategies;
pub mod timing;

pub use error::Error;
pub use measure::{Measurement, measure};
pub use session::{CallSession, Session, session_matches, session_to_vec};
pub use strategies::{STRATEGIES, SessionConfig, Strategy, find_strategies};
