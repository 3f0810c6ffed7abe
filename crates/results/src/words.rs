//! Words that agree with a count, for every text the tools write about
//! results: the report's sentences and the benchmark's progress lines.

/// Of two forms, the one that agrees with a count of `n`: `one` for 1,
/// `many` for any other count, 0 included.
///
/// ```
/// use doall_results::words::agreeing;
/// assert_eq!(agreeing(1, "is", "are"), "is");
/// assert_eq!(agreeing(0, "is", "are"), "are");
/// ```
pub fn agreeing<'w>(n: usize, one: &'w str, many: &'w str) -> &'w str {
    if n == 1 { one } else { many }
}

/// A noun that agrees with a count of `n`, made plural with an `s`:
/// `thread` for 1, `threads` otherwise.
///
/// ```
/// use doall_results::words::noun;
/// assert_eq!(noun(1, "round"), "round");
/// assert_eq!(noun(3, "round"), "rounds");
/// ```
pub fn noun(n: usize, word: &str) -> String {
    format!("{word}{}", agreeing(n, "", "s"))
}
