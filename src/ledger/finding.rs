//! What a ledger check found: a diagnostic whose code may be one of the
//! ledger's own rules (registered in [`crate::code::Code`]).

use std::sync::Arc;

use crate::code::{Code, RuleInfo};
use crate::diag::{Diagnostic, Severity};
use crate::model::Loc;

/// One finding, with the same fields as a [`Diagnostic`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable code (`ledger-late`, or a catalogue rule's such as
    /// `field-missing`).
    pub code: &'static str,
    /// The rule's default severity.
    pub severity: Severity,
    /// What is wrong, in 简体中文.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The YAML line or workbook cell.
    pub loc: Loc,
    /// The text found there, quoted in reports.
    pub snippet: Option<Arc<str>>,
}

impl Finding {
    /// A finding of a ledger rule at `loc`.
    pub fn new(rule: &'static RuleInfo, loc: &Loc, message: impl Into<String>) -> Finding {
        Finding {
            code: rule.code,
            severity: rule.severity,
            message: message.into(),
            help: None,
            loc: loc.clone(),
            snippet: None,
        }
    }

    /// A finding of a catalogue rule (the readers' `field-missing`,
    /// `unknown-key`, `yaml-syntax` …).
    pub fn core(code: Code, loc: &Loc, message: impl Into<String>) -> Finding {
        Finding::new(code.info(), loc, message)
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Adds the text found at the place.
    pub fn snippet(mut self, s: Option<&Arc<str>>) -> Finding {
        self.snippet = s.cloned();
        self
    }

    /// The same finding from a diagnostic of the shared readers.
    pub fn from_diagnostic(d: Diagnostic) -> Finding {
        Finding {
            code: d.code.as_str(),
            severity: d.severity,
            message: d.message,
            help: d.help,
            loc: d.loc,
            snippet: d.snippet,
        }
    }

    /// As a diagnostic, once its code is registered in [`Code`]; `None`
    /// while it is not.
    pub fn to_diagnostic(&self) -> Option<Diagnostic> {
        Some(Diagnostic {
            code: Code::parse(self.code)?,
            severity: self.severity,
            message: self.message.clone(),
            help: self.help.clone(),
            loc: self.loc.clone(),
            snippet: self.snippet.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_codes_round_trip_through_diagnostics() {
        let loc = Loc::file(&Arc::from("台账.yaml"));
        let f = Finding::core(Code::FieldMissing, &loc, "公开记录缺少“公开日期”").help("补上");
        let d = f.to_diagnostic();
        assert_eq!(d.as_ref().map(|d| d.code), Some(Code::FieldMissing));
        assert_eq!(d.map(Finding::from_diagnostic), Some(f));
    }
}
