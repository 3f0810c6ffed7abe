//! Which strategy for this work: for each workload, length and thread
//! count, the strategy that was fastest in every round, the tie when none
//! was, or `seq` when nothing beat it.
//!
//! The candidates are `seq` and every Rust strategy, ours and the
//! contenders', with T chunks for T threads; the one picked is
//! [`rounds::lowest`]'s, the same every-round comparison as every other
//! claim of the report. A peer (Go) is no candidate, since its kernel is
//! another language's: one sentence says how it does against its own loop.

use maud::{Markup, html};

use crate::{
    analysis::{CLEAR, Crossover, Run, crossover, times_by_len},
    format::{NBSP, and_list, count, percent, plural, tie_of},
    palette::Palette,
    rounds::{self, Lead, RoundValues},
};

use super::{findings, missing, peer, swatch_of, time};

/// The section's title, which the CI checks on the page.
pub(crate) const TITLE: &str = "Which strategy for this work";

/// What one cell of the grid says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pick {
    /// No parallel strategy beat seq in every round (seq leads, or ties
    /// with the fastest).
    Seq,
    /// This strategy beat every other candidate in every round.
    One(String),
    /// None beat all the others in every round: the fastest and every one
    /// it did not beat, in registry order.
    Tie(Vec<String>),
    /// Nothing measured here.
    Missing,
}

/// One workload's grid: a row per length, a column per thread count.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    /// The workload.
    pub(crate) workload: String,
    /// The thread counts measured, ascending.
    pub(crate) threads: Vec<usize>,
    /// Each length with its picks, one per thread count.
    pub(crate) rows: Vec<(usize, Vec<Pick>)>,
}

/// The candidates of the grid: `seq` first, then the run's Rust strategies
/// (ours and the contenders') in registry order; never a peer.
fn candidates(run: &Run<'_>) -> Vec<String> {
    let seq = run.baselines.iter().filter(|b| !run.is_peer(b)).cloned();
    seq.chain(run.strategies.iter().filter(|s| !run.is_peer(s)).cloned())
        .collect()
}

/// The pick at one cell: every candidate measured there (seq at any
/// thread count, the others at `threads` with as many chunks), compared
/// round by round.
pub(crate) fn pick(run: &Run<'_>, workload: &str, len: usize, threads: usize) -> Pick {
    let measured: Vec<(String, RoundValues)> = candidates(run)
        .into_iter()
        .filter_map(|name| {
            let record = if run.is_baseline(&name) {
                run.baseline_record(&name, workload, len)
            } else {
                run.record(&name, workload, len, threads, threads)
            }?;
            Some((name, RoundValues::of(&record.timing)))
        })
        .collect();
    if measured.iter().all(|(name, _)| run.is_baseline(name)) {
        return Pick::Missing;
    }
    let values: Vec<RoundValues> = measured.iter().map(|(_, v)| v.clone()).collect();
    let Some(lead) = rounds::lowest(&values, CLEAR) else {
        return Pick::Missing;
    };
    // Candidates are in registry order, so sorted indices list a tie in it.
    let mut members = lead.members();
    members.sort_unstable();
    let names: Vec<String> = members.iter().map(|&i| measured[i].0.clone()).collect();
    if names.iter().any(|n| run.is_baseline(n)) {
        return Pick::Seq;
    }
    match lead {
        Lead::Alone(_) => Pick::One(names.into_iter().next().unwrap_or_default()),
        Lead::Tied(_) => Pick::Tie(names),
    }
}

/// The grid of `workload`, or `None` if no length has a baseline and a
/// parallel strategy measured.
pub(crate) fn grid(run: &Run<'_>, workload: &str) -> Option<Grid> {
    let lens: Vec<usize> = run
        .lens(workload)
        .into_iter()
        .filter(|&len| run.seq(workload, len).is_some())
        .collect();
    let mut threads: Vec<usize> = lens
        .iter()
        .flat_map(|&len| run.thread_counts(workload, len))
        .collect();
    threads.sort_unstable();
    threads.dedup();
    let rows: Vec<(usize, Vec<Pick>)> = lens
        .into_iter()
        .map(|len| {
            let picks = threads
                .iter()
                .map(|&t| pick(run, workload, len, t))
                .collect();
            (len, picks)
        })
        .filter(|(_, picks): &(usize, Vec<Pick>)| picks.iter().any(|p| *p != Pick::Missing))
        .collect();
    (!rows.is_empty() && !threads.is_empty()).then(|| Grid {
        workload: workload.to_owned(),
        threads,
        rows,
    })
}

/// A pick as a clause that a place follows: `pool is fastest`.
fn pick_clause(pick: &Pick) -> String {
    match pick {
        Pick::Seq => "nothing beats seq".to_owned(),
        Pick::One(name) => format!("{name} is fastest"),
        Pick::Tie(names) => format!("{} tie", and_list(names)),
        Pick::Missing => "nothing was measured".to_owned(),
    }
}

/// A pick as the book quotes one cell (the `pick` figure): `seq` where no
/// parallel strategy beat it, the strategy's name, or `a tie of rayon and
/// pool` (the report's words for a tied lead); `None` where nothing was
/// measured.
pub(crate) fn pick_words(pick: &Pick) -> Option<String> {
    match pick {
        Pick::Seq => Some("seq".to_owned()),
        Pick::One(name) => Some(name.clone()),
        Pick::Tie(names) => Some(tie_of(names)),
        Pick::Missing => None,
    }
}

/// Thread counts for a sentence: `at 2 threads`, `at 2 and 4 threads`,
/// `at 2 to 64 threads`.
fn threads_words(counts: &[usize]) -> String {
    match counts {
        [] => String::new(),
        [one] => format!("at {}", plural(*one, "thread")),
        [a, b] => format!("at {} and {}", count(*a), plural(*b, "thread")),
        [first, .., last] => format!("at {} to {}", count(*first), plural(*last, "thread")),
    }
}

/// The lengths `lens[from..=to]` for a sentence, knowing how many groups
/// the workload's lengths fall into.
fn lens_words(lens: &[usize], from: usize, to: usize, groups: usize) -> String {
    let (a, b) = (count(lens[from]), count(lens[to]));
    if from == to {
        format!("at {a}{NBSP}elements")
    } else if groups == 1 {
        "at every length".to_owned()
    } else if from == 0 {
        format!("up to {b}{NBSP}elements")
    } else if to == lens.len() - 1 {
        format!("from {a}{NBSP}elements")
    } else {
        format!("from {a} to {b}{NBSP}elements")
    }
}

/// One sentence on a grid: the lengths that pick alike, grouped, read from
/// 2 threads up (at one thread a parallel strategy is the caller alone,
/// which the grid shows).
pub(crate) fn summary(grid: &Grid) -> Option<String> {
    let columns: Vec<usize> = if grid.threads.iter().any(|&t| t > 1) {
        (0..grid.threads.len())
            .filter(|&i| grid.threads[i] > 1)
            .collect()
    } else {
        (0..grid.threads.len()).collect()
    };
    let rows: Vec<(usize, Vec<&Pick>)> = grid
        .rows
        .iter()
        .map(|(len, picks)| (*len, columns.iter().map(|&i| &picks[i]).collect()))
        .filter(|(_, picks): &(usize, Vec<&Pick>)| picks.iter().any(|p| **p != Pick::Missing))
        .collect();
    let lens: Vec<usize> = rows.iter().map(|(len, _)| *len).collect();
    // Consecutive lengths with the same picks at every column, as index ranges.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for i in 0..rows.len() {
        match groups.last_mut() {
            Some((_, to)) if rows[*to].1 == rows[i].1 => *to = i,
            _ => groups.push((i, i)),
        }
    }
    let clauses: Vec<String> = groups
        .iter()
        .map(|&(from, to)| {
            let place = lens_words(&lens, from, to, groups.len());
            // Consecutive columns with the same pick.
            let mut runs: Vec<(&Pick, Vec<usize>)> = Vec::new();
            for (&column, pick) in columns.iter().zip(&rows[from].1) {
                let t = grid.threads[column];
                match runs.last_mut() {
                    Some((last, counts)) if *last == *pick => counts.push(t),
                    _ => runs.push((pick, vec![t])),
                }
            }
            runs.retain(|(pick, _)| **pick != Pick::Missing);
            match runs.as_slice() {
                [(pick, counts)] => {
                    format!("{} {place} {}", pick_clause(pick), threads_words(counts))
                }
                _ => {
                    let parts: Vec<String> = runs
                        .iter()
                        .map(|(pick, counts)| {
                            format!("{} {}", pick_clause(pick), threads_words(counts))
                        })
                        .collect();
                    format!("{place}, {}", parts.join(", "))
                }
            }
        })
        .collect();
    (!clauses.is_empty()).then(|| format!("On {}, {}.", grid.workload, clauses.join("; ")))
}

/// The section's sentences, each with its subject: one per workload's
/// grid, then one per peer (how it does against its own loop, at its most
/// threads, on every workload: a peer is no candidate, its kernel being
/// another language's).
pub(crate) fn sentences(run: &Run<'_>) -> Vec<(String, String)> {
    let grids = run
        .workloads
        .iter()
        .filter_map(|w| Some((w.clone(), summary(&grid(run, w)?)?)));
    let peers = peer::peers(run)
        .into_iter()
        .filter_map(|p| Some((p.to_owned(), peer_sentence(run, p)?)));
    grids.chain(peers).collect()
}

/// The sentence on one peer (`go`, `openmp`), or `None` if it was measured
/// on no workload beside its own loop.
pub(crate) fn peer_sentence(run: &Run<'_>, p: &str) -> Option<String> {
    let baseline = run.results.baseline_of(p);
    let threads = run
        .results
        .records
        .iter()
        .filter(|r| r.strategy == p)
        .map(|r| r.threads)
        .max()?;
    let parts: Vec<String> = run
        .workloads
        .iter()
        .filter_map(|w| {
            let own = times_by_len(run, p, w, threads, threads);
            let base = times_by_len(run, baseline, w, 1, 1);
            let smallest = own.iter().map(|p| p.len).min()?;
            let c = crossover(&own, &base);
            match (time::crossover_words(c, smallest), c) {
                (_, Crossover::NoData) => None,
                (Some(words), _) => Some(format!("{words} on {w}")),
                (
                    None,
                    Crossover::Beyond {
                        loses_at_largest: true,
                        ..
                    },
                ) => Some(format!("at no length on {w}")),
                (None, _) => Some(format!("on {w} only within noise")),
            }
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "{} is no candidate here, its kernel being another language's: against \
             its own loop ({baseline}) at {} it wins in every round {}.",
            peer::peer_name(p),
            plural(threads, "thread"),
            and_list(&parts)
        )
    })
}

/// The background of a cell: a light tint of each strategy's colour, in
/// stripes side by side for a tie.
fn cell_style(palette: &Palette, names: &[&str]) -> String {
    let tint = |name: &str| format!("{}33", palette.hex(name));
    match names {
        [] => String::new(),
        [one] => format!("background:{}", tint(one)),
        _ => {
            let share = 100.0 / names.len() as f64;
            let stops: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    format!(
                        "{} {:.1}% {:.1}%",
                        tint(n),
                        share * i as f64,
                        share * (i + 1) as f64
                    )
                })
                .collect();
            format!("background:linear-gradient(90deg,{})", stops.join(","))
        }
    }
}

/// One cell of the grid.
fn cell_html(palette: &Palette, pick: &Pick) -> Markup {
    let names: Vec<&str> = match pick {
        Pick::Seq => vec!["seq"],
        Pick::One(name) => vec![name.as_str()],
        Pick::Tie(names) => names.iter().map(String::as_str).collect(),
        Pick::Missing => Vec::new(),
    };
    let title = match pick {
        Pick::Seq => "no parallel strategy beat seq in every round".to_owned(),
        Pick::One(name) => format!("{name} beat every other in every round"),
        Pick::Tie(names) => format!("a tie within noise: {}", and_list(names)),
        Pick::Missing => "not measured".to_owned(),
    };
    html! {
        td.pick.tie[matches!(pick, Pick::Tie(_))] style=(cell_style(palette, &names)) title=(title) {
            @if names.is_empty() { "–" }
            @for (i, name) in names.iter().enumerate() {
                @if i > 0 { br; }
                (swatch_of(palette, name)) (name)
            }
        }
    }
}

/// The candidates named once under the grids, each with its family.
fn key_html(palette: &Palette, names: &[String]) -> Markup {
    html! {
        p.note {
            "Candidates: "
            @for (i, name) in names.iter().enumerate() {
                @if i > 0 { ", " }
                span.nowrap { (swatch_of(palette, name)) (palette.label(name)) }
            }
            ". A diamond swatch is a contender. Each cell names the strategy that was \
             fastest by more than " (percent(CLEAR - 1.0)) " in every round, with T chunks \
             for T threads; a cell of several names is a tie within noise, listed in \
             registry order; seq where no parallel strategy beat it by that much. \
             Over-split chunks on ramp are in the speedup section."
        }
    }
}

/// The section: one grid per workload, side by side, then the sentences.
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let grids: Vec<Grid> = run.workloads.iter().filter_map(|w| grid(run, w)).collect();
    let sentences: Vec<String> = sentences(run).into_iter().map(|(_, s)| s).collect();
    html! {
        h2 #choice { (TITLE) }
        @if grids.is_empty() {
            (missing("No strategy to choose: no parallel strategy was measured next to seq", run))
        } @else {
            div.choices {
                @for g in &grids {
                    table.choice {
                        caption { (g.workload) }
                        thead { tr {
                            th { "elements" }
                            @for t in &g.threads { th { "T" (NBSP) "=" (NBSP) (t) } }
                        } }
                        tbody {
                            @for (len, picks) in &g.rows {
                                tr {
                                    td { (count(*len)) }
                                    @for p in picks { (cell_html(palette, p)) }
                                }
                            }
                        }
                    }
                }
            }
            (key_html(palette, &candidates(run)))
            (findings(&sentences, html! {}))
        }
    }
}

#[cfg(test)]
mod tests;
