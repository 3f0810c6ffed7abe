//! Line charts as SVG strings, drawn with plotters.
//!
//! A [`Chart`] describes what to draw in data units; [`render`] turns it into
//! an `<svg>` element to inline in a page. Logarithmic axes are drawn as
//! linear axes over log₁₀ (or log₂) of the values, which keeps tick
//! placement in our hands. The legend sits in its own strip at the right, so it never hides a
//! point. Text is handed to plotters unescaped: its SVG backend escapes it.
//! The markers and the legend are drawn by `marks`.

mod marks;

#[cfg(test)]
pub(crate) use marks::DIAMOND_NOTE;

use std::ops::Range;

use plotters::{
    coord::ranged1d::{DefaultFormatting, KeyPointHint},
    element::DashedPathElement,
    prelude::*,
};

use crate::palette::{Palette, REFERENCE};

/// Width of a chart in SVG pixels, legend included.
const WIDTH: u32 = 860;
/// Height of a chart in SVG pixels.
const HEIGHT: u32 = 420;
/// Width of the legend strip at the right.
const LEGEND_WIDTH: u32 = 240;
/// The longest legend label before it is shortened with `…`.
const LEGEND_CHARS: usize = 22;
/// The font of every text in a chart.
const FONT: &str = "sans-serif";

/// How a series' line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// A solid line: the main measurements.
    Solid,
    /// Long dashes: a variant of a strategy (over-split chunks).
    Dashed,
    /// Short dashes: a reference that is not a measurement.
    Dotted,
    /// Long dashes: a peer program's measurements (Effective Go's DoAll),
    /// on every chart, longer than a variant's so the two never blur.
    Peer,
}

impl Line {
    /// The dash and the gap of a dashed line in pixels; `None` for solid.
    fn dashes(self) -> Option<(u32, u32)> {
        match self {
            Line::Solid => None,
            Line::Dashed => Some((9, 5)),
            Line::Dotted => Some((3, 4)),
            Line::Peer => Some((16, 6)),
        }
    }
}

/// The marker at each point of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// A dot.
    Circle,
    /// A triangle, for a variant of a strategy.
    Triangle,
    /// A diamond: a contender's (another crate's fork-join), on every chart.
    Diamond,
    /// No marker: reference lines.
    None,
}

/// One point in data units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    /// Horizontal value.
    pub(crate) x: f64,
    /// Vertical value.
    pub(crate) y: f64,
    /// An error bar from the first to the second value, if any.
    pub(crate) bar: Option<(f64, f64)>,
    /// Drawn hollow: the measurement is noisy.
    pub(crate) noisy: bool,
    /// Circled: a point the text talks about (a crossover).
    pub(crate) ring: bool,
    /// Drawn as a hollow square: its calls ran on well under the threads
    /// they had, so it does not measure what its thread count says.
    pub(crate) few_threads: bool,
}

impl Point {
    /// A plain point without error bar.
    pub(crate) fn at(x: f64, y: f64) -> Point {
        Point {
            x,
            y,
            bar: None,
            noisy: false,
            ring: false,
            few_threads: false,
        }
    }
}

/// One line of a chart, with its legend entry.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// The legend text.
    pub(crate) label: String,
    /// The colour of line and markers.
    pub(crate) colour: RGBColor,
    /// How the line is drawn.
    pub(crate) line: Line,
    /// The marker at each point.
    pub(crate) marker: Marker,
    /// The points, in the order the line joins them.
    pub(crate) points: Vec<Point>,
}

impl Series {
    /// A strategy's measurements: its palette colour and name, its
    /// family's marker at each point (a dot for ours and a peer's, a diamond
    /// for a contender's), and its kind's line: solid for a Rust strategy,
    /// long dashes for a peer. Every chart builds a strategy's line here, so
    /// a peer and a contender look the same on all of them.
    pub(crate) fn strategy(palette: &Palette, name: &str, points: Vec<Point>) -> Series {
        Series {
            label: palette.legend_label(name),
            colour: palette.colour(name),
            line: if palette.is_peer(name) {
                Line::Peer
            } else {
                Line::Solid
            },
            marker: if palette.is_contender(name) {
                Marker::Diamond
            } else {
                Marker::Circle
            },
            points,
        }
    }
}

/// Linear or logarithmic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Equal distances for equal differences; starts at zero.
    Linear,
    /// Equal distances for equal ratios, with ticks at powers of ten.
    Log,
    /// Equal distances for equal ratios, with ticks at powers of two: thread
    /// counts 1, 2, 4, … 64 spread evenly instead of crowding a corner.
    Log2,
}

impl Scale {
    /// Whether the scale is logarithmic (and so cannot show zero).
    fn is_log(self) -> bool {
        self != Scale::Linear
    }
}

/// One axis: its title (with the unit), scale and tick labels.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    /// The title, with the unit in parentheses.
    pub(crate) label: String,
    /// Linear or logarithmic.
    pub(crate) scale: Scale,
    /// A linear axis that must show zero (speedup, bandwidth), unlike one
    /// that only spans its values (threads).
    pub(crate) from_zero: bool,
    /// Where to put ticks, in data units; empty chooses them automatically.
    pub(crate) ticks: Vec<f64>,
    /// How a tick's value is written.
    pub(crate) format: fn(f64) -> String,
    /// Ticks written with a name instead of `format` (data units): a
    /// position that stands for something no number on the axis can say,
    /// such as an idle gap of zero on a log axis.
    pub(crate) names: Vec<(f64, String)>,
    /// Data values the axis reaches whatever the chart's own points: charts
    /// given the same span (every run's values together) get the same
    /// range and ticks, so their lines can be compared by eye.
    pub(crate) span: Option<(f64, f64)>,
}

impl Axis {
    /// A logarithmic axis that spans its values, ticks chosen for it.
    pub(crate) fn log(label: &str, format: fn(f64) -> String) -> Axis {
        Axis {
            label: label.to_owned(),
            scale: Scale::Log,
            from_zero: false,
            ticks: Vec::new(),
            format,
            names: Vec::new(),
            span: None,
        }
    }

    /// How the tick at `drawn` (drawn units) is written.
    fn tick_label(&self, drawn: f64) -> String {
        let named = self
            .names
            .iter()
            .find(|(at, _)| (to_axis(self.scale, *at) - drawn).abs() < 1e-9);
        match named {
            Some((_, name)) => name.clone(),
            None => (self.format)(from_axis(self.scale, drawn)),
        }
    }
}

/// A vertical line across the plot, with a short label at its top.
#[derive(Debug, Clone)]
pub(crate) struct Marking {
    /// Where, in data units.
    pub(crate) x: f64,
    /// What it marks.
    pub(crate) label: String,
}

/// Everything one chart shows.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    /// The title above the plot.
    pub(crate) title: String,
    /// The horizontal axis.
    pub(crate) x: Axis,
    /// The vertical axis.
    pub(crate) y: Axis,
    /// The lines, drawn in this order and listed in the legend.
    pub(crate) series: Vec<Series>,
    /// An optional vertical line, such as the number of available cores.
    pub(crate) marking: Option<Marking>,
    /// The legend's rows, if not one per series with points: a chart whose
    /// lines differ in two ways (strategy by colour, host by line style)
    /// lists each way once, so its legend stays short.
    pub(crate) legend: Option<Vec<Series>>,
}

/// A linear axis over `lo..hi` (drawn units) whose ticks and grid lines sit
/// exactly at `ticks`: plotters asks it where to put them.
#[derive(Debug, Clone)]
struct TickedAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let fraction = (value - self.lo) / (self.hi - self.lo);
        limit.0 + (fraction * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Light grid lines are not drawn; bold ones go at the ticks.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// Draws `chart` as a standalone `<svg>` element.
pub(crate) fn render(chart: &Chart) -> Result<String, String> {
    let mut svg = String::new();
    draw(chart, &mut svg).map_err(|e| format!("cannot draw {:?}: {e}", chart.title))?;
    // plotters writes an XML-less <svg> element; drop the trailing newline.
    Ok(svg.trim_end().to_owned())
}

/// Maps a data value to the drawn coordinate of its axis.
fn to_axis(scale: Scale, v: f64) -> f64 {
    match scale {
        Scale::Linear => v,
        Scale::Log => v.log10(),
        Scale::Log2 => v.log2(),
    }
}

/// Maps a drawn coordinate back to its data value.
fn from_axis(scale: Scale, v: f64) -> f64 {
    match scale {
        Scale::Linear => v,
        Scale::Log => 10f64.powf(v),
        Scale::Log2 => 2f64.powf(v),
    }
}

/// The drawn range of an axis that must show `values` (data units).
fn range(scale: Scale, from_zero: bool, values: &[f64]) -> (f64, f64) {
    let drawn: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite() && (!scale.is_log() || **v > 0.0))
        .map(|v| to_axis(scale, *v))
        .collect();
    let lo = drawn.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = drawn.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    match scale {
        Scale::Linear if from_zero => {
            let lo = lo.min(0.0);
            let hi = if hi > lo { hi } else { lo + 1.0 };
            (lo, hi + 0.08 * (hi - lo))
        }
        Scale::Linear => {
            let pad = (0.08 * (hi - lo)).max(0.25);
            (lo - pad, hi + pad)
        }
        Scale::Log => {
            let pad = (0.06 * (hi - lo)).max(0.1);
            (lo - pad, hi + pad)
        }
        Scale::Log2 => {
            let pad = (0.06 * (hi - lo)).max(0.25);
            (lo - pad, hi + pad)
        }
    }
}

/// Ticks at 1, 2 or 5 times a power of ten, about six of them (drawn units).
fn auto_ticks(scale: Scale, (lo, hi): (f64, f64)) -> Vec<f64> {
    match scale {
        Scale::Linear => {
            let raw = (hi - lo) / 6.0;
            let magnitude = 10f64.powf(raw.log10().floor());
            let step = [1.0, 2.0, 5.0, 10.0]
                .iter()
                .map(|m| m * magnitude)
                .find(|s| *s >= raw)
                .unwrap_or(10.0 * magnitude);
            let first = (lo / step).ceil() as i64;
            let last = (hi / step).floor() as i64;
            (first..=last).map(|i| i as f64 * step).collect()
        }
        Scale::Log => {
            let decades: Vec<f64> = ((lo.ceil() as i64)..=(hi.floor() as i64))
                .map(|k| k as f64)
                .collect();
            if decades.len() >= 3 {
                return decades;
            }
            let mut ticks = Vec::new();
            for k in (lo.floor() as i64)..=(hi.ceil() as i64) {
                for m in [1.0f64, 2.0, 5.0] {
                    let t = k as f64 + m.log10();
                    if t >= lo && t <= hi {
                        ticks.push(t);
                    }
                }
            }
            ticks
        }
        Scale::Log2 => ((lo.ceil() as i64)..=(hi.floor() as i64))
            .map(|k| k as f64)
            .collect(),
    }
}

/// The ticks of `axis` inside `range`, in drawn units.
fn ticks(axis: &Axis, range: (f64, f64)) -> Vec<f64> {
    if axis.ticks.is_empty() {
        return auto_ticks(axis.scale, range);
    }
    axis.ticks
        .iter()
        .filter(|v| !axis.scale.is_log() || **v > 0.0)
        .map(|v| to_axis(axis.scale, *v))
        .filter(|v| *v >= range.0 && *v <= range.1)
        .collect()
}

/// A legend label of bounded length.
fn shorten(label: &str) -> String {
    if label.chars().count() <= LEGEND_CHARS {
        label.to_owned()
    } else {
        let mut short: String = label.chars().take(LEGEND_CHARS - 1).collect();
        short.push('…');
        short
    }
}

impl Chart {
    /// The drawn ranges of the horizontal and vertical axes: every point,
    /// error bar and marking, and each axis' span if it has one.
    pub(crate) fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let mut x_values: Vec<f64> = Vec::new();
        let mut y_values: Vec<f64> = Vec::new();
        for p in self.series.iter().flat_map(|s| &s.points) {
            x_values.push(p.x);
            y_values.push(p.y);
            if let Some((a, b)) = p.bar {
                y_values.extend([a, b]);
            }
        }
        if let Some(m) = &self.marking {
            x_values.push(m.x);
        }
        if let Some((lo, hi)) = self.x.span {
            x_values.extend([lo, hi]);
        }
        if let Some((lo, hi)) = self.y.span {
            y_values.extend([lo, hi]);
        }
        (
            range(self.x.scale, self.x.from_zero, &x_values),
            range(self.y.scale, self.y.from_zero, &y_values),
        )
    }
}

fn draw(chart: &Chart, svg: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let (xs, ys) = (chart.x.scale, chart.y.scale);
    let (x_range, y_range) = chart.ranges();
    let x_ticks = ticks(&chart.x, x_range);
    let y_ticks = ticks(&chart.y, y_range);
    let x_format = |v: &f64| chart.x.tick_label(*v);
    let y_format = |v: &f64| chart.y.tick_label(*v);
    let x_span = x_range.1 - x_range.0;

    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot_area, legend_area) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
    let mut cc = ChartBuilder::on(&plot_area)
        .caption(&chart.title, (FONT, 21))
        .margin(14)
        .x_label_area_size(52)
        .y_label_area_size(78)
        .build_cartesian_2d(
            TickedAxis {
                lo: x_range.0,
                hi: x_range.1,
                ticks: x_ticks,
            },
            TickedAxis {
                lo: y_range.0,
                hi: y_range.1,
                ticks: y_ticks,
            },
        )?;
    cc.configure_mesh()
        .x_desc(chart.x.label.as_str())
        .y_desc(chart.y.label.as_str())
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style((FONT, 18))
        .axis_desc_style((FONT, 19))
        .bold_line_style(RGBColor(0xe6, 0xe6, 0xe6))
        .draw()?;

    if let Some(m) = &chart.marking {
        let x = to_axis(xs, m.x);
        cc.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x, y_range.0), (x, y_range.1)],
            3,
            3,
            REFERENCE.stroke_width(1),
        )))?;
        cc.draw_series(std::iter::once(Text::new(
            m.label.clone(),
            (x + 0.01 * x_span, y_range.1),
            (FONT, 17).into_font().color(&RGBColor(0x66, 0x66, 0x66)),
        )))?;
    }

    for s in &chart.series {
        let points: Vec<(f64, f64)> = s
            .points
            .iter()
            .map(|p| (to_axis(xs, p.x), to_axis(ys, p.y)))
            .collect();
        let style = s.colour.stroke_width(2);
        match s.line.dashes() {
            None => {
                cc.draw_series(LineSeries::new(points.clone(), style))?;
            }
            Some((dash, gap)) => {
                cc.draw_series(DashedLineSeries::new(points.clone(), dash, gap, style))?;
            }
        }
        for p in &s.points {
            let (x, y) = (to_axis(xs, p.x), to_axis(ys, p.y));
            if let Some((a, b)) = p.bar {
                let (a, b) = (to_axis(ys, a), to_axis(ys, b));
                let cap = 0.008 * x_span;
                let thin = s.colour.stroke_width(1);
                cc.draw_series([
                    PathElement::new(vec![(x, a), (x, b)], thin),
                    PathElement::new(vec![(x - cap, a), (x + cap, a)], thin),
                    PathElement::new(vec![(x - cap, b), (x + cap, b)], thin),
                ])?;
            }
            marks::draw_marker(&mut cc, s, p, (x, y))?;
            if p.ring {
                cc.draw_series(std::iter::once(Circle::new((x, y), 11, style)))?;
            }
        }
    }

    marks::draw_legend(chart, &legend_area)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests;
