//! Tests of the speedup section: its findings and page on small made-up runs.

use super::*;
use crate::fixtures::{record, results};

fn text(sentences: &[String]) -> String {
    sentences.join(" ").replace('\u{a0}', " ")
}

#[test]
fn findings_state_the_hand_worked_numbers() {
    // seq 8 s; std-mpsc 10, 5 and 2.5 s at 1, 2 and 4 threads on 4 cores:
    // speedups 0.8, 1.6 and 3.2, 80% of the ideal 4×; COST 2 threads.
    let mut r = results(vec![
        record("seq", "heavy", 4096, 1, 1, 8.0),
        record("std-mpsc", "heavy", 4096, 1, 1, 10.0),
        record("std-mpsc", "heavy", 4096, 2, 2, 5.0),
        record("std-mpsc", "heavy", 4096, 4, 4, 2.5),
    ]);
    r.machine.available_parallelism = 4;
    let run = Run::new(&r);
    let v = view(&run, "heavy", 4096).expect("seq measured");
    assert_eq!(
        text(&speedup_findings(&v)),
        "At 4 threads std-mpsc reaches 3.20× (80% of the ideal 4.00×). \
         COST: std-mpsc beats seq from 2 threads (1.60× in every round)."
    );
}

#[test]
fn fastest_and_slowest_are_claimed_only_if_they_held_in_every_round() {
    // At 2 threads on 2 cores: seq 10 s; rayon 5 s, crossbeam 5.1 s
    // (2% apart in every round: a tie), std-mpsc 8 s.
    let r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 10.0),
        record("std-mpsc", "heavy", 1024, 2, 2, 8.0),
        record("crossbeam", "heavy", 1024, 2, 2, 5.1),
        record("rayon", "heavy", 1024, 2, 2, 5.0),
    ]);
    let run = Run::new(&r);
    let v = view(&run, "heavy", 1024).expect("seq measured");
    assert_eq!(
        text(&speedup_findings(&v)),
        "At 2 threads crossbeam (1.96×) and rayon (2.00×) tie for fastest within noise \
         (the ideal is 2.00×); std-mpsc is slowest with 1.25×. COST: std-mpsc, \
         crossbeam and rayon beat seq from 2 threads (1.25–2.00× per round)."
    );
    // rayon 4 s beats crossbeam by 27%, but in round 2 it took 5.2 s.
    let mut r = r;
    r.records[3].timing.min_s = 4.0;
    r.records[3].timing.round_min_s = vec![4.0, 5.2, 4.1];
    let run = Run::new(&r);
    let v = view(&run, "heavy", 1024).expect("seq measured");
    let t = text(&speedup_findings(&v));
    assert!(
        t.starts_with("At 2 threads crossbeam (1.96×) and rayon (2.50×)"),
        "{t}"
    );
    r.records[3].timing.round_min_s = vec![4.0, 4.2, 4.1];
    let run = Run::new(&r);
    let v = view(&run, "heavy", 1024).expect("seq measured");
    let t = text(&speedup_findings(&v));
    assert!(
        t.starts_with("At 2 threads rayon is fastest with 2.50× (125% of the ideal 2.00×)"),
        "{t}"
    );
}

#[test]
fn a_chain_of_ties_from_fastest_to_slowest_is_one_tie() {
    // rayon ties crossbeam (round 2: 5.4 s against 5.45 s), crossbeam
    // ties std-mpsc (round 1: 5.45 s against 5.6 s, under 3%), and rayon
    // beats std-mpsc in every round; crossbeam is tied with both the
    // fastest and the slowest, so no order holds.
    let mut r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 10.0),
        record("std-mpsc", "heavy", 1024, 2, 2, 5.6),
        record("crossbeam", "heavy", 1024, 2, 2, 5.3),
        record("rayon", "heavy", 1024, 2, 2, 5.0),
    ]);
    r.records[0].timing.round_min_s = vec![10.0, 10.0, 10.0];
    r.records[1].timing.round_min_s = vec![5.6, 5.8, 5.8];
    r.records[2].timing.round_min_s = vec![5.45, 5.45, 5.3];
    r.records[3].timing.round_min_s = vec![5.0, 5.4, 5.0];
    let run = Run::new(&r);
    let v = view(&run, "heavy", 1024).expect("seq measured");
    let t = text(&speedup_findings(&v));
    assert!(
        t.starts_with(
            "At 2 threads std-mpsc (1.79×), crossbeam (1.89×) and rayon (2.00×) tie within \
             noise: none is faster than the others in every round"
        ),
        "{t}"
    );
}

#[test]
fn cost_says_tie_and_never() {
    // crossbeam 1.01× (a tie), std-mpsc 0.5× (never), rayon 2×.
    let r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 1.01),
        record("std-mpsc", "heavy", 1024, 2, 2, 2.02),
        record("crossbeam", "heavy", 1024, 2, 2, 1.0),
        record("rayon", "heavy", 1024, 2, 2, 0.505),
    ]);
    let run = Run::new(&r);
    let v = view(&run, "heavy", 1024).expect("seq measured");
    assert_eq!(
        cost_sentence(&v).expect("lines").replace('\u{a0}', " "),
        "COST: rayon beats seq from 2 threads (2.00× in every round); crossbeam ties with seq within noise at \
         best; std-mpsc never on this machine."
    );
    assert_eq!(cost_cell(Cost::Tie), "tie within noise");
}

#[test]
fn ramp_ceiling_is_compared_in_every_round() {
    // 2 threads: ceiling 4/3. seq 4 s; rayon over-split 2.9 s (1.38×)
    // in every round: above; crossbeam over-split 3.0 s but 3.1 s in
    // round 2 (1.33× then 1.29×): not above in every round.
    let mut r = results(vec![
        record("seq", "ramp", 1024, 1, 1, 4.0),
        record("rayon", "ramp", 1024, 2, 16, 2.9),
        record("rayon", "ramp", 1024, 2, 2, 3.5),
    ]);
    r.records[0].timing.round_min_s = vec![4.0, 4.0, 4.0];
    r.records[1].timing.round_min_s = vec![2.9, 2.9, 2.9];
    let run = Run::new(&r);
    let v = view(&run, "ramp", 1024).expect("seq measured");
    let t = text(&ramp::ramp_sentences(&v));
    assert_eq!(
        t,
        "Equal static chunks cannot beat 1.33× at 2 threads on ramp; with 16 chunks \
         rayon reaches 1.38×, above that ceiling in every round."
    );
    r.records[1].timing.round_min_s = vec![2.9, 3.1, 2.9];
    let run = Run::new(&r);
    let v = view(&run, "ramp", 1024).expect("seq measured");
    assert!(
        text(&ramp::ramp_sentences(&v))
            .ends_with("with 16 chunks none is above it in every round."),
        "{}",
        text(&ramp::ramp_sentences(&v))
    );
}

#[test]
fn the_ramp_ceiling_is_passed_by_the_group_not_member_by_member() {
    // seq 4 s; over-split rayon 2.2 s (1.82×) in every round, crossbeam
    // 2.2 s but 3.1 s in round 2 (1.29×, a neighbour's round): the best of
    // the two is above 4/3 in every round, and both are named, whoever had
    // the slow round.
    let mut r = results(vec![
        record("seq", "ramp", 1024, 1, 1, 4.0),
        record("crossbeam", "ramp", 1024, 2, 16, 2.2),
        record("rayon", "ramp", 1024, 2, 16, 2.2),
    ]);
    r.records[1].timing.round_min_s = vec![2.2, 3.1, 2.2];
    let sentence = |r: &doall_results::RunResults| {
        let run = Run::new(r);
        let v = view(&run, "ramp", 1024).expect("seq measured");
        text(&ramp::ramp_sentences(&v))
    };
    let expected = "Equal static chunks cannot beat 1.33× at 2 threads on ramp; with 16 chunks \
                    crossbeam and rayon reach 1.82×, the best of them above that ceiling in \
                    every round.";
    assert_eq!(sentence(&r), expected);
    // The slow round moved to rayon: the same words.
    r.records[1].timing.round_min_s = vec![2.2, 2.2, 2.2];
    r.records[2].timing.round_min_s = vec![3.1, 2.2, 2.2];
    assert_eq!(sentence(&r), expected);
}
