//! How templates escape what they write into HTML, XML and SVG: as tera escapes (`&`, `<`,
//! `>`, `"`, `'`), with a shortcut for the usual case.
//!
//! Most of what a page writes (dates, names, the theme's words) holds none of the five
//! characters: such a text is found clean 16 bytes at a time (vector instructions) and
//! written in one piece, at about three quarters of the cost of tera's own function on
//! these short texts. Any other text goes to tera's function.
//!
//! The `safe` filter, which tells templates a text is not to be escaped, is tera's with a
//! shortcut too: a text keeps its shared copy instead of being copied (`safe`).

use std::io::{self, Write};

/// Writes `text` to `out` as tera's escape function does: the templates' escape function
/// (`Tera::set_escape_fn`).
pub(super) fn escape_html(text: &str, out: &mut dyn Write) -> io::Result<()> {
    if needs_escaping(text.as_bytes()) {
        tera::escape_html(text, out)
    } else {
        out.write_all(text.as_bytes())
    }
}

/// The templates' `safe` filter: `value` as a text not to be escaped, as tera's filter
/// gives it. A text is marked, not copied: a page's frame and its updates' HTML, thousands
/// of bytes, go through it on every page. Anything else is written out first, as tera does.
pub(super) fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.is_string() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// Whether any of the five characters is in `bytes`, looked for 16 bytes at a time (the
/// compiler makes each block a few vector instructions): a short text is copied into one
/// block, a long one is read block by block, its last 16 bytes as the last block.
fn needs_escaping(bytes: &[u8]) -> bool {
    let Some(tail) = bytes.len().checked_sub(BLOCK) else {
        let mut block = [0; BLOCK];
        block[..bytes.len()].copy_from_slice(bytes);
        return block_needs_escaping(&block);
    };
    let (blocks, _) = bytes.as_chunks::<BLOCK>();
    blocks.iter().any(block_needs_escaping)
        || <&[u8; BLOCK]>::try_from(&bytes[tail..]).is_ok_and(block_needs_escaping)
}

/// The bytes looked at together.
const BLOCK: usize = 16;

/// Whether a block holds any of the five characters, every byte looked at. Written with
/// masks rather than a `match`, which the compiler would turn into a bit test per byte:
/// `"` (0x22) and `&` (0x26) differ by the bit 0x04, `<` (0x3C) and `>` (0x3E) by 0x02.
#[inline(always)]
fn block_needs_escaping(block: &[u8; BLOCK]) -> bool {
    let mut found = 0u8;
    for &b in block {
        found |=
            u8::from((b & !0x04) == b'"') | u8::from(b == b'\'') | u8::from((b | 0x02) == b'>');
    }
    found != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape_html(text, &mut out).expect("a Vec takes every write");
        String::from_utf8(out).expect("escaping keeps UTF-8")
    }

    /// What tera's own escape function writes.
    fn tera_escaped(text: &str) -> String {
        let mut out = Vec::new();
        tera::escape_html(text, &mut out).expect("a Vec takes every write");
        String::from_utf8(out).expect("escaping keeps UTF-8")
    }

    #[test]
    fn the_five_characters_are_escaped_as_tera_escapes_them() {
        assert_eq!(
            escaped(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escaped(""), "");
        assert_eq!(
            escaped("Panne majeure — « API »"),
            "Panne majeure — « API »"
        );
    }

    #[test]
    fn every_position_of_every_character_gives_what_tera_gives() {
        let base = "Réponse dégradée : l’API répond lentement depuis 09:40 UTC+01:00.";
        let boundaries: Vec<usize> = (0..=base.len())
            .filter(|at| base.is_char_boundary(*at))
            .collect();
        for special in ["&", "<", ">", "\"", "'", "&&", "<>", "'\""] {
            for &end in &boundaries {
                for &at in boundaries.iter().filter(|at| **at <= end) {
                    let mut text = base[..end].to_string();
                    text.insert_str(at, special);
                    assert_eq!(escaped(&text), tera_escaped(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn every_ascii_character_gives_what_tera_gives() {
        for byte in 0..=127u8 {
            let text = format!("abc{}def", char::from(byte)).repeat(7);
            assert_eq!(escaped(&text), tera_escaped(&text), "{byte}");
        }
    }

    /// What `{{ value | safe }}` writes with tera's own filter and with ours.
    fn safe_with_both(value: tera::Value) -> (String, String) {
        let template = "{{ value | safe }}|{{ value | safe | upper }}|{{ value | safe | length }}";
        let mut context = tera::Context::new();
        context.insert_value("value", value);
        let mut theirs = tera::Tera::new();
        theirs.autoescape_on([".html"]);
        theirs
            .add_raw_template("t.html", template)
            .expect("the template compiles");
        let mut ours = tera::Tera::new();
        ours.autoescape_on([".html"]);
        ours.register_filter("safe", safe);
        ours.add_raw_template("t.html", template)
            .expect("the template compiles");
        let render = |tera: &tera::Tera| tera.render("t.html", &context).expect("renders");
        (render(&theirs), render(&ours))
    }

    #[test]
    fn the_safe_filter_gives_what_teras_gives() {
        let mut map = tera::Map::new();
        map.insert("a".into(), "<b>".into());
        let values = [
            tera::Value::from("<p>Tom & Jerry's \"show\"</p>"),
            tera::Value::from("<p>".repeat(40)),
            tera::Value::safe_string("<em>already safe</em>"),
            tera::Value::safe_string(&"<em>".repeat(40)),
            tera::Value::from(""),
            tera::Value::from(42),
            tera::Value::from(2.5),
            tera::Value::from(true),
            tera::Value::from(vec!["<a>", "b"]),
            tera::Value::from(map),
            tera::Value::none(),
        ];
        for value in values {
            let (theirs, ours) = safe_with_both(value.clone());
            assert_eq!(ours, theirs, "{value:?}");
        }
    }
}
