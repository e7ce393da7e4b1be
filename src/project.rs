//! The project: the loading of every catalogue of a directory (with its
//! settings, `crate::config`) into one model, and running the rules on it.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::calendar::Date;
use crate::code::Code;
use crate::diag::{Checked, Diagnostic, Sink};
use crate::input::{FileRead, read_file};
use crate::ledger::{self, Ledger};
use crate::model::{Catalog, Loc};
use crate::national::NationalCatalog;
use crate::rules;
use crate::source::{SourceMap, display_path};

// Project settings and input reading have their own modules; their old
// paths here keep working.
pub use crate::config::*;
pub use crate::input::{decode_owned, decode_text, io_reason, is_catalog_file, read_text};

/// Everything read from the inputs: settings, catalogues, sources.
#[derive(Default)]
pub struct Workspace {
    /// Findings from reading, before the rules run.
    pub pending: Sink,
    /// Findings of the per-catalogue rules, when [`load`] ran them as each
    /// file was read (while its model was still in the CPU cache); `None`
    /// when [`Workspace::check`] must run them.
    pub checked: Option<Sink>,
    /// The project directory, when one was given.
    pub root: Option<PathBuf>,
    pub config: Config,
    pub catalogs: Vec<Catalog>,
    /// National-2019 tables (基层政务公开标准目录) read from the inputs.
    pub nationals: Vec<NationalCatalog>,
    /// 公开台账 read from the inputs, checked against `catalogs`.
    pub ledgers: Vec<Ledger>,
    /// Catalogues the ledgers are checked against besides `catalogs` (the
    /// project's, when the liaisons' page checks one uploaded ledger); no
    /// rule runs on them.
    pub reference: Vec<Catalog>,
    /// The day `validate --as-of` checks what should have been published
    /// by (from the project's 专栏开通日期 on); `None`: no such check.
    pub as_of: Option<Date>,
    pub sources: SourceMap,
    /// Files read (or tried).
    pub files: Vec<Arc<str>>,
    /// Files that could not be read at all.
    pub unreadable: usize,
    /// Catalogue files tried (not counting the project file).
    pub catalog_files: usize,
    /// True when several files of a project were read (cross-file rules apply).
    pub is_project: bool,
}

/// Every catalogue file below `dir`, sorted. Hidden directories, `target`,
/// `node_modules` and build outputs (a directory holding `gkml build`'s
/// `catalog.json`, e.g. `dist/`) are skipped: their workbooks are copies.
pub fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)?.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if !name.starts_with('.')
                    && name != "target"
                    && name != "node_modules"
                    && !p.join(CATALOG_JSON).is_file()
                {
                    stack.push(p);
                }
            } else if ft.is_file() && is_catalog_file(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The build's machine-readable output; a directory holding one is a build
/// output, not catalogues.
pub const CATALOG_JSON: &str = "catalog.json";

/// Reads the inputs named on the command line. A directory is a project (its
/// `gkml.yaml`, if any, and every catalogue file below it); a file is read on
/// its own. Errors that stop everything (a path that does not exist) are `Err`.
/// The per-catalogue rules run as each file is read; [`Workspace::check`]
/// adds the cross-file rules and returns the findings.
pub fn load(paths: &[PathBuf]) -> Result<Workspace, String> {
    load_with(paths, true)
}

/// [`load`] without running any rule as the files are read, for commands
/// that only compare or list catalogues (`gkml diff`).
pub fn load_unchecked(paths: &[PathBuf]) -> Result<Workspace, String> {
    load_with(paths, false)
}

fn load_with(paths: &[PathBuf], check: bool) -> Result<Workspace, String> {
    let mut ws = Workspace::default();
    let mut sink = Sink::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths {
        let meta =
            std::fs::metadata(p).map_err(|e| format!("{}：{}", p.display(), io_reason(&e)))?;
        let is_project_file = p.file_name().is_some_and(|n| n == PROJECT_FILE);
        if meta.is_dir() || is_project_file {
            let dir = if meta.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            ws.is_project = true;
            let pf = dir.join(PROJECT_FILE);
            if pf.is_file() && ws.config.file.is_none() {
                let shown: Arc<str> = display_path(&pf).into();
                match read_text(&pf) {
                    Ok(text) => {
                        ws.config = read_config(&shown, &text, &mut sink);
                        ws.sources.insert(shown.clone(), Arc::from(text));
                    }
                    Err(msg) => {
                        sink.emit(Code::FileUnreadable, &Loc::file(&shown), msg);
                    }
                }
                ws.files.push(shown);
            }
            let found =
                discover(&dir).map_err(|e| format!("{}：{}", dir.display(), io_reason(&e)))?;
            files.extend(found);
            if ws.root.is_none() {
                ws.root = Some(dir);
            }
        } else {
            files.push(p.clone());
        }
    }
    files.dedup();
    let cfg = &ws.config;
    let results: Vec<(FileRead, Option<Sink>)> = files
        .par_iter()
        .map(|p| {
            let r = read_file(p, display_path(p).into(), cfg);
            let checked = check.then(|| check_each(&r.catalogs, &r.nationals, cfg));
            (r, checked)
        })
        .collect();
    ws.catalog_files = results.len();
    let mut all_checked = check.then(Sink::new);
    for (r, checked) in results {
        if let (Some(all), Some(c)) = (&mut all_checked, checked) {
            all.extend(c);
        }
        ws.files.push(r.file.clone());
        if let Some(t) = r.text {
            ws.sources.insert(r.file.clone(), t);
        }
        if r.unreadable {
            ws.unreadable += 1;
        }
        ws.catalogs.extend(r.catalogs);
        ws.nationals.extend(r.nationals);
        ws.ledgers.extend(r.ledgers);
        sink.extend(r.sink);
    }
    ws.pending = sink;
    ws.checked = all_checked;
    Ok(ws)
}

/// The findings of the per-catalogue rules on each of `cats` and
/// `nationals`.
fn check_each(cats: &[Catalog], nationals: &[NationalCatalog], cfg: &Config) -> Sink {
    let mut s = Sink::new();
    for c in cats {
        rules::check_catalog(c, cfg, &mut s);
    }
    for n in nationals {
        rules::check_national(n, cfg, &mut s);
    }
    s
}

impl Workspace {
    /// What was read, for the report's closing line.
    pub fn summary(&self) -> Checked<'_> {
        let (mut items, mut steps, mut infos) = (0, 0, 0);
        for c in &self.catalogs {
            let (i, s, n) = c.counts();
            items += i;
            steps += s;
            infos += n;
        }
        Checked {
            files: &self.files,
            catalogs: self.catalogs.len(),
            items,
            steps,
            infos,
            ledgers: self.ledgers.len(),
            records: self.ledgers.iter().map(|l| l.records.len()).sum(),
            nationals: self.nationals.len(),
            national_groups: self.nationals.iter().map(|n| n.counts().0).sum(),
            national_rows: self.nationals.iter().map(|n| n.counts().1).sum(),
        }
    }

    /// True when no catalogue could be checked: there were none, or every
    /// one was unreadable (`gkml validate` then exits 2; with one readable
    /// file its findings are reported and the exit is 0 or 1).
    pub fn nothing_checked(&self) -> bool {
        self.unreadable >= self.catalog_files
    }

    /// Runs every rule and returns the findings (levels applied, sorted).
    pub fn check(&mut self) -> Vec<Diagnostic> {
        let mut sink = std::mem::take(&mut self.pending);
        let cfg = &self.config;
        match self.checked.take() {
            Some(checked) => sink.extend(checked),
            None => {
                let per_catalog: Vec<Sink> = self
                    .catalogs
                    .par_iter()
                    .map(|c| check_each(std::slice::from_ref(c), &[], cfg))
                    .collect();
                for s in per_catalog {
                    sink.extend(s);
                }
                sink.extend(check_each(&[], &self.nationals, cfg));
            }
        }
        if self.is_project {
            rules::check_project(&self.catalogs, cfg, &mut sink);
        }
        self.check_ledgers(&mut sink);
        sink.finish(&self.config.levels)
    }

    /// The 公开台账 checks: each ledger against its unit's catalogues (the
    /// names only when catalogues were read with it), and, for
    /// `--as-of`, the 附件3 pieces not yet published.
    fn check_ledgers(&self, sink: &mut Sink) {
        let cfg = &self.config;
        if self.ledgers.is_empty() && self.as_of.is_none() {
            return;
        }
        let cal = cfg.calendar();
        let settings = cfg.ledger_settings();
        let with_reference;
        let catalogs: &[Catalog] = if self.reference.is_empty() {
            &self.catalogs
        } else {
            with_reference = [self.reference.as_slice(), self.catalogs.as_slice()].concat();
            &with_reference
        };
        let findings: Vec<Vec<ledger::Finding>> = self
            .ledgers
            .par_iter()
            .map(|l| ledger::check(l, catalogs, &settings, &cal))
            .collect();
        for f in findings.iter().flatten() {
            // A lone ledger (no catalogue read with it) is checked for its
            // dates only: which catalogue it names is unknown.
            if catalogs.is_empty() && f.code == Code::LedgerNotInCatalog.as_str() {
                continue;
            }
            sink.diags.extend(f.to_diagnostic());
        }
        if let (Some(as_of), Some(opened)) = (self.as_of, &cfg.column_opened) {
            let f = ledger::check_unpublished(&self.ledgers, &self.catalogs, opened.value, as_of);
            sink.diags
                .extend(f.iter().filter_map(|f| f.to_diagnostic()));
        }
    }
}
