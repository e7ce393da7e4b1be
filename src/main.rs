//! gkml — 政务公开事项标准化目录编制工具. The entry point: it parses the
//! arguments, runs the command (`src/cli/<command>.rs`) and maps the result
//! to the exit code; the work is done in the library.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gkml::error::{FAILED, OK};

#[derive(Parser)]
#[command(
    name = "gkml",
    // Usage lines say `gkml` whatever the file is called (gkml.exe on
    // Windows, gkml-test when the tests build it).
    bin_name = "gkml",
    version,
    about = "政务公开事项标准化目录编制工具：读取、校验、汇编附件2/附件3 目录",
    long_about = "gkml 读取各试点单位以 YAML 或 Excel（附件2/附件3 模板）填报的目录，校验必填项和公开属性，\
并汇编为标准化目录清单（PDF）和分领域工作簿。\n\n退出码：0 没有错误；1 发现问题；2 无法运行（输入无法读取、参数错误）。"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 校验目录文件或项目目录
    #[command(long_about = cli::validate::LONG_ABOUT)]
    Validate(cli::validate::Args),
    /// 汇编目录清单：PDF 印刷版、分领域工作簿和 catalog.json
    #[command(long_about = cli::build::LONG_ABOUT)]
    Build(cli::build::Args),
    /// 列出全部校验规则
    #[command(long_about = cli::rules::LONG_ABOUT)]
    Rules(cli::rules::Args),
    // Help texts are on the argument structs (about + long_about).
    Diff(cli::diff::Args),
    Stats(cli::stats::Args),
    /// 生成空白的附件2/附件3 填报模板或公开台账（.xlsx）
    #[command(long_about = cli::template::LONG_ABOUT)]
    Template(cli::template::Args),
    /// 在 YAML 和工作簿之间转换目录
    #[command(long_about = cli::convert::LONG_ABOUT)]
    Convert(cli::convert::Args),
    /// 新建项目目录：项目文件、附件1 和各单位各领域的空白工作簿
    #[command(long_about = cli::init::LONG_ABOUT)]
    Init(cli::init::Args),
    Serve(cli::serve::Args),
    Site(cli::site::Args),
}

/// Tunes glibc's allocator for a short-lived process that builds a large
/// heap: typesetting a booklet of 25,000 rows allocates and frees about
/// 1.5 GiB in many small pieces. By default glibc hands freed memory at the
/// top of the heap back to the kernel (over 128 KiB), grows the heap in small
/// steps and serves blocks over a moving threshold with their own `mmap`, so
/// the same pages are returned and faulted in again. Keeping freed memory
/// (until 1 GiB is free at the top), growing by 64 MiB and using `mmap` only
/// for blocks of 32 MiB or more cut the kernel time of that build by a quarter
/// and its wall time by about 6 % with the distribution build (1-2 % with the
/// dev build; README, "性能"); peak memory is unchanged, as the peak is live
/// data.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets allocator parameters; it is called before
    // any other thread exists. A rejected value (return 0) leaves glibc's
    // default in place, which is correct, only slower.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    gkml::console::prepare();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap's own words (usage, headings, errors) in Chinese.
            let text = cli::help::translate(&e.render().to_string());
            let code = if e.use_stderr() {
                eprint!("{text}");
                FAILED
            } else {
                print!("{text}");
                OK
            };
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Validate(args) => cli::validate::run(args),
        Command::Build(args) => cli::build::run(args),
        Command::Rules(args) => cli::rules::run(args),
        Command::Diff(args) => cli::diff::run(args),
        Command::Stats(args) => cli::stats::run(args),
        Command::Template(args) => cli::template::run(args),
        Command::Convert(args) => cli::convert::run(args),
        Command::Init(args) => cli::init::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Site(args) => cli::site::run(args),
    };
    ExitCode::from(cli::exit_code(result))
}
