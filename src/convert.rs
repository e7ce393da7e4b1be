//! `gkml convert`: YAML ⇄ workbook. The office keeps YAML under version
//! control and hands out workbooks; both carry the same model.
//!
//! Output by the name of OUT:
//! - `*.xlsx`: one workbook, one sheet per catalogue read from IN;
//! - `*.yaml`/`*.yml`: IN must hold exactly one catalogue;
//! - anything else is a directory (created if needed, must hold no file of
//!   the same name): one `<试点单位>/<试点领域>-<目录类型>.yaml` per catalogue.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::code::{Scope, Severity};
use crate::config::{Config, PROJECT_FILE, read_config};
use crate::diag::{Diagnostic, Sink};
use crate::init::write_atomic;
use crate::input::{io_reason, read_file, read_text};
use crate::model::{Catalog, text};
use crate::national::NationalCatalog;
use crate::project;
use crate::rules;
use crate::source::{SourceMap, display_path};
use crate::xlsx;
use crate::yaml;

/// Catalogues read from one input, with what reading and checking found.
pub struct Input {
    pub config: Config,
    pub catalogs: Vec<Catalog>,
    /// National-2019 tables (基层政务公开标准目录).
    pub nationals: Vec<NationalCatalog>,
    pub diags: Vec<Diagnostic>,
    pub sources: SourceMap,
}

/// The project settings in `dir/gkml.yaml`, if given (problems in it are
/// returned as diagnostics).
pub fn load_config(dir: Option<&Path>) -> Result<(Config, Vec<Diagnostic>), String> {
    let Some(dir) = dir else {
        return Ok((Config::default(), Vec::new()));
    };
    let pf = if dir.is_dir() {
        dir.join(PROJECT_FILE)
    } else {
        dir.to_path_buf()
    };
    let text = read_text(&pf).map_err(|e| format!("{}：{e}", pf.display()))?;
    let shown: Arc<str> = display_path(&pf).into();
    let mut sink = Sink::new();
    let cfg = read_config(&shown, &text, &mut sink);
    let diags = sink.finish(&cfg.levels);
    Ok((cfg, diags))
}

/// Reads a catalogue file or a project directory and runs the rules.
pub fn read_input(input: &Path, project_dir: Option<&Path>) -> Result<Input, String> {
    let meta =
        std::fs::metadata(input).map_err(|e| format!("{}：{}", input.display(), io_reason(&e)))?;
    if meta.is_dir() {
        let mut ws = project::load(&[input.to_path_buf()])?;
        let diags = ws.check();
        return Ok(Input {
            config: ws.config,
            catalogs: ws.catalogs,
            nationals: ws.nationals,
            diags,
            sources: ws.sources,
        });
    }
    let (config, mut diags) = load_config(project_dir)?;
    let shown: Arc<str> = display_path(input).into();
    let read = read_file(input, shown.clone(), &config);
    let mut sink = read.sink;
    let mut sources = SourceMap::default();
    if let Some(t) = read.text {
        sources.insert(shown, t);
    }
    let catalogs = read.catalogs;
    for c in &catalogs {
        rules::check_catalog(c, &config, &mut sink);
    }
    let nationals = read.nationals;
    for n in &nationals {
        rules::check_national(n, &config, &mut sink);
    }
    diags.extend(sink.finish(&config.levels));
    Ok(Input {
        config,
        catalogs,
        nationals,
        diags,
        sources,
    })
}

/// Errors found while reading (not rule findings): converting would lose
/// or invent content.
pub fn read_errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error && d.code.scope() == Scope::Read)
        .collect()
}

/// Where each catalogue goes in a YAML directory.
pub fn yaml_name(cat: &Catalog) -> String {
    doc_name(text(&cat.unit), text(&cat.domain), cat.kind.label())
}

/// `<unit>/<domain>-<kind>.yaml`, with the characters file systems refuse
/// replaced and 未知单位 / 未知领域 for blanks.
fn doc_name(unit: &str, domain: &str, kind: &str) -> String {
    let safe = |s: &str, default: &str| -> String {
        let s: String = s
            .trim()
            .chars()
            .map(|c| {
                if "/\\:*?\"<>|".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        if s.is_empty() { default.to_string() } else { s }
    };
    format!(
        "{}/{}-{kind}.yaml",
        safe(unit, "未知单位"),
        safe(domain, "未知领域")
    )
}

/// Writes the catalogues to `out` (see the module doc). Returns the files
/// written. Nothing is written when any part fails before writing starts.
pub fn write_output(cats: &[Catalog], cfg: &Config, out: &Path) -> Result<Vec<PathBuf>, String> {
    write_documents(
        out,
        cats.iter().map(yaml_name).collect(),
        |i| cats.get(i).map(yaml::write::to_yaml).unwrap_or_default(),
        || {
            let refs: Vec<&Catalog> = cats.iter().collect();
            xlsx::write::catalog_sheets(&refs, cfg).map_err(|e| e.to_string())
        },
    )
}

/// Writes national tables to `out`, as [`write_output`] does catalogues:
/// one workbook (a sheet each), one YAML file (exactly one table), or a
/// directory of YAML files.
pub fn write_national(
    cats: &[NationalCatalog],
    cfg: &Config,
    out: &Path,
) -> Result<Vec<PathBuf>, String> {
    let meaning = cfg.national.marks;
    write_documents(
        out,
        cats.iter().map(national_yaml_name).collect(),
        |i| {
            cats.get(i)
                .map(|c| crate::national::yaml::to_yaml(c, meaning))
                .unwrap_or_default()
        },
        || {
            let refs: Vec<&NationalCatalog> = cats.iter().collect();
            crate::national::write::workbook(&refs, meaning).map_err(|e| e.to_string())
        },
    )
}

/// Writes documents of any format to `out` by its name: `.xlsx` one
/// workbook (`workbook`), `.yaml` the one document (`yaml_of(0)`), anything
/// else a directory with each document at its name in `names`. Nothing is
/// written when any part fails before writing starts.
fn write_documents(
    out: &Path,
    names: Vec<String>,
    yaml_of: impl Fn(usize) -> String,
    workbook: impl FnOnce() -> Result<Vec<u8>, String>,
) -> Result<Vec<PathBuf>, String> {
    if names.is_empty() {
        return Err("输入中没有读到任何目录，未生成输出".to_string());
    }
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => {
            write_atomic(out, &workbook()?)?;
            Ok(vec![out.to_path_buf()])
        }
        "xls" | "xlsb" | "ods" | "xlsm" => Err(format!(
            "{}：只能写出 .xlsx 工作簿（需要其他格式时用 Excel/WPS 另存）",
            out.display()
        )),
        "yaml" | "yml" => {
            if names.len() != 1 {
                return Err(format!(
                    "输入中有 {} 份目录，不能写入一个 YAML 文件；请把 -o 指定为目录，每份目录写一个文件",
                    names.len()
                ));
            }
            write_atomic(out, yaml_of(0).as_bytes())?;
            Ok(vec![out.to_path_buf()])
        }
        _ => {
            if out.exists() && !out.is_dir() {
                return Err(format!("{} 已存在且不是目录", out.display()));
            }
            let mut plan: Vec<(PathBuf, String)> = Vec::new();
            for (i, rel) in names.iter().enumerate() {
                let mut path = out.join(rel);
                let mut n = 2;
                while plan.iter().any(|(p, _)| *p == path) {
                    path = out.join(rel.replace(".yaml", &format!("-{n}.yaml")));
                    n += 1;
                }
                if path.exists() {
                    return Err(format!(
                        "{} 已存在；为免覆盖，请换一个输出目录",
                        path.display()
                    ));
                }
                plan.push((path, yaml_of(i)));
            }
            let mut written = Vec::new();
            for (path, text) in plan {
                if let Some(p) = path.parent() {
                    std::fs::create_dir_all(p)
                        .map_err(|e| format!("无法创建 {}：{}", p.display(), io_reason(&e)))?;
                }
                write_atomic(&path, text.as_bytes())?;
                written.push(path);
            }
            Ok(written)
        }
    }
}

/// Where a national table goes in a YAML directory:
/// `<编制单位>/<试点领域>-标准目录.yaml`.
pub fn national_yaml_name(cat: &NationalCatalog) -> String {
    doc_name(cat.unit_text(), cat.domain_text(), "标准目录")
}
