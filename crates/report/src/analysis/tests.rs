//! The formulas of `analysis` on hand-worked numbers.

use super::*;
use crate::fixtures::{record, results, timing};

#[test]
fn speedup_efficiency_and_cost_on_hand_worked_numbers() {
    // seq takes 8 s; std-mpsc 10 s at 1 thread, 5 s at 2, 2.5 s at 4.
    let r = results(vec![
        record("seq", "heavy", 1000, 1, 1, 8.0),
        record("std-mpsc", "heavy", 1000, 1, 1, 10.0),
        record("std-mpsc", "heavy", 1000, 2, 2, 5.0),
        record("std-mpsc", "heavy", 1000, 4, 4, 2.5),
    ]);
    let run = Run::new(&r);
    let s = speedups(&run, "std-mpsc", "heavy", 1000, 1);
    let values: Vec<f64> = s.iter().map(|p| p.speedup).collect();
    assert_eq!(values, vec![0.8, 1.6, 3.2]);
    assert_eq!(s[2].efficiency(), 0.8);
    assert_eq!(s[1].efficiency(), 0.8);
    assert_eq!(cost(&s), Cost::From(2));
    assert_eq!(cost(&s[..1]), Cost::Never, "0.8× in every round");
    assert_eq!(run.largest_len("heavy"), Some(1000));
    assert_eq!(run.strategies, vec!["std-mpsc".to_owned()]);
}

#[test]
fn go_is_measured_against_go_seq_never_against_rust_seq() {
    // heavy at 1 048 576: seq 41.9 ms, go-seq 104.9 ms, go 55.2 ms at 2
    // threads: 1.90× over go-seq (it would be 0.76× over seq).
    let r = crate::fixtures::go_run();
    let run = Run::new(&r);
    assert!(run.strategies.contains(&"go".to_owned()));
    assert!(!run.strategies.iter().any(|s| s == "go-seq" || s == "seq"));
    assert_eq!(run.baselines, vec!["seq", "go-seq"]);
    assert!(run.is_peer("go") && run.is_peer("go-seq") && !run.is_peer("rayon"));
    let len = 1_048_576;
    let go_seq = run.baseline_record("go", "heavy", len).expect("go-seq");
    assert_eq!(go_seq.strategy, "go-seq");
    let go = run.record("go", "heavy", len, 2, 2).expect("go at 2");
    let s = speedups(&run, "go", "heavy", len, 1);
    assert_eq!(s[1].speedup, best(&go_seq.timing) / best(&go.timing));
    assert!((s[1].speedup - 1.90).abs() < 0.01, "{}", s[1].speedup);
    assert_eq!(cost(&s), Cost::From(2));
    let rust = speedups(&run, "rayon", "heavy", len, 1);
    let seq = run.seq("heavy", len).expect("seq");
    assert_eq!(rust[1].baseline.best, best(&seq.timing));
    assert_eq!(run.largest_len("heavy"), Some(len));
}

#[test]
fn few_threads_means_under_ninety_percent_of_them() {
    let used = |mean| {
        Some(ThreadsUsed {
            mean,
            all_share: 0.0,
            calls: 10,
        })
    };
    // 0.9 × 2 = 1.8 threads: 1.79 is few, 1.8 is not.
    assert!(few_threads(used(1.0), 2));
    assert!(few_threads(used(1.79), 2));
    assert!(!few_threads(used(1.8), 2));
    assert!(!few_threads(used(1.0), 1), "one thread is all it had");
    assert!(!few_threads(None, 4), "not probed: no claim");
}

#[test]
fn few_threads_must_be_more_than_chance() {
    let used = |forked: usize, calls: usize| {
        let all_share = forked as f64 / calls as f64;
        Some(ThreadsUsed {
            mean: 1.0 + all_share,
            all_share,
            calls,
        })
    };
    // 4 forks in 6 calls: the 95% bound of the share reaches 0.90, so a
    // second run forking 6 in 6 would not surprise; 200 in 300 would.
    assert!(!few_threads(used(4, 6), 2));
    assert!(few_threads(used(200, 300), 2));
    // No fork in 6 calls is more than chance (the bound is 0.39).
    assert!(few_threads(used(0, 6), 2));
    assert!((wilson_upper(0.0, 6) - 0.390).abs() < 1e-3);
    assert!((wilson_upper(4.0 / 6.0, 6) - 0.903).abs() < 1e-3);
    assert_eq!(wilson_upper(0.5, 0), 1.0);
}

#[test]
fn speedup_bounds_reach_from_fastest_to_upper_bounds() {
    // Fastest 4 s and 2 s; upper bounds of the medians 6 s and 3 s.
    let mut seq = record("seq", "light", 10, 1, 1, 4.0);
    seq.timing.upper_s = 6.0;
    let mut par = record("rayon", "light", 10, 2, 2, 2.0);
    par.timing.upper_s = 3.0;
    let r = results(vec![seq, par]);
    let run = Run::new(&r);
    let s = speedups(&run, "rayon", "light", 10, 1);
    // 4 / 2 = 2; 4 / 3 at worst; 6 / 2 = 3 at best.
    assert_eq!((s[0].speedup, s[0].low, s[0].high), (2.0, 4.0 / 3.0, 3.0));
    assert!(s[0].noisy, "a CI of 65% of the median is noisy");
}

#[test]
fn a_tie_with_seq_is_not_a_win() {
    // 1.01x at 1 thread is noise; 1.5x at 2 threads is a win.
    let r = results(vec![
        record("seq", "heavy", 1000, 1, 1, 1.01),
        record("rayon", "heavy", 1000, 1, 1, 1.0),
        record("rayon", "heavy", 1000, 2, 2, 1.01 / 1.5),
    ]);
    let run = Run::new(&r);
    let points = speedups(&run, "rayon", "heavy", 1000, 1);
    assert_eq!(points[0].against_seq, Verdict::Tie);
    assert_eq!(cost(&points), Cost::From(2));
    assert_eq!(cost(&points[..1]), Cost::Tie);
}

#[test]
fn cost_needs_the_win_in_every_round() {
    // seq's rounds: 10, 10, 10 s. rayon at 2 threads: 5, 5, 9.9 s: twice
    // as fast by its fastest sample, but only 1% faster in round 3. At 4
    // threads: 9.58, 9.59, 9.6 s (4.2% faster in round 3): a win, but a
    // marginal one (under 6% in its weakest round); at 9 s in every round
    // (11% faster) a clear one.
    let mut seq = record("seq", "heavy", 1000, 1, 1, 10.0);
    seq.timing.round_min_s = vec![10.0, 10.0, 10.0];
    let mut two = record("rayon", "heavy", 1000, 2, 2, 5.0);
    two.timing.round_min_s = vec![5.0, 5.0, 9.9];
    let mut four = record("rayon", "heavy", 1000, 4, 4, 9.58);
    four.timing.round_min_s = vec![9.58, 9.59, 9.6];
    let r = results(vec![seq, two, four]);
    let run = Run::new(&r);
    let points = speedups(&run, "rayon", "heavy", 1000, 1);
    assert_eq!(points[0].speedup, 2.0, "the figure is the fastest sample");
    assert_eq!(points[0].against_seq, Verdict::Tie);
    assert_eq!(cost(&points), Cost::Marginal(4));
    let mut r = r;
    r.records[2].timing.round_min_s = vec![9.0, 9.0, 9.0];
    let run = Run::new(&r);
    assert_eq!(
        cost(&speedups(&run, "rayon", "heavy", 1000, 1)),
        Cost::From(4)
    );
}

#[test]
fn a_median_far_above_the_fastest_sample_is_noisy() {
    let mut t = timing(1.0);
    assert!(!is_noisy(&t), "2% apart, tight interval");
    t.median_s = 1.3;
    t.lower_s = 1.29;
    t.upper_s = 1.31;
    assert!(is_noisy(&t), "median 30% above the fastest");
    assert!((spread(&t) - 0.3).abs() < 1e-12);
}

#[test]
fn chunks_per_thread_selects_the_over_split_records() {
    let r = results(vec![
        record("seq", "ramp", 100, 1, 1, 6.0),
        record("rayon", "ramp", 100, 2, 2, 4.0),
        record("rayon", "ramp", 100, 2, 16, 3.0),
    ]);
    let run = Run::new(&r);
    assert_eq!(speedups(&run, "rayon", "ramp", 100, 1)[0].speedup, 1.5);
    assert_eq!(speedups(&run, "rayon", "ramp", 100, 8)[0].speedup, 2.0);
    assert!(run.has_chunking("rayon", "ramp", 100, 8));
    assert!(!run.has_chunking("rayon", "ramp", 100, 4));
}

#[test]
fn the_static_ceiling_matches_the_spec() {
    assert_eq!(static_ceiling(1), 1.0);
    assert_eq!(static_ceiling(2), 4.0 / 3.0);
    assert_eq!(static_ceiling(4), 16.0 / 7.0);
    assert_eq!(static_ceiling(16), 256.0 / 31.0);
}

fn points(times: &[(usize, f64)]) -> Vec<LenPoint> {
    times
        .iter()
        .map(|&(len, s)| LenPoint {
            len,
            timing: timing(s),
        })
        .collect()
}

#[test]
fn crossover_is_an_interval_below_the_winning_tail() {
    let seq = points(&[(1, 1.0), (2, 2.0), (4, 4.0), (8, 8.0)]);
    let from = |after, from| Crossover::From { after, from };
    // Wins at 1 (noise), loses at 2, wins from 4 on: between 2 and 4.
    let a = points(&[(1, 0.5), (2, 3.0), (4, 3.0), (8, 5.0)]);
    assert_eq!(crossover(&a, &seq), from(Some(2), 4));
    assert_eq!(crossover(&a, &seq).interval(), Some((2, Some(4))));
    // Wins everywhere: below the smallest length.
    let b = points(&[(1, 0.5), (2, 1.0), (4, 2.0), (8, 4.0)]);
    assert_eq!(crossover(&b, &seq), from(None, 1));
    // Ties at the largest length (8.1 s against 8 s): beyond the lengths.
    let c = points(&[(1, 0.5), (2, 1.0), (4, 2.0), (8, 8.1)]);
    let beyond = |after, loses_at_largest| Crossover::Beyond {
        after,
        loses_at_largest,
    };
    assert_eq!(crossover(&c, &seq), beyond(None, false));
    // Loses at the largest length: never.
    let c = points(&[(1, 0.5), (2, 1.0), (4, 2.0), (8, 9.0)]);
    assert_eq!(crossover(&c, &seq), beyond(Some(8), true));
    assert_eq!(crossover(&c, &seq).interval(), Some((8, None)));
    // Only lengths seq was not measured at: no data.
    let d = points(&[(16, 1.0)]);
    assert_eq!(crossover(&d, &seq), Crossover::NoData);
    // A missing length in the strategy is skipped, not a loss.
    let e = points(&[(2, 3.0), (8, 5.0)]);
    assert_eq!(crossover(&e, &seq), from(Some(2), 8));
    // 1.02× faster at 4 in every round is a tie: the tail starts at 8, and
    // nothing below it was lost.
    let f = points(&[(4, 4.0 / 1.02), (8, 4.0)]);
    assert_eq!(crossover(&f, &seq), from(None, 8));
    // Loses at 1, ties at 2 and 4, wins at 8: somewhere between 1 and 8.
    let g = points(&[(1, 2.0), (2, 2.0), (4, 4.0), (8, 4.0)]);
    assert_eq!(crossover(&g, &seq), from(Some(1), 8));
}

#[test]
fn bandwidth_counts_sixteen_bytes_per_element() {
    assert_eq!(gb_per_s(1_000_000_000, 16.0), 1.0);
    assert!((gb_per_s(1_000_000, 1e-3) - 16.0).abs() < 1e-9);
}

#[test]
fn names_follow_the_recorded_order_then_the_records() {
    let r = results(vec![
        record("zz", "mine", 1, 2, 2, 1.0),
        record("rayon", "heavy", 1, 2, 2, 1.0),
        record("aa", "light", 1, 2, 2, 1.0),
        record("std-mpsc", "heavy", 1, 2, 2, 1.0),
    ]);
    let run = Run::new(&r);
    assert_eq!(run.strategies, vec!["std-mpsc", "rayon", "zz", "aa"]);
    assert_eq!(run.workloads, vec!["light", "heavy", "mine"]);
}
