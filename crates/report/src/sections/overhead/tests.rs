//! Tests of the overhead section: its findings and page on small made-up runs.

use doall_results::OverheadSize::{Elements64, OnePerChunk};

use super::*;
use crate::{
    charts::Scale,
    fixtures::{overhead, results, used},
};

fn text(sentences: &[String]) -> String {
    sentences.join(" ").replace('\u{a0}', " ")
}

/// seq 2.6 µs on 64 elements; at 1 thread pool 2.58 µs and rayon
/// 3.8 µs; at 2 threads pool 2.9 µs, rayon 4.5 µs and std-scope
/// 43.6 µs; rayon forked 4% of its calls at 2 threads.
fn run() -> RunResults {
    let mut r = results(Vec::new());
    let mut rayon = overhead("rayon", Elements64, 2, 0.0, 4.5e-6);
    rayon.threads_used = used(1.04, 0.04);
    r.overhead = vec![
        overhead("seq", Elements64, 1, 0.0, 2.6e-6),
        overhead("pool", Elements64, 1, 0.0, 2.58e-6),
        overhead("rayon", Elements64, 1, 0.0, 3.8e-6),
        overhead("pool", Elements64, 2, 0.0, 2.9e-6),
        rayon,
        overhead("std-scope", Elements64, 2, 0.0, 43.6e-6),
    ];
    r
}

#[test]
fn findings_state_the_hand_worked_overheads() {
    // Overheads: at 1 thread pool 2.58 − 2.6 = −0.02 µs, rayon 1.2 µs;
    // at 2 threads pool 0.3 µs, rayon 1.9 µs, std-scope 41 µs. pool's
    // times beat the others by far more than 3% in every round.
    let r = run();
    let v = view(&r).expect("overhead measured");
    assert_eq!(
        text(&overhead_findings(&v)),
        "At 1 thread pool costs −0.0200 µs per call over seq (no slower than seq) and \
         rayon 1.20 µs: pool is cheapest in every round. \
         At 2 threads pool costs 0.300 µs per call over seq, rayon 1.90 µs and std-scope \
         41.0 µs: pool is cheapest in every round. \
         Some cheap calls ran on fewer than 90% of their threads (hollow squares), at \
         worst rayon's on 1.04 of 2 threads on average: a call that stays on the caller \
         pays no fork and no join, so its cost is not that of the strategy with all its \
         threads."
    );
    // The point drawn at the floor is a note on the chart, after the box.
    let page = section(&r, &crate::palette::Palette::for_runs([&r]))
        .into_string()
        .replace('\u{a0}', " ");
    let note = "pool at 1 thread (−0.0200 µs) was no slower than seq: a log axis has no \
                place for an overhead at or below zero, so its point is drawn at the floor \
                of 0.0100 µs.";
    let (in_box, after_box) = page.split_once("</div>").expect("a findings box");
    assert!(after_box.contains(note) && !in_box.contains(note), "{page}");
}

#[test]
fn cheapest_is_a_tie_unless_it_held_in_every_round() {
    // At 2 threads pool 2.9 µs and rayon 2.95 µs (1.7% apart): a tie;
    // std-scope is far behind, so the tie is for cheapest only.
    let mut r = run();
    r.overhead[4].timing = crate::fixtures::timing(2.95e-6);
    let v = view(&r).expect("overhead measured");
    assert_eq!(
        cheapest(&v, 2).map(|s| s.replace('\u{a0}', " ")),
        Some(
            "At 2 threads pool costs 0.300 µs per call over seq, rayon 0.350 µs and \
             std-scope 41.0 µs: pool and rayon tie for cheapest within noise."
                .to_owned()
        )
    );
    r.overhead.truncate(5);
    let v = view(&r).expect("overhead measured");
    assert!(
        cheapest(&v, 2)
            .expect("two strategies")
            .ends_with("they tie within noise, none cheaper than the others in every round.")
    );
}

#[test]
fn the_chart_clamps_to_the_floor_and_marks_unforked_calls() {
    let r = run();
    let v = view(&r).expect("overhead measured");
    let c = chart(&v, &Palette::for_runs([&r]));
    let pool = c.series.iter().find(|s| s.label == "pool").expect("pool");
    let ys: Vec<f64> = pool.points.iter().map(|p| p.y).collect();
    assert_eq!(ys[0], FLOOR_S * 1e6, "−0.02 µs drawn at the floor");
    assert!((ys[1] - 0.3).abs() < 1e-9, "{ys:?}");
    let rayon = c.series.iter().find(|s| s.label == "rayon").expect("rayon");
    let squares: Vec<bool> = rayon.points.iter().map(|p| p.few_threads).collect();
    assert_eq!(squares, vec![false, true], "1.04 of 2 threads at 2");
    assert_eq!(c.y.scale, Scale::Log);
}

#[test]
fn a_run_without_overhead_records_has_no_section() {
    let mut r = results(Vec::new());
    assert!(view(&r).is_none());
    assert_eq!(section(&r, &Palette::for_runs([&r])).into_string(), "");
    // Only the other sizes: a table and findings, no chart.
    r.overhead = vec![
        overhead("seq", OnePerChunk, 1, 0.0, 45e-9),
        overhead("pool", OnePerChunk, 1, 0.0, 60e-9),
    ];
    let html = section(&r, &Palette::for_runs([&r])).into_string();
    assert!(
        html.contains("Per-call overhead") && !html.contains("<svg"),
        "{html}"
    );
}
