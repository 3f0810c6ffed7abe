//! The top of a run's page: its title, the machine, what ran (each strategy
//! with how many threads a call uses) and how to read the rest.

use doall_results::RunResults;
use maud::{Markup, html};

use crate::{
    analysis::{BASELINE, BEATS, CLEAR, Run},
    format::{and_list, bandwidth, count, minutes, plural, short_duration},
    palette::{CONTENDER_MARK, Palette},
    rounds::RoundsOfRun,
};

use super::{name_cell, title};

/// The machine table's rows: what, and its value.
pub(crate) fn machine_rows(results: &RunResults) -> Vec<(&'static str, String)> {
    let m = &results.machine;
    let unknown = || "unknown".to_owned();
    let ceiling = if m.bandwidth.is_empty() {
        "not measured".to_owned()
    } else {
        let parts: Vec<String> = m
            .bandwidth
            .iter()
            .map(|b| {
                format!(
                    "{} at {}",
                    bandwidth(b.gb_per_s),
                    plural(b.threads, "thread")
                )
            })
            .collect();
        parts.join(", ")
    };
    let duration = if m.duration_s > 0.0 {
        minutes(m.duration_s)
    } else {
        "not recorded".to_owned()
    };
    vec![
        ("Host", m.host.clone()),
        ("CPU", m.cpu_model.clone()),
        ("Logical cores", count(m.logical_cores)),
        (
            "Available parallelism (cores this process may use)",
            count(m.available_parallelism),
        ),
        ("Default thread count from", m.thread_source.clone()),
        ("OS", m.os.clone()),
        ("rustc", m.rustc.clone().unwrap_or_else(unknown)),
        ("Commit", m.git_commit.clone().unwrap_or_else(unknown)),
        ("Bench mode", m.bench_mode.clone()),
        ("Started (UTC)", m.started_utc.clone()),
        ("Duration", duration),
        ("Rounds", rounds_cell(RoundsOfRun::of(results))),
        ("Memory bandwidth ceiling (read + write)", ceiling),
        (
            "pool's spin budget (idle threads spin, then park)",
            m.spin_budget_s
                .map_or_else(|| "not recorded".to_owned(), short_duration),
        ),
    ]
}

/// The rounds as the machine table states them.
fn rounds_cell(rounds: RoundsOfRun) -> String {
    if !rounds.recorded {
        "1 (no round lists recorded)".to_owned()
    } else if rounds.rounds == 1 {
        "1".to_owned()
    } else {
        format!("{}, interleaved", count(rounds.rounds))
    }
}

/// One row of the what-ran table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StrategyRow {
    /// The strategy's name.
    pub(crate) name: String,
    /// What it is, as the registry said (with the language and version of
    /// a peer program).
    pub(crate) summary: String,
    /// How many OS threads a call uses, as the registry said.
    pub(crate) threads_rule: String,
    /// The thread counts it was measured at, e.g. `1, 2, 4`.
    pub(crate) measured: String,
}

/// Every strategy of the run in report order: the registry's description
/// where the run recorded one (a version 1 file did not).
pub(crate) fn strategy_rows(results: &RunResults) -> Vec<StrategyRow> {
    results
        .strategy_order()
        .into_iter()
        .map(|name| {
            let info = results.strategies.iter().find(|s| s.name == name);
            let mut threads: Vec<usize> = results
                .records
                .iter()
                .filter(|r| r.strategy == name)
                .map(|r| r.threads)
                .collect();
            threads.sort_unstable();
            threads.dedup();
            let measured: Vec<String> = threads.iter().map(|&t| count(t)).collect();
            StrategyRow {
                name: name.to_owned(),
                summary: info.map_or_else(
                    || "not recorded".to_owned(),
                    |i| match &i.peer {
                        Some(version) => format!("{} ({version})", i.summary),
                        None => i.summary.clone(),
                    },
                ),
                threads_rule: info
                    .map_or_else(|| "not recorded".to_owned(), |i| i.threads_rule.clone()),
                measured: if measured.is_empty() {
                    "not measured".to_owned()
                } else {
                    measured.join(", ")
                },
            }
        })
        .collect()
}

/// How many samples each figure is the fastest of.
pub(crate) fn sample_note(results: &RunResults) -> String {
    let samples: Vec<usize> = results.records.iter().map(|r| r.timing.samples).collect();
    match (samples.iter().min(), samples.iter().max()) {
        (Some(lo), Some(hi)) if lo == hi => format!("{} samples", count(*lo)),
        (Some(lo), Some(hi)) => format!("{} to {} samples", count(*lo), count(*hi)),
        _ => "its samples".to_owned(),
    }
}

/// What the rounds mean for the claims of the report.
pub(crate) fn rounds_note(rounds: RoundsOfRun) -> String {
    if rounds.rounds == 1 {
        return "This run had one round: its claims rest on the fastest samples alone, so \
                read a margin of a few percent as a tie."
            .to_owned();
    }
    let mut note = format!(
        "The run measured every configuration in {r} interleaved rounds (each round runs \
         the whole matrix once, in a shuffled order, one workload and length after \
         another), and a figure is the fastest sample \
         over all {r}. A claim (that a strategy beats seq, is fastest, or crosses over at \
         some length) is shown only if it held in all {r} rounds, comparing round i of one \
         measurement with round i of the other, which ran under the same machine state; \
         otherwise the report calls it a tie within noise.",
        r = count(rounds.rounds)
    );
    if rounds.incomplete > 0 {
        note.push_str(&format!(
            " {} of {} lack one or more rounds: claims about them rest on the fastest \
             sample alone.",
            plural(rounds.incomplete, "measurement"),
            count(rounds.measurements)
        ));
    }
    note
}

/// The baselines of the run's peers that ran (`go-seq`, `openmp-seq`).
fn peer_baselines(results: &RunResults) -> Vec<&str> {
    let mut baselines: Vec<&str> = Vec::new();
    let ran = |name: &str| {
        results.records.iter().any(|r| r.strategy == name)
            || results.overhead.iter().any(|o| o.strategy == name)
    };
    for s in &results.strategies {
        if s.peer.is_some() && ran(&s.name) && !baselines.contains(&s.baseline.as_str()) {
            baselines.push(&s.baseline);
        }
    }
    baselines
}

/// The contenders the run measured, as their crates and versions (`chili
/// 0.2.1`), in registry order; empty without any.
fn contender_crates(results: &RunResults) -> Vec<String> {
    results
        .strategies
        .iter()
        .filter(|s| results.records.iter().any(|r| r.strategy == s.name))
        .filter_map(|s| s.contender.clone())
        .collect()
}

/// Whether the run counted the threads that ran chunks (version 3 on).
fn probed(results: &RunResults) -> bool {
    results.records.iter().any(|r| r.threads_used.is_some())
        || results.overhead.iter().any(|o| o.threads_used.is_some())
}

/// Title, machine table, what ran and the note on how to read the report.
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let results = run.results;
    let strategies = strategy_rows(results);
    html! {
        h1 { (title(results)) }
        table.machine {
            thead { tr { th { "Machine" } th { "Value" } } }
            tbody {
                @for (what, value) in machine_rows(results) { tr { td { (what) } td { (value) } } }
            }
        }
        @if !strategies.is_empty() {
            h2 { "What ran" }
            table.machine.strategies {
                thead { tr {
                    th { "strategy" } th { "what it is" } th { "threads per call" }
                    th { "thread counts measured" }
                } }
                tbody {
                    @for s in &strategies {
                        tr {
                            td { (name_cell(palette, &s.name, "")) }
                            td { (s.summary) }
                            td { (s.threads_rule) }
                            td { (s.measured) }
                        }
                    }
                }
            }
            p.note {
                "Every speedup is against " code { (BASELINE) } ", one thread running the \
                 same fast kernel."
                @let baselines = peer_baselines(results);
                @if !baselines.is_empty() {
                    " A peer, marked " (crate::palette::PEER_MARK.trim()) " and drawn with long \
                     dashes on every chart, is a program in another language run beside the \
                     Rust strategies in the same rounds ("
                    (crate::sections::peer::peer_descriptions(&baselines))
                    "). Its kernel runs at its language's speed, so its speedups and \
                     overheads are against its own sequential loop ("
                    @for (i, b) in baselines.iter().enumerate() {
                        @if i > 0 { ", " }
                        code { (b) }
                    }
                    "), never against " code { (BASELINE) } "."
                }
            }
        }
        div.howto {
            p {
                strong { "How to read this." } " Every figure comes from the " em { "fastest" }
                " of " (sample_note(results)) " (each sample is the mean time of many calls): \
                 on a shared machine the median of the same benchmark swings by 30% or more \
                 from run to run, while the fastest sample holds within a few percent. Each \
                 point's bar reaches from it to the upper 95% confidence bound of the median, \
                 so a long bar shows a noisy measurement."
            }
            p { (rounds_note(RoundsOfRun::of(results))) }
            p {
                em { "Speedup" } " is seq's fastest time divided by the strategy's at the same \
                 length; " em { "efficiency" } " is speedup divided by threads (1 is perfect). "
                em { "Beats" } " means faster by more than " (percent_over(BEATS))
                " in every round, with rounds that agree: the lower 95% confidence bound of \
                 their mean ratio (a round ahead by twice the margin or more counted as just \
                 that) clears the margin too, so rounds scattered just above it make a tie. \
                 A win whose weakest round is faster by no more than "
                (percent_over(CLEAR)) " is " em { "marginal" } ", worded as \"at most a few \
                 percent\", since a second run may call it a tie. For the same reason one \
                 strategy is named " em { "ahead" } " of another (fastest, cheapest, above \
                 its speedup) only when it is faster by more than " (percent_over(CLEAR))
                " in every round, and the report picks seq for a cell of \"which strategy\" \
                 unless a parallel strategy is; closer, they tie. Whether a strategy is \
                 among the fastest asks its pairs with all the others at once, so each \
                 pair's bound is taken at 95% for all of them together (Bonferroni), not \
                 for the pair alone. A " em { "crossover" }
                " is an interval: above the largest length at which seq wins in every round, \
                 at or below the smallest from which the strategy wins in every round at \
                 every larger length; in between, a round was within noise. " em { "COST" }
                " is the fewest threads at which a strategy beats seq. A point whose median \
                 lies more than 20% above its fastest sample, or whose median's confidence \
                 interval is wider than 20% of it, is drawn hollow and listed as noisy: do not \
                 read much into it."
                @if probed(results) {
                    " " em { "Threads used" } " is the mean number of OS threads that really \
                     ran chunks, counted on untimed calls made right after the timed ones: a \
                     strategy given T threads may still run a small call on fewer. A point \
                     whose calls ran on fewer than 90% of their threads, by more than chance over \
                     the calls counted, is drawn as a hollow square and named in the findings: it \
                     is not the speed of T threads."
                }
            }
            @let crates = contender_crates(results);
            @if !crates.is_empty() {
                p {
                    "A " strong { "diamond ◆" } " on a chart marks a " em { "contender" }
                    ": another crate's fork-join (" (and_list(&crates)) "), called on the \
                     same chunk kernel in the same rounds and measured against seq like ours, \
                     in colours of its own. Tables name it " (CONTENDER_MARK.trim()) "."
                }
            }
        }
    }
}

/// How much faster a ratio such as [`BEATS`] is, in whole percent: `3%`.
fn percent_over(ratio: f64) -> String {
    format!("{:.0}%", (ratio - 1.0) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{full_run, record, results};

    #[test]
    fn the_machine_table_says_when_the_run_started_how_long_it_took_and_its_rounds() {
        let rows = machine_rows(&full_run());
        let value = |what: &str| {
            rows.iter()
                .find(|(w, _)| *w == what)
                .map(|(_, v)| v.replace('\u{a0}', " "))
                .expect("row present")
        };
        assert_eq!(value("Started (UTC)"), "2025-01-02T03:04:05Z");
        // The fixture's run took 312 s.
        assert_eq!(value("Duration"), "5 min 12 s");
        assert_eq!(value("Rounds"), "3, interleaved");
        assert_eq!(
            value("pool's spin budget (idle threads spin, then park)"),
            "200 µs"
        );
        assert_eq!(
            value("Memory bandwidth ceiling (read + write)"),
            "24.0 GB/s at 1 thread, 31.0 GB/s at 2 threads"
        );
    }

    #[test]
    fn what_ran_lists_each_strategy_with_its_threads_rule() {
        let mut r = results(vec![
            record("seq", "heavy", 1, 1, 1, 1.0),
            record("rayon", "heavy", 1, 4, 4, 1.0),
            record("rayon", "heavy", 1, 2, 2, 1.0),
            record("mine", "heavy", 1, 2, 2, 1.0),
        ]);
        r.strategies[3].threads_rule = "the pool's, started once".to_owned();
        let rows = strategy_rows(&r);
        let names: Vec<&str> = rows.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["seq", "std-mpsc", "crossbeam", "rayon", "mine"]);
        assert_eq!(rows[3].threads_rule, "the pool's, started once");
        assert_eq!(rows[3].measured, "2, 4");
        assert_eq!(rows[1].measured, "not measured");
        assert_eq!(rows[4].summary, "not recorded", "not in the registry");
    }

    #[test]
    fn the_rounds_note_states_the_rule_or_the_single_round() {
        let three = RoundsOfRun {
            rounds: 3,
            recorded: true,
            incomplete: 0,
            measurements: 10,
        };
        let note = rounds_note(three);
        assert!(note.contains("in 3 interleaved rounds"), "{note}");
        assert!(note.contains("only if it held in all 3 rounds"), "{note}");
        assert!(!note.contains("lack"), "{note}");
        let short = rounds_note(RoundsOfRun {
            incomplete: 2,
            ..three
        });
        assert!(
            short
                .replace('\u{a0}', " ")
                .contains("2 measurements of 10 lack"),
            "{short}"
        );
        let v1 = RoundsOfRun {
            rounds: 1,
            recorded: false,
            incomplete: 0,
            measurements: 10,
        };
        let one = rounds_note(v1);
        assert!(one.starts_with("This run had one round"), "{one}");
        assert_eq!(rounds_cell(three), "3, interleaved");
        assert_eq!(rounds_cell(v1), "1 (no round lists recorded)");
        let single = RoundsOfRun {
            recorded: true,
            ..v1
        };
        assert_eq!(rounds_cell(single), "1");
    }
}
