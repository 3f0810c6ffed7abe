use doall_results::OverheadSize::FixedPerChunk;

use super::*;
use crate::fixtures::{overhead, record, results, seq_overhead};

/// 10 ns per element, 10 µs per call, 2 threads, balanced, no memory.
fn heavy_model() -> Model {
    Model {
        t_element: 10e-9,
        overhead: 10e-6,
        threads: 2,
        share: 0.5,
        memory: None,
    }
}

fn values(each: &[f64]) -> RoundValues {
    RoundValues {
        each: each.to_vec(),
        best: each.iter().copied().fold(f64::INFINITY, f64::min),
    }
}

#[test]
fn the_call_pays_off_where_the_time_saved_equals_the_overhead() {
    let m = heavy_model();
    // n* = o·T / ((T−1)·t) = 10 µs × 2 / 10 ns = 2 000 elements, where
    // seq's 20 µs equals 10 µs of work plus 10 µs of overhead.
    let n_star = m.crossover().expect("two threads");
    assert!((n_star - 2000.0).abs() < 1e-6, "{n_star}");
    assert!((m.speedup(2000) - 1.0).abs() < 1e-12);
    // 200 000 elements: 2 ms ÷ (1 ms + 10 µs) = 1.98×.
    assert!((m.speedup(200_000) - 2e-3 / 1.01e-3).abs() < 1e-12);
    assert!((m.ceiling() - 2.0).abs() < 1e-12);
    let one = Model {
        threads: 1,
        share: 1.0,
        ..m
    };
    assert_eq!(one.crossover(), None, "one thread saves nothing");
    let free = Model {
        overhead: -1e-7,
        ..m
    };
    assert_eq!(free.crossover(), Some(0.0), "a call no dearer than seq");
}

#[test]
fn unbalanced_chunks_leave_the_last_thread_three_quarters() {
    // ramp on 2 equal chunks: s = 3/4, n* = o / ((1 − s)·t) = 4 000, and
    // the ceiling T²/(2T−1) = 4/3.
    assert!((share("ramp", 2) - 0.75).abs() < 1e-12);
    assert!((share("heavy", 4) - 0.25).abs() < 1e-12);
    let m = Model {
        share: share("ramp", 2),
        ..heavy_model()
    };
    assert!((m.crossover().expect("saves") - 4000.0).abs() < 1e-6);
    assert!((m.ceiling() - 4.0 / 3.0).abs() < 1e-9);
}

#[test]
fn the_roofline_caps_a_vector_from_memory() {
    // light: 0.25 ns per element; 16 bytes at 20 GB/s take 0.8 ns on one
    // thread, at 32 GB/s 0.5 ns on two. From memory the speedup is
    // 0.8 ÷ 0.5 = 1.6× (overhead aside); in cache, 2×.
    let m = Model {
        t_element: 0.25e-9,
        overhead: 0.0,
        threads: 2,
        share: 0.5,
        memory: Some(Memory {
            from_len: 1 << 24,
            one_thread: 20e9,
            threads: 32e9,
        }),
    };
    assert!((m.speedup(1 << 24) - 1.6).abs() < 1e-9);
    assert!((m.speedup(1 << 20) - 2.0).abs() < 1e-9);
    assert!((m.ceiling() - 1.6).abs() < 1e-9);
}

#[test]
fn a_point_is_off_only_if_every_round_is() {
    let seq = values(&[1.0, 1.0, 1.0]);
    // Speedups 2.5 in every round against 2 predicted: 25% above.
    assert_eq!(fit(&seq, &values(&[0.4, 0.4, 0.4]), 2.0), Fit::Above);
    // One round at 2.22×, 11% above: the model holds.
    assert_eq!(fit(&seq, &values(&[0.45, 0.4, 0.4]), 2.0), Fit::Holds);
    // 2.5× against 4 predicted: 37% below.
    assert_eq!(fit(&seq, &values(&[0.4, 0.4, 0.4]), 4.0), Fit::Below);
}

#[test]
fn the_constants_come_from_seq_the_overhead_section_and_the_ceiling() {
    // seq on heavy: 10.24 µs on 1 024 elements (10 ns each) and 32.768 µs
    // on 4 096 (8 ns each): the fastest per element is kept.
    let mut r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 10.24e-6),
        record("seq", "heavy", 4096, 1, 1, 32.768e-6),
        record("rayon", "heavy", 4096, 2, 2, 20e-6),
        record("seq", "light", 1 << 24, 1, 1, 8e-3),
    ]);
    // rayon's 2 chunks of 256 take 12.3 µs against seq's 10.3 µs on one.
    r.overhead = vec![
        seq_overhead(FixedPerChunk, 256, 0.0, 10.3e-6),
        overhead("rayon", FixedPerChunk, 2, 0.0, 12.3e-6),
    ];
    let run = Run::new(&r);
    let m = model(&run, "rayon", "heavy", 2).expect("three constants");
    assert!((m.t_element - 8e-9).abs() < 1e-18, "{}", m.t_element);
    assert!((m.overhead - 2e-6).abs() < 1e-15, "{}", m.overhead);
    // The machine fixture's ceiling: 24 GB/s on one thread, 31 on two,
    // from light's largest length.
    assert_eq!(
        m.memory,
        Some(Memory {
            from_len: 1 << 24,
            one_thread: 24e9,
            threads: 31e9
        })
    );
    assert!(
        model(&run, "crossbeam", "heavy", 2).is_none(),
        "no overhead"
    );
    // heavy: 129 flops in 8 ns (16.1 Gflop/s per thread) is the fastest
    // rate (light's 5 flops in 0.477 ns are 10.5); on 2 threads against
    // 31 GB/s the balance is 2 × 16.125 ÷ 31 = 1.04 flops per byte.
    let b = balance(&run, 2).expect("measured");
    assert!((b - 2.0 * 129.0 / 8.0 / 31.0).abs() < 1e-9, "{b}");
    assert_eq!(flops_per_element("light"), Some(5.0));
    assert_eq!(flops_per_element("other"), None);
}
