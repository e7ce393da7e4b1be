//! `gkml build` on a national-2019 project (国办发〔2019〕54号): the sample
//! county `catalogs/qingshan-2021` builds a landscape booklet
//! naming every 一级事项 and the table's column headings, one workbook per
//! 试点领域 that gkml reads back to the same tables, and a `catalog.json`
//! with a `nationals` section that follows its schema. A project mixing the
//! pilot's format with the national one is refused in Chinese.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gkml::national::compile::{NationalTable, Nationals, table};

use crate::common;
use common::pdf_text;

fn county() -> PathBuf {
    common::root().join("catalogs/qingshan-2021")
}

/// Builds the sample county into `out`; its catalog.json's `nationals`.
fn build_county(out: &Path) -> Nationals {
    let o = common::build(&county(), out, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let json = std::fs::read_to_string(out.join("catalog.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    serde_json::from_value(v["nationals"].clone()).expect("catalog.json has no nationals")
}

fn pdf_of(out: &Path) -> PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("no PDF written")
}

#[test]
fn sample_county_builds_a_national_booklet() {
    let tmp = common::tmp();
    let out = tmp.path().join("out");
    let nat = build_county(&out);
    assert_eq!(nat.format, "national-2019");
    let names: Vec<&str> = nat.domains.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["社会救助", "户籍管理", "重大建设项目"]);
    // One workbook per domain, besides the PDF and catalog.json.
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    files.sort();
    let mut want = [
        "catalog.json",
        "户籍管理.xlsx",
        "社会救助.xlsx",
        "重大建设项目.xlsx",
        "青山县基层政务公开标准目录.pdf",
    ];
    want.sort();
    assert_eq!(files, want);
    // The summary adds up.
    let total = &nat.summary.total;
    assert_eq!((total.groups, total.rows), (19, 64));
    let rows: usize = nat.summary.rows.iter().map(|r| r.counts.rows).sum();
    assert_eq!(rows, total.rows);
    assert!(total.active > 0 && total.on_request > 0);
    assert!(total.county > 0 && total.township > 0);
    assert!(
        nat.summary
            .channels
            .iter()
            .any(|c| c.name == "政府网站" && c.count > 0)
    );

    if !common::require_poppler("pdftotext") {
        return;
    }
    let pdf = pdf_of(&out);
    let text = pdf_text(&pdf);
    for d in &nat.domains {
        assert!(
            text.contains(&format!("{}领域基层政务公开标准目录", d.name)),
            "{}",
            d.name
        );
        for t in &d.tables {
            assert!(text.contains(&t.unit), "{}", t.unit);
            for g in &t.groups {
                let name: String = g
                    .name
                    .as_deref()
                    .unwrap()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                assert!(text.contains(&name), "一级事项 {name} is not in the PDF");
            }
        }
    }
    for heading in [
        "序号",
        "公开事项",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "全社会",
        "特定群体",
        "公开方式",
        "主动",
        "依申请",
        "公开层级",
        "县级",
        "乡级",
        "公开事项汇总表",
    ] {
        assert!(text.contains(heading), "{heading} is not in the PDF");
    }
    assert!(
        text.contains("■政府网站"),
        "channels are not printed as ■/□"
    );
    assert!(text.contains('√'));
    // Table pages are landscape; the header repeats on continuation pages.
    let info = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "100"])
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let landscape = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .filter(|l| {
            let nums: Vec<f64> = l
                .split_whitespace()
                .filter_map(|w| w.parse::<f64>().ok())
                .collect();
            nums.len() >= 3 && nums[nums.len() - 2] > nums[nums.len() - 1]
        })
        .count();
    assert!(landscape >= 4, "{info}");
    let headers = text.matches("公开内容（要素）").count();
    assert!(
        headers > nat.domains.len(),
        "the header is not repeated: {headers}"
    );
}

/// A table as the workbooks keep it: the used channels only (□ channels
/// are left out of a workbook written under `渠道标记: 使用`).
fn kept(t: &NationalTable) -> NationalTable {
    let mut t = t.clone();
    for g in &mut t.groups {
        for r in &mut g.rows {
            r.channels.retain(|c| c.used);
        }
    }
    t
}

#[test]
fn domain_workbooks_read_back_to_the_same_tables() {
    let tmp = common::tmp();
    let out = tmp.path().join("out");
    let nat = build_county(&out);
    let ws = gkml::project::load(&[county()]).unwrap();
    for d in &nat.domains {
        let path = out.join(format!("{}.xlsx", d.name));
        let shown: Arc<str> = path.display().to_string().into();
        let read = gkml::input::read_file(&path, shown, &ws.config);
        assert!(read.catalogs.is_empty());
        assert_eq!(read.nationals.len(), d.tables.len(), "{}", d.name);
        let errors: Vec<_> = read
            .sink
            .diags
            .iter()
            .filter(|x| x.severity.as_str() == "error")
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", d.name);
        for (c, want) in read.nationals.iter().zip(&d.tables) {
            let got = table(c, ws.config.national.marks);
            assert_eq!(kept(&got), kept(want), "{}", d.name);
        }
    }
}

#[test]
fn national_catalog_json_follows_its_schema() {
    let tmp = common::tmp();
    let out = tmp.path().join("out");
    build_county(&out);
    let schema = common::root().join("schemas/catalog-json.schema.json");
    if let Some(o) = common::check_jsonschema(&schema, &[out.join("catalog.json")], &[]) {
        assert!(
            o.status.success(),
            "{}{}",
            common::stdout(&o),
            common::stderr(&o)
        );
    }
}

#[test]
fn a_project_mixing_both_formats_is_refused() {
    let tmp = common::tmp();
    let dir = tmp.path().join("mixed");
    common::copy_sample(&dir);
    let unit = dir.join("青山县公安局");
    std::fs::create_dir_all(&unit).unwrap();
    std::fs::copy(
        county().join("青山县公安局/户籍管理-标准目录.xlsx"),
        unit.join("户籍管理-标准目录.xlsx"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = common::build(&dir, &out, &[]);
    let err = common::stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("hongkou-2017") && err.contains("national-2019"),
        "{err}"
    );
    assert!(!out.exists());
}

/// The table of `tests/fixtures/national/tick-columns-url.xlsx` gives its
/// channels as one √ column each: the booklet prints those columns (a √
/// for each channel ticked, no ■/□ checklist) and the domain workbook keeps
/// them, so gkml reads it back to the same table. With one unit and no
/// project file, the booklet is called 基层政务公开标准目录.
#[test]
fn tick_column_tables_keep_their_columns() {
    let tmp = common::tmp();
    let dir = tmp.path().join("p");
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = common::root().join("tests/fixtures/national/tick-columns-url.xlsx");
    std::fs::copy(&fixture, dir.join("tick-columns-url.xlsx")).unwrap();
    let out = tmp.path().join("out");
    let nat = build_county_at(&dir, &out);
    let t = &nat.domains[0].tables[0];
    let columns = t.channel_columns.as_ref().expect("channel columns kept");
    assert_eq!(columns.len(), 15);
    assert_eq!(columns[0], "政府网站");
    assert_eq!(columns[14], "公共资源交易平台");

    // The domain workbook reads back to the same table.
    let ws = gkml::project::load(std::slice::from_ref(&dir)).unwrap();
    let path = out.join("重大建设项目.xlsx");
    let read = gkml::input::read_file(&path, path.display().to_string().into(), &ws.config);
    assert_eq!(read.nationals.len(), 1);
    assert_eq!(&table(&read.nationals[0], ws.config.national.marks), t);
    assert_eq!(
        read.nationals[0].channel_columns,
        ws.nationals[0].channel_columns
    );

    if !common::require_poppler("pdftotext") {
        return;
    }
    let pdf = pdf_of(&out);
    assert_eq!(pdf.file_name().unwrap(), "基层政务公开标准目录.pdf");
    let text = pdf_text(&pdf);
    assert!(
        !text.contains('■') && !text.contains('□'),
        "a checklist is printed"
    );
    for c in columns {
        let c: String = c.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&c), "{c} is not a column heading");
    }
    // One √ per tick of the source: channels, 公开对象, 公开方式, 公开层级.
    let ticks: usize = t
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .map(|r| {
            r.channels.iter().filter(|c| c.mark == "■").count()
                + r.audiences.len()
                + r.methods.len()
                + r.levels.as_ref().map_or(0, Vec::len)
        })
        .sum();
    assert!(ticks > 14 * 4);
    assert_eq!(text.matches('√').count(), ticks);
}

/// Builds a project directory into `out`; its catalog.json's `nationals`.
fn build_county_at(dir: &Path, out: &Path) -> Nationals {
    let o = common::build(dir, out, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let json = std::fs::read_to_string(out.join("catalog.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    serde_json::from_value(v["nationals"].clone()).expect("catalog.json has no nationals")
}

/// A national project file without 标题 (and without 地区): the booklet,
/// its PDF and catalog.json are called after the county the units' names
/// share; the pilot's default title is unchanged.
#[test]
fn a_national_project_without_a_title_is_named_after_its_county() {
    let tmp = common::tmp();
    let dir = tmp.path().join("qingshan");
    copy_dir(&county(), &dir);
    let pf = dir.join("gkml.yaml");
    let text = std::fs::read_to_string(&pf).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("标题:") && !l.starts_with("地区:"))
        .collect();
    assert_eq!(kept.len() + 2, text.lines().count());
    std::fs::write(&pf, kept.join("\n") + "\n").unwrap();
    let out = tmp.path().join("out");
    build_county_at(&dir, &out);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    assert_eq!(v["edition"]["title"], "青山县基层政务公开标准目录");
    assert_eq!(
        pdf_of(&out).file_name().unwrap(),
        "青山县基层政务公开标准目录.pdf"
    );

    let pilot = tmp.path().join("pilot");
    common::copy_sample(&pilot);
    let pf = pilot.join("gkml.yaml");
    let text = std::fs::read_to_string(&pf).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("标题:")).collect();
    assert_eq!(kept.len() + 1, text.lines().count());
    std::fs::write(&pf, kept.join("\n") + "\n").unwrap();
    let out = tmp.path().join("pilot-out");
    let o = common::build(&pilot, &out, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(out.join("政务公开事项标准化目录清单.pdf").is_file());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
