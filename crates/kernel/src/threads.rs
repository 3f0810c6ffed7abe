//! The thread-count rule of docs/SPEC.md §5, the analogue of Go's
//! `runtime.GOMAXPROCS(0)`: an explicit value, else `DOALL_THREADS`, else
//! what the operating system grants this process.

use std::num::NonZeroUsize;

use crate::Error;

/// The environment variable that sets the default thread count.
pub const THREADS_VAR: &str = "DOALL_THREADS";

/// Where a thread count came from, so reports can say why they used it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadSource {
    /// The caller passed it (a flag or an API argument).
    Explicit,
    /// It was read from [`THREADS_VAR`].
    Env,
    /// It is `std::thread::available_parallelism()`, which honours CPU
    /// affinity and cgroup quotas.
    Available,
}

impl ThreadSource {
    /// A short lower-case name for reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ThreadSource::Explicit => "explicit",
            ThreadSource::Env => "env",
            ThreadSource::Available => "available_parallelism",
        }
    }
}

/// A resolved thread count and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadCount {
    /// The number of threads, never 0.
    pub threads: NonZeroUsize,
    /// Which rule chose it.
    pub source: ThreadSource,
}

const POSITIVE_INTEGER: &str = "expected a positive integer such as 4 (digits only)";

/// Parses the value `value` of the variable `var` as a positive integer:
/// ASCII digits only, no sign, no spaces, not 0 (docs/SPEC.md §5), the one
/// rule for every count doall reads; the error names the variable, the
/// value and `expected`.
///
/// ```
/// use doall_kernel::parse_positive;
/// assert_eq!(parse_positive("N", "3", "a count")?.get(), 3);
/// for bad in ["0", "+3", " 3", "3.0", ""] {
///     assert!(parse_positive("N", bad, "a count").is_err(), "{bad:?}");
/// }
/// # Ok::<(), doall_kernel::Error>(())
/// ```
pub fn parse_positive(
    var: &'static str,
    value: &str,
    expected: &'static str,
) -> Result<NonZeroUsize, Error> {
    let bad = || Error::BadVar {
        var,
        value: value.to_owned(),
        expected,
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    // Digits only, so the one way left to fail is a number past usize.
    value
        .parse::<usize>()
        .ok()
        .and_then(NonZeroUsize::new)
        .ok_or_else(bad)
}

/// Parses the value of [`THREADS_VAR`]: `None` or `""` mean unset, anything
/// else must be a positive integer.
///
/// It takes the value rather than reading the environment, so tests never
/// have to change the process environment.
///
/// ```
/// use doall_kernel::parse_threads_var;
/// assert_eq!(parse_threads_var(Some("4")).unwrap().map(|t| t.get()), Some(4));
/// assert_eq!(parse_threads_var(Some("")).unwrap(), None);
/// assert!(parse_threads_var(Some(" 2")).is_err());
/// ```
pub fn parse_threads_var(value: Option<&str>) -> Result<Option<NonZeroUsize>, Error> {
    match value {
        None | Some("") => Ok(None),
        Some(value) => parse_positive(THREADS_VAR, value, POSITIVE_INTEGER).map(Some),
    }
}

/// Parses a comma-separated list of positive integers such as `1,2,4,8`, as
/// the variable `var` holds it. Empty items, zeros and non-digits are errors.
///
/// ```
/// use doall_kernel::parse_thread_list;
/// let list = parse_thread_list("DOALL_BENCH_THREADS", "1,2,16").unwrap();
/// assert_eq!(list.iter().map(|t| t.get()).collect::<Vec<_>>(), [1, 2, 16]);
/// assert!(parse_thread_list("DOALL_BENCH_THREADS", "1,,2").is_err());
/// ```
pub fn parse_thread_list(var: &'static str, value: &str) -> Result<Vec<NonZeroUsize>, Error> {
    const LIST: &str = "expected a comma-separated list of positive integers such as 1,2,4";
    value
        .split(',')
        .map(|item| {
            parse_positive(var, item, LIST).map_err(|_| Error::BadVar {
                var,
                value: value.to_owned(),
                expected: LIST,
            })
        })
        .collect()
}

/// Applies the rule of docs/SPEC.md §5 to values already read: `explicit`, else
/// `env_value` (the text of [`THREADS_VAR`], if set), else `available()`.
///
/// An explicit 0 is an error, as is a bad variable even when an explicit
/// value would win: a typo in the environment should never go unnoticed.
// ANCHOR: resolve_threads
pub fn resolve_threads(
    explicit: Option<usize>,
    env_value: Option<&str>,
    available: impl FnOnce() -> NonZeroUsize,
) -> Result<ThreadCount, Error> {
    let from_env = parse_threads_var(env_value)?;
    let (threads, source) = match (explicit, from_env) {
        (Some(0), _) => return Err(Error::ZeroThreads),
        (Some(t), _) => (
            NonZeroUsize::new(t).ok_or(Error::ZeroThreads)?,
            ThreadSource::Explicit,
        ),
        (None, Some(t)) => (t, ThreadSource::Env),
        (None, None) => (available(), ThreadSource::Available),
    };
    Ok(ThreadCount { threads, source })
}
// ANCHOR_END: resolve_threads

// ANCHOR: available_threads
/// The threads this process may run at once: `available_parallelism()`,
/// which honours CPU affinity and cgroup quotas, or 1 if the system cannot
/// tell. Everything in doall that asks for the core count asks here.
pub fn available_threads() -> NonZeroUsize {
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}
// ANCHOR_END: available_threads

/// [`resolve_threads`] with the real environment and [`available_threads`].
pub fn threads_from_env(explicit: Option<usize>) -> Result<ThreadCount, Error> {
    let env_value = std::env::var_os(THREADS_VAR).map(|v| v.to_string_lossy().into_owned());
    resolve_threads(explicit, env_value.as_deref(), available_threads)
}

/// How one call spreads its work: `threads` workers over `chunks` chunks.
///
/// Both counts are at least 1 by construction, so a strategy that takes a
/// `Plan` never has to check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    threads: NonZeroUsize,
    chunks: NonZeroUsize,
}

impl Plan {
    /// A plan with `threads` threads and `chunks` chunks (`None`: one chunk
    /// per thread, as in the Go original).
    ///
    /// ```
    /// use doall_kernel::{Error, Plan};
    /// assert_eq!(Plan::new(4, None)?.chunks().get(), 4);
    /// assert_eq!(Plan::new(4, Some(0)), Err(Error::ZeroChunks));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(threads: usize, chunks: Option<usize>) -> Result<Plan, Error> {
        let threads = NonZeroUsize::new(threads).ok_or(Error::ZeroThreads)?;
        Plan::for_threads(threads, chunks)
    }

    /// A plan for a thread count that is already known to be positive, such
    /// as [`ThreadCount::threads`], so that it reaches the strategy without
    /// being checked again; `chunks` as in [`Plan::new`].
    ///
    /// ```
    /// use doall_kernel::{resolve_threads, Plan};
    /// let count = resolve_threads(None, Some("6"), || unreachable!())?;
    /// let plan = Plan::for_threads(count.threads, Some(48))?;
    /// assert_eq!((plan.threads(), plan.chunks().get()), (count.threads, 48));
    /// # Ok::<(), doall_kernel::Error>(())
    /// ```
    ///
    /// Where [`Plan::new`] checks a `usize` at run time, this one takes only a
    /// count that is positive by its type, so a 0 cannot reach it:
    ///
    // ANCHOR: plan_zero_doctest
    /// ```compile_fail,E0308
    /// let plan = doall_kernel::Plan::for_threads(0, None); // expected `NonZero<usize>`
    /// ```
    // ANCHOR_END: plan_zero_doctest
    pub fn for_threads(threads: NonZeroUsize, chunks: Option<usize>) -> Result<Plan, Error> {
        let chunks = match chunks {
            None => threads,
            Some(c) => NonZeroUsize::new(c).ok_or(Error::ZeroChunks)?,
        };
        Ok(Plan { threads, chunks })
    }

    /// The number of threads.
    pub fn threads(self) -> NonZeroUsize {
        self.threads
    }

    /// The number of chunks.
    pub fn chunks(self) -> NonZeroUsize {
        self.chunks
    }
}

impl From<NonZeroUsize> for Plan {
    /// One chunk per thread, as in the Go original: [`Plan::new`] with
    /// `None` chunks, for a count that cannot be 0. A pool crate checks its
    /// thread count against its limit as this plan.
    fn from(threads: NonZeroUsize) -> Plan {
        Plan {
            threads,
            chunks: threads,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nz(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).expect("test values are positive")
    }

    fn resolve(explicit: Option<usize>, env: Option<&str>) -> Result<ThreadCount, Error> {
        resolve_threads(explicit, env, || nz(6))
    }

    #[test]
    fn explicit_wins_then_env_then_available() {
        assert_eq!(
            resolve(Some(3), Some("5")).map(|t| (t.threads.get(), t.source)),
            Ok((3, ThreadSource::Explicit))
        );
        assert_eq!(
            resolve(None, Some("5")).map(|t| (t.threads.get(), t.source)),
            Ok((5, ThreadSource::Env))
        );
        assert_eq!(
            resolve(None, None).map(|t| (t.threads.get(), t.source)),
            Ok((6, ThreadSource::Available))
        );
    }

    #[test]
    fn empty_variable_counts_as_unset() {
        assert_eq!(
            resolve(None, Some("")).map(|t| t.source),
            Ok(ThreadSource::Available)
        );
    }

    #[test]
    fn explicit_zero_is_an_error() {
        assert_eq!(resolve(Some(0), None), Err(Error::ZeroThreads));
    }

    #[test]
    fn bad_variable_values_are_errors_that_name_variable_and_value() {
        let past_usize = format!("{}0", usize::MAX);
        for bad in [
            "abc",
            "0",
            "-3",
            " 2",
            "2 ",
            "+3",
            "1e3",
            "4.0",
            past_usize.as_str(),
        ] {
            let err = resolve(None, Some(bad)).expect_err(bad);
            let message = err.to_string();
            assert!(message.contains("DOALL_THREADS"), "{message}");
            assert!(message.contains(&format!("{bad:?}")), "{message}");
            // Even with an explicit value, a broken variable is reported.
            assert!(resolve(Some(2), Some(bad)).is_err());
        }
    }

    #[test]
    fn thread_lists() {
        let parse = |s| parse_thread_list("DOALL_BENCH_THREADS", s);
        assert_eq!(parse("1,2,4,8,16").map(|v| v.len()), Ok(5));
        for bad in ["", "1,,2", "0", "x", "1,2,", " 1", "1;2"] {
            let err = parse(bad).expect_err(bad);
            assert!(err.to_string().contains("DOALL_BENCH_THREADS"));
        }
    }

    #[test]
    fn plan_defaults_chunks_to_threads_and_rejects_zero() {
        let plan = Plan::new(3, None).expect("valid");
        assert_eq!((plan.threads().get(), plan.chunks().get()), (3, 3));
        assert_eq!(Plan::new(0, None), Err(Error::ZeroThreads));
        assert_eq!(Plan::new(2, Some(0)), Err(Error::ZeroChunks));
        assert_eq!(Plan::new(2, Some(64)).map(|p| p.chunks().get()), Ok(64));
    }
}
