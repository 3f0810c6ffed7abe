//! What a session is given, and why it may refuse: [`PoolConfig`] with its
//! defaults and limits, [`parse_spin_budget`] for a budget written as text
//! (a flag, an environment variable), and the crate's [`Error`].

use std::time::Duration;

use doall_kernel::ThreadError;

/// How long an idle thread spins by default before it parks. Long enough to
/// bridge the gap between calls in a loop (and a reset of a few thousand
/// elements), short enough that an idle pool soon frees its cores.
pub const DEFAULT_SPIN_BUDGET: Duration = Duration::from_micros(200);

/// The longest [`PoolConfig::spin_budget`] a pool accepts: one second.
///
/// Spinning pays only while it is cheaper than parking, and waking a parked
/// thread costs microseconds to tens of microseconds. A budget of a few
/// hundred microseconds already bridges the gaps between calls in a loop;
/// a longer one cannot save more than one wake-up per call, but it keeps
/// every spinning thread's core busy for that long after each call, taking
/// it from the rest of the machine. A second is already ten thousand
/// wake-ups' worth of a busy core, so a budget above it is almost surely a
/// slip of the unit (`200s` meant as `200us`): the pool refuses it with
/// [`Error::SpinBudget`] rather than quietly burn the cores.
pub const MAX_SPIN_BUDGET: Duration = Duration::from_secs(1);

/// What the caller assumes, by default, that waking a parked worker costs
/// ([`PoolConfig::wake_up_price`]). An OS wake-up costs the caller a system
/// call of microseconds, and the worker reaches a core only some time
/// later: a few microseconds on an idle bare-metal machine, tens on a
/// virtual one or a busy one. The default sits between the two: priced too
/// low, a stream of small calls after idle gaps pays a system call every
/// few calls; priced too high, a stream of larger calls runs a few more of
/// them on the caller alone before it gets its workers back.
pub const DEFAULT_WAKE_UP_PRICE: Duration = Duration::from_micros(20);

/// How a pool waits and shares work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    /// How long an idle thread (a worker waiting for a call, the caller
    /// waiting for the workers) polls, yielding its core every few
    /// microseconds, before it parks: the analogue of OpenMP's
    /// `GOMP_SPINCOUNT`, measured in time. Zero parks at once; more than
    /// [`MAX_SPIN_BUDGET`] is refused ([`PoolConfig::with_spin_budget`],
    /// [`crate::session()`]). Spinning keeps a core busy, so at most
    /// [`doall_kernel::available_threads`] threads spin, the caller counted:
    /// with more threads than cores, the workers beyond the first
    /// `cores − 1` park at once, and so does a waiting caller.
    pub spin_budget: Duration,
    /// Whether the caller, done with its own share, runs the shares that no
    /// worker has started yet instead of waiting for their workers to wake.
    pub take_back: bool,
    /// What waking a parked worker is worth, in time the caller would
    /// otherwise spend running the worker's share itself. With take-back, a
    /// worker found parked is woken only once the shares the caller ran in
    /// its place since it parked, plus the share of this call, add up to
    /// this much; until then the caller runs its share and makes no system
    /// call. (The first call that finds a worker parked wakes it: the
    /// caller has not timed a share yet.) Zero wakes every parked worker at
    /// every call; without take-back it is ignored, since the caller must
    /// wake every worker.
    pub wake_up_price: Duration,
}

impl Default for PoolConfig {
    /// [`DEFAULT_SPIN_BUDGET`], take-back on, [`DEFAULT_WAKE_UP_PRICE`].
    fn default() -> PoolConfig {
        PoolConfig {
            spin_budget: DEFAULT_SPIN_BUDGET,
            take_back: true,
            wake_up_price: DEFAULT_WAKE_UP_PRICE,
        }
    }
}

impl PoolConfig {
    /// This configuration with `spin_budget` as its spin budget.
    ///
    /// # Errors
    /// [`Error::SpinBudget`] if `spin_budget` is above [`MAX_SPIN_BUDGET`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use doall_pool::{Error, PoolConfig};
    ///
    /// let config = PoolConfig::default().with_spin_budget(Duration::from_millis(1))?;
    /// assert_eq!(config.spin_budget, Duration::from_millis(1));
    ///
    /// let err = PoolConfig::default().with_spin_budget(Duration::from_secs(5));
    /// assert!(matches!(err, Err(Error::SpinBudget { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_spin_budget(self, spin_budget: Duration) -> Result<PoolConfig, Error> {
        check_spin_budget(spin_budget)?;
        Ok(PoolConfig {
            spin_budget,
            ..self
        })
    }
}

/// Refuses a spin budget above [`MAX_SPIN_BUDGET`]. The fields of
/// [`PoolConfig`] are public, so [`crate::session()`] checks again.
pub(crate) fn check_spin_budget(budget: Duration) -> Result<(), Error> {
    if budget > MAX_SPIN_BUDGET {
        return Err(Error::SpinBudget {
            budget,
            max: MAX_SPIN_BUDGET,
        });
    }
    Ok(())
}

/// Reads a spin budget written for people: a number and a unit, such as
/// `0`, `50us`, `200µs`, `1ms`, `1.5ms` or `50 us`, at most
/// [`MAX_SPIN_BUDGET`].
///
/// The parsing is `humantime`'s: it also accepts `ns`, `s`, longer names
/// (`usec`, `msec`) and sums (`1ms 500us`), and refuses negative numbers,
/// since a [`Duration`] cannot be negative.
///
/// # Errors
/// [`Error::SpinBudgetText`], one line naming the text and what is
/// accepted, if it is not a duration or is one above [`MAX_SPIN_BUDGET`].
///
/// ```
/// use std::time::Duration;
/// use doall_pool::{Error, PoolConfig, parse_spin_budget};
///
/// assert_eq!(parse_spin_budget("200us")?, Duration::from_micros(200));
/// assert_eq!(parse_spin_budget("1.5ms")?, Duration::from_micros(1500));
/// let config = PoolConfig::default().with_spin_budget(parse_spin_budget("50µs")?)?;
/// assert_eq!(config.spin_budget.as_micros(), 50);
///
/// let err = parse_spin_budget("fast").expect_err("not a duration");
/// assert!(err.to_string().starts_with(r#"spin budget "fast" is not valid"#));
/// assert_eq!(
///     parse_spin_budget("200s").expect_err("over a second").to_string(),
///     "spin budget \"200s\" is not valid (200s is more than the limit); \
///      expected a duration of at most 1s, such as 0, 50us, 200µs or 1.5ms",
/// );
/// # Ok::<(), Error>(())
/// ```
pub fn parse_spin_budget(text: &str) -> Result<Duration, Error> {
    let refuse = |reason: String| Error::SpinBudgetText {
        text: text.to_owned(),
        reason,
    };
    // The micro sign (U+00B5) and the Greek small letter mu (U+03BC) look
    // the same, and keyboards type either; humantime knows only the first.
    // Both take two bytes in UTF-8, so the byte offsets in humantime's
    // messages still point into the text as it was given.
    let text_with_micro_sign = text.replace('\u{3bc}', "\u{b5}");
    let budget =
        humantime::parse_duration(&text_with_micro_sign).map_err(|err| refuse(err.to_string()))?;
    // The text gets its own error, which names it as it was written, rather
    // than `Error::SpinBudget`, which names the parsed value.
    check_spin_budget(budget).map_err(|_| refuse(format!("{budget:?} is more than the limit")))?;
    Ok(budget)
}

/// Why a session did not run, or a request within it was refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The session cannot have its threads: the plan needs more than
    /// [`crate::MAX_THREADS`] ([`ThreadError::TooMany`]), or the OS refused
    /// to start a worker ([`ThreadError::Refused`], the caller counted as
    /// a started thread). The session did not run `body`, and `v` is
    /// untouched.
    #[error(transparent)]
    Threads(#[from] ThreadError),
    /// The spin budget is above [`MAX_SPIN_BUDGET`]: the session did not
    /// start, and `v` is untouched.
    #[error("a spin budget of {budget:?} is more than the limit of {max:?}")]
    SpinBudget {
        /// The budget asked for.
        budget: Duration,
        /// [`MAX_SPIN_BUDGET`].
        max: Duration,
    },
    /// [`parse_spin_budget`] was given text that is not a duration, or is
    /// one above [`MAX_SPIN_BUDGET`].
    #[error(
        "spin budget {text:?} is not valid ({reason}); expected a duration of at most {max:?}, such as 0, 50us, 200µs or 1.5ms",
        max = MAX_SPIN_BUDGET
    )]
    SpinBudgetText {
        /// The text, as it was given.
        text: String,
        /// What is wrong with it. A message rather than `humantime`'s error
        /// type, so that the parser stays out of this crate's public API.
        reason: String,
    },
    /// [`crate::Session::copy_from_slice`] was given a slice of another
    /// length.
    #[error("cannot copy {got} elements into a vector of {expected}")]
    LengthMismatch {
        /// The vector's length.
        expected: usize,
        /// The source's length.
        got: usize,
    },
}

#[cfg(test)]
mod tests {
    use doall_kernel::{Plan, Workload};

    use super::*;

    #[test]
    fn human_durations_are_accepted() {
        let us = Duration::from_micros;
        for (text, expected) in [
            ("0", Duration::ZERO),
            ("0s", Duration::ZERO),
            ("200us", us(200)),
            ("200µs", us(200)), // the micro sign, U+00B5
            ("200μs", us(200)), // the Greek small letter mu, U+03BC
            ("200usec", us(200)),
            ("1ms", us(1000)),
            ("1.5ms", us(1500)),
            ("50 us", us(50)),
            (" 50us ", us(50)),
            ("750ns", Duration::from_nanos(750)),
            ("1ms 500us", us(1500)),
            ("1s", MAX_SPIN_BUDGET),
            ("1000ms", MAX_SPIN_BUDGET),
        ] {
            let parsed = parse_spin_budget(text);
            assert_eq!(parsed.ok(), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn garbage_and_too_large_budgets_are_refused_in_one_line() {
        for (text, reason) in [
            ("fast", "expected number"),
            ("-1ms", "expected number"),
            ("", "empty"),
            ("   ", "empty"),
            ("10 parsecs", "unknown time unit \"parsecs\""),
            ("1.ms", "invalid character"),
            ("1e3us", "unknown time unit"),
            ("0.1ns", "below 1ns"),
            ("99999999999999999999s", "too large"),
            ("2s", "2s is more than the limit"),
            ("1000001us", "1.000001s is more than the limit"),
            ("1 week", "604800s is more than the limit"),
        ] {
            let err = parse_spin_budget(text).expect_err(text);
            let Error::SpinBudgetText { text: named, .. } = &err else {
                panic!("{text:?}: {err:?}");
            };
            assert_eq!(named, text);
            let message = err.to_string();
            let named = format!("spin budget {text:?} is not valid (");
            assert!(message.starts_with(&named), "{message}");
            assert!(message.contains(reason), "{text:?}: {message}");
            assert!(
                message.ends_with(
                    "expected a duration of at most 1s, such as 0, 50us, 200µs or 1.5ms"
                ),
                "{message}"
            );
            assert!(!message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn with_spin_budget_refuses_more_than_the_max() {
        let config = PoolConfig::default();
        let at_max = config.with_spin_budget(MAX_SPIN_BUDGET);
        assert_eq!(at_max.ok().map(|c| c.spin_budget), Some(MAX_SPIN_BUDGET));
        let zero = config.with_spin_budget(Duration::ZERO);
        assert_eq!(zero.ok().map(|c| c.spin_budget), Some(Duration::ZERO));

        let over = MAX_SPIN_BUDGET + Duration::from_nanos(1);
        let err = config.with_spin_budget(over).expect_err("over the max");
        assert!(
            matches!(err, Error::SpinBudget { budget, max } if budget == over && max == MAX_SPIN_BUDGET),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "a spin budget of 1.000000001s is more than the limit of 1s"
        );
    }

    #[test]
    fn a_session_refuses_a_budget_over_the_max_before_it_starts() {
        let initial = vec![1.0, 2.0, 3.0];
        let mut v = initial.clone();
        let plan = Plan::new(2, None).expect("positive");
        let config = PoolConfig {
            spin_budget: Duration::from_secs(2),
            ..PoolConfig::default()
        };
        let mut body_ran = false;
        let err = crate::session(&mut v, &Workload::Light, plan, config, |pool| {
            body_ran = true;
            pool.do_all()
        })
        .expect_err("over the max");
        assert!(matches!(err, Error::SpinBudget { .. }), "{err:?}");
        assert!(!body_ran);
        assert_eq!(v, initial);
    }
}
