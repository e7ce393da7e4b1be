//! The national-2019 helpers (`gkml::national`, `gkml::timelimit::parse_written`)
//! against the county-style workbooks of `tests/fixtures/national` (written by
//! openpyxl and LibreOffice, not by gkml): every label, checklist cell, tick,
//! title and 公开时限 of the clean files reads as the manifest says, and the
//! planted mistakes of the faulty files are exactly the ones the helpers see.
//! The format layer's reader is tested against the same manifest later; this
//! test checks the vocabulary it will use.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use gkml::national::channel::{self, MarkMeaning, Vocabulary};
use gkml::national::labels::{self, Audience, Method};
use gkml::national::tick::{self, Tick};
use gkml::national::{domain, is_same_as_above, names_other_law, title};
use gkml::timelimit::{Written, parse_written};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national")
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(dir().join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A sheet as text, addressed by 1-based row and column letter.
struct Sheet {
    cells: BTreeMap<(u32, u32), String>,
}

impl Sheet {
    fn open(name: &str, sheet: &str) -> Self {
        let mut wb = open_workbook_auto(dir().join(name)).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = BTreeMap::new();
        for (r, c, v) in range.cells() {
            let text = match v {
                Data::Empty => continue,
                Data::String(s) => s.clone(),
                other => other.to_string(),
            };
            cells.insert((r0 + r as u32 + 1, c0 + c as u32 + 1), text);
        }
        Sheet { cells }
    }

    fn get(&self, row: u32, col: u32) -> &str {
        self.cells.get(&(row, col)).map_or("", String::as_str)
    }

    fn max_col(&self) -> u32 {
        self.cells.keys().map(|k| k.1).max().unwrap_or(0)
    }
}

fn letter(col: u32) -> String {
    let mut n = col;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// The columns of the two-row header: (group or "", label) per column.
fn header(sheet: &Sheet, h1: u32) -> Vec<(String, String)> {
    let mut group = String::new();
    let mut out = Vec::new();
    for c in 1..=sheet.max_col() {
        let top = gkml::national::tidy(sheet.get(h1, c));
        let low = gkml::national::tidy(sheet.get(h1 + 1, c));
        if low.is_empty() {
            group.clear();
            out.push((String::new(), top));
        } else {
            if !top.is_empty() {
                group = top;
            }
            out.push((group.clone(), low));
        }
    }
    out
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What the helpers find wrong in one row: (code, column index).
type Finding = (&'static str, u32);

#[test]
fn every_fixture_reads_with_the_national_helpers() {
    let m = manifest();
    let vocab = Vocabulary::with_local(strings(&m["local_channels"]).iter().map(String::as_str));
    let fixtures = m["fixtures"].as_object().unwrap();
    assert!(
        fixtures.len() >= 14,
        "manifest lists {} fixtures",
        fixtures.len()
    );
    for (name, fx) in fixtures {
        let meaning = MarkMeaning::from_project(fx["channel_marks"].as_str().unwrap()).unwrap();
        let sheet_name = fx["sheet"].as_str().unwrap();
        let sheet = Sheet::open(name, sheet_name);
        let h1 = fx["header_rows"][0].as_u64().unwrap() as u32;
        let cols = header(&sheet, h1);
        let col_of = |label: &str| -> Option<u32> {
            cols.iter()
                .position(|(_, l)| l == label)
                .map(|i| i as u32 + 1)
        };
        let in_group = |g: &str| -> Vec<(u32, String)> {
            cols.iter()
                .enumerate()
                .filter(|(_, (gg, _))| gg == g)
                .map(|(i, (_, l))| (i as u32 + 1, l.clone()))
                .collect()
        };

        // Unit and domain, from where the manifest says.
        let from_title = title::from_title(sheet.get(1, 1));
        let (unit, dom) = match fx["unit_from"].as_str().unwrap() {
            "title" => (from_title.unit.clone(), from_title.domain.clone()),
            "file name" => {
                let n = title::from_file_name(name);
                (n.unit, n.domain)
            }
            _ => (
                title::from_label_row(sheet.get(2, 1)),
                from_title.domain.clone(),
            ),
        };
        assert_eq!(unit.as_deref(), fx["unit"].as_str(), "{name}: unit");
        assert_eq!(dom.as_deref(), fx["domain"].as_str(), "{name}: domain");

        // Sub-labels of the tick groups are all recognised.
        for (_, l) in in_group("公开对象") {
            assert!(
                Audience::from_label(&l).is_some(),
                "{name}: 公开对象 label {l}"
            );
        }
        for (_, l) in in_group("公开方式") {
            assert!(
                Method::from_label(&l).is_some(),
                "{name}: 公开方式 label {l}"
            );
        }
        for (_, l) in in_group("公开层级") {
            assert!(labels::level(&l).is_some(), "{name}: 公开层级 label {l}");
        }
        let channel_cols = in_group("公开渠道和载体");
        for (_, l) in &channel_cols {
            assert!(vocab.lookup(l).is_some(), "{name}: channel column {l}");
        }

        let mut findings: Vec<Finding> = Vec::new();
        if domain::canonical(dom.as_deref().unwrap_or_default()).is_none() {
            findings.push(("domain-unknown", 0));
        }
        let c_limit = col_of("公开时限").unwrap();
        let c_basis = col_of("公开依据").unwrap();
        let c_subject = col_of("公开主体").unwrap();
        let c_channels = col_of("公开渠道和载体");
        let mut above: BTreeMap<u32, String> = BTreeMap::new();
        let mut resolve = |row: u32, col: u32| -> String {
            let v = sheet.get(row, col).to_string();
            if is_same_as_above(&v) {
                above.get(&col).cloned().unwrap_or_default()
            } else {
                above.insert(col, v.clone());
                v
            }
        };
        let mut findings_at: Vec<(&'static str, String)> = Vec::new();
        for e in fx["rows"].as_array().unwrap() {
            let row = e["row"].as_u64().unwrap() as u32;
            let limit = resolve(row, c_limit);
            let basis = resolve(row, c_basis);
            let subject = resolve(row, c_subject);
            assert_eq!(
                limit,
                e["公开时限"].as_str().unwrap(),
                "{name} row {row}: 公开时限"
            );
            assert_eq!(
                basis,
                e["公开依据"].as_str().unwrap(),
                "{name} row {row}: 公开依据"
            );
            let mut at = |code: &'static str, col: u32| {
                findings_at.push((code, format!("{sheet_name}!{}{row}", letter(col))));
            };
            if subject.trim().is_empty() {
                at("field-missing", c_subject);
            }
            match parse_written(&limit) {
                Written::Unparsed => at("time-unparsed", c_limit),
                Written::NotMeasurable => at("time-not-measurable", c_limit),
                w if w.exceeds_statutory_limit() && !names_other_law(&basis) => {
                    at("time-over-statutory", c_limit)
                }
                _ => {}
            }

            // Channels: one checklist cell or one tick column each.
            let (used, unused): (Vec<String>, Vec<String>) = if let Some(c) = c_channels {
                let cell = resolve(row, c);
                let list = channel::parse_checklist(&cell, &vocab);
                if list.nothing_used(meaning) {
                    at("channel-missing", c);
                }
                let mut known = |names: Vec<&str>| -> Vec<String> {
                    names
                        .into_iter()
                        .map(|n| match vocab.lookup(n) {
                            Some(k) => k.to_string(),
                            None => {
                                assert_eq!(vocab.nearest(n), Some("政务服务中心"), "{name}: {n}");
                                at("vocab-unknown", c);
                                n.to_string()
                            }
                        })
                        .collect()
                };
                if meaning == MarkMeaning::Required {
                    let req = e["公开渠道和载体"]["必选"].clone();
                    let opt = e["公开渠道和载体"]["可选"].clone();
                    assert_eq!(
                        known(list.required()),
                        strings(&req),
                        "{name} row {row}: 必选"
                    );
                    assert_eq!(
                        known(list.optional()),
                        strings(&opt),
                        "{name} row {row}: 可选"
                    );
                }
                let used = known(list.used(meaning));
                let unused = known(list.unused(meaning));
                (used, unused)
            } else {
                let mut used = Vec::new();
                let mut unused = Vec::new();
                for (c, l) in &channel_cols {
                    let name = vocab.lookup(l).unwrap().to_string();
                    match tick::read(sheet.get(row, *c), l) {
                        Tick::Yes => used.push(name),
                        Tick::No => unused.push(name),
                        Tick::Unknown => at("attr-mark-invalid", *c),
                    }
                }
                if used.is_empty() {
                    at("channel-missing", channel_cols[0].0);
                }
                (used, unused)
            };
            assert_eq!(
                used,
                strings(&e["公开渠道和载体"]["used"]),
                "{name} row {row}: used"
            );
            assert_eq!(
                unused,
                strings(&e["公开渠道和载体"]["unused"]),
                "{name} row {row}: unused"
            );

            // The tick groups, as sets of canonical labels (levels as written).
            let mut ticked = |group: &str, missing: &'static str| -> Vec<String> {
                let cols = in_group(group);
                let mut got = Vec::new();
                let mut invalid = false;
                for (c, l) in &cols {
                    match tick::read(sheet.get(row, *c), l) {
                        Tick::Yes => got.push(match group {
                            "公开对象" => Audience::from_label(l).unwrap().label().to_string(),
                            "公开方式" => Method::from_label(l).unwrap().label().to_string(),
                            _ => labels::level(l).unwrap().label,
                        }),
                        Tick::No => {}
                        Tick::Unknown => {
                            invalid = true;
                            at("attr-mark-invalid", *c);
                        }
                    }
                }
                if got.is_empty() && !invalid && !cols.is_empty() {
                    at(missing, cols[0].0);
                }
                got
            };
            let objects = ticked("公开对象", "object-missing");
            let methods = ticked("公开方式", "method-missing");
            let levels = ticked("公开层级", "level-missing");
            assert_eq!(
                objects,
                strings(&e["公开对象"]),
                "{name} row {row}: 公开对象"
            );
            assert_eq!(
                methods,
                strings(&e["公开方式"]),
                "{name} row {row}: 公开方式"
            );
            if e["公开层级"].is_null() {
                assert!(
                    in_group("公开层级").is_empty(),
                    "{name}: no 公开层级 columns"
                );
            } else {
                assert_eq!(
                    levels,
                    strings(&e["公开层级"]),
                    "{name} row {row}: 公开层级"
                );
            }
        }

        // Duplicate 二级事项 (with its 三级事项) within its 一级事项.
        let mut seen = std::collections::BTreeSet::new();
        let c_l2 = col_of("二级事项").unwrap();
        for e in fx["rows"].as_array().unwrap() {
            let key = (
                e["一级事项"].to_string(),
                e["二级事项"].to_string(),
                e["三级事项"].to_string(),
            );
            if !seen.insert(key) {
                let row = e["row"].as_u64().unwrap();
                findings_at.push((
                    "item-duplicate",
                    format!("{sheet_name}!{}{row}", letter(c_l2)),
                ));
            }
        }
        for (code, _) in findings {
            findings_at.push((code, format!("{sheet_name}!A1")));
        }

        let mut expected: Vec<(String, String)> = fx["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["cell"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut got: Vec<(String, String)> = findings_at
            .into_iter()
            .map(|(c, at)| (c.to_string(), at))
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{name}: findings");
    }
}
