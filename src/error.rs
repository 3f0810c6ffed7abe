//! The error type of the `doall` crate and its command-line tool.

/// Everything the tool can report. Each message is one line that names the
/// bad value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input caught by the kernel: counts, variables, allocation, workloads.
    #[error(transparent)]
    Kernel(#[from] doall_kernel::Error),
    /// A strategy name that is not in the registry.
    #[error("unknown strategy {name:?}: expected one of {valid}")]
    UnknownStrategy {
        /// The name given.
        name: String,
        /// The valid names, comma separated.
        valid: String,
    },
    /// The operating system would not start a pool's threads.
    #[error("cannot start a pool of {threads} threads: {reason}")]
    Pool {
        /// The requested thread count.
        threads: usize,
        /// What the pool builder said.
        reason: String,
    },
    /// A plan that would make one call start more OS threads than
    /// [`crate::MAX_THREADS`].
    #[error("{strategy} would start {threads} OS threads ({per}), more than the limit of {max}")]
    TooManyThreads {
        /// The strategy's name.
        strategy: &'static str,
        /// How many threads the plan asks it for.
        threads: usize,
        /// What each thread is for, e.g. `one per chunk`.
        per: &'static str,
        /// [`crate::MAX_THREADS`].
        max: usize,
    },
    /// A repeat count of 0.
    #[error("the repeat count must be a positive integer, got 0")]
    ZeroRepeat,
    /// A strategy computed different bits from `seq`: a bug, never noise.
    #[error(
        "{strategy} on {workload} with {len} elements gave checksum {got}, but seq gives {expected}"
    )]
    WrongResult {
        /// The strategy's name.
        strategy: &'static str,
        /// The workload's name.
        workload: &'static str,
        /// The vector length.
        len: usize,
        /// The strategy's checksum.
        got: String,
        /// The sequential checksum.
        expected: String,
    },
    /// Reading results or writing a report failed.
    #[error(transparent)]
    Report(#[from] doall_report::Error),
}
