//! Workbooks gkml writes: read back equal, validate clean, carry the plan's
//! layout (merges, header, validations, print set-up), are deterministic, and
//! annotated workbooks put every diagnostic on its cell.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use gkml::diag::Sink;
use gkml::model::{Catalog, Kind};
use gkml::project::{self, Config, Workspace};
use gkml::xlsx::write::{annotate, catalog_sheets, template};

fn hongkou() -> Workspace {
    let dir = crate::common::root().join("catalogs/hongkou-2017");
    project::load(&[dir]).expect("sample project loads")
}

fn read_back(bytes: Vec<u8>, cfg: &Config) -> (Vec<Catalog>, Sink) {
    let mut sink = Sink::new();
    let shown: Arc<str> = Arc::from("written.xlsx");
    let cats = gkml::xlsx::read::read_bytes(bytes, &shown, cfg, &mut sink)
        .expect("workbook we wrote is readable");
    (cats, sink)
}

/// The XML parts of an xlsx, by name.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("part {name} present"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 xml");
    s
}

#[test]
fn every_sample_catalogue_reads_back_equal_and_clean() {
    let mut ws = hongkou();
    let original = ws.check();
    assert!(original.is_empty(), "sample project is clean: {original:?}");
    assert_eq!(ws.catalogs.len(), 14);
    for cat in &ws.catalogs {
        let bytes = catalog_sheets(&[cat], &ws.config).expect("writes");
        let (back, sink) = read_back(bytes, &ws.config);
        assert!(
            sink.diags.is_empty(),
            "{}: reading back: {:?}",
            cat.title(),
            sink.diags
        );
        assert_eq!(back.len(), 1, "{}", cat.title());
        assert_eq!(
            back[0].normalized(),
            cat.normalized(),
            "{} differs after xlsx round trip",
            cat.title()
        );
        let mut s = Sink::new();
        gkml::rules::check_catalog(&back[0], &ws.config, &mut s);
        assert!(s.diags.is_empty(), "{}: {:?}", cat.title(), s.diags);
    }
}

#[test]
fn whole_project_in_one_workbook_validates_clean() {
    let ws = hongkou();
    let refs: Vec<&Catalog> = ws.catalogs.iter().collect();
    let bytes = catalog_sheets(&refs, &ws.config).expect("writes");
    let (back, sink) = read_back(bytes, &ws.config);
    assert!(sink.diags.is_empty(), "{:?}", sink.diags);
    assert_eq!(back.len(), ws.catalogs.len());
    for (a, b) in ws.catalogs.iter().zip(&back) {
        assert_eq!(a.normalized(), b.normalized());
    }
    let mut again = Workspace {
        config: ws.config.clone(),
        catalogs: back,
        is_project: true,
        ..Workspace::default()
    };
    let diags = again.check();
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn same_input_same_bytes() {
    let ws = hongkou();
    let refs: Vec<&Catalog> = ws.catalogs.iter().take(3).collect();
    let a = catalog_sheets(&refs, &ws.config).expect("writes");
    let b = catalog_sheets(&refs, &ws.config).expect("writes");
    assert_eq!(a, b);
    let t1 = template(
        Kind::Operational,
        Some("区民政局"),
        Some("社会救助"),
        &ws.config,
    )
    .expect("template");
    let t2 = template(
        Kind::Operational,
        Some("区民政局"),
        Some("社会救助"),
        &ws.config,
    )
    .expect("template");
    assert_eq!(t1, t2);
    // The fixed creation date comes from the project (编制日期 2017-11-30).
    assert!(part(&a, "docProps/core.xml").contains("2017-11-30T00:00:00Z"));
}

#[test]
fn layout_merges_validations_and_print_setup() {
    let ws = hongkou();
    let cat = ws
        .catalogs
        .iter()
        .find(|c| c.kind == Kind::Operational && c.title().contains("社会救助"))
        .expect("sample has 区民政局 社会救助 附件3");
    let bytes = catalog_sheets(&[cat], &ws.config).expect("writes");
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    // Title and unit rows merged across the table, header merged over rows 3–4,
    // 政府信息公开属性 over its four sub-columns (H3:K3 in 附件3).
    for m in ["A1:", "A2:", "A3:A4", "E3:E4", "H3:K3", "L3:L4", "P3:P4"] {
        assert!(
            sheet.contains(&format!("<mergeCell ref=\"{m}")),
            "merge {m} missing"
        );
    }
    // The first item (rows from 5) has its item cells merged.
    assert!(sheet.contains("<mergeCell ref=\"A5:A"), "item 序号 merged");
    assert!(sheet.contains("<mergeCell ref=\"F5:F"), "step 环节 merged");
    assert!(sheet.contains("<dataValidation"));
    assert!(sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("paperSize=\"9\""));
    assert!(sheet.contains("fitToHeight=\"0\""));
    assert!(sheet.contains("ySplit=\"4\""), "frozen below row 4");
    let wb = part(&bytes, "xl/workbook.xml");
    assert!(
        wb.contains("_xlnm.Print_Titles"),
        "header rows repeat on every page"
    );
    assert!(wb.contains("$3:$4"));
    // Opens with calamine, title and unit rows as written.
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine opens it");
    let names = x.sheet_names();
    assert_eq!(names, vec!["区民政局-社会救助-规范化操作目录".to_string()]);
    let range = x.worksheet_range(&names[0]).expect("sheet");
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String(
            "社会救助领域政务公开试点事项规范化操作目录".into()
        ))
    );
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::String("填报单位：区民政局".into()))
    );
    assert_eq!(
        range.get_value((3, 7)),
        Some(&Data::String("主动\n公开".into()))
    );
}

#[test]
fn blank_template_reads_as_empty_catalogue() {
    let cfg = Config::default();
    for kind in [Kind::Standard, Kind::Operational] {
        let bytes = template(kind, Some("区民政局"), Some("社会救助"), &cfg).expect("template");
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        // Dropdowns on the attribute columns and 政务事项分类, hints elsewhere.
        assert!(sheet.contains("type=\"list\""));
        assert!(sheet.contains("行政许可"));
        assert!(sheet.contains("promptTitle=\"政府信息公开属性\""));
        assert!(sheet.contains("promptTitle=\"所在环节办理时限\""));
        assert_eq!(
            sheet.contains("promptTitle=\"政府信息公开时间\""),
            kind == Kind::Operational
        );
        assert!(part(&bytes, "xl/workbook.xml").contains("填表说明"));
        let (cats, sink) = read_back(bytes, &cfg);
        assert!(
            sink.diags
                .iter()
                .all(|d| d.code.as_str() == "field-missing"),
            "{:?}",
            sink.diags
        );
        assert_eq!(cats.len(), 1);
        assert_eq!(cats[0].kind, kind);
        assert!(cats[0].items.is_empty());
        assert_eq!(gkml::model::text(&cats[0].unit), "区民政局");
        assert_eq!(gkml::model::text(&cats[0].domain), "社会救助");
    }
}

fn fixture(name: &str) -> PathBuf {
    crate::common::root()
        .join("tests/fixtures/workbooks")
        .join(name)
}

#[test]
fn annotate_puts_every_planted_mistake_on_its_cell() {
    let mut ws = project::load(&[fixture("planted-mistakes-annex2.xlsx")]).expect("loads");
    let diags = ws.check();
    assert_eq!(diags.len(), 10, "{diags:?}");
    let refs: Vec<&Catalog> = ws.catalogs.iter().collect();
    let bytes = annotate(&refs, &diags, &ws.config).expect("annotates");
    // The rewritten catalogue is the same catalogue.
    let (back, _) = read_back(bytes.clone(), &ws.config);
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].normalized(), ws.catalogs[0].normalized());
    // Every problem has a place on the sheet, listed on 问题清单.
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("opens");
    let list = x.worksheet_range("问题清单").expect("问题清单 sheet");
    let rows: Vec<Vec<String>> = list
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 10);
    for r in &rows {
        let here = &r[5];
        assert!(
            here.contains('!') && !here.ends_with("!A1"),
            "not placed on a cell: {r:?}"
        );
    }
    // One note per distinct cell, each cell filled.
    let comments = part(&bytes, "xl/comments1.xml");
    let mut places: Vec<&String> = rows.iter().map(|r| &r[5]).collect();
    places.sort();
    places.dedup();
    assert_eq!(comments.matches("<comment ").count(), places.len());
    assert!(comments.contains("修改："));
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("FFFFC7CE"), "error fill present");
    assert!(styles.contains("FFFFEB9C"), "warning fill present");
    // The duplicate 序号 at A20 of the original lands on the 序号 of the same item.
    let seq_dup = rows
        .iter()
        .find(|r| r[2] == "seq-duplicate")
        .expect("seq-duplicate listed");
    let name_of = |cell: &str| {
        cell.split('!')
            .nth(1)
            .unwrap_or("")
            .trim_start_matches(char::is_alphabetic)
            .to_string()
    };
    assert!(seq_dup[5].contains("!A"), "{seq_dup:?}");
    let vocab = rows
        .iter()
        .find(|r| r[2] == "vocab-unknown")
        .expect("vocab-unknown listed");
    assert!(vocab[5].contains("!B"), "{vocab:?}");
    assert_eq!(name_of(&seq_dup[5]), name_of(&vocab[5]), "same item row");
}

#[test]
fn annotate_yaml_catalogue_and_unplaceable_problems() {
    // A YAML catalogue with a problem: annotate maps text positions too.
    let dir = tempfile::tempdir().expect("tmp");
    let f = dir.path().join("x.yaml");
    std::fs::write(
        &f,
        "试点单位: 区民政局\n试点领域: 社会救助\n目录类型: 标准化目录\n政务事项:\n  - 序号: 1\n    政务事项分类: 行政给付\n    政务事项名称: 甲\n    政务事项办理主体: 区民政局\n    办理环节:\n      - 政务事项办理环节: 受理\n        所在环节办理时限: 很快\n        政府信息:\n          - 所在环节办理产生的政府信息名称: 申请书\n",
    )
    .expect("write");
    let mut ws = project::load(&[f]).expect("loads");
    let diags = ws.check();
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"attr-missing") && codes.contains(&"time-unparsed"),
        "{codes:?}"
    );
    let mut all = diags.clone();
    // A problem in another file cannot be placed: listed, never dropped.
    all.push(gkml::diag::Diagnostic {
        code: gkml::rules::Code::ProjectInvalid,
        severity: gkml::diag::Severity::Error,
        message: "别处的问题".into(),
        help: None,
        loc: gkml::model::Loc::file(&Arc::from("other/gkml.yaml")),
        snippet: None,
    });
    let refs: Vec<&Catalog> = ws.catalogs.iter().collect();
    let bytes = annotate(&refs, &all, &ws.config).expect("annotates");
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    let list = x.worksheet_range("问题清单").expect("问题清单");
    let rows: Vec<Vec<String>> = list
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), all.len());
    let time = rows
        .iter()
        .find(|r| r[2] == "time-unparsed")
        .expect("listed");
    assert!(
        time[5].ends_with("!L5"),
        "时限 of the only step is L5: {time:?}"
    );
    let attr = rows
        .iter()
        .find(|r| r[2] == "attr-missing")
        .expect("listed");
    assert!(attr[5].ends_with("!G5"), "first attribute column: {attr:?}");
    let other = rows.iter().find(|r| r[3] == "别处的问题").expect("listed");
    assert_eq!(other[5], "—");
}
