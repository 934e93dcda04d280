//! Markdown to HTML, sanitized: the only text templates may mark safe.

use std::sync::LazyLock;

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
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(markdown, options).map(|event| match (event, bundle_url) {
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
    SANITIZER.clean(&html).to_string()
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
        assert!(!html.contains("onerror"), "{html}");
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
