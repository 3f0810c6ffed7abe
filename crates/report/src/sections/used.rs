//! Threads used: how many OS threads really ran chunks, shown beside every
//! speedup and overhead. A strategy given T threads may still run a call on
//! fewer (rayon's caller can finish both halves of a tiny join before a
//! worker wakes up), and a speedup or an overhead measured so is not that of
//! T threads. These are the cells and the sentences that say so; records
//! from runs that did not probe the threads show a dash and make no claim.

use doall_results::ThreadsUsed;

use crate::{
    analysis::{FEW_USED, few_threads},
    format::{and_list, count, number, percent, plural, times},
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

/// The strategies whose cheap calls ran on fewer than 90% of their threads,
/// in one sentence: each with its fewest threads used on average, and why
/// their costs are then not those of the strategy with all its threads. The
/// table beside it (or the chart's hollow squares) has every call.
pub(crate) fn unforked_calls(strategies: &[String], costs: &[CallCost<'_>]) -> Vec<String> {
    // Each strategy's fewest threads used, as `1.00 of 2`; strategies with
    // the same figure share it.
    let mut fewest: Vec<(String, Vec<String>)> = Vec::new();
    for s in strategies {
        let worst = costs
            .iter()
            .filter(|c| &c.record.strategy == s && c.few_threads())
            .filter_map(|c| Some((c.record.threads, c.record.threads_used?)))
            .min_by(|a, b| (a.1.mean / a.0 as f64).total_cmp(&(b.1.mean / b.0 as f64)));
        let Some((threads, used)) = worst else {
            continue;
        };
        let figure = format!("{} of {}", number(used.mean), count(threads));
        let name = format!("{s}'s");
        match fewest.iter_mut().find(|(f, _)| *f == figure) {
            Some((_, names)) => names.push(name),
            None => fewest.push((figure, vec![name])),
        }
    }
    if fewest.is_empty() {
        return Vec::new();
    }
    let fewest: Vec<String> = fewest
        .into_iter()
        .map(|(figure, names)| format!("{} on {figure}", and_list(&names)))
        .collect();
    vec![format!(
        "Some cheap calls ran on fewer than 90% of their threads (hollow squares), at worst \
         {} threads on average: a call that stays on the caller pays no fork and no join, so \
         its cost is not that of the strategy with all its threads.",
        and_list(&fewest)
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        analysis::Run,
        fixtures::{record, results, used},
        format::{NBSP, micros},
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
