//! Checking one uploaded file in memory, with the same reader, rules and
//! report writer as `gkml validate` (nothing is written to disk).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, Sink, tally};
use crate::model::{Catalog, Kind, Pos, text};
use crate::project::{Config, Workspace};
use crate::report::{self, Format};
use crate::rules;
use crate::{xlsx, yaml};

/// File name endings the service accepts.
pub const ACCEPTED: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "yaml", "yml"];

/// What the checks are run against: the project's settings and, for the
/// cross-file rules, the catalogues the project already has.
#[derive(Default)]
pub struct Project {
    /// Vocabularies, rule levels, 附件1 and `工作簿` registrations.
    pub config: Config,
    /// The project's catalogues as read at start-up (empty without a project).
    pub catalogs: Vec<Catalog>,
    /// True when a project was given: the cross-file rules run.
    pub is_project: bool,
}

/// An uploaded file: a display label (never a path) and its bytes.
pub struct Upload {
    /// The sanitized original file name, used in diagnostics only.
    pub label: Arc<str>,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// The outcome of checking one upload.
pub struct Checked {
    /// What was read, with its settings.
    pub ws: Workspace,
    /// The findings, levels applied and sorted as `gkml validate` gives them.
    pub diags: Vec<Diagnostic>,
}

/// The sanitized display label of an uploaded file name: the last path
/// component, without control or invisible characters, at most 100
/// characters; `None` when its ending is not one the service reads.
pub fn label(name: &str) -> Option<Arc<str>> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !yaml::read::invisible(*c))
        .collect();
    let clean = clean.trim();
    let ext = clean.rsplit_once('.')?.1.to_ascii_lowercase();
    if !ACCEPTED.contains(&ext.as_str()) {
        return None;
    }
    let n = clean.chars().count();
    let shown: String = if n > 100 {
        // Keep the ending, which says how the file is read.
        let head: String = clean.chars().take(90).collect();
        format!("{head}….{ext}")
    } else {
        clean.to_string()
    };
    Some(shown.into())
}

/// Reads and checks one upload as `gkml validate FILE` does; with a project,
/// also runs the cross-file rules against the project's catalogues (the
/// upload replacing the project's catalogues of the same unit, domain and
/// type) and keeps the findings located in the upload.
pub fn check(upload: Upload, project: &Project) -> Checked {
    let Upload { label, bytes } = upload;
    let mut ws = Workspace {
        config: project.config.clone(),
        ..Workspace::default()
    };
    let read = crate::input::read_bytes(bytes, label.clone(), &ws.config);
    let mut sink = read.sink;
    ws.catalogs = read.catalogs;
    ws.ledgers = read.ledgers;
    if let Some(t) = read.text {
        ws.sources.insert(label.clone(), t);
    }
    let unreadable = read.unreadable;
    // An uploaded 公开台账 is checked against the project's catalogues.
    if project.is_project && !ws.ledgers.is_empty() {
        ws.reference = project.catalogs.clone();
    }
    ws.files.push(label.clone());
    ws.catalog_files = 1;
    ws.unreadable = usize::from(unreadable);
    if project.is_project {
        cross_file(&ws.catalogs, project, &label, &mut sink);
    }
    ws.pending = sink;
    let diags = ws.check();
    Checked { ws, diags }
}

/// The cross-file findings on the upload's catalogues, among the project's
/// catalogues of the same units.
fn cross_file(uploaded: &[Catalog], project: &Project, label: &str, sink: &mut Sink) {
    let keys: BTreeSet<(&str, &str, Kind)> = uploaded
        .iter()
        .map(|c| (text(&c.unit), text(&c.domain), c.kind))
        .collect();
    let units: BTreeSet<&str> = uploaded.iter().map(|c| text(&c.unit)).collect();
    let mut all: Vec<Catalog> = project
        .catalogs
        .iter()
        .filter(|c| {
            units.contains(text(&c.unit))
                && *c.file != *label
                && !keys.contains(&(text(&c.unit), text(&c.domain), c.kind))
        })
        .cloned()
        .collect();
    all.extend(uploaded.iter().cloned());
    let mut found = Sink::new();
    rules::check_project(&all, &project.config, &mut found);
    sink.diags
        .extend(found.diags.into_iter().filter(|d| *d.loc.file == *label));
}

impl Checked {
    /// The report in `format`, written by the library's report writer.
    pub fn report(&self, format: Format) -> Vec<u8> {
        let mut buf = Vec::new();
        let summary = self.ws.summary();
        // Writing to memory cannot fail.
        let _ = report::write(
            &mut buf,
            format,
            &self.diags,
            &self.ws.sources,
            &summary,
            false,
        );
        buf
    }

    /// True when nothing could be checked (`gkml validate` exits 2).
    pub fn nothing_checked(&self) -> bool {
        self.ws.nothing_checked()
    }

    /// The annotated workbook (`gkml validate --annotate`), or why there is none.
    pub fn annotated(&self) -> Result<Vec<u8>, String> {
        if self.ws.catalogs.is_empty() {
            return Err("没有读到目录，无法生成批注工作簿".into());
        }
        let cats: Vec<&Catalog> = self.ws.catalogs.iter().collect();
        xlsx::write::annotate(&cats, &self.diags, &self.ws.config).map_err(|e| e.to_string())
    }

    /// (errors, warnings).
    pub fn counts(&self) -> (usize, usize) {
        tally(&self.diags)
    }

    /// The findings as rows of the result page.
    pub fn rows(&self) -> Vec<Row> {
        self.diags
            .iter()
            .map(|d| Row {
                place: match &d.loc.pos {
                    Pos::File => "整个文件".to_string(),
                    Pos::Text { line, col, .. } => format!("第 {line} 行第 {col} 列"),
                    Pos::Cell { .. } => d.loc.position_label(),
                },
                code: d.code.as_str(),
                error: d.severity == Severity::Error,
                severity: d.severity.label(),
                message: d.message.clone(),
                text: d.snippet.as_deref().map(str::to_string),
                help: d.help.clone().unwrap_or_default(),
            })
            .collect()
    }
}

/// One finding as the result page shows it.
#[derive(serde::Serialize)]
pub struct Row {
    /// 位置: 工作表!单元格, YAML line and column, or 整个文件.
    pub place: String,
    /// 规则代码.
    pub code: &'static str,
    /// True for an error (false: a warning).
    pub error: bool,
    /// 错误 / 警告.
    pub severity: &'static str,
    /// 说明.
    pub message: String,
    /// The text at the place.
    pub text: Option<String>,
    /// 怎么改.
    pub help: String,
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_base_names_with_known_endings() {
        assert_eq!(
            label("C:\\Users\\李\\区民政局-社会救助.xlsx").as_deref(),
            Some("区民政局-社会救助.xlsx")
        );
        assert_eq!(
            label("../../etc/passwd.yaml").as_deref(),
            Some("passwd.yaml")
        );
        assert_eq!(label("a\u{202e}b\n.ods").as_deref(), Some("ab.ods"));
        assert_eq!(label("report.pdf"), None);
        assert_eq!(label("noext"), None);
        let long = format!("{}.xlsx", "名".repeat(300));
        let l = label(&long).unwrap_or_default();
        assert!(l.ends_with(".xlsx") && l.chars().count() < 100);
    }
}
