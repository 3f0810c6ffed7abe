//! The figures of the per-call overhead benchmark: one call's time, its
//! overhead over its baseline's call, the threads it used.

use doall_results::{OverheadRecord, OverheadSize};

use crate::{
    analysis::best,
    format::{number, percent},
    per_call::{CallCost, call_costs, same_gap},
};

use super::{
    Figure, FigureError, Figures,
    options::{bad_option, in_unit, pick, positional},
};

/// The `SIZE` and `gap=` of an overhead figure.
fn size_and_gap(f: &Figure, size: &str) -> Result<(OverheadSize, f64), FigureError> {
    let size = OverheadSize::ALL
        .into_iter()
        .find(|s| s.name() == size)
        .ok_or_else(|| f.arguments())?;
    let gap = match f.option("gap") {
        None | Some("0") => 0.0,
        Some(gap) => {
            let split = gap.find(|c: char| !c.is_ascii_digit() && c != '.');
            let (value, unit) = gap.split_at(split.unwrap_or(gap.len()));
            let scale = match unit {
                "s" => 1.0,
                "ms" => 1e-3,
                "µs" | "us" => 1e-6,
                _ => {
                    return Err(bad_option(
                        f,
                        "gap",
                        gap,
                        "a gap is 0, or a number with s, ms or µs",
                    ));
                }
            };
            let value: f64 = value
                .parse()
                .map_err(|_| bad_option(f, "gap", gap, "not a number"))?;
            value * scale
        }
    };
    Ok((size, gap))
}

/// The overhead record that `STRATEGY SIZE THREADS` and `gap=` name.
fn overhead_record<'a>(
    figures: &Figures<'a>,
    f: &Figure,
) -> Result<&'a OverheadRecord, FigureError> {
    let args = positional(f, 3, 3)?;
    let (size, gap) = size_and_gap(f, &args[1])?;
    let threads = f.number(&args[2])?;
    figures
        .results
        .overhead
        .iter()
        .find(|o| {
            o.strategy == args[0]
                && o.size == size
                && o.threads == threads
                && same_gap(o.idle_gap_s, gap)
        })
        .ok_or_else(|| {
            f.missing(format!(
                "overhead record of {} ({}) at {threads} threads after this gap",
                args[0],
                size.describe()
            ))
        })
}

/// The strategy's call next to its baseline's, as the overhead section pairs them.
pub(super) fn call_cost<'a>(
    figures: &Figures<'a>,
    f: &Figure,
) -> Result<CallCost<'a>, FigureError> {
    let record = overhead_record(figures, f)?;
    call_costs(figures.results)
        .into_iter()
        .find(|c| std::ptr::eq(c.record, record))
        .ok_or_else(|| {
            f.missing(format!(
                "baseline call to subtract from {}'s",
                record.strategy
            ))
        })
}

/// `call`, `call-used`, `call-forked`: one overhead call's time, threads
/// used, share of calls on all threads.
pub(super) fn call(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let r = overhead_record(figures, f)?;
    if f.quantity == "call" {
        return in_unit(f, pick(f, &r.timing.round_min_s, best(&r.timing))?);
    }
    let used = r
        .threads_used
        .ok_or_else(|| f.missing("probe of the threads used there"))?;
    Ok(if f.quantity == "call-used" {
        number(used.mean)
    } else {
        percent(used.all_share)
    })
}
