//! `gkml-gen`: generated projects are valid in both forms, deterministic for a
//! seed, and the YAML and workbook forms hold the same catalogues.

use std::path::Path;

use crate::common::Command;

fn generate(dir: &Path, seed: &str, xlsx: bool) -> String {
    let mut cmd = Command::cargo_bin("gkml-gen").unwrap();
    cmd.args([
        "--units",
        "3",
        "--items-per-domain",
        "4",
        "--seed",
        seed,
        "-o",
    ])
    .arg(dir);
    if xlsx {
        cmd.arg("--xlsx");
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn validate_json(dir: &Path) -> serde_json::Value {
    let out = Command::cargo_bin("gkml")
        .unwrap()
        .args(["validate", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "validate failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&text).unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn yaml_project_validates_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let msg = generate(&dir, "7", false);
    assert!(msg.contains("3 个试点单位"), "{msg}");
    assert!(dir.join("gkml.yaml").is_file());
    // 3 units × 2 domains × (附件2 + 附件3).
    let yamls = files(&dir)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".yaml") && n != "gkml.yaml")
        .count();
    assert_eq!(yamls, 12);
    let report = validate_json(&dir);
    let text = report.to_string();
    assert!(!text.contains("\"severity\":\"error\""), "{text}");
    assert!(!text.contains("\"severity\":\"warning\""), "{text}");
}

#[test]
fn xlsx_project_validates_clean_and_matches_yaml() {
    let tmp = tempfile::tempdir().unwrap();
    let (y, x) = (tmp.path().join("y"), tmp.path().join("x"));
    let my = generate(&y, "11", false);
    let mx = generate(&x, "11", true);
    // Same counts printed for both forms.
    assert_eq!(my.split('：').nth(1), mx.split('：').nth(1), "{my} / {mx}");
    validate_json(&y);
    let rx = validate_json(&x);
    let text = rx.to_string();
    assert!(!text.contains("\"severity\":\"error\""), "{text}");
    assert!(!text.contains("\"severity\":\"warning\""), "{text}");
    // The two forms read into the same catalogues.
    let load = |d: &Path| {
        let ws = gkml::project::load(&[d.to_path_buf()]).unwrap();
        let mut cats: Vec<_> = ws
            .catalogs
            .iter()
            .map(|c| {
                (
                    gkml::model::text(&c.unit).to_string(),
                    gkml::model::text(&c.domain).to_string(),
                    c.kind,
                    c.normalized(),
                )
            })
            .collect();
        cats.sort_by(|a, b| (&a.0, &a.1, a.2).cmp(&(&b.0, &b.1, b.2)));
        cats
    };
    let (cy, cx) = (load(&y), load(&x));
    assert_eq!(cy.len(), cx.len());
    for (a, b) in cy.iter().zip(&cx) {
        assert_eq!(
            a.3, b.3,
            "{} {} {:?} differs between YAML and xlsx",
            a.0, a.1, a.2
        );
    }
}

#[test]
fn deterministic_for_a_seed() {
    let tmp = tempfile::tempdir().unwrap();
    for xlsx in [false, true] {
        let (a, b, c) = (
            tmp.path().join(format!("a{xlsx}")),
            tmp.path().join(format!("b{xlsx}")),
            tmp.path().join(format!("c{xlsx}")),
        );
        generate(&a, "5", xlsx);
        generate(&b, "5", xlsx);
        generate(&c, "6", xlsx);
        assert_eq!(
            files(&a),
            files(&b),
            "same seed, different files (xlsx: {xlsx})"
        );
        assert_ne!(
            files(&a),
            files(&c),
            "different seeds, same files (xlsx: {xlsx})"
        );
    }
}

#[test]
fn refuses_non_empty_output_and_bad_sizes() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x.txt"), "x").unwrap();
    Command::cargo_bin("gkml-gen")
        .unwrap()
        .args(["-o"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr_contains("不是空目录");
    Command::cargo_bin("gkml-gen")
        .unwrap()
        .args(["--items-per-domain", "2", "-o"])
        .arg(tmp.path().join("new"))
        .assert()
        .code(2)
        .stderr_contains("至少为 3");
    assert!(!tmp.path().join("new").exists());
}
