//! The spin budget: the longest one a pool accepts, and how one is read
//! from text such as a command-line flag or an environment variable.

use std::time::Duration;

use crate::{Error, PoolConfig};

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
/// [`PoolConfig`] are public, so [`crate::session`] checks again.
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
/// [`Error::SpinBudgetText`], naming the text, if it is not a duration or
/// is one above [`MAX_SPIN_BUDGET`].
///
/// ```
/// use std::time::Duration;
/// use doall_pool::parse_spin_budget;
///
/// assert_eq!(parse_spin_budget("200us")?, Duration::from_micros(200));
/// assert_eq!(parse_spin_budget("1.5ms")?, Duration::from_micros(1500));
/// let err = parse_spin_budget("fast").expect_err("not a duration");
/// assert!(err.to_string().starts_with(r#"spin budget "fast" is not valid"#));
/// # Ok::<(), doall_pool::Error>(())
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
