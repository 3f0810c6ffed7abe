//! Peers beside the Rust strategies: the same work in another language, run
//! in the same interleaved rounds (Effective Go's DoAll, `go`; OpenMP's
//! parallel for in C, `openmp`). A peer's kernel is not Rust's, so its
//! speedup and overhead are against its own sequential loop (`go-seq`,
//! `openmp-seq`), never against Rust's `seq`; these sentences set each
//! peer's figures next to the Rust strategies' in words, and claim an order
//! only where it held in every round. A run without a peer gets none of
//! them.

use doall_results::{OverheadSize, RunResults, ThreadsUsed};

use crate::{
    analysis::{BASELINE, BEATS, CLEAR, Run, Speedup, best, speedups},
    format::{and_list, count, micros, number, plural, times},
    per_call::{CallCost, overhead_verdict, pick},
    rounds::{Lead, Verdict, lowest, verdict, wins_in_every_round},
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

/// The length that stands for "small but not tiny": Go's sentences are read
/// there and at the largest length.
const MID_LEN: usize = 4096;

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

/// ` (1.50 used)`, or nothing when the threads were not probed.
fn used_words(used: Option<ThreadsUsed>) -> String {
    used.map_or_else(String::new, |u| format!(" ({} used)", number(u.mean)))
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

/// The lengths a peer's speedup is told at: the one nearest [`MID_LEN`]
/// (on a log scale) below the largest, then the largest.
fn told_lens(lens: &[usize]) -> Vec<usize> {
    let Some((&largest, rest)) = lens.split_last() else {
        return Vec::new();
    };
    let distance = |len: usize| (len as f64 / MID_LEN as f64).log2().abs();
    let mid = rest
        .iter()
        .copied()
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)));
    mid.into_iter().chain([largest]).collect()
}

/// The speedup sentences of a workload's section: for each told length,
/// the peer's speedup over its own loop at its most threads, the Rust
/// strategies' over seq there, and where its speedup stands among theirs in
/// every round; then how many threads it needs to beat Rust's seq.
pub(crate) fn speedup_sentences(run: &Run<'_>, workload: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    for peer in peers(run) {
        let lens = lens_with_baseline(run, peer, workload);
        for &len in &told_lens(&lens) {
            sentences.extend(speedup_at(run, peer, workload, len));
        }
        if let Some(&largest) = lens.last() {
            sentences.extend(against_rust_seq(run, peer, workload, largest));
        }
    }
    sentences
}

/// One told length of [`speedup_sentences`].
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
    let baseline = baseline_name(run.results.baseline_of(peer));
    let mut sentence = format!(
        "{}: {} over {baseline} at {} elements on {}{}",
        peer_name(peer),
        times(p.speedup),
        count(len),
        plural(t, "thread"),
        used_words(p.used)
    );
    if rust.is_empty() {
        sentence.push('.');
        return Some(sentence);
    }
    let mut order: Vec<usize> = (0..rust.len()).collect();
    order.sort_by(|&a, &b| rust[b].1.speedup.total_cmp(&rust[a].1.speedup));
    let listed: Vec<String> = order
        .iter()
        .map(|&i| {
            let (name, q) = &rust[i];
            format!("{name} {}{}", times(q.speedup), used_words(q.used))
        })
        .collect();
    // Rust strategies share seq, so their time ratios order like their times.
    let ratios: Vec<_> = rust.iter().map(|(_, q)| q.time_ratio()).collect();
    match lowest(&ratios, CLEAR) {
        Some(Lead::Alone(best)) if rust.len() > 1 => {
            let rest: Vec<String> = order
                .iter()
                .zip(&listed)
                .filter(|(i, _)| **i != best)
                .map(|(_, l)| l.clone())
                .collect();
            sentence.push_str(&format!(
                "; the best Rust strategy over seq, {}, {}{}; then {}.",
                rust[best].0,
                times(rust[best].1.speedup),
                used_words(rust[best].1.used),
                and_list(&rest)
            ));
        }
        _ => sentence.push_str(&format!("; over seq, {}.", and_list(&listed))),
    }
    sentence.push_str(&standing(p, &rust));
    Some(sentence)
}

/// Where the peer's speedup `p` stands among the Rust strategies' in every
/// round, as a sentence to follow another; empty if nothing held.
fn standing(p: &Speedup, rust: &[(&str, Speedup)]) -> String {
    let mine = p.time_ratio();
    let mut above = Vec::new();
    let mut below = Vec::new();
    let mut tied = Vec::new();
    for (name, q) in rust {
        // A lower time ratio is a larger speedup.
        match verdict(&mine, &q.time_ratio(), CLEAR) {
            Verdict::Wins => above.push(format!("{name}'s")),
            Verdict::Loses => below.push(format!("{name}'s")),
            Verdict::Tie => tied.push(format!("{name}'s")),
        }
    }
    let mut clauses = Vec::new();
    if !above.is_empty() {
        clauses.push(format!("above {} in every round", and_list(&above)));
    }
    if !below.is_empty() {
        clauses.push(format!("below {} in every round", and_list(&below)));
    }
    if !tied.is_empty() {
        clauses.push(format!("within noise of {}", and_list(&tied)));
    }
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" Its speedup is {}.", and_list(&clauses))
    }
}

/// How many threads the peer needs to beat Rust's seq at `len`: the COST of
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
    let name = peer_name(peer);
    let at = format!("{} {workload} elements", count(len));
    let wins = own
        .iter()
        .find(|r| wins_in_every_round(&r.timing, &seq.timing, BEATS) == Verdict::Wins);
    Some(match wins {
        Some(r) => format!(
            "Against Rust's seq ({}) rather than its own loop, {name} needs {} to win at {at} \
             in every round ({}).",
            crate::format::duration(best(&seq.timing)),
            plural(r.threads, "thread"),
            crate::format::duration(best(&r.timing))
        ),
        None => format!(
            "Against Rust's seq rather than its own loop, {name} never wins at {at}: its \
             fastest, {} at {}, against seq's {} ({} its time). Its threads do not make up \
             for {}'s slower kernel on this machine.",
            crate::format::duration(best(&fastest.timing)),
            plural(fastest.threads, "thread"),
            crate::format::duration(best(&seq.timing)),
            times(best(&fastest.timing) / best(&seq.timing)),
            language(peer)
        ),
    })
}

/// The overhead sentence of each peer on `size` at `threads` after `gap_s`:
/// what it costs over its own loop, next to each Rust strategy's cost over
/// seq, with who it costs more or less than in every round.
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
    let after = if gap_s > 0.0 {
        format!(" after a {} gap", crate::format::short_duration(gap_s))
    } else {
        String::new()
    };
    strategies
        .iter()
        .filter(|s| is_peer(s))
        .filter_map(|peer| {
            let c = pick(costs, peer, size, threads, gap_s)?;
            let mut sentence = format!(
                "{} costs {} per call over {} on {} at {}{after}{}",
                peer_name(peer),
                micros(c.overhead_s()),
                baseline_name(&c.baseline.strategy),
                size.describe(),
                plural(threads, "thread"),
                used_words(c.record.threads_used)
            );
            if !rust.is_empty() {
                sentence.push_str(", against the Rust strategies' cost over seq");
            }
            let mut more = Vec::new();
            let mut less = Vec::new();
            let mut tied = Vec::new();
            for r in &rust {
                let named = format!("{} ({})", r.record.strategy, micros(r.overhead_s()));
                match overhead_verdict(&c, r) {
                    Verdict::Wins => less.push(named),
                    Verdict::Loses => more.push(named),
                    Verdict::Tie => tied.push(named),
                }
            }
            let mut clauses = Vec::new();
            if !more.is_empty() {
                clauses.push(format!("more than {}", and_list(&more)));
            }
            if !less.is_empty() {
                clauses.push(format!("less than {}", and_list(&less)));
            }
            if !clauses.is_empty() {
                sentence.push_str(&format!(": {}, in every round", and_list(&clauses)));
            }
            if !tied.is_empty() {
                sentence.push_str(&format!(
                    "{}within noise of {}",
                    if clauses.is_empty() { ": " } else { "; " },
                    and_list(&tied)
                ));
            }
            sentence.push('.');
            Some(sentence)
        })
        .collect()
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
        ". {language}'s speedups are therefore against {}: divided by Rust's seq they \
         would measure the two languages' kernels, not the fork and the join.",
        baseline_name(baseline)
    ));
    Some(sentence)
}

mod legend;
