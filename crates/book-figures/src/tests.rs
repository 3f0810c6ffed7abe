use doall_report::figure::{FigureError, Figures};
use doall_results::RunResults;
use serde_json::json;

use super::{Error, expand, expand_book, refresh, results_path};

/// The committed example run, which the book quotes.
fn example() -> RunResults {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reports/example/results.json"
    );
    RunResults::load(std::path::Path::new(path)).expect("the example run loads")
}

/// The fastest sample of seq on heavy at `len`, straight from the JSON.
fn seq_heavy(len: u64) -> f64 {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reports/example/results.json"
    );
    let text = std::fs::read_to_string(path).expect("the example run reads");
    let json: serde_json::Value = serde_json::from_str(&text).expect("it is JSON");
    json["records"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["strategy"] == "seq" && r["workload"] == "heavy" && r["len"] == len)
        .and_then(|r| r["min_s"].as_f64())
        .expect("seq ran heavy")
}

#[test]
fn figures_are_replaced_and_the_rest_is_kept() {
    let results = example();
    let figures = Figures::new(&results);
    let text = "seq takes {{#figure time seq heavy 256 unit=ns}} on 256 elements.\n";
    let expected = format!(
        "seq takes {}\u{a0}ns on 256 elements.\n",
        doall_report::format::number(seq_heavy(256) * 1e9)
    );
    assert_eq!(expand(text, &figures), Ok(expected));
    assert_eq!(expand("no figures", &figures), Ok("no figures".to_owned()));
}

#[test]
fn an_unknown_quantity_or_subject_fails_with_its_words() {
    let results = example();
    let figures = Figures::new(&results);
    let failures = expand(
        "{{#figure speed pool heavy 256 2}} and {{#figure time pool heavy 3 2}} and {{#figure time",
        &figures,
    )
    .expect_err("three bad figures");
    assert_eq!(failures.len(), 3);
    assert_eq!(failures[0].key, "speed pool heavy 256 2");
    assert!(matches!(failures[0].error, FigureError::UnknownQuantity(_)));
    assert!(matches!(failures[1].error, FigureError::Missing { .. }));
    assert!(matches!(failures[2].error, FigureError::Empty));
}

#[test]
fn the_book_fails_naming_the_chapter() {
    let results = example();
    let figures = Figures::new(&results);
    let chapter = |path: &str, content: &str| {
        json!({"Chapter": {"name": path, "content": content, "number": [1],
            "sub_items": [], "path": path, "source_path": path, "parent_names": []}})
    };
    let mut book = json!({"sections": [
        chapter("good.md", "{{#figure ceiling 1}}"),
        "Separator",
        chapter("bad.md", "{{#figure ceiling 7}}"),
    ], "__non_exhaustive": null});
    let Err(Error::Figures(failed)) = expand_book(&mut book, &figures) else {
        panic!("a ceiling at 7 threads does not exist");
    };
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0].starts_with("bad.md: {{#figure ceiling 7}}"),
        "{}",
        failed[0]
    );
    let good = book["sections"][0]["Chapter"]["content"].as_str();
    assert!(good.is_some_and(|c| c.ends_with("GB/s")), "{good:?}");
}

#[test]
fn the_results_file_is_relative_to_the_book() {
    let context = json!({"root": "/b", "config": {}});
    let path = results_path(&context).expect("a root");
    assert_eq!(
        path,
        std::path::Path::new("/b/../reports/example/results.json")
    );
    let context =
        json!({"root": "/b", "config": {"preprocessor": {"figures": {"results": "r.json"}}}});
    let path = results_path(&context).expect("a root");
    assert_eq!(path, std::path::Path::new("/b/r.json"));
}

#[test]
fn a_figure_in_place_is_rewritten_and_named_when_it_changed() {
    let results = example();
    let figures = Figures::new(&results);
    let seq = format!(
        "{}\u{a0}ns",
        doall_report::format::number(seq_heavy(256) * 1e9)
    );
    let text = format!(
        "seq: <!-- figure: time seq heavy 256 unit=ns -->1 ns<!-- /figure -->, \
         again <!-- figure: time seq heavy 256 unit=ns -->{seq}<!-- /figure -->."
    );
    let (filled, changed) = refresh(&text, &figures).expect("both figures exist");
    let fresh = format!("<!-- figure: time seq heavy 256 unit=ns -->{seq}<!-- /figure -->");
    assert_eq!(filled, format!("seq: {fresh}, again {fresh}."));
    assert_eq!(changed.len(), 1, "only the first value was stale");
    assert_eq!(changed[0].written, "1 ns");
    assert_eq!(changed[0].computed, seq);
    let (same, none) = refresh(&filled, &figures).expect("still there");
    assert_eq!(
        (same, none.len()),
        (filled, 0),
        "a fresh text stays as it is"
    );
    assert_eq!(
        refresh("no figures", &figures).map(|(t, _)| t),
        Ok("no figures".to_owned())
    );
}

#[test]
fn a_figure_in_place_that_fails_or_is_not_closed_is_named() {
    let results = example();
    let figures = Figures::new(&results);
    let failed = refresh(
        "<!-- figure: ceiling 7 -->1 GB/s<!-- /figure --> <!-- figure: ceiling 1 -->2 GB/s",
        &figures,
    )
    .expect_err("a ceiling at 7 threads does not exist, and the last is open");
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0].key, "ceiling 7");
    assert!(matches!(failed[0].error, FigureError::Missing { .. }));
    assert!(matches!(failed[1].error, FigureError::Empty));
}
