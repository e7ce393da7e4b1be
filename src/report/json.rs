//! `--format json`: a stable, documented structure (see README).

use std::io::Write;

use super::location_json;
use crate::diag::Checked;
use crate::diag::{Diagnostic, tally};

/// Version of the JSON report's structure.
pub const JSON_VERSION: u32 = 1;

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], summary: &Checked) -> std::io::Result<()> {
    let (errors, warnings) = tally(diags);
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": &*d.loc.file,
                "location": location_json(d),
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "text": d.snippet.as_deref(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "version": JSON_VERSION,
        "summary": {
            "files": summary.files.len(),
            "catalogs": summary.catalogs,
            "items": summary.items,
            "steps": summary.steps,
            "infos": summary.infos,
            "ledgers": summary.ledgers,
            "records": summary.records,
            "errors": errors,
            "warnings": warnings,
        },
        "diagnostics": list,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
