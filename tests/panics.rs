//! A panicking `Op`, through the registry: every strategy's call panics in
//! the caller with the original payload, in bounded time, leaves the vector
//! exactly as the strategy's declared `panic_promise` says, and its session
//! is still usable afterwards. The checks live in
//! `doall_conformance::panics`, where the exercise's tests find them too;
//! they name no strategy, so a new one is tested as soon as it is registered.

use doall_conformance::panics;
use doall_registry::STRATEGIES;

#[test]
fn a_panic_in_one_chunk_reaches_the_caller_with_its_payload_and_leaves_what_the_strategy_promises()
{
    for strategy in STRATEGIES {
        panics::a_panic_in_one_chunk_leaves_what_the_strategy_promises(strategy);
    }
}

#[test]
fn an_op_that_panics_everywhere_panics_once_in_the_caller_and_changes_nothing() {
    for strategy in STRATEGIES {
        panics::an_op_that_panics_everywhere_changes_nothing(strategy);
    }
}

#[test]
fn with_two_failing_chunks_the_caller_gets_the_panic_its_strategy_promises() {
    for strategy in STRATEGIES {
        panics::with_two_failing_chunks_the_caller_gets_the_promised_panic(strategy);
    }
}
