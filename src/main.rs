//! gkml — 政务公开事项标准化目录编制工具. This file parses arguments and maps
//! results to exit codes; the work is done in the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gkml::diag::{Severity, tally};
use gkml::report::{self, Format};
use gkml::rules::{Code, RULES};

/// Exit code: no errors.
const OK: u8 = 0;
/// Exit code: problems found.
const PROBLEMS: u8 = 1;
/// Exit code: could not run.
const FAILED: u8 = 2;

#[derive(Parser)]
#[command(
    name = "gkml",
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
    Validate(ValidateArgs),
    /// 汇编目录清单：PDF 印刷版、分领域工作簿和 catalog.json
    Build(gkml::build::BuildArgs),
    /// 列出全部校验规则
    Rules {
        /// 输出格式：text（默认）、markdown 或 json
        #[arg(long, default_value = "text")]
        format: String,
    },
    // Help texts are on the argument structs (about + long_about).
    Diff(gkml::diff::DiffArgs),
    Stats(gkml::stats::StatsArgs),
    /// 生成合成项目（性能测试用）
    #[command(hide = true)]
    Gen(GenArgs),
}

#[derive(clap::Args)]
struct GenArgs {
    /// 试点单位数
    #[arg(long, default_value_t = 5)]
    units: usize,
    /// 每个单位每个领域的政务事项数
    #[arg(long, default_value_t = 10)]
    items_per_domain: usize,
    /// 每个事项的平均办理环节数
    #[arg(long, default_value_t = 4)]
    steps_per_item: usize,
    /// 每个环节的平均政府信息数
    #[arg(long, default_value_t = 3)]
    infos_per_step: usize,
    /// 随机种子（相同种子生成相同文件）
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// 输出目录（不存在或为空）
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// 生成工作簿（附件2/附件3 合并单元格版式）而不是 YAML
    #[arg(long)]
    xlsx: bool,
}

#[derive(clap::Args)]
struct ValidateArgs {
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
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { FAILED } else { OK });
        }
    };
    let code = match cli.command {
        Command::Validate(args) => validate(args),
        Command::Build(args) => gkml::build::run(&args),
        Command::Rules { format } => rules(&format),
        Command::Diff(args) => gkml::diff::run(args),
        Command::Stats(args) => gkml::stats::run(args),
        Command::Gen(args) => generate(args),
    };
    ExitCode::from(code)
}

fn fail(msg: impl std::fmt::Display) -> u8 {
    eprintln!("gkml：{msg}");
    FAILED
}

fn validate(args: ValidateArgs) -> u8 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut ws = match gkml::project::load(&paths) {
        Ok(ws) => ws,
        Err(e) => return fail(e),
    };
    let diags = ws.check();
    let (mut items, mut steps, mut infos) = (0, 0, 0);
    for c in &ws.catalogs {
        let (i, s, n) = c.counts();
        items += i;
        steps += s;
        infos += n;
    }
    let summary = report::Summary {
        files: &ws.files,
        catalogs: ws.catalogs.len(),
        items,
        steps,
        infos,
    };
    let mut buf = Vec::new();
    let color = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    if let Err(e) = report::write(&mut buf, args.format, &diags, &ws.sources, &summary, color) {
        return fail(format!("无法生成报告：{e}"));
    }
    match &args.output {
        Some(p) => {
            if let Err(e) = std::fs::write(p, &buf) {
                return fail(format!("无法写入 {}：{e}", p.display()));
            }
        }
        None => {
            let _ = std::io::stdout().write_all(&buf);
        }
    }
    if ws.files.is_empty() {
        eprintln!("gkml：没有找到目录文件（.yaml、.xlsx、.xls、.ods）");
        return FAILED;
    }
    if ws.nothing_checked() {
        return FAILED;
    }
    let (errors, warnings) = tally(&diags);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        PROBLEMS
    } else {
        OK
    }
}

fn generate(a: GenArgs) -> u8 {
    let opts = gkml::generator::Options {
        units: a.units,
        items_per_domain: a.items_per_domain,
        steps_per_item: a.steps_per_item,
        infos_per_step: a.infos_per_step,
        seed: a.seed,
        out: a.output,
        xlsx: a.xlsx,
    };
    match gkml::generator::generate(&opts) {
        Ok(s) => {
            println!(
                "已生成 {}：{} 个试点单位，{} 个目录，{} 个政务事项，{} 个办理环节，{} 条政府信息",
                opts.out.display(),
                s.units,
                s.catalogs,
                s.items,
                s.steps,
                s.infos
            );
            OK
        }
        Err(e) => fail(e),
    }
}

fn rules(format: &str) -> u8 {
    let mut out = String::new();
    match format {
        "json" => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({"code": r.code, "severity": r.severity.as_str(), "scope": r.scope.label(),
                        "summary": r.summary, "why": r.why, "bad": r.bad, "good": r.good})
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
        "markdown" | "md" => out.push_str(&gkml::rules::markdown_table()),
        "text" => {
            for r in RULES {
                out.push_str(&format!(
                    "{:<24} {:<4} [{}] {}\n",
                    r.code,
                    sev(r.severity),
                    r.scope.label(),
                    r.summary
                ));
            }
            out.push_str(&format!("\n共 {} 条规则。在 gkml.yaml 的“规则”中可以调整级别，例如：\n规则:\n  reason-no-legal-ground: error\n", Code::ALL.len()));
        }
        other => return fail(format!("不支持的格式“{other}”：可用 text、markdown、json")),
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    OK
}

fn sev(s: Severity) -> &'static str {
    s.label()
}
