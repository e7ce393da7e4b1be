//! Helpers shared by the integration tests that run `gkml build`.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The sample project.
pub const SAMPLE: &str = "catalogs/hongkou-2017";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `gkml` run from the repository root, without a `SOURCE_DATE_EPOCH` from
/// the environment.
pub fn gkml() -> Command {
    let mut c = Command::cargo_bin("gkml").unwrap();
    c.current_dir(root()).env_remove("SOURCE_DATE_EPOCH");
    c
}

/// `gkml build PROJECT -o OUT EXTRA…`.
pub fn build(project: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    gkml()
        .arg("build")
        .arg(project)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
