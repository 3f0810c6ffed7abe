use doall_results::{OverheadSize::FixedPerChunk, RunResults};

use super::*;
use crate::fixtures::{overhead, record, results, seq_overhead, used};

/// seq on heavy at 10 ns per element; rayon at 2 threads with a 6 µs
/// overhead (8.56 µs on 2 chunks of 256 against seq's 2.56 µs on one), so
/// n* = 6 µs × 2 ÷ 10 ns = 1 200 elements and the model predicts 0.921× at
/// 1 024 elements (10.24 ÷ (5.12 + 6)), 1.55× at 4 096 and 1.86× at
/// 16 384. rayon measures 0.640× at 1 024 (16 µs: 31% below), 1.60× and
/// 1.88×; it loses to seq at 1 024 and wins from 4 096, so the measured
/// crossover lies in (1 024, 4 096], where n* is.
fn run() -> RunResults {
    let mut r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 10.24e-6),
        record("seq", "heavy", 4096, 1, 1, 40.96e-6),
        record("seq", "heavy", 16384, 1, 1, 163.84e-6),
        record("rayon", "heavy", 1024, 2, 2, 16e-6),
        record("rayon", "heavy", 4096, 2, 2, 25.6e-6),
        record("rayon", "heavy", 16384, 2, 2, 87.04e-6),
        // light's 5 flops in 0.477 ns: heavy's 129 in 10 ns is faster.
        record("seq", "light", 1 << 24, 1, 1, 8e-3),
    ]);
    r.overhead = vec![
        seq_overhead(FixedPerChunk, 256, 0.0, 2.56e-6),
        overhead("rayon", FixedPerChunk, 2, 0.0, 8.56e-6),
    ];
    r
}

#[test]
fn measured_points_stand_beside_their_predictions() {
    let r = run();
    let v = view(&Run::new(&r), "heavy").expect("a model");
    assert_eq!(v.threads, 2);
    let rayon = &v.lines[0];
    let predicted: Vec<f64> = rayon.points.iter().map(|p| p.predicted).collect();
    let expected = [10.24 / 11.12, 40.96 / 26.48, 163.84 / 87.92];
    for (p, e) in predicted.iter().zip(expected) {
        assert!((p - e).abs() < 1e-9, "{predicted:?}");
    }
    let fits: Vec<Fit> = rayon.points.iter().map(|p| p.fit).collect();
    assert_eq!(fits, vec![Fit::Below, Fit::Holds, Fit::Holds]);
    assert_eq!(rayon.points[0].reason, Some(Reason::DearerCall));
    assert_eq!(v.holds_from(), Some(4096));
    assert_eq!(crossover_agrees(rayon, 16384), Some(true));
    assert!(
        view(&Run::new(&r), "light").is_none(),
        "no parallel strategy"
    );
}

#[test]
fn the_findings_summarise_without_naming_the_points() {
    let r = run();
    let v = view(&Run::new(&r), "heavy").expect("a model");
    let sentences = model_findings(&v);
    // 2 × 129 flops per 10 ns against 31 GB/s: 0.832 flops per byte.
    assert_eq!(
        sentences,
        vec![
            "heavy does 129 flops per 16 bytes (8.06 flops per byte) and seq takes 10.0\u{a0}ns \
             per element; the machine's balance at 2 threads is 0.832 flops per byte: \
             compute-bound, so the threads set its ceiling of 2.00×."
                .to_owned(),
            "On heavy at 2\u{a0}threads the model holds within 20% for every strategy from \
             4\u{a0}096 elements up; below, 1\u{a0}point is off by more than 20% in every \
             round (the table names each with its likely reason)."
                .to_owned(),
            "The predicted crossover n* lies within the measured interval for 1 of 1 \
             strategies."
                .to_owned(),
        ]
    );
}

#[test]
fn a_point_whose_calls_did_not_fork_says_so() {
    let mut r = run();
    r.records[3].threads_used = used(1.0, 0.0);
    let v = view(&Run::new(&r), "heavy").expect("a model");
    assert_eq!(v.lines[0].points[0].reason, Some(Reason::DidNotFork));
}

#[test]
fn the_model_needs_the_overhead_records() {
    let mut r = run();
    r.overhead.clear();
    assert!(view(&Run::new(&r), "heavy").is_none());
}

#[test]
fn a_model_that_holds_everywhere_says_so() {
    let mut r = run();
    r.records[3].timing = crate::fixtures::timing(11.12e-6);
    let v = view(&Run::new(&r), "heavy").expect("a model");
    assert!(v.off().is_empty());
    assert!(model_findings(&v)[1].contains("at every length measured"));
}

#[test]
fn a_memory_bound_point_below_the_model_where_seq_slowed_blames_memory() {
    // light at 0.5 ns per element (seq at 1 024), 10 Gflop/s: on 2 threads
    // against 31 GB/s the balance is 0.645 flops per byte, above light's
    // 0.3125. At 2^20 seq takes 2 ns per element (slowed by memory, 4×
    // its best) and rayon 1.5 ms: 1.40× against a predicted 1.96×
    // (1.049 ms ÷ (0.524 ms + 6 µs)), below by 29%. The roofline starts at
    // light's largest length, 2^24, where rayon was not measured.
    let mut r = run();
    r.records = vec![
        record("seq", "light", 1024, 1, 1, 0.512e-6),
        record("rayon", "light", 1024, 2, 2, 6.5e-6),
        record("seq", "light", 1 << 20, 1, 1, 2.097152e-3),
        record("rayon", "light", 1 << 20, 2, 2, 1.5e-3),
        record("seq", "light", 1 << 24, 1, 1, 33.554432e-3),
    ];
    let v = view(&Run::new(&r), "light").expect("a model");
    let at_mib = &v.lines[0].points[1];
    assert_eq!((at_mib.len, at_mib.fit), (1 << 20, Fit::Below));
    assert_eq!(at_mib.reason, Some(Reason::Memory));
    assert!(model_findings(&v)[0].contains("memory-bound"), "{v:?}");
}
