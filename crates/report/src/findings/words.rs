//! Sentences compared without their figures: two runs of one commit measure
//! different numbers, and what must agree is what the words say. Lists of
//! names are put in order too, so that a tie listed in another order reads
//! as the same finding.

use crate::format::NBSP;

/// The units a figure may carry after a space, longest first.
const UNITS: [&str; 7] = ["GB/s", "min", "µs", "ms", "ns", "s", "h"];

/// The longest list item, in words, that is still read as one name with its
/// figure (`rayon with 8T chunks (0.958),`).
const ITEM_WORDS: usize = 6;

/// A paragraph split into its sentences: at a full stop followed by a space
/// and a capital letter, or at its end.
pub(crate) fn sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let ends = chars[i] == '.'
            && chars.get(i + 1) == Some(&' ')
            && chars.get(i + 2).is_some_and(|c| c.is_uppercase());
        if ends {
            out.push(chars[start..=i].iter().collect::<String>());
            start = i + 2;
        }
    }
    let rest: String = chars[start.min(chars.len())..].iter().collect();
    if !rest.trim().is_empty() {
        out.push(rest);
    }
    out.into_iter().map(|s| s.trim().to_owned()).collect()
}

/// Whether a character belongs to a name or a word: `go-seq` is one word.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Whether `text` holds `name` as a whole word (`seq` is not in `go-seq`).
pub(crate) fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let glued = before.is_some_and(word_char)
            || after.is_some_and(|c| word_char(c) && c != '\'')
            || (name.ends_with('s') && after == Some('\''));
        !glued
    })
}

/// `text` with every figure (a number with its unit: `1.80×`, `7.64 ms`,
/// `16 777 216`) replaced by `#`, and a range of figures (`1.00 to 1.01
/// threads`) by one: whether a range's ends round apart is a figure too.
pub(crate) fn mask_figures(text: &str) -> String {
    let mut masked = mask_each_figure(text);
    while masked.contains("# to #") {
        masked = masked.replace("# to #", "#");
    }
    masked
}

/// `text` with every figure replaced by `#`.
fn mask_each_figure(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let sign = (c == '−' || c == '-') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if (c.is_ascii_digit() || sign) && !after_word {
            i += 1;
            while i < chars.len() {
                let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if chars[i].is_ascii_digit()
                    || (matches!(chars[i], '.' | ',' | NBSP | '\u{2009}') && next_digit)
                {
                    i += 1;
                } else {
                    break;
                }
            }
            if matches!(chars.get(i), Some('×' | '%')) {
                i += 1;
            }
            if matches!(chars.get(i), Some(' ' | &NBSP)) {
                let rest: String = chars[i + 1..].iter().take(5).collect();
                if let Some(unit) = UNITS.iter().find(|u| {
                    rest.starts_with(*u)
                        && !rest[u.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                }) {
                    i += 1 + unit.chars().count();
                }
            }
            out.push('#');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The name a word stands for, if it is one of `known` (with its
/// punctuation and a possessive `'s` taken off).
fn name_of<'k>(word: &str, known: &'k [String]) -> Option<&'k str> {
    let bare = word.trim_end_matches([',', ';', ':', '.', ')']);
    let bare = bare.strip_suffix("'s").unwrap_or(bare);
    let bare = bare.strip_suffix('\'').unwrap_or(bare);
    known
        .iter()
        .find(|k| k.as_str() == bare)
        .map(String::as_str)
}

/// What two runs compare of a sentence: its figures masked and every list
/// of two or more names (`a (#), b (#) and c (#)`) in sorted order.
pub(crate) fn masked(text: &str, known: &[String]) -> String {
    let masked = mask_figures(text).replace(NBSP, " ");
    let words: Vec<&str> = masked.split(' ').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match list_at(&words, i, known) {
            Some((mut items, end, tail)) => {
                items.sort();
                out.push(format!("{}{tail}", items.join(" / ")));
                i = end;
            }
            None => {
                out.push(words[i].to_owned());
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// Words that may follow a name inside one list item: its figure and the
/// configuration it was measured in (`rayon with 8T chunks (#)`, `pool at #
/// threads (#)`).
fn continues_item(word: &str) -> bool {
    word.starts_with(['(', '#'])
        || ["with", "chunks", "at", "thread", "threads"]
            .contains(&word.trim_end_matches([',', ';', ':', '.', ')']))
}

/// A list of two or more names starting at `words[start]`: its items (each
/// a name with its figure), the index after it, and the punctuation after
/// its last item.
fn list_at(words: &[&str], start: usize, known: &[String]) -> Option<(Vec<String>, usize, String)> {
    let is_name = |i: usize| words.get(i).is_some_and(|w| name_of(w, known).is_some());
    let mut items: Vec<String> = Vec::new();
    let mut i = start;
    let mut tail = String::new();
    while is_name(i) {
        let mut item: Vec<&str> = Vec::new();
        let mut more = false;
        let mut in_group = false;
        loop {
            let word = words[i];
            item.push(word);
            i += 1;
            in_group = (in_group || word.starts_with('(')) && !word.contains(')');
            if word.ends_with(',') && !in_group {
                more = is_name(i);
                break;
            }
            if words.get(i) == Some(&"and") && is_name(i + 1) && !in_group {
                i += 1;
                more = true;
                break;
            }
            let next_fits = words.get(i).is_some_and(|w| in_group || continues_item(w));
            if word.ends_with([';', ':', '.']) || !next_fits || item.len() >= ITEM_WORDS {
                break;
            }
        }
        let mut text = item.join(" ");
        let trimmed = text.trim_end_matches([',', ';', ':', '.']).len();
        tail = text[trimmed..].to_owned();
        text.truncate(trimmed);
        items.push(text);
        if !more {
            break;
        }
    }
    (items.len() >= 2).then_some((items, i, tail))
}
