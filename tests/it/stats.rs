//! `gkml stats` on the sample project, checked against a count made here by
//! scanning the YAML lines (no YAML parser, no gkml code).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{Command, root};
use serde_json::Value;

const SAMPLE: &str = "catalogs/hongkou-2017";
const ATTRS: [&str; 4] = ["主动公开", "依申请公开", "部分公开", "不予公开"];

/// gkml run from the repository root: the paths below are relative to it.
fn gkml() -> Command {
    let mut c = Command::cargo_bin("gkml").expect("binary builds");
    c.current_dir(root());
    c
}

#[derive(Default, Debug, Clone, PartialEq)]
struct Count {
    items: u64,
    steps: u64,
    infos: u64,
    attrs: BTreeMap<String, u64>,
    categories: BTreeMap<String, u64>,
}

impl Count {
    fn add(&mut self, o: &Count) {
        self.items += o.items;
        self.steps += o.steps;
        self.infos += o.infos;
        for (k, v) in &o.attrs {
            *self.attrs.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.categories {
            *self.categories.entry(k.clone()).or_default() += v;
        }
    }
}

/// Catalogue files below `dir`.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for unit in std::fs::read_dir(dir).unwrap() {
        let unit = unit.unwrap().path();
        if unit.is_dir() {
            for f in std::fs::read_dir(&unit).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "yaml") {
                    out.push(f);
                }
            }
        }
    }
    out.sort();
    out
}

/// The value after `key:` on a line, if the line (less a list dash) holds it.
fn value_of<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let l = line.trim_start();
    let l = l.strip_prefix("- ").unwrap_or(l);
    l.strip_prefix(key)
        .and_then(|r| r.strip_prefix(':'))
        .map(|v| v.trim().trim_matches(['\'', '"']))
}

/// (kind, unit, domain) → count, by a line scan.
fn scan(dir: &Path) -> BTreeMap<(String, String, String), Count> {
    let mut out: BTreeMap<(String, String, String), Count> = BTreeMap::new();
    for f in yaml_files(dir) {
        let text = std::fs::read_to_string(&f).unwrap();
        if text.lines().any(|l| l.starts_with("公开记录:")) {
            continue; // a 公开台账, no catalogue
        }
        let (mut unit, mut domain, mut kind) = (String::new(), String::new(), String::new());
        let mut c = Count::default();
        for line in text.lines() {
            if let Some(v) = value_of(line, "试点单位") {
                unit = v.to_string();
            } else if let Some(v) = value_of(line, "试点领域") {
                domain = v.to_string();
            } else if let Some(v) = value_of(line, "目录类型") {
                kind = match v {
                    "标准化目录" => "附件2".to_string(),
                    "规范化操作目录" => "附件3".to_string(),
                    other => panic!("unexpected 目录类型 {other}"),
                };
            } else if value_of(line, "政务事项名称").is_some() {
                c.items += 1;
            } else if let Some(v) = value_of(line, "政务事项分类") {
                *c.categories.entry(v.to_string()).or_default() += 1;
            } else if value_of(line, "政务事项办理环节").is_some() {
                c.steps += 1;
            } else if value_of(line, "所在环节办理产生的政府信息名称").is_some() {
                c.infos += 1;
            } else if let Some(v) = value_of(line, "政府信息公开属性") {
                assert!(ATTRS.contains(&v), "sample uses one plain attribute: {v}");
                *c.attrs.entry(v.to_string()).or_default() += 1;
            }
        }
        assert!(!unit.is_empty() && !domain.is_empty() && !kind.is_empty());
        out.entry((kind, unit, domain)).or_default().add(&c);
    }
    out
}

fn stats_json(args: &[&str]) -> Value {
    let out = gkml().arg("stats").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

/// Compares one JSON counts object with the scan.
fn check(v: &Value, c: &Count, what: &str) {
    assert_eq!(n(&v["items"]), c.items, "{what}: items");
    assert_eq!(n(&v["steps"]), c.steps, "{what}: steps");
    assert_eq!(n(&v["infos"]), c.infos, "{what}: infos");
    let mut marked = 0;
    for a in ATTRS {
        let want = c.attrs.get(a).copied().unwrap_or(0);
        assert_eq!(n(&v["attributes"][a]), want, "{what}: {a}");
        marked += want;
        let share = v["shares"][a].as_f64().unwrap();
        let expect = if c.infos == 0 {
            0.0
        } else {
            want as f64 / c.infos as f64
        };
        assert!(
            (share - expect).abs() < 0.00006,
            "{what}: share of {a} {share} vs {expect}"
        );
    }
    assert_eq!(
        n(&v["attributes"]["未标明"]),
        c.infos - marked,
        "{what}: 未标明"
    );
    assert_eq!(v["active_share"], v["shares"]["主动公开"]);
    let cats: BTreeMap<String, u64> = v["categories"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), n(v)))
        .collect();
    assert_eq!(cats, c.categories, "{what}: categories");
}

#[test]
fn json_matches_an_independent_count() {
    let scanned = scan(root().join(SAMPLE).as_path());
    let v = stats_json(&[SAMPLE, "--format", "json"]);
    assert_eq!(v["format"], "gkml-stats/1");
    let kinds = v["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 2);
    assert_eq!(
        kinds[0]["kind"], "附件2",
        "附件2 comes first: the headline figures"
    );
    assert_eq!(kinds[1]["kind"], "附件3");
    let mut checked_rows = 0;
    for k in kinds {
        let kind = k["kind"].as_str().unwrap();
        let mut total = Count::default();
        let mut units: BTreeMap<String, Count> = BTreeMap::new();
        let mut domains: BTreeMap<String, Count> = BTreeMap::new();
        let mine: Vec<_> = scanned
            .iter()
            .filter(|((kd, _, _), _)| kd == kind)
            .collect();
        assert_eq!(k["rows"].as_array().unwrap().len(), mine.len());
        assert_eq!(n(&k["catalogs"]), mine.len() as u64);
        for ((_, unit, domain), c) in &mine {
            let row = k["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["unit"] == unit.as_str() && r["domain"] == domain.as_str())
                .unwrap_or_else(|| panic!("no row for {unit} {domain}"));
            check(row, c, &format!("{kind} {unit} {domain}"));
            checked_rows += 1;
            total.add(c);
            units.entry(unit.clone()).or_default().add(c);
            domains.entry(domain.clone()).or_default().add(c);
        }
        check(&k["total"], &total, &format!("{kind} total"));
        for (key, want) in [("units", &units), ("domains", &domains)] {
            let got = k[key].as_array().unwrap();
            assert_eq!(got.len(), want.len(), "{kind} {key}");
            for (name, c) in want.iter() {
                let g = got.iter().find(|g| g["name"] == name.as_str()).unwrap();
                check(g, c, &format!("{kind} {key} {name}"));
            }
        }
    }
    // 5 units, 7 domains, both templates.
    assert_eq!(checked_rows, 14);
    // The sample's 附件2 total, as a fixed point a reader can check by hand.
    let t2 = &kinds[0]["total"];
    let scanned_total = scanned
        .iter()
        .filter(|((k, _, _), _)| k == "附件2")
        .fold(0, |a, (_, c)| a + c.items);
    assert_eq!(n(&t2["items"]), scanned_total);
}

#[test]
fn kind_filter_keeps_one_template() {
    let v = stats_json(&[SAMPLE, "--format", "json", "--kind", "附件3"]);
    let kinds = v["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 1);
    assert_eq!(kinds[0]["kind"], "附件3");
    let v = stats_json(&[SAMPLE, "--format", "json", "--kind", "标准化目录"]);
    assert_eq!(v["kinds"][0]["kind"], "附件2");
    gkml()
        .args(["stats", SAMPLE, "--kind", "附件9"])
        .assert()
        .code(2);
}

#[test]
fn text_is_an_aligned_table() {
    let out = gkml().args(["stats", SAMPLE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let v = stats_json(&[SAMPLE, "--format", "json"]);
    let total = &v["kinds"][0]["total"];
    assert!(text.starts_with("标准化目录附件2"), "{text}");
    assert!(text.contains("规范化操作目录附件3"));
    // The first table: header, rule, rows; every row as wide as the header
    // allows, and the numeric columns right-aligned (rows end at the same
    // column, since the last column is the share).
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("试点单位"))
        .unwrap();
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| {
                if (c as u32) >= 0x2E80 && c != '─' {
                    2
                } else {
                    1
                }
            })
            .sum()
    };
    let rule = width(lines[header + 1]);
    let mut i = header + 2;
    while i < lines.len() && !lines[i].is_empty() && !lines[i].starts_with('（') {
        assert_eq!(width(lines[i]), rule, "row {:?} not aligned", lines[i]);
        i += 1;
    }
    let total_line = lines[header + 2..i]
        .iter()
        .find(|l| l.starts_with("合计"))
        .unwrap();
    let cells: Vec<&str> = total_line.split_whitespace().collect();
    assert_eq!(cells[1], total["items"].to_string());
    assert_eq!(cells[2], total["steps"].to_string());
    assert_eq!(cells[3], total["infos"].to_string());
    assert!(text.contains("政务事项分类"));
}

#[test]
fn csv_has_a_chinese_header_and_the_same_numbers() {
    let out = gkml()
        .args(["stats", SAMPLE, "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    assert_eq!(
        &header[..7],
        [
            "目录类型",
            "层级",
            "试点单位",
            "试点领域",
            "政务事项数",
            "办理环节数",
            "政府信息数"
        ]
    );
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let v = stats_json(&[SAMPLE, "--format", "json"]);
    for (k, label) in [(0, "标准化目录附件2"), (1, "规范化操作目录附件3")] {
        let total = &v["kinds"][k]["total"];
        let row = rows
            .iter()
            .find(|r| r[0] == label && r[1] == "合计")
            .unwrap();
        assert_eq!(row[col("政务事项数")], total["items"].to_string());
        assert_eq!(row[col("政府信息数")], total["infos"].to_string());
        for a in ATTRS {
            assert_eq!(
                row[col(&format!("{a}数"))],
                total["attributes"][a].to_string()
            );
        }
        for (cat, count) in total["categories"].as_object().unwrap() {
            assert_eq!(row[col(&format!("分类：{cat}"))], count.to_string());
        }
    }
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[test]
fn errors_do_not_stop_stats_but_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("社会救助-标准化目录.yaml");
    let src = std::fs::read_to_string(
        root()
            .join(SAMPLE)
            .join("区民政局/社会救助-标准化目录.yaml"),
    )
    .unwrap();
    // Drop the first attribute line: one piece of information is 未标明.
    let at = src.find("政府信息公开属性:").unwrap();
    let end = at + src[at..].find('\n').unwrap() + 1;
    let start = src[..at].rfind('\n').unwrap() + 1;
    let broken = format!("{}{}", &src[..start], &src[end..]);
    std::fs::write(&file, broken).unwrap();
    let out = gkml()
        .args(["stats", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 个错误"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kinds"][0]["total"]["attributes"]["未标明"], 1);
}

#[test]
fn missing_path_is_named() {
    let out = gkml().args(["stats", "no/such/dir"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
    let tmp = tempfile::tempdir().unwrap();
    let out = gkml().arg("stats").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有找到目录文件"));
}

#[test]
fn output_file_is_written_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("统计.json");
    gkml()
        .args(["stats", SAMPLE, "--format", "json", "-o"])
        .arg(&dest)
        .assert()
        .code(0);
    let v: Value = serde_json::from_slice(&std::fs::read(&dest).unwrap()).unwrap();
    assert_eq!(v, stats_json(&[SAMPLE, "--format", "json"]));
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left behind");
    let bad = tmp.path().join("no-dir/x.json");
    let out = gkml()
        .args(["stats", SAMPLE, "-o"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("x.json"));
}
