//! Human-readable report with miette: source snippets for YAML, cell and
//! cell text for workbooks.

use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::diag::Checked;
use crate::diag::{Diagnostic, Severity, tally};
use crate::model::Pos;
use crate::source::SourceMap;

struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<Window<'a>>,
}

/// Lines longer than this are not quoted (a minified or hostile file); the
/// location and the message still are.
const MAX_QUOTED_LINE: usize = 400;

/// The few lines around a diagnostic, borrowed from the file's text, with
/// their true line numbers: reports stay small however big the file is.
struct Window<'a> {
    name: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
    first_line: usize,
    /// The diagnostic's own place (0-based line and column).
    at: (usize, usize, usize, usize),
}

impl<'a> Window<'a> {
    /// The line holding `offset` and one line either side, or `None` when
    /// one of them is too long to quote.
    fn around(
        name: &'a str,
        text: &'a str,
        (offset, len): (usize, usize),
        (line, col): (u32, u32),
    ) -> Option<Window<'a>> {
        let offset = offset.min(text.len());
        let bytes = text.as_bytes();
        let line_start = |at: usize| {
            bytes
                .get(..at)
                .unwrap_or_default()
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        };
        let line_end = |at: usize| {
            bytes
                .get(at..)
                .unwrap_or_default()
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| at + i)
        };
        let here = line_start(offset);
        let start = if here == 0 { 0 } else { line_start(here - 1) };
        let here_end = line_end(offset);
        let end = if here_end >= text.len() {
            text.len()
        } else {
            line_end(here_end + 1)
        };
        let window = text.get(start..end)?;
        if window.lines().any(|l| l.len() > MAX_QUOTED_LINE) {
            return None;
        }
        let first_line = (line as usize)
            .saturating_sub(1)
            .saturating_sub(usize::from(start != here));
        let at = (
            offset,
            len,
            (line as usize).saturating_sub(1),
            (col as usize).saturating_sub(1),
        );
        Some(Window {
            name,
            text,
            start,
            end,
            first_line,
            at,
        })
    }
}

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        _span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        if before == 0 && after == 0 {
            // Asked for the place itself (the report's header line).
            let (offset, len, line, col) = self.at;
            let data = self.text.get(offset..offset + len).unwrap_or("");
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                data.as_bytes(),
                SourceSpan::from((offset, len)),
                line,
                col,
                1,
            )));
        }
        let data = self.text.get(self.start..self.end).unwrap_or("");
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data.as_bytes(),
            SourceSpan::from((self.start, self.end - self.start)),
            self.first_line,
            0,
            data.lines().count().max(1),
        )))
    }
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
    summary: &Checked,
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
            (
                Pos::Text {
                    offset,
                    len,
                    line,
                    col,
                },
                Some(text),
            ) => Window::around(
                &d.loc.file,
                text,
                (*offset as usize, *len as usize),
                (*line, *col),
            ),
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
        "已检查 {} 个文件、{}{}：{} 个错误，{} 个警告",
        summary.files.len(),
        if summary.nationals > 0 && summary.catalogs == 0 {
            String::new()
        } else {
            format!(
                "{} 份目录（{} 个政务事项、{} 个办理环节、{} 条政府信息）",
                summary.catalogs, summary.items, summary.steps, summary.infos
            )
        },
        if summary.nationals > 0 {
            format!(
                "{}{} 份基层政务公开标准目录（{} 个一级事项、{} 个二级事项）",
                if summary.catalogs == 0 { "" } else { "、" },
                summary.nationals,
                summary.national_groups,
                summary.national_rows
            )
        } else {
            String::new()
        } + &if summary.ledgers > 0 {
            format!(
                "、{} 份公开台账（{} 条公开记录）",
                summary.ledgers, summary.records
            )
        } else {
            String::new()
        },
        errors,
        warnings
    )
}
