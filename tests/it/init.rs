//! `gkml init`: a fresh project and the next edition of an existing one.

use std::path::PathBuf;

use crate::common::Command;

fn gkml() -> Command {
    Command::cargo_bin("gkml").expect("binary")
}

fn sample_dir() -> PathBuf {
    crate::common::root().join("catalogs/hongkou-2017")
}

#[test]
fn fresh_project_with_units() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("p2018");
    gkml()
        .arg("init")
        .arg(&dir)
        .args([
            "--unit",
            "区民政局=社会救助,养老服务",
            "--unit",
            "公安分局=户籍管理",
        ])
        .assert()
        .success();
    for f in [
        "gkml.yaml",
        "区民政局/社会救助-标准化目录.xlsx",
        "区民政局/社会救助-规范化操作目录.xlsx",
        "区民政局/养老服务-标准化目录.xlsx",
        "区民政局/养老服务-规范化操作目录.xlsx",
        "公安分局/户籍管理-标准化目录.xlsx",
        "公安分局/户籍管理-规范化操作目录.xlsx",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let yaml = std::fs::read_to_string(dir.join("gkml.yaml")).expect("project file");
    // Every setting is explained by a comment line above it.
    for key in [
        "标题",
        "地区",
        "年度",
        "编制单位",
        "编制说明",
        "试点单位及试点内容表",
        "政务事项分类",
        "政府信息公开途径",
        "政府信息公开载体",
        "法定理由",
        "公开时限",
        "要求五公开",
        "规则",
        "字体",
        "工作簿",
    ] {
        let at = yaml
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .unwrap_or_else(|| panic!("{key} missing"));
        assert!(
            at > 0 && yaml.lines().nth(at - 1).is_some_and(|l| l.starts_with('#')),
            "{key} has no comment"
        );
    }
    // Validating the fresh project: one finding per empty workbook (plus the
    // 附件3 count and 五公开 coverage that follow from it), not a wall of noise.
    let out = gkml()
        .arg("validate")
        .arg(&dir)
        .arg("--format")
        .arg("json")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let empty = diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("还没有填写政务事项"))
        })
        .count();
    assert_eq!(empty, 6, "{report}");
    assert!(
        diags.len() <= 6 + 3 + 2,
        "{} findings: {report}",
        diags.len()
    );
    // Not empty: refused, saying why, and the project is left as it was.
    let before = std::fs::read(dir.join("gkml.yaml")).expect("project file");
    let o = gkml().arg("init").arg(&dir).output().expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("不是空目录") && err.contains("以免覆盖"),
        "{err}"
    );
    assert_eq!(std::fs::read(dir.join("gkml.yaml")).expect("kept"), before);
}

#[test]
fn bare_project_loads_without_findings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("new");
    gkml().arg("init").arg(&dir).assert().success();
    let out = gkml()
        .arg("validate")
        .arg(&dir)
        .arg("--format")
        .arg("json")
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
}

#[test]
fn next_edition_from_last_year() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("hongkou-2018");
    gkml()
        .arg("init")
        .arg(&dir)
        .arg("--from")
        .arg(sample_dir())
        .assert()
        .success();
    let yaml = std::fs::read_to_string(dir.join("gkml.yaml")).expect("project file");
    assert!(yaml.lines().any(|l| l.starts_with("年度: 2018")), "{yaml}");
    assert!(!yaml.lines().any(|l| l.starts_with("编制日期:")));
    assert!(dir.join("区民政局/社会救助-标准化目录.yaml").is_file());
    // The carried-over project is as clean as last year's.
    gkml().arg("validate").arg(&dir).assert().code(0);
    let new = gkml::project::load(std::slice::from_ref(&dir)).expect("loads");
    let old = gkml::project::load(&[sample_dir()]).expect("loads");
    assert_eq!(new.catalogs.len(), old.catalogs.len());
    assert_eq!(new.config.year.as_deref(), Some("2018"));
    // A file where the directory should be: refused, exit 2, naming it; the
    // file keeps its content.
    let file = tmp.path().join("f");
    std::fs::write(&file, "x").expect("write");
    let o = gkml().arg("init").arg(&file).output().expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("已存在且不是目录"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "x");
}
