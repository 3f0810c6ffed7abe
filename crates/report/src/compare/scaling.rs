//! Speedup against cores: for each workload, every run's best speedup of
//! each strategy (T chunks for T threads, at the run's largest length)
//! against the cores the run could use, one line per strategy and host,
//! with the ideal speedup = cores. Colour says the strategy; line style and
//! marker say the host. Every chart of the section has the same axes.

use maud::{Markup, html};
use plotters::style::RGBColor;

use crate::{
    analysis::Speedup,
    analysis::few_threads,
    charts::{Axis, Chart, Line, Marker, Point, Scale, Series},
    format::{NBSP, and_list, count, plural, tick, times},
    palette::{Palette, REFERENCE},
    sections::{figure, findings, speedup_lines, threads_axis},
};

use super::{NamedRun, several_hosts};

/// How the lines of the `i`-th host are drawn: the first host solid with
/// dots, the next dashed with triangles, then dotted; from the fifth host
/// on the styles repeat (the legend still names every line).
const HOST_STYLES: [(Line, Marker, &str); 4] = [
    (Line::Solid, Marker::Circle, "solid lines with dots"),
    (
        Line::Dashed,
        Marker::Triangle,
        "dashed lines with triangles",
    ),
    (Line::Dotted, Marker::Circle, "dotted lines with dots"),
    (
        Line::Dotted,
        Marker::Triangle,
        "dotted lines with triangles",
    ),
];

/// The colour of a host's row in the legend: a dark grey that is no
/// strategy's, since the row shows a line style, not a strategy.
const HOST_KEY: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// One strategy on one host: its best speedup in each run of the host.
#[derive(Debug, Clone)]
pub(super) struct CoreLine {
    /// The host.
    pub(super) host: String,
    /// The host's place in the page's order of hosts: its line style.
    pub(super) host_index: usize,
    /// The strategy.
    pub(super) strategy: String,
    /// (cores the run could use, its best point), ascending by cores.
    pub(super) points: Vec<(usize, Speedup)>,
}

/// `strategy`'s best speedup in `named` on `workload` with one chunk per
/// thread at the run's largest length (`None` if not measured there).
fn best_point(named: &NamedRun<'_>, workload: &str, strategy: &str) -> Option<Speedup> {
    let len = named.run.largest_len(workload)?;
    speedup_lines(&named.run, workload, len)
        .into_iter()
        .filter(|l| l.chunks_per_thread == 1 && l.strategy == strategy)
        .flat_map(|l| l.points)
        .max_by(|a, b| a.speedup.total_cmp(&b.speedup))
}

/// The hosts of `runs`, in the order they first appear.
fn hosts<'a>(runs: &'a [NamedRun<'_>]) -> Vec<&'a str> {
    let mut hosts: Vec<&str> = Vec::new();
    for r in runs {
        if !hosts.contains(&r.host()) {
            hosts.push(r.host());
        }
    }
    hosts
}

/// Every line of `workload`: host by host, strategies in the runs' order.
pub(super) fn core_lines(runs: &[NamedRun<'_>], workload: &str) -> Vec<CoreLine> {
    let mut strategies: Vec<&str> = Vec::new();
    for r in runs {
        for s in &r.run.strategies {
            if !strategies.contains(&s.as_str()) {
                strategies.push(s);
            }
        }
    }
    let mut lines = Vec::new();
    for (host_index, host) in hosts(runs).into_iter().enumerate() {
        for strategy in &strategies {
            let mut points: Vec<(usize, Speedup)> = runs
                .iter()
                .filter(|r| r.host() == host)
                .filter_map(|r| Some((r.cores(), best_point(r, workload, strategy)?)))
                .collect();
            // Stable: two runs with the same cores keep the order given.
            points.sort_by_key(|(cores, _)| *cores);
            if !points.is_empty() {
                lines.push(CoreLine {
                    host: host.to_owned(),
                    host_index,
                    strategy: (*strategy).to_owned(),
                    points,
                });
            }
        }
    }
    lines
}

/// The highest value any chart of the section draws: a point, its error
/// bar or the ideal at the most cores.
fn highest(all: &[Vec<CoreLine>], max_cores: usize) -> f64 {
    all.iter()
        .flatten()
        .flat_map(|l| &l.points)
        .map(|(_, p)| p.speedup.max(p.high))
        .fold(max_cores as f64, f64::max)
}

/// The chart of one workload, on axes shared by the whole section.
pub(super) fn chart(
    palette: &Palette,
    workload: &str,
    lines: &[CoreLine],
    cores: &[usize],
    highest: f64,
    with_host: bool,
) -> Chart {
    let mut series: Vec<Series> = lines
        .iter()
        .map(|l| {
            let (line, marker, _) = HOST_STYLES[l.host_index % HOST_STYLES.len()];
            // Line styles tell hosts apart, so only the first host's peer
            // gets the peers' long dashes; its label says "(peer)" on all.
            let line = if l.host_index == 0 && palette.is_peer(&l.strategy) {
                Line::Peer
            } else {
                line
            };
            let name = palette.label(&l.strategy);
            Series {
                label: if with_host {
                    format!("{name}, {}", l.host)
                } else {
                    name
                },
                colour: palette.colour(&l.strategy),
                line,
                marker,
                points: l
                    .points
                    .iter()
                    .map(|(c, p)| Point {
                        x: *c as f64,
                        y: p.speedup,
                        bar: Some((p.low, p.high)),
                        noisy: p.noisy,
                        ring: false,
                        few_threads: few_threads(p.used, p.threads),
                    })
                    .collect(),
            }
        })
        .collect();
    series.push(Series {
        label: "ideal: speedup = cores".to_owned(),
        colour: REFERENCE,
        line: Line::Dashed,
        marker: Marker::None,
        points: cores
            .iter()
            .map(|&c| Point::at(c as f64, c as f64))
            .collect(),
    });
    let x = threads_axis(cores);
    let log2 = x.scale == Scale::Log2;
    Chart {
        title: format!("{workload}: best speedup against cores"),
        x: Axis {
            label: if log2 {
                "cores the run could use (log₂ scale)".to_owned()
            } else {
                "cores the run could use".to_owned()
            },
            span: cores
                .first()
                .zip(cores.last())
                .map(|(&lo, &hi)| (lo as f64, hi as f64)),
            ..x
        },
        y: Axis {
            label: if lines.iter().any(|l| palette.is_peer(&l.strategy)) {
                "best speedup over its own seq (×)".to_owned()
            } else {
                "best speedup over seq (×)".to_owned()
            },
            scale: Scale::Linear,
            from_zero: true,
            ticks: Vec::new(),
            format: tick,
            names: Vec::new(),
            span: Some((0.0, highest)),
        },
        legend: with_host.then(|| host_legend(palette, lines, &series)),
        series,
        marking: None,
    }
}

/// The legend of several hosts: each strategy once in its colour, each
/// host once in its line style (in grey), then the ideal; one row per line
/// would not fit beside the chart.
fn host_legend(palette: &Palette, lines: &[CoreLine], series: &[Series]) -> Vec<Series> {
    let mut rows: Vec<Series> = Vec::new();
    for l in lines {
        let name = palette.label(&l.strategy);
        if !rows.iter().any(|r| r.label == name) {
            rows.push(Series {
                label: name,
                colour: palette.colour(&l.strategy),
                line: if palette.is_peer(&l.strategy) {
                    Line::Peer
                } else {
                    Line::Solid
                },
                marker: Marker::None,
                points: Vec::new(),
            });
        }
    }
    let mut seen: Vec<usize> = Vec::new();
    for l in lines {
        if !seen.contains(&l.host_index) {
            seen.push(l.host_index);
            let (line, marker, _) = HOST_STYLES[l.host_index % HOST_STYLES.len()];
            rows.push(Series {
                label: format!("host {}", l.host),
                colour: HOST_KEY,
                line,
                marker,
                points: Vec::new(),
            });
        }
    }
    rows.extend(series.iter().filter(|s| s.colour == REFERENCE).cloned());
    rows
}

/// One sentence per line: its speedup at each core count, and the threads
/// it took where they were not the cores.
pub(super) fn core_findings(lines: &[CoreLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let points: Vec<String> = l
                .points
                .iter()
                .map(|(cores, p)| {
                    let threads = if p.threads == *cores {
                        String::new()
                    } else {
                        format!(" (at {})", plural(p.threads, "thread"))
                    };
                    format!(
                        "{} on {}{threads}",
                        times(p.speedup),
                        plural(*cores, "core")
                    )
                })
                .collect();
            format!("{}: {} (host {}).", l.strategy, points.join(", "), l.host)
        })
        .collect()
}

/// The caption under every chart of the section.
fn caption(runs: &[NamedRun<'_>], workload: &str, with_host: bool) -> String {
    let mut lens: Vec<usize> = runs
        .iter()
        .filter_map(|r| r.run.largest_len(workload))
        .collect();
    lens.sort_unstable();
    lens.dedup();
    let lens: Vec<String> = lens.iter().map(|&l| count(l)).collect();
    let hosts_note = if with_host {
        let styles: Vec<String> = hosts(runs)
            .iter()
            .enumerate()
            .map(|(i, h)| format!("{h}: {}", HOST_STYLES[i % HOST_STYLES.len()].2))
            .collect();
        format!(
            " Colour says the strategy; line and marker say the host ({}).",
            styles.join("; ")
        )
    } else {
        String::new()
    };
    format!(
        "Each point is one run: the best speedup over that run's seq the strategy reached \
         at any thread count, with T chunks for T threads, at the run's largest length of \
         {workload} ({}{NBSP}elements). Its x is the cores the run could use (its available \
         parallelism, which follows taskset). The grey dashed line is the ideal, speedup = \
         cores; bars show how far noise could move a point.{hosts_note}",
        and_list(&lens)
    )
}

/// The section: one chart and its findings per workload, all on the same
/// axes.
pub(super) fn section(palette: &Palette, runs: &[NamedRun<'_>], workloads: &[String]) -> Markup {
    let mut cores: Vec<usize> = runs.iter().map(NamedRun::cores).collect();
    cores.sort_unstable();
    cores.dedup();
    let all: Vec<Vec<CoreLine>> = workloads.iter().map(|w| core_lines(runs, w)).collect();
    let highest = highest(&all, cores.last().copied().unwrap_or(1));
    let with_host = several_hosts(runs);
    html! {
        p.note {
            "How each strategy's best speedup grows with the cores a run could use. Every \
             chart of this section has the same axes (cores "
            (and_list(&cores.iter().map(|&c| count(c)).collect::<Vec<_>>()))
            ", speedup from 0 to " (times(highest)) "), so workloads compare by eye too."
        }
        @if cores.len() == 1 {
            p.note {
                "Every run could use " (plural(cores[0], "core")) ", so each line is a \
                 single point: rerun with " code { "scripts/bench-cores.sh" } " to vary \
                 the cores."
            }
        }
        @for (w, lines) in workloads.iter().zip(&all) {
            @if lines.is_empty() {
                p.note { "No run has a speedup of " (w) "." }
            } @else {
                (figure(
                    &chart(palette, w, lines, &cores, highest, with_host),
                    html! {
                        (caption(runs, w, with_host))
                        (crate::sections::peer::legend_note(
                            lines
                                .iter()
                                .map(|l| l.strategy.as_str())
                                .filter(|s| palette.is_peer(s)),
                        ))
                    },
                ))
                (findings(&core_findings(lines), html! {}))
            }
        }
    }
}
