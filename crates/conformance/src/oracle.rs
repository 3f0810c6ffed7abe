//! The correctness oracle: a strategy leaves exactly the bits that `seq`
//! leaves, for every workload, length, thread and chunk count, on special
//! values, and for an `Op` that is not one of the workloads.

use doall_kernel::{Op, Plan, Workload, initial_vector};
use doall_testkit::{assert_same_bits, sequential};

use doall_registry::Strategy;

/// The lengths of the oracle: empty, shorter than a group of lanes, and a
/// million and three (ragged chunks, a ragged tail of lanes).
pub const LENGTHS: [usize; 7] = [0, 1, 2, 3, 7, 1000, 1_000_003];
/// The thread counts of the oracle: one, two, odd, more than the cores.
pub const THREADS: [usize; 4] = [1, 2, 3, 8];

/// The chunk counts to try: one per thread, four per thread, and more chunks
/// than elements (only for short vectors: a strategy may start one OS thread
/// per chunk).
fn chunk_counts(len: usize, threads: usize) -> Vec<usize> {
    let mut counts = vec![threads, 4 * threads];
    if len <= 1000 {
        counts.push(len + 1 + threads);
    }
    counts
}

/// Every workload × [`LENGTHS`] × [`THREADS`] × chunk count: `seq`'s bits.
pub fn every_workload_matches_seq(strategy: &Strategy) {
    for workload in Workload::ALL {
        for len in LENGTHS {
            let initial = initial_vector(len).expect("test vectors fit in memory");
            let expected = sequential(&initial, &workload);
            for threads in THREADS {
                for chunks in chunk_counts(len, threads) {
                    let plan = Plan::new(threads, Some(chunks)).expect("positive counts");
                    let mut v = initial.clone();
                    strategy
                        .call_once(plan, &workload, &mut v)
                        .expect("threads start");
                    assert_same_bits(&v, &expected, &|| {
                        format!(
                            "{} {} len={len} threads={threads} chunks={chunks}",
                            strategy.name,
                            workload.name()
                        )
                    });
                }
            }
        }
    }
}

/// NaN, ±infinity, subnormals, -0.0 and huge values in every lane position
/// of the fast kernel: `seq`'s bits (and `seq`'s are the plain loop's).
pub fn special_values_match_seq(strategy: &Strategy) {
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
        let expected = sequential(&v, &workload);
        let mut plain = v.clone();
        workload.plain_kernel(&mut plain);
        assert_same_bits(&expected, &plain, &|| {
            format!("seq vs plain loop, {}", workload.name())
        });
        for threads in [1, 3] {
            let plan = Plan::new(threads, Some(5)).expect("positive counts");
            let mut got = v.clone();
            strategy
                .call_once(plan, &workload, &mut got)
                .expect("threads start");
            assert_same_bits(&got, &expected, &|| {
                format!(
                    "{} {} special values threads={threads} chunks=5",
                    strategy.name,
                    workload.name()
                )
            });
        }
    }
}

/// An `Op` of the oracle's own, `x ↦ x·x − 0.25`: the registry takes any
/// `Op`, not only the workloads, and must run it exactly as `seq` does.
struct SquareMinusQuarter;

impl Op for SquareMinusQuarter {
    fn apply(&self, x: f64) -> f64 {
        x * x - 0.25
    }
}

/// An `Op` that is not one of the workloads: `seq`'s bits.
pub fn a_callers_op_matches_seq(strategy: &Strategy) {
    for len in [0, 1, 7, 1000, 100_003] {
        let initial = initial_vector(len).expect("test vectors fit in memory");
        let expected = sequential(&initial, &SquareMinusQuarter);
        for threads in [1, 3] {
            for chunks in [threads, 4 * threads] {
                let plan = Plan::new(threads, Some(chunks)).expect("positive counts");
                let mut v = initial.clone();
                strategy
                    .call_once(plan, &SquareMinusQuarter, &mut v)
                    .expect("threads start");
                assert_same_bits(&v, &expected, &|| {
                    format!(
                        "{} own op len={len} threads={threads} chunks={chunks}",
                        strategy.name
                    )
                });
            }
        }
    }
}
