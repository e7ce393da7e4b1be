//! `gkml site`: the 专栏 as a static site.

use std::io::Write;
use std::path::PathBuf;

use gkml::error::Error;

use super::Outcome;

/// Arguments of `gkml site`.
#[derive(clap::Args, Debug, Clone)]
#[command(
    about = "生成专栏网站：按领域、单位和事项展示目录的静态网页",
    long_about = "生成“政务公开标准化规范化试点工作”专栏的静态网站：首页（各单位各领域的事项数和搜索框）、\
每个试点领域和试点单位一页、每个政务事项一页（办理依据和主体，各办理环节及其时限和产生的政府信息）。\n\n\
全国版式（national-2019）的项目生成基层政务公开标准目录专栏：首页汇总各编制单位各领域的标准目录（一级事项、二级事项、\
主动公开和依申请公开数）；每张标准目录一页，按全国版式逐行列出二级事项；每个领域、每个编制单位一页。\n\n\
网站是普通文件，没有服务器程序，也不引用网站以外的任何资源；链接都是相对的，可以放在门户网站的任意路径下，\
也可以直接用浏览器打开 index.html。新版本写完后才替换输出目录，旧版本在此之前保持完整。\n\n\
加 --with-build 时同时汇编目录清单（PDF）、分领域工作簿和 catalog.json，放在网站的 downloads/ 目录中，首页提供下载。\n\n\
退出码：0 已生成；1 目录有错误，未生成；2 无法运行（输入无法读取、输出目录无法写入等）。"
)]
pub struct Args {
    /// 项目目录（含 gkml.yaml 和各单位的目录文件）；默认为当前目录
    pub dir: Option<PathBuf>,
    /// 输出目录：网站写入此目录（不存在、为空或是上一版专栏）
    #[arg(short = 'o', long = "output", default_value = "site")]
    pub out: PathBuf,
    /// 同时汇编目录清单 PDF、分领域工作簿和 catalog.json，放入网站的 downloads/ 供下载
    #[arg(long)]
    pub with_build: bool,
}

/// Runs `gkml site`; the library's outcome carries the text for stderr.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let opts = gkml::site::cli::SiteArgs {
        dir: args.dir,
        out: args.out,
        with_build: args.with_build,
    };
    let outcome = gkml::site::cli::run(&opts);
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    Ok(match outcome.code {
        gkml::site::cli::OK => Outcome::Clean,
        gkml::site::cli::PROBLEMS => Outcome::Problems,
        _ => Outcome::NothingChecked,
    })
}
