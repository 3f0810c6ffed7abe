//! The one error type of the library crates.

/// Everything that can go wrong before or around a strategy's call.
///
/// Each message names the bad value, so a command-line tool can print it as
/// one line and exit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A thread count of 0 was asked for.
    #[error("the thread count must be a positive integer, got 0")]
    ZeroThreads,
    /// A chunk count of 0 was asked for.
    #[error("the chunk count must be a positive integer, got 0")]
    ZeroChunks,
    /// An environment variable that should hold a positive integer (or a list
    /// of them) holds something else.
    #[error("{var}={value:?} is not valid: {expected}")]
    BadVar {
        /// The variable's name, e.g. `DOALL_THREADS`.
        var: &'static str,
        /// The value found, as it was.
        value: String,
        /// What would have been valid.
        expected: &'static str,
    },
    /// The vector could not be allocated.
    #[error("cannot allocate a vector of {len} f64 elements ({bytes} bytes)")]
    Alloc {
        /// The requested length.
        len: usize,
        /// The requested size in bytes (saturated at `u128::MAX`, never overflowing).
        bytes: u128,
    },
    /// A workload name that is not one of [`crate::Workload::ALL`].
    #[error("unknown workload {name:?}: expected one of {valid}")]
    UnknownWorkload {
        /// The name given.
        name: String,
        /// The valid names, comma separated.
        valid: String,
    },
}
