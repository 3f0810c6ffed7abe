//! The model's constants in words and in a table: the roofline of each
//! workload (flops per byte against the machine's balance), and each
//! strategy's overhead, predicted crossover and measured crossover.

use maud::{Markup, html};

use crate::{
    analysis::{
        BASELINE, BYTES_PER_ELEMENT,
        model::{Model, flops_per_element},
    },
    format::{NBSP, count, duration, micros, number, times},
    palette::Palette,
};

use super::{super::name_cell, ModelView, crossover_agrees};

/// seq's model of the view (any strategy's, overhead aside): what the
/// workload's ceiling is made of.
fn seq_model(view: &ModelView) -> Option<Model> {
    view.lines
        .iter()
        .find(|l| l.baseline == BASELINE)
        .map(|l| Model {
            overhead: 0.0,
            ..l.model
        })
}

/// The roofline of the view's workload: its flops per byte against the
/// machine's balance, and the ceiling that sets.
pub(super) fn roofline_sentence(view: &ModelView) -> Option<String> {
    let t = view.t_seq?;
    let model = seq_model(view)?;
    let flops = flops_per_element(&view.workload)?;
    let intensity = flops / BYTES_PER_ELEMENT;
    let balance = view.balance?;
    let at = count(view.threads);
    let head = format!(
        "{} does {} flops per {} bytes ({} flops per byte) and seq takes {} per element; the \
         machine's balance at {at} threads is {} flops per byte",
        view.workload,
        count(flops.round() as usize),
        count(BYTES_PER_ELEMENT as usize),
        number(intensity),
        duration(t),
        number(balance),
    );
    let ceiling = times(model.ceiling());
    Some(if intensity < balance {
        format!(
            "{head}: memory-bound, so once the vector comes from memory the bandwidth caps \
             its speedup at {ceiling}, whatever the threads."
        )
    } else if view.workload == "ramp" {
        format!(
            "{head}: compute-bound, but equal chunks leave the last thread (2T−1)/T² of the \
             work, so the ceiling is T²/(2T−1) = {ceiling}."
        )
    } else {
        format!("{head}: compute-bound, so the threads set its ceiling of {ceiling}.")
    })
}

/// The constants and crossovers of each strategy.
pub(super) fn table(view: &ModelView, palette: &Palette) -> Markup {
    let largest = view.lens.last().copied().unwrap_or(0);
    html! {
        table.model {
            thead {
                tr {
                    th { "strategy" } th { "t per element" } th { "overhead o" }
                    th { "predicted n*" } th { "measured crossover" } th { "agree" }
                    th { "ceiling" }
                }
            }
            tbody {
                @for l in &view.lines {
                    tr {
                        td.name { (name_cell(palette, &l.strategy, "")) }
                        td { (duration(l.model.t_element)) @if l.baseline != BASELINE { " (" (l.baseline) ")" } }
                        td { (micros(l.model.overhead)) }
                        td {
                            @match l.model.crossover() {
                                Some(n) => { (count(n.round() as usize)) }
                                None => "–",
                            }
                        }
                        td { (measured(l.crossover, largest)) }
                        td {
                            @match crossover_agrees(l, largest) {
                                Some(true) => "yes",
                                Some(false) => "no",
                                None => "–",
                            }
                        }
                        td { (times(l.model.ceiling())) }
                    }
                }
            }
        }
    }
}

/// A measured crossover as an interval of lengths.
pub(super) fn measured(c: crate::analysis::Crossover, largest: usize) -> String {
    match c.interval() {
        Some((0, Some(up_to))) => format!("≤{NBSP}{}", count(up_to)),
        Some((above, Some(up_to))) => format!("{} – {}", count(above), count(up_to)),
        Some((_, None)) => format!(">{NBSP}{}", count(largest)),
        None => "–".to_owned(),
    }
}
