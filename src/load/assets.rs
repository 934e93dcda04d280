//! The files published beside an incident's or a maintenance window's page, and the files
//! of `content/` that are never published: editor and backup files, page sources, HTML and
//! scripts. A picture is an image, a PDF or a plain data file; an SVG is read first and
//! refused if it could run or load anything.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Error};
use crate::model::Pos;

/// The kinds of file published beside a page: what a page can show or link to safely.
const PUBLISHED: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf", "txt", "csv", "json",
];

/// The files of an incident or maintenance folder to publish, and what was found on the way.
#[derive(Debug, Default)]
pub struct Bundle {
    pub assets: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a file name is an editor's or a system's by-product: a backup (`index.md~`,
/// `*.bak`, `*.orig`), an autosave or lock (`#index.md#`, `.#index.md`, `*.swp`), or a
/// hidden file. Such files are never read or published, wherever they are in `content/`.
pub fn is_editor_file(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "~",
        ".bak",
        ".orig",
        ".rej",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".kate-swp",
    ];
    name.starts_with('.')
        || (name.starts_with('#') && name.ends_with('#'))
        || ENDINGS
            .iter()
            .any(|e| name.to_ascii_lowercase().ends_with(e))
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// The note `check` gives for a file of `content/` that is not read.
pub fn editor_file_note(site: &Path, path: &Path) -> Diagnostic {
    Diagnostic::warning(
        path.strip_prefix(site).unwrap_or(path),
        Pos::new(1, 1),
        "file",
        "not read and not published: an editor's backup, autosave or hidden file",
    )
    .with_hint("nothing to do; delete it when the editor is closed")
}

/// The files of an incident's folder beside its `index.md`, as absolute paths. Links are
/// not followed out of the site; an editor's files are passed over with a note.
pub fn bundle(site: &Path, folder: &Path) -> Result<Bundle, Error> {
    let mut bundle = Bundle::default();
    for entry in walkdir::WalkDir::new(folder)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry
            .map_err(|e| Error::new(format!("cannot list {}", folder.display())).caused_by(&e))?;
        let name = entry.file_name().to_string_lossy();
        let path = entry.path();
        if name == "index.md" {
            continue;
        }
        if is_editor_file(&name) {
            bundle.diagnostics.push(editor_file_note(site, path));
            continue;
        }
        crate::fs::refuse_link_out(path, site)?;
        if !path.is_file() {
            continue;
        }
        let shown = path.strip_prefix(site).unwrap_or(path);
        match published_kind(path) {
            Some("svg") => match crate::fs::read_content(site, shown)? {
                Ok(svg) => match unsafe_svg(&svg) {
                    Some(problem) => bundle.diagnostics.push(problem.into_diagnostic(shown)),
                    None => bundle.assets.push(path.to_path_buf()),
                },
                Err(unreadable) => bundle
                    .diagnostics
                    .push(super::unreadable_file(&unreadable).into_diagnostic(shown)),
            },
            Some(_) => bundle.assets.push(path.to_path_buf()),
            None => bundle.diagnostics.push(not_published(shown)),
        }
    }
    Ok(bundle)
}

/// The kind of a file that may be published beside a page, by its extension.
fn published_kind(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    PUBLISHED.iter().copied().find(|kind| *kind == extension)
}

fn not_published(shown: &Path) -> Diagnostic {
    Diagnostic::warning(
        shown,
        Pos::new(1, 1),
        "file",
        "not published: beside a page, vigie publishes only pictures (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF and plain data (TXT, CSV, JSON)",
    )
    .with_hint("a page's text goes in its index.md; move other files out of content/")
}

/// What in an SVG could run a script or load something when the picture is opened on its
/// own, on the status page's site: the first such thing, with its position.
fn unsafe_svg(text: &str) -> Option<super::Problem> {
    static UNSAFE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        [
            (r"(?i)<script", "a script"),
            (
                r"(?i)<foreignObject",
                "a foreign object (HTML inside the picture)",
            ),
            (r"(?i)<!(DOCTYPE|ENTITY)", "a document type declaration"),
            (r"(?i)<(iframe|embed|object)\b", "an embedded document"),
            (r#"(?i)[\s"'/]on[a-z]+\s*="#, "an event handler"),
            (r"(?i)javascript:", "a `javascript:` address"),
            (
                r#"(?i)\b(href|src)\s*=\s*["']?\s*[^"'\s#>]"#,
                "a reference to another file or site",
            ),
            (
                r#"(?i)url\(\s*["']?\s*[^"'\s#)]"#,
                "a reference to another file or site",
            ),
            (r"(?i)@import", "a stylesheet import"),
        ]
        .into_iter()
        .filter_map(|(pattern, what)| Regex::new(pattern).ok().map(|r| (r, what)))
        .collect()
    });
    let (at, what) = UNSAFE
        .iter()
        .filter_map(|(regex, what)| regex.find(text).map(|m| (m.start(), *what)))
        .min_by_key(|(at, _)| *at)?;
    Some(super::Problem::new(
        Pos::of_offset(text, at),
        "svg",
        format!(
            "the picture holds {what}, which would run or load when it is opened on the status page's site"
        ),
        "export it again as a plain picture (or as PNG); vigie publishes an SVG only without scripts, event handlers, foreign objects or outside references",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_backup_files_are_told_apart_from_content() {
        for name in [
            "index.md~",
            "#index.md#",
            ".#index.md",
            "index.md.orig",
            "index.md.bak",
            ".index.md.swp",
            "index.md.swp",
            ".DS_Store",
            "Thumbs.db",
        ] {
            assert!(is_editor_file(name), "{name}");
        }
        for name in ["index.md", "graph.png", "export#1.csv", "notes.md"] {
            assert!(!is_editor_file(name), "{name}");
        }
    }

    #[test]
    fn a_plain_svg_is_published() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10"/><use href="#g"/><use xlink:href="#g"/></svg>"##;
        assert_eq!(unsafe_svg(svg), None);
    }

    #[test]
    fn an_svg_that_could_run_or_load_is_refused_where_it_does() {
        for (svg, what, column) in [
            ("<svg>\n<script>alert(1)</script></svg>", "a script", 1),
            (
                "<svg>\n  <rect onclick=\"x()\"/></svg>",
                "an event handler",
                8,
            ),
            (
                "<svg>\n<foreignObject><p>x</p></foreignObject></svg>",
                "a foreign object",
                1,
            ),
            (
                "<svg>\n<image href=\"https://example.com/a.png\"/></svg>",
                "a reference",
                8,
            ),
            (
                "<svg>\n<image xlink:href='//example.com/a.png'/></svg>",
                "a reference",
                14,
            ),
            (
                "<svg>\n<rect style=\"fill:url(https://x/y)\"/></svg>",
                "a reference",
                19,
            ),
            (
                "<svg>\n<style>@import 'x.css';</style></svg>",
                "a stylesheet import",
                8,
            ),
            (
                "<svg>\n<a href=\"javascript:alert(1)\">x</a></svg>",
                "a reference",
                4,
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"y\">]>\n<svg/>",
                "a document type",
                1,
            ),
            (
                "<svg>\n<iframe src=\"x.html\"/></svg>",
                "an embedded document",
                1,
            ),
        ] {
            let problem = unsafe_svg(svg).unwrap_or_else(|| panic!("{svg} passed"));
            assert!(problem.message.contains(what), "{svg}: {}", problem.message);
            let expected_line = if svg.starts_with("<!") { 1 } else { 2 };
            assert_eq!(problem.pos, Pos::new(expected_line, column), "{svg}");
        }
    }
}
