//! The model section's HTML: how the prediction is made, then per workload
//! the chart, the findings, the constants and the points off the model.

use maud::{Markup, html};

use crate::{
    analysis::{Run, model::OFF_MODEL},
    format::{count, percent, times},
    palette::Palette,
};

use super::{
    super::{figure, findings, missing, name_cell},
    ModelView,
    chart::chart,
    constants, model_findings, view,
};

/// The model section: one chart per workload, or a note if the run lacks
/// a constant (the overhead section's records).
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let views: Vec<ModelView> = run.workloads.iter().filter_map(|w| view(run, w)).collect();
    html! {
        h2 #model { "The model against the measurements" }
        p {
            "What a fork-join call should gain, from three measured constants: the \
             baseline's time per element on one thread " var { "t" } " (the fastest over the \
             lengths measured), the strategy's per-call overhead " var { "o" } " (the overhead \
             section's T chunks of 256 elements, back to back) and the memory bandwidth "
            var { "B" } " (the bandwidth section's ceiling). On " var { "n" } " elements and T \
             threads the slowest thread does a share " var { "s" } " of the work (1/T, or \
             (2T−1)/T² on ramp's equal chunks), so"
        }
        p.formula {
            code { "S(n) = max(t·n, 16·n/B₁) ÷ (max(s·t·n, 16·n/B_T) + o)" }
        }
        p {
            "where the 16·n/B terms, the roofline, count only from the length the ceiling was \
             measured on (light's largest: a vector from memory). Without them, the call pays \
             off from " code { "n* = o ÷ ((1 − s)·t)" } ", which is " code { "o·T ÷ ((T−1)·t)" }
            " for balanced work. A point is off the model when its speedup lies more than "
            (percent(OFF_MODEL)) " above or below the prediction in every round."
        }
        @for v in &views {
            h3 { (v.workload) }
            (figure(&chart(v, palette), html! {
                "Measured speedup over the strategy's baseline (seq, or a peer's own loop) at "
                (v.threads) " threads and " (v.threads) " chunks, fastest samples, against the \
                 model's prediction (dotted, the same colour). Both axes logarithmic. Hollow: \
                 noisy; hollow square: the calls ran on fewer than 90% of their threads."
            }))
            (findings(&model_findings(v), html! {}))
            (constants::table(v, palette))
            (off_table(v, palette))
        }
        @if views.is_empty() {
            (missing("No model chart: the model needs the per-call overhead records", run))
        }
    }
}

/// The points off the model, with the likely reason of each.
fn off_table(view: &ModelView, palette: &Palette) -> Markup {
    let off = view.off();
    html! {
        @if !off.is_empty() {
            table.model {
                thead {
                    tr {
                        th { "off the model" } th { "length" } th { "measured" }
                        th { "predicted" } th.reason { "likely reason" }
                    }
                }
                tbody {
                    @for (strategy, p) in &off {
                        tr {
                            td.name { (name_cell(palette, strategy, "")) }
                            td { (count(p.len)) }
                            td { (times(p.measured)) }
                            td { (times(p.predicted)) }
                            td.reason { @if let Some(r) = p.reason { (r.words()) } }
                        }
                    }
                }
            }
        }
    }
}
