//! Tests of the comparison page: shared axes, the machines table, speedup
//! against cores, and whole pages written from run directories.

use std::fs;

use super::{machines, scaling::*, *};
use crate::{
    fixtures::{full_run, record, results},
    tests::{add_run, scratch, svgs, text},
    xml_check::check_well_formed,
};

/// The full run cut down to one core: every parallel record at 1 thread.
fn one_core_run() -> RunResults {
    let mut one = full_run();
    one.machine.available_parallelism = 1;
    one.records.retain(|r| r.threads == 1);
    one
}

/// Named, indexed runs of `runs` (name, results).
fn named(runs: &[(String, RunResults)]) -> Vec<NamedRun<'_>> {
    runs.iter()
        .map(|(name, results)| NamedRun {
            name,
            run: Run::new(results),
        })
        .collect()
}

/// A run on `host` with `cores` cores in which seq takes 8 s on heavy and
/// rayon takes `rayon_s[i]` seconds with `i + 1` threads.
fn scaling_run(host: &str, cores: usize, rayon_s: &[f64]) -> RunResults {
    let mut records = vec![record("seq", "heavy", 4096, 1, 1, 8.0)];
    for (i, &s) in rayon_s.iter().enumerate() {
        records.push(record("rayon", "heavy", 4096, i + 1, i + 1, s));
    }
    let mut r = results(records);
    r.machine.host = host.to_owned();
    r.machine.available_parallelism = cores;
    r
}

/// The `<text>` of every tick label of an SVG, in order.
fn tick_labels(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            Some(
                t.split_once('>')?
                    .1
                    .split_once("</text>")?
                    .0
                    .trim()
                    .to_owned(),
            )
        })
        .filter(|t| t.parse::<f64>().is_ok())
        .collect()
}

#[test]
fn every_run_of_a_workload_gets_the_same_axes() {
    let runs = vec![
        ("a-1core".to_owned(), one_core_run()),
        ("b-2cores".to_owned(), full_run()),
    ];
    let named = named(&runs);
    let palette = Palette::for_runs(runs.iter().map(|(_, r)| r));
    let shared = shared_axes(&palette, &named, "heavy").expect("speedups");
    assert_eq!(shared.threads, vec![1, 2]);
    let charts: Vec<_> = named
        .iter()
        .map(|r| run_chart(&palette, r, "heavy", false, Some(&shared)).expect("chart"))
        .collect();
    assert_eq!(
        charts[0].ranges(),
        charts[1].ranges(),
        "same x and y ranges"
    );
    // Drawn on their own axes, the 1-core chart stops near 1×, the other near 2×.
    let own: Vec<_> = named
        .iter()
        .map(|r| run_chart(&palette, r, "heavy", false, None).expect("chart"))
        .collect();
    assert_ne!(own[0].ranges().1, own[1].ranges().1, "the test can fail");
    // And so do the charts on the page: the same tick labels.
    let page = render(&runs);
    let heavy: Vec<&str> = svgs(&page)
        .into_iter()
        .filter(|s| s.contains("heavy at"))
        .collect();
    assert_eq!(heavy.len(), 2);
    assert_eq!(tick_labels(heavy[0]), tick_labels(heavy[1]));
    assert!(
        tick_labels(heavy[0]).contains(&"2".to_owned()),
        "1-core chart reaches 2×"
    );
    assert!(
        text(&page)
            .contains("The 2 charts of heavy share their axes: the same thread counts (1 and 2)"),
        "the page says so"
    );
}

#[test]
fn one_host_with_several_core_counts_is_the_cores_case() {
    let runs = vec![
        ("a".to_owned(), scaling_run("box", 1, &[8.0])),
        ("b".to_owned(), scaling_run("box", 2, &[8.0, 4.0])),
    ];
    let t = machines::kind_sentences(&named(&runs))
        .join(" ")
        .replace('\u{a0}', " ");
    assert!(
        t.starts_with("All 2 runs are from host box, given 1 and 2 cores"),
        "{t}"
    );
    let same = vec![
        ("a".to_owned(), scaling_run("box", 2, &[8.0])),
        ("b".to_owned(), scaling_run("box", 2, &[8.0])),
    ];
    let t = machines::kind_sentences(&named(&same)).join(" ");
    assert!(t.contains("run-to-run noise"), "{t}");
}

#[test]
fn several_hosts_are_the_machines_case_with_a_table_column_each() {
    let mut b = scaling_run("b", 4, &[8.0, 4.0, 3.0, 2.5]);
    b.machine.bench_mode = "full".to_owned();
    b.machine.cpu_model = "Other <CPU>".to_owned();
    let runs = vec![
        ("run-a".to_owned(), scaling_run("a", 2, &[8.0, 4.0])),
        ("run-b".to_owned(), b),
    ];
    let named = named(&runs);
    let t = machines::kind_sentences(&named)
        .join(" ")
        .replace('\u{a0}', " ");
    assert!(
        t.starts_with("The runs come from 2 machines (a and b)"),
        "{t}"
    );
    assert!(t.contains("Runs: a on 2 cores; b on 4 cores."), "{t}");
    assert!(t.contains("different bench modes (quick and full)"), "{t}");
    let table = machines::table(&named).into_string();
    check_well_formed(&table).expect("well-formed");
    assert!(table.contains("Other &lt;CPU&gt;"), "escaped");
    let row = |what: &str| {
        let at = table.find(what).expect(what);
        let start = table[..at].rfind("<tr").expect("row start");
        let end = at + table[at..].find("</tr>").expect("row end");
        table[start..end].to_owned()
    };
    assert!(
        row("Host").starts_with("<tr class=\"differs\""),
        "hosts differ"
    );
    assert!(!row("OS").contains("differs"), "same OS");
    for what in [
        "Logical cores",
        "Available parallelism",
        "Threads measured",
        "rustc",
        "Rounds",
        "Started (UTC)",
        "Duration",
        "spin budget",
        "bandwidth ceiling",
        "schema version",
    ] {
        row(what);
    }
    assert!(row("Threads measured").contains("1, 2, 3, 4"));
}

#[test]
fn speedup_against_cores_has_a_line_per_strategy_and_host() {
    // Host a: rayon 8 s on 1 core (1.00×), 4 s at 2 threads on 2 cores
    // (2.00×). Host b: on 4 cores 2.5 s at 4 threads (3.20×) but 2.0 s at
    // 3 threads (4.00×): the best is at 3 threads.
    let runs = vec![
        ("a1".to_owned(), scaling_run("a", 1, &[8.0])),
        ("a2".to_owned(), scaling_run("a", 2, &[8.0, 4.0])),
        ("b4".to_owned(), scaling_run("b", 4, &[8.0, 4.0, 2.0, 2.5])),
    ];
    let named = named(&runs);
    let lines = core_lines(&named, "heavy");
    assert_eq!(lines.len(), 2, "rayon on a, rayon on b");
    assert_eq!(
        core_findings(&lines).join(" ").replace('\u{a0}', " "),
        "rayon: 1.00× on 1 core, 2.00× on 2 cores (host a). \
         rayon: 4.00× on 4 cores (at 3 threads) (host b)."
    );
    let palette = Palette::for_runs(runs.iter().map(|(_, r)| r));
    let chart = chart(&palette, "heavy", &lines, &[1, 2, 4], 4.2, true);
    let ideal = chart.series.last().expect("ideal");
    assert_eq!(
        ideal.points.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>(),
        vec![(1.0, 1.0), (2.0, 2.0), (4.0, 4.0)],
        "speedup = cores"
    );
    let b = &chart.series[1];
    assert_eq!(b.label, "rayon, b");
    assert_eq!(b.colour, chart.series[0].colour, "colour is the strategy");
    assert_ne!(b.line, chart.series[0].line, "line style is the host");
    let legend: Vec<&str> = chart
        .legend
        .iter()
        .flatten()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(
        legend,
        vec!["rayon", "host a", "host b", "ideal: speedup = cores"]
    );
    assert_eq!(
        chart.x.scale,
        crate::charts::Scale::Log2,
        "1, 2 and 4 cores"
    );
    assert!(chart.ranges().1.1 >= 4.2, "reaches the shared span");
    let svg = crate::charts::render(&chart).expect("draws");
    check_well_formed(&svg).expect("well-formed");
    assert!(svg.contains("host b") && svg.contains("cores the run could use"));
}

#[test]
fn a_comparison_page_is_written_from_run_directories() {
    let scratch = scratch();
    let reports = scratch.path();
    let a = add_run(
        reports,
        "a-1core",
        &serde_json::to_string(&one_core_run()).expect("json"),
    );
    let b = add_run(
        reports,
        "b-2cores",
        &serde_json::to_string(&full_run()).expect("json"),
    );
    let out = reports.join("compare.html");
    write_comparison(&[a.clone(), b], &out).expect("written");
    let page = fs::read_to_string(&out).expect("readable");
    check_well_formed(&page).expect("well-formed");
    for svg in svgs(&page) {
        check_well_formed(svg).expect("svg well-formed");
    }
    let t = text(&page);
    for needle in [
        "2 runs side by side",
        "a-1core",
        "b-2cores",
        "1 core: heavy",
        "2 cores: heavy",
        "All 2 runs are from host testbox, given 1 and 2 cores",
        "The machines",
        "Speedup against cores",
        "heavy: best speedup against cores",
        "rayon: 0.980× on 1 core",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in\n{t}");
    }
    assert_eq!(
        svgs(&page).len(),
        9,
        "speedup against cores per workload, and a speedup chart per run and workload"
    );

    fs::write(a.join(RESULTS_FILE), "[]").expect("broken");
    let err = write_comparison(&[a], &out).expect_err("a broken run fails");
    assert!(err.to_string().contains("a-1core"), "{err}");
}

#[test]
fn a_peer_keeps_its_long_dashes_and_its_own_baseline_against_cores() {
    let mut one = crate::fixtures::go_run();
    one.machine.available_parallelism = 1;
    one.records.retain(|r| r.threads == 1);
    let runs = vec![
        ("cores1".to_owned(), one),
        ("cores2".to_owned(), crate::fixtures::go_run()),
    ];
    let named = named(&runs);
    let lines = core_lines(&named, "heavy");
    let palette = Palette::for_runs(runs.iter().map(|(_, r)| r));
    let chart = chart(&palette, "heavy", &lines, &[1, 2], 2.2, false);
    let go = chart
        .series
        .iter()
        .find(|s| s.label == "go (peer)")
        .expect("go is drawn, named a peer");
    assert_eq!(go.line, crate::charts::Line::Peer);
    assert!(
        chart
            .series
            .iter()
            .filter(|s| s.label != "go (peer)" && !s.label.starts_with("ideal"))
            .all(|s| s.line == crate::charts::Line::Solid)
    );
    assert!(chart.y.label.contains("its own seq"), "{}", chart.y.label);
    // go's speedup over go-seq, not over seq: near 2 on 2 cores.
    let go_line = lines.iter().find(|l| l.strategy == "go").expect("go");
    let (_, best) = go_line.points.last().expect("two points");
    assert!(best.speedup > 1.5 && best.speedup < 2.5, "{}", best.speedup);
}
