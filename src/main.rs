//! gkml — 政务公开事项标准化目录编制工具. This file parses arguments and maps
//! results to exit codes; the work is done in the library.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

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
    /// 生成空白的附件2/附件3 填报模板（.xlsx）
    Template(TemplateArgs),
    /// 在 YAML 和工作簿之间转换目录
    #[command(
        long_about = "在 YAML 和工作簿之间转换目录。\n\n输出由 -o 的名称决定：\n  *.xlsx       一个工作簿，输入中的每份目录一张工作表（附件2/附件3 版式）；\n  *.yaml/.yml  输入中只能有一份目录；\n  其他         作为目录（不存在时创建），每份目录写一个“<试点单位>/<试点领域>-<目录类型>.yaml”，\n               已有同名文件时不覆盖、报错。\n\n输入可以是 YAML 目录文件、工作簿（.xlsx/.xls/.xlsb/.ods）或项目目录。读取出错（文件无法读取、\n找不到目录表格、无法确定试点单位或领域等）时不生成输出，退出码 1；校验规则发现的问题不影响转换。"
    )]
    Convert(ConvertArgs),
    /// 新建项目目录：项目文件、附件1 和各单位各领域的空白工作簿
    Init(InitArgs),
    Site(gkml::site::cli::SiteArgs),
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
struct TemplateArgs {
    /// 目录类型：附件2（标准化目录）或 附件3（规范化操作目录）
    #[arg(long)]
    kind: String,
    /// 填报单位（写入“填报单位：”行）
    #[arg(long)]
    unit: Option<String>,
    /// 试点领域（写入标题行）
    #[arg(long)]
    domain: Option<String>,
    /// 项目目录（或其 gkml.yaml）：下拉列表使用其中的政务事项分类词表
    #[arg(long)]
    project: Option<PathBuf>,
    /// 输出的 .xlsx 文件
    #[arg(long, short = 'o')]
    output: PathBuf,
}

#[derive(clap::Args)]
struct ConvertArgs {
    /// 输入：YAML 目录文件、工作簿或项目目录
    input: PathBuf,
    /// 输出：.xlsx 文件、.yaml 文件或目录（见上）
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// 项目目录（或其 gkml.yaml）：读取工作簿时用其中的附件1、词表和“工作簿”登记
    #[arg(long)]
    project: Option<PathBuf>,
}

#[derive(clap::Args)]
struct InitArgs {
    /// 新项目目录（不存在或为空）
    dir: PathBuf,
    /// 从上一版项目开始：复制项目文件（年度加一）并把各目录带入为 YAML
    #[arg(long)]
    from: Option<PathBuf>,
    /// 试点单位和领域，如 --unit 区民政局=社会救助,养老服务（可重复）；写入附件1 并为每个领域生成空白的附件2、附件3 工作簿
    #[arg(long = "unit", value_name = "单位=领域,…")]
    units: Vec<String>,
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
    /// 另写一个工作簿：按模板版式重写所读的目录，出错的单元格标红、警告标黄，并附批注说明问题和修改方法
    #[arg(long, value_name = "OUT.xlsx")]
    annotate: Option<PathBuf>,
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
        Command::Template(args) => template(args),
        Command::Convert(args) => convert(args),
        Command::Init(args) => init(args),
        Command::Site(args) => {
            let outcome = gkml::site::cli::run(&args);
            eprint!("{}", outcome.stderr);
            outcome.code
        }
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
    // The process ends right after validating: freeing the model and the
    // findings piece by piece would only add time (a tenth of a big run).
    let mut ws = match gkml::project::load(&paths) {
        Ok(ws) => std::mem::ManuallyDrop::new(ws),
        Err(e) => return fail(e),
    };
    let diags = std::mem::ManuallyDrop::new(ws.check());
    let summary = ws.summary();
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
    if let Some(out) = &args.annotate {
        let cats: Vec<&gkml::model::Catalog> = ws.catalogs.iter().collect();
        let written = gkml::xlsx::write::annotate(&cats, &diags, &ws.config)
            .map_err(|e| e.to_string())
            .and_then(|bytes| gkml::init::write_atomic(out, &bytes));
        if let Err(e) = written {
            return fail(e);
        }
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

fn template(args: TemplateArgs) -> u8 {
    let Some(kind) = gkml::model::Kind::parse(&args.kind) else {
        return fail(format!(
            "目录类型“{}”无法识别：写 附件2（标准化目录）或 附件3（规范化操作目录）",
            args.kind
        ));
    };
    let cfg = match gkml::convert::load_config(args.project.as_deref()) {
        Ok((cfg, _)) => cfg,
        Err(e) => return fail(e),
    };
    let bytes =
        match gkml::xlsx::write::template(kind, args.unit.as_deref(), args.domain.as_deref(), &cfg)
        {
            Ok(b) => b,
            Err(e) => return fail(e),
        };
    match gkml::init::write_atomic(&args.output, &bytes) {
        Ok(()) => {
            eprintln!("已生成{}模板：{}", kind.annex(), args.output.display());
            OK
        }
        Err(e) => fail(e),
    }
}

fn convert(args: ConvertArgs) -> u8 {
    let input = match gkml::convert::read_input(&args.input, args.project.as_deref()) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let errors = gkml::convert::read_errors(&input.diags);
    if !errors.is_empty() || input.catalogs.is_empty() {
        let shown: Vec<gkml::diag::Diagnostic> = if errors.is_empty() {
            input.diags.clone()
        } else {
            errors.into_iter().cloned().collect()
        };
        let summary = report::Summary {
            files: &[],
            catalogs: input.catalogs.len(),
            items: 0,
            steps: 0,
            infos: 0,
        };
        let mut buf = Vec::new();
        let _ = report::write(
            &mut buf,
            Format::Human,
            &shown,
            &input.sources,
            &summary,
            false,
        );
        let _ = std::io::stderr().write_all(&buf);
        eprintln!("gkml：{} 读取出错，未生成输出", args.input.display());
        return if input.catalogs.is_empty() && shown.is_empty() {
            FAILED
        } else {
            PROBLEMS
        };
    }
    match gkml::convert::write_output(&input.catalogs, &input.config, &args.output) {
        Ok(files) => {
            for f in &files {
                eprintln!("已写入 {}", f.display());
            }
            let (e, w) = tally(&input.diags);
            if e + w > 0 {
                eprintln!("注意：目录中还有 {e} 个错误、{w} 个警告，可用 gkml validate 查看");
            }
            OK
        }
        Err(e) => fail(e),
    }
}

fn init(args: InitArgs) -> u8 {
    let mut units = Vec::new();
    for u in &args.units {
        match gkml::init::parse_unit_arg(u) {
            Ok(x) => units.push(x),
            Err(e) => return fail(e),
        }
    }
    if args.from.is_some() && !units.is_empty() {
        return fail("--from 和 --unit 不能同时使用：从上一版开始时，试点单位取自上一版的附件1");
    }
    let opts = gkml::init::InitOptions {
        dir: args.dir.clone(),
        from: args.from,
        units,
    };
    match gkml::init::init(&opts) {
        Ok(rep) => {
            for f in &rep.files {
                eprintln!("已生成 {}", args.dir.join(f).display());
            }
            for s in &rep.skipped {
                eprintln!("未带入：{s}");
            }
            OK
        }
        Err(e) => fail(e),
    }
}
