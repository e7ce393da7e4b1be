//! `gkml diff`: compare two editions of the catalogues.

use std::path::PathBuf;

use gkml::diff::{diff_paths, to_human, to_json, to_xlsx};
use gkml::error::Error;
use gkml::format::hongkou::Field;

use super::Outcome;

/// Output format of `gkml diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 按单位、领域分组的修订清单（默认）
    Human,
    /// 稳定的 JSON（format: gkml-diff/1）
    Json,
    /// 修订对照表工作簿，须用 -o 指定文件
    Xlsx,
}

/// `gkml diff --help`'s description (the columns named by the formats'
/// descriptions).
fn long_about() -> String {
    use gkml::national::labels::{Audience, Method};
    use gkml::national::model::keys;
    format!(
        "比较两个版本的目录（两个项目目录，或同一单位的两份目录文件，YAML 或 Excel 均可，可以混用），列出修订。\n\n\
虹口试点格式（附件2/附件3）：目录、政务事项、办理环节、政府信息的新增和删除，政务事项和政府信息的更名（按名称相似度及办理环节、\
政府信息的重合程度识别），以及每个字段的修改（原内容和新内容）。{attr}由主动公开改为依申请公开、部分公开或不予公开等“收窄”的修改\
会特别标出，并说明新目录是否写明了理由。目录按试点单位、试点领域和目录类型对应。\n\n\
全国{name}（{format}）：每张表按{unit}和{domain}对应；列出{l1}和{l2}的新增、删除和更名（{l1}按名称相似度及所含{l2}的重合程度、\
{l2}按名称及{content}的相似度识别），以及每一栏的修改（原内容和新内容），{channels}、{audience}、{method}、{levels}列出增加和减少的项。\
“收窄”特别标出：{method}原来勾选“{active}”、新目录只勾选“{on_request}”；{audience}原来勾选“{public}”、新目录只勾选“{specific}”\
（信息不再向全社会公开，与前者同样需要说明理由）。表格没有“理由”栏，以新目录该行的“{note}”栏是否写明理由为准。\n\n\
两个版本须为同一种格式，试点格式与全国格式不能相互比较。序号和排列顺序的变化不列出。\n\n\
退出码（与 Unix 的 diff 命令相同）：0 没有变化；1 有变化；2 无法运行（路径不存在、目录无法读取、两个版本格式不同、输出无法写入）。",
        attr = Field::Attr.header(),
        name = keys::CATALOG_NAME,
        format = keys::FORMAT_NAME,
        unit = keys::UNIT,
        domain = keys::DOMAIN,
        l1 = keys::LEVEL1,
        l2 = keys::LEVEL2,
        content = keys::CONTENT,
        channels = keys::CHANNELS,
        audience = keys::AUDIENCE,
        method = keys::METHOD,
        levels = keys::LEVELS,
        note = keys::NOTE,
        active = Method::Active.label(),
        on_request = Method::OnRequest.label(),
        public = Audience::Public.label(),
        specific = Audience::Specific.label(),
    )
}

/// Arguments of `gkml diff`.
#[derive(clap::Args, Debug)]
#[command(
    about = "比较两个版本的目录（试点格式或全国标准目录格式），列出修订（新增、删除、更名、字段修改、收窄）",
    long_about = long_about()
)]
pub struct Args {
    /// 原版本：项目目录或目录文件（.yaml/.xlsx/.xls/.ods）
    pub old: PathBuf,
    /// 新版本：项目目录或目录文件
    pub new: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// 写入文件（默认输出到标准输出；xlsx 必须指定）
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

/// Runs `gkml diff`: 0 no changes, 1 changes, 2 failed.
pub fn run(args: Args) -> Result<Outcome, Error> {
    if args.format == Format::Xlsx && args.output.is_none() {
        return Err(Error::DiffXlsxNeedsOutput);
    }
    let d = diff_paths(&args.old, &args.new)?;
    for note in &d.notes {
        eprintln!("gkml：{note}");
    }
    let bytes = match args.format {
        Format::Human => to_human(&d).into_bytes(),
        Format::Json => to_json(&d).into_bytes(),
        Format::Xlsx => to_xlsx(&d).map_err(|e| Error::DiffXlsx(e.to_string()))?,
    };
    super::emit(args.output.as_deref(), &bytes)?;
    Ok(if d.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
