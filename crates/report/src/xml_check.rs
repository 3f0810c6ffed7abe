//! A tiny well-formedness checker for the tests: every tag closed in order,
//! attribute values quoted, no stray `<`, every `&` the start of an entity.
//! It is not an XML parser; it is enough to catch a broken page or chart.
//! HTML's void elements (`<meta>`, `<br>`, …) need no closing tag.

/// The HTML elements that never have content or a closing tag.
const VOID_ELEMENTS: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// Checks `text`; the error says what is wrong and where.
pub(crate) fn check_well_formed(text: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open], offset, true)?;
        let after = &rest[open..];
        let close =
            tag_end(after).ok_or_else(|| format!("unclosed tag at byte {}", offset + open))?;
        let tag = &after[1..close];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            match stack.pop() {
                Some(top) if top == name => {}
                Some(top) => {
                    return Err(format!(
                        "</{name}> at byte {} closes <{top}>",
                        offset + open
                    ));
                }
                None => {
                    return Err(format!(
                        "</{name}> at byte {} closes nothing",
                        offset + open
                    ));
                }
            }
        } else if !(tag.starts_with('!') || tag.starts_with('?')) {
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            if name.is_empty() {
                return Err(format!("empty tag name at byte {}", offset + open));
            }
            check_text(&tag[name.len()..], offset + open, false)?;
            if !tag.ends_with('/') && !VOID_ELEMENTS.contains(&name.as_str()) {
                stack.push(name);
            }
        }
        offset += open + close + 1;
        rest = &after[close + 1..];
    }
    check_text(rest, offset, true)?;
    match stack.pop() {
        Some(top) => Err(format!("<{top}> is never closed")),
        None => Ok(()),
    }
}

/// The index of the `>` that ends the tag starting `s`, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '<') => return None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Text and attribute values: every `&` starts an entity such as `&amp;`.
/// In text (not attributes) a `>` means a broken tag: our pages escape it.
fn check_text(text: &str, offset: usize, is_text: bool) -> Result<(), String> {
    for (i, _) in text.match_indices('&') {
        let entity: String = text[i + 1..].chars().take_while(|c| *c != ';').collect();
        let ok = !entity.is_empty()
            && entity.len() <= 8
            && (entity.chars().all(|c| c.is_ascii_alphanumeric())
                || entity
                    .strip_prefix('#')
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())));
        if !ok || !text[i + 1..].contains(';') {
            return Err(format!("bare & at byte {}", offset + i));
        }
    }
    if is_text && text.contains('>') {
        return Err(format!("stray > near byte {offset}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_good_and_rejects_broken_markup() {
        assert!(check_well_formed("<!DOCTYPE html><a x=\"1>2\"><b/>t &amp; u</a>").is_ok());
        assert!(check_well_formed("<a><b></a></b>").is_err());
        assert!(check_well_formed("<a>").is_err());
        assert!(check_well_formed("</a>").is_err());
        assert!(check_well_formed("<a>x & y</a>").is_err());
        assert!(check_well_formed("<a>x < y</a>").is_err());
        assert!(check_well_formed("<a").is_err());
        assert!(check_well_formed("<p><meta charset=\"utf-8\"><br></p>").is_ok());
        assert!(check_well_formed("<p><span></p>").is_err());
    }
}
