//! Parallel efficiency (speedup ÷ threads) as a heat-coloured table per
//! workload.

use maud::{Markup, html};

use crate::{
    analysis::{CLEAR, Run, Speedup, speedups},
    format::{NBSP, and_list, number, percent, plural, times},
    palette::Palette,
    rounds::{Lead, RoundValues, best_and_worst},
};

use super::{
    chunkings, findings, missing, name_cell, names_with_verb,
    used::{used_cell, used_with_share},
    variant,
};

/// One row of an efficiency table: a strategy at one chunking.
pub(crate) struct EfficiencyRow {
    /// The strategy.
    pub(crate) strategy: String,
    /// Chunks per thread.
    pub(crate) chunks_per_thread: usize,
    /// Its speedups, ascending by threads.
    pub(crate) points: Vec<Speedup>,
    /// A peer program's (go, openmp), whose efficiency is over its own loop.
    pub(crate) peer: bool,
}

impl EfficiencyRow {
    /// The name shown in sentences: `rayon`, or `rayon with 8T chunks` (a
    /// comma inside a name would blur a list of names).
    fn label(&self) -> String {
        match self.chunks_per_thread {
            1 => self.strategy.clone(),
            k => format!("{} with {k}T chunks", self.strategy),
        }
    }
}

/// The efficiency table of one workload.
pub(crate) struct EfficiencyTable {
    /// The workload.
    pub(crate) workload: String,
    /// The length the efficiencies are read at.
    pub(crate) len: usize,
    /// The thread counts, one column each.
    pub(crate) threads: Vec<usize>,
    /// The rows.
    pub(crate) rows: Vec<EfficiencyRow>,
}

/// The efficiencies of `workload` at its largest length, if seq and a
/// parallel strategy were measured there.
pub(crate) fn table(run: &Run<'_>, workload: &str) -> Option<EfficiencyTable> {
    let len = run.largest_len(workload)?;
    let mut rows = Vec::new();
    for s in &run.strategies {
        for k in chunkings(run, s, workload, len) {
            let points = speedups(run, s, workload, len, k);
            if !points.is_empty() {
                rows.push(EfficiencyRow {
                    strategy: s.clone(),
                    chunks_per_thread: k,
                    points,
                    peer: run.is_peer(s),
                });
            }
        }
    }
    Some(EfficiencyTable {
        workload: workload.to_owned(),
        len,
        threads: run.thread_counts(workload, len),
        rows,
    })
}

/// Who is most and least efficient at the most threads, where that held in
/// every round and the speedup section has not said it already.
///
/// At one thread count efficiency is speedup ÷ threads, so among the rows
/// the speedup section ranks (T chunks each) it ranks them as that
/// section's first sentence does. Said twice, a second run that moves one
/// name in or out of a tie would change two sentences for one finding, so
/// only over-split rows (ramp's 8T chunks), which make a ranking of their
/// own, are ranked here. Calls that ran on few threads are named by the
/// speedup section, over-split ones too, and marked in the table's cells.
pub(crate) fn efficiency_findings(table: &EfficiencyTable) -> Vec<String> {
    let Some(&max_t) = table.threads.last() else {
        return Vec::new();
    };
    let over_split = table
        .rows
        .iter()
        .any(|r| !r.peer && r.chunks_per_thread > 1);
    let ranked = table.rows.iter().filter(|r| !r.peer).count();
    let mut sentences = if over_split || ranked < 2 {
        rust_efficiency(table, max_t)
    } else {
        vec![format!(
            "At {} efficiency ranks the strategies as their speedups above do (each is \
             its speedup ÷ {max_t}); along a row it shows what each added thread still gives.",
            plural(max_t, "thread")
        )]
    };
    sentences.extend(peer_efficiency(table, max_t));
    sentences
}

/// The peers' efficiency at `max_t` threads, each over its own loop, in one
/// sentence: the ranking compares times, so it is told apart from the Rust
/// strategies'.
fn peer_efficiency(table: &EfficiencyTable, max_t: usize) -> Vec<String> {
    let peers: Vec<(String, f64)> = table
        .rows
        .iter()
        .filter(|r| r.peer)
        .filter_map(|r| {
            let p = r.points.iter().find(|p| p.threads == max_t)?;
            Some((super::peer::peer_name(&r.strategy), p.efficiency()))
        })
        .collect();
    let Some(((first, first_efficiency), rest)) = peers.split_first() else {
        return Vec::new();
    };
    let own_loop = if rest.is_empty() {
        table
            .rows
            .iter()
            .find(|r| r.peer)
            .map_or("its own loop", |r| super::peer::own_loop_name(&r.strategy))
    } else {
        "their own loops"
    };
    let mut listed = vec![format!(
        "{first} keeps an efficiency of {} (each of its threads does {} of what its own loop \
         does alone in the same time)",
        number(*first_efficiency),
        percent(*first_efficiency)
    )];
    listed.extend(rest.iter().map(|(name, efficiency)| {
        format!("{name} {} ({})", number(*efficiency), percent(*efficiency))
    }));
    vec![format!(
        "At {} against {own_loop} {}.",
        plural(max_t, "thread"),
        and_list(&listed)
    )]
}

/// Who among the Rust strategies is most and least efficient at `max_t`.
fn rust_efficiency(table: &EfficiencyTable, max_t: usize) -> Vec<String> {
    let at_max: Vec<(String, &Speedup)> = table
        .rows
        .iter()
        .filter(|r| !r.peer)
        .filter_map(|r| {
            r.points
                .iter()
                .find(|p| p.threads == max_t)
                .map(|p| (r.label(), p))
        })
        .collect();
    if let [(name, p)] = at_max.as_slice() {
        return vec![format!(
            "At {} {name} keeps an efficiency of {}: each thread does {} of the work seq \
             does alone in the same time.",
            plural(max_t, "thread"),
            number(p.efficiency()),
            percent(p.efficiency())
        )];
    }
    // At one thread count, efficiency orders like time: the lowest time is
    // the most efficient.
    let contenders: Vec<RoundValues> = at_max.iter().map(|(_, p)| p.time.clone()).collect();
    let named = |members: &[usize]| -> Vec<String> {
        members
            .iter()
            .map(|&i| format!("{} ({})", at_max[i].0, number(at_max[i].1.efficiency())))
            .collect()
    };
    let Some((most, least)) = best_and_worst(&contenders, CLEAR) else {
        return Vec::new();
    };
    let at = plural(max_t, "thread");
    let sentence = match (&most, &least) {
        (Lead::Tied(all), _) if all.len() == at_max.len() => format!(
            "At {at} {} within noise: none is more efficient than the others in every round.",
            names_with_verb(&named(all), "ties", "tie")
        ),
        (Lead::Alone(m), Some(Lead::Alone(l))) => format!(
            "At {at} the most efficient is {} ({}: each thread does {} of what seq does \
             alone) and the least efficient is {} ({}).",
            at_max[*m].0,
            number(at_max[*m].1.efficiency()),
            percent(at_max[*m].1.efficiency()),
            at_max[*l].0,
            number(at_max[*l].1.efficiency())
        ),
        (Lead::Alone(m), Some(Lead::Tied(l))) => format!(
            "At {at} the most efficient is {} ({}: each thread does {} of what seq does \
             alone); {} for least efficient within noise.",
            at_max[*m].0,
            number(at_max[*m].1.efficiency()),
            percent(at_max[*m].1.efficiency()),
            names_with_verb(&named(l), "ties", "tie")
        ),
        (Lead::Alone(m), None) => format!(
            "At {at} the most efficient is {} ({}: each thread does {} of what seq does \
             alone).",
            at_max[*m].0,
            number(at_max[*m].1.efficiency()),
            percent(at_max[*m].1.efficiency())
        ),
        (Lead::Tied(m), Some(Lead::Alone(l))) => format!(
            "At {at} {} for most efficient within noise; the least efficient is {} ({}).",
            names_with_verb(&named(m), "ties", "tie"),
            at_max[*l].0,
            number(at_max[*l].1.efficiency())
        ),
        (Lead::Tied(m), Some(Lead::Tied(l))) => format!(
            "At {at} {} for most efficient within noise, and {} for least efficient.",
            names_with_verb(&named(m), "ties", "tie"),
            names_with_verb(&named(l), "ties", "tie")
        ),
        (Lead::Tied(m), None) => format!(
            "At {at} {} for most efficient within noise.",
            names_with_verb(&named(m), "ties", "tie")
        ),
    };
    vec![sentence]
}

/// The tooltip of an efficiency cell: the speedup and the threads used.
fn cell_title(strategy: &str, p: &Speedup) -> String {
    format!(
        "{strategy} at {}: speedup {}, threads used {}",
        plural(p.threads, "thread"),
        times(p.speedup),
        used_with_share(p.used)
    )
}

/// A heat colour from red (efficiency 0) through yellow to green (1 or more).
fn heat(efficiency: f64) -> String {
    let hue = (efficiency.clamp(0.0, 1.0) * 120.0).round();
    format!("background:hsl({hue}, 70%, 80%)")
}

/// Section 4: efficiency as a heat-coloured table per workload.
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let tables: Vec<EfficiencyTable> = run.workloads.iter().filter_map(|w| table(run, w)).collect();
    html! {
        h2 { "Parallel efficiency (speedup ÷ threads)" }
        @for t in &tables { (table_html(palette, t)) }
        @if tables.is_empty() {
            (missing("No efficiency table: no parallel strategy was measured next to seq", run))
        }
    }
}

fn table_html(palette: &Palette, t: &EfficiencyTable) -> Markup {
    html! {
        h3 { (t.workload) }
        table.efficiency {
            thead { tr {
                th { "strategy" }
                @for n in &t.threads { th { "T" (NBSP) "=" (NBSP) (n) } }
            } }
            tbody {
                @for row in &t.rows {
                    tr {
                        td { (name_cell(palette, &row.strategy, &variant(row.chunks_per_thread))) }
                        @for n in &t.threads {
                            td {
                                @match row.points.iter().find(|p| p.threads == *n) {
                                    Some(p) => span.heat style=(heat(p.efficiency()))
                                        title=(cell_title(&row.strategy, p)) {
                                        (number(p.efficiency()))
                                        @if p.used.is_some() {
                                            br;
                                            small.used { (used_cell(p.used, p.threads)) " used" }
                                        }
                                    },
                                    None => "–",
                                }
                            }
                        }
                    }
                }
            }
        }
        p.note {
            "Efficiency = speedup ÷ T from the fastest times at " (crate::format::count(t.len))
            " elements, T chunks for T threads"
            @if t.workload == "ramp" { " (and over-split chunks where marked)" }
            "; red is 0, green is 1 or more."
            @if t.rows.iter().any(|r| r.peer) {
                " A peer's efficiency is its speedup over its own sequential loop ("
                (super::peer::loop_names(t.rows.iter().filter(|r| r.peer).map(|r| r.strategy.as_str())))
                ") ÷ T."
            }
            @if t.rows.iter().flat_map(|r| &r.points).any(|p| p.used.is_some()) {
                " Under each efficiency, the threads used: the mean number of OS threads \
                 that ran chunks in probed calls, of T."
            }
        }
        (findings(&efficiency_findings(t), html! {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{record, results};

    fn sentence(r: &doall_results::RunResults) -> String {
        let run = Run::new(r);
        let t = table(&run, "heavy").expect("measured");
        efficiency_findings(&t).join(" ").replace('\u{a0}', " ")
    }

    #[test]
    fn one_strategy_keeps_its_efficiency() {
        // seq 8 s, std-mpsc 2.5 s at 4 threads: 3.2× ÷ 4 = 0.80.
        let r = results(vec![
            record("seq", "heavy", 4096, 1, 1, 8.0),
            record("std-mpsc", "heavy", 4096, 4, 4, 2.5),
        ]);
        assert_eq!(
            sentence(&r),
            "At 4 threads std-mpsc keeps an efficiency of 0.800: each thread does 80% of the \
             work seq does alone in the same time."
        );
    }

    #[test]
    fn most_and_least_efficient_must_hold_in_every_round() {
        // seq 8 s on ramp; at 2 threads rayon with 8T chunks 4.4 s (8 ÷ 4.4
        // ÷ 2 = 0.909), crossbeam with 8T chunks 4.5 s (0.889, 2% slower: a
        // tie), std-mpsc 8 s (0.500).
        let ramp = |rows: Vec<doall_results::Record>| {
            let r = results(rows);
            let run = Run::new(&r);
            let t = table(&run, "ramp").expect("measured");
            efficiency_findings(&t).join(" ").replace('\u{a0}', " ")
        };
        assert_eq!(
            ramp(vec![
                record("seq", "ramp", 4096, 1, 1, 8.0),
                record("std-mpsc", "ramp", 4096, 2, 2, 8.0),
                record("crossbeam", "ramp", 4096, 2, 16, 4.5),
                record("rayon", "ramp", 4096, 2, 16, 4.4),
            ]),
            "At 2 threads crossbeam with 8T chunks (0.889) and rayon with 8T chunks (0.909) \
             tie for most efficient within noise; the least efficient is std-mpsc (0.500)."
        );
        assert!(
            ramp(vec![
                record("seq", "ramp", 4096, 1, 1, 8.0),
                record("crossbeam", "ramp", 4096, 2, 16, 4.5),
                record("rayon", "ramp", 4096, 2, 16, 4.4),
            ])
            .ends_with("tie within noise: none is more efficient than the others in every round.")
        );
    }

    #[test]
    fn over_split_rows_are_named_without_a_comma() {
        // seq 8 s; rayon 5 s with 2 chunks (0.800), 4.2 s with 16 (0.952).
        let r = results(vec![
            record("seq", "ramp", 4096, 1, 1, 8.0),
            record("rayon", "ramp", 4096, 2, 2, 5.0),
            record("rayon", "ramp", 4096, 2, 16, 4.2),
        ]);
        let run = Run::new(&r);
        let t = table(&run, "ramp").expect("measured");
        assert_eq!(
            efficiency_findings(&t).join(" ").replace('\u{a0}', " "),
            "At 2 threads the most efficient is rayon with 8T chunks (0.952: each thread \
             does 95% of what seq does alone) and the least efficient is rayon (0.800)."
        );
    }

    #[test]
    fn a_ranking_the_speedups_already_make_is_not_repeated() {
        // seq 8 s; rayon 7.8 s at 2 threads on 1.00 thread used, crossbeam
        // 4.4 s: the speedup section ranks them and names rayon's calls.
        let mut r = results(vec![
            record("seq", "heavy", 4096, 1, 1, 8.0),
            record("crossbeam", "heavy", 4096, 2, 2, 4.4),
            record("rayon", "heavy", 4096, 2, 2, 7.8),
        ]);
        r.records[2].threads_used = crate::fixtures::used(1.0, 0.0);
        assert_eq!(
            sentence(&r),
            "At 2 threads efficiency ranks the strategies as their speedups above do (each \
             is its speedup ÷ 2); along a row it shows what each added thread still gives."
        );
    }

    #[test]
    fn heat_runs_from_red_to_green() {
        assert_eq!(heat(0.0), "background:hsl(0, 70%, 80%)");
        assert_eq!(heat(0.5), "background:hsl(60, 70%, 80%)");
        assert_eq!(heat(1.7), "background:hsl(120, 70%, 80%)");
    }
}
