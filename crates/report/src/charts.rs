//! Line charts as SVG strings, drawn with plotters.
//!
//! A [`Chart`] describes what to draw in data units; [`render`] turns it into
//! an `<svg>` element to inline in a page. Logarithmic axes are drawn as
//! linear axes over log₁₀ (or log₂) of the values, which keeps tick
//! placement in our hands. The legend sits in its own strip at the right, so it never hides a
//! point. Text is handed to plotters unescaped: its SVG backend escapes it.
//! The markers and the legend are drawn by `marks`; the scales, ranges and
//! ticks of the axes are `axes`'.

mod axes;
mod marks;

#[cfg(test)]
pub(crate) use marks::DIAMOND_NOTE;

use plotters::{element::DashedPathElement, prelude::*};

use crate::palette::{Palette, REFERENCE};

pub(crate) use axes::{Axis, Scale};
use axes::{TickedAxis, range, ticks, to_axis};
#[cfg(test)]
use axes::{auto_ticks, from_axis};

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

/// Draws `chart` as a standalone `<svg>` element.
pub(crate) fn render(chart: &Chart) -> Result<String, String> {
    let mut svg = String::new();
    draw(chart, &mut svg).map_err(|e| format!("cannot draw {:?}: {e}", chart.title))?;
    // plotters writes an XML-less <svg> element; drop the trailing newline.
    Ok(svg.trim_end().to_owned())
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
