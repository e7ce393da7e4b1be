//! `--format junit`: one test suite per file, one failing test case per
//! error (warnings are reported as passing cases with system-out).

use std::collections::BTreeMap;
use std::io::Write;

use super::flat_message;
use crate::diag::Checked;
use crate::diag::{Diagnostic, Severity};

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], summary: &Checked) -> std::io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for f in summary.files {
        by_file.entry(f).or_default();
    }
    for d in diags {
        by_file.entry(&d.loc.file).or_default().push(d);
    }
    let failures = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let tests: usize = by_file.values().map(|v| v.len().max(1)).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="gkml validate" tests="{tests}" failures="{failures}">"#
    )?;
    for (file, ds) in by_file {
        let f = ds.iter().filter(|d| d.severity == Severity::Error).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{f}">"#,
            esc(file),
            ds.len().max(1)
        )?;
        if ds.is_empty() {
            writeln!(
                out,
                r#"    <testcase classname="{}" name="无问题"/>"#,
                esc(file)
            )?;
        }
        for d in ds {
            let name = format!("{} {}", d.code.as_str(), d.loc.position_label());
            write!(
                out,
                r#"    <testcase classname="{}" name="{}""#,
                esc(file),
                esc(name.trim())
            )?;
            match d.severity {
                Severity::Error => {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{}</failure>"#,
                        d.code.as_str(),
                        esc(&d.message),
                        esc(&format!("{}\n{}", d.loc, flat_message(d)))
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
                Severity::Warning => {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        "      <system-out>{}</system-out>",
                        esc(&format!("警告 {}: {}", d.loc, flat_message(d)))
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
