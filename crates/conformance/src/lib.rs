//! doall-conformance: the checks every strategy must pass, in one place: the oracle (every
//! call leaves exactly `seq`'s bits) and the panic checks (a panicking `Op`
//! reaches the caller with its payload and leaves what the strategy's
//! `PANIC_PROMISE` says). `tests/oracle.rs` and `tests/panics.rs` run them
//! on every registered strategy; this crate's own tests run them on the
//! `exercise` entry alone and on the exercise's solutions, made into
//! strategies with [`Strategy::per_call`]: `cargo test -p doall-conformance`
//! is how a reader checks the exercise.
//!
//! It is a dev-dependency only: no production crate links the checks or
//! the test kit they are built on.
//!
//! Each check takes a [`Strategy`] and nothing else: it
//! knows no strategy by name, and it fails with a message that names the
//! strategy and the case, such as
//! `exercise heavy len=1000 threads=2 chunks=2: element 999 is …, seq gives …`.
//!
//! ```
//! let exercise = doall_registry::find_strategies("exercise")?[0];
//! doall_conformance::oracle::a_callers_op_matches_seq(exercise);
//! # Ok::<(), doall_registry::Error>(())
//! ```

pub mod oracle;
pub mod panics;

use doall_registry::Strategy;

/// Every oracle check of [`oracle`] on `strategy`.
pub fn check_oracle(strategy: &Strategy) {
    oracle::every_workload_matches_seq(strategy);
    oracle::special_values_match_seq(strategy);
    oracle::a_callers_op_matches_seq(strategy);
}

/// Every panic check of [`panics`] on `strategy`.
pub fn check_panics(strategy: &'static Strategy) {
    panics::a_panic_in_one_chunk_leaves_what_the_strategy_promises(strategy);
    panics::an_op_that_panics_everywhere_changes_nothing(strategy);
    panics::with_two_failing_chunks_the_caller_gets_the_promised_panic(strategy);
}
