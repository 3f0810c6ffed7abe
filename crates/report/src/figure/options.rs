//! What the quantities share to read a [`Figure`]'s words: how many
//! arguments it has, which round it picks, the unit it asks for, and the
//! error of an option it cannot take.

use crate::format::{NBSP, duration, number};

use super::{Figure, FigureError};

/// The positional arguments, if there are from `min` to `max` of them.
pub(super) fn positional(f: &Figure, min: usize, max: usize) -> Result<&[String], FigureError> {
    if (min..=max).contains(&f.args.len()) {
        Ok(&f.args)
    } else {
        Err(f.arguments())
    }
}

/// The value of the round that `round=N` names (from 1), or `best`.
pub(super) fn pick(f: &Figure, each: &[f64], best: f64) -> Result<f64, FigureError> {
    match f.option("round") {
        None => Ok(best),
        Some(n) => {
            let n = f.number(n)?;
            n.checked_sub(1)
                .and_then(|i| each.get(i).copied())
                .ok_or_else(|| f.missing(format!("round {n}")))
        }
    }
}

/// Seconds in the unit that `unit=` names, or in the report's own choice.
pub(super) fn in_unit(f: &Figure, seconds: f64) -> Result<String, FigureError> {
    let Some(unit) = f.option("unit") else {
        return Ok(duration(seconds));
    };
    let scale = match unit {
        "s" => 1.0,
        "ms" => 1e3,
        "µs" | "us" => 1e6,
        "ns" => 1e9,
        _ => return Err(bad_option(f, "unit", unit, "units are s, ms, µs and ns")),
    };
    let unit = if unit == "us" { "µs" } else { unit };
    Ok(format!("{}{NBSP}{unit}", number(seconds * scale)))
}

/// The error of an option `name=value` that `f` cannot take, and why.
pub(super) fn bad_option(f: &Figure, name: &str, value: &str, reason: &str) -> FigureError {
    FigureError::Option {
        figure: f.words(),
        option: format!("{name}={value}"),
        reason: reason.to_owned(),
    }
}
