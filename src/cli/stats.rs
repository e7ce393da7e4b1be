//! `gkml stats`: the figures for the annual report.

use std::path::PathBuf;

use gkml::diag::tally;
use gkml::error::Error;
use gkml::model::Kind;
use gkml::stats::{compute, registry_order, to_csv, to_text};

use super::Outcome;

/// Output format of `gkml stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 对齐的表格（默认）
    Text,
    /// 稳定的 JSON（format: gkml-stats/1）
    Json,
    /// CSV，首行为中文表头，UTF-8 带 BOM 以便 Excel 打开
    Csv,
}

/// Arguments of `gkml stats`.
#[derive(clap::Args, Debug)]
#[command(
    about = "统计政务事项、办理环节、政府信息和各公开属性的数量与占比",
    long_about = "统计各试点单位、试点领域和全部目录的政务事项、办理环节、政府信息数量，\
各公开属性（主动公开、依申请公开、部分公开、不予公开，以及未标明或标了多个属性的“未标明”）的数量和占比，\
以及各类政务事项的事项数。标准化目录（附件2）和规范化操作目录（附件3）分别统计，年度报告引用附件2的数字。\n\n\
项目中有公开台账时，另列各单位、各领域的公开记录数、按时公开数、超时公开数、按时公开率和公开用时中位数（工作日，按国务院办公厅节假日安排计算），\
供验收报告引用（JSON 中为 ledger 字段；CSV 只有一张表，用 --kind 公开台账 导出台账的数字）。\n\n\
基层政务公开标准目录（national-2019）按编制单位和试点领域统计一级事项、二级事项，主动与依申请、全社会与特定群体、县级与乡级的二级事项数，\
以及各公开渠道和载体的使用次数（JSON 中为 national 字段；只有标准目录的项目直接输出这些数字；--kind 标准目录 只输出这些数字）。\n\n\
目录中有错误时照常统计，并在标准错误输出中提示错误个数（详情用 gkml validate 查看）。\n\n\
退出码：0 统计完成、目录没有错误；1 统计完成、但目录中有错误（数字可能不完整）；2 无法运行（路径不存在、没有目录文件、输出无法写入）。"
)]
pub struct Args {
    /// 项目目录或目录文件；默认为当前目录
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// 只统计一类：附件2（标准化目录）、附件3（规范化操作目录）、标准目录（基层政务公开标准目录）或 公开台账
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<What>,
    /// 写入文件（默认输出到标准输出）
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

/// What `--kind` keeps: one template's figures, or the 公开台账's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Catalog(Kind),
    Ledger,
    National,
}

fn parse_kind(s: &str) -> Result<What, String> {
    if matches!(s.trim(), "公开台账" | "台账" | "ledger") {
        return Ok(What::Ledger);
    }
    if matches!(
        s.trim(),
        "标准目录" | "基层政务公开标准目录" | "national-2019" | "national"
    ) {
        return Ok(What::National);
    }
    Kind::parse(s).map(What::Catalog).ok_or_else(|| {
        format!("不认识的类型“{s}”：可用 附件2（标准化目录）、附件3（规范化操作目录）、标准目录 或 公开台账")
    })
}

/// `gkml stats` of the national 标准目录: a project holding only them, or
/// `--kind 标准目录`.
fn national(ws: &mut gkml::project::Workspace, args: &Args) -> Result<Outcome, Error> {
    if ws.nationals.is_empty() {
        return Err(Error::Failed(
            "项目中没有基层政务公开标准目录（有“一级事项”“二级事项”“公开时限”等列的表格，或“格式: national-2019”的 YAML 文件）"
                .to_string(),
        ));
    }
    let diags = ws.check();
    let (errors, warnings) = tally(&diags);
    let s = gkml::national::stats::stats(&ws.nationals, &ws.config);
    let out = match args.format {
        Format::Text => s.to_text(),
        Format::Json => {
            let mut v = serde_json::json!({ "format": gkml::stats::FORMAT_TAG });
            if let Some(map) = v.as_object_mut() {
                map.insert(
                    "national".into(),
                    serde_json::to_value(&s).unwrap_or_default(),
                );
            }
            let mut t = serde_json::to_string_pretty(&v).unwrap_or_default();
            t.push('\n');
            t
        }
        Format::Csv => format!("\u{feff}{}", s.to_csv()),
    };
    super::emit(args.output.as_deref(), out.as_bytes())?;
    if errors > 0 {
        return Err(Error::StatsIncomplete { errors, warnings });
    }
    if warnings > 0 {
        eprintln!("gkml：目录中有 {warnings} 个警告（没有错误）；运行 gkml validate 查看详情");
    }
    Ok(Outcome::Clean)
}

/// Runs `gkml stats`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let paths = super::paths_or_here(args.paths.clone());
    let mut ws = gkml::project::load(&paths)?;
    let national_only = args.kind == Some(What::National)
        || (ws.catalogs.is_empty() && !ws.nationals.is_empty() && args.kind.is_none());
    if national_only {
        return national(&mut ws, &args);
    }
    if ws.catalogs.is_empty() {
        if ws.files.iter().all(|f| Some(f) == ws.config.file.as_ref()) {
            return Err(Error::NoCatalogFiles);
        }
        return Err(Error::NothingRead);
    }
    let diags = ws.check();
    let (errors, warnings) = tally(&diags);
    let mut stats = compute(&ws.catalogs);
    let (units, domains) = registry_order(&ws.config);
    stats.order_by(&units, &domains);
    if let Some(What::Catalog(k)) = args.kind {
        stats.kinds.retain(|s| s.kind == k.annex());
    }
    // The 公开台账's figures, when the project has ledgers.
    let ledger = (!ws.ledgers.is_empty()).then(|| {
        let mut l = gkml::ledger::stats::stats(
            &ws.ledgers,
            &ws.catalogs,
            &ws.config.ledger_settings(),
            &ws.config.calendar(),
        );
        l.order_by(&units, &domains);
        l
    });
    let only_ledger = args.kind == Some(What::Ledger);
    if only_ledger && ledger.is_none() {
        return Err(Error::Failed(format!(
            "项目中没有公开台账（有“{}”“{}”“{}”等列的表格，或有“{}”的 YAML 文件）",
            gkml::ledger::keys::ITEM,
            gkml::ledger::keys::INFO,
            gkml::ledger::keys::PUBLISHED,
            gkml::ledger::keys::RECORDS
        )));
    }
    let ledger_only = ledger.as_ref().filter(|_| only_ledger);
    let out = match (args.format, ledger_only) {
        (Format::Text, Some(l)) => l.to_text(),
        (Format::Json, Some(l)) => {
            let mut s = serde_json::to_string_pretty(l).unwrap_or_default();
            s.push('\n');
            s
        }
        (Format::Csv, Some(l)) => format!("\u{feff}{}", l.to_csv()),
        (Format::Text, None) => {
            let mut s = to_text(&stats);
            if let Some(l) = &ledger
                && args.kind.is_none()
            {
                s.push('\n');
                s.push_str(&l.to_text());
            }
            s
        }
        (Format::Json, None) => {
            let mut v = serde_json::to_value(&stats).unwrap_or_default();
            if let (Some(l), Some(map), None) = (&ledger, v.as_object_mut(), args.kind) {
                map.insert("ledger".into(), serde_json::to_value(l).unwrap_or_default());
            }
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        // One table per file: the ledger's with --kind 公开台账.
        (Format::Csv, None) => format!("\u{feff}{}", to_csv(&stats)),
    };
    super::emit(args.output.as_deref(), out.as_bytes())?;
    if errors > 0 {
        return Err(Error::StatsIncomplete { errors, warnings });
    }
    if warnings > 0 {
        eprintln!("gkml：目录中有 {warnings} 个警告（没有错误）；运行 gkml validate 查看详情");
    }
    Ok(Outcome::Clean)
}
