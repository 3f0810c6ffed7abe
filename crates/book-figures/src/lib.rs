//! doall-book-figures: the book's mdBook preprocessor. Every figure the
//! book quotes from the example run is written `{{#figure QUANTITY
//! SUBJECT… [OPTION=VALUE…]}}` and filled here from
//! `reports/example/results.json`, by the report's own analysis and
//! formatters (`doall_report::figure`), so a new example run refreshes the
//! book and a figure the run does not hold fails the build, naming the
//! chapter and the figure.
//!
//! mdBook runs it as `doall-book-figures supports RENDERER` (answered by
//! the exit status), then with `[context, book]` as JSON on stdin, and
//! reads the book back from stdout (see `main.rs`).
//!
//! A page that no preprocessor fills (the README, read on the forge as it
//! is) writes each figure as `<!-- figure: WORDS -->VALUE<!-- /figure -->`:
//! the comment hides the words, the value stays readable, and
//! [`refresh`] rewrites the value from the run and names each that changed
//! (`doall-book-figures refresh FILE` writes them, `check FILE` fails on
//! any, so a new example run cannot leave a stale figure behind).

use std::path::{Path, PathBuf};

use doall_report::figure::{Figure, FigureError, Figures};
use serde_json::Value;

/// How a figure is opened in a chapter.
pub const OPEN: &str = "{{#figure";
/// How it is closed.
pub const CLOSE: &str = "}}";

/// Where the figures come from, relative to the book's root, unless
/// `[preprocessor.figures] results = "…"` in book.toml says otherwise.
pub const DEFAULT_RESULTS: &str = "../reports/example/results.json";

/// What stops the book from being built.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// mdBook's input is not the `[context, book]` pair.
    #[error("figures: mdBook's input: {0}")]
    Protocol(String),
    /// The run the figures come from cannot be read.
    #[error("figures: {0}")]
    Results(#[from] doall_results::Error),
    /// Figures that do not exist, one line each.
    #[error("figures: {} figure(s) failed:\n{}", .0.len(), .0.join("\n"))]
    Figures(Vec<String>),
}

/// One `{{#figure …}}` of a text that cannot be filled: its words and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The words between `{{#figure` and `}}`.
    pub key: String,
    /// What is wrong.
    pub error: FigureError,
}

/// `text` with every `{{#figure …}}` replaced by its value, or every figure
/// that failed. An opening without its closing `}}` fails too.
pub fn expand(text: &str, figures: &Figures<'_>) -> Result<String, Vec<Failure>> {
    let mut out = String::with_capacity(text.len());
    let mut failures = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else {
            failures.push(Failure {
                key: after.lines().next().unwrap_or("").trim().to_owned(),
                error: FigureError::Empty,
            });
            rest = "";
            break;
        };
        let key = after[..end].trim();
        match Figure::parse(key).and_then(|f| figures.value(&f)) {
            Ok(value) => out.push_str(&value),
            Err(error) => failures.push(Failure {
                key: key.to_owned(),
                error,
            }),
        }
        rest = &after[end + CLOSE.len()..];
    }
    out.push_str(rest);
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

/// How a figure with its value in place is opened in a page no
/// preprocessor fills: `<!-- figure: WORDS -->VALUE<!-- /figure -->`.
pub const MARKED_OPEN: &str = "<!-- figure:";
/// The end of the words, where the value starts.
pub const MARKED_WORDS_END: &str = "-->";
/// The end of the value.
pub const MARKED_CLOSE: &str = "<!-- /figure -->";

/// A figure whose value in place is not what the run gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The figure's words.
    pub key: String,
    /// The value in the text.
    pub written: String,
    /// The value the run gives.
    pub computed: String,
}

/// `text` with the value of every `<!-- figure: WORDS -->VALUE<!-- /figure
/// -->` replaced by the run's, and every figure whose value changed; or
/// every figure that failed (one without its closing comment fails too).
pub fn refresh(text: &str, figures: &Figures<'_>) -> Result<(String, Vec<Stale>), Vec<Failure>> {
    let mut out = String::with_capacity(text.len());
    let (mut changed, mut failures) = (Vec::new(), Vec::new());
    let mut rest = text;
    while let Some(start) = rest.find(MARKED_OPEN) {
        let after = &rest[start + MARKED_OPEN.len()..];
        let unclosed = |failures: &mut Vec<Failure>| {
            failures.push(Failure {
                key: after.lines().next().unwrap_or("").trim().to_owned(),
                error: FigureError::Empty,
            });
        };
        let Some(words_end) = after.find(MARKED_WORDS_END) else {
            unclosed(&mut failures);
            break;
        };
        let value_and_rest = &after[words_end + MARKED_WORDS_END.len()..];
        let Some(value_end) = value_and_rest.find(MARKED_CLOSE) else {
            unclosed(&mut failures);
            break;
        };
        let key = after[..words_end].trim();
        let written = &value_and_rest[..value_end];
        out.push_str(&rest[..start]);
        out.push_str(&rest[start..start + MARKED_OPEN.len() + words_end + MARKED_WORDS_END.len()]);
        match Figure::parse(key).and_then(|f| figures.value(&f)) {
            Ok(computed) => {
                if computed != written {
                    changed.push(Stale {
                        key: key.to_owned(),
                        written: written.to_owned(),
                        computed: computed.clone(),
                    });
                }
                out.push_str(&computed);
            }
            Err(error) => {
                failures.push(Failure {
                    key: key.to_owned(),
                    error,
                });
                out.push_str(written);
            }
        }
        out.push_str(MARKED_CLOSE);
        rest = &value_and_rest[value_end + MARKED_CLOSE.len()..];
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    out.push_str(rest);
    Ok((out, changed))
}

/// The results file the book names: `[preprocessor.figures] results`, or
/// [`DEFAULT_RESULTS`], relative to the book's root.
pub fn results_path(context: &Value) -> Result<PathBuf, Error> {
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Protocol("the context has no `root`".to_owned()))?;
    let configured = context
        .pointer("/config/preprocessor/figures/results")
        .and_then(Value::as_str);
    Ok(Path::new(root).join(configured.unwrap_or(DEFAULT_RESULTS)))
}

/// Fills every chapter of mdBook's `book` (its JSON) in place; the error
/// lists each failed figure with its chapter.
pub fn expand_book(book: &mut Value, figures: &Figures<'_>) -> Result<(), Error> {
    let sections = book
        .get_mut("sections")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| Error::Protocol("the book has no `sections`".to_owned()))?;
    let mut failures = Vec::new();
    for item in sections {
        expand_item(item, figures, &mut failures);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Figures(failures))
    }
}

/// One book item: a chapter (and its sub-chapters) is filled; separators
/// and part titles are left alone.
fn expand_item(item: &mut Value, figures: &Figures<'_>, failures: &mut Vec<String>) {
    let Some(chapter) = item.get_mut("Chapter") else {
        return;
    };
    let name = ["source_path", "path", "name"]
        .iter()
        .find_map(|k| chapter.get(*k).and_then(Value::as_str))
        .unwrap_or("a chapter")
        .to_owned();
    if let Some(content) = chapter.get_mut("content")
        && let Some(text) = content.as_str()
    {
        match expand(text, figures) {
            Ok(filled) => *content = Value::String(filled),
            Err(failed) => failures.extend(
                failed
                    .into_iter()
                    .map(|f| format!("{name}: {{{{#figure {}}}}}: {}", f.key, f.error)),
            ),
        }
    }
    if let Some(subs) = chapter.get_mut("sub_items").and_then(Value::as_array_mut) {
        for sub in subs {
            expand_item(sub, figures, failures);
        }
    }
}

#[cfg(test)]
mod tests;
