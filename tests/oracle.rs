//! The correctness oracle: every registered strategy leaves exactly the bits
//! that `seq` leaves, for every workload, length, thread and chunk count,
//! and for an `Op` that is not one of the workloads. The checks live in
//! `doall_conformance::oracle`, where the exercise's tests find them too.

use doall_conformance::oracle;
use doall_registry::STRATEGIES;

#[test]
fn every_strategy_matches_seq_bit_for_bit() {
    for strategy in STRATEGIES {
        oracle::every_workload_matches_seq(strategy);
    }
}

#[test]
fn special_values_match_seq_bit_for_bit() {
    for strategy in STRATEGIES {
        oracle::special_values_match_seq(strategy);
    }
}

#[test]
fn an_op_brought_by_the_caller_matches_seq_bit_for_bit() {
    for strategy in STRATEGIES {
        oracle::a_callers_op_matches_seq(strategy);
    }
}
