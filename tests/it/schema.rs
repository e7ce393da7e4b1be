//! The JSON Schemas in `schemas/` are generated from the Rust types, agree
//! with the keys the readers accept, accept the shipped sample and a built
//! `catalog.json` under an outside validator (check-jsonschema), and reject
//! a broken document each.
//!
//! After changing the types, refresh the files with
//! `GKML_UPDATE_SCHEMAS=1 cargo test --test it schema::`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{self, SAMPLE, root};

fn schemas_dir() -> PathBuf {
    common::root().join("schemas")
}

#[test]
fn checked_in_schemas_are_current() {
    let update = std::env::var_os("GKML_UPDATE_SCHEMAS").is_some();
    for (name, generated) in gkml::schema::all() {
        let path = schemas_dir().join(name);
        if update {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "schemas/{name} is out of date: run GKML_UPDATE_SCHEMAS=1 cargo test --test it schema::"
        );
    }
}

fn properties(schema: &Value, def: Option<&str>) -> BTreeSet<String> {
    let node = match def {
        None => schema,
        Some(d) => &schema["$defs"][d],
    };
    node["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no properties in {def:?}"))
        .keys()
        .cloned()
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn catalog_schema_keys_match_the_reader() {
    use gkml::yaml::read::keys;
    let s: Value = serde_json::from_str(&gkml::schema::catalog_schema()).unwrap();
    assert_eq!(properties(&s, None), set(&keys::CATALOG));
    assert_eq!(properties(&s, Some("ItemDoc")), set(&keys::ITEM));
    assert_eq!(properties(&s, Some("StepDoc")), set(&keys::STEP));
    assert_eq!(properties(&s, Some("InfoDoc")), set(&keys::INFO));
}

#[test]
fn project_schema_keys_match_the_reader() {
    use gkml::project::keys;
    let s: Value = serde_json::from_str(&gkml::schema::project_schema()).unwrap();
    assert_eq!(properties(&s, None), set(keys::ALL));
    assert_eq!(properties(&s, Some("RegistryRow")), set(keys::REGISTRY_ROW));
    assert_eq!(properties(&s, Some("GroundDoc")), set(keys::GROUND));
    assert_eq!(properties(&s, Some("FontsDoc")), set(keys::FONT));
    assert_eq!(properties(&s, Some("WorkbookDoc")), set(keys::WORKBOOK));
}

/// Every catalogue file of the sample names its schema on its first line, so
/// an editor with the YAML language server checks it while it is typed.
#[test]
fn sample_catalogues_name_their_schema() {
    let mut n = 0;
    for f in sample_catalogues() {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            text.starts_with(
                "# yaml-language-server: $schema=../../../schemas/catalog.schema.json"
            ),
            "{} does not name the schema",
            f.display()
        );
        n += 1;
    }
    assert!(n >= 14);
}

fn sample_dir() -> PathBuf {
    root().join(SAMPLE)
}

/// catalogs/hongkou-2017/**/*.yaml except the project file.
fn sample_catalogues() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml") && !p.ends_with("gkml.yaml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&sample_dir(), &mut out);
    out.retain(|p| !is_ledger(p));
    out.sort();
    out
}

/// The sample's 公开台账 kept as YAML (`<单位>/<领域>-公开台账.yaml`).
fn is_ledger(p: &Path) -> bool {
    p.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.ends_with("-公开台账"))
}

/// catalogs/hongkou-2017/**/*-公开台账.yaml.
fn sample_ledgers() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for unit in std::fs::read_dir(sample_dir()).unwrap() {
        let unit = unit.unwrap().path();
        if unit.is_dir() {
            for f in std::fs::read_dir(&unit).unwrap() {
                let f = f.unwrap().path();
                if is_ledger(&f) && f.extension().is_some_and(|x| x == "yaml") {
                    out.push(f);
                }
            }
        }
    }
    out.sort();
    out
}

/// Every YAML ledger of the sample names the ledger schema.
#[test]
fn sample_ledgers_name_their_schema() {
    let ledgers = sample_ledgers();
    assert!(ledgers.len() >= 4, "{ledgers:?}");
    for f in &ledgers {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../../../schemas/ledger.schema.json"),
            "{} does not name the ledger schema",
            f.display()
        );
    }
}

/// check-jsonschema's verdict on `files` under `schemas/<schema>`: (passed,
/// what it printed). check-jsonschema reads YAML with ruamel.yaml, so the
/// catalogue files are checked as an editor would check them.
fn validate(schema: &str, files: &[PathBuf]) -> Option<(bool, String)> {
    let out = common::check_jsonschema(&schemas_dir().join(schema), files, &[])?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), text))
}

#[test]
fn shipped_sample_follows_the_committed_schemas() {
    let catalogues = sample_catalogues();
    assert!(catalogues.len() >= 14, "{catalogues:?}");
    if let Some((ok, text)) = validate("catalog.schema.json", &catalogues) {
        assert!(ok, "{text}");
    }
    if let Some((ok, text)) = validate("project.schema.json", &[sample_dir().join("gkml.yaml")]) {
        assert!(ok, "{text}");
    }
    if let Some((ok, text)) = validate("ledger.schema.json", &sample_ledgers()) {
        assert!(ok, "{text}");
    }
}

#[test]
fn built_catalog_json_follows_its_schema() {
    let tmp = common::tmp();
    let out = tmp.path().join("out");
    let o = common::build(&sample_dir(), &out, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    if let Some((ok, text)) = validate("catalog-json.schema.json", &[out.join("catalog.json")]) {
        assert!(ok, "{text}");
    }
}

/// A broken document of each kind is refused by its schema, and the
/// validator names the place: the schemas check something.
#[test]
fn each_schema_rejects_a_broken_document() {
    let tmp = common::tmp();

    // A catalogue whose 目录类型 is neither 标准化目录 nor 规范化操作目录.
    let catalogues = sample_catalogues();
    let first = &catalogues[0];
    let text = std::fs::read_to_string(first).unwrap();
    let kind_line = text
        .lines()
        .find(|l| l.starts_with("目录类型:"))
        .unwrap()
        .to_string();
    let bad = tmp.path().join("bad-catalog.yaml");
    std::fs::write(&bad, text.replacen(&kind_line, "目录类型: 标准目录", 1)).unwrap();
    if let Some((ok, text)) = validate("catalog.schema.json", &[bad]) {
        assert!(!ok, "a catalogue with 目录类型 标准目录 passed:\n{text}");
        assert!(text.contains("目录类型"), "{text}");
    }

    // A project file with a misspelt key (标提 for 标题).
    let project = std::fs::read_to_string(sample_dir().join("gkml.yaml")).unwrap();
    let bad = tmp.path().join("gkml.yaml");
    std::fs::write(&bad, project.replacen("标题:", "标提:", 1)).unwrap();
    if let Some((ok, text)) = validate("project.schema.json", &[bad]) {
        assert!(!ok, "a project file with 标提 passed:\n{text}");
        assert!(text.contains("标提"), "{text}");
    }

    // A catalog.json without its catalogues.
    let doc = serde_json::json!({
        "format": "gkml-catalog/1",
        "edition": {},
        "fonts": {},
        "registry": [],
        "summary": {},
        "problems": []
    });
    let bad = tmp.path().join("catalog.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    if let Some((ok, text)) = validate("catalog-json.schema.json", &[bad]) {
        assert!(!ok, "a catalog.json without domains passed:\n{text}");
        assert!(text.contains("domains"), "{text}");
    }
}

/// gkml's YAML for national-2019 tables (a workbook of the fixtures
/// converted, the sample county's YAML) and the sample county's project
/// file follow the committed schemas.
#[test]
fn national_yaml_follows_its_schema() {
    let fixtures = common::root().join("tests/fixtures/national");
    let tmp = common::tmp();
    let cfg = gkml::config::Config::default();
    let mut files =
        vec![common::root().join("catalogs/qingshan-2021/青山县民政局/社会救助-标准目录.yaml")];
    for name in [
        "merged-checklist.xlsx",
        "city-levels-third.xlsx",
        "no-levels-dir1.xlsx",
    ] {
        let read = gkml::input::read_file(&fixtures.join(name), name.into(), &cfg);
        let out = tmp.path().join(name).with_extension("yaml");
        gkml::convert::write_national(&read.nationals, &cfg, &out).unwrap();
        files.push(out);
    }
    if let Some((ok, text)) = validate("national-catalog.schema.json", &files) {
        assert!(ok, "{text}");
    }
    if let Some((ok, text)) = validate(
        "project.schema.json",
        &[common::root().join("catalogs/qingshan-2021/gkml.yaml")],
    ) {
        assert!(ok, "{text}");
    }
}
