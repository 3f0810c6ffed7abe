//! Bad input, entry point by entry point: every bad value is an error that
//! names it, never a panic, an abort or a silent fallback; the odd but valid
//! values work, in the library's entry points (tests/bad_command_line.rs
//! does the same for the command line).

mod support;

use support::past_usize;

use doall_kernel::{
    Error as KernelError, Plan, ThreadError, ThreadSource, ThreadUse, Workload, initial_vector,
    parse_thread_list, parse_threads_var, resolve_threads,
};
use doall_registry::{Error, STRATEGIES, find_strategies};

// ---------------------------------------------------------------- library --

#[test]
fn plan_rejects_zero_counts_and_accepts_huge_ones() {
    assert_eq!(Plan::new(0, None), Err(KernelError::ZeroThreads));
    assert_eq!(Plan::new(0, Some(4)), Err(KernelError::ZeroThreads));
    assert_eq!(Plan::new(0, Some(0)), Err(KernelError::ZeroThreads));
    assert_eq!(Plan::new(4, Some(0)), Err(KernelError::ZeroChunks));
    // A plan is only numbers: huge counts are the strategies' business.
    let plan = Plan::new(usize::MAX, Some(usize::MAX)).expect("positive");
    assert_eq!(plan.chunks().get(), usize::MAX);
    for err in [KernelError::ZeroThreads, KernelError::ZeroChunks] {
        assert!(err.to_string().ends_with("got 0"), "{err}");
    }
}

#[test]
fn vectors_too_big_to_allocate_are_errors_that_name_the_length() {
    let cases: [(usize, u128); 4] = [
        (1_000_000_000_000_000, 8_000_000_000_000_000),
        // 8 bytes each overflows usize: the byte count must not.
        (1 << 61, 1 << 64),
        (usize::MAX / 8 + 1, (usize::MAX / 8 + 1) as u128 * 8),
        (usize::MAX, usize::MAX as u128 * 8),
    ];
    for (len, bytes) in cases {
        let err = initial_vector(len).expect_err("cannot be allocated");
        assert_eq!(err, KernelError::Alloc { len, bytes });
        assert!(err.to_string().contains(&len.to_string()), "{err}");
    }
}

#[test]
fn doall_threads_values_other_than_positive_integers_are_errors() {
    let past = past_usize();
    let bad = [
        " 2",
        "2 ",
        "abc",
        "0",
        "00",
        "-3",
        "+3",
        "1e3",
        "4.0",
        "0x10",
        "٣", // an Arabic-Indic digit three: not ASCII
        "2\n",
        past.as_str(),
    ];
    for value in bad {
        for err in [
            parse_threads_var(Some(value)).expect_err(value),
            resolve_threads(None, Some(value), || unreachable!()).expect_err(value),
            // A broken variable is an error even when an explicit count wins.
            resolve_threads(Some(2), Some(value), || unreachable!()).expect_err(value),
        ] {
            let message = err.to_string();
            assert!(message.contains("DOALL_THREADS"), "{message}");
            assert!(message.contains(&format!("{value:?}")), "{message}");
        }
    }
    // Empty means unset; leading zeros are still digits; the largest fits.
    let six = std::num::NonZeroUsize::new(6).expect("6 > 0");
    assert_eq!(parse_threads_var(Some("")), Ok(None));
    assert_eq!(parse_threads_var(None), Ok(None));
    let unset = resolve_threads(None, Some(""), || six).expect("empty is unset");
    assert_eq!(
        (unset.threads, unset.source),
        (six, ThreadSource::Available)
    );
    assert_eq!(
        parse_threads_var(Some("007")).map(|t| t.map(|t| t.get())),
        Ok(Some(7))
    );
    let max = usize::MAX.to_string();
    assert_eq!(
        parse_threads_var(Some(&max)).map(|t| t.map(|t| t.get())),
        Ok(Some(usize::MAX))
    );
    assert_eq!(
        resolve_threads(Some(0), None, || six),
        Err(KernelError::ZeroThreads)
    );
}

#[test]
fn bench_thread_lists_reject_empty_items_zeros_and_words() {
    for value in ["1,,2", "0", "x", "", ",", "1,0", "2,x", "1, 2", "-1"] {
        let err = parse_thread_list("DOALL_BENCH_THREADS", value).expect_err(value);
        let message = err.to_string();
        assert!(message.contains("DOALL_BENCH_THREADS"), "{message}");
        assert!(message.contains(&format!("{value:?}")), "{message}");
    }
}

#[test]
fn unknown_names_are_errors_that_list_the_valid_ones() {
    for name in ["", "Seq", "ALL", "rayon ", "go"] {
        let err = find_strategies(name).err().expect("unknown strategy");
        assert!(matches!(err, Error::UnknownStrategy { .. }), "{err}");
        assert!(err.to_string().contains(&format!("{name:?}")), "{err}");
    }
    // In a list, the error names the bad item.
    for (list, bad) in [("seq,go", "go"), ("seq,", ""), ("seq, rayon", " rayon")] {
        let err = find_strategies(list).err().expect("unknown strategy");
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    for name in ["", "Light", "medium"] {
        let err = Workload::from_name(name).expect_err("unknown workload");
        assert!(err.to_string().contains(&format!("{name:?}")), "{err}");
    }
}

/// What aborted the whole process ("fatal runtime error: failed to initiate
/// panic") before each strategy crate enforced its own limit.
const HUGE: usize = 100_008;

#[test]
fn each_strategy_crate_refuses_more_threads_than_its_limit_before_starting_any() {
    let plan = Plan::new(8, Some(HUGE)).expect("a valid plan");
    let initial = initial_vector(1000).expect("small");
    let assert_refused = |result: Result<(), ThreadError>, max: usize, name: &str| {
        let err = result.expect_err(name);
        assert!(
            matches!(err, ThreadError::TooMany { threads: HUGE, max: m, .. } if m == max),
            "{name}: {err}"
        );
        assert!(err.to_string().contains(&HUGE.to_string()), "{name}: {err}");
    };
    // One thread per chunk: 100 008 threads.
    let mut v = initial.clone();
    let refused = doall_std_mpsc::do_all(&mut v, &Workload::Light, plan);
    assert_refused(refused, doall_std_mpsc::MAX_THREADS, "std-mpsc");
    assert_eq!(v, initial, "std-mpsc left the vector untouched");
    // min(threads, chunks) workers: 8 for this plan, so it runs; 100 008
    // only when both counts are that large.
    doall_crossbeam::do_all(&mut v, &Workload::Light, plan).expect("8 workers");
    let both = Plan::new(HUGE, Some(HUGE)).expect("a valid plan");
    let refused = doall_crossbeam::do_all(&mut v, &Workload::Light, both);
    assert_refused(refused, doall_crossbeam::MAX_THREADS, "crossbeam");
    // A pool of 100 008 threads is refused before rayon starts one.
    let refused = doall_rayon::pool(both.threads()).map(drop);
    assert_refused(refused, doall_rayon::MAX_THREADS, "rayon");
    // So are the contenders' pools, before their libraries start one.
    let refused = doall_chili::pool(both.threads()).map(drop);
    assert_refused(refused, doall_chili::MAX_THREADS, "chili");
    let refused = doall_fork_union::pool(both.threads()).map(drop);
    assert_refused(refused, doall_fork_union::MAX_THREADS, "fork-union");
    let refused = doall_paralight::pool(both.threads()).map(drop);
    assert_refused(refused, doall_paralight::MAX_THREADS, "paralight");
    let refused = doall_std_scope::do_all(&mut v, &Workload::Light, both);
    assert_refused(refused, doall_std_scope::MAX_THREADS, "std-scope");
    let before = v.clone();
    let config = doall_pool::PoolConfig::default();
    let refused = doall_pool::session(&mut v, &Workload::Light, both, config, |_| ());
    assert!(
        matches!(
            refused,
            Err(doall_pool::Error::Threads(ThreadError::TooMany {
                threads: HUGE,
                ..
            }))
        ),
        "pool: {refused:?}"
    );
    assert_eq!(v, before, "pool left the vector untouched");
}

#[test]
fn the_registry_takes_each_limit_and_rule_from_the_strategy_crate() {
    let from_crates = [
        (doall_seq::THREAD_USE, None),
        (
            doall_std_mpsc::THREAD_USE,
            Some(doall_std_mpsc::MAX_THREADS),
        ),
        (
            doall_std_scope::THREAD_USE,
            Some(doall_std_scope::MAX_THREADS),
        ),
        (
            doall_crossbeam::THREAD_USE,
            Some(doall_crossbeam::MAX_THREADS),
        ),
        (doall_rayon::THREAD_USE, Some(doall_rayon::MAX_THREADS)),
        (doall_pool::THREAD_USE, Some(doall_pool::MAX_THREADS)),
        (doall_chili::THREAD_USE, Some(doall_chili::MAX_THREADS)),
        (
            doall_fork_union::THREAD_USE,
            Some(doall_fork_union::MAX_THREADS),
        ),
        (
            doall_paralight::THREAD_USE,
            Some(doall_paralight::MAX_THREADS),
        ),
        // The exercise has a limit once a reader makes it start threads.
        (
            doall_exercise::THREAD_USE,
            Some(doall_exercise::MAX_THREADS)
                .filter(|_| doall_exercise::THREAD_USE != ThreadUse::Caller),
        ),
    ];
    assert_eq!(
        STRATEGIES.len(),
        from_crates.len(),
        "a new strategy: add it here"
    );
    for (strategy, (thread_use, max_threads)) in STRATEGIES.iter().zip(from_crates) {
        assert_eq!(
            (strategy.thread_use, strategy.max_threads),
            (thread_use, max_threads),
            "{}",
            strategy.name
        );
    }
}

#[test]
fn the_registry_refuses_plans_over_a_strategy_limit_and_runs_the_others() {
    for (threads, chunks) in [(HUGE, None), (2, Some(HUGE)), (HUGE, Some(2))] {
        let plan = Plan::new(threads, chunks).expect("positive");
        for strategy in STRATEGIES {
            let context = format!("{} {plan:?}", strategy.name);
            let os_threads = strategy.thread_use.os_threads(plan).get();
            let mut v = initial_vector(10).expect("small");
            let ran = strategy.call_once(plan, &Workload::Light, &mut v);
            if strategy.max_threads.is_some_and(|max| os_threads > max) {
                let err = ran.err().unwrap_or_else(|| panic!("{context}: refused"));
                assert!(
                    matches!(
                        err,
                        Error::Threads {
                            source: ThreadError::TooMany { .. },
                            ..
                        }
                    ),
                    "{context}: {err}"
                );
                let message = err.to_string();
                assert!(message.starts_with(strategy.name), "{message}");
                assert!(message.contains(&HUGE.to_string()), "{message}");
            } else {
                ran.unwrap_or_else(|e| panic!("{context}: {e}"));
            }
        }
    }
}
