//! YAML writer round trips and `gkml convert` / `gkml template` /
//! `gkml validate --annotate` on the command line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::common::Command;
use gkml::diag::Sink;
use gkml::model::{Attr, Catalog, Info, Item, Kind, Loc, Origin, Spanned, Step, Text};
use gkml::project;
use gkml::yaml::write::to_yaml;

fn sample_dir() -> PathBuf {
    crate::common::root().join("catalogs/hongkou-2017")
}

fn read_yaml(text: &str) -> (Option<Catalog>, Sink) {
    let mut sink = Sink::new();
    let c = gkml::yaml::read::read_catalog(&Arc::from("t.yaml"), text, &mut sink);
    (c, sink)
}

#[test]
fn every_sample_catalogue_round_trips_through_yaml() {
    let ws = project::load(&[sample_dir()]).expect("loads");
    assert_eq!(ws.catalogs.len(), 14);
    for cat in &ws.catalogs {
        let y = to_yaml(cat);
        let (back, sink) = read_yaml(&y);
        assert!(
            sink.diags.is_empty(),
            "{}: {:?}\n{y}",
            cat.title(),
            sink.diags
        );
        let back = back.expect("reads");
        assert_eq!(back.normalized(), cat.normalized(), "{}\n{y}", cat.title());
        assert_eq!(to_yaml(&back), y, "deterministic and stable");
    }
}

#[test]
fn sample_file_is_written_back_in_the_same_shape() {
    // The writer's layout is the hand-written one: same keys, order, indentation.
    let path = sample_dir().join("区民政局/社会救助-标准化目录.yaml");
    let original = std::fs::read_to_string(&path).expect("sample");
    let (cat, _) = read_yaml(&original);
    let y = to_yaml(&cat.expect("reads"));
    let body = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(body(&y), body(&original));
}

fn t(s: &str) -> Text {
    Some(Box::new(Spanned::new(
        s.to_string(),
        Loc::file(&Arc::from("x")),
    )))
}

fn awkward() -> Catalog {
    let o = || Origin(Loc::file(&Arc::from("x")));
    let strings = [
        "\"上海虹口\"门户网站",
        "'单引号'开头",
        "键: 值",
        "文字 #不是注释",
        "第一行\n第二行\n\n  缩进的第四行",
        "1",
        "1.0",
        "true",
        "yes",
        "No",
        "null",
        "~",
        "2017-11-30",
        "12:30",
        "0x1F",
        "- 破折号",
        "[方括号]",
        "{花括号}",
        "&锚",
        "*别名",
        "!标签",
        "| 竖线",
        "> 大于",
        "% 百分号",
        "@ at",
        "` 反引号",
        "😀 表情",
        "全角：冒号＃号　空格",
        "行尾冒号:",
        "反斜杠\\n不是换行",
        "制表\t符",
        "控制\u{7}字符",
        "尾随空格 \n下一行",
    ];
    let infos: Vec<Info> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| Info {
            origin: o(),
            name: t(s),
            attrs: vec![Spanned::new(Attr::ALL[i % 4], Loc::file(&Arc::from("x")))],
            attr_origin: o(),
            reason: t(s),
            time: t(s),
            route: t(s),
            medium: t(s),
            aspect: t(s),
            remark: t(s),
        })
        .collect();
    Catalog {
        origin: o(),
        file: Arc::from("x"),
        sheet: None,
        unit: t("区民政局: 测试"),
        domain: t("#社会救助"),
        kind: Kind::Operational,
        items: vec![Item {
            origin: o(),
            seq: t("007"),
            category: t("on"),
            name: t("名称\n两行"),
            subject: t("主体"),
            basis: t("《条例》第1条: 见下"),
            aspect: t("yes"),
            remark: t("null"),
            steps: vec![Step {
                origin: o(),
                name: t("="),
                time_limit: t("3"),
                infos,
            }],
        }],
    }
}

/// The catalogue as a reader gives it back: control characters dropped.
fn without_controls(mut cat: Catalog) -> Catalog {
    for info in cat
        .items
        .iter_mut()
        .flat_map(|i| i.steps.iter_mut())
        .flat_map(|s| s.infos.iter_mut())
    {
        for s in info.texts_mut().into_iter().flatten() {
            s.value = s.value.replace('\u{7}', "");
        }
    }
    cat
}

#[test]
fn awkward_strings_round_trip() {
    let cat = awkward();
    let y = to_yaml(&cat);
    let (back, sink) = read_yaml(&y);
    // Control characters survive the trip escaped; the reader drops them
    // again with a text-invisible warning, which is the only one allowed.
    let other: Vec<_> = sink
        .diags
        .iter()
        .filter(|d| d.code != gkml::rules::Code::TextInvisible)
        .collect();
    assert!(other.is_empty(), "{other:?}\n{y}");
    assert_eq!(
        back.expect("reads").normalized(),
        without_controls(cat.normalized()),
        "\n{y}"
    );
    // Values other YAML tools would type are quoted.
    for q in [
        "'1'",
        "'1.0'",
        "'true'",
        "'yes'",
        "'No'",
        "'null'",
        "'~'",
        "'2017-11-30'",
        "'007'",
        "'on'",
        "'3'",
    ] {
        assert!(y.contains(q), "{q} not quoted\n{y}");
    }
    // A leading space is kept by quoting (gkml's reader trims it, others keep it).
    assert_eq!(gkml::yaml::write::scalar(" 前导空格", 0), " ' 前导空格'");
}

#[test]
fn awkward_strings_round_trip_through_xlsx() {
    let cat = awkward();
    let cfg = gkml::project::Config::default();
    let bytes = gkml::xlsx::write::catalog_sheets(&[&cat], &cfg).expect("writes");
    let mut sink = Sink::new();
    let back =
        gkml::xlsx::read::read_bytes(bytes, &Arc::from("a.xlsx"), &cfg, &mut sink).expect("reads");
    assert_eq!(back.len(), 1);
    // A workbook cell shows text trimmed and without control characters.
    let want = without_controls(cat.normalized());
    let got = back[0].normalized();
    assert_eq!(got.items, want.items);
}

fn gkml() -> Command {
    Command::cargo_bin("gkml").expect("binary")
}

#[test]
fn convert_yaml_to_xlsx_and_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = sample_dir().join("区民政局/社会救助-规范化操作目录.yaml");
    let xlsx = dir.path().join("out.xlsx");
    gkml()
        .args(["convert"])
        .arg(&src)
        .arg("-o")
        .arg(&xlsx)
        .assert()
        .success();
    let yaml = dir.path().join("back.yaml");
    gkml()
        .args(["convert"])
        .arg(&xlsx)
        .arg("-o")
        .arg(&yaml)
        .assert()
        .success();
    let (a, _) = read_yaml(&std::fs::read_to_string(&src).expect("src"));
    let (b, _) = read_yaml(&std::fs::read_to_string(&yaml).expect("back"));
    assert_eq!(a.expect("a").normalized(), b.expect("b").normalized());
    gkml().arg("validate").arg(&yaml).assert().code(0);
    gkml().arg("validate").arg(&xlsx).assert().code(0);
}

#[test]
fn convert_project_to_workbook_and_to_directory() {
    let dir = tempfile::tempdir().expect("tmp");
    let xlsx = dir.path().join("all.xlsx");
    gkml()
        .arg("convert")
        .arg(sample_dir())
        .arg("-o")
        .arg(&xlsx)
        .assert()
        .success();
    // Several catalogues do not fit one YAML file: refused, nothing written.
    let one = dir.path().join("one.yaml");
    let o = gkml()
        .arg("convert")
        .arg(&xlsx)
        .arg("-o")
        .arg(&one)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("14 份目录") && err.contains("不能写入一个 YAML 文件"),
        "{err}"
    );
    assert!(!one.exists());
    // A directory gets one file per catalogue, in the project layout.
    let out = dir.path().join("yaml");
    gkml()
        .arg("convert")
        .arg(&xlsx)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let p = out.join("区民政局/社会救助-规范化操作目录.yaml");
    assert!(p.is_file());
    let n = walk(&out);
    assert_eq!(n, 14);
    // Again into the same directory: refuses to overwrite, naming the file,
    // and the file keeps what it held.
    let before = std::fs::read(&p).expect("written");
    std::fs::write(&p, "# 手工改过\n").expect("edit");
    let o = gkml()
        .arg("convert")
        .arg(&xlsx)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("已存在") && err.contains("换一个输出目录"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&p).expect("kept"), "# 手工改过\n");
    std::fs::write(&p, before).expect("restore");
    // The directory plus the project file validates clean.
    std::fs::copy(sample_dir().join("gkml.yaml"), out.join("gkml.yaml")).expect("copy");
    gkml().arg("validate").arg(&out).assert().code(0);
}

fn walk(d: &Path) -> usize {
    std::fs::read_dir(d)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn convert_failures_leave_no_output() {
    let dir = tempfile::tempdir().expect("tmp");
    let bad = crate::common::root().join("tests/fixtures/workbooks/broken-zip.xlsx");
    let out = dir.path().join("x.yaml");
    gkml()
        .arg("convert")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure();
    assert!(!out.exists());
    let none = dir.path().join("missing.yaml");
    gkml()
        .arg("convert")
        .arg(&none)
        .arg("-o")
        .arg(dir.path().join("y.xlsx"))
        .assert()
        .code(2);
    assert!(!dir.path().join("y.xlsx").exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "no temp files left"
    );
}

#[test]
fn template_command() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("t.xlsx");
    gkml()
        .args([
            "template",
            "--kind",
            "附件3",
            "--unit",
            "区民政局",
            "--domain",
            "社会救助",
            "--project",
        ])
        .arg(sample_dir())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mut sink = Sink::new();
    let cfg = gkml::project::Config::default();
    let cats = gkml::xlsx::read::read_bytes(
        std::fs::read(&out).expect("written"),
        &Arc::from("t.xlsx"),
        &cfg,
        &mut sink,
    )
    .expect("reads");
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0].kind, Kind::Operational);
    // The 附件3 template carries 附件3's own columns.
    let head = header_cells(&out);
    for h in [
        "政务事项依据",
        "政府信息公开时间",
        "政府信息公开途径",
        "政府信息公开载体",
    ] {
        assert!(head.iter().any(|c| c == h), "{h} missing: {head:?}");
    }

    let std = dir.path().join("s.xlsx");
    let o = gkml()
        .args(["template", "--kind", "标准化目录", "-o"])
        .arg(&std)
        .output()
        .expect("runs");
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("已生成附件2模板"), "{err}");
    // The 附件2 template: the template's headers, the four attribute
    // columns under 政府信息公开属性, none of 附件3's columns.
    let head = header_cells(&std);
    for h in [
        "序号",
        "政务事项分类",
        "政务事项名称",
        "政务事项办理主体",
        "政务事项办理环节",
        "所在环节办理产生的政府信息名称",
        "政府信息公开属性",
        "主动公开",
        "依申请公开",
        "部分公开",
        "不予公开",
        "不予公开和部分公开的理由",
        "所在环节办理时限",
    ] {
        assert!(head.iter().any(|c| c == h), "{h} missing: {head:?}");
    }
    assert!(!head.iter().any(|c| c == "政务事项依据"), "{head:?}");

    let o = gkml()
        .args(["template", "--kind", "附件9", "-o"])
        .arg(dir.path().join("bad.xlsx"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("附件9") && err.contains("附件2"), "{err}");
    assert!(!dir.path().join("bad.xlsx").exists());
}

/// Every non-empty cell of the first sheet's first 12 rows (title, 填报单位
/// and the header rows of a template), read with calamine.
fn header_cells(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).expect("opens");
    let range = wb.worksheet_range_at(0).expect("a sheet").expect("reads");
    range
        .rows()
        .take(12)
        .flatten()
        .map(|c| c.to_string().split_whitespace().collect::<String>())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn validate_annotate_writes_the_marked_workbook() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = crate::common::root().join("tests/fixtures/workbooks/planted-mistakes-annex2.xlsx");
    let out = dir.path().join("marked.xlsx");
    gkml()
        .arg("validate")
        .arg(&src)
        .arg("--annotate")
        .arg(&out)
        .assert()
        .code(1);
    let mut sink = Sink::new();
    let cfg = gkml::project::Config::default();
    let cats = gkml::xlsx::read::read_bytes(
        std::fs::read(&out).expect("written"),
        &Arc::from("m.xlsx"),
        &cfg,
        &mut sink,
    )
    .expect("reads");
    assert_eq!(cats.len(), 1);
    // The annotated workbook, validated again, shows the same problems.
    let again = dir.path().join("again.xlsx");
    let o = gkml()
        .arg("validate")
        .arg(&out)
        .arg("--format")
        .arg("json")
        .arg("--annotate")
        .arg(&again)
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let n = report["diagnostics"]
        .as_array()
        .map(Vec::len)
        .or_else(|| report.as_array().map(Vec::len));
    assert_eq!(n, Some(10), "{report}");
}
