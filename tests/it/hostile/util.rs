//! Running `gkml validate` on hostile inputs: the outcome, the JSON report,
//! and a check that no input file was changed.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::Command;
use serde_json::Value;

/// A hang guard only (never a timed assertion): a run that takes this long
/// is a hang.
const HANG_GUARD: Duration = Duration::from_secs(180);

/// What a `gkml validate --format json` run gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub report: Value,
}

impl Run {
    /// Every diagnostic in the report.
    pub fn diags(&self) -> Vec<&Value> {
        self.report["diagnostics"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    }

    /// Diagnostics with this code.
    pub fn with_code(&self, code: &str) -> Vec<&Value> {
        self.diags()
            .into_iter()
            .filter(|d| d["code"] == code)
            .collect()
    }

    /// The one diagnostic with `code` about `file` (by file name suffix).
    pub fn one(&self, code: &str, file: &str) -> &Value {
        let found: Vec<&Value> = self
            .with_code(code)
            .into_iter()
            .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one {code} on {file}, report:\n{}",
            self.stdout
        );
        found[0]
    }

    pub fn summary(&self, key: &str) -> u64 {
        self.report["summary"][key].as_u64().unwrap_or(u64::MAX)
    }
}

/// Hash of every file below (or at) the given paths.
pub fn snapshot(paths: &[&Path]) -> BTreeMap<PathBuf, (u64, u64)> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    while let Some(p) = stack.pop() {
        let meta = std::fs::symlink_metadata(&p).expect("stat input");
        if meta.is_dir() {
            for e in std::fs::read_dir(&p).expect("list input dir") {
                stack.push(e.expect("dir entry").path());
            }
        } else if meta.is_file() {
            let bytes = std::fs::read(&p).expect("read input");
            // std's SipHash with fixed keys: stable within the test process.
            #[allow(deprecated)]
            let mut h = std::hash::SipHasher::new();
            h.write(&bytes);
            out.insert(p, (bytes.len() as u64, h.finish()));
        }
    }
    out
}

/// Runs `gkml validate --format json` on `paths` and checks the universal
/// promises: no panic (exit 101) or signal, exit 0/1/2, a parsable report,
/// every input byte-for-byte unchanged.
pub fn validate(paths: &[&Path]) -> Run {
    validate_in(paths, None)
}

pub fn validate_in(paths: &[&Path], cwd: Option<&Path>) -> Run {
    let before = snapshot(paths);
    // GKML_HOSTILE_MEASURE=<file>: run under /usr/bin/time -v and append
    // "input, exit, seconds, peak KB, first finding" to <file> (for
    // tests/HOSTILE.md; never asserted on).
    let measure = std::env::var_os("GKML_HOSTILE_MEASURE");
    let mut cmd = if measure.is_some() {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(crate::common::bin());
        c
    } else {
        Command::cargo_bin("gkml").expect("gkml binary")
    };
    cmd.arg("validate")
        .arg("--format")
        .arg("json")
        .args(paths)
        .timeout(HANG_GUARD);
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    let out = cmd.output().expect("run gkml");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or_else(|| {
        panic!(
            "gkml was killed (hang guard or signal): {:?}\n{stderr}",
            out.status
        )
    });
    assert!(
        matches!(code, 0..=2),
        "gkml exited {code} (101 = panic) on {paths:?}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "gkml panicked:\n{stderr}");
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("report is not JSON ({e}):\n{stdout}\n{stderr}"));
    assert_eq!(snapshot(paths), before, "gkml changed its input files");
    if let Some(log) = measure {
        record(&log, paths, code, &stderr, &report);
    }
    Run {
        code,
        stdout,
        stderr,
        report,
    }
}

/// Asserts the file was refused with a `code` diagnostic naming it and
/// mentioning `words`, and the run exited `exit`.
pub fn assert_refused(run: &Run, code: &str, file: &str, words: &str, exit: i32) {
    let d = run.one(code, file);
    let msg = d["message"].as_str().unwrap_or("");
    assert!(
        msg.contains(words),
        "message of {code} on {file} lacks “{words}”: {msg}"
    );
    assert_eq!(
        run.code, exit,
        "exit code for {file}; report:\n{}",
        run.stdout
    );
}

/// The repository's fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    crate::common::root().join("tests/fixtures").join(rel)
}

/// A sample catalogue of the repository's project.
pub fn sample(rel: &str) -> PathBuf {
    crate::common::root()
        .join("catalogs/hongkou-2017")
        .join(rel)
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write test input");
    p
}

fn record(log: &std::ffi::OsStr, paths: &[&Path], code: i32, stderr: &str, report: &Value) {
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let first = report["diagnostics"]
        .as_array()
        .and_then(|a| a.first())
        .map(|d| {
            let msg: String = d["message"]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(90)
                .collect();
            format!(
                "{} {} {}",
                d["code"].as_str().unwrap_or(""),
                d["location"],
                msg
            )
        })
        .unwrap_or_default();
    let line = format!(
        "{}\t{code}\t{}\t{}\t{}\n",
        names.join(" "),
        field("Elapsed (wall clock) time (h:mm:ss or m:ss):"),
        field("Maximum resident set size (kbytes):"),
        first
    );
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .expect("open measure log");
    std::io::Write::write_all(&mut f, line.as_bytes()).expect("write measure log");
}
