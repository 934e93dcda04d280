//! Markdown to HTML, sanitized (the only text templates may mark safe), and to plain text
//! for the formats that hold text: both read raw HTML the same way (`raw_html`), so every
//! format says the same words.

mod pictures;
mod raw_html;

use std::sync::LazyLock;

pub use pictures::frame_pictures;
pub use raw_html::{ShownAsTyped, entity, shown_as_typed, unclosed_comment};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// The allow-list sanitizer shared by every page: ammonia's defaults (no script, no event
/// handler, no `javascript:` or `data:` URL), with links that do not leak the referrer.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("noopener noreferrer"));
    builder.add_generic_attributes(["id"]);
    builder.id_prefix(Some("user-content-"));
    builder
});

/// Renders Markdown to sanitized HTML. Relative links and images are made to point into
/// `bundle_url` (the incident's own folder), so they work from every page that shows them.
pub fn to_html(markdown: &str, bundle_url: Option<&str>) -> String {
    let markdown = &*raw_html::escape_foreign(markdown);
    let events = Parser::new_ext(markdown, options()).map(|event| match (event, bundle_url) {
        (
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            Some(base),
        ) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebase(dest_url, base),
            title,
            id,
        }),
        (
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
            Some(base),
        ) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebase(dest_url, base),
            title,
            id,
        }),
        (event, _) => event,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if is_plain(markdown) {
        // No raw HTML, link, image or footnote: pulldown-cmark's output is already only
        // escaped text in paragraphs, lists, emphasis, code and tables.
        return html;
    }
    SANITIZER.clean(&html).to_string()
}

/// The Markdown extensions vigie reads, the same for every format.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Markdown that cannot produce raw HTML, a link, an image or a footnote: no `<`, no `[`.
fn is_plain(markdown: &str) -> bool {
    // Byte by byte, 32 at a time without stopping inside a block (vector instructions): both
    // characters are ASCII, so no byte of another character can be taken for one.
    let bytes = markdown.as_bytes();
    let blocks = bytes.chunks_exact(32);
    let rest = blocks.remainder();
    let special = |b: &u8| *b == b'<' || *b == b'[';
    !(blocks
        .into_iter()
        .any(|block| block.iter().fold(false, |found, b| found | special(b)))
        || rest.iter().any(special))
}

/// The text of some Markdown, for formats that hold plain text (the JSON API, the calendar,
/// feed summaries): paragraphs separated by a blank line, lines of a paragraph joined, list
/// items on their own lines, raw HTML read as the page shows it (`raw_html`).
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::TagEnd;
    let markdown = &*raw_html::escape_foreign(markdown);
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                text.push_str(&raw_html::visible_text(&raw));
            }
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Item) => text.push_str("- "),
            Event::End(TagEnd::Item) => text.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                text.push_str("\n\n");
            }
            Event::End(TagEnd::List(_)) => text.push('\n'),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                text.truncate(text.trim_end_matches(" | ").len());
                text.push('\n');
            }
            Event::End(TagEnd::TableCell) => text.push_str(" | "),
            Event::TaskListMarker(done) => text.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(label) => {
                text.push('[');
                text.push_str(&label);
                text.push(']');
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                text.push_str("\n\n[");
                text.push_str(&label);
                text.push_str("] ");
            }
            _ => {}
        }
    }
    let mut paragraphs: Vec<&str> = text.split("\n\n").map(str::trim).collect();
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

/// Makes a relative URL (no scheme, not rooted, not a fragment) relative to `base`.
fn rebase<'a>(url: CowStr<'a>, base: &str) -> CowStr<'a> {
    let is_relative =
        !url.is_empty() && !url.starts_with('/') && !url.starts_with('#') && !url.contains(':');
    if is_relative {
        CowStr::from(format!("{base}{url}"))
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracket_or_a_tag_anywhere_makes_markdown_not_plain() {
        let text = "Les exports échouent — « rapport » prêt à 10 h. ".repeat(3);
        assert!(is_plain(&text));
        for at in [0, 5, 31, 32, 63, 64, text.len() - 1] {
            for special in ["<", "["] {
                let mut marked = text.clone();
                let at = (0..=at)
                    .rev()
                    .find(|i| marked.is_char_boundary(*i))
                    .unwrap_or(0);
                marked.insert_str(at, special);
                assert!(!is_plain(&marked), "{special} at {at}");
            }
        }
    }

    #[test]
    fn plain_text_joins_lines_and_drops_markup() {
        assert_eq!(
            to_plain_text("Le *correctif*\nest prêt.\n\n- un\n- deux\n\n<b>x</b> fin"),
            "Le correctif est prêt.\n\n- un\n- deux\n\nx fin"
        );
    }

    #[test]
    fn plain_markdown_needs_no_sanitizer_and_gets_the_same_html() {
        for text in [
            "Hello *you*, **all** of `you` & co.",
            "- one\n- two\n\n1. three",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "Line with \"quotes\" and 'apostrophes' > and javascript:alert(1)",
            "```\n<not html in code>\n```",
            "# Title\n\n> quoted",
        ] {
            let mut raw = String::new();
            pulldown_cmark::html::push_html(
                &mut raw,
                Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH),
            );
            assert_eq!(
                to_html(text, None),
                SANITIZER.clean(&raw).to_string(),
                "{text}"
            );
        }
    }

    /// The words of a page's HTML, as a reader sees them.
    fn words_of_html(html: &str) -> String {
        raw_html::visible_text(html)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The words of plain text, without its list markers.
    fn words(text: &str) -> String {
        text.split_whitespace()
            .filter(|w| *w != "-")
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_tag_name_in_prose_never_cuts_the_text_and_every_format_says_the_same() {
        for tag in [
            "<script>",
            "<style>",
            "<template>",
            "<textarea>",
            "<title>",
            "<noscript>",
            "<iframe>",
            "<xmp>",
            "<plaintext>",
            "<object>",
            "<select>",
            "<svg>",
            "<math>",
            "<unknown-tag>",
            "</div>",
        ] {
            for text in [
                format!("Some customers see a blank {tag} error.\n\nNext update by 22:00."),
                format!("{tag}\nSome customers see a blank error.\n\nNext update by 22:00."),
                format!("- one {tag}\n- two\n\nNext update by 22:00."),
            ] {
                let html = to_html(&text, None);
                let plain = to_plain_text(&text);
                assert!(
                    html.contains("Next update by 22:00."),
                    "{text:?} gave {html}"
                );
                assert!(
                    plain.contains("Next update by 22:00."),
                    "{text:?} gave {plain}"
                );
                assert!(words_of_html(&html).contains(tag), "{text:?} gave {html}");
                assert_eq!(words_of_html(&html), words(&plain), "{text:?}: {html}");
            }
        }
    }

    #[test]
    fn inline_formatting_tags_are_kept_and_read_the_same_in_plain_text() {
        let text = "Press <kbd>F5</kbd>, H<sub>2</sub>O, <b>bold</b><br>and <!-- note --> done.";
        let html = to_html(text, None);
        assert!(html.contains("<kbd>F5</kbd>"), "{html}");
        assert!(!html.contains("note"), "{html}");
        assert_eq!(words_of_html(&html), words(&to_plain_text(text)));
    }

    #[test]
    fn plain_text_keeps_tables_task_lists_and_footnotes() {
        assert_eq!(
            to_plain_text("| a | b |\n|---|---|\n| 1 | 2 |"),
            "a | b\n1 | 2"
        );
        assert_eq!(
            to_plain_text("- [x] done\n- [ ] to do"),
            "- [x] done\n- [ ] to do"
        );
        assert_eq!(
            to_plain_text("See[^1].\n\n[^1]: The note."),
            "See[1].\n\n[1] The note."
        );
    }

    #[test]
    fn renders_markdown() {
        assert_eq!(to_html("Hello *you*", None), "<p>Hello <em>you</em></p>\n");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_html(
            "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))",
            None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)"),
            "shown as typed: {html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn relative_images_point_into_the_bundle() {
        let html = to_html(
            "![graph](graph.png) [site](https://example.com)",
            Some("/incidents/x/"),
        );
        assert!(html.contains("src=\"/incidents/x/graph.png\""), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
    }
}
