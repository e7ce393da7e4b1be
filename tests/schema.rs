//! The JSON Schemas in `schemas/` are generated from the Rust types and agree
//! with the keys the readers accept.
//!
//! After changing the types, refresh the files with
//! `GKML_UPDATE_SCHEMAS=1 cargo test --test schema`.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn schemas_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"))
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
            "schemas/{name} is out of date: run GKML_UPDATE_SCHEMAS=1 cargo test --test schema"
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

/// The sample project's files, read as plain JSON values, satisfy the
/// schema's required keys and enums (a light structural check; the full
/// checks are gkml's own rules).
#[test]
fn sample_catalogues_name_their_schema() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/catalogs/hongkou-2017"
    ));
    let mut n = 0;
    for unit in std::fs::read_dir(dir).unwrap() {
        let unit = unit.unwrap().path();
        if !unit.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&unit).unwrap() {
            let f = f.unwrap().path();
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
    }
    assert!(n >= 14);
}
