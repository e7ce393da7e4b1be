//! Workbooks made by other writers (openpyxl, LibreOffice .xls/.ods) read
//! as tests/fixtures/workbooks/manifest.json says they should: the same
//! items, steps and information whatever the layout; planted mistakes
//! reported at exactly their cells; broken files refused with exit 2.

use std::path::{Path, PathBuf};

use crate::common::Command;
use gkml::model::{Catalog, Kind, Pos, Text, cell_name};
use serde_json::{Value, json};

fn dir() -> PathBuf {
    crate::common::root().join("tests/fixtures/workbooks")
}

fn manifest() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(dir().join("manifest.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["fixtures"].as_object().unwrap().clone()
}

fn t(x: &Text) -> Value {
    match x {
        Some(s) if !s.value.trim().is_empty() => Value::String(s.value.clone()),
        _ => Value::Null,
    }
}

/// The model in the manifest's ITEM shape (spec FORMAT.md §4), written
/// here independently of gkml's own JSON output.
fn items(c: &Catalog) -> Value {
    Value::Array(
        c.items
            .iter()
            .map(|i| {
                json!({
                    "seq": t(&i.seq), "category": t(&i.category), "name": t(&i.name),
                    "subject": t(&i.subject), "basis": t(&i.basis), "aspect": t(&i.aspect),
                    "remark": t(&i.remark),
                    "steps": i.steps.iter().map(|s| json!({
                        "name": t(&s.name), "time_limit": t(&s.time_limit),
                        "infos": s.infos.iter().map(|n| json!({
                            "name": t(&n.name),
                            "attribute": n.attr().map(|a| a.label()),
                            "reason": t(&n.reason), "time": t(&n.time), "route": t(&n.route),
                            "medium": t(&n.medium), "aspect": t(&n.aspect), "remark": t(&n.remark),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn load(path: &Path) -> (Vec<Catalog>, Vec<gkml::diag::Diagnostic>) {
    let mut ws = gkml::project::load(&[path.to_path_buf()]).unwrap();
    let d = ws.check();
    (ws.catalogs, d)
}

fn where_(d: &gkml::diag::Diagnostic) -> String {
    match &d.loc.pos {
        Pos::Cell { sheet, row, col } => format!("{sheet}!{}", cell_name(*row, *col)),
        p => format!("{p:?}"),
    }
}

#[test]
fn every_fixture_reads_as_the_manifest_says() {
    let mut failures = Vec::new();
    for (name, spec) in manifest() {
        let path = dir().join(&name);
        match spec["expect"].as_str().unwrap() {
            "ok" | "diagnostics" => {
                let (cats, diags) = load(&path);
                let want_diags: Vec<(String, String)> = spec["diagnostics"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|d| {
                                (
                                    d["code"].as_str().unwrap().to_string(),
                                    d["cell"].as_str().unwrap().to_string(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut got: Vec<(String, String)> = diags
                    .iter()
                    .map(|d| (d.code.as_str().to_string(), where_(d)))
                    .collect();
                let mut want = want_diags.clone();
                got.sort();
                want.sort();
                if got != want {
                    failures.push(format!(
                        "{name}: diagnostics\n  want {want:?}\n  got  {got:?}"
                    ));
                }
                let want_cats = spec["catalogs"].as_array().unwrap();
                if cats.len() != want_cats.len() {
                    failures.push(format!(
                        "{name}: {} catalogues, want {}",
                        cats.len(),
                        want_cats.len()
                    ));
                    continue;
                }
                for (c, w) in cats.iter().zip(want_cats) {
                    let kind = match c.kind {
                        Kind::Standard => "附件2",
                        Kind::Operational => "附件3",
                    };
                    let (i, s, n) = c.counts();
                    let got = json!({
                        "sheet": c.sheet.as_deref(), "kind": kind, "unit": t(&c.unit),
                        "domain": t(&c.domain),
                        "counts": {"items": i, "steps": s, "infos": n},
                    });
                    let want = json!({
                        "sheet": w["sheet"], "kind": w["kind"], "unit": w["unit"],
                        "domain": w["domain"], "counts": w["counts"],
                    });
                    if got != want {
                        failures.push(format!("{name}: catalogue\n  want {want}\n  got  {got}"));
                    }
                    if name != "planted-mistakes-annex2.xlsx" && items(c) != w["items"] {
                        failures.push(format!(
                            "{name} {}: items differ\n  want {}\n  got  {}",
                            kind,
                            w["items"],
                            items(c)
                        ));
                    }
                }
            }
            "error" => {
                let out = Command::cargo_bin("gkml")
                    .unwrap()
                    .args(["validate", "--format", "json"])
                    .arg(&path)
                    .output()
                    .unwrap();
                let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                let codes: Vec<&str> = v["diagnostics"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|d| d["code"].as_str()).collect())
                    .unwrap_or_default();
                let ok = out.status.code() == Some(2)
                    && codes.len() == 1
                    && matches!(codes[0], "file-unreadable" | "workbook-no-catalog");
                if !ok {
                    failures.push(format!(
                        "{name}: exit {:?}, codes {codes:?}",
                        out.status.code()
                    ));
                }
            }
            other => failures.push(format!("{name}: unknown expectation {other}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Merged, blank-continuation, repeated and mixed layouts, and the .xls/.ods
/// copies, give the same model.
#[test]
fn layouts_and_formats_give_the_same_model() {
    for (name, spec) in manifest() {
        let Some(same) = spec["same_model_as"]
            .as_str()
            .or(spec["converted_from"].as_str())
        else {
            continue;
        };
        let (a, _) = load(&dir().join(&name));
        let (b, _) = load(&dir().join(same));
        let a: Vec<Catalog> = a.iter().map(Catalog::normalized).collect();
        let b: Vec<Catalog> = b.iter().map(Catalog::normalized).collect();
        assert!(a == b, "{name} differs from {same}");
    }
}

/// The mistakes' diagnostics quote the cell's text.
#[test]
fn planted_mistakes_quote_the_cell() {
    let (_, diags) = load(&dir().join("planted-mistakes-annex2.xlsx"));
    let mark = diags
        .iter()
        .find(|d| d.code.as_str() == "attr-mark-invalid")
        .unwrap();
    assert_eq!(mark.snippet.as_deref(), Some("有"));
    let out = Command::cargo_bin("gkml")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(dir().join("planted-mistakes-annex2.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("标准化目录!G11"), "{text}");
    assert!(text.contains("单元格内容：“有”"), "{text}");
}

/// `gkml convert FILE -o TMP/FILE.yaml`, returning the YAML.
fn convert_to_yaml(tmp: &Path, name: &str) -> String {
    let out = tmp.join(format!("{name}.yaml"));
    let o = Command::cargo_bin("gkml")
        .unwrap()
        .arg("convert")
        .arg(dir().join(name))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(&out).unwrap()
}

/// `name` validates clean and converts to the YAML the .xlsx gives.
fn reads_like_the_xlsx(name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = convert_to_yaml(tmp.path(), "merged-annex2.xlsx");
    assert!(xlsx.contains("试点单位: 区民政局"), "{xlsx}");
    let o = Command::cargo_bin("gkml")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(dir().join(name))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{name}: {text}");
    assert!(text.contains("0 个错误，0 个警告"), "{name}: {text}");
    assert_eq!(convert_to_yaml(tmp.path(), name), xlsx, "{name}");
}

/// A liaison who keeps the 附件2 as a macro-enabled workbook (.xlsm, saved by
/// LibreOffice) gets the same catalogue as from the .xlsx.
#[test]
fn xlsm_reads_like_the_xlsx() {
    reads_like_the_xlsx("merged-annex2.xlsm");
}

/// The same as an Excel binary workbook (.xlsb, written by SheetJS; LibreOffice
/// reads it back with the same cells).
#[test]
fn xlsb_reads_like_the_xlsx() {
    reads_like_the_xlsx("merged-annex2.xlsb");
}
