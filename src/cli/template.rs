//! `gkml template`: a blank 附件2/附件3 workbook to fill in.

use std::path::PathBuf;

use gkml::error::Error;
use gkml::model::Kind;

use super::Outcome;

/// The long help of `gkml template`.
pub const LONG_ABOUT: &str = "生成空白的填报模板：--kind 附件2（标准化目录）或 附件3（规范化操作目录）为带两行表头、下拉列表、\
冻结表头和“填表说明”工作表的工作簿；--kind 标准目录 为全国基层政务公开标准目录（国办发〔2019〕54号）的空白表格\
（公开渠道和载体写■/□，公开对象、公开方式、公开层级下拉打√）；--kind 公开台账 为空白的政府信息公开台账（-o 写 .yaml 时生成 YAML 台账）。\n\n\
退出码：0 已生成；2 无法运行（类型无法识别、输出无法写入）。";

/// Arguments of `gkml template`.
#[derive(clap::Args)]
pub struct Args {
    /// 类型：附件2（标准化目录）、附件3（规范化操作目录）、标准目录（基层政务公开标准目录）或 公开台账
    #[arg(long)]
    kind: String,
    /// 填报单位（写入“填报单位：”行；标准目录写入“编制单位：”行）
    #[arg(long)]
    unit: Option<String>,
    /// 试点领域（写入标题行）
    #[arg(long)]
    domain: Option<String>,
    /// 项目目录（或其 gkml.yaml）：下拉列表使用其中的政务事项分类词表；标准目录使用其中的公开渠道和载体、公开层级
    #[arg(long)]
    project: Option<PathBuf>,
    /// 输出文件：.xlsx 工作簿；公开台账也可写 .yaml
    #[arg(long, short = 'o')]
    output: PathBuf,
}

/// Runs `gkml template`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    if is_ledger_kind(&args.kind) {
        return ledger(&args);
    }
    if is_national_kind(&args.kind) {
        return national(&args);
    }
    let kind = Kind::parse(&args.kind).ok_or_else(|| Error::UnknownKind(args.kind.clone()))?;
    let (cfg, _) = gkml::convert::load_config(args.project.as_deref())?;
    let bytes =
        gkml::xlsx::write::template(kind, args.unit.as_deref(), args.domain.as_deref(), &cfg)
            .map_err(|e| Error::Failed(e.to_string()))?;
    gkml::atomic::write_file(&args.output, &bytes)?;
    eprintln!("已生成{}模板：{}", kind.annex(), args.output.display());
    Ok(Outcome::Clean)
}

/// The words `--kind` takes for the national 基层政务公开标准目录.
fn is_national_kind(kind: &str) -> bool {
    matches!(
        kind.trim(),
        "标准目录" | "基层政务公开标准目录" | "政务公开事项标准目录" | "national-2019" | "national"
    )
}

/// A blank national 标准目录 workbook.
fn national(args: &Args) -> Result<Outcome, Error> {
    let (cfg, _) = gkml::convert::load_config(args.project.as_deref())?;
    let bytes = gkml::national::write::template(args.unit.as_deref(), args.domain.as_deref(), &cfg)
        .map_err(|e| Error::Failed(e.to_string()))?;
    gkml::atomic::write_file(&args.output, &bytes)?;
    eprintln!("已生成基层政务公开标准目录模板：{}", args.output.display());
    Ok(Outcome::Clean)
}

/// The words `--kind` takes for the 公开台账.
fn is_ledger_kind(kind: &str) -> bool {
    matches!(
        kind.trim(),
        "公开台账" | "台账" | "政府信息公开台账" | "ledger"
    )
}

/// A blank 公开台账: a workbook, or YAML when the output is named .yaml.
fn ledger(args: &Args) -> Result<Outcome, Error> {
    let yaml = gkml::input::FileType::of(&args.output) == Some(gkml::input::FileType::Yaml);
    let bytes = if yaml {
        gkml::ledger::yaml::template(args.unit.as_deref(), args.domain.as_deref()).into_bytes()
    } else {
        gkml::ledger::template::workbook(args.unit.as_deref(), args.domain.as_deref())
            .map_err(|e| Error::Failed(e.to_string()))?
    };
    gkml::atomic::write_file(&args.output, &bytes)?;
    eprintln!("已生成公开台账模板：{}", args.output.display());
    Ok(Outcome::Clean)
}
