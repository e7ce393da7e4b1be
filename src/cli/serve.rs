//! `gkml serve`: the liaisons' self-check page on the office's intranet.

use std::path::PathBuf;
use std::sync::Arc;

use gkml::error::Error;

use super::Outcome;

/// Arguments of `gkml serve`.
#[derive(clap::Args, Debug)]
#[command(
    about = "在内网上提供目录自查页面和检查接口（联络员上传工作簿，查看每个问题并下载批注工作簿）",
    long_about = "在内网上提供目录自查页面和检查接口。\n\n\
页面：/ 上传工作簿或 YAML 目录文件并查看问题清单、下载批注工作簿；/rules 校验规则；/healthz 健康检查。\n\
接口：POST /api/check（multipart 字段 file）返回与 gkml validate --format json 相同的 JSON；\
POST /api/annotate 返回批注工作簿（与 gkml validate --annotate 相同）。\n\n\
上传的文件只在内存中处理，不写入磁盘，回答后即丢弃。没有登录功能：只监听本机或内网地址，\
对外通过门户的反向代理提供（见 README“自查服务”）。\n\n\
退出码：0 正常停止（Ctrl+C 或 SIGTERM）；2 无法启动（地址被占用、项目无法读取、参数错误）。"
)]
pub struct Args {
    /// 项目目录（或其 gkml.yaml）：检查时使用其中的词表、规则级别、附件1 和“工作簿”登记，并与项目中已有的目录核对跨文件规则
    pub project: Option<PathBuf>,
    /// 监听地址和端口；只在本机或内网地址上监听，端口写 0 时由系统分配
    #[arg(long, value_name = "地址:端口", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// 上传文件的大小上限，如 20MiB、512KiB
    #[arg(long, value_name = "大小", default_value = "20MiB", value_parser = gkml::serve::parse_size)]
    pub max_upload: u64,
    /// 同时检查的文件数（工作线程数）；默认为 CPU 核数
    #[arg(long, value_name = "个数")]
    pub workers: Option<usize>,
    /// 排队等待检查的文件数上限；排满时回答 503，请稍后再试
    #[arg(long, value_name = "个数", default_value_t = 32)]
    pub queue: usize,
    /// 每次检查的时间上限（秒）；超时回答 503，结果丢弃
    #[arg(long, value_name = "秒", default_value_t = 30)]
    pub timeout: u64,
}

/// Runs the service until Ctrl+C or SIGTERM; log lines go to stderr.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let opts = gkml::serve::ServeArgs {
        project: args.project,
        listen: args.listen,
        max_upload: args.max_upload,
        workers: args.workers,
        queue: args.queue,
        timeout: args.timeout,
    };
    match gkml::serve::run(&opts, Arc::new(|line: &str| eprintln!("{line}"))) {
        0 => Ok(Outcome::Clean),
        // The reason was logged already.
        _ => Ok(Outcome::NothingChecked),
    }
}
