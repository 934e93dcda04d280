//! Raw HTML typed in Markdown: which of it vigie shows as formatting, and which as typed.
//!
//! A writer in a hurry types a tag name in prose (`a blank <script> error`). Passed to the
//! sanitizer, an unknown or dangerous tag would vanish, often with the words after it
//! (`<script>`, `<style>`, `<template>` take the rest of the text; `<textarea>` or
//! `<title>` turn it into stray markup). So only a short list of inline formatting tags is
//! kept as HTML; every other tag is escaped in the source, before Markdown is read, and is
//! shown as typed in every format. Comments are kept: they are the writer's notes, and the
//! sanitizer drops them.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser};

/// Tags a writer may type and see as formatting: inline ones, which cannot swallow text.
const WRITER_TAGS: &[&str] = &[
    "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// How many times the text is read again at most: escaping a tag that opened an HTML block
/// turns the block back into Markdown, whose own raw HTML is then read. Two passes are the
/// usual case.
const MAX_PASSES: usize = 16;

/// A piece of raw HTML that is shown as typed, where it stands in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownAsTyped {
    /// Byte offset of its `<` in the Markdown.
    pub offset: usize,
    /// The tag as written, cut at 40 characters.
    pub written: String,
}

/// Every piece of raw HTML of `markdown` that vigie shows as typed, in order.
pub fn shown_as_typed(markdown: &str) -> Vec<ShownAsTyped> {
    foreign_offsets(markdown)
        .into_iter()
        .map(|offset| ShownAsTyped {
            offset,
            written: tag_as_written(&markdown[offset..]),
        })
        .collect()
}

/// `markdown` with the `<` of every tag shown as typed written `&lt;`.
pub fn escape_foreign(markdown: &str) -> Cow<'_, str> {
    let offsets = foreign_offsets(markdown);
    if offsets.is_empty() {
        Cow::Borrowed(markdown)
    } else {
        Cow::Owned(escaped_at(markdown, &offsets))
    }
}

/// The byte offset of a comment opened (`<!--`) outside code and never closed: as raw
/// HTML it would hide everything after it, and as text it would show a stray `<!--`.
pub fn unclosed_comment(markdown: &str) -> Option<usize> {
    if !markdown.contains("<!--") {
        return None;
    }
    let code = code_ranges(markdown);
    let in_code = |at: usize| code.iter().any(|range| range.contains(&at));
    let mut from = 0;
    while let Some(open) = markdown[from..].find("<!--").map(|i| i + from) {
        if in_code(open) {
            from = open + 4;
            continue;
        }
        match markdown[open + 4..].find("-->") {
            Some(close) => from = open + 4 + close + 3,
            None => return Some(open),
        }
    }
    None
}

/// The ranges of `text` that are code: spans and blocks.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::Tag;
    Parser::new_ext(text, super::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect()
}

/// The offsets, in `markdown`, of the `<` of each tag to show as typed.
fn foreign_offsets(markdown: &str) -> Vec<usize> {
    if !markdown.contains('<') {
        return Vec::new();
    }
    let mut offsets: Vec<usize> = Vec::new();
    for _ in 0..MAX_PASSES {
        let text = escaped_at(markdown, &offsets);
        let found: Vec<usize> = html_ranges(&text)
            .into_iter()
            .flat_map(|range| foreign_tags_in(&text, range))
            .map(|at| original_offset(at, &offsets))
            .collect();
        if found.is_empty() {
            break;
        }
        offsets.extend(found);
        offsets.sort_unstable();
        offsets.dedup();
    }
    offsets
}

/// The ranges of `text` that Markdown reads as raw HTML, blocks and inline.
fn html_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, super::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect()
}

/// The offsets of the tags of `text[range]` that are not writer tags.
fn foreign_tags_in(text: &str, range: Range<usize>) -> Vec<usize> {
    let raw = &text[range.clone()];
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = raw[from..].find('<').map(|i| i + from) {
        let rest = &raw[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            // A comment: kept, and skipped whole.
            from = comment
                .find("-->")
                .map_or(raw.len(), |close| i + 4 + close + 3);
            continue;
        }
        if is_foreign_tag(rest) {
            found.push(range.start + i);
        }
        from = i + 1;
    }
    found
}

/// Whether `rest`, which starts with `<`, opens a tag that is not a writer tag: an element
/// vigie does not keep, a doctype, a CDATA section or a processing instruction.
fn is_foreign_tag(rest: &str) -> bool {
    let after = rest[1..].strip_prefix('/').unwrap_or(&rest[1..]);
    match after.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            !WRITER_TAGS.contains(&name.as_str())
        }
        Some('!' | '?') => true,
        _ => false,
    }
}

/// `markdown` with `&lt;` written for the `<` at each of `offsets` (sorted).
fn escaped_at(markdown: &str, offsets: &[usize]) -> String {
    let mut text = String::with_capacity(markdown.len() + offsets.len() * 3);
    let mut from = 0;
    for &at in offsets {
        text.push_str(&markdown[from..at]);
        text.push_str("&lt;");
        from = at + 1;
    }
    text.push_str(&markdown[from..]);
    text
}

/// The offset in the unescaped Markdown of offset `at` of the text escaped at `offsets`:
/// each escape before it added three bytes.
fn original_offset(at: usize, offsets: &[usize]) -> usize {
    let before = offsets
        .iter()
        .enumerate()
        .take_while(|(rank, offset)| *offset + 3 * rank < at)
        .count();
    at - 3 * before
}

/// A tag as written, up to its `>`, cut at 40 characters.
fn tag_as_written(rest: &str) -> String {
    let end = rest.find('>').map_or(rest.len(), |i| i + 1);
    let tag = rest[..end].lines().next().unwrap_or("");
    if tag.chars().count() > 40 {
        format!("{}…", tag.chars().take(40).collect::<String>())
    } else {
        tag.to_string()
    }
}

/// The text a reader sees of a piece of raw HTML: without its tags and comments, with
/// entities decoded, and a line break for `<br>`.
pub fn visible_text(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        text.push_str(&decode_entities(&rest[..open]));
        let tag = &rest[open..];
        let end = if tag.starts_with("<!--") {
            tag.find("-->").map_or(tag.len(), |i| i + 3)
        } else {
            tag.find('>').map_or(tag.len(), |i| i + 1)
        };
        let name = tag[1..end.min(tag.len())].trim_start_matches('/');
        if name.len() >= 2 && name[..2].eq_ignore_ascii_case("br") {
            text.push('\n');
        }
        rest = &tag[end..];
    }
    text.push_str(&decode_entities(rest));
    text
}

/// The common named and numeric entities, decoded; others are left as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|i| *i <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        match entity(&after[1..semi]) {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of a named or numeric entity (`amp`, `#233`, `#xE9`), for the common
/// names.
pub fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_that_are_not_inline_formatting_are_shown_as_typed() {
        let found = shown_as_typed("A blank <script> error, <b>bold</b> and </iframe>.");
        let written: Vec<&str> = found.iter().map(|f| f.written.as_str()).collect();
        assert_eq!(written, ["<script>", "</iframe>"]);
        assert_eq!(found[0].offset, 8);
    }

    #[test]
    fn a_tag_opening_an_html_block_is_escaped_and_the_rest_read_again() {
        let text = "<style>\nSome text <textarea> here\n\nNext paragraph <b>kept</b>.";
        let escaped = escape_foreign(text);
        assert_eq!(
            escaped,
            "&lt;style>\nSome text &lt;textarea> here\n\nNext paragraph <b>kept</b>."
        );
    }

    #[test]
    fn code_and_comments_are_left_alone() {
        assert!(shown_as_typed("`<script>` and <!-- <script> --> fine").is_empty());
        assert!(shown_as_typed("```\n<script>\n```").is_empty());
        assert!(shown_as_typed("a < b and c > d").is_empty());
    }

    #[test]
    fn doctypes_and_processing_instructions_are_shown_as_typed() {
        let found = shown_as_typed("x <!DOCTYPE html> <?php echo 1 ?> y");
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn an_unclosed_comment_is_found_where_it_opens() {
        assert_eq!(unclosed_comment("Text <!-- note\n\nmore"), Some(5));
        assert_eq!(unclosed_comment("<!-- a --> b"), None);
        assert_eq!(unclosed_comment("`<!--` in code"), None);
        assert_eq!(unclosed_comment("<!-- a --> b <!-- c"), Some(13));
    }

    #[test]
    fn the_visible_text_of_html_drops_tags_and_decodes_entities() {
        assert_eq!(
            visible_text("<b>a &amp; b</b><br>&lt;c&gt; <!-- x -->d&#233;"),
            "a & b\n<c> dé"
        );
    }

    #[test]
    fn offsets_map_back_through_earlier_escapes() {
        assert_eq!(original_offset(10, &[]), 10);
        // One escape at 2 became 4 bytes: offset 12 of the escaped text is 9 of the source.
        assert_eq!(original_offset(12, &[2]), 9);
        assert_eq!(original_offset(2, &[2]), 2);
    }
}
