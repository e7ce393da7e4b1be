//! `gkml validate`: check catalogue files or a project and report.

use std::io::Write;
use std::path::PathBuf;

use gkml::calendar::Date;
use gkml::diag::tally;
use gkml::error::Error;
use gkml::report;

use super::Outcome;

/// The long help of `gkml validate`.
pub const LONG_ABOUT: &str = "校验目录文件（YAML、.xlsx/.xls/.xlsb/.ods 工作簿）或项目目录：必填项、公开属性、理由和依据、\
时限、附件2 与附件3 的对应、附件1 的单位和领域；项目中有公开台账时，连同台账检查名称、日期和公开时限。\
每个问题指到 YAML 的行或工作簿的单元格，并说明怎么改。\n\n\
退出码：0 没有错误（加 --deny-warnings 时也没有警告）；1 发现问题；2 无法运行（路径不存在、文件都无法读取、输出无法写入）。";

/// Output format of `gkml validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 终端阅读（默认）
    Human,
    /// 稳定的 JSON，字段见 README
    Json,
    /// GitHub Actions 工作流注释
    Github,
    /// SARIF 2.1.0，用于代码扫描上传
    Sarif,
    /// JUnit XML，用于 GitLab 等 CI 的测试报告
    Junit,
}

impl From<Format> for report::Format {
    fn from(f: Format) -> report::Format {
        match f {
            Format::Human => report::Format::Human,
            Format::Json => report::Format::Json,
            Format::Github => report::Format::Github,
            Format::Sarif => report::Format::Sarif,
            Format::Junit => report::Format::Junit,
        }
    }
}

/// Arguments of `gkml validate`.
#[derive(clap::Args)]
pub struct Args {
    /// 目录文件（.yaml/.xlsx/.xls/.ods）或项目目录；默认为当前目录
    paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// 有警告时也以退出码 1 结束
    #[arg(long)]
    deny_warnings: bool,
    /// 把报告写入文件（默认输出到标准输出）
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// 另写一个工作簿：按模板版式（基层政务公开标准目录按其两行表头版式）重写所读的目录，出错的单元格标红、警告标黄，并附批注说明问题和修改方法
    #[arg(long, value_name = "OUT.xlsx")]
    annotate: Option<PathBuf>,
    /// 检查截至这一天（默认今天）应已公开的信息：项目文件写了“专栏开通日期”时，规范化操作目录中主动公开而台账中自开通以来没有公开记录的信息报“尚未公开”；日期写成 2017-12-31
    #[arg(long, value_name = "日期", value_parser = parse_as_of)]
    as_of: Option<Date>,
}

/// `--as-of` as liaisons write dates.
fn parse_as_of(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| format!("日期“{s}”无法识别：{e}；写成 2017-12-31 的形式"))
}

/// Runs `gkml validate`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let paths = super::paths_or_here(args.paths);
    // The process ends right after validating: freeing the model and the
    // findings piece by piece would only add time (a tenth of a big run).
    let mut ws = std::mem::ManuallyDrop::new(gkml::project::load(&paths)?);
    ws.as_of = Some(args.as_of.unwrap_or_else(Date::today));
    let diags = std::mem::ManuallyDrop::new(ws.check());
    let summary = ws.summary();
    let mut buf = Vec::new();
    let color = args.output.is_none() && gkml::console::colours_for(&std::io::stdout());
    report::write(
        &mut buf,
        args.format.into(),
        &diags,
        &ws.sources,
        &summary,
        color,
    )
    .map_err(Error::Report)?;
    match &args.output {
        Some(p) => std::fs::write(p, &buf).map_err(|error| Error::Write {
            path: p.clone(),
            error,
        })?,
        None => {
            let _ = std::io::stdout().write_all(&buf);
        }
    }
    if ws.files.is_empty() {
        return Err(Error::NoCatalogFiles);
    }
    if let Some(out) = &args.annotate {
        if ws.catalogs.is_empty() && !ws.nationals.is_empty() {
            // A national-2019 project: its tables in their own layout.
            let cats: Vec<&gkml::national::NationalCatalog> = ws.nationals.iter().collect();
            gkml::national::write::annotate(&cats, &diags, ws.config.national.marks)
                .map_err(|e| format!("无法生成工作簿：{e}"))
                .and_then(|bytes| gkml::atomic::write_file(out, &bytes))?;
        } else {
            let cats: Vec<&gkml::model::Catalog> = ws.catalogs.iter().collect();
            gkml::xlsx::write::annotate(&cats, &diags, &ws.config)
                .map_err(|e| e.to_string())
                .and_then(|bytes| gkml::atomic::write_file(out, &bytes))?;
        }
    }
    if ws.nothing_checked() {
        // Every file was unreadable: the report says why.
        return Ok(Outcome::NothingChecked);
    }
    let (errors, warnings) = tally(&diags);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Ok(Outcome::Problems)
    } else {
        Ok(Outcome::Clean)
    }
}
