//! HTML building blocks: the page around a report, the colour swatch, the
//! link escaping and the style sheet.
//!
//! Pages are maud templates, which escape every value they are given, so a
//! name from a results file (strategy, workload, host, CPU model, file name)
//! cannot inject markup. Charts are the one thing inserted unescaped, as
//! `PreEscaped`: plotters' SVG backend escapes their text itself.
//!
//! The pages are well-formed HTML with every non-void element closed, so a
//! test can check them with a tiny parser.

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// Escapes one path segment for use inside an `href`: letters, digits and
/// `-._~` stay, every other byte becomes `%XX`.
pub(crate) fn url_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A complete, self-contained page: no scripts, no external resources.
pub(crate) fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// A coloured square that ties a table row to a chart line.
pub(crate) fn swatch(hex: &str) -> Markup {
    html! { span.swatch style={ "background:" (hex) } {} }
}

/// The style sheet. It contains no `<`, `>` or `&`, so the page stays
/// well-formed XML.
const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2em auto;
       max-width: 1240px; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f3; }
td:first-child, th:first-child { text-align: left; }
table.machine td, table.machine th { text-align: left; }
table.machines tr.differs td { font-weight: 600; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em;
          border-radius: 2px; vertical-align: baseline; }
.swatch.diamond { transform: rotate(45deg) scale(0.85); border-radius: 0; }
.nowrap { white-space: nowrap; }
.choices { display: flex; flex-wrap: wrap; gap: 0 2em; align-items: flex-start; }
table.choice caption { font-weight: 600; text-align: left; padding: 0.2em 0; }
table.choice td.pick { text-align: left; white-space: nowrap; }
table.choice td.tie { font-size: 0.85em; }
.figure-row { display: flex; flex-wrap: wrap; gap: 1.2em; align-items: flex-start; }
figure { margin: 0.5em 0; }
.figure-row figure { flex: 1 1 600px; min-width: 0; }
.figure-row .side { flex: 0 0 auto; max-width: 460px; }
figure svg { width: 100%; max-width: 780px; height: auto; border: 1px solid #e4e4e4; }
figcaption, .note { color: #555; font-size: 0.9em; }
.findings { background: #f7f9fc; border-left: 3px solid #4a78b0; padding: 0.4em 0.8em;
            margin: 0.5em 0 1.2em 0; max-width: 780px; }
.findings p { margin: 0.3em 0; }
.howto { background: #fffbea; border: 1px solid #eee0a0; padding: 0.5em 1em; }
.compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1em; }
.compare figure svg { max-width: 100%; }
.heat { display: block; margin: -0.25em -0.6em; padding: 0.25em 0.6em; }
small.used { color: #555; font-size: 0.8em; white-space: nowrap; }
table.overhead, table.model { font-size: 0.9em; }
table.model td.reason, table.model th.reason { text-align: left; }
table.model td.name { white-space: nowrap; }
table.overhead td, table.cost td:first-child { white-space: nowrap; }
table.overhead tbody td:nth-child(2) { text-align: left; }
.bar { display: inline-block; height: 0.7em; background: #4a78b0; vertical-align: middle;
       margin-left: 0.4em; }
nav.runs { background: #f3f3f3; padding: 0.5em 1em; margin-bottom: 1.5em; }
.skipped { color: #a33; }
details.noisy { margin: 0.3em 0; }
details.noisy summary { cursor: pointer; }
table.noisy { font-size: 0.9em; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_segments_are_percent_encoded() {
        assert_eq!(
            url_segment("20250101T000000Z-host"),
            "20250101T000000Z-host"
        );
        assert_eq!(url_segment("a b&<"), "a%20b%26%3C");
    }

    #[test]
    fn the_page_escapes_its_title_and_keeps_its_style_sheet() {
        let page = page("<a & b>", html! { p { "body" } });
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(page.contains("<title>&lt;a &amp; b&gt;</title>"), "{page}");
        assert!(page.contains(".findings p"), "style sheet inline");
        crate::xml_check::check_well_formed(&page).expect("well-formed");
    }

    #[test]
    fn the_style_sheet_keeps_the_page_well_formed() {
        assert!(!STYLE.contains(['<', '>', '&']));
    }
}
