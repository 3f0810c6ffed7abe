//! The one error type of the registry and of the tools built on it: the
//! CLI and the benchmark (the `doall` package) report through it too, so a
//! strategy's error reaches the user unchanged, whichever tool ran it.

/// Everything the tools can report. Each message is one line that names the
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
    /// A strategy cannot have the threads a plan needs: more than its limit,
    /// or the operating system refused one.
    #[error("{strategy}: {source}")]
    Threads {
        /// The strategy's name.
        strategy: &'static str,
        /// What the strategy's crate said.
        source: doall_kernel::ThreadError,
    },
    /// The pool's settings make no sense: a spin budget that does not parse
    /// or is over its limit.
    #[error("pool: {0}")]
    Pool(doall_pool::Error),
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
    /// A peer (`peers/go`, `peers/openmp`) failed or answered nonsense:
    /// the run stops, since its figures would be missing or wrong.
    #[error("the {peer} peer: {message}")]
    Peer {
        /// Which peer: `Go`, `OpenMP`.
        peer: &'static str,
        /// What went wrong, naming the request.
        message: String,
    },
    /// A filter of `cargo bench -- FILTER` that is not a regular expression.
    #[error("the filter {filter:?} is not a regular expression: {reason}")]
    BadFilter {
        /// The filter given.
        filter: String,
        /// What is wrong with it, in one line.
        reason: String,
    },
    /// Reading results or writing a report failed.
    #[error(transparent)]
    Report(#[from] doall_results::Error),
}
