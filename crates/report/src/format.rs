//! Numbers written for people: digit groups, durations in a sensible unit and
//! about three significant digits everywhere.

use doall_results::words::noun;

/// A non-breaking space: it separates digit groups and a number from its
/// unit, and keeps them on one line.
pub(crate) const NBSP: char = '\u{a0}';

/// A vector length as a short axis label: a power of two as `2¹⁴` (the
/// benchmark sweeps powers of two, and long numbers collide on a log axis),
/// anything else as [`count`] gives it.
pub(crate) fn length_tick(n: usize) -> String {
    const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if n.is_power_of_two() && n >= 2 {
        let exponent: String = n
            .trailing_zeros()
            .to_string()
            .chars()
            .filter_map(|d| d.to_digit(10).map(|d| SUPERSCRIPT[d as usize]))
            .collect();
        format!("2{exponent}")
    } else {
        count(n)
    }
}

/// A count with its digits grouped by three: `16384` becomes `16 384`.
pub(crate) fn count(n: usize) -> String {
    let digits = n.to_string();
    // The first group holds one to three digits, every later group three.
    let head = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        short => short,
    };
    let mut out = digits[..head].to_owned();
    let mut i = head;
    while i < digits.len() {
        out.push(NBSP);
        out.push_str(&digits[i..i + 3]);
        i += 3;
    }
    out
}

/// A number with about three significant digits: `3.14659` becomes `3.15`,
/// `1234.4` becomes `1234`, `0.012345` becomes `0.0123`.
///
/// ```
/// assert_eq!(doall_report::format::number(3.14659), "3.15");
/// ```
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs().log10().floor();
    // Two decimals for numbers from 1 to 10, one more per factor of ten below.
    let mut decimals = (2.0 - magnitude).clamp(0.0, 9.0) as usize;
    // Rounding can carry into the next power of ten (0.99999 would print as
    // 1.000): one decimal fewer then keeps three significant digits.
    let rounded: f64 = format!("{:.decimals$}", x.abs()).parse().unwrap_or(x.abs());
    if decimals > 0 && rounded >= 10f64.powf(magnitude + 1.0) {
        decimals -= 1;
    }
    format!("{x:.decimals$}")
}

/// An axis tick: like [`number`], without trailing zeros (`0.5`, not `0.500`).
pub(crate) fn tick(x: f64) -> String {
    let n = number(x);
    if n.contains('.') {
        n.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        n
    }
}

/// A duration in seconds, in the unit that keeps it between 1 and 1000,
/// with a non-breaking space before the unit.
///
/// ```
/// assert_eq!(doall_report::format::duration(0.003021), "3.02\u{a0}ms");
/// ```
pub fn duration(seconds: f64) -> String {
    let (value, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else if seconds >= 1e-6 {
        (seconds * 1e6, "µs")
    } else {
        (seconds * 1e9, "ns")
    };
    format!("{}{NBSP}{unit}", number(value))
}

/// A duration like [`duration`] without trailing zeros, for round settings
/// such as idle gaps and spin budgets: `10 µs`, `1 ms`, `2.5 ms`.
pub(crate) fn short_duration(seconds: f64) -> String {
    let written = duration(seconds);
    match written.split_once(NBSP) {
        Some((value, unit)) if value.contains('.') => {
            let value = value.trim_end_matches('0').trim_end_matches('.');
            format!("{value}{NBSP}{unit}")
        }
        _ => written,
    }
}

/// How long a whole run took: seconds below a minute as [`duration`] gives
/// them, else whole minutes and seconds (`312.4` becomes `5 min 12 s`), or
/// hours and minutes from an hour on.
pub(crate) fn minutes(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 60.0 {
        return duration(seconds);
    }
    let whole = seconds.round() as u64;
    let (hours, minutes, seconds) = (whole / 3600, whole / 60 % 60, whole % 60);
    if hours > 0 {
        format!("{hours}{NBSP}h {minutes}{NBSP}min")
    } else {
        format!("{minutes}{NBSP}min {seconds}{NBSP}s")
    }
}

/// A ratio as a speedup: `3.7129` becomes `3.71×`.
pub(crate) fn times(x: f64) -> String {
    format!("{}×", number(x))
}

/// A fraction as a whole percentage: `0.874` becomes `87%`.
pub(crate) fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}

/// A count with a unit word that agrees with it: `1 thread`, `4 threads`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{}{NBSP}{}", count(n), noun(n, word))
}

/// A tie named as findings and the book word it: `a tie of rayon and pool`.
pub(crate) fn tie_of(names: &[String]) -> String {
    format!("a tie of {}", and_list(names))
}

/// Names joined for a sentence: `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A factor as every sentence and figure writes a range of them: `1.38×`,
/// or `1.38–1.85×` when the ends are written apart.
pub(crate) fn times_range(low: f64, high: f64) -> String {
    if number(low) == number(high) {
        times(high)
    } else {
        format!("{}–{}", number(low), times(high))
    }
}

/// The range of `values` as [`times_range`] writes it: `1.38–1.85×`.
pub(crate) fn times_span(values: impl IntoIterator<Item = f64>) -> String {
    let (low, high) = values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), x| {
            (low.min(x), high.max(x))
        });
    times_range(low, high)
}

/// A memory bandwidth in GB/s (10⁹ bytes a second), as every sentence and
/// figure writes one: `64.2 GB/s`; `low` to `high` as `48.5–52.7 GB/s`
/// when their ends are written apart.
pub(crate) fn bandwidth_range(low: f64, high: f64) -> String {
    if number(low) == number(high) {
        format!("{}{NBSP}GB/s", number(high))
    } else {
        format!("{}–{}{NBSP}GB/s", number(low), number(high))
    }
}

/// One bandwidth in GB/s: `64.2 GB/s` ([`bandwidth_range`] of one value).
pub(crate) fn bandwidth(gb: f64) -> String {
    bandwidth_range(gb, gb)
}

/// A time in microseconds, the unit of the overhead and idle-gap sections, with a
/// true minus sign when it is below zero: `1.90 µs`, `−0.0200 µs`.
pub(crate) fn micros(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "−" } else { "" };
    format!("{sign}{}{NBSP}µs", number(seconds.abs() * 1e6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_three() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(16_384), "16\u{a0}384");
        assert_eq!(count(1_048_576), "1\u{a0}048\u{a0}576");
    }

    #[test]
    fn bandwidths_are_written_one_way() {
        assert_eq!(bandwidth(64.25), "64.2\u{a0}GB/s");
        assert_eq!(bandwidth_range(48.5, 52.7), "48.5–52.7\u{a0}GB/s");
        // Ends that are written alike are one figure.
        assert_eq!(bandwidth_range(48.51, 48.54), "48.5\u{a0}GB/s");
    }

    #[test]
    fn length_ticks_show_powers_of_two_as_powers() {
        assert_eq!(length_tick(1 << 14), "2¹⁴");
        assert_eq!(length_tick(1 << 24), "2²⁴");
        assert_eq!(length_tick(2), "2¹");
        assert_eq!(length_tick(1000), "1\u{a0}000");
        assert_eq!(length_tick(1), "1");
    }

    #[test]
    fn numbers_keep_three_significant_digits() {
        assert_eq!(number(3.14659), "3.15");
        assert_eq!(number(31.4659), "31.5");
        assert_eq!(number(1234.4), "1234");
        assert_eq!(number(0.012345), "0.0123");
        assert_eq!(number(0.0), "0");
        assert_eq!(
            number(0.999_999_9),
            "1.00",
            "rounding carries into the next digit"
        );
        assert_eq!(number(9.999), "10.0");
        assert_eq!(number(f64::NAN), "–");
        assert_eq!(tick(0.5), "0.5");
        assert_eq!(tick(2.0), "2");
        assert_eq!(tick(150.0), "150");
    }

    #[test]
    fn durations_pick_a_unit() {
        assert_eq!(duration(0.003021), "3.02\u{a0}ms");
        assert_eq!(duration(2.5), "2.50\u{a0}s");
        assert_eq!(duration(45.1e-6), "45.1\u{a0}µs");
        assert_eq!(duration(120e-9), "120\u{a0}ns");
        assert_eq!(minutes(312.4), "5\u{a0}min 12\u{a0}s");
        assert_eq!(short_duration(10e-6), "10\u{a0}µs");
        assert_eq!(short_duration(2.5e-3), "2.5\u{a0}ms");
        assert_eq!(short_duration(200e-6), "200\u{a0}µs");
        assert_eq!(minutes(59.0), "59.0\u{a0}s");
        assert_eq!(minutes(f64::from(3 * 3600 + 125)), "3\u{a0}h 2\u{a0}min");
    }

    #[test]
    fn words_agree_with_counts() {
        assert_eq!(plural(1, "thread"), "1\u{a0}thread");
        assert_eq!(plural(4, "thread"), "4\u{a0}threads");
        assert_eq!(percent(0.874), "87%");
        assert_eq!(times(3.7129), "3.71×");
        let names = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(and_list(&names), "a, b and c");
        assert_eq!(and_list(&names[..1]), "a");
    }
}
