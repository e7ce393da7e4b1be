//! `gkml build`: the booklet, the domain workbooks and `catalog.json`, with
//! a progress bar on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use gkml::build::{Observer, Request, STEPS};
use gkml::diag::Diagnostic;
use gkml::error::Error;
use gkml::project::Workspace;
use gkml::source::display_path;

use super::Outcome;

/// The long help of `gkml build`.
pub const LONG_ABOUT: &str = "读取并校验项目，汇编目录清单：PDF 印刷版（封面、编制说明、附件1、各领域的附件2 和附件3）、\
每个试点领域一个工作簿和 catalog.json，整体写入输出目录（旧版在新版写完之前保持完整）。目录有错误时不生成。\n\n\
全国基层政务公开标准目录（national-2019）的项目：PDF 按全国版式横排（汇总表，各领域、各编制单位一张表，两行表头），\
每个领域一个同样版式的工作簿，catalog.json 的 nationals 一节列出各表。两种格式的目录不能在同一项目中汇编。\n\n\
退出码：0 已生成；1 目录有错误，未生成；2 无法运行（输入无法读取、排版失败、输出目录无法写入）。";

/// PDF standards gkml offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2b，用于长期归档
    #[value(name = "a-2b")]
    A2b,
}

impl From<Standard> for gkml::booklet::Standard {
    fn from(s: Standard) -> gkml::booklet::Standard {
        match s {
            Standard::A2b => gkml::booklet::Standard::A2b,
        }
    }
}

/// Arguments of `gkml build`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
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

impl Observer for Progress {
    fn step(&self, name: &'static str) {
        if let Some(pb) = &self.0 {
            pb.inc(1);
            pb.set_message(name);
        }
    }

    fn findings(&self, ws: &Workspace, diags: &[Diagnostic]) {
        let summary = ws.summary();
        let report = super::human_report(diags, &ws.sources, &summary, super::stderr_color());
        self.eprint(&report);
    }

    fn warning(&self, message: &str) {
        self.eprint(&format!("警告：{message}\n"));
    }

    fn note(&self, message: &str) {
        self.eprint(&format!("gkml：{message}\n"));
    }
}

/// Runs `gkml build`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let started = Instant::now();
    let progress = Progress::new(STEPS.len() as u64);
    let req = Request {
        dir: args.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
        out: args.out.clone(),
        draft: args.draft,
        template: args.template.clone(),
        emit_typst: args.emit_typst.clone(),
        font_paths: args.font_path.clone(),
        standard: args.pdf_standard.map(Into::into),
        tagged: !args.no_pdf_tags,
        previous: args.previous.clone(),
    };
    let built = gkml::build::build(&req, &progress);
    progress.finish();
    let built = built?;

    let mut files = built.files.iter();
    let mut line = format!(
        "已生成 {} 个文件到 {}：{}（{} 页）",
        built.files.len(),
        display_path(&args.out),
        files.next().map(String::as_str).unwrap_or(""),
        built.pages
    );
    for name in files {
        line.push_str(&format!("、{name}"));
    }
    if let (Some(dir), Some(n)) = (&args.emit_typst, built.emitted) {
        line.push_str(&format!(
            "；另写出 typst 源文件 {n} 个到 {}",
            display_path(dir)
        ));
    }
    if let Some(n) = built.draft_problems {
        line.push_str(&format!("；草稿，附录列出 {n} 个问题"));
    }
    line.push_str(&format!("；用时 {:.1} 秒", started.elapsed().as_secs_f64()));
    eprintln!("{line}");
    Ok(Outcome::Clean)
}
