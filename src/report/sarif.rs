//! `--format sarif`: SARIF 2.1.0 for code-scanning upload.

use std::io::Write;

use super::flat_message;
use crate::diag::{Diagnostic, Severity};
use crate::model::Pos;
use crate::rules::RULES;

pub fn write(out: &mut dyn Write, diags: &[Diagnostic]) -> std::io::Result<()> {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": format!("错误示例：\n{}\n\n正确示例：\n{}", r.bad, r.good)},
                "defaultConfiguration": {"level": r.severity.as_str()},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let mut physical = serde_json::json!({
                "artifactLocation": {"uri": uri(&crate::source::slash_path(&d.loc.file))},
            });
            match &d.loc.pos {
                Pos::Text { line, col, .. } => {
                    set(&mut physical, "region", serde_json::json!({"startLine": line, "startColumn": col}));
                }
                Pos::Cell { .. } => {
                    set(&mut physical, "region", serde_json::json!({"startLine": 1}));
                }
                Pos::File => {}
            }
            let mut loc = serde_json::json!({"physicalLocation": physical});
            if let Pos::Cell { .. } = d.loc.pos {
                set(&mut loc, "logicalLocations", serde_json::json!([{"name": d.loc.position_label(), "kind": "element"}]));
            }
            serde_json::json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": d.code as usize,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": flat_message(d)},
                "locations": [loc],
            })
        })
        .collect();
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gkml",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/gkml",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A relative URI: path segments percent-encoded where needed.
/// Sets a key of a JSON object (a no-op on anything else).
fn set(v: &mut serde_json::Value, key: &str, value: serde_json::Value) {
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_string(), value);
    }
}

fn uri(path: &str) -> String {
    let mut s = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}
