//! The marks of a chart: the marker at each point and the legend that
//! explains them. They live apart from the axes and lines of `charts` so
//! that each file stays short enough to read in one sitting.

use plotters::{coord::Shift, element::DashedPathElement, prelude::*};

use super::{Chart, Marker, Point, Series, TickedAxis};

/// Half the side of the square drawn for a point that ran on few threads,
/// in pixels: a little larger than a dot, so that the change of shape shows.
const SQUARE: i32 = 6;

/// Half the diagonal of a contender's diamond, in pixels: a little larger
/// than a dot, since a diamond of the same width looks smaller.
const DIAMOND: i32 = 7;

/// The corners of a diamond around (0, 0), in pixels, the first repeated
/// last so that its outline closes.
fn diamond_corners() -> Vec<(i32, i32)> {
    vec![
        (0, -DIAMOND),
        (DIAMOND, 0),
        (0, DIAMOND),
        (-DIAMOND, 0),
        (0, -DIAMOND),
    ]
}

/// What the legend says of a diamond.
pub(crate) const DIAMOND_NOTE: &str = "contender (a crate)";

/// The chart area that markers are drawn on.
pub(super) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickedAxis, TickedAxis>>;

/// Draws the marker of `point` at `at` (drawn units). A noisy point is white
/// inside; a point whose calls ran on few threads is a hollow square instead
/// of the series' marker, whatever its noise, because a reader must not
/// take it for a measurement of all its threads.
pub(super) fn draw_marker<DB: DrawingBackend>(
    cc: &mut Plot<'_, DB>,
    series: &Series,
    point: &Point,
    at: (f64, f64),
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let colour = series.colour;
    if series.marker == Marker::None {
        return Ok(());
    }
    if point.few_threads {
        let corners = [(-SQUARE, -SQUARE), (SQUARE, SQUARE)];
        cc.draw_series(std::iter::once(
            EmptyElement::at(at) + Rectangle::new(corners, WHITE.filled()),
        ))?;
        cc.draw_series(std::iter::once(
            EmptyElement::at(at) + Rectangle::new(corners, colour.stroke_width(2)),
        ))?;
        return Ok(());
    }
    let style = if point.noisy {
        colour.stroke_width(2)
    } else {
        colour.filled()
    };
    match series.marker {
        Marker::None => {}
        Marker::Circle => {
            if point.noisy {
                cc.draw_series(std::iter::once(Circle::new(at, 5, WHITE.filled())))?;
            }
            cc.draw_series(std::iter::once(Circle::new(at, 5, style)))?;
        }
        Marker::Triangle => {
            if point.noisy {
                cc.draw_series(std::iter::once(TriangleMarker::new(at, 7, WHITE.filled())))?;
            }
            cc.draw_series(std::iter::once(TriangleMarker::new(at, 7, style)))?;
        }
        Marker::Diamond => {
            let corners = diamond_corners();
            if point.noisy {
                cc.draw_series(std::iter::once(
                    EmptyElement::at(at) + Polygon::new(corners.clone(), WHITE.filled()),
                ))?;
                cc.draw_series(std::iter::once(
                    EmptyElement::at(at) + PathElement::new(corners, style),
                ))?;
            } else {
                cc.draw_series(std::iter::once(
                    EmptyElement::at(at) + Polygon::new(corners, style),
                ))?;
            }
        }
    }
    Ok(())
}

/// A diamond centred on `at` in the legend's area, filled or outlined.
fn legend_diamond<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    style: ShapeStyle,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let corners: Vec<(i32, i32)> = diamond_corners()
        .into_iter()
        .map(|(x, y)| (at.0 + x, at.1 + y))
        .collect();
    if style.filled {
        area.draw(&Polygon::new(corners, style))?;
    } else {
        area.draw(&PathElement::new(corners, style))?;
    }
    Ok(())
}

/// The legend: one row per series with points (or the chart's own rows),
/// then what hollow markers, squares and rings mean if the chart has any.
pub(super) fn draw_legend<DB: DrawingBackend>(
    chart: &Chart,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let font = (super::FONT, 18).into_font();
    let grey = RGBColor(0x55, 0x55, 0x55);
    let row = 27;
    let mut y = 52;
    let x0 = 6;
    let rows: Vec<&Series> = match &chart.legend {
        Some(rows) => rows.iter().collect(),
        None => chart
            .series
            .iter()
            .filter(|s| !s.points.is_empty())
            .collect(),
    };
    for s in rows {
        let style = s.colour.stroke_width(2);
        let sample = vec![(x0, y), (x0 + 30, y)];
        match s.line.dashes() {
            None => area.draw(&PathElement::new(sample, style))?,
            Some((dash, gap)) => area.draw(&DashedPathElement::new(sample, dash, gap, style))?,
        }
        match s.marker {
            Marker::Circle => area.draw(&Circle::new((x0 + 15, y), 5, s.colour.filled()))?,
            Marker::Triangle => {
                area.draw(&TriangleMarker::new((x0 + 15, y), 7, s.colour.filled()))?;
            }
            Marker::Diamond => legend_diamond(area, (x0 + 15, y), s.colour.filled())?,
            Marker::None => {}
        }
        area.draw(&Text::new(
            super::shorten(&s.label),
            (x0 + 38, y - 8),
            font.clone(),
        ))?;
        y += row;
    }
    // The notes on markers follow the series after half a row's space.
    let points = || chart.series.iter().flat_map(|s| &s.points);
    let mut first_note = true;
    let mut space = |y: &mut i32| {
        if std::mem::take(&mut first_note) {
            *y += row / 2;
        }
    };
    if chart.series.iter().any(|s| s.marker == Marker::Diamond) {
        space(&mut y);
        legend_diamond(area, (x0 + 15, y), grey.filled())?;
        area.draw(&Text::new(DIAMOND_NOTE, (x0 + 38, y - 8), font.clone()))?;
        y += row;
    }
    if points().any(|p| p.noisy && !p.few_threads) {
        space(&mut y);
        area.draw(&Circle::new((x0 + 15, y), 5, grey.stroke_width(2)))?;
        area.draw(&Text::new(
            "hollow: noisy (> 20%)",
            (x0 + 38, y - 8),
            font.clone(),
        ))?;
        y += row;
    }
    if points().any(|p| p.few_threads) {
        space(&mut y);
        area.draw(&Rectangle::new(
            [
                (x0 + 15 - SQUARE, y - SQUARE),
                (x0 + 15 + SQUARE, y + SQUARE),
            ],
            grey.stroke_width(2),
        ))?;
        area.draw(&Text::new(
            "< 90% of T used",
            (x0 + 38, y - 8),
            font.clone(),
        ))?;
        y += row;
    }
    if points().any(|p| p.ring) {
        space(&mut y);
        area.draw(&Circle::new((x0 + 15, y), 10, grey.stroke_width(2)))?;
        area.draw(&Text::new("crossover", (x0 + 38, y - 8), font.clone()))?;
    }
    Ok(())
}
