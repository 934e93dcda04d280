//! A quick reading of the plainest YAML front matter, the kind nearly every incident has:
//! `key: value` lines, and under a key with no value one indented block of `key: value`
//! lines or of `- value` lines, every value a plain word or sentence.
//!
//! It reads only a strict subset of YAML, whose meaning it knows to be exactly what
//! serde_saphyr gives: values it hands over as text only where serde_saphyr would hand over
//! the same text. On anything else (quotes, comments, tabs, flow lists, anchors, tags,
//! multi-line values, duplicate keys, a word YAML reads as null, a boolean or a number
//! where the field takes any value, and every error whatsoever) it gives `None`, and the
//! caller reads the front matter with serde_saphyr, so every diagnostic stays the same.

use serde::de::value::Error;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// Larger front matter is left to serde_saphyr, whose budgets it may breach.
const MAX_BYTES: usize = 16 * 1024;
/// Longer keys are left to serde_saphyr, whose simple keys are at most 1024 characters.
const MAX_KEY_BYTES: usize = 64;

/// Reads `front` into `T` when it is in the plain subset and `T` accepts it; `None`
/// otherwise.
pub fn read<T: DeserializeOwned>(front: &str) -> Option<T> {
    let entries = entries(front)?;
    T::deserialize(Node::Map(entries)).ok()
}

/// A value of the plain subset.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node<'a> {
    Scalar(&'a str),
    Map(Vec<(&'a str, Node<'a>)>),
    List(Vec<Node<'a>>),
}

/// The top-level entries of `front`, or `None` when it leaves the subset.
fn entries(front: &str) -> Option<Vec<(&str, Node<'_>)>> {
    if front.len() > MAX_BYTES {
        return None;
    }
    let mut top: Vec<(&str, Node<'_>)> = Vec::with_capacity(12);
    // The key waiting for its indented block, the block's indent and its lines so far.
    let mut open: Option<(&str, usize, Node<'_>)> = None;
    let lines = front.strip_suffix('\n').unwrap_or(front);
    for line in lines.split('\n') {
        if line.is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if indent == 0 {
            if let Some((key, _, block)) = open.take() {
                push_entry(&mut top, key, block)?;
            }
            let (key, value) = key_and_value(rest)?;
            match value {
                Some(value) => push_entry(&mut top, key, value)?,
                None => open = Some((key, 0, Node::List(Vec::new()))),
            }
            continue;
        }
        let (_, block_indent, block) = open.as_mut()?;
        let first = *block_indent == 0;
        if first {
            *block_indent = indent;
        } else if indent != *block_indent {
            return None;
        }
        if let Some(item) = rest.strip_prefix("- ") {
            let Node::List(items) = block else {
                return None;
            };
            items.push(Node::Scalar(plain_scalar(item)?));
        } else {
            let (key, value) = key_and_value(rest)?;
            let value = value?;
            if first {
                *block = Node::Map(Vec::with_capacity(4));
            }
            let Node::Map(entries) = block else {
                return None;
            };
            push_entry(entries, key, value)?;
        }
    }
    if let Some((key, _, block)) = open {
        push_entry(&mut top, key, block)?;
    }
    Some(top)
}

/// Adds `key` to a mapping, unless it is already there or its block is empty (a null).
fn push_entry<'a>(
    entries: &mut Vec<(&'a str, Node<'a>)>,
    key: &'a str,
    value: Node<'a>,
) -> Option<()> {
    if entries.iter().any(|(k, _)| *k == key) || value == Node::List(Vec::new()) {
        return None;
    }
    entries.push((key, value));
    Some(())
}

/// `key: value` as the key and the value, `key:` as the key alone.
fn key_and_value(line: &str) -> Option<(&str, Option<Node<'_>>)> {
    let colon = line.find(':')?;
    let key = plain_key(&line[..colon])?;
    let after = &line[colon + 1..];
    if after.is_empty() {
        return Some((key, None));
    }
    let value = after.strip_prefix(' ')?.trim_start_matches(' ');
    let value = match value.strip_prefix('[') {
        Some(list) => flow_list(list)?,
        None => Node::Scalar(plain_scalar(value)?),
    };
    Some((key, Some(value)))
}

/// The words of a one-line flow list after its `[`: `acme]`, `acme, globex]`, each word
/// a `plain_key`, one space after each comma and none elsewhere.
fn flow_list(list: &str) -> Option<Node<'_>> {
    let words = list.strip_suffix(']')?;
    let items = words
        .split(", ")
        .map(|word| plain_key(word).map(Node::Scalar))
        .collect::<Option<Vec<_>>>()?;
    Some(Node::List(items))
}

/// A key of ASCII letters, digits, `_` and `-`, starting with a letter, that YAML reads as
/// no other thing than its text.
fn plain_key(key: &str) -> Option<&str> {
    let bytes = key.as_bytes();
    let fits = !bytes.is_empty()
        && bytes.len() <= MAX_KEY_BYTES
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-');
    (fits && !is_null_or_bool(key)).then_some(key)
}

/// A one-line plain scalar whose text is its value: no indicator first, no comment, no
/// `: `, no trailing space, only printable characters and spaces.
fn plain_scalar(value: &str) -> Option<&str> {
    let first = value.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@` ".contains(first) || value.ends_with([' ', ':']) {
        return None;
    }
    // One pass over the bytes for `: `, `#` and ASCII controls; characters beyond ASCII
    // are then checked one by one, when there are any.
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' => return None,
            b':' if bytes.get(i + 1) == Some(&b' ') => return None,
            b' '..=b'~' | 0x80.. => {}
            _ => return None,
        }
    }
    (value.is_ascii() || value.chars().all(is_plain_char)).then_some(value)
}

/// A character that stands for itself in a plain scalar: printable ASCII and space, or a
/// printable character beyond Latin-1's controls that no YAML reader takes for a line
/// break or a byte-order mark.
fn is_plain_char(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

/// The words YAML reads as null or as a boolean (serde_saphyr takes YAML 1.1's booleans).
fn is_null_or_bool(word: &str) -> bool {
    is_null(word)
        || ["y", "yes", "true", "on", "n", "no", "false", "off"]
            .iter()
            .any(|b| word.eq_ignore_ascii_case(b))
}

/// A scalar serde_saphyr hands to an untyped field (`deserialize_any`) as its text: not
/// null, not a boolean, and not a number: it starts with a letter (the letter-first
/// spellings `inf`, `nan` stay text), or holds a `:` or a space, which no number has.
fn is_text_for_any(value: &str) -> bool {
    !is_null_or_bool(value)
        && (value.as_bytes()[0].is_ascii_alphabetic() || value.contains([':', ' ']))
}

fn refuse<T>() -> Result<T, Error> {
    Err(de::Error::custom("outside the plain subset"))
}

/// The spellings of null; a plain scalar is never empty here.
fn is_null(value: &str) -> bool {
    matches!(value, "~" | "null" | "Null" | "NULL")
}

/// Every other kind of value is refused: the front matter is then read by serde_saphyr.
macro_rules! refuse_all {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            refuse()
        })*
    };
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Scalar(s) if is_text_for_any(s) => visitor.visit_borrowed_str(s),
            _ => refuse(),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Scalar(s) if !is_null(s) => visitor.visit_borrowed_str(s),
            _ => refuse(),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Scalar(s) if is_null(s) => visitor.visit_none(),
            node => visitor.visit_some(node),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Node::Map(entries) = self else {
            return refuse();
        };
        let mut map =
            de::value::MapDeserializer::new(entries.into_iter().map(|(k, v)| (Key(k), v)));
        let value = visitor.visit_map(&mut map)?;
        map.end()?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Node::List(items) = self else {
            return refuse();
        };
        let mut seq = de::value::SeqDeserializer::new(items.into_iter());
        let value = visitor.visit_seq(&mut seq)?;
        seq.end()?;
        Ok(value)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _: V,
    ) -> Result<V::Value, Error> {
        refuse()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _: V,
    ) -> Result<V::Value, Error> {
        refuse()
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _: V) -> Result<V::Value, Error> {
        refuse()
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _: V,
    ) -> Result<V::Value, Error> {
        refuse()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Error> {
        refuse()
    }

    refuse_all! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for Node<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// A key of a mapping, read as its text.
struct Key<'a>(&'a str);

impl<'de> IntoDeserializer<'de, Error> for Key<'de> {
    type Deserializer = Node<'de>;
    fn into_deserializer(self) -> Node<'de> {
        Node::Scalar(self.0)
    }
}

/// Whether the quick reading of `front` into `T` is taken and, when it is, gives what
/// serde_saphyr gives: `Ok(true)` taken and equal, `Ok(false)` declined, `Err` otherwise.
#[cfg(test)]
pub fn agrees<T: DeserializeOwned + std::fmt::Debug>(front: &str) -> Result<bool, String> {
    let Some(quick) = read::<T>(front) else {
        return Ok(false);
    };
    let options = serde_saphyr::options! { with_snippet: false };
    match serde_saphyr::from_str_with_options::<T>(front, options) {
        Ok(full) if format!("{full:?}") == format!("{quick:?}") => Ok(true),
        Ok(full) => Err(format!("{front:?}: quick {quick:?}, serde_saphyr {full:?}")),
        Err(e) => Err(format!(
            "{front:?}: quick {quick:?}, serde_saphyr error {e}"
        )),
    }
}

/// Values written where a plain one is expected: the plain ones and their near misses.
#[cfg(test)]
pub const NEAR_VALUES: &[&str] = &[
    "minor",
    "major_outage",
    "Panne de l’API",
    "Exports failing",
    "A, b and c",
    "a [b] {c}",
    "l'API \"v2\"",
    "2026-11-06 18:40",
    "2026-11-23T05:26:00Z",
    "2026-11-23",
    "18:40",
    "2h",
    "90m",
    "none",
    "published",
    "yes",
    "no",
    "Yes",
    "NO",
    "y",
    "n",
    "on",
    "Off",
    "true",
    "False",
    "TRUE",
    "null",
    "Null",
    "NULL",
    "~",
    "",
    " ",
    "123",
    "-1",
    "+1",
    "0x1F",
    "0o17",
    "0b1",
    "1_000",
    "1.5",
    "1e3",
    "1e999",
    ".inf",
    "-.inf",
    ".nan",
    "inf",
    "nan",
    "Infinity",
    "0",
    "007",
    "'quoted'",
    "\"quoted\"",
    "'half",
    "a # comment",
    "a #b",
    "#x",
    "a#b",
    "a: b",
    "a:b",
    "a:",
    "http://example.com/x",
    "trailing ",
    "two  spaces",
    "\ttab",
    "a\tb",
    "&anchor x",
    "*alias",
    "!tag x",
    "!!str 1",
    "|",
    ">",
    "| x",
    "> x",
    "[a, b]",
    "{a: b}",
    "-x",
    "- x",
    "-",
    "?x",
    "? x",
    ":x",
    "%x",
    "@x",
    "`x`",
    ",x",
    "x,",
    "été",
    "日本語",
    "a\u{a0}b",
    "a\u{85}b",
    "a\u{2028}b",
    "\u{feff}x",
    "x\r",
    "x ---",
    "...",
    "a...b",
    "<<",
    "a\\b",
    "a\"b",
    "a'b",
    "\u{1f600}",
    "=",
    "a = b",
    "${HOME}",
    "$x",
    "[acme]",
    "[acme, globex]",
    "[acme,globex]",
    "[acme,  globex]",
    "[ acme ]",
    "[acme ]",
    "[acme, ]",
    "[, acme]",
    "[]",
    "[ ]",
    "[a b]",
    "[yes]",
    "[No]",
    "[~]",
    "[null]",
    "[1]",
    "[0x1]",
    "[acme] x",
    "[acme]]",
    "[acme",
    "[[acme]]",
    "[a: b]",
    "[a:b]",
    "[{a}]",
    "[été]",
    "[acme, acme]",
    "[acme-1, b_2]",
    "[acme # x]",
    "[acme] # x",
    "['acme']",
    "[\"acme\"]",
    "[&a acme]",
    "[*a]",
    "[!x acme]",
    "[-a]",
    "[a-]",
    "[.inf]",
    "[acme,\tglobex]",
];

/// Checks `agrees` on every YAML front matter of the example site and of the test sites,
/// on `templates` with each of `NEAR_VALUES` in place of `{}`, and on each template bent
/// line by line out of the subset. Panics on the first disagreement; returns how many
/// readings were taken quickly, so a caller can check that the quick path is used.
#[cfg(test)]
pub fn assert_agrees_everywhere<T: DeserializeOwned + std::fmt::Debug>(
    templates: &[&str],
) -> usize {
    let mut taken = 0;
    let mut check = |front: &str| match agrees::<T>(front) {
        Ok(quick) => taken += usize::from(quick),
        Err(e) => panic!("the quick reading differs: {e}"),
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["content", "tests/fixtures"] {
        markdown_files(&root.join(dir), &mut files);
    }
    assert!(!files.is_empty());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if let Ok(split) = super::split(&text)
            && split.syntax == super::Syntax::Yaml
        {
            check(split.front);
        }
    }
    for template in templates {
        for value in NEAR_VALUES {
            check(&template.replace("{}", value));
        }
        for front in bent(&template.replace("{}", "minor")) {
            check(&front);
        }
    }
    taken
}

#[cfg(test)]
fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// `front` bent out of shape in the ways a writer may: one line at a time, then whole.
#[cfg(test)]
fn bent(front: &str) -> Vec<String> {
    let lines: Vec<&str> = front.lines().collect();
    let mut out = Vec::new();
    for i in 0..lines.len() {
        let line = lines[i];
        let variants = [
            format!("{line} "),
            format!("{line}  "),
            format!("{line} # note"),
            format!("{line}#note"),
            format!("\t{line}"),
            format!(" {line}"),
            format!("  {line}"),
            format!("{line}\r"),
            format!("{line}\n{line}"),
            format!("{line}\n"),
            format!("{line}\n "),
            format!("{line}\n# note"),
            format!("{line}\n  more words"),
            format!("{line}\n    more words"),
            format!("{line}\nmore words"),
            format!("{line}\n- item"),
            format!("{line}\n  - item"),
            format!("{line}\n  key: value"),
            format!("{line}\n    key: value"),
            format!("{line}\nunknown: value"),
            format!("{line}\nextra: value"),
            format!("{line}\nextra:\n  key: value"),
            format!("{line}\nfor: [acme]"),
            format!("{line}\nfor:\n- acme"),
            format!("{line}\nfor:\n  - acme\n  - globex"),
            format!("{line}\npour:\n  - acme"),
            format!("{line}\nfor:\n  - acme\npour:\n  - acme"),
            format!("{line}\nmilestones:\n  detected: 2026-11-06 18:50"),
            format!("{line}\n---"),
            format!("{line}\n..."),
            format!("{line}\n%YAML 1.2"),
            String::new(),
            line.replacen(": ", ":  ", 1),
            line.replacen(": ", ":", 1),
            line.replacen(": ", " : ", 1),
            line.replacen(": ", ":\t", 1),
            line.replacen("  ", "    ", 1),
            line.replacen("  ", "\t", 1),
            line.replacen("  ", " ", 1),
            line.replacen("- ", "-  ", 1),
            line.replacen("- ", "-", 1),
            line.to_uppercase(),
        ];
        for variant in variants {
            let mut bent: Vec<&str> = lines.clone();
            bent[i] = &variant;
            out.push(bent.join("\n") + "\n");
        }
    }
    out.push(front.replace('\n', "\r\n"));
    out.push(front.trim_end().to_string());
    out.push(format!("# note\n{front}"));
    out.push(format!("\n{front}\n\n"));
    out.push(format!("{front}{front}"));
    out
}
