//! HTML building blocks: the one escape function, the page around a report
//! and its style sheet.
//!
//! Every string that comes from a results file (strategy and workload names,
//! host, CPU model, file names) goes through [`escape`] before it reaches the
//! page. Chart labels are the exception that proves the rule: plotters'
//! SVG backend escapes text itself, so the charts hand it raw strings.
//!
//! The pages are written as well-formed XML (every element closed, void
//! elements written `<br/>`), so a test can check them with a tiny parser.

/// Escapes `text` for use in HTML text and in quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

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
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

/// A small table: a header row and body rows, each cell already HTML.
pub(crate) fn table(class: &str, header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("<table class=\"{class}\">\n<thead><tr>");
    for h in header {
        out.push_str(&format!("<th>{h}</th>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A coloured square that ties a table row to a chart line.
pub(crate) fn swatch(hex: &str) -> String {
    format!("<span class=\"swatch\" style=\"background:{hex}\"></span>")
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
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em;
          border-radius: 2px; vertical-align: baseline; }
.figure-row { display: flex; flex-wrap: wrap; gap: 1.2em; align-items: flex-start; }
figure { margin: 0.5em 0; }
.figure-row figure { flex: 1 1 600px; min-width: 0; }
.figure-row .side { flex: 0 0 auto; max-width: 420px; }
figure svg { width: 100%; max-width: 780px; height: auto; border: 1px solid #e4e4e4; }
figcaption, .note { color: #555; font-size: 0.9em; }
.findings { background: #f7f9fc; border-left: 3px solid #4a78b0; padding: 0.4em 0.8em;
            margin: 0.5em 0 1.2em 0; max-width: 780px; }
.findings p { margin: 0.3em 0; }
.howto { background: #fffbea; border: 1px solid #eee0a0; padding: 0.5em 1em; }
.compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 1em; }
.compare figure svg { max-width: 100%; }
.heat { display: block; margin: -0.25em -0.6em; padding: 0.25em 0.6em; }
.bar { display: inline-block; height: 0.7em; background: #4a78b0; vertical-align: middle;
       margin-left: 0.4em; }
nav.runs { background: #f3f3f3; padding: 0.5em 1em; margin-bottom: 1.5em; }
.skipped { color: #a33; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">'b' & c</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;b&#39; &amp; c&lt;/a&gt;"
        );
        assert_eq!(escape("rayon"), "rayon");
    }

    #[test]
    fn url_segments_are_percent_encoded() {
        assert_eq!(
            url_segment("20250101T000000Z-host"),
            "20250101T000000Z-host"
        );
        assert_eq!(url_segment("a b&<"), "a%20b%26%3C");
    }

    #[test]
    fn the_style_sheet_keeps_the_page_well_formed() {
        assert!(!STYLE.contains(['<', '>', '&']));
    }
}
