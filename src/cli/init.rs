//! `gkml init`: a new project directory.

use std::path::PathBuf;

use gkml::error::Error;

use super::Outcome;

/// The long help of `gkml init`.
pub const LONG_ABOUT: &str = "新建项目目录：--from 上一版项目时复制项目文件（年度加一）并把各目录带入为 YAML；\
--unit 单位=领域,… 时写入附件1，并为每个单位每个领域生成空白的附件2、附件3 工作簿。\n\n\
退出码：0 已创建；2 无法运行（目录已存在且不为空、参数有误、上一版无法读取、无法写入）。";

/// Arguments of `gkml init`.
#[derive(clap::Args)]
pub struct Args {
    /// 新项目目录（不存在或为空）
    dir: PathBuf,
    /// 从上一版项目开始：复制项目文件（年度加一）并把各目录带入为 YAML
    #[arg(long)]
    from: Option<PathBuf>,
    /// 试点单位和领域，如 --unit 区民政局=社会救助,养老服务（可重复）；写入附件1 并为每个领域生成空白的附件2、附件3 工作簿
    #[arg(long = "unit", value_name = "单位=领域,…")]
    units: Vec<String>,
}

/// Runs `gkml init`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let units = args
        .units
        .iter()
        .map(|u| gkml::init::parse_unit_arg(u))
        .collect::<Result<Vec<_>, _>>()?;
    if args.from.is_some() && !units.is_empty() {
        return Err(Error::FromWithUnit);
    }
    let opts = gkml::init::InitOptions {
        dir: args.dir.clone(),
        from: args.from,
        units,
    };
    let rep = gkml::init::init(&opts)?;
    for f in &rep.files {
        eprintln!("已生成 {}", args.dir.join(f).display());
    }
    for s in &rep.skipped {
        eprintln!("未带入：{s}");
    }
    Ok(Outcome::Clean)
}
