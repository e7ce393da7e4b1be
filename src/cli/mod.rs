//! The command layer: one file per command with its arguments (clap) and
//! its `run`, which calls the library and prints. It is a module of the
//! binary, not of the library: the library neither prints nor knows clap,
//! and editing a command recompiles only the small binary crate.
//!
//! Every `run` returns `Result<Outcome, Error>`; [`exit_code`] is the one
//! mapping to exit codes (0 ok, 1 problems found, 2 could not run).

pub mod build;
pub mod convert;
pub mod diff;
pub mod help;
pub mod init;
pub mod rules;
pub mod serve;
pub mod site;
pub mod stats;
pub mod template;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use gkml::diag::{Checked, Diagnostic};
use gkml::error::{Error, FAILED, OK, PROBLEMS};
use gkml::report::{self, Format};
use gkml::source::SourceMap;

/// How a command that ran ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Problems found (or, for `diff`, changes): exit 1.
    Problems,
    /// Nothing could be checked, and the report already said why: exit 2.
    NothingChecked,
}

/// The exit code of a command's result; an error is printed first.
pub fn exit_code(result: Result<Outcome, Error>) -> u8 {
    match result {
        Ok(Outcome::Clean) => OK,
        Ok(Outcome::Problems) => PROBLEMS,
        Ok(Outcome::NothingChecked) => FAILED,
        Err(e) => {
            eprintln!("gkml：{e}");
            e.exit_code()
        }
    }
}

/// The paths given, or the current directory.
fn paths_or_here(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// Writes `bytes` to `output` (atomically) or to stdout.
fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match output {
        Some(p) => gkml::atomic::write_file(p, bytes).map_err(Error::Failed),
        None => {
            let _ = std::io::stdout().write_all(bytes);
            Ok(())
        }
    }
}

/// True when stderr is a terminal that takes colour.
fn stderr_color() -> bool {
    gkml::console::colours_for(&std::io::stderr())
}

/// The findings in the human format, as text for stderr.
fn human_report(
    diags: &[Diagnostic],
    sources: &SourceMap,
    checked: &Checked,
    color: bool,
) -> String {
    let mut buf = Vec::new();
    match report::write(&mut buf, Format::Human, diags, sources, checked, color) {
        Ok(()) => String::from_utf8_lossy(&buf).into_owned(),
        Err(_) => String::new(),
    }
}
