//! The one error type of the commands: every way a command can stop, with
//! its user-facing message (简体中文) and its exit code in one place.
//!
//! Exit codes, for every command: 0 done without problems; 1 done (or
//! refused) because the catalogues have problems; 2 could not run (an input
//! that cannot be read, a wrong argument, an output that cannot be written).
//! The command layer prints an error as `gkml：<message>` on stderr.

use std::fmt;
use std::path::PathBuf;

/// Exit code: no problems.
pub const OK: u8 = 0;
/// Exit code: problems found in the catalogues.
pub const PROBLEMS: u8 = 1;
/// Exit code: could not run.
pub const FAILED: u8 = 2;

/// Why a command stopped.
#[derive(Debug)]
pub enum Error {
    /// A failure already worded by the module that met it (a path that
    /// does not exist, a file that cannot be written, …).
    Failed(String),
    /// No catalogue file among the inputs.
    NoCatalogFiles,
    /// Catalogue files were found but none could be read.
    NothingRead,
    /// `gkml build`: every catalogue file is unreadable.
    AllUnreadable,
    /// `gkml build` without `--draft`: the catalogues have errors.
    BuildRefused { errors: usize },
    /// `gkml build`: an output could not be made; nothing was written.
    NotBuilt(String),
    /// `gkml build --previous`: the comparison failed.
    Previous { old: PathBuf, reason: String },
    /// `gkml build`: writing the output directory failed.
    NotWritten(String),
    /// `gkml build --emit-typst`: writing the typst sources failed.
    EmitTypst(String),
    /// `gkml validate`: the report could not be formatted.
    Report(std::io::Error),
    /// A report or list could not be written to its file.
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `gkml rules --format` with an unknown format.
    RulesFormat(String),
    /// `gkml template --kind` with an unknown kind.
    UnknownKind(String),
    /// `gkml init`: `--from` and `--unit` together.
    FromWithUnit,
    /// `gkml convert`: the input had read errors (`problems`) or held no
    /// catalogue; nothing was written.
    NotConverted { input: PathBuf, problems: bool },
    /// `gkml diff --format xlsx` without `-o`.
    DiffXlsxNeedsOutput,
    /// `gkml diff`: the 修订对照表 could not be made.
    DiffXlsx(String),
    /// `gkml stats`: counted, but the catalogues have errors.
    StatsIncomplete { errors: usize, warnings: usize },
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::BuildRefused { .. } | Error::StatsIncomplete { .. } => PROBLEMS,
            Error::NotConverted { problems, .. } => {
                if *problems {
                    PROBLEMS
                } else {
                    FAILED
                }
            }
            _ => FAILED,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Failed(msg) => f.write_str(msg),
            Error::NoCatalogFiles => f.write_str("没有找到目录文件（.yaml、.xlsx、.xls、.ods）"),
            Error::NothingRead => f.write_str(
                "没有读到任何目录（文件无法读取或不是目录）；运行 gkml validate 查看原因",
            ),
            Error::AllUnreadable => f.write_str("所有目录文件都无法读取，未生成目录清单"),
            Error::BuildRefused { errors } => write!(
                f,
                "发现 {errors} 个错误，未生成目录清单；改正后重新运行，或加 --draft 生成带“草稿”水印的征求意见稿"
            ),
            Error::NotBuilt(e) => write!(f, "{e}\n未生成目录清单"),
            Error::Previous { old, reason } => {
                write!(f, "--previous {}：{reason}\n未生成目录清单", old.display())
            }
            Error::NotWritten(e) => write!(f, "{e}；未写入任何文件"),
            Error::EmitTypst(e) => write!(f, "{e}（--emit-typst）"),
            Error::Report(e) => write!(f, "无法生成报告：{e}"),
            Error::Write { path, error } => write!(f, "无法写入 {}：{error}", path.display()),
            Error::RulesFormat(other) => {
                write!(f, "不支持的格式“{other}”：可用 text、markdown、json")
            }
            Error::UnknownKind(kind) => write!(
                f,
                "类型“{kind}”无法识别：写 附件2（标准化目录）、附件3（规范化操作目录）或 公开台账"
            ),
            Error::FromWithUnit => f.write_str(
                "--from 和 --unit 不能同时使用：从上一版开始时，试点单位取自上一版的附件1",
            ),
            Error::NotConverted { input, .. } => {
                write!(f, "{} 读取出错，未生成输出", input.display())
            }
            Error::DiffXlsxNeedsOutput => {
                f.write_str("--format xlsx 需要用 -o 指定输出文件，例如 -o 修订对照表.xlsx")
            }
            Error::DiffXlsx(e) => write!(f, "无法生成修订对照表：{e}"),
            Error::StatsIncomplete { errors, warnings } => write!(
                f,
                "目录中有 {errors} 个错误、{warnings} 个警告，统计基于已读取的内容，可能不完整；运行 gkml validate 查看详情"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(msg: String) -> Error {
        Error::Failed(msg)
    }
}
