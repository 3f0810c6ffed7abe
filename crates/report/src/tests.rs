//! Tests of whole pages: rendered from fixtures, written to scratch
//! directories, checked for well-formed markup, escaping and computed text.

use std::{
    fs,
    path::{Path, PathBuf},
};

use doall_results::{RESULTS_FILE, RunResults, SCHEMA_VERSION};

use crate::{
    REPORT_FILE,
    fixtures::{full_run, go_run, many_threads_run, record, results},
    refresh_index, render_run, write_run_report,
    xml_check::check_well_formed,
};

/// A fresh scratch directory for one test, removed when it is dropped.
pub(crate) fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("scratch dir")
}

/// Every inline `<svg>…</svg>` of a page.
pub(crate) fn svgs(page: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("svg closed") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// The page of `results`, checked well-formed, page and charts alike.
fn checked_page(results: &RunResults) -> String {
    let page = render_run(results, false);
    check_well_formed(&page).expect("page well-formed");
    for svg in svgs(&page) {
        check_well_formed(svg).expect("svg well-formed");
    }
    page
}

/// The text of a page with tags removed and entities for spaces undone,
/// to look for sentences.
pub(crate) fn text(page: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in page.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(if c == '\u{a0}' { ' ' } else { c }),
            _ => {}
        }
    }
    out
}

#[test]
fn a_full_run_has_every_chart_and_table() {
    let page = checked_page(&full_run());
    // Speedup ×3, time against length ×3, bandwidth ×1, per-call overhead
    // ×1, idle gap ×1, the model ×3.
    assert_eq!(svgs(&page).len(), 12);
    let t = text(&page);
    for needle in [
        "Speedup over seq",
        "Parallel efficiency",
        "Time against length",
        "Memory bandwidth on light",
        "plain loop against fast kernel",
        "How to read this",
        "Test CPU @ 3.0GHz",
        "Scalability! But at what COST?",
        "ceiling T²/(2T−1)",
        "rayon and pool beat seq from below the smallest length measured (1 024 elements)",
        "GB/s ceiling measured at 2 threads",
        "Noisy (hollow): std-mpsc at 32 768 elements, 2 threads",
        "threads used",
        "rayon at 1 048 576 elements (light, 2 threads): 0.971× with 1.00 threads used — \
         only 0% of the calls ran on all 2 threads.",
        "90% of T used",
        "Per-call overhead",
        "At 2 threads pool costs 0.300 µs per call over seq",
        "pool is cheapest in every round.",
        "Some cheap calls ran on fewer than 90% of their threads (hollow squares), at worst \
         rayon's on",
        "Calls after an idle gap",
        "back to back",
        "pool spins 200 µs",
        "pool falls from its fast path by a 1 ms gap",
        "pool can be slower than std-scope",
        "What the speed costs",
    ] {
        assert!(t.contains(needle), "missing {needle:?}");
    }
    assert!(!t.contains("No speedup chart"));
    assert!(
        !page.contains("NaN") && !page.contains("inf"),
        "no broken numbers"
    );
}

#[test]
fn findings_state_the_hand_worked_numbers() {
    // seq 8 s; std-mpsc 10 s, 5 s, 2.5 s at 1, 2, 4 threads on 4 cores:
    // speedups 0.8, 1.6, 3.2; efficiency 0.800 at 4 threads; COST 2
    // threads. At 1 024 elements std-mpsc loses (10 s against seq's 1 s):
    // its crossover is the largest length. Each section's findings are
    // tested on their own; this checks they reach the page.
    let mut r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 1.0),
        record("std-mpsc", "heavy", 1024, 4, 4, 10.0),
        record("seq", "heavy", 4096, 1, 1, 8.0),
        record("std-mpsc", "heavy", 4096, 1, 1, 10.0),
        record("std-mpsc", "heavy", 4096, 2, 2, 5.0),
        record("std-mpsc", "heavy", 4096, 4, 4, 2.5),
    ]);
    r.machine.available_parallelism = 4;
    let t = text(&checked_page(&r));
    for needle in [
        "At 4 threads std-mpsc reaches 3.20× (80% of the ideal 4.00×).",
        "COST: std-mpsc beats seq from 2 threads (1.60× in every round).",
        "std-mpsc keeps an efficiency of 0.800",
        "std-mpsc beats seq from somewhere between 1 024 and 4 096 elements.",
        "At 1 024 elements std-mpsc takes 10.0 s against seq's 1.00 s (10.0× slower)",
        "in 3 interleaved rounds",
        "Duration5 min 12 s",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in\n{t}");
    }
    assert!(!t.contains("exceed the cores"), "4 threads on 4 cores");
}

#[test]
fn many_threads_on_two_cores_fold_the_noise_and_cap_the_ideal() {
    let page = checked_page(&many_threads_run());
    // Speedup ×3, time against length ×3, bandwidth ×1: a run without
    // overhead records and threads used has neither section nor claim.
    assert_eq!(svgs(&page).len(), 7);
    let t = text(&page);
    for absent in [
        "Per-call overhead",
        "idle gap",
        "threads used —",
        "90% of T",
    ] {
        assert!(!t.contains(absent), "{absent:?} in a run without the data");
    }
    for needle in [
        "threads T (log₂ scale)",
        "ideal: min(T, cores)",
        "capped at the 2 cores",
        "Counts above 2 threads exceed the cores this process may use",
        "2 cores available",
        "Threads are on a log₂ axis",
        "Duration20 min 34 s",
        "1, 2, 4, 8, 16, 32, 64",
    ] {
        assert!(t.contains(needle), "missing {needle:?}");
    }
    // Each speedup chart, and the bandwidth chart, draws 9 noisy records or
    // more (3 strategies at 16, 32 and 64 threads; twice on ramp, over-split
    // too): folded into a table. Each time chart draws 3 (at 64 threads
    // only): a sentence.
    assert_eq!(page.matches("<details class=\"noisy\">").count(), 4);
    let speedups = &t[t.find("Speedup over seq").expect("speedups")
        ..t.find("Parallel efficiency").expect("efficiency")];
    assert!(
        speedups.contains("Noisy (hollow): 9 measurements"),
        "{speedups}"
    );
    assert!(
        !speedups.contains("Noisy (hollow): std-mpsc at"),
        "folded, not a sentence"
    );
    assert!(t.contains("Noisy (hollow): std-mpsc at 16 777 216 elements, 64 threads"));
    // The speedup axis stops near the cores, not at 64×.
    let speedup_svg = svgs(&page)[0];
    let has_tick = |tick: &str| speedup_svg.contains(&format!("\n{tick}\n</text>"));
    for tick in ["1", "2", "4", "8", "16", "32", "64", "1.5"] {
        assert!(has_tick(tick), "tick {tick}");
    }
    assert!(
        !has_tick("10") && !has_tick("20"),
        "no speedup ticks towards 64×"
    );
}

#[test]
fn never_is_said_when_a_strategy_never_wins() {
    let r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 1.0),
        record("rayon", "heavy", 1024, 1, 1, 2.0),
        record("rayon", "heavy", 1024, 2, 2, 1.5),
    ]);
    let t = text(&checked_page(&r));
    assert!(
        t.contains("rayon never beats seq within the lengths measured."),
        "{t}"
    );
    assert!(t.contains("never on this machine"), "{t}");
}

#[test]
fn every_label_from_the_data_is_escaped() {
    let evil = r#"<b>&"x'"#;
    let mut r = results(vec![
        record("seq", evil, 1024, 1, 1, 1.0),
        record(evil, evil, 1024, 1, 1, 2.0),
        record(evil, evil, 1024, 2, 2, 0.6),
        record("seq", "light", 1024, 1, 1, 1.0),
        record(evil, "light", 1024, 2, 2, 0.6),
    ]);
    r.machine.host = "<script>alert(1)</script>".to_owned();
    r.machine.cpu_model = "A & B \"cpu\"".to_owned();
    r.machine.bench_mode = "<i>".to_owned();
    let page = checked_page(&r);
    assert!(!page.contains("<b>") && !page.contains("<script>") && !page.contains("<i>"));
    assert!(
        page.contains("&lt;b&gt;&amp;&quot;x"),
        "escaped in HTML and SVG"
    );
    assert!(page.contains("&lt;script&gt;"));
    assert!(page.contains("A &amp; B &quot;cpu&quot;"));
    assert!(!page.contains("&amp;lt;"), "never escaped twice");
}

#[test]
fn a_filtered_run_omits_charts_with_a_note_saying_what_ran() {
    let r = results(vec![
        record("seq", "heavy", 1024, 1, 1, 1.0),
        record("rayon", "heavy", 1024, 2, 2, 0.6),
    ]);
    let page = checked_page(&r);
    let t = text(&page);
    assert!(
        t.contains("No bandwidth chart: it needs light with seq and a parallel strategy; this run measured heavy (rayon, seq; 1 024 elements)."),
        "{t}"
    );
    assert!(t.contains("No kernel table"));
    assert_eq!(svgs(&page).len(), 2, "speedup and time charts of heavy");

    let only_seq = results(vec![record("seq", "light", 1024, 1, 1, 1.0)]);
    let t = text(&checked_page(&only_seq));
    assert!(t.contains("No speedup chart"), "{t}");
    assert!(t.contains("No time-against-length chart"), "{t}");

    let nothing = results(Vec::new());
    let t = text(&checked_page(&nothing));
    assert!(t.contains("this run has no strategy records"), "{t}");
}

#[test]
fn write_run_report_writes_index_html() {
    let scratch = scratch();
    let dir = scratch.path();
    full_run().save(&dir.join(RESULTS_FILE)).expect("saved");
    let out = write_run_report(dir).expect("written");
    assert_eq!(out, dir.join(REPORT_FILE));
    let page = fs::read_to_string(&out).expect("readable");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        !page.contains("<script") && !page.contains("<link"),
        "self-contained"
    );
}

/// The error of `write_run_report` on a run whose results.json is `contents`.
fn error_for(contents: Option<&str>) -> String {
    let scratch = scratch();
    let dir = scratch.path();
    if let Some(c) = contents {
        fs::write(dir.join(RESULTS_FILE), c).expect("written");
    }
    let err = write_run_report(dir).expect_err("must fail").to_string();
    assert!(err.contains(RESULTS_FILE), "names the file: {err}");
    assert!(!err.contains('\n'), "one line: {err}");
    assert!(!dir.join(REPORT_FILE).exists(), "no report for a bad run");
    err
}

#[test]
fn bad_results_give_one_line_naming_the_file() {
    // What is wrong with a file is the results crate's to say (its tests
    // try every fault); the report passes the one line on and draws nothing.
    let good = serde_json::to_string(&full_run()).expect("serializes");
    assert!(error_for(None).contains("No such file"));
    assert!(error_for(Some("  \n")).contains("empty"));
    let current = format!("\"schema_version\":{SCHEMA_VERSION}");
    let next = SCHEMA_VERSION + 1;
    let future = good.replacen(&current, &format!("\"schema_version\":{next}"), 1);
    assert!(error_for(Some(&future)).contains(&format!("schema version {next}")));
}

/// A version 1 `results.json` as doall wrote it: no rounds, no duration,
/// no strategy list, no threads used, no overhead and no spin budget. The
/// results crate's tests read the same file.
const VERSION_1: &str = include_str!("../../results/src/load/version-1.json");

#[test]
fn a_version_1_file_draws() {
    let scratch = scratch();
    let dir = scratch.path();
    fs::write(dir.join(RESULTS_FILE), VERSION_1).expect("written");
    let t = text(&fs::read_to_string(write_run_report(dir).expect("written")).expect("page"));
    assert!(t.contains("At 2 threads rayon reaches 2.00×"), "{t}");
}

/// A run directory under `reports/runs` holding `contents` as results.json.
pub(crate) fn add_run(reports: &Path, name: &str, contents: &str) -> PathBuf {
    let dir = reports.join("runs").join(name);
    fs::create_dir_all(&dir).expect("run dir");
    fs::write(dir.join(RESULTS_FILE), contents).expect("written");
    dir
}

#[test]
fn refresh_index_shows_the_newest_good_run_and_lists_broken_ones() {
    let scratch = scratch();
    let reports = scratch.path();
    let good = serde_json::to_string(&full_run()).expect("serializes");
    add_run(reports, "20250101T000000Z-old", &good);
    add_run(reports, "20250102T000000Z-mid", &good);
    add_run(reports, "20250103T000000Z-new<&>", "{ truncated");
    fs::create_dir_all(reports.join("example")).expect("example");
    let out = refresh_index(reports).expect("written despite a broken run");
    assert_eq!(out, reports.join(REPORT_FILE));
    let page = fs::read_to_string(&out).expect("readable");
    check_well_formed(&page).expect("well-formed");
    let t = text(&page);
    assert!(
        t.contains("This page shows the newest run, 20250102T000000Z-mid"),
        "{t}"
    );
    assert!(page.contains("href=\"runs/20250101T000000Z-old/index.html\""));
    assert!(
        t.contains("20250103T000000Z-new&lt;&amp;&gt; skipped:"),
        "{t}"
    );
    assert!(t.contains("not valid JSON"), "{t}");
    assert!(page.contains("href=\"example/index.html\""));
    // Newest first.
    let mid = page
        .find("20250102T000000Z-mid/index.html")
        .expect("listed");
    let old = page
        .find("20250101T000000Z-old/index.html")
        .expect("listed");
    assert!(mid < old);
    assert!(
        t.contains("Speedup over seq"),
        "the newest run's report is inline"
    );
}

#[test]
fn refresh_index_without_runs_still_writes_a_page() {
    let scratch = scratch();
    let reports = scratch.path();
    let page = fs::read_to_string(refresh_index(reports).expect("written")).expect("readable");
    check_well_formed(&page).expect("well-formed");
    assert!(text(&page).contains("No runs yet"));
    add_run(reports, "20250101T000000Z-bad", "");
    let page = fs::read_to_string(refresh_index(reports).expect("written")).expect("readable");
    assert!(text(&page).contains("No run could be read"));
}

#[test]
fn the_example_run_says_it_is_an_example() {
    let scratch = scratch();
    let root = scratch.path();
    let example = root.join(crate::EXAMPLE_DIR);
    let other = root.join("20250102T030405Z-testbox");
    for dir in [&example, &other] {
        full_run().save(&dir.join("results.json")).expect("saved");
        write_run_report(dir).expect("written");
    }
    let read = |dir: &PathBuf| std::fs::read_to_string(dir.join("index.html")).expect("page");
    assert!(read(&example).contains("This is an example report"));
    assert!(!read(&other).contains("This is an example report"));
}

/// How many dashes (or whole lines) of width 2 an SVG draws in `colour`:
/// plotters draws a dashed line as one short polyline per dash, a solid
/// line as one polyline.
fn strokes(svg: &str, colour: &str) -> usize {
    svg.matches(&format!("stroke=\"{colour}\" stroke-width=\"2\" points="))
        .count()
}

#[test]
fn go_is_drawn_dashed_on_every_chart_and_told_in_words() {
    let page = checked_page(&go_run());
    let charts = svgs(&page);
    // The palette's Go blue and the dark teal of Go's own loop.
    let (go, go_seq) = ("#00ADD8", "#005F6B");
    let with_go: Vec<&&str> = charts.iter().filter(|s| s.contains(go)).collect();
    // Speedup ×3, time against length ×3, bandwidth, overhead, idle gap and
    // the model ×3: every chart the run has.
    assert_eq!(with_go.len(), 12, "{} charts", charts.len());
    assert_eq!(with_go.len(), charts.len(), "every chart");
    for svg in with_go {
        assert!(strokes(svg, go) > 4, "go dashed");
        assert!(svg.contains("go (peer)"), "go named as a peer");
    }
    // go-seq is drawn where seq is: time against length, bandwidth and the
    // idle gap.
    let with_go_seq: Vec<&&str> = charts.iter().filter(|s| s.contains(go_seq)).collect();
    assert_eq!(with_go_seq.len(), 5);
    // On the bandwidth chart go-seq is one point (one thread): no line to dash.
    let dashed = with_go_seq
        .iter()
        .filter(|svg| strokes(svg, go_seq) > 4)
        .count();
    assert_eq!(dashed, 4, "go-seq dashed wherever it is a line");
    // A Rust strategy stays solid: its line and its legend sample.
    assert_eq!(strokes(charts[1], "#1F77B4"), 2, "std-mpsc on heavy");
    let t = text(&page);
    for needle in [
        "go (peer)",
        "go-seq (peer)",
        "go1.19.8 linux/amd64",
        "Long dashes: a peer, the same work in another language",
        "go beats go-seq from 2 threads (1.88× in every round).",
        // heavy at 1 048 576: go-seq 104.9 ms ÷ go's 55.2 ms at 2 threads.
        // The best of pool 1.94×, rayon 1.92×, crossbeam 1.86×, std-scope
        // 1.82× and std-mpsc 1.80× over seq is pool's, 2% above go's 1.90×.
        "Go's DoAll reaches 1.90× over Go's own loop at 1 048 576 heavy elements on 2 \
         threads, within noise of the best Rust strategy's speedup over seq; against \
         Rust's seq it never wins there",
        "Go's DoAll reaches 1.88× over Go's own loop at 1 048 576 light elements on 2 \
         threads, above the best Rust strategy's speedup over seq in every round",
        "Go's sequential loop (go-seq, go1.19.8 linux/amd64) takes longer than Rust's seq in \
         every round: 2.50× seq's time on light",
        "Go's DoAll keeps an efficiency of",
        // 15.5 µs against go-seq's 6.50 µs on 64 elements at 2 threads.
        "At 2 threads Go's DoAll costs 9.00 µs per call over Go's own loop, more than \
         rayon's and pool's and less than std-mpsc's, std-scope's and crossbeam's in every \
         round.",
        // After 10 ms: 45 µs against go-seq's 6.9 µs, std-mpsc's 40 − 2.8 µs.
        "After a 10 ms gap at 2 threads Go's DoAll costs 38.1 µs per call over Go's own \
         loop",
        "within noise of std-mpsc's.",
        // 45 µs after 10 ms over 15.5 µs back to back.
        "After a 10 ms gap go takes 2.90× its back-to-back time per call.",
        "At 2 threads pool costs 0.300 µs per call over seq",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in\n{t}");
    }
    // Fastest and slowest compare times, so they are the Rust strategies'
    // alone: Go's slower kernel is never "slowest" next to them.
    assert!(!t.contains("go is slowest") && !t.contains("go (1."), "{t}");
}

#[test]
fn a_version_3_file_draws() {
    let scratch = scratch();
    let dir = scratch.path();
    let mut value = serde_json::to_value(full_run()).expect("json");
    value["schema_version"] = 3.into();
    for s in value["strategies"].as_array_mut().expect("a list") {
        let info = s.as_object_mut().expect("an object");
        info.remove("baseline");
        info.remove("peer");
    }
    fs::write(dir.join(RESULTS_FILE), value.to_string()).expect("written");
    write_run_report(dir).expect("renders");
}
