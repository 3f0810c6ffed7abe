//! The noisy measurements under a chart: a sentence when there are few, a
//! compact table folded inside `<details>` when there are many (a run with
//! 64 threads on 2 cores has dozens, and a paragraph of them buries the
//! findings).

use doall_results::{Record, Timing};
use maud::{Markup, html};

use crate::{
    analysis::{is_noisy, relative_ci, spread},
    format::{and_list, count, percent, plural},
};

/// From this many noisy measurements on, they are folded into a table: a
/// sentence of three is still readable, a sentence of four is not.
pub(crate) const FOLD_AT: usize = 4;

/// One noisy measurement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Noisy {
    /// The strategy.
    pub(crate) strategy: String,
    /// Vector length.
    pub(crate) len: usize,
    /// Threads.
    pub(crate) threads: usize,
    /// Chunks.
    pub(crate) chunks: usize,
    /// How far the median lies above the fastest sample (fraction).
    pub(crate) spread: f64,
    /// The confidence interval's width as a fraction of the median.
    pub(crate) ci: f64,
}

impl Noisy {
    /// The entry of one measurement.
    pub(crate) fn new(
        strategy: &str,
        (len, threads, chunks): (usize, usize, usize),
        timing: &Timing,
    ) -> Noisy {
        Noisy {
            strategy: strategy.to_owned(),
            len,
            threads,
            chunks,
            spread: spread(timing),
            ci: relative_ci(timing),
        }
    }
}

/// The noisy ones among `records`, each once, in the order given.
pub(crate) fn noisy(records: &[&Record]) -> Vec<Noisy> {
    let mut out: Vec<Noisy> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let seen_before = records[..i].iter().any(|other| std::ptr::eq(*other, *r));
        if is_noisy(&r.timing) && !seen_before {
            out.push(Noisy::new(
                &r.strategy,
                (r.len, r.threads, r.chunks),
                &r.timing,
            ));
        }
    }
    out
}

/// The sentence listing `noisy`, or `None` if there are none.
pub(crate) fn sentence(noisy: &[Noisy]) -> Option<String> {
    if noisy.is_empty() {
        return None;
    }
    let items: Vec<String> = noisy
        .iter()
        .map(|n| {
            format!(
                "{} at {} elements, {}, {} (median {} above the fastest, CI {} of the median)",
                n.strategy,
                count(n.len),
                plural(n.threads, "thread"),
                plural(n.chunks, "chunk"),
                percent(n.spread),
                percent(n.ci)
            )
        })
        .collect();
    Some(format!("Noisy (hollow): {}.", and_list(&items)))
}

/// The summary line of a folded list.
pub(crate) fn summary(noisy: &[Noisy]) -> String {
    format!(
        "Noisy (hollow): {} with a median more than 20% above the fastest sample, or a \
         CI wider than 20% of the median (open for the list).",
        plural(noisy.len(), "measurement")
    )
}

/// The noisy measurements among `records` as a paragraph, a folded table,
/// or nothing.
pub(crate) fn block(records: &[&Record]) -> Markup {
    list_block(&noisy(records))
}

/// The noisy measurements `noisy` as a paragraph, a folded table, or
/// nothing.
pub(crate) fn list_block(noisy: &[Noisy]) -> Markup {
    if noisy.len() < FOLD_AT {
        return html! {
            @if let Some(s) = sentence(noisy) { p.note { (s) } }
        };
    }
    html! {
        details.noisy {
            summary { (summary(noisy)) }
            table.noisy {
                thead { tr {
                    th { "strategy" } th { "elements" } th { "threads" } th { "chunks" }
                    th { "median above fastest" } th { "CI ÷ median" }
                } }
                tbody {
                    @for n in noisy {
                        tr {
                            td { (n.strategy) } td { (count(n.len)) } td { (count(n.threads)) }
                            td { (count(n.chunks)) } td { (percent(n.spread)) } td { (percent(n.ci)) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::record;

    /// A record whose median lies 30% above its fastest sample.
    fn noisy_record(threads: usize) -> Record {
        let mut r = record("rayon", "light", 1024, threads, threads, 1.0);
        r.timing.median_s = 1.3;
        r.timing.lower_s = 1.29;
        r.timing.upper_s = 1.32;
        r
    }

    #[test]
    fn a_few_noisy_measurements_make_a_sentence() {
        let quiet = record("seq", "light", 1024, 1, 1, 1.0);
        let loud = noisy_record(2);
        let found = noisy(&[&quiet, &loud, &loud]);
        assert_eq!(found.len(), 1, "quiet left out, repeats once");
        assert_eq!(
            sentence(&found).expect("one noisy").replace('\u{a0}', " "),
            "Noisy (hollow): rayon at 1 024 elements, 2 threads, 2 chunks \
             (median 30% above the fastest, CI 2% of the median)."
        );
        assert_eq!(sentence(&[]), None);
        let html = block(&[&loud]).into_string();
        assert!(
            html.starts_with("<p class=\"note\">Noisy (hollow)") && !html.contains("<details"),
            "{html}"
        );
    }

    #[test]
    fn many_noisy_measurements_fold_into_a_table() {
        let records: Vec<Record> = (1..=FOLD_AT).map(noisy_record).collect();
        let refs: Vec<&Record> = records.iter().collect();
        let html = block(&refs).into_string();
        assert!(
            html.starts_with("<details class=\"noisy\"><summary>"),
            "{html}"
        );
        assert!(
            html.contains(&format!("Noisy (hollow): {FOLD_AT}\u{a0}measurements")),
            "{html}"
        );
        assert_eq!(html.matches("<tr>").count(), FOLD_AT + 1, "header and rows");
        assert!(
            block(&refs[..FOLD_AT - 1])
                .into_string()
                .starts_with("<p class=\"note\">")
        );
    }
}
