//! `gkml build`: exit codes, all-or-nothing output, catalog.json and its
//! schema, interrupted builds.

use std::path::{Path, PathBuf};

use crate::common::Command;

use crate::common;
use common::{SAMPLE, build, copy_sample, gkml, root, stderr};
use gkml::compiled::Compiled;

const SCHEMA: &str = "schemas/catalog-json.schema.json";

/// File name → bytes of every file in `dir`.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap_or_default(),
                )
            })
            .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Puts an error into the project (a 公开属性 that does not exist).
fn break_project(proj: &Path) {
    let f = proj.join("区民政局/社会救助-标准化目录.yaml");
    let y = std::fs::read_to_string(&f).unwrap();
    let y = y.replacen(
        "政府信息公开属性: 主动公开",
        "政府信息公开属性: 大概公开",
        1,
    );
    std::fs::write(&f, y).unwrap();
}

#[test]
fn schema_is_up_to_date() {
    let generated = gkml::compiled::schema_json();
    let path = root().join(SCHEMA);
    if std::env::var_os("GKML_UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{SCHEMA} is out of date: run `GKML_UPDATE_SCHEMAS=1 cargo test --test it build::schema`"
    );
}

#[test]
fn project_with_errors_writes_nothing_and_keeps_old_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    copy_sample(&proj);
    let out = tmp.path().join("out");

    // No outputs at all for a broken project.
    break_project(&proj);
    let o = build(&proj, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("attr-invalid") || err.contains("大概公开"),
        "{err}"
    );
    assert!(err.contains("未生成目录清单"), "{err}");
    assert!(!out.exists(), "nothing may be written");

    // A good build, then a failing one: the good outputs stay as they were.
    let good = tmp.path().join("good");
    copy_sample(&good);
    let o = build(&good, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    // The PDF, catalog.json, one workbook per domain (7) and the list of
    // the edition's files (.gkml-edition).
    assert_eq!(
        before.len(),
        10,
        "{:?}",
        before.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let o = build(&proj, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), before);
    // A template that fails: exit 2, outputs intact.
    let t = tmp.path().join("bad.typ");
    std::fs::write(&t, "#let x = \n").unwrap();
    let o = build(&good, &out, &["--template", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("第 1 行"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn catalog_json_follows_the_format() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // Stale temporary file of a killed run (pid 0 is never a user process).
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".gkml-tmp-0-7-catalog.json"), b"{half").unwrap();
    let o = gkml()
        .args(["build", SAMPLE, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = snapshot(&out).into_iter().map(|f| f.0).collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".gkml-tmp-")),
        "{names:?}"
    );

    let bytes = std::fs::read(out.join("catalog.json")).unwrap();
    let c: Compiled = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(c.format, "gkml-catalog/1");
    assert_eq!(c.edition.date.as_deref(), Some("2017-11-30"));
    assert!(!c.edition.draft);
    assert!(c.problems.is_empty());
    assert!(c.changes.is_none());
    // Domains in 附件1 order.
    let names: Vec<&str> = c.domains.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "就业创业",
            "社会保险",
            "社会救助",
            "养老服务",
            "户籍管理",
            "医疗卫生",
            "城市综合执法"
        ]
    );
    for d in &c.domains {
        assert!(
            !d.standard.is_empty() && !d.operational.is_empty(),
            "{}",
            d.name
        );
        for u in &d.standard {
            for it in &u.items {
                assert!(it.basis.is_none(), "附件2 has no 政务事项依据");
                for s in &it.steps {
                    for i in &s.infos {
                        assert!(i.time.is_none() && i.route.is_none() && i.medium.is_none());
                        assert!(i.attribute.is_some());
                    }
                }
            }
        }
        for u in &d.operational {
            assert!(
                u.items.iter().all(|it| it.basis.is_some()),
                "附件3 has 依据"
            );
        }
    }
    // Summary: rows add up to the total, counts match the catalogues.
    let t = &c.summary.total;
    assert_eq!(c.summary.rows.len(), 7);
    assert_eq!(
        t.items,
        c.summary.rows.iter().map(|r| r.counts.items).sum::<u64>()
    );
    assert_eq!(
        t.infos,
        c.summary.rows.iter().map(|r| r.counts.infos).sum::<u64>()
    );
    let a = &t.attributes;
    assert_eq!(a.active + a.on_request + a.partial + a.withheld, t.infos);
    let items: u64 = c
        .domains
        .iter()
        .flat_map(|d| &d.standard)
        .map(|u| u.items.len() as u64)
        .sum();
    assert_eq!(items, t.items);
    assert!(t.active_share > 0.0 && t.active_share < 1.0);
    // Raw JSON keeps the template's words for the attributes.
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(v["summary"]["total"]["attributes"]["主动公开"].is_u64());
    assert!(v["summary"]["rows"][0]["active_share"].is_f64());
}

#[test]
fn bad_arguments_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = build(&tmp.path().join("nope"), &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    let o = build(tmp.path(), &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(2), "empty directory");
    assert!(stderr(&o).contains("没有找到目录文件"));
    let o = gkml()
        .args(["build", SAMPLE, "--pdf-standard", "x-9"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn pdf_a2b_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = gkml()
        .args(["build", SAMPLE, "--pdf-standard", "a-2b", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(out.join("虹口区试点领域政务公开事项标准化目录清单.pdf")).unwrap();
    let s = String::from_utf8_lossy(&pdf);
    assert!(
        s.contains("pdfaid:part") || s.contains("pdfaid"),
        "PDF/A identification in XMP"
    );
}

#[test]
fn domain_workbooks_hold_the_catalogues_and_are_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = build(&root().join(SAMPLE), out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // Same inputs, same bytes — workbooks included.
    assert_eq!(snapshot(&a), snapshot(&b));

    let books: Vec<PathBuf> = snapshot(&a)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xlsx"))
        .map(|(n, _)| a.join(n))
        .collect();
    assert_eq!(books.len(), 7, "one workbook per domain");
    // Read back without the project: every catalogue of the project, once,
    // with the same content.
    let want = gkml::project::load(&[root().join(SAMPLE)]).unwrap();
    let got = gkml::project::load(&books).unwrap();
    let key = |c: &gkml::model::Catalog| {
        format!(
            "{}|{}|{:?}",
            gkml::compiled::unit_of(c),
            gkml::compiled::domain_of(c),
            c.kind
        )
    };
    let mut want: Vec<_> = want
        .catalogs
        .iter()
        .map(|c| (key(c), c.normalized().items))
        .collect();
    let mut got: Vec<_> = got
        .catalogs
        .iter()
        .map(|c| (key(c), c.normalized().items))
        .collect();
    want.sort_by(|x, y| x.0.cmp(&y.0));
    got.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        got.iter().map(|x| &x.0).collect::<Vec<_>>(),
        want.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.1, w.1, "{}", g.0);
    }
}

#[test]
fn build_output_inside_the_project_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("p");
    copy_sample(&proj);
    for _ in 0..2 {
        let o = Command::cargo_bin("gkml")
            .unwrap()
            .current_dir(&proj)
            .arg("build")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(proj.join("dist/catalog.json").is_file());
    let ws = gkml::project::load(std::slice::from_ref(&proj)).unwrap();
    assert_eq!(
        ws.catalogs.len(),
        14,
        "dist/ must not be read as catalogues"
    );
}

#[test]
fn booklet_summary_uses_the_stats_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&root().join(SAMPLE), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c: Compiled =
        serde_json::from_slice(&std::fs::read(out.join("catalog.json")).unwrap()).unwrap();
    let st = gkml()
        .args(["stats", SAMPLE, "--format", "json"])
        .output()
        .unwrap();
    assert!(st.status.success());
    let st: serde_json::Value = serde_json::from_slice(&st.stdout).unwrap();
    let annex2 = &st["kinds"][0];
    assert_eq!(annex2["kind"], "附件2");
    let rows = annex2["rows"].as_array().unwrap();
    assert_eq!(rows.len(), c.summary.rows.len());
    for (r, s) in c.summary.rows.iter().zip(rows) {
        assert_eq!(r.unit, s["unit"].as_str().unwrap());
        assert_eq!(r.domain, s["domain"].as_str().unwrap());
        assert_eq!(r.counts.items, s["items"].as_u64().unwrap());
        assert_eq!(r.counts.steps, s["steps"].as_u64().unwrap());
        assert_eq!(r.counts.infos, s["infos"].as_u64().unwrap());
        assert_eq!(
            r.counts.attributes.active,
            s["attributes"]["主动公开"].as_u64().unwrap()
        );
        assert_eq!(r.counts.active_share, s["active_share"].as_f64().unwrap());
    }
    let t = &annex2["total"];
    assert_eq!(c.summary.total.infos, t["infos"].as_u64().unwrap());
    assert_eq!(
        c.summary.total.active_share,
        t["active_share"].as_f64().unwrap()
    );
}

#[test]
fn previous_edition_adds_revision_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("2018");
    copy_sample(&proj);
    for f in [
        "区民政局/社会救助-标准化目录.yaml",
        "区民政局/社会救助-规范化操作目录.yaml",
    ] {
        let p = proj.join(f);
        let y = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            y.replacen(
                "政务事项名称: 最低生活保障",
                "政务事项名称: 城乡最低生活保障",
                1,
            ),
        )
        .unwrap();
    }
    // The unit's 公开台账 follows the rename.
    let ledger = proj.join("区民政局/社会救助-公开台账.yaml");
    let y = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(
        &ledger,
        y.replace(
            "政务事项名称: 最低生活保障\n",
            "政务事项名称: 城乡最低生活保障\n",
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let prev = root().join(SAMPLE);
    let o = build(&proj, &out, &["--previous", prev.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c: Compiled =
        serde_json::from_slice(&std::fs::read(out.join("catalog.json")).unwrap()).unwrap();
    let changes = c.changes.expect("修订说明");
    assert!(changes.summary.contains("更名"), "{}", changes.summary);
    assert_eq!(changes.entries.len(), 1, "{:?}", changes.entries);
    let e = &changes.entries[0];
    assert_eq!(
        (e.unit.as_str(), e.domain.as_str()),
        ("区民政局", "社会救助")
    );
    assert!(e.detail.contains("最低生活保障") && e.detail.contains("城乡最低生活保障"));

    // Without --previous there is no appendix; a missing previous edition
    // is an error that writes nothing.
    let o = build(&proj, &tmp.path().join("plain"), &[]);
    assert!(o.status.success());
    let c: Compiled =
        serde_json::from_slice(&std::fs::read(tmp.path().join("plain/catalog.json")).unwrap())
            .unwrap();
    assert!(c.changes.is_none());
    let none = tmp.path().join("none");
    let o = build(&proj, &none, &["--previous", "/nonexistent/gkml-old"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--previous"));
    assert!(!none.exists());
}
