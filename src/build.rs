//! `gkml build`: read and check a project, compile it, and write the booklet
//! (PDF), the per-domain workbooks and `catalog.json` — all or nothing.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::atomic::{self, Output};
use crate::booklet::{self, Standard};
use crate::compiled;
use crate::diag::tally;
use crate::model::Kind;
use crate::project;
use crate::report;

/// Exit codes (as `gkml validate`).
pub const OK: u8 = 0;
pub const PROBLEMS: u8 = 1;
pub const FAILED: u8 = 2;

/// Name of the compiled catalogue in the output directory.
pub use crate::project::CATALOG_JSON;

/// Arguments of `gkml build`.
#[derive(clap::Args, Debug, Clone)]
pub struct BuildArgs {
    /// 项目目录（含 gkml.yaml 和各单位的目录文件）；默认为当前目录
    pub dir: Option<PathBuf>,
    /// 输出目录：写入 <标题>.pdf、各领域工作簿和 catalog.json
    #[arg(short = 'o', long = "output", default_value = "dist")]
    pub out: PathBuf,
    /// 有错误时也生成（每页加“草稿”水印，附录列出问题）
    #[arg(long)]
    pub draft: bool,
    /// 用这个 typst 模板代替内置模板
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// 另把模板、数据和字体写入此目录，可用 typst 命令行排版检查
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// 字体目录（可多次指定）；项目的“字体”设置指定了内置字体以外的字体时使用
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// 生成符合此标准的 PDF
    #[arg(long, value_enum, value_name = "STANDARD")]
    pub pdf_standard: Option<Standard>,
    /// 不给 PDF 加结构标签（tagged PDF）：大型清单排版快约一成、内存少约 15%，但读屏软件无法按表格行列读出内容。默认加标签
    #[arg(long)]
    pub no_pdf_tags: bool,
    /// 上一版项目目录：与它比较，在目录清单后附“修订说明”
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,
}

/// Progress on a terminal; nothing when stderr is not one.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(steps: u64) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let pb = ProgressBar::new(steps);
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed}") {
            pb.set_style(style);
        }
        pb.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(pb))
    }

    fn step(&self, msg: &'static str) {
        if let Some(pb) = &self.0 {
            pb.inc(1);
            pb.set_message(msg);
        }
    }

    /// Prints without tearing the bar.
    fn eprint(&self, s: &str) {
        match &self.0 {
            Some(pb) => pb.suspend(|| eprint!("{s}")),
            None => eprint!("{s}"),
        }
    }

    fn finish(&self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
    }
}

fn fail(p: &Progress, msg: impl std::fmt::Display, code: u8) -> u8 {
    p.finish();
    eprintln!("gkml：{msg}");
    code
}

/// Runs `gkml build`; returns the exit code.
pub fn run(args: &BuildArgs) -> u8 {
    let started = Instant::now();
    let progress = Progress::new(5);
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));

    progress.step("读取目录文件");
    let mut ws = match project::load(std::slice::from_ref(&dir)) {
        Ok(ws) => ws,
        Err(e) => return fail(&progress, e, FAILED),
    };
    if ws.files.is_empty() {
        return fail(
            &progress,
            "没有找到目录文件（.yaml、.xlsx、.xls、.ods）",
            FAILED,
        );
    }
    if ws.unreadable > 0 && ws.unreadable == ws.files.len() {
        let diags = ws.check();
        print_report(&progress, &ws, &diags);
        return fail(&progress, "所有目录文件都无法读取，未生成目录清单", FAILED);
    }

    progress.step("校验");
    let diags = ws.check();
    let (errors, _) = tally(&diags);
    if !diags.is_empty() {
        print_report(&progress, &ws, &diags);
    }
    if errors > 0 && !args.draft {
        return fail(
            &progress,
            format!(
                "发现 {errors} 个错误，未生成目录清单；改正后重新运行，或加 --draft 生成带“草稿”水印的征求意见稿"
            ),
            PROBLEMS,
        );
    }

    progress.step("汇编");
    let problems: &[crate::diag::Diagnostic] = if args.draft { &diags } else { &[] };
    let mut data = compiled::compile(&ws.config, &ws.catalogs, problems, args.draft);
    if let Some(old) = &args.previous {
        let changes = crate::diff::diff_paths(old, &dir).and_then(|d| {
            serde_json::from_value::<compiled::Changes>(crate::diff::booklet_changes(&d))
                .map_err(|e| format!("修订说明无法生成：{e}"))
        });
        match changes {
            Ok(c) => data.changes = Some(c),
            Err(e) => {
                return fail(
                    &progress,
                    format!("--previous {}：{e}\n未生成目录清单", old.display()),
                    FAILED,
                );
            }
        }
    }
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
        template: args.template.clone(),
        font_paths: args.font_path.clone(),
        standard: args.pdf_standard,
        tagged: !args.no_pdf_tags,
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
    progress.step("排版");
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
        Err(e) => return fail(&progress, format!("{e}\n未生成目录清单"), FAILED),
    }
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => return fail(&progress, format!("{e}\n未生成目录清单"), FAILED),
    };
    for w in &rendered.warnings {
        progress.eprint(&format!("警告：{w}\n"));
    }
    let pdf_name = booklet::pdf_name(&data.edition.title);
    outputs.insert(0, Output::new(pdf_name.clone(), rendered.pdf));

    progress.step("写出文件");
    let emitted = match &args.emit_typst {
        Some(_) => match booklet::emit_files(&data, &opts) {
            Ok(files) => Some(files),
            Err(e) => return fail(&progress, e, FAILED),
        },
        None => None,
    };
    if let Err(e) = atomic::write_set(&args.out, &outputs) {
        return fail(&progress, format!("{e}；未写入任何文件"), FAILED);
    }
    if let (Some(dir), Some(files)) = (&args.emit_typst, &emitted)
        && let Err(e) = atomic::write_set(dir, files)
    {
        return fail(&progress, format!("{e}（--emit-typst）"), FAILED);
    }
    progress.finish();

    let mut line = format!(
        "已生成 {} 个文件到 {}：{}（{} 页）",
        outputs.len(),
        crate::source::display_path(&args.out),
        pdf_name,
        rendered.pages
    );
    for o in outputs.iter().skip(1) {
        line.push_str(&format!("、{}", o.name));
    }
    if let (Some(dir), Some(files)) = (&args.emit_typst, &emitted) {
        line.push_str(&format!(
            "；另写出 typst 源文件 {} 个到 {}",
            files.len(),
            crate::source::display_path(dir)
        ));
    }
    if args.draft {
        line.push_str(&format!("；草稿，附录列出 {} 个问题", diags.len()));
    }
    line.push_str(&format!("；用时 {:.1} 秒", started.elapsed().as_secs_f64()));
    eprintln!("{line}");
    OK
}

/// `<试点领域>.xlsx` for each domain of the compiled booklet, with the
/// domain's catalogues in the booklet's order.
pub fn domain_workbooks(
    data: &compiled::Compiled,
    ws: &project::Workspace,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Catalogues by (domain, unit, kind), keyed once; each is taken by the
    // first place of the booklet that names it.
    let mut by_key: std::collections::HashMap<(String, String, Kind), Vec<&crate::model::Catalog>> =
        std::collections::HashMap::new();
    for c in &ws.catalogs {
        by_key
            .entry((compiled::domain_of(c), compiled::unit_of(c), c.kind))
            .or_default()
            .push(c);
    }
    let mut out = Vec::new();
    let mut used = std::collections::HashSet::new();
    for dom in &data.domains {
        let mut cats: Vec<&crate::model::Catalog> = Vec::new();
        for (kind, units) in [
            (Kind::Standard, &dom.standard),
            (Kind::Operational, &dom.operational),
        ] {
            for u in units {
                if let Some(v) = by_key.remove(&(dom.name.clone(), u.unit.clone(), kind)) {
                    cats.extend(v);
                }
            }
        }
        if cats.is_empty() {
            continue;
        }
        let bytes = crate::xlsx::write::catalog_sheets(&cats, &ws.config)
            .map_err(|e| format!("无法生成“{}”领域的工作簿：{e}", dom.name))?;
        // Distinct file names even when two domain names differ only in
        // characters a file name cannot hold.
        let stem = booklet::file_stem(&dom.name);
        let mut name = format!("{stem}.xlsx");
        let mut n = 2;
        while !used.insert(name.clone()) || name == CATALOG_JSON {
            name = format!("{stem}-{n}.xlsx");
            n += 1;
        }
        out.push((name, bytes));
    }
    Ok(out)
}

/// The diagnostics as `gkml validate` shows them, on stderr.
fn print_report(progress: &Progress, ws: &project::Workspace, diags: &[crate::diag::Diagnostic]) {
    let summary = ws.summary();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut buf = Vec::new();
    if report::write(
        &mut buf,
        report::Format::Human,
        diags,
        &ws.sources,
        &summary,
        color,
    )
    .is_ok()
    {
        progress.eprint(&String::from_utf8_lossy(&buf));
    }
}
