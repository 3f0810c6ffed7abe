//! The axes of a chart: linear or logarithmic scales, their ranges and
//! ticks, drawn as linear axes over log₁₀ (or log₂) of the values so that
//! tick placement stays in our hands.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

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
    pub(super) fn is_log(self) -> bool {
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
    pub(super) fn tick_label(&self, drawn: f64) -> String {
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

/// A linear axis over `lo..hi` (drawn units) whose ticks and grid lines sit
/// exactly at `ticks`: plotters asks it where to put them.
#[derive(Debug, Clone)]
pub(super) struct TickedAxis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) ticks: Vec<f64>,
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

/// Maps a data value to the drawn coordinate of its axis.
pub(super) fn to_axis(scale: Scale, v: f64) -> f64 {
    match scale {
        Scale::Linear => v,
        Scale::Log => v.log10(),
        Scale::Log2 => v.log2(),
    }
}

/// Maps a drawn coordinate back to its data value.
pub(super) fn from_axis(scale: Scale, v: f64) -> f64 {
    match scale {
        Scale::Linear => v,
        Scale::Log => 10f64.powf(v),
        Scale::Log2 => 2f64.powf(v),
    }
}

/// The drawn range of an axis that must show `values` (data units).
pub(super) fn range(scale: Scale, from_zero: bool, values: &[f64]) -> (f64, f64) {
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
pub(super) fn auto_ticks(scale: Scale, (lo, hi): (f64, f64)) -> Vec<f64> {
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
pub(super) fn ticks(axis: &Axis, range: (f64, f64)) -> Vec<f64> {
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
