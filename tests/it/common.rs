//! Helpers shared by the integration-test modules.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// The sample project.
pub const SAMPLE: &str = "catalogs/hongkou-2017";

/// The repository: the parent of this package's directory (tests/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
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

/// The environment variable that lets a developer run the suite without an
/// outside tool: with `GKML_TESTS_SKIP_MISSING_TOOLS=1` a test whose tool is
/// missing says so and passes. CI (`.ci/run`) never sets it, so there a
/// missing tool fails.
pub const SKIP_MISSING: &str = "GKML_TESTS_SKIP_MISSING_TOOLS";

/// True when [`SKIP_MISSING`] is set to 1.
pub fn skip_missing() -> bool {
    std::env::var_os(SKIP_MISSING).is_some_and(|v| v == "1")
}

/// True when `program` runs (`program arg` starts at all). When it does not,
/// the test fails naming what to install, unless [`SKIP_MISSING`] is set: then
/// it prints a note and returns false, and the caller returns. A program
/// found once is not started again for the question (check-jsonschema, a
/// Python program, takes most of a second to start).
pub fn require(program: &str, arg: &str, install: &str) -> bool {
    static FOUND: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let found = |p: &str| FOUND.lock().is_ok_and(|f| f.iter().any(|x| x == p));
    if found(program) {
        return true;
    }
    if std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok()
    {
        if let Ok(mut f) = FOUND.lock() {
            f.push(program.to_string());
        }
        return true;
    }
    if skip_missing() {
        eprintln!("注意：没有 {program}（{install}），按 {SKIP_MISSING}=1 跳过这项检查");
        return false;
    }
    panic!("{program} is not on PATH: install {install} (or set {SKIP_MISSING}=1 to skip)");
}

/// `pdftotext`, `pdfinfo` and `pdffonts` come from Debian's poppler-utils.
pub fn require_poppler(program: &str) -> bool {
    require(program, "-v", "the Debian package poppler-utils")
}

/// The PDF's text as `pdftotext -raw` gives it (content-stream order, cells
/// stay whole), without white space, so wrapped lines join up again.
pub fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Validates `instances` (JSON or YAML files) against the JSON Schema file
/// `schema` with check-jsonschema (PyPI), a validator outside gkml, with
/// `extra` options. Returns the tool's output; `None` only when skipping for
/// a missing tool.
pub fn check_jsonschema(
    schema: &Path,
    instances: &[PathBuf],
    extra: &[&str],
) -> Option<std::process::Output> {
    if !require(
        "check-jsonschema",
        "--version",
        "check-jsonschema from PyPI (pip install check-jsonschema)",
    ) {
        return None;
    }
    let out = std::process::Command::new("check-jsonschema")
        .args(extra)
        .arg("--schemafile")
        .arg(schema)
        .args(instances)
        .output()
        .unwrap();
    Some(out)
}

/// A fresh temporary directory, removed when dropped.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the sample project.
pub fn copy_sample(to: &Path) {
    let from = root().join(SAMPLE);
    let mut stack = vec![from.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(&from).unwrap();
            if p.is_dir() {
                std::fs::create_dir_all(to.join(rel)).unwrap();
                stack.push(p);
            } else {
                std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
                std::fs::copy(&p, to.join(rel)).unwrap();
            }
        }
    }
}

/// The gkml binary cargo built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gkml-test"))
}

/// A command to run in a test: `std::process::Command` with the few checks
/// the tests make (exit code, an optional guard against hangs). It replaces
/// the assert_cmd crate, so `cargo test` builds no dependency that `cargo
/// build` has not built already.
pub struct Command {
    inner: std::process::Command,
    timeout: Option<Duration>,
}

impl Command {
    /// Any program.
    pub fn new(program: impl AsRef<OsStr>) -> Command {
        Command {
            inner: std::process::Command::new(program),
            timeout: None,
        }
    }

    /// The binary `name` of this package (only `gkml`).
    pub fn cargo_bin(name: &str) -> Result<Command, String> {
        match name {
            "gkml" => Ok(Command::new(bin())),
            "gkml-gen" => Ok(Command::new(env!("CARGO_BIN_EXE_gkml-gen-test"))),
            _ => Err(format!("no binary {name}")),
        }
    }

    pub fn arg(&mut self, a: impl AsRef<OsStr>) -> &mut Self {
        self.inner.arg(a);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(&mut self, a: I) -> &mut Self {
        self.inner.args(a);
        self
    }

    pub fn env(&mut self, k: impl AsRef<OsStr>, v: impl AsRef<OsStr>) -> &mut Self {
        self.inner.env(k, v);
        self
    }

    pub fn env_remove(&mut self, k: impl AsRef<OsStr>) -> &mut Self {
        self.inner.env_remove(k);
        self
    }

    pub fn current_dir(&mut self, d: impl AsRef<Path>) -> &mut Self {
        self.inner.current_dir(d);
        self
    }

    /// Kills the process and fails the test when it runs longer than `d`
    /// (a guard against hangs, never a performance check).
    pub fn timeout(&mut self, d: Duration) -> &mut Self {
        self.timeout = Some(d);
        self
    }

    /// Runs to the end with stdin closed; stdout and stderr captured.
    pub fn output(&mut self) -> std::io::Result<Output> {
        self.inner
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let Some(limit) = self.timeout else {
            return self.inner.output();
        };
        let mut child = self.inner.spawn()?;
        let drain = |r: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_end(&mut buf);
                }
                buf
            })
        };
        let out = drain(
            child
                .stdout
                .take()
                .map(|r| Box::new(r) as Box<dyn Read + Send>),
        );
        let err = drain(
            child
                .stderr
                .take()
                .map(|r| Box::new(r) as Box<dyn Read + Send>),
        );
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait()? {
                break s;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{:?} still running after {limit:?}: killed", self.inner);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ok(Output {
            status,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
        })
    }

    /// Runs the command for the checks of [`Assert`].
    pub fn assert(&mut self) -> Assert {
        let out = self.output().unwrap();
        Assert(out)
    }
}

/// A finished command, for checking its exit code and output.
pub struct Assert(Output);

impl Assert {
    fn show(&self) -> String {
        format!(
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            self.0.status.code(),
            String::from_utf8_lossy(&self.0.stdout),
            String::from_utf8_lossy(&self.0.stderr)
        )
    }

    pub fn success(self) -> Self {
        assert!(self.0.status.success(), "expected success: {}", self.show());
        self
    }

    pub fn failure(self) -> Self {
        assert!(
            !self.0.status.success(),
            "expected failure: {}",
            self.show()
        );
        self
    }

    pub fn code(self, code: i32) -> Self {
        assert_eq!(self.0.status.code(), Some(code), "{}", self.show());
        self
    }

    /// Asserts that stderr contains `text`.
    pub fn stderr_contains(self, text: &str) -> Self {
        assert!(
            String::from_utf8_lossy(&self.0.stderr).contains(text),
            "stderr lacks “{text}”: {}",
            self.show()
        );
        self
    }

    pub fn get_output(&self) -> &Output {
        &self.0
    }
}
