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
    prose_html(markdown).unwrap_or_else(|| markdown_html(markdown, bundle_url))
}

/// `to_html` read as Markdown by pulldown-cmark, whatever the text.
fn markdown_html(markdown: &str, bundle_url: Option<&str>) -> String {
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

/// The HTML of Markdown that is only paragraphs of prose, written without reading it as
/// Markdown: each paragraph's lines as typed, joined by line breaks, in `<p>`, exactly as
/// pulldown-cmark writes them. `None` for anything else (see `is_prose_line`), which is
/// read as Markdown. Most updates are such prose, and reading them costs several times
/// as much.
fn prose_html(markdown: &str) -> Option<String> {
    if has_markup(markdown.as_bytes()) {
        return None;
    }
    let mut html = String::with_capacity(markdown.len() + 16);
    let mut in_paragraph = false;
    for line in markdown.split('\n') {
        if line.is_empty() {
            if in_paragraph {
                html.push_str("</p>\n");
                in_paragraph = false;
            }
            continue;
        }
        if !is_prose_line(line) {
            return None;
        }
        html.push_str(if in_paragraph { "\n" } else { "<p>" });
        html.push_str(line);
        in_paragraph = true;
    }
    if in_paragraph {
        html.push_str("</p>\n");
    }
    Some(html)
}

/// A line of a paragraph, free of markup characters (`has_markup`), that Markdown reads as
/// nothing but its text, written as typed: it starts with a letter, a quote or a bracket
/// (not a list, a heading, a block quote, a table, code or a space) and ends with neither
/// a space nor a backslash (no line break, nothing to trim).
fn is_prose_line(line: &str) -> bool {
    let starts = line
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || matches!(c, '(' | '"' | '\''));
    let ends = line
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace() && c != '\\');
    starts && ends
}

/// Whether some Markdown holds a control character other than a line break, or one of the
/// characters that make emphasis, code, links, raw HTML, entities, tables, strikethrough,
/// math or footnotes (`` \ ` * _ [ ] < > & ~ | $ ^ { } ``): what is left needs no
/// escaping either. 32 bytes at a time without stopping inside a block (vector
/// instructions); all of them are ASCII, so no byte of another character is taken for one.
fn has_markup(bytes: &[u8]) -> bool {
    let (blocks, rest) = bytes.as_chunks::<32>();
    blocks.iter().any(|block| {
        block
            .iter()
            .fold(false, |found, b| found | is_markup_byte(*b))
    }) || rest.iter().any(|b| is_markup_byte(*b))
}

/// One of the bytes `has_markup` looks for, written as ranges and masks that the compiler
/// makes vector instructions: `[ \ ] ^ _ `` ` `` are 0x5B to 0x60, `{ | } ~` and DEL 0x7B
/// to 0x7F, `<` and `>` differ by the bit 0x02, as do `$` and `&`.
#[inline(always)]
fn is_markup_byte(b: u8) -> bool {
    (b < b' ' && b != b'\n')
        | (b.wrapping_sub(b'[') <= b'`' - b'[')
        | (b.wrapping_sub(b'{') <= 0x7f - b'{')
        | (b == b'*')
        | ((b | 0x02) == b'>')
        | ((b & !0x02) == b'$')
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
    fn prose_is_written_without_the_parser_as_the_parser_writes_it() {
        for text in [
            "Database replica was slow. Customers see errors.",
            "Réponse dégradée : l’API répond lentement depuis 09:40 (UTC+01:00).\nSuite.",
            "First paragraph, line one\nline two!\n\n\nSecond \"quoted\" paragraph, 50 % done?\n",
            "\n\nÀ 10 h 30, 3 requêtes sur 4 #incident passent = mieux.\n\n",
        ] {
            let html = prose_html(text);
            assert!(html.is_some(), "{text:?} is prose");
            assert_eq!(
                html,
                Some(markdown_html(text, Some("/incidents/x/"))),
                "{text:?}"
            );
        }
        assert_eq!(prose_html("\n\n"), Some(String::new()));
        assert_eq!(markdown_html("\n\n", None), "");
    }

    #[test]
    fn anything_the_parser_may_read_as_more_than_prose_goes_to_the_parser() {
        for text in [
            "Some *emphasis*",
            "a_b",
            "1. first",
            "Line\n- item",
            "Line\n2) item",
            "Title\n===",
            "Title\n---",
            "# Heading",
            "> quote",
            "    code",
            "Line with a break  \nnext",
            "Line with a break\\\nnext",
            "a | b",
            "AT&T",
            "x < y",
            "~~gone~~",
            "Tab\there",
            "Windows\r\nline",
            " leading space",
            "trailing space ",
            "\u{a0}nbsp first",
            "last nbsp\u{a0}",
            "+ plus",
            "= equals",
        ] {
            assert_eq!(prose_html(text), None, "{text:?}");
        }
    }

    /// Every text made of up to three of these pieces, and longer ones drawn from them:
    /// where the fast path answers, it answers what pulldown-cmark writes.
    #[test]
    fn the_fast_path_agrees_with_the_parser_on_texts_made_of_awkward_pieces() {
        let pieces = [
            "word",
            "É",
            "l’API",
            "1.",
            "2)",
            "10",
            "#",
            "-",
            "+",
            "=",
            ":",
            "!",
            "(",
            ")",
            "\"",
            "'",
            "—",
            "%",
            "@",
            "/",
            ".",
            ",",
            "?",
            " ",
            "  ",
            "\n",
            "\n\n",
            " \n",
            "\n ",
            "\u{a0}",
            "\u{2028}",
            "\u{3000}",
            "\u{feff}",
            "www.x.org",
            "http://x.y",
            "a\u{301}",
            "\\",
            "*",
            "&",
            "<b>",
        ];
        let mut checked = 0;
        let mut check = |text: &str| {
            if let Some(html) = prose_html(text) {
                assert_eq!(html, markdown_html(text, None), "{text:?}");
                checked += 1;
            }
        };
        for a in pieces {
            check(a);
            for b in pieces {
                check(&format!("{a}{b}"));
                for c in pieces {
                    check(&format!("{a}{b}{c}"));
                    check(&format!("x{a}{b}{c}y"));
                }
            }
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::from("Word");
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            check(&text);
        }
        assert!(checked > 10_000, "only {checked} texts took the fast path");
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
