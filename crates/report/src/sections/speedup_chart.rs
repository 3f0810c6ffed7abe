//! The speedup chart: each strategy's speedup against threads, the ideal
//! (capped at the cores), the ramp ceiling and where the cores run out. The
//! comparison page draws the same chart for each of its runs.

use doall_kernel::OVER_SPLIT;

use crate::{
    analysis::{Run, Speedup, few_threads, static_ceiling},
    charts::{Axis, Chart, Line, Marker, Marking, Point, Scale, Series},
    format::{count, plural, tick},
    palette::{CEILING, Palette, REFERENCE},
};

use super::{log2_note, threads_axis, variant};

/// One line of a speedup chart: a strategy at one chunking.
pub(crate) struct SpeedupLine {
    /// The strategy.
    pub(crate) strategy: String,
    /// Chunks per thread: 1, or [`OVER_SPLIT`] for the over-split ramp lines.
    pub(crate) chunks_per_thread: usize,
    /// The points, ascending by threads.
    pub(crate) points: Vec<Speedup>,
    /// A peer program's (Go's): its speedup is over its own loop.
    pub(crate) peer: bool,
    /// What its speedup is over: seq, or go-seq for go.
    pub(crate) baseline: String,
}

impl SpeedupLine {
    /// The name in sentences and in the COST table's tooltip.
    pub(crate) fn label(&self) -> String {
        format!("{}{}", self.strategy, variant(self.chunks_per_thread))
    }
}

/// The best speedup `threads` threads can reach on `cores` cores.
pub(crate) fn ideal(threads: usize, cores: usize) -> f64 {
    threads.min(cores.max(1)) as f64
}

/// The best speedup equal static chunks can reach on ramp with `threads`
/// threads on `cores` cores: T²/(2T−1), and no more than the cores.
pub(crate) fn ramp_ceiling(threads: usize, cores: usize) -> f64 {
    static_ceiling(threads).min(cores.max(1) as f64)
}

/// The axes that several speedup charts of one workload share (one chart
/// per run on the comparison page), so that their lines compare by eye.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SharedAxes {
    /// Every thread count any of the charts draws, ascending.
    pub(crate) threads: Vec<usize>,
    /// The highest value any of the charts draws: point, error bar or ideal.
    pub(crate) speedup: f64,
}

impl SharedAxes {
    /// The axes that hold everything `charts` draw (speedup charts drawn
    /// without shared axes); `None` without any point.
    pub(crate) fn of<'c>(charts: impl IntoIterator<Item = &'c Chart>) -> Option<SharedAxes> {
        let mut threads: Vec<usize> = Vec::new();
        let mut speedup = f64::NEG_INFINITY;
        for p in charts
            .into_iter()
            .flat_map(|c| &c.series)
            .flat_map(|s| &s.points)
        {
            // Thread counts are whole numbers drawn as f64.
            threads.push(p.x.round() as usize);
            let high = p.bar.map_or(p.y, |(a, b)| p.y.max(a).max(b));
            speedup = speedup.max(high);
        }
        threads.sort_unstable();
        threads.dedup();
        (!threads.is_empty() && speedup.is_finite()).then_some(SharedAxes { threads, speedup })
    }
}

/// The speedup chart of `workload` at `len`: the lines, the ideal (capped
/// at the cores), the ramp ceiling and, if threads exceed the cores, where
/// the cores run out. With `shared` axes its range and ticks are theirs
/// instead of its own.
pub(crate) fn speedup_chart(
    run: &Run<'_>,
    palette: &Palette,
    workload: &str,
    len: usize,
    lines: &[SpeedupLine],
    title: String,
    shared: Option<&SharedAxes>,
) -> Chart {
    let mut threads = run.thread_counts(workload, len);
    let max_t = threads.iter().copied().max().unwrap_or(1);
    let cores = run.results.machine.available_parallelism.max(1);
    if !threads.contains(&1) {
        threads.insert(0, 1);
    }
    let mut series: Vec<Series> = lines
        .iter()
        .map(|l| {
            let points = l
                .points
                .iter()
                .map(|p| Point {
                    x: p.threads as f64,
                    y: p.speedup,
                    bar: Some((p.low, p.high)),
                    noisy: p.noisy,
                    ring: false,
                    few_threads: few_threads(p.used, p.threads),
                })
                .collect();
            let series = Series::strategy(palette, &l.strategy, points);
            if l.chunks_per_thread == 1 {
                series
            } else {
                // A contender's variant keeps its family's diamond.
                let marker = if series.marker == Marker::Diamond {
                    Marker::Diamond
                } else {
                    Marker::Triangle
                };
                Series {
                    label: format!("{}{}", series.label, variant(l.chunks_per_thread)),
                    line: Line::Dashed,
                    marker,
                    ..series
                }
            }
        })
        .collect();
    series.push(Series {
        label: if max_t > cores {
            "ideal: min(T, cores)".to_owned()
        } else {
            "ideal: speedup = T".to_owned()
        },
        colour: REFERENCE,
        line: Line::Dashed,
        marker: Marker::None,
        points: threads
            .iter()
            .map(|&t| Point::at(t as f64, ideal(t, cores)))
            .collect(),
    });
    if workload == "ramp" {
        series.push(Series {
            label: "ceiling T²/(2T−1)".to_owned(),
            colour: CEILING,
            line: Line::Dotted,
            marker: Marker::None,
            points: threads
                .iter()
                .map(|&t| Point::at(t as f64, ramp_ceiling(t, cores)))
                .collect(),
        });
    }
    let x = match shared {
        Some(axes) => Axis {
            span: axes
                .threads
                .first()
                .zip(axes.threads.last())
                .map(|(&lo, &hi)| (lo as f64, hi as f64)),
            ..threads_axis(&axes.threads)
        },
        None => threads_axis(&threads),
    };
    Chart {
        title,
        x,
        y: Axis {
            label: if lines.iter().any(|l| l.peer) {
                "speedup over its own seq (×)".to_owned()
            } else {
                "speedup over seq (×)".to_owned()
            },
            scale: Scale::Linear,
            from_zero: true,
            ticks: Vec::new(),
            format: tick,
            names: Vec::new(),
            span: shared.map(|axes| (0.0, axes.speedup)),
        },
        series,
        legend: None,
        marking: (max_t > cores).then(|| Marking {
            x: cores as f64,
            label: format!("{cores} cores available"),
        }),
    }
}

/// The caption of a speedup chart drawn at `threads` on `cores` cores.
pub(crate) fn speedup_caption(
    workload: &str,
    len: usize,
    threads: &[usize],
    cores: usize,
) -> String {
    speedup_caption_with(workload, len, threads, cores, &[])
}

/// [`speedup_caption`], with the note on the peers the chart draws.
pub(crate) fn speedup_caption_with(
    workload: &str,
    len: usize,
    threads: &[usize],
    cores: usize,
    peers: &[&str],
) -> String {
    let max_t = threads.iter().copied().max().unwrap_or(1);
    let ideal = if max_t > cores {
        format!(
            " The grey dashed line is the ideal, capped at the {}: T threads on {} \
             cores cannot run more than {} times as fast as one.",
            plural(cores, "core"),
            count(cores),
            count(cores)
        )
    } else {
        " The grey dashed line is the ideal, speedup = T.".to_owned()
    };
    let ramp = if workload == "ramp" {
        format!(
            " Dashed lines with triangles use {OVER_SPLIT}T chunks (over-splitting); the \
             dotted line is the best speedup T equal static chunks can reach on ramp, \
             T²/(2T−1), and no more than the cores."
        )
    } else {
        String::new()
    };
    format!(
        "Speedup = seq's fastest time ÷ the strategy's fastest time, both at {} elements, \
         with T chunks for T threads (solid lines).{ideal}{ramp} Bars run from seq's fastest \
         ÷ the strategy's upper 95% CI bound of its median to seq's upper bound ÷ the \
         strategy's fastest: how far noise could move the point.{}{}",
        count(len),
        log2_note(threads),
        super::peer::legend_note(peers.iter().copied())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixtures::many_threads_run, sections::speedup_lines};

    #[test]
    fn many_threads_on_two_cores_get_a_log2_axis_and_a_capped_ideal() {
        let r = many_threads_run();
        let run = Run::new(&r);
        let len = run.largest_len("heavy").expect("heavy measured");
        let lines = speedup_lines(&run, "heavy", len);
        let chart = speedup_chart(
            &run,
            &Palette::for_runs([&r]),
            "heavy",
            len,
            &lines,
            String::new(),
            None,
        );
        assert_eq!(chart.x.scale, Scale::Log2);
        assert_eq!(chart.x.ticks, vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]);
        let ideal = chart
            .series
            .iter()
            .find(|s| s.label.starts_with("ideal"))
            .expect("ideal line");
        let heights: Vec<f64> = ideal.points.iter().map(|p| p.y).collect();
        assert_eq!(heights, vec![1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]);
        assert_eq!(chart.marking.map(|m| m.x), Some(2.0));
        let caption = speedup_caption("heavy", len, &run.thread_counts("heavy", len), 2);
        assert!(caption.contains("capped at the 2\u{a0}cores"), "{caption}");
        assert!(caption.contains("log₂ axis"), "{caption}");
        let ramp = speedup_chart(
            &run,
            &Palette::for_runs([&r]),
            "ramp",
            len,
            &[],
            String::new(),
            None,
        );
        let ceiling = ramp
            .series
            .iter()
            .find(|s| s.label.starts_with("ceiling"))
            .expect("ceiling");
        assert!(
            ceiling.points.iter().all(|p| p.y <= 2.0),
            "capped at the cores too"
        );
    }
}
