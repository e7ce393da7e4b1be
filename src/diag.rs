//! Diagnostics: what a rule found, where, and how to fix it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::code::Code;
pub use crate::code::{Level, Severity};
use crate::model::{Loc, Pos};

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub loc: Loc,
    /// The text at the place (a cell's shown text), quoted in reports.
    pub snippet: Option<Arc<str>>,
}

impl Diagnostic {
    /// Sort key: file, then position, then code.
    fn key(&self) -> (&str, u8, u32, u32, &str, &'static str) {
        let (k, a, b, sheet) = match &self.loc.pos {
            Pos::File => (0, 0, 0, ""),
            Pos::Text { line, col, .. } => (1, *line, *col, ""),
            Pos::Cell { sheet, row, col } => (2, *row, *col, &**sheet),
        };
        (&self.loc.file, k, a, b, sheet, self.code.as_str())
    }
}

/// Collects diagnostics; severity comes from the code's default level.
#[derive(Default, Debug, Clone)]
pub struct Sink {
    pub diags: Vec<Diagnostic>,
}

impl Sink {
    pub fn new() -> Self {
        Sink::default()
    }

    /// Reports `code` at `loc`.
    pub fn emit(&mut self, code: Code, loc: &Loc, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            help: None,
            loc: loc.clone(),
            snippet: None,
        });
        let last = self.diags.len() - 1;
        // Just pushed, so `last` is in bounds.
        #[allow(clippy::indexing_slicing)]
        &mut self.diags[last]
    }

    pub fn extend(&mut self, other: Sink) {
        self.diags.extend(other.diags);
    }

    /// Applies the project's rule levels, drops what is off, and sorts.
    pub fn finish(mut self, levels: &BTreeMap<Code, Level>) -> Vec<Diagnostic> {
        self.diags.retain_mut(|d| match levels.get(&d.code) {
            Some(Level::Off) => false,
            Some(Level::On(s)) => {
                d.severity = *s;
                true
            }
            None => true,
        });
        self.diags.sort_by(|a, b| a.key().cmp(&b.key()));
        self.diags.dedup();
        // A cell that could not be read (an error value, an unknown mark)
        // gets that one diagnostic, not also the follow-on "missing" ones.
        let unreadable: std::collections::HashSet<Loc> = self
            .diags
            .iter()
            .filter(|d| d.code.masks_followons() && !matches!(d.loc.pos, Pos::File))
            .map(|d| d.loc.clone())
            .collect();
        if !unreadable.is_empty() {
            self.diags
                .retain(|d| d.code.masks_followons() || !unreadable.contains(&d.loc));
        }
        self.diags
    }
}

impl Diagnostic {
    /// Adds a help line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the text found at the place.
    pub fn snippet(&mut self, s: Option<&Arc<str>>) -> &mut Self {
        self.snippet = s.cloned();
        self
    }
}

/// Counts of errors and warnings.
pub fn tally(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// What was checked (files, catalogues and their rows), for the closing
/// line of a report.
pub struct Checked<'a> {
    pub files: &'a [std::sync::Arc<str>],
    pub catalogs: usize,
    pub items: usize,
    pub steps: usize,
    pub infos: usize,
    /// 公开台账 read, and their records.
    pub ledgers: usize,
    pub records: usize,
    /// National-2019 tables read, their 一级事项 and 二级事项.
    pub nationals: usize,
    pub national_groups: usize,
    pub national_rows: usize,
}
