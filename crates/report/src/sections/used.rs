//! Threads used: how many OS threads really ran chunks, shown beside every
//! speedup and overhead. A strategy given T threads may still run a call on
//! fewer (rayon's caller can finish both halves of a tiny join before a
//! worker wakes up), and a speedup or an overhead measured so is not that of
//! T threads. These are the cells and the sentences that say so; records
//! from runs that did not probe the threads show a dash and make no claim.

use doall_results::{OverheadSize, ThreadsUsed};

use crate::{
    analysis::{FEW_USED, few_threads},
    format::{and_list, count, micros, number, percent, plural, short_duration, times},
    per_call::CallCost,
};

use super::speedup_chart::SpeedupLine;

/// The cell of a table: `1.98 of 2`, or a dash without data.
pub(crate) fn used_cell(used: Option<ThreadsUsed>, threads: usize) -> String {
    match used {
        Some(u) => format!("{} of {}", number(u.mean), count(threads)),
        None => "—".to_owned(),
    }
}

/// The cell with the share of calls that ran on all threads: `1.98 (98% on
/// all)`, or a dash without data.
pub(crate) fn used_with_share(used: Option<ThreadsUsed>) -> String {
    match used {
        Some(u) => format!("{} ({} on all)", number(u.mean), percent(u.all_share)),
        None => "—".to_owned(),
    }
}

/// What the calls did instead of using all their threads, after a dash.
/// Calls that never forked get the same words as calls that rarely did:
/// whether 0 or 3 of 300 probed calls forked is chance, and a second run
/// must say the same.
fn what_happened(u: ThreadsUsed, threads: usize) -> String {
    format!(
        "only {} of the calls ran on all {}",
        percent(u.all_share),
        plural(threads, "thread")
    )
}

/// The speedup points of `lines` whose calls ran on few threads, named in
/// words: up to three as one sentence each, more as one sentence listing
/// them. Nothing if every point used its threads or none was probed.
pub(crate) fn few_used_speedups(workload: &str, len: usize, lines: &[SpeedupLine]) -> Vec<String> {
    let points: Vec<(String, f64, usize, ThreadsUsed)> = lines
        .iter()
        .flat_map(|l| {
            l.points.iter().filter_map(|p| {
                let u = p.used.filter(|_| few_threads(p.used, p.threads))?;
                Some((l.label(), p.speedup, p.threads, u))
            })
        })
        .collect();
    if points.len() > 3 {
        let named: Vec<String> = points
            .iter()
            .map(|(name, _, t, u)| {
                format!(
                    "{name} at {} ({} used)",
                    plural(*t, "thread"),
                    number(u.mean)
                )
            })
            .collect();
        return vec![format!(
            "{} points of {workload} at {} elements ran on fewer than {} of their threads \
             (hollow squares): {}.",
            count(points.len()),
            count(len),
            percent(FEW_USED),
            and_list(&named)
        )];
    }
    points
        .iter()
        .map(|(name, speedup, t, u)| {
            format!(
                "{name} at {} elements ({workload}, {}): {} with {} threads used — {}.",
                count(len),
                plural(*t, "thread"),
                times(*speedup),
                number(u.mean),
                what_happened(*u, *t)
            )
        })
        .collect()
}

/// The caption's sentence on hollow squares, if the chart has any.
pub(crate) fn square_note(any: bool) -> &'static str {
    if any {
        " A hollow square marks a point whose calls ran on fewer than 90% of their T \
         threads on average (threads used, counted on probed calls after the timed ones): \
         it is not the speed of T threads."
    } else {
        ""
    }
}

/// One sentence per strategy whose calls in `costs` ran on few threads,
/// naming each size and thread count (and the gaps, listed together), then
/// one for all: a cheap call that stayed on the caller measured no fork
/// and no join, so its overhead is not theirs.
pub(crate) fn unforked_calls(strategies: &[String], costs: &[CallCost<'_>]) -> Vec<String> {
    let mut sentences = Vec::new();
    for s in strategies {
        let few: Vec<(&CallCost<'_>, ThreadsUsed)> = costs
            .iter()
            .filter(|c| &c.record.strategy == s && c.few_threads())
            .filter_map(|c| Some((c, c.record.threads_used?)))
            .collect();
        let mut groups: Vec<(OverheadSize, usize)> = few
            .iter()
            .map(|(c, _)| (c.record.size, c.record.threads))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let parts: Vec<String> = groups
            .iter()
            .map(|&(size, threads)| {
                let mut calls: Vec<&(&CallCost<'_>, ThreadsUsed)> = few
                    .iter()
                    .filter(|(c, _)| c.record.size == size && c.record.threads == threads)
                    .collect();
                calls.sort_by(|a, b| a.0.record.idle_gap_s.total_cmp(&b.0.record.idle_gap_s));
                let gaps: Vec<f64> = calls.iter().map(|(c, _)| c.record.idle_gap_s).collect();
                let means: Vec<f64> = calls.iter().map(|(_, u)| u.mean).collect();
                let shares: Vec<f64> = calls.iter().map(|(_, u)| u.all_share).collect();
                let over = match calls.as_slice() {
                    [(c, _)] => {
                        format!(", {} over {}", micros(c.overhead_s()), c.baseline.strategy)
                    }
                    _ => String::new(),
                };
                format!(
                    "{} at {}{} ran on {} threads on average ({} of calls on all){over}",
                    size.describe(),
                    plural(threads, "thread"),
                    gap_words(&gaps),
                    span(&means, number),
                    span(&shares, percent)
                )
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        sentences.push(format!(
            "{s}'s cheap calls did not use all their threads: {}.",
            parts.join("; ")
        ));
    }
    if !sentences.is_empty() {
        // Said once for all: repeated after each strategy it was half the
        // section.
        sentences.push(
            "A call that stays on the caller pays no fork and no join, so the costs of such \
             calls are not those of the strategy with all its threads."
                .to_owned(),
        );
    }
    sentences
}

/// The values from lowest to highest as `1.02`, or `1.02 to 1.04` when they
/// differ in the way they are written.
fn span(values: &[f64], write: fn(f64) -> String) -> String {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = (write(lo), write(hi));
    if lo == hi {
        lo
    } else {
        format!("{lo} to {hi}")
    }
}

/// Where the calls stand in time: nothing for back-to-back calls alone,
/// else ` after a 10 µs gap` or ` back to back and after gaps of 10 µs and
/// 1 ms`.
fn gap_words(gaps: &[f64]) -> String {
    let after: Vec<String> = gaps
        .iter()
        .filter(|g| **g > 0.0)
        .map(|g| short_duration(*g))
        .collect();
    let back = gaps.contains(&0.0);
    match (back, after.as_slice()) {
        (_, []) => String::new(),
        (false, [one]) => format!(" after a {one} gap"),
        (true, [one]) => format!(" back to back and after a {one} gap"),
        (false, _) => format!(" after gaps of {}", and_list(&after)),
        (true, _) => format!(" back to back and after gaps of {}", and_list(&after)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        analysis::Run,
        fixtures::{record, results, used},
        format::NBSP,
        sections::speedup_lines,
    };

    fn text(sentences: &[String]) -> String {
        sentences.join(" ").replace(NBSP, " ")
    }

    #[test]
    fn cells_show_the_mean_and_a_dash_without_data() {
        assert_eq!(
            used_cell(used(1.98, 0.98), 2).replace(NBSP, " "),
            "1.98 of 2"
        );
        assert_eq!(used_cell(None, 2), "—");
        assert_eq!(used_with_share(used(1.04, 0.04)), "1.04 (4% on all)");
        assert_eq!(used_with_share(None), "—");
        assert_eq!(micros(1.9e-6).replace(NBSP, " "), "1.90 µs");
        assert_eq!(micros(-2e-8).replace(NBSP, " "), "−0.0200 µs");
        assert_eq!(span(&[1.02, 1.04, 1.02], number), "1.02 to 1.04");
        assert_eq!(span(&[0.021, 0.018], percent), "2%");
        assert_eq!(gap_words(&[0.0]), "");
        assert_eq!(
            gap_words(&[0.0, 1e-5, 1e-3]).replace(NBSP, " "),
            " back to back and after gaps of 10 µs and 1 ms"
        );
        assert_eq!(gap_words(&[1e-4]).replace(NBSP, " "), " after a 100 µs gap");
    }

    #[test]
    fn a_speedup_that_did_not_fork_is_named() {
        // seq 8 s at 4 096 elements; rayon 6.67 s at 2 threads (1.20×) on
        // 1.00 thread used; crossbeam 3 s at 4 threads (2.67×) on 2.6 of 4
        // (2.6 < 0.9 × 4 = 3.6), all 4 in 30% of calls; std-mpsc 4.2 s at 2
        // threads on 1.9 of 2 (not few: 1.9 ≥ 1.8) and 2.5 s at 4 threads
        // not probed (no claim).
        let mut r = results(vec![
            record("seq", "heavy", 4096, 1, 1, 8.0),
            record("rayon", "heavy", 4096, 2, 2, 8.0 / 1.2),
            record("crossbeam", "heavy", 4096, 4, 4, 3.0),
            record("std-mpsc", "heavy", 4096, 2, 2, 4.2),
            record("std-mpsc", "heavy", 4096, 4, 4, 2.5),
        ]);
        r.records[1].threads_used = used(1.0, 0.0);
        r.records[2].threads_used = used(2.6, 0.3);
        r.records[3].threads_used = used(1.9, 0.9);
        let run = Run::new(&r);
        let lines = speedup_lines(&run, "heavy", 4096);
        assert_eq!(
            text(&few_used_speedups("heavy", 4096, &lines)),
            "crossbeam at 4 096 elements (heavy, 4 threads): 2.67× with 2.60 threads used — \
             only 30% of the calls ran on all 4 threads. \
             rayon at 4 096 elements (heavy, 2 threads): 1.20× with 1.00 threads used — only \
             0% of the calls ran on all 2 threads."
        );
    }

    #[test]
    fn many_unforked_points_make_one_sentence() {
        let mut records = vec![record("seq", "heavy", 64, 1, 1, 1.0)];
        for t in [2, 4, 8, 16] {
            let mut r = record("rayon", "heavy", 64, t, t, 1.0);
            r.threads_used = used(1.0, 0.0);
            records.push(r);
        }
        let r = results(records);
        let run = Run::new(&r);
        let lines = speedup_lines(&run, "heavy", 64);
        assert_eq!(
            text(&few_used_speedups("heavy", 64, &lines)),
            "4 points of heavy at 64 elements ran on fewer than 90% of their threads \
             (hollow squares): rayon at 2 threads (1.00 used), rayon at 4 threads (1.00 \
             used), rayon at 8 threads (1.00 used) and rayon at 16 threads (1.00 used)."
        );
        let unprobed = results(vec![
            record("seq", "heavy", 64, 1, 1, 1.0),
            record("rayon", "heavy", 64, 2, 2, 1.0),
        ]);
        let run = Run::new(&unprobed);
        assert!(few_used_speedups("heavy", 64, &speedup_lines(&run, "heavy", 64)).is_empty());
    }
}
