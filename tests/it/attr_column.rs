//! A 附件2 workbook whose 政府信息公开属性 is one dropdown column holding the
//! attribute as text (主动公开, 不予公开, …) under a one-row header, as many
//! offices fill the form: the first data row is data, not a second header
//! row, and the file validates clean.

use std::path::PathBuf;

use crate::common::Command;
use serde_json::Value;

fn fixture() -> PathBuf {
    crate::common::root().join("tests/fixtures/workbooks/attr-text-column-annex2.xlsx")
}

#[test]
fn a_one_column_attribute_workbook_validates_with_no_findings() {
    let out = Command::cargo_bin("gkml")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["validate", "--format", "json"])
        .arg(fixture())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let findings = report["diagnostics"].as_array().map_or(0, Vec::len);
    assert_eq!(findings, 0, "{stdout}");
}

#[test]
fn the_first_data_row_is_read_as_the_first_item() {
    let mut ws = gkml::project::load(&[fixture()]).unwrap();
    let diags = ws.check();
    assert!(diags.is_empty(), "{diags:?}");
    let cat = &ws.catalogs[0];
    let first = &cat.items[0];
    assert_eq!(gkml::model::text(&first.seq), "1");
    assert_eq!(gkml::model::text(&first.name), "最低生活保障");
    let info = &first.steps[0].infos[0];
    assert_eq!(info.attr(), Some(gkml::model::Attr::Active));
    // 18 pieces of information, each with the attribute its cell names.
    assert_eq!(cat.counts(), (3, 11, 18));
    assert!(
        cat.items
            .iter()
            .flat_map(|i| &i.steps)
            .flat_map(|s| &s.infos)
            .all(|n| n.attr().is_some())
    );
}
