//! YAML writer round trips and `gkml convert` / `gkml template` /
//! `gkml validate --annotate` on the command line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::Command;
use gkml::diag::Sink;
use gkml::model::{Attr, Catalog, Info, Item, Kind, Loc, Origin, Spanned, Step, Text};
use gkml::project;
use gkml::yaml::write::to_yaml;

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("catalogs/hongkou-2017")
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
    gkml()
        .arg("convert")
        .arg(&xlsx)
        .arg("-o")
        .arg(&one)
        .assert()
        .code(2);
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
    // Again into the same directory: refuses to overwrite.
    gkml()
        .arg("convert")
        .arg(&xlsx)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
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
    let bad =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workbooks/broken-zip.xlsx");
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
    let std = dir.path().join("s.xlsx");
    gkml()
        .args(["template", "--kind", "标准化目录", "-o"])
        .arg(&std)
        .assert()
        .success();
    gkml()
        .args(["template", "--kind", "附件9", "-o"])
        .arg(dir.path().join("bad.xlsx"))
        .assert()
        .code(2);
    assert!(!dir.path().join("bad.xlsx").exists());
}

#[test]
fn validate_annotate_writes_the_marked_workbook() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workbooks/planted-mistakes-annex2.xlsx");
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
