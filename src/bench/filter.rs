//! Which configurations a run measures: those whose name a filter of the
//! command line matches (`cargo bench -- heavy`), and that can run at all.

use doall_kernel::ThreadError;
use regex::Regex;

use super::{args::BenchArgs, matrix::Config};
use crate::Error;

/// The command line's filters: a benchmark runs if any matches its name.
#[derive(Debug, Clone)]
pub struct Filter {
    patterns: Vec<Regex>,
    exact: Vec<String>,
    reject_all: bool,
}

impl Filter {
    /// The filters of `args`: regular expressions, or with `--exact` whole
    /// names; `--ignored` matches nothing (no benchmark is ignored).
    ///
    /// ```
    /// use doall::bench::{args::BenchArgs, filter::Filter};
    /// let filter = Filter::new(&BenchArgs::parse(["--bench", "heavy/pool", "^light/seq/"])?)?;
    /// assert!(filter.matches("heavy/pool/t=2/c=2/4096"));
    /// assert!(filter.matches("light/seq/4096"));
    /// assert!(!filter.matches("overhead/elements-64/seq/64"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(args: &BenchArgs) -> Result<Filter, Error> {
        let mut patterns = Vec::new();
        if !args.exact {
            for filter in &args.filters {
                let regex = Regex::new(filter).map_err(|e| {
                    // The regex error draws the pattern over several lines;
                    // its last line says what is wrong.
                    let text = e.to_string();
                    let reason = text.lines().last().unwrap_or_default().trim().to_owned();
                    Error::BadFilter {
                        filter: filter.clone(),
                        reason,
                    }
                })?;
                patterns.push(regex);
            }
        }
        Ok(Filter {
            patterns,
            exact: if args.exact {
                args.filters.clone()
            } else {
                Vec::new()
            },
            reject_all: args.ignored,
        })
    }

    /// Whether the benchmark named `id` runs: no filter runs everything.
    pub fn matches(&self, id: &str) -> bool {
        if self.reject_all {
            return false;
        }
        if self.patterns.is_empty() && self.exact.is_empty() {
            return true;
        }
        self.patterns.iter().any(|p| p.is_match(id)) || self.exact.iter().any(|e| e == id)
    }
}

/// The configurations that match `filter` and can run. A plan that a
/// strategy refuses (more threads than it may start) is left out of every
/// round, and said so once.
pub fn runnable(configs: Vec<Config>, filter: &Filter) -> Result<Vec<Config>, Error> {
    let mut kept = Vec::new();
    for config in configs {
        if !filter.matches(&config.id) {
            continue;
        }
        match config.check_limits() {
            Ok(()) => kept.push(config),
            Err(
                refused @ Error::Threads {
                    source: ThreadError::TooMany { .. },
                    ..
                },
            ) => {
                println!("doall bench: skipping {}: {refused}", config.id);
            }
            Err(err) => return Err(err),
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{BenchMode, matrix::matrix};

    fn filter(args: &[&str]) -> Filter {
        let args = BenchArgs::parse(args).expect("valid arguments");
        Filter::new(&args).expect("valid filters")
    }

    #[test]
    fn no_filter_runs_everything() {
        let all = filter(&["--bench"]);
        assert!(all.matches("heavy/rayon/t=2/c=2/4096"));
        assert!(all.matches(""));
    }

    #[test]
    fn a_filter_is_a_regular_expression_matching_anywhere() {
        let pool = filter(&["--bench", "heavy/pool"]);
        assert!(pool.matches("heavy/pool/t=2/c=2/4096"));
        assert!(!pool.matches("heavy/rayon/t=2/c=2/4096"));
        assert!(!pool.matches("overhead/elements-64/pool/t=2/c=2/64"));
        let anywhere = filter(&["--bench", "pool"]);
        assert!(anywhere.matches("overhead/elements-64/pool/t=2/c=2/64"));
        let either = filter(&["--bench", "rayon|crossbeam", "^kernel/"]);
        assert!(either.matches("light/crossbeam/t=1/c=1/4096"));
        assert!(either.matches("kernel/fast/ramp/1048576"));
        assert!(!either.matches("light/seq/4096"));
    }

    #[test]
    fn exact_filters_match_whole_names_literally() {
        let exact = filter(&["--bench", "--exact", "light/seq/4096", "heavy.*"]);
        assert!(exact.matches("light/seq/4096"));
        assert!(!exact.matches("light/seq/40960"));
        assert!(!exact.matches("heavy/seq/4096"), "not a pattern");
        assert!(exact.matches("heavy.*"));
    }

    #[test]
    fn ignored_runs_nothing() {
        assert!(!filter(&["--ignored"]).matches("light/seq/4096"));
        assert!(!filter(&["--ignored", "light"]).matches("light/seq/4096"));
    }

    #[test]
    fn a_bad_pattern_is_one_line_naming_it() {
        let args = BenchArgs::parse(["--bench", "heavy("]).expect("valid arguments");
        let err = Filter::new(&args).expect_err("not a regular expression");
        let message = err.to_string();
        assert!(message.starts_with("the filter \"heavy(\" is not a regular expression: "));
        assert!(!message.contains('\n'), "{message}");
        // With --exact it is a name, not a pattern.
        let args = BenchArgs::parse(["--exact", "heavy("]).expect("valid arguments");
        assert!(Filter::new(&args).is_ok());
    }

    #[test]
    fn runnable_keeps_the_matching_configurations_in_order_and_drops_refused_plans() {
        let configs = matrix(BenchMode::Quick, &[1, usize::MAX], None).expect("plans build");
        let kept = runnable(configs.clone(), &filter(&["--bench", "^heavy/rayon/"]))
            .expect("only refusals");
        let ids: Vec<&str> = kept.iter().map(|c| c.id.as_str()).collect();
        let expected: Vec<&str> = configs
            .iter()
            .map(|c| c.id.as_str())
            .filter(|id| id.starts_with("heavy/rayon/t=1/"))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(ids, expected, "the refused t=usize::MAX plans are left out");
    }
}
