//! Human-readable report with miette: source snippets for YAML, cell and
//! cell text for workbooks.

use std::io::Write;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::Summary;
use crate::diag::{Diagnostic, Severity, tally};
use crate::model::Pos;
use crate::source::SourceMap;

struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
}

impl std::fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.d.message)
    }
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.d.loc.pos {
            Pos::Text { .. } if self.source.is_some() => write!(f, "{}", self.d.message),
            _ => write!(f, "{}：{}", self.d.loc, self.d.message),
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.d.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        let cell = self
            .d
            .snippet
            .as_ref()
            .map(|s| format!("单元格内容：“{}”", shorten(s)));
        match (&self.d.help, cell) {
            (Some(h), Some(c)) => Some(Box::new(format!("{c}\n{h}"))),
            (Some(h), None) => Some(Box::new(h.clone())),
            (None, Some(c)) => Some(Box::new(c)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let Pos::Text { offset, len, .. } = self.d.loc.pos else {
            return None;
        };
        self.source.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("这里".into()),
            offset as usize,
            len as usize,
        ))))
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 80 {
        let head: String = s.chars().take(80).collect();
        format!("{head}……")
    } else {
        s.to_string()
    }
}

/// Writes a human report.
pub fn write(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: &Summary,
    color: bool,
) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    for d in diags {
        let source = match (&d.loc.pos, sources.get(&d.loc.file)) {
            (Pos::Text { .. }, Some(text)) => {
                Some(NamedSource::new(&*d.loc.file, text.to_string()).with_language("yaml"))
            }
            _ => None,
        };
        let shown = Shown { d, source };
        let mut s = String::new();
        if handler.render_report(&mut s, &shown).is_err() {
            s = format!("{}: {}\n", d.loc, d.message);
        }
        out.write_all(s.as_bytes())?;
    }
    let (errors, warnings) = tally(diags);
    writeln!(
        out,
        "已检查 {} 个文件、{} 份目录（{} 个政务事项、{} 个办理环节、{} 条政府信息）：{} 个错误，{} 个警告",
        summary.files.len(),
        summary.catalogs,
        summary.items,
        summary.steps,
        summary.infos,
        errors,
        warnings
    )
}
