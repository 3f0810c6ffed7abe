//! The single-thread kernel micro-benchmark: the plain loop against the fast
//! kernel, per workload.

use doall_kernel::Workload;
use doall_results::{KernelRecord, RunResults, Timing, words::agreeing};
use maud::{Markup, html};

use crate::{
    analysis::{BEATS, best, is_noisy, ordered},
    format::{NBSP, count, number, times},
    rounds::{Lead, RoundValues, Verdict, highest, lowest, wins_in_every_round},
};

use super::{findings, names_with_verb};

/// The margin a larger gain must show in every round to be called larger.
const GAIN_MARGIN: f64 = BEATS;

/// The plain and the fast kernel on one workload, at one length.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KernelPair<'a> {
    /// The workload.
    pub(crate) workload: String,
    /// The length both were measured at (the largest such).
    pub(crate) len: usize,
    /// The plain loop.
    pub(crate) plain: &'a KernelRecord,
    /// The fast kernel.
    pub(crate) fast: &'a KernelRecord,
}

impl KernelPair<'_> {
    /// How many times faster the fast kernel is (ratio of fastest samples).
    pub(crate) fn speedup(&self) -> f64 {
        best(&self.plain.timing) / best(&self.fast.timing)
    }

    /// Whether the fast kernel beats the plain loop in every round.
    pub(crate) fn verdict(&self) -> Verdict {
        wins_in_every_round(&self.fast.timing, &self.plain.timing, BEATS)
    }

    /// The fast kernel's time as a fraction of the plain loop's, round by
    /// round: lower is a larger gain.
    pub(crate) fn time_ratio(&self) -> RoundValues {
        RoundValues::ratio(
            &RoundValues::of(&self.fast.timing),
            &RoundValues::of(&self.plain.timing),
        )
    }
}

/// Nanoseconds per element of one call.
pub(crate) fn ns_per_element(timing: &Timing, len: usize) -> f64 {
    best(timing) / len.max(1) as f64 * 1e9
}

/// Elements per second of one call.
pub(crate) fn elements_per_s(timing: &Timing, len: usize) -> f64 {
    len as f64 / best(timing)
}

/// The plain/fast pairs of the kernel micro-benchmark, one per workload, in
/// the report's workload order.
pub(crate) fn kernel_pairs(results: &RunResults) -> Vec<KernelPair<'_>> {
    let known = Workload::ALL.iter().map(|w| w.name());
    let workloads = ordered(known, results.kernel.iter().map(|k| k.workload.as_str()));
    let find = |kernel: &str, workload: &str, len: usize| {
        results
            .kernel
            .iter()
            .find(|k| k.kernel == kernel && k.workload == workload && k.len == len)
    };
    workloads
        .into_iter()
        .filter_map(|workload| {
            let len = results
                .kernel
                .iter()
                .filter(|k| k.workload == workload && k.kernel == "plain")
                .map(|k| k.len)
                .filter(|&len| find("fast", &workload, len).is_some())
                .max()?;
            Some(KernelPair {
                plain: find("plain", &workload, len)?,
                fast: find("fast", &workload, len)?,
                workload,
                len,
            })
        })
        .collect()
}

/// One sentence per workload: how much faster the fast kernel is, if it is
/// in every round.
pub(crate) fn pair_sentence(p: &KernelPair<'_>) -> String {
    let fast = number(ns_per_element(&p.fast.timing, p.len));
    let plain = number(ns_per_element(&p.plain.timing, p.len));
    match p.verdict() {
        Verdict::Wins => format!(
            "On {} the fast kernel takes {fast}{NBSP}ns per element against {plain}{NBSP}ns \
             for the plain loop: {} faster.",
            p.workload,
            times(p.speedup())
        ),
        Verdict::Tie => format!(
            "On {} the fast kernel ({fast}{NBSP}ns per element) and the plain loop \
             ({plain}{NBSP}ns) tie within noise.",
            p.workload
        ),
        Verdict::Loses => format!(
            "On {} the fast kernel is slower in every round: {fast}{NBSP}ns per element \
             against {plain}{NBSP}ns for the plain loop.",
            p.workload
        ),
    }
}

/// Where the gain is largest and smallest, if that held in every round.
pub(crate) fn gain_sentence(pairs: &[KernelPair<'_>]) -> Option<String> {
    if pairs.len() < 2 {
        return None;
    }
    // The fast kernel's time over the plain loop's: the lower, the larger the gain.
    let ratios: Vec<RoundValues> = pairs.iter().map(KernelPair::time_ratio).collect();
    let describe = |members: &[usize]| -> Vec<String> {
        members
            .iter()
            .map(|&i| format!("{} ({})", pairs[i].workload, times(pairs[i].speedup())))
            .collect()
    };
    let largest = lowest(&ratios, GAIN_MARGIN)?;
    let smallest = highest(&ratios, GAIN_MARGIN)?;
    Some(match (largest, smallest) {
        (Lead::Tied(all), _) if all.len() == pairs.len() => format!(
            "The gains on {} are within noise of each other.",
            crate::format::and_list(&describe(&all))
        ),
        (Lead::Alone(l), Lead::Alone(s)) => format!(
            "The gain is largest on {} and smallest on {}.",
            describe(&[l])[0],
            describe(&[s])[0]
        ),
        (Lead::Alone(l), Lead::Tied(s)) => format!(
            "The gain is largest on {}; {} for the smallest within noise.",
            describe(&[l])[0],
            names_with_verb(&describe(&s), "ties", "tie")
        ),
        (Lead::Tied(l), Lead::Alone(s)) => format!(
            "{} for the largest gain within noise; it is smallest on {}.",
            names_with_verb(&describe(&l), "ties", "tie"),
            describe(&[s])[0]
        ),
        (Lead::Tied(l), Lead::Tied(s)) => format!(
            "{} for the largest gain within noise, and {} for the smallest.",
            names_with_verb(&describe(&l), "ties", "tie"),
            names_with_verb(&describe(&s), "ties", "tie")
        ),
    })
}

/// The findings under the kernel table.
pub(crate) fn kernel_findings(pairs: &[KernelPair<'_>]) -> Vec<String> {
    let mut sentences: Vec<String> = pairs.iter().map(pair_sentence).collect();
    sentences.extend(gain_sentence(pairs));
    sentences
}

/// How many kernel measurements are noisy, as a note after the findings:
/// like the noisy list under a chart, it is about the measurements, not a
/// finding.
pub(crate) fn noisy_note(results: &RunResults) -> Option<String> {
    let noisy = results
        .kernel
        .iter()
        .filter(|k| is_noisy(&k.timing))
        .count();
    (noisy > 0).then(|| {
        format!(
            "{} of the kernel measurements {} noisy (median over 20% above the fastest, or \
             CI wider than 20% of the median).",
            count(noisy),
            agreeing(noisy, "is", "are")
        )
    })
}

/// How the kernel was timed: over how many rounds.
pub(crate) fn timing_note(results: &RunResults) -> String {
    let rounds = results
        .kernel
        .iter()
        .map(|k| k.timing.round_min_s.len())
        .max()
        .unwrap_or(0);
    let over = if rounds > 1 {
        format!(" over {} interleaved rounds", count(rounds))
    } else {
        String::new()
    };
    format!(
        "One thread, fastest time per call{over}; the speedup is the plain loop's time ÷ \
         the fast kernel's, and the fast kernel is called faster only if it was in every \
         round."
    )
}

/// Section 6: the plain loop against the fast kernel, one thread. The
/// micro-benchmark is Rust's own; `peer` holds a sentence on each peer's
/// sequential loop against Rust's seq, which is about kernels too.
pub(crate) fn section(results: &RunResults, peer: Vec<String>) -> Markup {
    let pairs = kernel_pairs(results);
    let widest = pairs.iter().map(KernelPair::speedup).fold(1.0, f64::max);
    html! {
        h2 { "Single-thread kernel: plain loop against fast kernel" }
        @if pairs.is_empty() {
            p.note { "No kernel table: this run has no plain/fast kernel pair." }
            @if !peer.is_empty() { (findings(&peer, html! {})) }
        } @else {
            table.kernel {
                thead { tr {
                    th { "workload" } th { "elements" } th { "plain ns/element" }
                    th { "fast ns/element" } th { "plain M elements/s" }
                    th { "fast M elements/s" } th { "fast ÷ plain" }
                } }
                tbody {
                    @for p in &pairs {
                        tr {
                            td { (p.workload) }
                            td { (count(p.len)) }
                            td { (number(ns_per_element(&p.plain.timing, p.len))) }
                            td { (number(ns_per_element(&p.fast.timing, p.len))) }
                            td { (number(elements_per_s(&p.plain.timing, p.len) / 1e6)) }
                            td { (number(elements_per_s(&p.fast.timing, p.len) / 1e6)) }
                            td {
                                (times(p.speedup()))
                                span.bar style=(format!("width:{:.1}em", 4.0 * p.speedup() / widest)) {}
                            }
                        }
                    }
                }
            }
            p.note { (timing_note(results)) }
            (findings(&kernel_findings(&pairs).into_iter().chain(peer).collect::<Vec<_>>(), html! {
                @if let Some(note) = noisy_note(results) { p.note { (note) } }
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{full_run, results, timing};

    fn kernel(kernel: &str, workload: &str, s: f64) -> KernelRecord {
        KernelRecord {
            kernel: kernel.to_owned(),
            workload: workload.to_owned(),
            len: 1000,
            timing: timing(s),
        }
    }

    fn sentences(kernels: Vec<KernelRecord>) -> String {
        let mut r = results(Vec::new());
        r.kernel = kernels;
        kernel_findings(&kernel_pairs(&r))
            .join(" ")
            .replace('\u{a0}', " ")
    }

    #[test]
    fn findings_state_the_hand_worked_numbers() {
        // heavy: 4 µs and 1 µs per 1 000 elements: 4 and 1 ns each, 4×.
        // ramp: 3 µs and 1.5 µs: 2×. light: 1 µs and 0.99 µs: a tie.
        let t = sentences(vec![
            kernel("plain", "light", 1e-6),
            kernel("fast", "light", 0.99e-6),
            kernel("plain", "heavy", 4e-6),
            kernel("fast", "heavy", 1e-6),
            kernel("plain", "ramp", 3e-6),
            kernel("fast", "ramp", 1.5e-6),
        ]);
        assert_eq!(
            t,
            "On light the fast kernel (0.990 ns per element) and the plain loop (1.00 ns) \
             tie within noise. On heavy the fast kernel takes 1.00 ns per element against \
             4.00 ns for the plain loop: 4.00× faster. On ramp the fast kernel takes 1.50 ns \
             per element against 3.00 ns for the plain loop: 2.00× faster. The gain is \
             largest on heavy (4.00×) and smallest on light (1.01×)."
        );
    }

    #[test]
    fn gains_within_noise_are_not_ranked() {
        // 4× and 3.96×: 1% apart in every round.
        let t = sentences(vec![
            kernel("plain", "heavy", 4e-6),
            kernel("fast", "heavy", 1e-6),
            kernel("plain", "ramp", 3.96e-6),
            kernel("fast", "ramp", 1e-6),
        ]);
        assert!(
            t.ends_with(
                "The gains on heavy (4.00×) and ramp (3.96×) are within noise of each other."
            ),
            "{t}"
        );
    }

    #[test]
    fn the_note_counts_the_rounds() {
        // The fixture's kernel timings have three rounds.
        assert!(timing_note(&full_run()).contains("over 3 interleaved rounds"));
        assert!(!timing_note(&results(Vec::new())).contains("rounds"));
    }

    #[test]
    fn kernel_pairs_use_the_largest_common_length() {
        let mut r = results(vec![]);
        let k = |kernel: &str, workload: &str, len: usize, s: f64| KernelRecord {
            kernel: kernel.to_owned(),
            workload: workload.to_owned(),
            len,
            timing: timing(s),
        };
        r.kernel = vec![
            k("plain", "heavy", 1000, 4e-6),
            k("fast", "heavy", 1000, 1e-6),
            k("plain", "heavy", 2000, 8e-6),
            k("plain", "light", 1000, 1e-6),
        ];
        let pairs = kernel_pairs(&r);
        assert_eq!(pairs.len(), 1, "light has no fast record");
        assert_eq!(pairs[0].len, 1000);
        assert_eq!(pairs[0].speedup(), 4.0);
        assert!((ns_per_element(&pairs[0].fast.timing, 1000) - 1.0).abs() < 1e-9);
        assert!((elements_per_s(&pairs[0].fast.timing, 1000) - 1e9).abs() < 1.0);
    }

    #[test]
    fn noisy_kernel_measurements_are_a_note_after_the_findings() {
        let mut r = results(Vec::new());
        r.kernel = vec![
            kernel("plain", "heavy", 4e-6),
            kernel("fast", "heavy", 1e-6),
        ];
        assert_eq!(noisy_note(&r), None);
        // A median 30% above the fastest sample is noisy.
        r.kernel[1].timing.median_s = 1.3e-6;
        let note = "1 of the kernel measurements is noisy";
        assert!(noisy_note(&r).is_some_and(|n| n.starts_with(note)));
        let page = section(&r, Vec::new()).into_string();
        let (in_box, after_box) = page
            .split_once("<div class=\"findings\">")
            .and_then(|(_, rest)| rest.split_once("</div>"))
            .expect("a findings box");
        assert!(after_box.contains(note) && !in_box.contains(note), "{page}");
    }
}
