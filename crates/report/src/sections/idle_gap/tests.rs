//! Tests of the idle gap section: its findings and page on small made-up runs.

use super::{
    falls::{Fall, fall},
    *,
};
use crate::{
    fixtures::{full_run, overhead, results, seq_overhead},
    format::NBSP,
};

fn text(sentences: &[String]) -> String {
    sentences.join(" ").replace(NBSP, " ")
}

#[test]
fn findings_on_the_full_run_state_the_hand_worked_numbers() {
    // The fixture's sweep at 2 threads, in µs (back to back, 10 µs,
    // 100 µs, 1 ms, 10 ms): pool 2.9, 2.95, 3.0, 45, 52: more than 1.5 ×
    // 2.9 = 4.35 from 1 ms on, past its 200 µs budget. After 10 ms, over
    // back to back: std-mpsc 40 / 34.6 = 1.16×, std-scope 47 / 43.6 =
    // 1.08×, crossbeam 45 / 40.6 = 1.11×, rayon 32 / 4.5 = 7.11×. After
    // 1 ms pool's 45 against std-scope's 46 is 2.2% (a tie); after 10 ms
    // 52 against 47 is 10.6% slower in every round.
    let r = full_run();
    let v = view(&r).expect("swept");
    assert_eq!(v.threads, 2);
    let t = text(&gap_findings(&v));
    let expected = [
        "pool falls from its fast path by a 1 ms gap: 2.90 µs per call back to back, 45.0 µs \
         after 1 ms, past its 200 µs spin budget: its workers had parked, and every call \
         paid an OS wake-up.",
        "After a 10 ms gap std-mpsc takes 1.16× its back-to-back time per call, std-scope \
         1.08×, crossbeam 1.11× and rayon 7.11×.",
        "After gaps longer than its 200 µs spin budget, pool can be slower than \
         std-scope (which starts its threads on every call): after 1 ms 45.0 µs against \
         46.0 µs (a tie within noise) and after 10 ms 52.0 µs against 47.0 µs (slower \
         in every round).",
        "What the speed costs: pool's workers spin for 200 µs after a call before they \
         park, and at 2 threads the pool has 1 worker besides the caller, so a program \
         that calls it at least every 200 µs keeps up to 1 more core busy all the time, \
         even between calls",
        "Some cheap calls ran on fewer than 90% of their threads (hollow squares), at \
         worst rayon's on 1.02 of 2 threads on average: a call that stays on the caller \
         pays no fork and no join",
    ];
    for e in expected {
        assert!(t.contains(e), "missing\n{e}\nin\n{t}");
    }
}

#[test]
fn a_pool_whose_caller_took_the_shares_back_is_not_said_to_pay_a_wake_up() {
    // The full run's pool falls after 1 ms, past its spin budget; if those
    // calls ran on one thread of two, the caller ran the parked worker's
    // share: no OS wake-up was paid.
    let mut r = full_run();
    for o in &mut r.overhead {
        if o.strategy == "pool" && o.idle_gap_s >= 1e-3 {
            o.threads_used = crate::fixtures::used(1.0, 0.0);
        }
    }
    let v = view(&r).expect("swept");
    let t = text(&gap_findings(&v));
    assert!(
        t.contains(
            "past its 200 µs spin budget: its workers had parked, and the caller ran \
             their shares itself rather than wait for an OS wake-up."
        ),
        "{t}"
    );
    assert!(!t.contains("every call paid an OS wake-up"), "{t}");
}

#[test]
fn a_fall_asks_every_round_and_only_pool_is_said_to_fall() {
    // Back to back 2 µs in every round; after 10 ms 2.5, 3.4 and 2.6 µs:
    // one round past 1.5 × 2 = 3 µs, two not: no fall.
    let mut r = results(Vec::new());
    for (gap, us) in [(0.0, 2.0), (10e-3, 2.5)] {
        r.overhead.push(seq_overhead(SIZE, 64, gap, 1e-6));
        r.overhead
            .push(overhead("crossbeam", SIZE, 2, gap, us * 1e-6));
    }
    r.overhead[3].timing.round_min_s = vec![2.5e-6, 3.4e-6, 2.6e-6];
    let v = view(&r).expect("swept");
    assert_eq!(fall(&v.lines[1]), Fall::Never);
    // Every round past 3 µs: a fall by the rule, but crossbeam has no spin
    // budget to check it against, so its finding is its slowdown: the
    // fastest call after 10 ms (6 µs) over the fastest back to back (2 µs).
    r.overhead[3].timing = crate::fixtures::timing(6e-6);
    let v = view(&r).expect("swept");
    assert_eq!(
        fall(&v.lines[1]),
        Fall::Between {
            kept: None,
            by: 10e-3
        }
    );
    let t = text(&gap_findings(&v));
    assert!(
        t.contains("After a 10 ms gap crossbeam takes 3.00× its back-to-back time per call."),
        "{t}"
    );
    assert!(!t.contains("falls"), "{t}");
}

#[test]
fn a_fall_is_undone_only_by_a_larger_gap_that_stays_fast() {
    // Back to back 2 µs; 10 µs gap 5 µs (2.5×), 100 µs gap 2.5 µs
    // (1.25×), 1 ms gap 6 µs (3×): the fast path is back at 100 µs, so the
    // fall is between 100 µs and 1 ms.
    let mut r = results(Vec::new());
    let gaps = [(0.0, 2.0), (10e-6, 5.0), (100e-6, 2.5), (1e-3, 6.0)];
    for (gap, us) in gaps {
        r.overhead.push(seq_overhead(SIZE, 64, gap, 1e-6));
        r.overhead.push(overhead("pool", SIZE, 2, gap, us * 1e-6));
    }
    let v = view(&r).expect("swept");
    let between = Fall::Between {
        kept: Some(100e-6),
        by: 1e-3,
    };
    assert_eq!(fall(&v.lines[1]), between);
    // A 10 ms gap slow in two rounds of three (1.3× in the other) is
    // undecided: it does not undo the fall at 1 ms.
    r.overhead.push(seq_overhead(SIZE, 64, 10e-3, 1e-6));
    r.overhead.push(overhead("pool", SIZE, 2, 10e-3, 6e-6));
    r.overhead[9].timing.round_min_s = vec![6e-6, 2.6e-6, 6e-6];
    let v = view(&r).expect("swept");
    assert_eq!(fall(&v.lines[1]), between);
    // Fast in every round after 10 ms: no fall.
    r.overhead[9].timing = crate::fixtures::timing(2.2e-6);
    let v = view(&r).expect("swept");
    assert_eq!(fall(&v.lines[1]), Fall::Never);
    // Without the 1 ms and 10 ms gaps the largest gap stays: never.
    r.overhead.truncate(6);
    let v = view(&r).expect("swept");
    assert_eq!(fall(&v.lines[1]), Fall::Never);
}

#[test]
fn pool_never_slower_than_std_scope_says_so_with_the_numbers() {
    let mut r = full_run();
    for o in &mut r.overhead {
        if o.strategy == "pool" && o.idle_gap_s >= 1e-3 {
            o.timing = crate::fixtures::timing(30e-6);
        }
    }
    let v = view(&r).expect("swept");
    assert_eq!(
        parked_against_spawned(&v).map(|s| s.replace(NBSP, " ")),
        Some(
            "After gaps longer than its 200 µs spin budget, pool is never slower beyond \
             noise than std-scope (which starts its threads on every call): after 1 ms \
             30.0 µs against 46.0 µs (faster in every round) and after 10 ms 30.0 µs \
             against 47.0 µs (faster in every round)."
                .to_owned()
        )
    );
    r.machine.spin_budget_s = None;
    let v = view(&r).expect("swept");
    assert!(parked_against_spawned(&v).is_none() && spin_cost(&v).is_none());
    assert!(chart(&v, &Palette::for_runs([&r])).marking.is_none());
}

#[test]
fn back_to_back_sits_a_decade_left_of_the_smallest_gap() {
    assert!((back_to_back_x(&[0.0, 10e-6, 1e-3]) - 1e-6).abs() < 1e-18);
    let r = full_run();
    let v = view(&r).expect("swept");
    let c = chart(&v, &Palette::for_runs([&r]));
    assert_eq!(c.x.names, vec![(10e-6 / 10.0, "back to back".to_owned())]);
    assert_eq!(c.marking.map(|m| m.x), Some(200e-6));
    assert!(c.series.iter().any(|s| s.label == "seq"));
    assert!(view(&results(Vec::new())).is_none());
}
