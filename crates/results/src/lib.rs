//! doall-results: `results.json`, the file every benchmark run writes under
//! `reports/runs/<UTC time>-<host>/`, and the one place that writes files.
//!
//! The bench (the root package's `bench` module) fills these types and
//! saves them; the report (`doall-report`) and `doall report` load them and
//! draw the page. Neither knows the other: this crate is what they share,
//! so a run from another machine or another version of doall reads the same
//! way. It knows nothing of HTML. The files, one idea each:
//!
//! - `schema`: the types of `results.json`, field by field;
//! - `load`: the schema versions this doall reads (1 to [`SCHEMA_VERSION`]),
//!   loading with errors that name the file, the checks serde cannot
//!   express, and saving;
//! - `threads_used`: how many threads really ran a configuration's chunks;
//! - `overhead_size`: what one call of the per-call overhead benchmark holds;
//! - [`stats`]: the statistics of a set of samples (the one median);
//! - [`machine`]: facts about the machine a run measured;
//! - [`files`]: the one place that writes files, atomically, so that a crash
//!   never leaves a half-written results file or report behind;
//! - [`words`]: words that agree with a count (`1 round`, `3 rounds`), for
//!   the report and the benchmark alike.

mod error;
pub mod files;
mod load;
pub mod machine;
mod overhead_size;
mod schema;
pub mod stats;
mod threads_used;
pub mod words;

pub use error::Error;
pub use load::{READABLE_VERSIONS, SCHEMA_VERSION};
pub use overhead_size::{OVERHEAD_CHUNK_LEN, OverheadSize};
pub use schema::{
    BandwidthPoint, KernelRecord, Machine, OverheadRecord, Record, RunResults, StrategyInfo, Timing,
};
pub use threads_used::ThreadsUsed;

/// The results file in a run directory.
pub const RESULTS_FILE: &str = "results.json";
