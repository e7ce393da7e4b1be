//! `gkml build`: read and check a project, compile it, and make the booklet
//! (PDF), the per-domain workbooks and `catalog.json` — all or nothing. The
//! command layer (`src/cli/build.rs`) shows the progress and the findings
//! through an [`Observer`].

use std::path::PathBuf;

use crate::atomic::{self, Output};
use crate::booklet::{self, Standard};
use crate::compiled;
use crate::diag::{Diagnostic, tally};
use crate::error::Error;
use crate::model::Kind;
use crate::project;
use crate::xlsx::write::{DomainSheet, domain_workbook};

/// Name of the compiled catalogue in the output directory.
pub use crate::project::CATALOG_JSON;

/// What to build, and where.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The project directory.
    pub dir: PathBuf,
    /// The output directory.
    pub out: PathBuf,
    /// Build even with errors: a 草稿 watermark and the problems appended.
    pub draft: bool,
    /// A typst template replacing the built-in one.
    pub template: Option<PathBuf>,
    /// Also write the template, data and fonts here.
    pub emit_typst: Option<PathBuf>,
    /// Extra font directories.
    pub font_paths: Vec<PathBuf>,
    pub standard: Option<Standard>,
    /// A tagged PDF.
    pub tagged: bool,
    /// The previous edition to compare with (修订说明).
    pub previous: Option<PathBuf>,
}

/// The steps of a build, in order (for a progress display).
pub const STEPS: [&str; 5] = ["读取目录文件", "校验", "汇编", "排版", "写出文件"];

/// What a build tells its caller while it runs.
pub trait Observer {
    /// A step of [`STEPS`] begins.
    fn step(&self, _name: &'static str) {}
    /// The findings, as `gkml validate` would report them.
    fn findings(&self, _ws: &project::Workspace, _diags: &[Diagnostic]) {}
    /// A typesetting warning (in Chinese).
    fn warning(&self, _message: &str) {}
    /// A note for the user (in Chinese), e.g. read errors in `--previous`.
    fn note(&self, _message: &str) {}
}

/// What a build wrote.
pub struct Built {
    /// The files written to the output directory, the PDF first.
    pub files: Vec<String>,
    /// Pages of the PDF.
    pub pages: usize,
    /// How many typst source files `--emit-typst` wrote.
    pub emitted: Option<usize>,
    /// With `--draft`: the problems listed in the appendix.
    pub draft_problems: Option<usize>,
}

/// Runs a build.
pub fn build(req: &Request, obs: &dyn Observer) -> Result<Built, Error> {
    let dir = &req.dir;
    obs.step(STEPS[0]);
    let mut ws = project::load(std::slice::from_ref(dir))?;
    if ws.files.is_empty() {
        return Err(Error::NoCatalogFiles);
    }
    if ws.unreadable > 0 && ws.unreadable == ws.files.len() {
        let diags = ws.check();
        obs.findings(&ws, &diags);
        return Err(Error::AllUnreadable);
    }

    obs.step(STEPS[1]);
    let diags = ws.check();
    let (errors, _) = tally(&diags);
    if !diags.is_empty() {
        obs.findings(&ws, &diags);
    }
    if errors > 0 && !req.draft {
        return Err(Error::BuildRefused { errors });
    }

    let problems: &[Diagnostic] = if req.draft { &diags } else { &[] };
    obs.step(STEPS[2]);
    let mut data = compile(&ws, problems, req.draft).map_err(Error::NotBuilt)?;
    if let Some(old) = &req.previous {
        match crate::diff::diff_paths(old, dir) {
            Ok(d) => {
                for n in &d.notes {
                    obs.note(n);
                }
                data.changes = Some(crate::diff::changes(&d));
            }
            Err(reason) => {
                return Err(Error::Previous {
                    old: old.clone(),
                    reason,
                });
            }
        }
    }
    let date = ws
        .config
        .date
        .as_deref()
        .and_then(crate::config::parse_date)
        .or_else(booklet::source_date_epoch);
    let root = ws
        .root
        .clone()
        .or_else(|| dir.parent().map(PathBuf::from))
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| Some(PathBuf::from(".")));
    let opts = booklet::Options {
        root,
        template: req.template.clone(),
        font_paths: req.font_paths.clone(),
        standard: req.standard,
        tagged: req.tagged,
        date,
    };

    let mut outputs: Vec<Output> = Vec::new();
    // catalog.json is the data the template reads: serialised once.
    let json = booklet::data_json(&data);
    outputs.push(Output::new(CATALOG_JSON, json.clone()));

    // One workbook per domain: its 附件2 catalogues (a sheet per unit),
    // then its 附件3 catalogues, in the booklet's order. They are written
    // on a second thread while typst typesets: typst leaves a core idle
    // while it evaluates the template and while it writes the PDF.
    obs.step(STEPS[3]);
    let (workbooks, rendered) = std::thread::scope(|s| {
        let workbooks = s.spawn(|| domain_workbooks(&data, &ws));
        let rendered = booklet::render(&data, json, &opts);
        let workbooks = workbooks
            .join()
            .unwrap_or_else(|_| Err("生成各领域工作簿时出现内部错误".to_string()));
        (workbooks, rendered)
    });
    match workbooks {
        Ok(w) => outputs.extend(w.into_iter().map(|(name, bytes)| Output::new(name, bytes))),
        Err(e) => return Err(Error::NotBuilt(e)),
    }
    let rendered = rendered.map_err(|e| Error::NotBuilt(e.to_string()))?;
    for w in &rendered.warnings {
        obs.warning(w);
    }
    let pdf_name = booklet::pdf_name(&data.edition.title);
    outputs.insert(0, Output::new(pdf_name, rendered.pdf));

    obs.step(STEPS[4]);
    let emitted = match &req.emit_typst {
        Some(_) => {
            Some(booklet::emit_files(&data, &opts).map_err(|e| Error::Failed(e.to_string()))?)
        }
        None => None,
    };
    atomic::publish(&req.out, &outputs).map_err(|e| Error::NotWritten(e.to_string()))?;
    if let (Some(dir), Some(files)) = (&req.emit_typst, &emitted) {
        atomic::publish(dir, files).map_err(|e| Error::EmitTypst(e.to_string()))?;
    }
    Ok(Built {
        files: outputs.iter().map(|o| o.name.clone()).collect(),
        pages: rendered.pages,
        emitted: emitted.map(|f| f.len()),
        draft_problems: req.draft.then_some(diags.len()),
    })
}

/// The compiled catalogue of a checked project, from which every output is
/// made (the booklet, the workbooks, `catalog.json`, the 专栏 site): the
/// pilot's catalogues, or the national 标准目录 in `nationals` (titled after
/// the county when the project file gives no 标题). A project mixing the two
/// formats is refused (the reason in Chinese).
pub fn compile(
    ws: &project::Workspace,
    problems: &[Diagnostic],
    draft: bool,
) -> Result<compiled::Compiled, String> {
    if !ws.nationals.is_empty() && !ws.catalogs.is_empty() {
        return Err(format!(
            "项目中既有虹口试点格式（hongkou-2017，附件2/附件3）的目录 {} 份，又有全国标准目录格式（national-2019）的目录 {} 份；\
             一本目录清单只能按一种格式汇编，请把两种格式的目录分成两个项目分别生成",
            ws.catalogs.len(),
            ws.nationals.len()
        ));
    }
    let mut data = compiled::compile(&ws.config, &ws.catalogs, problems, draft);
    data.nationals = crate::national::compile::compile(&ws.config, &ws.nationals);
    if data.nationals.is_some() && !ws.config.title_given {
        data.edition.title = crate::national::compile::booklet_title(&ws.config, &ws.nationals);
    }
    Ok(data)
}

/// `<试点领域>.xlsx` for each domain of the compiled catalogue, its
/// catalogues in the booklet's order (the values as the PDF and
/// `catalog.json` show them; the project's vocabulary for the dropdowns).
pub fn domain_workbooks(
    data: &compiled::Compiled,
    ws: &project::Workspace,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut used = std::collections::HashSet::new();
    if let Some(nat) = &data.nationals {
        return national_workbooks(nat, ws);
    }
    for dom in &data.domains {
        let sheets: Vec<DomainSheet<'_, compiled::Item>> = [
            (Kind::Standard, &dom.standard),
            (Kind::Operational, &dom.operational),
        ]
        .into_iter()
        .flat_map(|(kind, units)| {
            units.iter().map(move |u| DomainSheet {
                kind,
                unit: &u.unit,
                items: &u.items,
            })
        })
        .collect();
        let bytes = domain_workbook(&dom.name, &sheets, &ws.config)
            .map_err(|e| format!("无法生成“{}”领域的工作簿：{e}", dom.name))?;
        out.push((workbook_name(&mut used, &dom.name), bytes));
    }
    Ok(out)
}

/// `<试点领域>.xlsx`, distinct from the names in `used` (two domain names
/// may differ only in characters a file name cannot hold) and from
/// `catalog.json`.
fn workbook_name(used: &mut std::collections::HashSet<String>, domain: &str) -> String {
    let stem = booklet::file_stem(domain);
    let mut name = format!("{stem}.xlsx");
    let mut n = 2;
    while !used.insert(name.clone()) || name == CATALOG_JSON {
        name = format!("{stem}-{n}.xlsx");
        n += 1;
    }
    name
}

/// `<试点领域>.xlsx` for each domain of a national project: a sheet per
/// 编制单位, in the layout counties publish (src/national/write.rs), the
/// tables in the booklet's order.
fn national_workbooks(
    nat: &crate::national::compile::Nationals,
    ws: &project::Workspace,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    use crate::national::compile::{domain_of, unit_of};
    let mut out = Vec::new();
    let mut used = std::collections::HashSet::new();
    for dom in &nat.domains {
        // The tables of the domain, in the compiled order (by unit).
        let mut tables: Vec<&crate::national::NationalCatalog> = Vec::new();
        for t in &dom.tables {
            for c in &ws.nationals {
                if domain_of(c) == dom.name
                    && unit_of(c) == t.unit
                    && !tables.iter().any(|x| std::ptr::eq(*x, c))
                {
                    tables.push(c);
                    break;
                }
            }
        }
        let bytes = crate::national::write::workbook(&tables, ws.config.national.marks)
            .map_err(|e| format!("无法生成“{}”领域的工作簿：{e}", dom.name))?;
        out.push((workbook_name(&mut used, &dom.name), bytes));
    }
    Ok(out)
}
