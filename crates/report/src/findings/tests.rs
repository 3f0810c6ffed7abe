//! Findings, masking and the diff of two runs, on hand-made sentences and on
//! the example run with seeded noise.

use doall_results::RunResults;

use super::{
    Claim, Finding, Sentence,
    diff::{RunDiff, diff_results},
    findings, words,
};
use crate::analysis::{BEATS, Cost, Crossover};

fn example() -> RunResults {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../reports/example")
        .join(doall_results::RESULTS_FILE);
    RunResults::load(&path).expect("the committed example run loads")
}

/// A SplitMix64 generator: seeded noise without a dependency.
struct Seeded(u64);

impl Seeded {
    /// A uniform value in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as f64 / (u64::MAX as f64 + 1.0)
    }
}

/// `results` with each round's fastest sample multiplied by a factor within
/// the noise the every-round rule tolerates: at most √BEATS either way, so
/// a ratio of two measurements moves by less than BEATS.
fn with_noise(results: &RunResults, seed: u64) -> RunResults {
    let mut rng = Seeded(seed);
    let mut noisy = results.clone();
    let reach = BEATS.ln() * 0.49;
    for r in &mut noisy.records {
        for v in &mut r.timing.round_min_s {
            *v *= ((rng.next() * 2.0 - 1.0) * reach).exp();
        }
        if let Some(min) = r.timing.round_min_s.iter().copied().reduce(f64::min) {
            r.timing.min_s = min;
        }
    }
    noisy
}

#[test]
fn a_run_with_seeded_noise_never_contradicts_itself() {
    let run = example();
    let mut worst = 0;
    for seed in 1..=8 {
        let noisy = with_noise(&run, seed);
        let diff = diff_results(&run, &noisy);
        assert!(!diff.has_contradiction(), "seed {seed}:\n{diff}");
        let other = diff_results(&noisy, &with_noise(&run, seed + 100));
        assert!(
            !other.has_contradiction(),
            "seeds {seed}, {}:\n{other}",
            seed + 100
        );
        assert!(diff.rust_sentences > 12, "{diff}");
        // The sentences the summary counts are the lines marked so.
        assert_eq!(
            diff.to_string().matches("only A says (counted)").count(),
            diff.rust_sentences_differ,
            "{diff}"
        );
        worst = worst.max(diff.rust_sentences_differ);
    }
    // The noise moves some findings, but not most of them.
    assert!(
        worst * 4 < example_rust_sentences(),
        "{worst} sentences differ"
    );
}

fn example_rust_sentences() -> usize {
    findings(&example())
        .sentences
        .iter()
        .filter(|s| s.rust)
        .count()
}

#[test]
fn a_sentence_about_a_peer_is_not_about_the_rust_strategies() {
    let found = findings(&example());
    let peers: Vec<&Sentence> = found
        .sentences
        .iter()
        .filter(|s| s.text.starts_with("Go's DoAll reaches"))
        .collect();
    assert!(!peers.is_empty(), "the example has Go's sentences");
    // On ramp OpenMP's 1.35× is below pool's 1.45× in every round.
    assert!(found.sentences.iter().any(|s| {
        s.text.starts_with("OpenMP's parallel for reaches")
            && s.text.contains("ramp elements")
            && s.text
                .contains("below the best Rust strategy's speedup over seq in every round")
    }));
    for s in peers {
        assert!(s.text.contains("the best Rust strategy's"), "{}", s.text);
        assert!(!s.rust, "{}", s.text);
    }
}

#[test]
fn a_run_compared_with_itself_differs_nowhere() {
    let run = example();
    let diff = diff_results(&run, &run);
    assert_eq!(
        (
            diff.contradictions.len(),
            diff.tie_vs_verdict.len(),
            diff.other.len()
        ),
        (0, 0, 0),
        "{diff}"
    );
    assert_eq!((diff.rust_sentences_differ, diff.sentences_differ), (0, 0));
    assert!(diff.sentences > diff.rust_sentences, "{diff}");
}

#[test]
fn a_reversed_order_is_a_contradiction_and_exits_apart() {
    // rayon made 3× slower at every length of heavy with 2 threads: its
    // crossover turns into "never" and contradicts the original.
    let run = example();
    let mut slow = run.clone();
    for r in slow
        .records
        .iter_mut()
        .filter(|r| r.strategy == "rayon" && r.workload == "heavy" && r.threads == 2)
    {
        r.timing.min_s *= 3.0;
        r.timing.round_min_s.iter_mut().for_each(|v| *v *= 3.0);
    }
    let diff = diff_results(&run, &slow);
    assert!(diff.has_contradiction(), "{diff}");
    let text = diff.to_string();
    assert!(
        text.contains(
            "heavy: crossover of rayon: A: beats seq from somewhere between 1 024 and 4 096 \
             elements; B: never beats seq within the lengths measured"
        ),
        "{text}"
    );
    assert!(text.contains("summary: "), "{text}");
}

#[test]
fn claims_are_classified_by_what_they_say() {
    let cost = |c| Claim::Cost(c);
    let finding = |claim| Finding {
        topic: "heavy: COST of rayon".to_owned(),
        baseline: "seq".to_owned(),
        claim,
    };
    let a = super::Findings {
        claims: vec![finding(cost(Cost::From(2)))],
        sentences: Vec::new(),
        names: Vec::new(),
    };
    let with = |claim| super::Findings {
        claims: vec![finding(claim)],
        sentences: Vec::new(),
        names: Vec::new(),
    };
    let d = |b: Claim| -> RunDiff { super::diff::diff_findings(&a, &with(b)) };
    assert!(d(cost(Cost::Never)).has_contradiction());
    assert_eq!(d(cost(Cost::Tie)).tie_vs_verdict.len(), 1);
    assert_eq!(d(cost(Cost::Marginal(2))).other.len(), 1);
    assert_eq!(d(cost(Cost::From(2))), RunDiff::default());

    let cross = |after, from| {
        Claim::Crossover(Crossover::From {
            after: Some(after),
            from,
        })
    };
    let a = with(cross(4_096, 262_144));
    let d = |b: Claim| super::diff::diff_findings(&a, &with(b));
    assert_eq!(
        d(cross(1_024, 16_384)).other.len(),
        1,
        "overlapping intervals"
    );
    assert!(d(cross(262_144, 1_048_576)).has_contradiction(), "disjoint");
    let beyond = |loses| {
        Claim::Crossover(Crossover::Beyond {
            after: Some(65_536),
            loses_at_largest: loses,
        })
    };
    assert_eq!(d(beyond(false)).tie_vs_verdict.len(), 1);

    let lead = |alone, names: &[&str]| Claim::Lead {
        alone,
        names: names.iter().map(|n| (*n).to_owned()).collect(),
    };
    let a = with(lead(true, &["pool"]));
    let d = |b: Claim| super::diff::diff_findings(&a, &with(b));
    assert!(d(lead(true, &["rayon"])).has_contradiction());
    assert_eq!(d(lead(false, &["rayon", "pool"])).tie_vs_verdict.len(), 1);
    assert!(d(lead(false, &["rayon", "crossbeam"])).has_contradiction());

    // A leader only one run measured contradicts nothing: the runs differ in
    // what ran (chili added between them), not in what they found.
    let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let before = super::Findings {
        names: names(&["seq", "rayon", "pool"]),
        ..with(lead(false, &["rayon", "pool"]))
    };
    let after = super::Findings {
        names: names(&["seq", "rayon", "pool", "chili"]),
        ..with(lead(true, &["chili"]))
    };
    let diff = super::diff::diff_findings(&before, &after);
    assert!(!diff.has_contradiction(), "{diff}");
    assert_eq!(diff.other.len(), 1, "{diff}");
}

#[test]
fn sentences_split_at_full_stops_before_a_capital() {
    assert_eq!(
        words::sentences("At 2 threads pool reaches 1.80×. COST: rayon beats seq."),
        vec!["At 2 threads pool reaches 1.80×.", "COST: rayon beats seq."]
    );
}

#[test]
fn figures_are_masked_with_their_units() {
    assert_eq!(
        words::mask_figures(
            "pool (1.80×) takes 7.64\u{a0}ms at 16\u{a0}777\u{a0}216 elements, −0.05 µs, 104%"
        ),
        "pool (#) takes # at # elements, #, #"
    );
    assert_eq!(
        words::mask_figures("8T chunks on x86_64"),
        "#T chunks on x86_64"
    );
    assert_eq!(
        words::mask_figures("ran on 1.00 to 1.01 threads (0% to 1% of calls)"),
        words::mask_figures("ran on 1.00 threads (0% of calls)"),
        "a range whose ends round apart in one run only"
    );
}

#[test]
fn lists_of_names_compare_in_any_order() {
    let names: Vec<String> = ["seq", "std-scope", "rayon", "pool", "crossbeam"]
        .iter()
        .map(|n| (*n).to_owned())
        .collect();
    let a = words::masked(
        "At 2 threads pool (1.80×), rayon (1.63×) and std-scope (1.79×) tie within noise.",
        &names,
    );
    let b = words::masked(
        "At 2 threads rayon (1.61×), std-scope (1.82×) and pool (1.81×) tie within noise.",
        &names,
    );
    assert_eq!(a, b);
    // Which name is the subject is not a list: it still counts.
    let c = words::masked(
        "COST: pool beats seq from 2 threads; rayon and crossbeam tie.",
        &names,
    );
    let d = words::masked(
        "COST: rayon beats seq from 2 threads; pool and crossbeam tie.",
        &names,
    );
    assert_ne!(c, d);
    assert!(words::names("go-seq and seq", "seq"));
    assert!(!words::names("go-seq", "seq"));
    assert!(words::names("rayon's speedup", "rayon"));
}

#[test]
fn bandwidth_loops_apart_in_every_round_say_the_machines_differed() {
    let a = example();
    let with_memory = |factor: f64| {
        let mut b = a.clone();
        for point in &mut b.machine.bandwidth {
            point.gb_per_s *= factor;
            for round in &mut point.round_gb_per_s {
                *round *= factor;
            }
        }
        diff_results(&a, &b)
    };
    let slower = with_memory(0.7);
    assert_eq!(
        slower.machines.len(),
        a.machine.bandwidth.len(),
        "{:?}",
        slower.machines
    );
    assert!(
        slower.machines[0]
            .replace('\u{a0}', " ")
            .starts_with("memory bandwidth at 1 thread: A "),
        "{}",
        slower.machines[0]
    );
    assert!(slower.to_string().contains("machines apart (2):"));
    // A few percent is within the margin of every verdict: not apart.
    assert!(with_memory(0.99).machines.is_empty());
    assert!(diff_results(&a, &a).machines.is_empty());
}

#[test]
fn the_sentences_the_summary_counts_are_marked() {
    // seq, std-mpsc and rayon on heavy at 2 threads; in B rayon is 3 times
    // slower: the sentences about it differ, and only A's are counted.
    let run = |rayon_s: f64| {
        crate::fixtures::results(vec![
            crate::fixtures::record("seq", "heavy", 4096, 1, 1, 8.0),
            crate::fixtures::record("std-mpsc", "heavy", 4096, 2, 2, 4.4),
            crate::fixtures::record("rayon", "heavy", 4096, 2, 2, rayon_s),
        ])
    };
    let diff = diff_results(&run(4.0), &run(12.0));
    let text = diff.to_string();
    assert!(diff.rust_sentences_differ > 0, "{text}");
    assert_eq!(
        text.matches("only A says (counted)").count(),
        diff.rust_sentences_differ,
        "{text}"
    );
    assert!(!text.contains("only B says (counted)"), "{text}");
    // Every sentence only A says is in the count of all, counted or not.
    assert_eq!(
        text.matches("only A says").count(),
        diff.sentences_differ,
        "{text}"
    );
}

#[test]
fn every_findings_box_of_the_example_reads_in_a_few_sentences() {
    // About six sentences a section: the chart and its table hold the
    // rest. Peers that stand the same way share a sentence.
    let found = findings(&example());
    let mut per_section: Vec<(&str, usize)> = Vec::new();
    for s in &found.sentences {
        match per_section.iter_mut().find(|(name, _)| *name == s.section) {
            Some((_, n)) => *n += 1,
            None => per_section.push((&s.section, 1)),
        }
    }
    assert!(per_section.len() > 10, "{per_section:?}");
    for (section, n) in &per_section {
        assert!(*n <= 7, "{section}: {n} sentences");
    }
    let overhead: Vec<&str> = found
        .sentences
        .iter()
        .filter(|s| s.section == "overhead")
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        overhead
            .iter()
            .any(|s| s.starts_with("At 2\u{a0}threads Go's DoAll costs")
                && s.contains("and OpenMP's parallel for")
                && s.contains(", each more than")),
        "{overhead:?}"
    );
}

#[test]
fn peers_that_stand_apart_still_share_one_sentence() {
    // OpenMP's 64-element calls at 2 threads made 1 000 times slower: it
    // now costs more than every Rust strategy, Go does not.
    let mut run = example();
    for o in &mut run.overhead {
        if o.strategy == "openmp"
            && o.size == doall_results::OverheadSize::Elements64
            && o.threads == 2
            && o.idle_gap_s == 0.0
        {
            o.timing.min_s *= 1000.0;
            o.timing.median_s *= 1000.0;
            o.timing.lower_s *= 1000.0;
            o.timing.upper_s *= 1000.0;
            for r in &mut o.timing.round_min_s {
                *r *= 1000.0;
            }
        }
    }
    let found = findings(&run);
    let peers: Vec<&str> = found
        .sentences
        .iter()
        .filter(|s| s.section == "overhead" && s.text.contains("Go's DoAll costs"))
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(peers.len(), 1, "{peers:?}");
    assert!(
        peers[0].contains(" in every round; OpenMP's parallel for costs"),
        "{}",
        peers[0]
    );
}

#[test]
fn claims_that_read_the_same_are_not_listed() {
    // Both runs: no crossover within the lengths measured, a tie at the
    // largest; they differ only in where seq last won, which the page does
    // not say.
    let at = |after: Option<usize>| super::Findings {
        claims: vec![Finding {
            topic: "light: crossover of crossbeam".to_owned(),
            baseline: "seq".to_owned(),
            claim: Claim::Crossover(Crossover::Beyond {
                after,
                loses_at_largest: false,
            }),
        }],
        sentences: Vec::new(),
        names: vec!["crossbeam".to_owned(), "seq".to_owned()],
    };
    let (a, b) = (at(Some(1024)), at(None));
    assert_eq!(a.claims[0].words(), b.claims[0].words());
    let diff = super::diff::diff_findings(&a, &b);
    assert!(
        diff.other.is_empty() && diff.tie_vs_verdict.is_empty(),
        "{diff}"
    );
}
