//! Pictures that stand alone in a paragraph get a frame of their own: a region a phone
//! reader scrolls sideways, so that a drawing keeps its text at the size its author chose.

/// Wraps each `<p><img …></p>` of sanitized HTML in
/// `<div class="picture" role="region" tabindex="0" aria-label="ALT">`, the picture's text
/// alternative naming the region. A picture without one, or sharing its paragraph with
/// text, stays as it is.
pub fn frame_pictures(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html;
    while let Some(start) = rest.find("<p><img ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        match lone_picture(after) {
            Some((tag, alt)) => {
                out.push_str("<div class=\"picture\" role=\"region\" tabindex=\"0\" aria-label=\"");
                out.push_str(alt);
                out.push_str("\">");
                out.push_str(tag);
                out.push_str("</div>");
                rest = &after[tag.len() + "</p>".len()..];
            }
            None => {
                out.push_str("<p>");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `<img …>` tag at the start of `html` and its `alt`, when `</p>` follows it at once.
fn lone_picture(html: &str) -> Option<(&str, &str)> {
    let end = tag_end(html)?;
    let tag = &html[..end];
    if !html[end..].starts_with("</p>") {
        return None;
    }
    let alt_start = tag.find(" alt=\"")? + " alt=\"".len();
    let alt = &tag[alt_start..alt_start + tag[alt_start..].find('"')?];
    (!alt.trim().is_empty()).then_some((tag, alt))
}

/// Where the tag at the start of `html` ends: after its first `>` outside quotes.
fn tag_end(html: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in html.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::frame_pictures;

    #[test]
    fn a_lone_picture_gets_a_named_region() {
        assert_eq!(
            frame_pictures("<p>Before</p>\n<p><img src=\"/a.svg\" alt=\"Reports > 0\"></p>\n"),
            "<p>Before</p>\n<div class=\"picture\" role=\"region\" tabindex=\"0\" aria-label=\"Reports > 0\"><img src=\"/a.svg\" alt=\"Reports > 0\"></div>\n"
        );
    }

    #[test]
    fn a_picture_in_a_sentence_or_without_text_stays_as_it_is() {
        for html in [
            "<p><img src=\"/a.svg\" alt=\"A\"> and text</p>",
            "<p><img src=\"/a.svg\" alt=\"\"></p>",
            "<p><img src=\"/a.svg\"></p>",
            "<p><img src=\"/a.svg\" alt=\"unclosed",
        ] {
            assert_eq!(frame_pictures(html), html);
        }
    }
}
