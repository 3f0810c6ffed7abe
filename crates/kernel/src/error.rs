//! The two error types of the library crates: bad input, and threads that a
//! plan cannot have.

use std::io;

/// Bad input: a value that no strategy could use.
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

/// Why a strategy did not run a valid [`crate::Plan`]: the plan needs more OS
/// threads than the strategy allows, or the operating system refused one.
///
/// Go's `go` statement cannot fail; starting an OS thread can. A strategy
/// that starts threads returns this error instead of letting the failure
/// panic or abort the process.
#[derive(Debug, thiserror::Error)]
pub enum ThreadError {
    /// The plan needs more OS threads than the strategy's limit. Nothing was
    /// started and the vector is untouched.
    #[error("the plan needs {threads} OS threads ({rule}), more than the limit of {max}")]
    TooMany {
        /// How many threads the plan needs ([`crate::ThreadUse::os_threads`]).
        threads: usize,
        /// The strategy's rule, [`crate::ThreadUse::describe`].
        rule: &'static str,
        /// The strategy's limit.
        max: usize,
    },
    /// The operating system refused to start a thread. The strategy started
    /// no more, and joined the ones it had started after they finished their
    /// work; its documentation says what that leaves in the vector.
    #[error("the operating system refused to start thread {} of {wanted}: {source}", .started + 1)]
    Refused {
        /// How many threads had started.
        started: usize,
        /// How many the plan needs.
        wanted: usize,
        /// What the operating system said, e.g. `EAGAIN`.
        source: io::Error,
    },
    /// A thread pool could not be built.
    #[error("cannot start a pool of {threads} threads: {source}")]
    Pool {
        /// The pool's size.
        threads: usize,
        /// What the pool builder said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl ThreadError {
    /// [`ThreadError::TooMany`] if `threads` is more than `max`: the one
    /// comparison of a thread count with a limit. Strategies reach it
    /// through [`crate::ThreadUse::limit`]; a measured program that is not a
    /// strategy (a peer) calls it with its own rule.
    ///
    /// ```
    /// use doall_kernel::ThreadError;
    /// assert!(ThreadError::check_limit(5, "five threads", 5).is_ok());
    /// let refused = ThreadError::check_limit(5, "five threads", 4).expect_err("over");
    /// assert_eq!(
    ///     refused.to_string(),
    ///     "the plan needs 5 OS threads (five threads), more than the limit of 4"
    /// );
    /// ```
    pub fn check_limit(threads: usize, rule: &'static str, max: usize) -> Result<(), ThreadError> {
        if threads <= max {
            Ok(())
        } else {
            Err(ThreadError::TooMany { threads, rule, max })
        }
    }
}
