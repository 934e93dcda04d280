//! Diagnostics about a site's content, and the errors that stop a run.
//!
//! A `Diagnostic` names the file, line, column and field, says what was expected and
//! gives a hint. `Error` is everything else that can stop a run (a file that cannot be
//! read, a template that does not render); it carries a chain of causes. Both are printed
//! by `report`, the one error printer.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Pos;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about the content, tied to a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub pos: Pos,
    pub field: String,
    pub message: String,
    pub hint: Option<String>,
    /// A blameless-writing finding, printed `file:line:col rule-id: message (suggestion)`.
    pub is_lint: bool,
}

impl Diagnostic {
    pub fn error(file: &Path, pos: Pos, field: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos,
            field: field.to_string(),
            message: message.into(),
            hint: None,
            is_lint: false,
        }
    }

    /// A finding of the blameless check: a warning named by its rule.
    pub fn lint(
        file: &Path,
        pos: Pos,
        rule: &str,
        message: impl Into<String>,
        suggestion: Option<String>,
    ) -> Self {
        Self {
            is_lint: true,
            hint: suggestion,
            ..Self::warning(file, pos, rule, message)
        }
    }

    pub fn warning(file: &Path, pos: Pos, field: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pos, field, message)
        }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // A lint reads `file:line:col rule-id: …`, a diagnostic `file:line:col: field: …`.
        let separator = if self.is_lint { " " } else { ": " };
        write!(
            f,
            "{label}: {}:{}:{}{separator}{}: {}",
            self.file.display(),
            self.pos.line,
            self.pos.column,
            self.field,
            self.message
        )?;
        match (&self.hint, self.is_lint) {
            (Some(suggestion), true) => write!(f, " ({suggestion})"),
            (Some(hint), false) => write!(f, "\n  hint: {hint}"),
            (None, _) => Ok(()),
        }
    }
}

/// Every diagnostic of a run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// `--strict`: the blameless check's warnings become errors.
    pub fn make_lints_errors(&mut self) {
        for d in self.items.iter_mut().filter(|d| d.is_lint) {
            d.severity = Severity::Error;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file, then position, so that output is stable whatever the load order.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.pos.line, a.pos.column).cmp(&(&b.file, b.pos.line, b.pos.column))
        });
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// An error that stops a run, with the chain of what was being done.
#[derive(Debug)]
pub struct Error {
    message: String,
    causes: Vec<String>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            causes: Vec::new(),
        }
    }

    /// Adds the cause of this error (an io error, a template error, ...).
    #[must_use]
    pub fn caused_by(mut self, cause: &dyn std::error::Error) -> Self {
        self.causes.push(cause.to_string());
        let mut source = cause.source();
        while let Some(inner) = source {
            self.causes.push(inner.to_string());
            source = inner.source();
        }
        self
    }

    /// Wraps this error in the context of what was being done.
    #[must_use]
    pub fn context(self, message: impl Into<String>) -> Self {
        let mut causes = vec![self.message];
        causes.extend(self.causes);
        Self {
            message: message.into(),
            causes,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        for cause in &self.causes {
            write!(f, "\n  caused by: {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Why a run failed: content that does not pass the checks, or an error.
#[derive(Debug)]
pub enum Failure {
    Content,
    Stopped(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Stopped(error)
    }
}

/// Prints diagnostics and a summary line to `out`. This and `report_error` are the only
/// code that formats problems for people.
pub fn report(diagnostics: &Diagnostics, out: &mut dyn Write) {
    for diagnostic in diagnostics.iter() {
        let _ = writeln!(out, "{diagnostic}");
    }
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    if errors + warnings > 0 {
        let _ = writeln!(
            out,
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
}

/// Prints an error that stopped the run.
pub fn report_error(error: &Error, out: &mut dyn Write) {
    let _ = writeln!(out, "error: {error}");
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = crate::model::fold_word(word);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &crate::model::fold_word(c)), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// "did you mean X?" or the list of what is accepted.
pub fn suggest(word: &str, accepted: &[&str]) -> String {
    suggest_among(word, accepted, accepted)
}

/// Like `suggest`, matching against every spelling (aliases too) but listing only `shown`.
pub fn suggest_among(word: &str, spellings: &[&str], shown: &[&str]) -> String {
    match closest(word, spellings.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? Accepted: {}", shown.join(", ")),
        None => format!("accepted: {}", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("title", "title"), 0);
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("impcat", "impact"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_finds_typos_but_not_unrelated_words() {
        let keys = ["title", "impact", "started", "components"];
        assert_eq!(closest("titl", keys), Some("title"));
        assert_eq!(closest("componets", keys), Some("components"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn diagnostics_print_file_line_column_field_and_hint() {
        let d = Diagnostic::error(Path::new("content/a.md"), Pos::new(3, 5), "impact", "bad")
            .with_hint("use minor");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:5: impact: bad\n  hint: use minor"
        );
    }
}
