//! The model's chart of one workload: each strategy's measured speedups
//! against length as points on a solid line (a peer's long dashes), its
//! predicted speedup as a dotted line of the same colour.

use crate::{
    analysis::model::Model,
    charts::{Axis, Chart, Line, Marker, Point, Scale, Series},
    format::{length_tick, tick},
    palette::{Palette, REFERENCE},
};

use super::{super::time::thin, ModelView};

/// Points of the predicted line per factor of two in length: enough for a
/// smooth curve on a log axis.
const STEPS_PER_DOUBLING: usize = 2;

/// The lengths the predicted line is drawn at: from the smallest measured
/// to the largest, evenly on a log axis, the measured lengths included.
fn line_lens(lens: &[usize]) -> Vec<usize> {
    let (Some(&first), Some(&last)) = (lens.first(), lens.last()) else {
        return Vec::new();
    };
    let mut out: Vec<usize> = lens.to_vec();
    let step = 2f64.powf(1.0 / STEPS_PER_DOUBLING as f64);
    let mut n = first as f64;
    while n < last as f64 {
        out.push(n.round() as usize);
        n *= step;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The predicted line of a model.
fn predicted(model: &Model, lens: &[usize]) -> Vec<Point> {
    lens.iter()
        .map(|&n| Point::at(n as f64, model.speedup(n)))
        .collect()
}

/// The chart of one workload.
pub(super) fn chart(view: &ModelView, palette: &Palette) -> Chart {
    let lens = line_lens(&view.lens);
    let mut series = Vec::new();
    let mut legend = Vec::new();
    for l in &view.lines {
        let measured: Vec<Point> = l
            .points
            .iter()
            .map(|p| Point {
                noisy: p.noisy,
                few_threads: p.few_threads,
                ..Point::at(p.len as f64, p.measured)
            })
            .collect();
        let line = Series::strategy(palette, &l.strategy, measured);
        legend.push(Series {
            points: Vec::new(),
            ..line.clone()
        });
        series.push(Series {
            label: format!("{} (model)", l.strategy),
            colour: line.colour,
            line: Line::Dotted,
            marker: Marker::None,
            points: predicted(&l.model, &lens),
        });
        series.push(line);
    }
    legend.push(Series {
        label: "model (dotted)".to_owned(),
        colour: REFERENCE,
        line: Line::Dotted,
        marker: Marker::None,
        points: Vec::new(),
    });
    Chart {
        title: format!(
            "{}: speedup against length, {} threads, measured and modelled",
            view.workload, view.threads
        ),
        x: Axis {
            label: "vector length (elements)".to_owned(),
            scale: Scale::Log,
            from_zero: false,
            ticks: thin(&view.lens, 6).into_iter().map(|l| l as f64).collect(),
            format: |v| length_tick(v.round() as usize),
            names: Vec::new(),
            span: None,
        },
        y: Axis::log("speedup over its baseline (log scale)", tick),
        series,
        legend: Some(legend),
        marking: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_runs_from_the_smallest_length_to_the_largest_in_half_octaves() {
        assert_eq!(line_lens(&[256, 1024]), vec![256, 362, 512, 724, 1024]);
        assert!(line_lens(&[]).is_empty());
        assert_eq!(line_lens(&[64]), vec![64]);
    }
}
