//! `gkml validate` from the command line: report formats, exit codes and
//! broken YAML.

use std::path::{Path, PathBuf};

use crate::common::{Command, root};
use serde_json::Value;

fn gkml() -> Command {
    let mut c = Command::cargo_bin("gkml").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn sample() -> PathBuf {
    root().join("catalogs/hongkou-2017")
}

/// A 附件2 catalogue with three mistakes: a misspelt key (so the item also
/// lacks its 政务事项名称), a missing 公开属性, and a 部分公开 without a
/// reason.
const BROKEN: &str = "\
试点单位: 区民政局
试点领域: 社会救助
目录类型: 标准化目录
政务事项:
  - 序号: 1
    政务事项分类: 行政给付
    政务事项名: 最低生活保障
    政务事项办理主体: 区民政局
    办理环节:
      - 政务事项办理环节: 受理
        所在环节办理时限: 即时
        政府信息:
          - 所在环节办理产生的政府信息名称: 最低生活保障申请书
          - 所在环节办理产生的政府信息名称: 最低生活保障家庭名册
            政府信息公开属性: 部分公开
";

fn broken_file(dir: &Path) -> PathBuf {
    let p = dir.join("社会救助-标准化目录.yaml");
    std::fs::write(&p, BROKEN).unwrap();
    p
}

#[test]
fn the_sample_project_is_clean() {
    let out = gkml().arg("validate").arg(sample()).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("0 个错误，0 个警告"), "{text}");
}

#[test]
fn human_report_points_at_line_and_column_with_a_snippet() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken_file(tmp.path());
    let out = gkml().arg("validate").arg(&f).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("社会救助-标准化目录.yaml:7:5"), "{text}");
    assert!(
        text.contains("政务事项名称"),
        "did-you-mean missing: {text}"
    );
    assert!(
        text.contains("政务事项名: 最低生活保障"),
        "snippet missing: {text}"
    );
    assert!(text.contains("4 个错误"), "{text}");
}

#[test]
fn json_report_has_the_documented_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken_file(tmp.path());
    let out = gkml()
        .args(["validate", "--format", "json"])
        .arg(&f)
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["errors"], 4);
    let diags = v["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "field-missing",
            "unknown-key",
            "attr-missing",
            "reason-missing"
        ]
    );
    for d in diags {
        for key in ["file", "location", "code", "severity", "message", "help"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert!(d["location"]["line"].as_u64().is_some());
        assert!(d["location"]["column"].as_u64().is_some());
    }
    assert_eq!(diags[1]["location"]["line"], 7);
    assert_eq!(diags[1]["location"]["column"], 5);
}

#[test]
fn json_report_on_a_workbook_uses_sheet_and_cell() {
    let f = root().join("tests/fixtures/workbooks/planted-mistakes-annex2.xlsx");
    let out = gkml()
        .args(["validate", "--format", "json"])
        .arg(&f)
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["location"]["sheet"], "标准化目录");
    assert_eq!(d["location"]["cell"], "K6");
}

#[test]
fn github_annotations() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken_file(tmp.path());
    let out = gkml()
        .args(["validate", "--format", "github"])
        .arg(&f)
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("::error file="), "{text}");
    assert!(
        lines[1].contains(",line=7,col=5,title=unknown-key::"),
        "{text}"
    );
}

/// The SARIF log validates against the published SARIF 2.1.0 JSON Schema
/// (tests/fixtures/sarif-2.1.0.schema.json, as shipped in the serde-sarif
/// crate) and carries what GitHub code scanning requires.
#[test]
fn sarif_is_valid_2_1_0() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken_file(tmp.path());
    let out = gkml()
        .args(["validate", "--format", "sarif"])
        .arg(&f)
        .assert()
        .code(1);
    let log: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let sarif = tmp.path().join("report.sarif.json");
    std::fs::write(&sarif, &out.get_output().stdout).unwrap();
    let schema = root().join("tests/fixtures/sarif-2.1.0.schema.json");
    // The published schema's `language` pattern is a valid Python regex
    // but not an ECMAScript one (check-jsonschema's default dialect).
    let python = ["--regex-variant", "python"];
    if let Some(v) = crate::common::check_jsonschema(&schema, &[sarif], &python) {
        assert!(
            v.status.success(),
            "{}{}",
            String::from_utf8_lossy(&v.stdout),
            String::from_utf8_lossy(&v.stderr)
        );
    }

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "gkml");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), gkml::rules::RULES.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(rules.iter().any(|x| x["id"] == id));
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some());
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
    }
}

#[test]
fn junit_is_well_formed_enough_for_ci() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken_file(tmp.path());
    let out = gkml()
        .args(["validate", "--format", "junit"])
        .arg(&f)
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("<?xml"));
    assert_eq!(text.matches("<failure").count(), 4, "{text}");
    assert_eq!(
        text.matches("<testsuite ").count(),
        text.matches("</testsuite>").count()
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.yaml");
    std::fs::write(
        &f,
        BROKEN
            .replace("政务事项名:", "政务事项名称:")
            .replace(
                "最低生活保障申请书\n",
                "最低生活保障申请书\n            政府信息公开属性: 依申请公开\n",
            )
            .replace(
                "政府信息公开属性: 部分公开\n",
                "政府信息公开属性: 部分公开\n            不予公开和部分公开的理由: 不宜公开\n",
            ),
    )
    .unwrap();
    gkml().arg("validate").arg(&f).assert().code(0);
    gkml()
        .args(["validate", "--deny-warnings"])
        .arg(&f)
        .assert()
        .code(1);
}

#[test]
fn report_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken_file(tmp.path());
    let out = tmp.path().join("report.sarif");
    gkml()
        .args(["validate", "--format", "sarif", "-o"])
        .arg(&out)
        .arg(&f)
        .assert()
        .code(1);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
}

/// `gkml args…` → (exit code, stderr).
fn refused(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let o = gkml().args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn could_not_run_is_exit_2() {
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    // A path that does not exist: named, and said so.
    let (code, err) = refused(&[os("validate"), os("/nonexistent/目录")]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("/nonexistent/目录") && err.contains("不存在"),
        "{err}"
    );
    // An unknown report format: the value and the ones there are.
    let (code, err) = refused(&[os("validate"), os("--format"), os("xml"), os(".")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("xml") && err.contains("sarif"), "{err}");
    // An unknown command: named.
    let (code, err) = refused(&[os("no-such-command")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no-such-command"), "{err}");
    // An empty directory holds nothing to check: said so, with the file
    // types looked for.
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = refused(&[os("validate"), tmp.path().as_os_str()]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("没有找到目录文件") && err.contains(".xlsx"),
        "{err}"
    );
}

/// Broken YAML gives a clear diagnostic and exit 1 or 2, never a panic.
#[test]
fn broken_yaml_never_panics() {
    let cases: &[(&str, &str, &str)] = &[
        ("syntax", "试点单位: 区民政局\n政务事项: [\n", "yaml-syntax"),
        ("quote", "试点单位: \"区民政局\n", "yaml-syntax"),
        (
            "type",
            "试点单位: 区民政局\n政务事项: 最低生活保障\n",
            "yaml-type",
        ),
        (
            "map-type",
            "试点单位: [区民政局]\n政务事项: []\n",
            "yaml-type",
        ),
        (
            "unknown",
            "试点单位: 区民政局\n试点领域: 社会救助\n目录类型: 标准化目录\n政务事项: []\n备考: 1\n",
            "unknown-key",
        ),
        (
            "tab",
            "试点单位: 区民政局\n政务事项:\n\t- 序号: 1\n",
            "yaml-syntax",
        ),
        (
            "bomb",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
            "yaml-limit",
        ),
        (
            "deep",
            &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            "yaml-limit",
        ),
        ("scalar", "just text\n", "yaml-type"),
        (
            "two-docs",
            "试点单位: 区民政局\n---\n试点单位: 区民政局\n",
            "yaml-syntax",
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (name, text, code) in cases {
        let f = tmp.path().join(format!("{name}.yaml"));
        std::fs::write(&f, text).unwrap();
        let out = gkml()
            .args(["validate", "--format", "json"])
            .arg(&f)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let status = out.status.code();
        assert!(matches!(status, Some(1 | 2)), "{name}: exit {status:?}");
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(code), "{name}: want {code}, got {codes:?}");
    }
}

#[test]
fn rules_lists_every_rule() {
    let out = gkml()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), gkml::rules::RULES.len());
    for r in list {
        for key in ["code", "severity", "summary", "bad", "good"] {
            assert!(r[key].as_str().is_some_and(|s| !s.is_empty()), "{r}");
        }
    }
}

/// The README's rule table is the one `gkml rules --format markdown` prints.
#[test]
fn readme_rule_table_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = gkml::rules::markdown_table();
    assert!(
        readme.contains(table.trim()),
        "README.md rule table is out of date: paste the output of `gkml rules --format markdown`"
    );
}
