//! `gkml site`: read and check a project, compile it and publish the 专栏
//! site (optionally with the booklet, the domain workbooks and
//! `catalog.json` as downloads). Nothing is printed here: the outcome
//! carries the text for standard error.

use std::path::PathBuf;
use std::time::Instant;

use crate::booklet;
use crate::compiled::Compiled;
use crate::diag::tally;
use crate::project::{self, CATALOG_JSON};
use crate::report;

use super::{Download, Publication};

/// Exit codes (as `gkml build`).
pub const OK: u8 = 0;
pub const PROBLEMS: u8 = 1;
pub const FAILED: u8 = 2;

/// The settings of `gkml site` (the command layer fills them from its
/// arguments, `src/cli/site.rs`).
#[derive(Debug, Clone)]
pub struct SiteArgs {
    /// Project directory; the current directory when absent.
    pub dir: Option<PathBuf>,
    /// Output directory of the site.
    pub out: PathBuf,
    /// Also build the booklet, the domain workbooks and catalog.json into downloads/.
    pub with_build: bool,
}

/// What a run gives: the exit code and the text for standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub code: u8,
    pub stderr: String,
}

fn fail(mut stderr: String, msg: impl std::fmt::Display, code: u8) -> Outcome {
    stderr.push_str(&format!("gkml：{msg}\n"));
    Outcome { code, stderr }
}

/// Runs `gkml site`.
pub fn run(args: &SiteArgs) -> Outcome {
    let started = Instant::now();
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut stderr = String::new();
    // Refuse a wrong output directory before the (long) work.
    if let Err(e) = super::publish::check_target(&args.out) {
        return fail(stderr, e, FAILED);
    }
    let mut ws = match project::load(std::slice::from_ref(&dir)) {
        Ok(ws) => ws,
        Err(e) => return fail(stderr, e, FAILED),
    };
    if ws.files.is_empty() {
        return fail(
            stderr,
            "没有找到目录文件（.yaml、.xlsx、.xls、.ods）",
            FAILED,
        );
    }
    let diags = ws.check();
    let (errors, _) = tally(&diags);
    if !diags.is_empty() {
        let mut buf = Vec::new();
        let summary = ws.summary();
        if report::write(
            &mut buf,
            report::Format::Human,
            &diags,
            &ws.sources,
            &summary,
            false,
        )
        .is_ok()
        {
            stderr.push_str(&String::from_utf8_lossy(&buf));
        }
    }
    if ws.unreadable > 0 && ws.unreadable == ws.files.len() {
        return fail(stderr, "所有目录文件都无法读取，未生成专栏", FAILED);
    }
    if errors > 0 {
        return fail(
            stderr,
            format!("发现 {errors} 个错误，未生成专栏；改正后重新运行"),
            PROBLEMS,
        );
    }
    // The same compiled catalogue `gkml build` makes its outputs from.
    let data = match crate::build::compile(&ws, &[], false) {
        Ok(d) => d,
        Err(e) => return fail(stderr, format!("{e}\n未生成专栏"), FAILED),
    };
    let downloads = if args.with_build {
        match build_downloads(&data, &ws, &dir) {
            Ok((d, warnings)) => {
                for w in warnings {
                    stderr.push_str(&format!("警告：{w}\n"));
                }
                d
            }
            Err(e) => return fail(stderr, format!("{e}\n未生成专栏"), FAILED),
        }
    } else {
        Vec::new()
    };
    // The 公开台账 names the pilot catalogue's items and pieces; a national
    // 标准目录 has none to put its records under.
    let publications = if data.nationals.is_some() {
        Vec::new()
    } else {
        publications(&ws)
    };
    let files = match super::render(&data, &publications, &downloads) {
        Ok(f) => f,
        Err(e) => return fail(stderr, format!("{e}；未生成专栏"), FAILED),
    };
    if let Err(e) = super::publish::publish(&args.out, &files) {
        return fail(stderr, format!("{e}；专栏未更新"), FAILED);
    }
    let pages = files.iter().filter(|f| f.name.ends_with(".html")).count();
    stderr.push_str(&format!(
        "已生成专栏到 {}：{} 个文件，其中网页 {} 个{}；用时 {:.1} 秒\n",
        crate::source::display_path(&args.out),
        files.len(),
        pages,
        if downloads.is_empty() {
            String::new()
        } else {
            format!("，下载文件 {} 个", downloads.len())
        },
        started.elapsed().as_secs_f64()
    ));
    Outcome { code: OK, stderr }
}

/// The outputs of `gkml build` (default options) as downloads: the booklet,
/// the domain workbooks and `catalog.json`, with the typesetter's warnings.
fn build_downloads(
    data: &Compiled,
    ws: &project::Workspace,
    dir: &std::path::Path,
) -> Result<(Vec<Download>, Vec<String>), String> {
    let date = ws
        .config
        .date
        .as_deref()
        .and_then(project::parse_date)
        .or_else(booklet::source_date_epoch);
    let root = ws
        .root
        .clone()
        .or_else(|| dir.parent().map(PathBuf::from))
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| Some(PathBuf::from(".")));
    let opts = booklet::Options {
        root,
        template: None,
        font_paths: Vec::new(),
        standard: None,
        tagged: true,
        date,
    };
    let json = booklet::data_json(data);
    let workbooks = crate::build::domain_workbooks(data, ws)?;
    let rendered = booklet::render(data, json.clone(), &opts).map_err(|e| e.to_string())?;
    let mut out = vec![Download {
        file: booklet::pdf_name(&data.edition.title),
        label: "目录清单（PDF，印刷版）".to_string(),
        bytes: rendered.pdf,
    }];
    let contents = if data.nationals.is_some() {
        "标准目录"
    } else {
        "附件2、附件3"
    };
    for (name, bytes) in workbooks {
        let domain = name.trim_end_matches(".xlsx").to_string();
        out.push(Download {
            label: format!("{domain}领域工作簿（{contents}）"),
            file: name,
            bytes,
        });
    }
    out.push(Download {
        file: CATALOG_JSON.to_string(),
        label: "目录数据（catalog.json，供门户网站和其他系统读取）".to_string(),
        bytes: json,
    });
    Ok((out, rendered.warnings))
}

/// The 公开台账's records as the site shows them: each with its unit, its
/// domain (the record's, the ledger's, or the matched catalogue's), its
/// dates and whether it was published within its time limit.
fn publications(ws: &project::Workspace) -> Vec<Publication> {
    use crate::ledger::{deadline, resolve};
    use crate::model::text;
    let cal = ws.config.calendar();
    let settings = ws.config.ledger_settings();
    let mut out = Vec::new();
    for ledger in &ws.ledgers {
        let cats = resolve::unit_catalogs(ledger, &ws.catalogs).unwrap_or_default();
        for record in &ledger.records {
            let (Some(formed), Some(published)) = (&record.formed, &record.published) else {
                continue;
            };
            let piece = resolve::resolve(ledger, record, &cats).ok();
            let domain = [
                text(record.domain(ledger)),
                piece.as_ref().map_or("", |p| p.domain),
            ]
            .into_iter()
            .map(str::trim)
            .find(|d| !d.is_empty())
            .unwrap_or("")
            .to_string();
            let limit = deadline::limit_for(piece.as_ref(), &settings);
            let on_time = match deadline::assess(record, &limit, &cal) {
                Ok(deadline::Timeliness::OnTime { .. }) => Some(true),
                Ok(deadline::Timeliness::Late { .. }) => Some(false),
                _ => None,
            };
            let link = text(&record.link).trim();
            out.push(Publication {
                unit: text(&ledger.unit).trim().to_string(),
                domain,
                item: piece
                    .as_ref()
                    .map_or_else(|| text(&record.item), |p| text(&p.item.name))
                    .trim()
                    .to_string(),
                info: piece
                    .as_ref()
                    .and_then(|p| p.info())
                    .map_or_else(|| text(&record.info), |i| text(&i.name))
                    .trim()
                    .to_string(),
                formed: formed.value.to_string(),
                published: published.value.to_string(),
                link: (!link.is_empty()).then(|| link.to_string()),
                on_time,
            });
        }
    }
    out
}
