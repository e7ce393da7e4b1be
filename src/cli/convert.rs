//! `gkml convert`: YAML ⇄ workbook.

use std::path::PathBuf;

use gkml::diag::{Checked, Diagnostic, tally};
use gkml::error::Error;

use super::Outcome;

/// The long help of `gkml convert`.
pub const LONG_ABOUT: &str = "在 YAML 和工作簿之间转换目录。\n\n输出由 -o 的名称决定：\n  *.xlsx       一个工作簿，输入中的每份目录一张工作表（附件2/附件3 版式，或全国基层政务公开标准目录的两行表头版式）；\n  *.yaml/.yml  输入中只能有一份目录；\n  其他         作为目录（不存在时创建），每份目录写一个“<试点单位>/<试点领域>-<目录类型>.yaml”（标准目录为“<编制单位>/<试点领域>-标准目录.yaml”），\n               已有同名文件时不覆盖、报错。\n\n输入可以是 YAML 目录文件、工作簿（.xlsx/.xls/.xlsb/.ods）或项目目录。读取出错（文件无法读取、\n找不到目录表格、无法确定试点单位或领域等）时不生成输出，退出码 1；校验规则发现的问题不影响转换。\n\n退出码：0 已转换；1 读取出错，未生成输出；2 无法运行（路径不存在、输出无法写入）。";

/// Arguments of `gkml convert`.
#[derive(clap::Args)]
pub struct Args {
    /// 输入：YAML 目录文件、工作簿或项目目录
    input: PathBuf,
    /// 输出：.xlsx 文件、.yaml 文件或目录（见上）
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// 项目目录（或其 gkml.yaml）：读取工作簿时用其中的附件1、词表和“工作簿”登记
    #[arg(long)]
    project: Option<PathBuf>,
}

/// Runs `gkml convert`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let input = gkml::convert::read_input(&args.input, args.project.as_deref())?;
    let errors = gkml::convert::read_errors(&input.diags);
    if !errors.is_empty() || input.catalogs.is_empty() && input.nationals.is_empty() {
        let shown: Vec<Diagnostic> = if errors.is_empty() {
            input.diags.clone()
        } else {
            errors.into_iter().cloned().collect()
        };
        let checked = Checked {
            files: &[],
            catalogs: input.catalogs.len(),
            items: 0,
            steps: 0,
            infos: 0,
            ledgers: 0,
            records: 0,
            nationals: input.nationals.len(),
            national_groups: 0,
            national_rows: 0,
        };
        eprint!(
            "{}",
            super::human_report(&shown, &input.sources, &checked, false)
        );
        return Err(Error::NotConverted {
            input: args.input,
            problems: !(input.catalogs.is_empty()
                && input.nationals.is_empty()
                && shown.is_empty()),
        });
    }
    let files = if input.catalogs.is_empty() {
        gkml::convert::write_national(&input.nationals, &input.config, &args.output)?
    } else {
        gkml::convert::write_output(&input.catalogs, &input.config, &args.output)?
    };
    for f in &files {
        eprintln!("已写入 {}", f.display());
    }
    let (e, w) = tally(&input.diags);
    if e + w > 0 {
        eprintln!("注意：目录中还有 {e} 个错误、{w} 个警告，可用 gkml validate 查看");
    }
    Ok(Outcome::Clean)
}
