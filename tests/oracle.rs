//! The correctness oracle: every registered strategy leaves exactly the bits
//! that `seq` leaves, for every workload, length, thread and chunk count,
//! and for an `Op` that is not one of the workloads.

use doall::STRATEGIES;
use doall_kernel::{Op, Plan, Workload, initial_vector};

const LENGTHS: [usize; 7] = [0, 1, 2, 3, 7, 1000, 1_000_003];
const THREADS: [usize; 4] = [1, 2, 3, 8];

/// Runs `seq` on a copy of `v`.
fn sequential(v: &[f64], workload: Workload) -> Vec<f64> {
    let mut expected = v.to_vec();
    doall_seq::do_all(&mut expected, &workload);
    expected
}

/// Compares bit patterns, so that NaN equals NaN and -0.0 differs from 0.0.
fn assert_same_bits(got: &[f64], expected: &[f64], context: &str) {
    assert_eq!(got.len(), expected.len(), "{context}: length");
    if let Some(i) = (0..got.len()).find(|&i| got[i].to_bits() != expected[i].to_bits()) {
        panic!(
            "{context}: element {i} is {:e}, seq gives {:e}",
            got[i], expected[i]
        );
    }
}

/// The chunk counts to try: one per thread, four per thread, and more chunks
/// than elements (only for short vectors: `std-mpsc` starts one OS thread per
/// chunk).
fn chunk_counts(len: usize, threads: usize) -> Vec<usize> {
    let mut counts = vec![threads, 4 * threads];
    if len <= 1000 {
        counts.push(len + 1 + threads);
    }
    counts
}

#[test]
fn every_strategy_matches_seq_bit_for_bit() {
    for workload in Workload::ALL {
        for len in LENGTHS {
            let initial = initial_vector(len).expect("test vectors fit in memory");
            let expected = sequential(&initial, workload);
            for threads in THREADS {
                for chunks in chunk_counts(len, threads) {
                    let plan = Plan::new(threads, Some(chunks)).expect("positive counts");
                    for strategy in STRATEGIES {
                        let mut v = initial.clone();
                        strategy
                            .run_once(plan, &workload, &mut v)
                            .expect("threads start");
                        let context = format!(
                            "{} {} len={len} threads={threads} chunks={chunks}",
                            strategy.name,
                            workload.name()
                        );
                        assert_same_bits(&v, &expected, &context);
                    }
                }
            }
        }
    }
}

#[test]
fn special_values_match_seq_bit_for_bit() {
    let specials = [
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        f64::MIN_POSITIVE / 4.0, // subnormal
        -f64::MIN_POSITIVE / 3.0,
        f64::MAX,
        f64::MIN,
        0.5,
        -0.75,
        1.0,
        2.0,
        1e300,
        -1e-300,
    ];
    // Every special value in every lane position of the fast kernel, plus a
    // ragged tail that the scalar path handles.
    let v: Vec<f64> = (0..(specials.len() * 17 + 5))
        .map(|i| specials[(i * 7 + i / specials.len()) % specials.len()])
        .collect();
    for workload in Workload::ALL {
        let expected = sequential(&v, workload);
        let mut plain = v.clone();
        workload.plain_kernel(&mut plain);
        assert_same_bits(
            &expected,
            &plain,
            &format!("seq vs plain loop, {}", workload.name()),
        );
        for threads in [1, 3] {
            let plan = Plan::new(threads, Some(5)).expect("positive counts");
            for strategy in STRATEGIES {
                let mut got = v.clone();
                strategy
                    .run_once(plan, &workload, &mut got)
                    .expect("threads start");
                assert_same_bits(
                    &got,
                    &expected,
                    &format!("{} {}", strategy.name, workload.name()),
                );
            }
        }
    }
}

/// An `Op` of the test's own, `x ↦ x·x − 0.25`: the registry takes any `Op`,
/// not only the workloads, and must run it exactly as `seq` does.
struct SquareMinusQuarter;

impl Op for SquareMinusQuarter {
    fn apply(&self, x: f64) -> f64 {
        x * x - 0.25
    }
}

#[test]
fn an_op_brought_by_the_caller_matches_seq_bit_for_bit() {
    for len in [0, 1, 7, 1000, 100_003] {
        let initial = initial_vector(len).expect("test vectors fit in memory");
        let mut expected = initial.clone();
        doall_seq::do_all(&mut expected, &SquareMinusQuarter);
        for threads in [1, 3] {
            for chunks in [threads, 4 * threads] {
                let plan = Plan::new(threads, Some(chunks)).expect("positive counts");
                for strategy in STRATEGIES {
                    let mut v = initial.clone();
                    strategy
                        .run_once(plan, &SquareMinusQuarter, &mut v)
                        .expect("threads start");
                    let context = format!(
                        "{} own op len={len} threads={threads} chunks={chunks}",
                        strategy.name
                    );
                    assert_same_bits(&v, &expected, &context);
                }
            }
        }
    }
}
