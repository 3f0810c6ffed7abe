use doall_results::RunResults;

use super::{Figure, FigureError, Figures};
use crate::format::{duration, number, times};

/// The committed example run: the book quotes it.
fn example() -> RunResults {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reports/example/results.json"
    );
    RunResults::load(std::path::Path::new(path)).expect("the example run loads")
}

fn value(results: &RunResults, words: &str) -> Result<String, FigureError> {
    Figures::new(results).value(&Figure::parse(words)?)
}

#[test]
fn a_time_is_the_fastest_sample_of_its_record() {
    let results = example();
    let r = results
        .records
        .iter()
        .find(|r| r.strategy == "pool" && r.workload == "heavy" && r.len == 4096 && r.threads == 2)
        .expect("the example has pool on heavy");
    assert_eq!(
        value(&results, "time pool heavy 4096 2"),
        Ok(duration(r.timing.min_s))
    );
    assert_eq!(
        value(&results, "time pool heavy 4096 2 round=2 unit=µs"),
        Ok(format!("{}\u{a0}µs", number(r.timing.round_min_s[1] * 1e6)))
    );
}

#[test]
fn a_speedup_is_the_baselines_best_over_the_strategys() {
    let results = example();
    let find = |s: &str| {
        results
            .records
            .iter()
            .find(|r| {
                r.strategy == s
                    && r.workload == "ramp"
                    && r.len == 1_048_576
                    && (s == "seq" || r.chunks == 16)
            })
            .map(|r| r.timing.min_s)
            .expect("the example has ramp")
    };
    let expected = times(find("seq") / find("rayon"));
    assert_eq!(
        value(&results, "speedup rayon ramp 1048576 2 chunks=16"),
        Ok(expected)
    );
}

#[test]
fn verdicts_come_from_the_every_round_rule() {
    let results = example();
    let words = value(&results, "verdict go light 16777216 2").expect("go ran on light");
    assert!(
        [
            "beats go-seq",
            "ties with go-seq within noise",
            "loses to go-seq"
        ]
        .iter()
        .any(|w| words.starts_with(w)),
        "{words}"
    );
    let cost = value(&results, "cost pool heavy").expect("pool's COST is a claim");
    assert!(cost.contains("seq"), "{cost}");
}

#[test]
fn unknown_quantities_options_and_subjects_fail() {
    let results = example();
    assert!(matches!(
        Figure::parse("speed pool heavy 256 2"),
        Err(FigureError::UnknownQuantity(q)) if q == "speed"
    ));
    assert!(matches!(
        value(&results, "speedup pool heavy 256"),
        Err(FigureError::Arguments { .. })
    ));
    assert!(matches!(
        value(&results, "speedup pool heavy 256 2 colour=red"),
        Err(FigureError::Option { .. })
    ));
    assert!(matches!(
        value(&results, "speedup pool heavy 257 2"),
        Err(FigureError::Missing { .. })
    ));
    assert!(matches!(
        value(&results, "time pool heavy 256 2 round=9"),
        Err(FigureError::Missing { .. })
    ));
    assert!(matches!(
        value(&results, "finding no report says this"),
        Err(FigureError::Missing { .. })
    ));
}

#[test]
fn overheads_subtract_the_baselines_call() {
    let results = example();
    let call = |s: &str| {
        results
            .overhead
            .iter()
            .find(|o| {
                o.strategy == s
                    && o.len == 64
                    && o.idle_gap_s == 0.0
                    && o.threads == if s == "seq" { 1 } else { 2 }
            })
            .map(|o| o.timing.min_s)
            .expect("the example has 64-element calls")
    };
    assert_eq!(
        value(&results, "call pool elements-64 2"),
        Ok(duration(call("pool")))
    );
    let overhead = value(&results, "overhead std-mpsc elements-64 2").expect("std-mpsc's overhead");
    assert_eq!(
        overhead,
        format!("{}\u{a0}µs", number((call("std-mpsc") - call("seq")) * 1e6))
    );
    assert!(value(&results, "call pool elements-64 2 gap=10ms").is_ok());
    assert!(value(&results, "call pool elements-64 2 gap=3ms").is_err());
}

#[test]
fn a_pick_words_the_choice_sections_cell() {
    // The contenders' fixture: its cells are known (see the choice
    // section's tests), whatever the example run picks.
    let results = crate::fixtures::contender_run();
    assert_eq!(
        value(&results, "pick ramp 1048576 2"),
        Ok("chili".to_owned())
    );
    assert_eq!(
        value(&results, "pick heavy 1024 2"),
        Ok("a tie of pool and fork-union".to_owned())
    );
    assert_eq!(value(&results, "pick light 1024 2"), Ok("seq".to_owned()));
    assert_eq!(
        value(&results, "pick heavy 1048576 1"),
        Ok("seq".to_owned())
    );
    assert!(matches!(
        value(&results, "pick heavy 1025 2"),
        Err(FigureError::Missing { .. })
    ));
    assert!(matches!(
        value(&results, "pick heavy 1024"),
        Err(FigureError::Arguments { .. })
    ));
}

#[test]
fn a_choice_is_the_sections_sentence_on_a_workload_or_a_peer() {
    let results = example();
    let page = crate::render_run(&results, true);
    for subject in ["light", "heavy", "ramp", "go"] {
        let sentence = value(&results, &format!("choice {subject}")).expect("a sentence");
        assert!(page.contains(&sentence), "{sentence}");
    }
    assert!(value(&results, "choice heavy").is_ok_and(|s| s.starts_with("On heavy, ")));
    assert!(matches!(
        value(&results, "choice go-seq"),
        Err(FigureError::Missing { .. })
    ));
    assert!(matches!(
        value(&results, "choice sparse"),
        Err(FigureError::Missing { .. })
    ));
}

#[test]
fn a_finding_is_named_by_its_words_in_order() {
    let results = example();
    let sentence = value(
        &results,
        "finding After a 10 ms gap at 2 threads … C's own loop",
    )
    .expect("the example's peers after a gap");
    let plain = sentence.replace('\u{a0}', " ");
    assert!(
        plain.starts_with("After a 10 ms gap at 2 threads") && plain.contains("C's own loop"),
        "{plain}"
    );
    // The same words out of order name nothing.
    assert!(matches!(
        value(
            &results,
            "finding C's own loop … After a 10 ms gap at 2 threads"
        ),
        Err(FigureError::Missing { .. })
    ));
}
