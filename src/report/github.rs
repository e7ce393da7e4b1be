//! `--format github`: GitHub Actions workflow commands (annotations).

use std::io::Write;

use super::flat_message;
use crate::diag::Checked;
use crate::diag::{Diagnostic, Severity, tally};
use crate::model::Pos;

/// Escapes a workflow-command value.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], summary: &Checked) -> std::io::Result<()> {
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!(
            "file={}",
            escape_prop(&crate::source::slash_path(&d.loc.file))
        )];
        if let Pos::Text { line, col, .. } = d.loc.pos {
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
        }
        props.push(format!("title={}", escape_prop(d.code.as_str())));
        writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            escape_data(&flat_message(d))
        )?;
    }
    let (errors, warnings) = tally(diags);
    writeln!(
        out,
        "gkml：已检查 {} 个文件，{errors} 个错误，{warnings} 个警告",
        summary.files.len()
    )
}
