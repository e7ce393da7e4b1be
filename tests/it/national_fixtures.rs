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
    crate::common::root().join("tests/fixtures/national")
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

// ---------------------------------------------------------------------------
// gkml's own reader (`gkml::national`) against the manifest.

use gkml::diag::Diagnostic;
use gkml::model::Pos;
use gkml::national::NationalCatalog;

/// The manifest's codes (the proposal in the fixtures' README) → gkml's.
pub(crate) fn gkml_code(manifest_code: &str) -> &str {
    match manifest_code {
        "channel-missing" => "national-channel-missing",
        "object-missing" => "national-object-missing",
        "method-missing" => "national-method-missing",
        "level-missing" => "national-level-missing",
        "item-duplicate" => "national-duplicate",
        "vocab-unknown" => "national-channel-unknown",
        "time-unparsed" => "national-time-unparsed",
        "time-not-measurable" => "national-time-vague",
        "time-over-statutory" => "national-time-over-statutory",
        "domain-unknown" => "national-domain-unknown",
        other => other,
    }
}

/// A project directory holding one fixture (under its own file name) and a
/// project file with the manifest's channel vocabulary and ■/□ meaning.
fn project_with(name: &str, fx: &Value, m: &Value) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let base = Path::new(name).file_name().unwrap();
    std::fs::copy(dir().join(name), tmp.path().join(base)).unwrap();
    let mut channels: Vec<String> = channel::STANDARD.iter().map(|s| s.to_string()).collect();
    channels.extend(strings(&m["local_channels"]));
    let project = format!(
        "格式: national-2019\n渠道标记: {}\n公开渠道和载体:\n{}",
        fx["channel_marks"].as_str().unwrap(),
        channels
            .iter()
            .map(|c| format!("  - {c}\n"))
            .collect::<String>()
    );
    std::fs::write(tmp.path().join("gkml.yaml"), project).unwrap();
    tmp
}

fn at(d: &Diagnostic) -> String {
    match &d.loc.pos {
        Pos::Cell { sheet, row, col } => format!("{sheet}!{}{}", letter(col + 1), row + 1),
        Pos::Text { line, .. } => format!("line {line}"),
        Pos::File => "file".into(),
    }
}

fn load(dir: &Path) -> (gkml::project::Workspace, Vec<Diagnostic>) {
    let mut ws = gkml::project::load(&[dir.to_path_buf()]).unwrap();
    let d = ws.check();
    (ws, d)
}

/// The findings of a fixture against the manifest: `Ok` with the codes
/// seen when they are exactly the listed ones, at the listed cells and
/// levels.
fn fixture_findings(name: &str, fx: &Value, m: &Value) -> Result<Vec<String>, String> {
    let tmp = project_with(name, fx, m);
    let (_, d) = load(tmp.path());
    let mut got: Vec<(String, String, String)> = d
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                at(d),
                d.severity.as_str().to_string(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String, String)> = fx["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                gkml_code(d["code"].as_str().unwrap()).to_string(),
                d["cell"].as_str().unwrap().to_string(),
                d["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    expected.sort();
    if got == expected {
        Ok(got.into_iter().map(|g| g.0).collect())
    } else {
        Err(format!(
            "{name}: expected {expected:?}\ngot {got:?}\n{}",
            d.iter()
                .map(|d| format!("  {} {}: {}", d.code.as_str(), at(d), d.message))
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

fn row_of(
    cat: &NationalCatalog,
    sheet_row: u32,
) -> (&gkml::national::model::Group, &gkml::national::model::Row) {
    cat.rows()
        .find(|(_, r)| matches!(&r.loc.pos, Pos::Cell { row, .. } if *row + 1 == sheet_row))
        .unwrap_or_else(|| panic!("no row {sheet_row}"))
}

fn value(t: &gkml::model::Text) -> String {
    gkml::model::text(t).to_string()
}

/// Every fixture read by `gkml validate`'s loader: the unit, domain, every
/// 一级事项 and 二级事项 and each row's fields as the manifest lists them;
/// clean files have no finding at all, faulty ones exactly the listed ones.
#[test]
fn gkml_reads_every_fixture_as_the_manifest_says() {
    let m = manifest();
    let mut failures = Vec::new();
    for (name, fx) in m["fixtures"].as_object().unwrap() {
        if let Err(e) = fixture_findings(name, fx, &m) {
            failures.push(e);
            continue;
        }
        let tmp = project_with(name, fx, &m);
        let (ws, _) = load(tmp.path());
        assert_eq!(ws.nationals.len(), 1, "{name}");
        let cat = &ws.nationals[0];
        assert_eq!(cat.unit_text(), fx["unit"].as_str().unwrap(), "{name}");
        assert_eq!(cat.domain_text(), fx["domain"].as_str().unwrap(), "{name}");
        let groups: Vec<String> = cat.groups.iter().map(|g| value(&g.name)).collect();
        assert_eq!(groups, strings(&fx["一级事项"]), "{name}: 一级事项");
        for g in &cat.groups {
            let mut names: Vec<String> = g.rows.iter().map(|r| value(&r.name)).collect();
            names.dedup();
            let want = strings(&fx["二级事项"][value(&g.name)]);
            if fx["expect"] == "ok" {
                assert_eq!(names, want, "{name}: 二级事项 of {}", value(&g.name));
            }
        }
        let meaning = MarkMeaning::from_project(fx["channel_marks"].as_str().unwrap()).unwrap();
        for e in fx["rows"].as_array().unwrap() {
            let sheet_row = e["row"].as_u64().unwrap() as u32;
            let (g, r) = row_of(cat, sheet_row);
            let what = format!("{name} row {sheet_row}");
            assert_eq!(value(&g.name), e["一级事项"].as_str().unwrap(), "{what}");
            assert_eq!(value(&r.name), e["二级事项"].as_str().unwrap(), "{what}");
            if let Some(l3) = e["三级事项"].as_str() {
                assert_eq!(value(&r.level3), l3, "{what}");
            }
            for (field, t) in [
                ("公开内容（要素）", &r.content),
                ("公开依据", &r.basis),
                ("公开时限", &r.time),
                ("公开主体", &r.subject),
            ] {
                let want = e[field].as_str().unwrap_or_default();
                assert_eq!(value(t), want, "{what}: {field}");
            }
            let used: Vec<&str> = r.channels.used(meaning).map(|c| c.name.as_str()).collect();
            let unused: Vec<&str> = r
                .channels
                .entries
                .iter()
                .filter(|c| meaning == MarkMeaning::Used && c.mark == channel::Mark::Empty)
                .map(|c| c.name.as_str())
                .collect();
            assert_eq!(used, strings(&e["公开渠道和载体"]["used"]), "{what}: used");
            assert_eq!(
                unused,
                strings(&e["公开渠道和载体"]["unused"]),
                "{what}: unused"
            );
            let audiences: Vec<&str> = r.audiences.set.iter().map(|a| a.label()).collect();
            assert_eq!(audiences, strings(&e["公开对象"]), "{what}: 公开对象");
            let methods: Vec<&str> = r.methods.set.iter().map(|a| a.label()).collect();
            assert_eq!(methods, strings(&e["公开方式"]), "{what}: 公开方式");
            match &r.levels {
                Some(l) => assert_eq!(l.set, strings(&e["公开层级"]), "{what}: 公开层级"),
                None => assert!(e["公开层级"].is_null(), "{what}: 公开层级"),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every clean fixture converts to YAML naming every 一级事项 and
/// 二级事项, and goes YAML → workbook → YAML unchanged.
#[test]
fn clean_fixtures_convert_and_round_trip() {
    let m = manifest();
    for (name, fx) in m["fixtures"].as_object().unwrap() {
        if fx["expect"] != "ok" {
            continue;
        }
        let tmp = project_with(name, fx, &m);
        let (ws, _) = load(tmp.path());
        let out = tempfile::tempdir().unwrap();
        let y1 = out.path().join("a.yaml");
        gkml::convert::write_national(&ws.nationals, &ws.config, &y1).unwrap();
        let text1 = std::fs::read_to_string(&y1).unwrap();
        let mut sink = gkml::diag::Sink::new();
        let shown: std::sync::Arc<str> = "a.yaml".into();
        let back = gkml::national::yaml::read(&shown, &text1, &ws.config, &mut sink).unwrap();
        assert!(sink.diags.is_empty(), "{name}: {:?}", sink.diags);
        let groups: Vec<String> = back.groups.iter().map(|g| value(&g.name)).collect();
        assert_eq!(groups, strings(&fx["一级事项"]), "{name}: YAML 一级事项");
        for g in &back.groups {
            let mut names: Vec<String> = g.rows.iter().map(|r| value(&r.name)).collect();
            names.dedup();
            assert_eq!(
                names,
                strings(&fx["二级事项"][value(&g.name)]),
                "{name}: YAML 二级事项"
            );
        }
        // YAML → workbook → YAML.
        let wb = out.path().join("b.xlsx");
        gkml::convert::write_national(std::slice::from_ref(&back), &ws.config, &wb).unwrap();
        let read = gkml::input::read_file(&wb, "b.xlsx".into(), &ws.config);
        assert!(
            read.sink.diags.is_empty(),
            "{name}: reading the written workbook: {:?}",
            read.sink.diags
        );
        let y2 = out.path().join("c.yaml");
        gkml::convert::write_national(&read.nationals, &ws.config, &y2).unwrap();
        let text2 = std::fs::read_to_string(&y2).unwrap();
        assert_eq!(text1, text2, "{name}: YAML → workbook → YAML");
    }
}

/// The national rules' cases for `rules::every_rule_has_a_case`: each
/// faulty fixture's findings, counted only when they are exactly the
/// manifest's (code, cell, level).
pub fn national_cases(seen: &mut std::collections::BTreeSet<String>) {
    let m = manifest();
    for (name, fx) in m["fixtures"].as_object().unwrap() {
        match fixture_findings(name, fx, &m) {
            Ok(codes) => seen.extend(codes),
            Err(e) => panic!("{e}"),
        }
    }
    seen.extend(yaml_cases());
}

/// A national table as YAML, with findings at their lines.
const YAML: &str = "格式: national-2019
编制单位: 县民政局
试点领域: 社会救助
公开事项:
  - 一级事项: 临时救助
    二级事项:
      - 二级事项: 办事指南
        公开内容（要素）: 申请条件、办理流程
        公开依据: 《社会救助暂行办法》
        公开时限: 制定或获取信息之日起10个工作日内
        公开主体: 县民政局
        公开渠道和载体: [政府网站, 政务服务中心]
        公开对象: [全社会]
        公开方式: [主动]
        公开层级: [县级, 乡级]
";

/// Edits of [`YAML`]: (code, old, new, line of the finding).
const YAML_CASES: &[(&str, &str, &str, u32)] = &[
    (
        "field-missing",
        "        公开主体: 县民政局\n",
        "        公开主体:\n",
        11,
    ),
    (
        "national-channel-unknown",
        "[政府网站, 政务服务中心]",
        "[政府网站,\n          政务服务大厅]",
        13,
    ),
    (
        "national-object-missing",
        "公开对象: [全社会]",
        "公开对象: []",
        13,
    ),
    (
        "national-method-missing",
        "公开方式: [主动]",
        "公开方式: []",
        14,
    ),
    (
        "national-level-missing",
        "公开层级: [县级, 乡级]",
        "公开层级: []",
        15,
    ),
    (
        "national-time-vague",
        "制定或获取信息之日起10个工作日内",
        "及时公开",
        10,
    ),
    (
        "attr-invalid",
        "公开方式: [主动]",
        "公开方式: [主动, 被动]",
        14,
    ),
];

fn check_yaml(text: &str) -> Vec<Diagnostic> {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("社会救助-标准目录.yaml");
    std::fs::write(&p, text).unwrap();
    let mut ws = gkml::project::load(&[p]).unwrap();
    ws.check()
}

fn yaml_cases() -> Vec<String> {
    let d = check_yaml(YAML);
    assert!(d.is_empty(), "the clean YAML: {d:?}");
    let mut seen = Vec::new();
    for (code, old, new, line) in YAML_CASES {
        assert_eq!(YAML.matches(old).count(), 1, "{code}");
        let d = check_yaml(&YAML.replacen(old, new, 1));
        let got: Vec<(&str, String)> = d.iter().map(|d| (d.code.as_str(), at(d))).collect();
        assert_eq!(got, vec![(*code, format!("line {line}"))], "{code}: {d:?}");
        seen.push(code.to_string());
    }
    seen
}

#[test]
fn yaml_findings_are_at_their_lines() {
    yaml_cases();
}

/// A workbook naming neither unit nor domain (no title, no 编制单位 row, a
/// file name that says nothing) takes both from the project file: the
/// 编制单位 whose folder holds it, and its one 试点领域.
#[test]
fn unit_and_domain_from_the_project_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("县教育局")).unwrap();
    std::fs::copy(
        dir().join("县教育局-义务教育.xlsx"),
        tmp.path().join("县教育局/目录.xlsx"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("gkml.yaml"),
        "格式: national-2019\n编制单位及试点领域:\n  - 编制单位: 县教育局\n    试点领域: [义务教育]\n",
    )
    .unwrap();
    let (ws, d) = load(tmp.path());
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(ws.nationals[0].unit_text(), "县教育局");
    assert_eq!(ws.nationals[0].domain_text(), "义务教育");
    // Alone, the workbook names neither.
    let (_, d) = load(&tmp.path().join("县教育局/目录.xlsx"));
    let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["workbook-unit-unknown", "workbook-unit-unknown"]);
}

/// A county's project made of the clean fixtures (one table per unit and
/// domain, each in its own layout: merged or first-row-only 一级事项, 同上,
/// √ channel columns, title and 编制单位 rows, unit and domain from the
/// file name, three levels, no 公开层级) validates and builds: the booklet
/// names every 一级事项 and the column headings, and there is one workbook
/// per 试点领域.
#[test]
fn a_project_of_the_clean_fixtures_builds() {
    let m = manifest();
    let tmp = tempfile::tempdir().unwrap();
    let mut channels: Vec<String> = channel::STANDARD.iter().map(|s| s.to_string()).collect();
    channels.extend(strings(&m["local_channels"]));
    let project = format!(
        "格式: national-2019\n标题: 测试县基层政务公开标准目录\n公开渠道和载体:\n{}",
        channels
            .iter()
            .map(|c| format!("  - {c}\n"))
            .collect::<String>()
    );
    std::fs::write(tmp.path().join("gkml.yaml"), project).unwrap();
    let mut taken = Vec::new();
    for (name, fx) in m["fixtures"].as_object().unwrap() {
        let key = (fx["unit"].to_string(), fx["domain"].to_string());
        if fx["expect"] != "ok"
            || fx["channel_marks"] != "使用"
            || name.starts_with("..")
            || !name.ends_with(".xlsx")
            || taken.iter().any(|(_, k)| *k == key)
        {
            continue;
        }
        std::fs::copy(dir().join(name), tmp.path().join(name)).unwrap();
        taken.push((name.clone(), key));
    }
    assert!(taken.len() >= 7, "{taken:?}");
    let o = crate::common::gkml()
        .arg("validate")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let out = tmp.path().join("out");
    let o = crate::common::build(tmp.path(), &out, &[]);
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for (name, _) in &taken {
        let domain = m["fixtures"][name]["domain"].as_str().unwrap();
        assert!(
            files.contains(&format!("{domain}.xlsx")),
            "{domain}.xlsx: {files:?}"
        );
    }
    let xlsx = files.iter().filter(|f| f.ends_with(".xlsx")).count();
    assert_eq!(xlsx, taken.len(), "{files:?}");
    let pdf = out.join("测试县基层政务公开标准目录.pdf");
    if !crate::common::require_poppler("pdftotext") {
        return;
    }
    let text = crate::common::pdf_text(&pdf);
    for heading in [
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    for (name, _) in &taken {
        for g in strings(&m["fixtures"][name]["一级事项"]) {
            let g: String = g.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains(&g), "{name}: 一级事项 {g}");
        }
    }
}
