//! Diagnostic reports: human (miette), json, github, sarif, junit.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

use std::io::Write;

use crate::diag::{Checked, Diagnostic};
use crate::source::SourceMap;

/// Output format of `gkml validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 终端阅读（默认）
    Human,
    /// 稳定的 JSON，字段见 README
    Json,
    /// GitHub Actions 工作流注释
    Github,
    /// SARIF 2.1.0，用于代码扫描上传
    Sarif,
    /// JUnit XML，用于 GitLab 等 CI 的测试报告
    Junit,
}

/// Writes the diagnostics in `format`.
pub fn write(
    out: &mut dyn Write,
    format: Format,
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: &Checked,
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(out, diags, sources, summary, color),
        Format::Json => json::write(out, diags, summary),
        Format::Github => github::write(out, diags, summary),
        Format::Sarif => sarif::write(out, diags),
        Format::Junit => junit::write(out, diags, summary),
    }
}

/// The location as the JSON and SARIF reports give it.
pub(crate) fn location_json(d: &Diagnostic) -> serde_json::Value {
    use crate::model::{Pos, cell_name};
    match &d.loc.pos {
        Pos::File => serde_json::json!({}),
        Pos::Text { line, col, .. } => serde_json::json!({"line": line, "column": col}),
        Pos::Cell { sheet, row, col } => {
            serde_json::json!({"sheet": &**sheet, "cell": cell_name(*row, *col)})
        }
    }
}

/// The message with the place and cell text folded in, for formats without
/// snippets.
pub(crate) fn flat_message(d: &Diagnostic) -> String {
    let mut s = String::new();
    if let crate::model::Pos::Cell { .. } = d.loc.pos {
        s.push_str(&d.loc.position_label());
        s.push('：');
    }
    s.push_str(&d.message);
    if let Some(snip) = &d.snippet {
        s.push_str(&format!("（单元格内容：“{snip}”）"));
    }
    if let Some(h) = &d.help {
        s.push_str("。修改建议：");
        s.push_str(h);
    }
    s
}
