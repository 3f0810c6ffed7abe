//! Peers beside the Rust strategies: the same work in another language, run
//! in the same interleaved rounds (Effective Go's DoAll, `go`; OpenMP's
//! parallel for in C, `openmp`). A peer's kernel is not Rust's, so its
//! speedup and overhead are against its own sequential loop (`go-seq`,
//! `openmp-seq`), never against Rust's `seq`; these sentences set each
//! peer's figures next to the Rust strategies' in words, and claim an order
//! only where it held in every round. A run without a peer gets none of
//! them.

use doall_results::{OverheadSize, RunResults};

use crate::{
    analysis::{BASELINE, BEATS, CLEAR, Run, Speedup, best, speedups},
    format::{and_list, count, micros, plural, times},
    per_call::{CallCost, overhead_verdict, pick},
    rounds::{RoundValues, Verdict, verdict, wins_in_every_round},
};

pub(crate) use legend::{legend_note, loop_names, peer_descriptions};

/// A peer this report knows by name, and how the report names it.
struct KnownPeer {
    /// The parallel program's name in results: `go`.
    name: &'static str,
    /// Its sequential loop's name in results: `go-seq`.
    own_loop: &'static str,
    /// How sentences name the peer: `Go's DoAll`.
    sentence_name: &'static str,
    /// How sentences name its loop: `Go's own loop`.
    loop_sentence_name: &'static str,
    /// The language of its kernel: `Go`.
    language: &'static str,
    /// What it is, in a caption: `Effective Go's DoAll`.
    caption: &'static str,
}

/// The peers this report knows by name.
static KNOWN: [KnownPeer; 2] = [
    KnownPeer {
        name: "go",
        own_loop: "go-seq",
        sentence_name: "Go's DoAll",
        loop_sentence_name: "Go's own loop",
        language: "Go",
        caption: "Effective Go's DoAll",
    },
    KnownPeer {
        name: "openmp",
        own_loop: "openmp-seq",
        sentence_name: "OpenMP's parallel for",
        loop_sentence_name: "C's own loop",
        language: "C",
        caption: "OpenMP's parallel for in C",
    },
];

/// The known peer that `name` names, as the parallel program (`go`) or as
/// its loop (`go-seq`): the one search of [`KNOWN`].
fn known(name: &str) -> Option<&'static KnownPeer> {
    KNOWN.iter().find(|k| k.name == name || k.own_loop == name)
}

/// The peer strategies of a run that are not baselines (go), in run order.
pub(crate) fn peers<'r>(run: &'r Run<'_>) -> Vec<&'r str> {
    run.strategies
        .iter()
        .filter(|s| run.is_peer(s))
        .map(String::as_str)
        .collect()
}

/// How a peer is named in sentences: `Go's DoAll` for go, `OpenMP's
/// parallel for` for openmp, the name else.
pub(crate) fn peer_name(strategy: &str) -> String {
    known(strategy).map_or_else(|| strategy.to_owned(), |k| k.sentence_name.to_owned())
}

/// How a peer's baseline is named: `Go's own loop` for go-seq, `C's own
/// loop` for openmp-seq, the name else.
fn baseline_name(baseline: &str) -> String {
    known(baseline).map_or_else(|| baseline.to_owned(), |k| k.loop_sentence_name.to_owned())
}

/// How a peer's own loop is named, from the peer's name: `Go's own loop`
/// for go, `its own loop` where the report does not know it.
pub(crate) fn own_loop_name(strategy: &str) -> &'static str {
    known(strategy).map_or("its own loop", |k| k.loop_sentence_name)
}

/// The language of a peer's kernel (`Go`, `C`), from its name or its
/// baseline's; `the peer's` where the report does not know it.
fn language(name: &str) -> &'static str {
    known(name).map_or("the peer's", |k| k.language)
}

/// Where `strategy` has a point: its lengths measured next to its baseline,
/// ascending.
fn lens_with_baseline(run: &Run<'_>, strategy: &str, workload: &str) -> Vec<usize> {
    run.lens(workload)
        .into_iter()
        .filter(|&len| {
            run.baseline_record(strategy, workload, len).is_some()
                && run
                    .results
                    .records
                    .iter()
                    .any(|r| r.strategy == strategy && r.workload == workload && r.len == len)
        })
        .collect()
}

/// The speedup sentence of each peer in a workload's section, at the
/// largest length it measured next to its own loop: its speedup over that
/// loop at its most threads, where that stands against the best of the Rust
/// strategies' speedups over seq, and whether its threads win against
/// Rust's seq at all. One sentence per peer: the chart has the rest.
pub(crate) fn speedup_sentences(run: &Run<'_>, workload: &str) -> Vec<String> {
    peers(run)
        .into_iter()
        .filter_map(|peer| {
            let largest = *lens_with_baseline(run, peer, workload).last()?;
            speedup_at(run, peer, workload, largest)
        })
        .collect()
}

/// One peer's sentence of [`speedup_sentences`], at `len`.
fn speedup_at(run: &Run<'_>, peer: &str, workload: &str, len: usize) -> Option<String> {
    let own = speedups(run, peer, workload, len, 1);
    let p = own.last()?;
    let t = p.threads;
    let rust: Vec<(&str, Speedup)> = run
        .strategies
        .iter()
        .filter(|s| !run.is_peer(s))
        .filter_map(|s| {
            let point = speedups(run, s, workload, len, 1)
                .into_iter()
                .find(|q| q.threads == t)?;
            Some((s.as_str(), point))
        })
        .collect();
    let mut sentence = format!(
        "{} reaches {} over {} at {} {workload} elements on {}",
        peer_name(peer),
        times(p.speedup),
        baseline_name(run.results.baseline_of(peer)),
        count(len),
        plural(t, "thread"),
    );
    sentence.push_str(&standing(p, &rust));
    if let Some(against) = against_rust_seq(run, peer, workload, len) {
        sentence.push_str("; ");
        sentence.push_str(&against);
    }
    sentence.push('.');
    Some(sentence)
}

/// Where the peer's speedup `p` stands against the best of the Rust
/// strategies' (round by round, the best of them in that round), as a
/// clause to follow the figure: `, within noise of the best Rust strategy's
/// speedup over seq`; empty without any. A claim about the best of the
/// group, so that no one strategy's slow round moves a name in or out.
fn standing(p: &Speedup, rust: &[(&str, Speedup)]) -> String {
    if rust.is_empty() {
        return String::new();
    }
    let ratios: Vec<RoundValues> = rust.iter().map(|(_, q)| q.time_ratio()).collect();
    let best_of_ours = RoundValues::lowest_of(&ratios);
    // A lower time ratio is a larger speedup.
    match verdict(&p.time_ratio(), &best_of_ours, CLEAR) {
        Verdict::Wins => {
            ", above the best Rust strategy's speedup over seq in every round".to_owned()
        }
        Verdict::Loses => {
            ", below the best Rust strategy's speedup over seq in every round".to_owned()
        }
        Verdict::Tie => ", within noise of the best Rust strategy's speedup over seq".to_owned(),
    }
}

/// How the peer fares against Rust's seq at `len`, as a clause: the COST of
/// a Go program against the fastest single-thread Rust, which its slower
/// kernel must make up with threads.
fn against_rust_seq(run: &Run<'_>, peer: &str, workload: &str, len: usize) -> Option<String> {
    let seq = run.seq(workload, len)?;
    let mut own: Vec<_> = run
        .results
        .records
        .iter()
        .filter(|r| r.strategy == peer && r.workload == workload && r.len == len)
        .filter(|r| r.chunks == r.threads)
        .collect();
    own.sort_by_key(|r| r.threads);
    let fastest = own
        .iter()
        .min_by(|a, b| best(&a.timing).total_cmp(&best(&b.timing)))?;
    let wins = own
        .iter()
        .find(|r| wins_in_every_round(&r.timing, &seq.timing, BEATS) == Verdict::Wins);
    Some(match wins {
        Some(r) => format!(
            "against Rust's seq it needs {} to win there in every round ({} against seq's {})",
            plural(r.threads, "thread"),
            crate::format::duration(best(&r.timing)),
            crate::format::duration(best(&seq.timing)),
        ),
        // Its fastest sample of all is slower than seq's fastest: even its
        // best moment lost. Otherwise it won somewhere, just not in every
        // round, and "never" would be false.
        None if best(&fastest.timing) > best(&seq.timing) => format!(
            "against Rust's seq it never wins there (its best, {} at {}, is {} seq's {}): its \
             threads do not make up for {}'s slower kernel on this machine",
            crate::format::duration(best(&fastest.timing)),
            plural(fastest.threads, "thread"),
            times(best(&fastest.timing) / best(&seq.timing)),
            crate::format::duration(best(&seq.timing)),
            language(peer)
        ),
        None => format!(
            "against Rust's seq no thread count wins there in every round (its best, {} at \
             {}, against seq's {})",
            crate::format::duration(best(&fastest.timing)),
            plural(fastest.threads, "thread"),
            crate::format::duration(best(&seq.timing)),
        ),
    })
}

/// The peers' overhead sentence on `size` at `threads` after `gap_s`: what
/// each costs over its own loop, and whose cost over seq among the Rust
/// strategies it is more or less than in every round. Peers that stand the
/// same way against every Rust strategy share their words; one sentence
/// holds them all.
pub(crate) fn overhead_sentences(
    costs: &[CallCost<'_>],
    strategies: &[String],
    results: &RunResults,
    (size, threads, gap_s): (OverheadSize, usize, f64),
) -> Vec<String> {
    let is_peer = |s: &str| results.peer_of(s).is_some();
    let rust: Vec<CallCost<'_>> = strategies
        .iter()
        .filter(|s| !is_peer(s))
        .filter_map(|s| pick(costs, s, size, threads, gap_s))
        .collect();
    // Each group: the clauses its peers share, and each peer's
    // (name, cost, own loop).
    let mut groups: Vec<(Vec<String>, Vec<[String; 3]>)> = Vec::new();
    for peer in strategies.iter().filter(|s| is_peer(s)) {
        let Some(c) = pick(costs, peer, size, threads, gap_s) else {
            continue;
        };
        let member = [
            peer_name(peer),
            micros(c.overhead_s()),
            baseline_name(&c.baseline.strategy),
        ];
        let clauses = standing_by_cost(&c, &rust);
        match groups.iter_mut().find(|(shared, _)| *shared == clauses) {
            Some((_, members)) => members.push(member),
            None => groups.push((clauses, vec![member])),
        }
    }
    let at = if gap_s > 0.0 {
        format!(
            "After a {} gap at {}",
            crate::format::short_duration(gap_s),
            plural(threads, "thread")
        )
    } else {
        format!("At {}", plural(threads, "thread"))
    };
    // One sentence for all peers: a group each, the first after `At 2
    // threads`, the others after a semicolon.
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(clauses, members)| {
            let listed: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(i, [name, cost, own_loop])| {
                    if i == 0 {
                        format!("{name} costs {cost} per call over {own_loop}")
                    } else {
                        format!("{name} {cost} over {own_loop}")
                    }
                })
                .collect();
            let each = if members.len() > 1 { "each " } else { "" };
            let mut part = and_list(&listed);
            if !clauses.is_empty() {
                part.push_str(&format!(", {each}{}", and_list(&clauses)));
            }
            part
        })
        .collect();
    if parts.is_empty() {
        return Vec::new();
    }
    vec![format!("{at} {}.", parts.join("; "))]
}

/// Where a peer's call cost `c` stands among the Rust strategies' costs
/// over seq, as clauses: `more than pool's in every round`, `less than
/// rayon's in every round`, `within noise of chili's`.
fn standing_by_cost(c: &CallCost<'_>, rust: &[CallCost<'_>]) -> Vec<String> {
    let mut more = Vec::new();
    let mut less = Vec::new();
    let mut tied = Vec::new();
    for r in rust {
        let name = format!("{}'s", r.record.strategy);
        match overhead_verdict(c, r) {
            Verdict::Wins => less.push(name),
            Verdict::Loses => more.push(name),
            Verdict::Tie => tied.push(name),
        }
    }
    ordered_clauses([("more than", more), ("less than", less)], tied)
}

/// The clauses of a standing: the ordered ones (`more than pool's and less
/// than rayon's in every round`) as one, then `within noise of chili's`.
fn ordered_clauses(ordered: [(&str, Vec<String>); 2], tied: Vec<String>) -> Vec<String> {
    let held: Vec<String> = ordered
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(relation, names)| format!("{relation} {}", and_list(&names)))
        .collect();
    let mut clauses = Vec::new();
    if !held.is_empty() {
        clauses.push(format!("{} in every round", and_list(&held)));
    }
    if !tied.is_empty() {
        clauses.push(format!("within noise of {}", and_list(&tied)));
    }
    clauses
}

/// How each peer's sequential loop compares with Rust's seq, one thread
/// each, at the largest length both measured on each workload: why a
/// peer's speedups are against its own loop.
pub(crate) fn kernel_sentences(run: &Run<'_>) -> Vec<String> {
    run.baselines
        .iter()
        .filter(|b| b.as_str() != BASELINE && run.is_peer(b))
        .filter_map(|baseline| kernel_sentence(run, baseline))
        .collect()
}

/// [`kernel_sentences`] for one peer's loop.
fn kernel_sentence(run: &Run<'_>, baseline: &str) -> Option<String> {
    let mut slower = Vec::new();
    let mut other = Vec::new();
    for workload in &run.workloads {
        let Some((len, seq, peer)) = run.lens(workload).into_iter().rev().find_map(|len| {
            let seq = run.seq(workload, len)?;
            let peer = run.baseline_record(baseline, workload, len)?;
            Some((len, seq, peer))
        }) else {
            continue;
        };
        let ratio = times(best(&peer.timing) / best(&seq.timing));
        let at = format!("on {workload} at {} elements", count(len));
        match wins_in_every_round(&seq.timing, &peer.timing, BEATS) {
            Verdict::Wins if slower.is_empty() => slower.push(format!("{ratio} seq's time {at}")),
            Verdict::Wins => slower.push(format!("{ratio} {at}")),
            Verdict::Tie => other.push(format!("ties with it within noise {at} ({ratio})")),
            Verdict::Loses => other.push(format!("is faster {at} ({ratio} its time)")),
        }
    }
    if slower.is_empty() && other.is_empty() {
        return None;
    }
    let version = run
        .results
        .peer_of(baseline)
        .map_or_else(String::new, |v| format!(", {v}"));
    let language = language(baseline);
    let mut sentence = format!("{language}'s sequential loop ({baseline}{version})");
    if !slower.is_empty() {
        sentence.push_str(&format!(
            " takes longer than Rust's seq in every round: {}",
            and_list(&slower)
        ));
    }
    if !other.is_empty() {
        sentence.push_str(&format!(
            "{} {}",
            if slower.is_empty() {
                ", against Rust's seq,"
            } else {
                "; it"
            },
            and_list(&other)
        ));
    }
    sentence.push_str(&format!(
        "; {language}'s speedups are therefore against {}, since divided by Rust's seq \
         they would measure the two languages' kernels, not the fork and the join.",
        baseline_name(baseline)
    ));
    Some(sentence)
}

mod legend;
