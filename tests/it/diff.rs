//! `gkml diff`: a copy of the sample project edited in known ways must show
//! exactly those changes and nothing else.

use std::path::{Path, PathBuf};

use crate::common::{Command, root};
use serde_json::{Value, json};

const SAMPLE: &str = "catalogs/hongkou-2017";

/// gkml run from the repository root: the paths below are relative to it.
fn gkml() -> Command {
    let mut c = Command::cargo_bin("gkml").expect("binary builds");
    c.current_dir(root());
    c
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hongkou-2018");
    copy_dir(root().join(SAMPLE).as_path(), &dir);
    (tmp, dir)
}

/// Edits a file of the copy; `f` gets and returns its text.
fn edit(dir: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(text.clone());
    assert_ne!(new, text, "edit of {file} changed nothing");
    std::fs::write(p, new).unwrap();
}

/// Replaces the one occurrence of `from`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} occurs once");
    text.replacen(from, to, 1)
}

/// Replaces the first `from` after `anchor`.
fn replace_after(text: &str, anchor: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(anchor).count(), 1, "{anchor:?} occurs once");
    let a = text.find(anchor).unwrap() + anchor.len();
    let at = a + text[a..].find(from).unwrap();
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

/// Removes the step `step` of item `item` (its lines up to the next step or item).
fn remove_step(text: &str, item: &str, step: &str) -> String {
    let item_at = text.find(&format!("政务事项名称: {item}\n")).unwrap();
    let marker = format!("- 政务事项办理环节: {step}\n");
    let rel = text[item_at..].find(&marker).unwrap();
    let line_start = text[..item_at + rel].rfind('\n').unwrap() + 1;
    let after = item_at + rel + marker.len();
    let next = ["- 政务事项办理环节:", "- 序号:"]
        .iter()
        .filter_map(|m| text[after..].find(m))
        .min()
        .map(|r| text[..after + r].rfind('\n').unwrap() + 1)
        .unwrap_or(text.len());
    format!("{}{}", &text[..line_start], &text[next..])
}

fn diff_json(old: &Path, new: &Path) -> (i32, Value) {
    let out = gkml()
        .args(["diff", "--format", "json"])
        .arg(old)
        .arg(new)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

/// The changes as (unit, domain, kind, change, item, step, info, field, old, new).
fn rows(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for c in v["catalogs"].as_array().unwrap() {
        for ch in c["changes"].as_array().unwrap() {
            out.push(json!([
                c["unit"],
                c["domain"],
                c["kind"],
                ch["change"],
                ch["item"],
                ch["step"],
                ch["info"],
                ch["field"],
                ch["old"],
                ch["new"]
            ]));
        }
    }
    out
}

const MINBAO: &str = "区民政局/社会救助-标准化目录.yaml";
const MINBAO3: &str = "区民政局/社会救助-规范化操作目录.yaml";
const JIUYE: &str = "区人保局/就业创业-标准化目录.yaml";
const JIUYE3: &str = "区人保局/就业创业-规范化操作目录.yaml";
const YILIAO: &str = "区卫计委/医疗卫生-标准化目录.yaml";

const NEW_ITEM: &str = "
  - 序号: 6
    政务事项分类: 行政检查
    政务事项名称: 医疗机构校验
    政务事项办理主体: 区卫计委
    办理环节:
      - 政务事项办理环节: 检查
        所在环节办理时限: 20个工作日
        政府信息:
          - 所在环节办理产生的政府信息名称: 医疗机构校验结果
            政府信息公开属性: 主动公开
          - 所在环节办理产生的政府信息名称: 现场检查记录
            政府信息公开属性: 不予公开
            不予公开和部分公开的理由: 属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》第十六条不予公开
";

/// Applies the four edits of the issue to the copy.
fn edit_all(dir: &Path) {
    // The revision is of the catalogues: the copy keeps no 公开台账 (whose
    // records would name the renamed and dropped pieces).
    for unit in std::fs::read_dir(dir).unwrap() {
        let unit = unit.unwrap().path();
        if unit.is_dir() {
            for f in std::fs::read_dir(&unit).unwrap() {
                let f = f.unwrap().path();
                if f.file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .ends_with("-公开台账")
                {
                    std::fs::remove_file(f).unwrap();
                }
            }
        }
    }
    // 1. Rename an item, consistently in 附件2 and 附件3.
    for f in [MINBAO, MINBAO3] {
        edit(dir, f, |t| {
            replace_once(
                &t,
                "政务事项名称: 最低生活保障\n",
                "政务事项名称: 城乡居民最低生活保障\n",
            )
        });
    }
    // 2. Drop a step (an item that is only in 附件2).
    edit(dir, MINBAO, |t| remove_step(&t, "特困人员救助供养", "公示"));
    // 3. Narrow an attribute: 主动公开 → 依申请公开, in 附件2 and, with the
    //    publication details 依申请公开 needs, in 附件3.
    edit(dir, JIUYE, |t| {
        replace_after(
            &t,
            "政府信息名称: 就业困难人员认定办事指南\n",
            "政府信息公开属性: 主动公开",
            "政府信息公开属性: 依申请公开",
        )
    });
    edit(dir, JIUYE3, |t| {
        let anchor = "政府信息名称: 就业困难人员认定办事指南\n";
        let t = replace_after(
            &t,
            anchor,
            "政府信息公开属性: 主动公开",
            "政府信息公开属性: 依申请公开",
        );
        let t = replace_after(
            &t,
            anchor,
            "政府信息公开时间: 信息形成之日起3个工作日内",
            "政府信息公开时间: 收到申请之日起20个工作日内",
        );
        let t = replace_after(
            &t,
            anchor,
            "政府信息公开途径: '\"上海虹口\"门户网站、服务窗口'",
            "政府信息公开途径: 依申请",
        );
        replace_after(
            &t,
            anchor,
            "政府信息公开载体: 网站、纸质",
            "政府信息公开载体: 纸质",
        )
    });
    // 4. Add an item.
    edit(dir, YILIAO, |t| {
        format!("{}{NEW_ITEM}", t.trim_end_matches('\n').to_string() + "\n")
    });
}

#[test]
fn the_edits_are_reported_exactly() {
    let (_tmp, dir) = sample_copy();
    edit_all(&dir);
    // The edited copy is still a clean project.
    gkml().arg("validate").arg(&dir).assert().code(0);

    let (code, v) = diff_json(root().join(SAMPLE).as_path(), &dir);
    assert_eq!(code, 1, "changes found");
    assert_eq!(v["format"], "gkml-diff/1");
    assert_eq!(v["old"]["year"], "2017");
    let route = "\"上海虹口\"门户网站、服务窗口";
    let expected = vec![
        json!([
            "区人保局",
            "就业创业",
            "附件2",
            "field-changed",
            "就业困难人员认定",
            "受理",
            "就业困难人员认定办事指南",
            "政府信息公开属性",
            "主动公开",
            "依申请公开"
        ]),
        json!([
            "区人保局",
            "就业创业",
            "附件3",
            "field-changed",
            "就业困难人员认定",
            "受理",
            "就业困难人员认定办事指南",
            "政府信息公开属性",
            "主动公开",
            "依申请公开"
        ]),
        json!([
            "区人保局",
            "就业创业",
            "附件3",
            "field-changed",
            "就业困难人员认定",
            "受理",
            "就业困难人员认定办事指南",
            "政府信息公开时间",
            "信息形成之日起3个工作日内",
            "收到申请之日起20个工作日内"
        ]),
        json!([
            "区人保局",
            "就业创业",
            "附件3",
            "field-changed",
            "就业困难人员认定",
            "受理",
            "就业困难人员认定办事指南",
            "政府信息公开途径",
            route,
            "依申请"
        ]),
        json!([
            "区人保局",
            "就业创业",
            "附件3",
            "field-changed",
            "就业困难人员认定",
            "受理",
            "就业困难人员认定办事指南",
            "政府信息公开载体",
            "网站、纸质",
            "纸质"
        ]),
        json!([
            "区民政局",
            "社会救助",
            "附件2",
            "item-renamed",
            "城乡居民最低生活保障",
            null,
            null,
            "政务事项名称",
            "最低生活保障",
            "城乡居民最低生活保障"
        ]),
        json!([
            "区民政局",
            "社会救助",
            "附件2",
            "step-removed",
            "特困人员救助供养",
            "公示",
            null,
            "政务事项办理环节",
            "公示",
            null
        ]),
        json!([
            "区民政局",
            "社会救助",
            "附件3",
            "item-renamed",
            "城乡居民最低生活保障",
            null,
            null,
            "政务事项名称",
            "最低生活保障",
            "城乡居民最低生活保障"
        ]),
        json!([
            "区卫计委",
            "医疗卫生",
            "附件2",
            "item-added",
            "医疗机构校验",
            null,
            null,
            "政务事项名称",
            null,
            "医疗机构校验"
        ]),
    ];
    let mut got = rows(&v);
    let key = |r: &Value| r.to_string();
    got.sort_by_key(key);
    let mut want = expected.clone();
    want.sort_by_key(key);
    assert_eq!(got, want, "exactly the edits, nothing else");

    // The narrowing is flagged, in both templates, as needing a reason the
    // new entry does not give.
    let attr_changes: Vec<&Value> = v["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["changes"].as_array().unwrap())
        .filter(|c| c["field"] == "政府信息公开属性")
        .collect();
    assert_eq!(attr_changes.len(), 2);
    for c in attr_changes {
        assert_eq!(
            c["attribute"],
            json!({"direction": "narrowed", "needs_reason": true, "reason_given": false})
        );
        assert!(c["note"].as_str().unwrap().contains("未写明理由"));
    }
    let s = &v["summary"];
    assert_eq!(s["items_renamed"], 2);
    assert_eq!(s["items_added"], 1);
    assert_eq!(s["steps_removed"], 1);
    assert_eq!(s["narrowed"], 2);
    assert_eq!(s["narrowed_without_reason"], 2);
    assert_eq!(s["changes"], 9);
    assert_eq!(s["catalogs_changed"], 5);
    assert_eq!(s["catalogs_unchanged"], 9);
    // Grouped by unit, then domain, 附件2 before 附件3.
    let order: Vec<String> = v["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {} {}", c["unit"], c["domain"], c["kind"]).replace('"', ""))
        .collect();
    let mut groups = order.clone();
    groups.dedup_by_key(|s| s.rsplit_once(' ').unwrap().0.to_string());
    assert_eq!(groups.len(), 3, "{order:?}");
    assert!(order.contains(&"区人保局 就业创业 附件2".to_string()));
    let p2 = order
        .iter()
        .position(|s| s == "区民政局 社会救助 附件2")
        .unwrap();
    let p3 = order
        .iter()
        .position(|s| s == "区民政局 社会救助 附件3")
        .unwrap();
    assert_eq!(p3, p2 + 1);
}

#[test]
fn a_project_against_itself_is_empty() {
    let (code, v) = diff_json(root().join(SAMPLE).as_path(), root().join(SAMPLE).as_path());
    assert_eq!(code, 0);
    assert_eq!(v["catalogs"], json!([]));
    assert_eq!(v["summary"]["changes"], 0);
    assert_eq!(v["summary"]["catalogs_unchanged"], 14);
    let out = gkml().args(["diff", SAMPLE, SAMPLE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("两个版本的目录内容相同"));
    // A copy in another place, with the files in another order on disk, too.
    let (_tmp, dir) = sample_copy();
    let (code, _) = diff_json(root().join(SAMPLE).as_path(), &dir);
    assert_eq!(code, 0);
}

#[test]
fn human_output_groups_by_unit_and_domain() {
    let (_tmp, dir) = sample_copy();
    edit_all(&dir);
    let out = gkml().arg("diff").arg(SAMPLE).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "区民政局 · 社会救助",
        "区人保局 · 就业创业",
        "区卫计委 · 医疗卫生",
        "事项更名  “最低生活保障” → “城乡居民最低生活保障”",
        "删除环节  特困人员救助供养 › 公示",
        "! 公开属性收窄  就业困难人员认定 › 受理 › 就业困难人员认定办事指南：政府信息公开属性 “主动公开” → “依申请公开”",
        "新增事项  医疗机构校验（行政检查，1 个办理环节，2 项政府信息（主动公开 1、不予公开 1））",
        "共 9 处变化",
        "其中收窄 2 处（2 处新目录未写明理由）",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // Each unit heading appears once.
    assert_eq!(text.matches("区民政局 · 社会救助").count(), 1);
}

#[test]
fn renames_need_similar_names_or_content() {
    // An item replaced by an unrelated one is removed + added, not renamed.
    let (_tmp, dir) = sample_copy();
    edit(&dir, YILIAO, |t| {
        format!("{}{NEW_ITEM}", t.trim_end_matches('\n').to_string() + "\n")
    });
    let (_tmp2, dir2) = sample_copy();
    edit(&dir2, YILIAO, |t| {
        let t = format!("{}{NEW_ITEM}", t.trim_end_matches('\n').to_string() + "\n");
        let t = replace_once(
            &t,
            "政务事项名称: 医疗机构校验\n",
            "政务事项名称: 母婴保健技术服务执业许可\n",
        );
        replace_once(&t, "医疗机构校验结果", "母婴保健技术服务执业许可证")
    });
    let (code, v) = diff_json(&dir, &dir2);
    assert_eq!(code, 1);
    let kinds: Vec<&str> = v["catalogs"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["item-added", "item-removed"]);

    // A renamed piece of information is matched by name similarity.
    let (_tmp3, dir3) = sample_copy();
    edit(&dir3, YILIAO, |t| {
        let t = format!("{}{NEW_ITEM}", t.trim_end_matches('\n').to_string() + "\n");
        replace_once(&t, "医疗机构校验结果", "医疗机构校验结果通知")
    });
    let (_, v) = diff_json(&dir, &dir3);
    assert_eq!(
        rows(&v),
        [json!([
            "区卫计委",
            "医疗卫生",
            "附件2",
            "info-renamed",
            "医疗机构校验",
            "检查",
            "医疗机构校验结果通知",
            "所在环节办理产生的政府信息名称",
            "医疗机构校验结果",
            "医疗机构校验结果通知"
        ])]
    );
}

#[test]
fn catalogues_added_and_removed() {
    let (_tmp, dir) = sample_copy();
    std::fs::remove_file(dir.join("区民政局/养老服务-规范化操作目录.yaml")).unwrap();
    let (code, v) = diff_json(root().join(SAMPLE).as_path(), &dir);
    assert_eq!(code, 1);
    let cats = v["catalogs"].as_array().unwrap();
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0]["status"], "removed");
    assert_eq!(cats[0]["kind"], "附件3");
    assert_eq!(cats[0]["domain"], "养老服务");
    let (code, v) = diff_json(&dir, root().join(SAMPLE).as_path());
    assert_eq!(code, 1);
    assert_eq!(v["catalogs"][0]["status"], "added");
    assert!(
        v["catalogs"][0]["note"]
            .as_str()
            .unwrap()
            .contains("3 个政务事项")
    );
}

#[test]
fn two_files_of_one_unit() {
    let (_tmp, dir) = sample_copy();
    edit(&dir, MINBAO, |t| {
        remove_step(&t, "特困人员救助供养", "公示")
    });
    let (code, v) = diff_json(
        &root().join(SAMPLE).as_path().join(MINBAO),
        &dir.join(MINBAO),
    );
    assert_eq!(code, 1);
    assert_eq!(rows(&v).len(), 1);
    // Two workbooks laid out differently but holding the same catalogue.
    let wb = root().join("tests/fixtures/workbooks");
    let (code, v) = diff_json(
        &wb.join("merged-annex2.xlsx"),
        &wb.join("repeated-annex2.xlsx"),
    );
    assert_eq!((code, v["catalogs"].clone()), (0, json!([])));
    // A YAML file against a workbook of another unit: paired, the unit and
    // domain changes reported.
    let (code, v) = diff_json(
        &root().join(SAMPLE).as_path().join(JIUYE),
        &wb.join("merged-annex2.xlsx"),
    );
    assert_eq!(code, 1);
    let first = &v["catalogs"][0]["changes"][0];
    assert_eq!(first["change"], "catalog-field");
    assert_eq!(first["field"], "试点单位");
}

#[test]
fn unreadable_input_stops_with_the_file_named() {
    let wb = root().join("tests/fixtures/workbooks");
    let out = gkml()
        .arg("diff")
        .arg(wb.join("merged-annex2.xlsx"))
        .arg(wb.join("broken-zip.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken-zip.xlsx"));
    assert!(out.stdout.is_empty());
    let out = gkml()
        .args(["diff", SAMPLE, "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
    // A YAML syntax error: the file is named, nothing is compared.
    let (_tmp, dir) = sample_copy();
    edit(&dir, MINBAO, |t| {
        t.replacen("政务事项:\n", "政务事项:\n\t- x\n", 1)
    });
    let out = gkml().arg("diff").arg(SAMPLE).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("社会救助-标准化目录.yaml"));
}

#[test]
fn xlsx_is_a_revision_table_with_fixed_bytes() {
    let (tmp, dir) = sample_copy();
    edit_all(&dir);
    let a = tmp.path().join("修订对照表.xlsx");
    let b = tmp.path().join("again.xlsx");
    for p in [&a, &b] {
        gkml()
            .args(["diff", "--format", "xlsx", "-o"])
            .arg(p)
            .arg(SAMPLE)
            .arg(&dir)
            .assert()
            .code(1);
    }
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "deterministic bytes"
    );

    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&a).unwrap();
    assert_eq!(wb.sheet_names(), ["修订对照表", "概况"]);
    let range = wb.worksheet_range("修订对照表").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        cells[0],
        [
            "试点单位",
            "试点领域",
            "目录类型",
            "政务事项",
            "办理环节",
            "政府信息",
            "变化",
            "字段",
            "原内容",
            "新内容",
            "说明"
        ]
    );
    assert_eq!(cells.len(), 1 + 9);
    let narrowed: Vec<&Vec<String>> = cells.iter().filter(|r| r[6] == "公开属性收窄").collect();
    assert_eq!(narrowed.len(), 2);
    assert_eq!(narrowed[0][8], "主动公开");
    assert_eq!(narrowed[0][9], "依申请公开");
    assert!(
        cells
            .iter()
            .any(|r| r[6] == "事项更名" && r[8] == "最低生活保障")
    );

    // xlsx needs -o; nothing is written to the terminal.
    let out = gkml()
        .args(["diff", "--format", "xlsx", SAMPLE, SAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn help_is_chinese_and_documents_exit_codes() {
    let out = gkml().args(["diff", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("退出码"));
    assert!(text.contains("0 没有变化；1 有变化；2 无法运行"));
    let out = gkml().args(["stats", "--help"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("退出码"));
}

#[test]
fn booklet_changes_match_the_template_shape() {
    let (_tmp, dir) = sample_copy();
    edit_all(&dir);
    let d = gkml::diff::diff_paths(root().join(SAMPLE).as_path(), &dir).unwrap();
    let v = gkml::diff::booklet_changes(&d);
    let summary = v["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("与2017年版相比，本版共修订 9 处"),
        "{summary}"
    );
    let entries = v["entries"].as_array().unwrap();
    let flat: Vec<(String, String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("unit"), s("domain"), s("change"), s("detail"))
        })
        .collect();
    let e = |u: &str, d: &str, c: &str, t: &str| (u.into(), d.into(), c.into(), t.into());
    assert_eq!(
        flat,
        vec![
            e(
                "区人保局",
                "就业创业",
                "修改",
                "就业困难人员认定：“就业困难人员认定办事指南”公开属性由“主动公开”调整为“依申请公开”（收窄）"
            ),
            e(
                "区人保局",
                "就业创业",
                "修改",
                "（规范化操作目录）就业困难人员认定：“就业困难人员认定办事指南”政府信息公开时间由“信息形成之日起3个工作日内”调整为“收到申请之日起20个工作日内”；“就业困难人员认定办事指南”政府信息公开途径由“\"上海虹口\"门户网站、服务窗口”调整为“依申请”；“就业困难人员认定办事指南”政府信息公开载体由“网站、纸质”调整为“纸质”"
            ),
            e(
                "区民政局",
                "社会救助",
                "修改",
                "城乡居民最低生活保障：事项名称由“最低生活保障”改为“城乡居民最低生活保障”"
            ),
            e(
                "区民政局",
                "社会救助",
                "修改",
                "特困人员救助供养：删除“公示”环节"
            ),
            e("区卫计委", "医疗卫生", "新增", "新增事项“医疗机构校验”"),
        ]
    );
    // No changes: a sentence and no entries.
    let same = gkml::diff::diff_paths(root().join(SAMPLE).as_path(), root().join(SAMPLE).as_path())
        .unwrap();
    let v = gkml::diff::booklet_changes(&same);
    assert_eq!(v["entries"], json!([]));
    assert_eq!(v["summary"], "与2017年版相比，本版目录内容没有变化。");
}

// ------------------------------------------------- national-2019 标准目录

const COUNTY: &str = "catalogs/qingshan-2021";
/// The sample county's YAML table and one of its workbooks.
const SHEJIU: &str = "青山县民政局/社会救助-标准目录.yaml";
const HUJI: &str = "青山县公安局/户籍管理-标准目录.xlsx";

fn county_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("qingshan-2022");
    copy_dir(root().join(COUNTY).as_path(), &dir);
    (tmp, dir)
}

/// Replaces `from` with `to` in the one 二级事项 `row` of 一级事项 `group`
/// (the YAML lines between the row's key and the next row or group).
fn edit_row(text: &str, group: &str, row: &str, from: &str, to: &str) -> String {
    let g = text.find(&format!("- 一级事项: {group}\n")).unwrap();
    let r = g + text[g..].find(&format!("- 二级事项: {row}\n")).unwrap();
    let end = text[r + 1..]
        .find("- ")
        .map(|e| r + 1 + e)
        .unwrap_or(text.len());
    let body = &text[r..end];
    assert_eq!(body.matches(from).count(), 1, "{from:?} in {group}/{row}");
    format!(
        "{}{}{}",
        &text[..r],
        body.replacen(from, to, 1),
        &text[end..]
    )
}

/// Removes the 二级事项 `row` of 一级事项 `group`.
fn remove_row(text: &str, group: &str, row: &str) -> String {
    let g = text.find(&format!("- 一级事项: {group}\n")).unwrap();
    let r = g + text[g..].find(&format!("- 二级事项: {row}\n")).unwrap();
    let start = text[..r].rfind('\n').unwrap() + 1;
    let end = text[r + 1..]
        .find("- ")
        .map(|e| text[..r + 1 + e].rfind('\n').unwrap() + 1)
        .unwrap_or(text.len());
    format!("{}{}", &text[..start], &text[end..])
}

const NEW_GROUP: &str = "  - 一级事项: 医疗救助
    二级事项:
      - 二级事项: 政策法规文件
        公开内容（要素）: 医疗救助相关法律法规、规章和规范性文件
        公开依据: 《社会救助暂行办法》第二十八条至第三十二条
        公开时限: 制定或获取信息之日起10个工作日内
        公开主体: 青山县民政局、县医疗保障局
        公开渠道和载体: [政府网站, 两微一端]
        公开对象: [全社会]
        公开方式: [主动]
        公开层级: [县级]
";

/// Runs an openpyxl script on `file` (edited in place). False when python3
/// or openpyxl is missing and GKML_TESTS_SKIP_MISSING_TOOLS=1 allows
/// skipping; the test then returns.
fn openpyxl(script: &str, file: &Path) -> bool {
    if !crate::common::require("python3", "-c", "python3 (Debian package python3)") {
        return false;
    }
    let ran = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&ran.stderr);
    if !ran.status.success() && err.contains("No module named 'openpyxl'") {
        assert!(
            crate::common::skip_missing(),
            "openpyxl 未安装：python3 -m pip install openpyxl"
        );
        return false;
    }
    assert!(ran.status.success(), "{err}");
    true
}

/// The workbook edits: 一级事项 户口登记 renamed (its merged cell), 死亡注销's
/// 公开对象 全社会 → 特定群体 with a reason in a new 备注 column, and
/// 姓名变更's checklist taking 政府公报.
const EDIT_HUJI: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
assert ws["B5"].value == "户口登记" and ws["C6"].value == "死亡注销" and ws["C7"].value == "姓名变更"
ws["B5"] = "户口登记管理"
assert ws["I6"].value == "√" and ws["J6"].value is None
ws["I6"] = None
ws["J6"] = "√"
ws["O3"] = "备注"
ws.merge_cells("O3:O4")
ws["O6"] = "涉及个人隐私，仅向本人及其近亲属提供"
assert ws["H7"].value.count("□政府公报") == 1
ws["H7"] = ws["H7"].value.replace("□政府公报", "■政府公报")
wb.save(sys.argv[1])
"#;

/// Applies the edits to a copy of the sample county: the YAML table of
/// 社会救助 by text, the 户籍管理 workbook by openpyxl. False when openpyxl
/// is missing (and may be skipped).
fn edit_county(dir: &Path) -> bool {
    edit(dir, SHEJIU, |t| {
        // A narrowing without a reason: 主动 → 依申请.
        let t = edit_row(
            &t,
            "最低生活保障",
            "动态管理情况",
            "公开方式: [主动]",
            "公开方式: [依申请]",
        );
        // A widening: 依申请 → 主动、依申请.
        let t = edit_row(
            &t,
            "最低生活保障",
            "家庭经济状况核对",
            "公开方式: [依申请]",
            "公开方式: [依申请, 主动]",
        );
        // Channels: 政府公报 out, 广播电视 in (the order does not count).
        let t = edit_row(
            &t,
            "最低生活保障",
            "保障标准",
            "[政府网站, 政府公报, 两微一端, 社区/企事业单位/村公示栏（电子屏）]",
            "[两微一端, 政府网站, 广播电视, 社区/企事业单位/村公示栏（电子屏）]",
        );
        let t = edit_row(
            &t,
            "特困人员救助供养",
            "办事指南",
            "二级事项: 办事指南",
            "二级事项: 办事服务指南",
        );
        let t = remove_row(&t, "临时救助", "急难型临时救助");
        let t = edit_row(
            &t,
            "社会力量参与",
            "政府购买服务",
            "公开时限: 信息形成或变更之日起20个工作日内",
            "公开时限: 每季度公开一次",
        );
        t + NEW_GROUP
    });
    openpyxl(EDIT_HUJI, &dir.join(HUJI))
}

/// The changes as (unit, domain, change, 一级事项, 二级事项, field, old, new).
fn national_rows(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for c in v["catalogs"].as_array().unwrap() {
        for ch in c["changes"].as_array().unwrap() {
            out.push(json!([
                c["unit"],
                c["domain"],
                ch["change"],
                ch["level1"],
                ch["level2"],
                ch["field"],
                ch["old"],
                ch["new"]
            ]));
        }
    }
    out
}

#[test]
fn national_edits_are_reported_exactly() {
    let (_tmp, dir) = county_copy();
    if !edit_county(&dir) {
        return;
    }
    let (code, v) = diff_json(root().join(COUNTY).as_path(), &dir);
    assert_eq!(code, 1);
    assert_eq!(v["catalog_format"], "national-2019");
    let mz = ["青山县民政局", "社会救助"];
    let ga = ["青山县公安局", "户籍管理"];
    let r = |u: [&str; 2],
             change: &str,
             l1: &str,
             l2: Option<&str>,
             field: &str,
             old: Value,
             new: Value| { json!([u[0], u[1], change, l1, l2, field, old, new]) };
    let want = vec![
        r(
            mz,
            "field-changed",
            "最低生活保障",
            Some("保障标准"),
            "公开渠道和载体",
            json!("政府网站、政府公报、两微一端、社区/企事业单位/村公示栏（电子屏）"),
            json!("两微一端、政府网站、广播电视、社区/企事业单位/村公示栏（电子屏）"),
        ),
        r(
            mz,
            "field-changed",
            "最低生活保障",
            Some("动态管理情况"),
            "公开方式",
            json!("主动"),
            json!("依申请"),
        ),
        r(
            mz,
            "field-changed",
            "最低生活保障",
            Some("家庭经济状况核对"),
            "公开方式",
            json!("依申请"),
            json!("主动、依申请"),
        ),
        r(
            mz,
            "level2-renamed",
            "特困人员救助供养",
            Some("办事服务指南"),
            "二级事项",
            json!("办事指南"),
            json!("办事服务指南"),
        ),
        r(
            mz,
            "level2-removed",
            "临时救助",
            Some("急难型临时救助"),
            "二级事项",
            json!("急难型临时救助"),
            Value::Null,
        ),
        r(
            mz,
            "field-changed",
            "社会力量参与",
            Some("政府购买服务"),
            "公开时限",
            json!("信息形成或变更之日起20个工作日内"),
            json!("每季度公开一次"),
        ),
        r(
            mz,
            "level1-added",
            "医疗救助",
            None,
            "一级事项",
            Value::Null,
            json!("医疗救助"),
        ),
        r(
            ga,
            "level1-renamed",
            "户口登记管理",
            None,
            "一级事项",
            json!("户口登记"),
            json!("户口登记管理"),
        ),
        r(
            ga,
            "field-changed",
            "户口登记管理",
            Some("死亡注销"),
            "公开对象",
            json!("全社会"),
            json!("特定群体"),
        ),
        r(
            ga,
            "field-changed",
            "户口登记管理",
            Some("死亡注销"),
            "备注",
            Value::Null,
            json!("涉及个人隐私，仅向本人及其近亲属提供"),
        ),
        r(
            ga,
            "field-changed",
            "户口登记管理",
            Some("姓名变更"),
            "公开渠道和载体",
            json!("政府网站、两微一端、政务服务中心、便民服务站"),
            json!("政府网站、政府公报、两微一端、政务服务中心、便民服务站"),
        ),
    ];
    let got = national_rows(&v);
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }

    // What was added and removed, and the narrowings: 公开方式 主动 → 依申请
    // without a reason, 公开对象 全社会 → 特定群体 with its 备注; the widening
    // is not one.
    let changes: Vec<&Value> = v["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["changes"].as_array().unwrap())
        .collect();
    assert_eq!(changes[0]["added"], json!(["广播电视"]));
    assert_eq!(changes[0]["removed"], json!(["政府公报"]));
    assert_eq!(changes[0]["attribute"], Value::Null);
    assert_eq!(
        changes[1]["attribute"],
        json!({"direction": "narrowed", "needs_reason": true, "reason_given": false})
    );
    assert!(
        changes[1]["note"]
            .as_str()
            .unwrap()
            .contains("新目录未写明理由（请在“备注”栏说明）")
    );
    assert_eq!(changes[2]["attribute"]["direction"], "widened");
    assert_eq!(
        changes[8]["attribute"],
        json!({"direction": "narrowed", "needs_reason": true, "reason_given": true})
    );
    assert_eq!(changes[10]["added"], json!(["政府公报"]));
    for c in &changes {
        assert_eq!(
            (&c["item"], &c["step"], &c["info"]),
            (&Value::Null, &Value::Null, &Value::Null)
        );
    }
    assert!(
        changes[6]["note"]
            .as_str()
            .unwrap()
            .contains("1 个二级事项（主动 1）")
    );

    let s = &v["summary"];
    for (k, n) in [
        ("catalogs_changed", 2),
        ("catalogs_unchanged", 1),
        ("catalogs_added", 0),
        ("level1_added", 1),
        ("level1_removed", 0),
        ("level1_renamed", 1),
        ("level2_added", 0),
        ("level2_removed", 1),
        ("level2_renamed", 1),
        ("fields_changed", 7),
        ("attributes_changed", 3),
        ("narrowed", 2),
        ("narrowed_without_reason", 1),
        ("changes", 11),
    ] {
        assert_eq!(s[k], n, "{k}");
    }

    // The readable list and the 修订对照表 say the same.
    let out = gkml().arg("diff").arg(COUNTY).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "青山县民政局 · 社会救助",
        "青山县公安局 · 户籍管理",
        "! 公开方式收窄  最低生活保障 › 动态管理情况：公开方式 “主动” → “依申请”",
        "~ 公开方式放宽  最低生活保障 › 家庭经济状况核对",
        "! 公开对象收窄  户口登记管理 › 死亡注销：公开对象 “全社会” → “特定群体”。公开对象收窄（不再勾选“全社会”），需要说明理由：新目录已在备注中写明“涉及个人隐私，仅向本人及其近亲属提供”",
        "增加 广播电视；减少 政府公报",
        "~ 二级事项更名  特困人员救助供养：“办事指南” → “办事服务指南”",
        "- 删除二级事项  临时救助 › 急难型临时救助",
        "+ 新增一级事项  医疗救助（1 个二级事项（主动 1））",
        "~ 一级事项更名  “户口登记” → “户口登记管理”",
        "共 11 处变化：新增一级事项 1 项、一级事项更名 1 项、删除二级事项 1 项、二级事项更名 1 项、字段修改 7 处。",
        "公开方式、公开对象调整 3 处，其中收窄 2 处（1 处新目录未写明理由）。",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(
        !text.contains("重大建设项目"),
        "an unchanged table is listed"
    );

    let xlsx = dir.parent().unwrap().join("修订对照表.xlsx");
    gkml()
        .args(["diff", "--format", "xlsx", "-o"])
        .arg(&xlsx)
        .arg(COUNTY)
        .arg(&dir)
        .assert()
        .code(1);
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("修订对照表").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        cells[0],
        [
            "编制单位",
            "试点领域",
            "目录类型",
            "一级事项",
            "二级事项",
            "变化",
            "字段",
            "原内容",
            "新内容",
            "说明"
        ]
    );
    assert_eq!(cells.len(), 1 + 11);
    let narrowed: Vec<(&str, &str, &str)> = cells
        .iter()
        .filter(|r| r[5].ends_with("收窄"))
        .map(|r| (r[5].as_str(), r[7].as_str(), r[8].as_str()))
        .collect();
    assert_eq!(
        narrowed,
        [
            ("公开方式收窄", "主动", "依申请"),
            ("公开对象收窄", "全社会", "特定群体")
        ]
    );

    // The 修订说明 of `gkml build --previous`.
    let d = gkml::diff::diff_paths(root().join(COUNTY).as_path(), &dir).unwrap();
    let v = gkml::diff::booklet_changes(&d);
    assert!(
        v["summary"]
            .as_str()
            .unwrap()
            .starts_with("与2021年版相比，本版共修订 11 处"),
        "{}",
        v["summary"]
    );
    let entries: Vec<(&str, &str, &str, &str)> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap();
            (s("unit"), s("domain"), s("change"), s("detail"))
        })
        .collect();
    let (m, s, g, h) = ("青山县民政局", "社会救助", "青山县公安局", "户籍管理");
    assert_eq!(
        entries,
        [
            (
                m,
                s,
                "修改",
                "最低生活保障：“保障标准”公开渠道和载体增加“广播电视”，减少“政府公报”；“动态管理情况”公开方式由“主动”调整为“依申请”（收窄）；“家庭经济状况核对”公开方式由“依申请”调整为“主动、依申请”"
            ),
            (
                m,
                s,
                "修改",
                "特困人员救助供养：二级事项“办事指南”更名为“办事服务指南”"
            ),
            (m, s, "修改", "临时救助：删除二级事项“急难型临时救助”"),
            (
                m,
                s,
                "修改",
                "社会力量参与：“政府购买服务”公开时限由“信息形成或变更之日起20个工作日内”调整为“每季度公开一次”"
            ),
            (m, s, "新增", "新增一级事项“医疗救助”"),
            (
                g,
                h,
                "修改",
                "户口登记管理：一级事项名称由“户口登记”改为“户口登记管理”；“死亡注销”公开对象由“全社会”调整为“特定群体”（收窄）；“死亡注销”补充备注“涉及个人隐私，仅向本人及其近亲属提供”；“姓名变更”公开渠道和载体增加“政府公报”"
            ),
        ]
    );
}

#[test]
fn a_national_project_against_itself_or_its_conversions_is_empty() {
    let (code, v) = diff_json(root().join(COUNTY).as_path(), root().join(COUNTY).as_path());
    assert_eq!(code, 0);
    assert_eq!(v["catalogs"], json!([]));
    assert_eq!(v["summary"]["changes"], 0);
    assert_eq!(v["summary"]["catalogs_unchanged"], 3);
    let out = gkml().args(["diff", COUNTY, COUNTY]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("两个版本的目录内容相同（3 份目录）"));

    // Any mix of YAML and workbooks: each table against its conversion.
    let (tmp, _) = county_copy();
    for (from, to) in [(SHEJIU, "社会救助.xlsx"), (HUJI, "户籍管理.yaml")] {
        let converted = tmp.path().join(to);
        gkml()
            .arg("convert")
            .arg(root().join(COUNTY).as_path().join(from))
            .arg("-o")
            .arg(&converted)
            .assert()
            .success();
        let (code, v) = diff_json(&root().join(COUNTY).as_path().join(from), &converted);
        assert_eq!((code, v["catalogs"].clone()), (0, json!([])), "{from}");
    }
}

#[test]
fn two_national_files_of_one_unit() {
    let (_tmp, dir) = county_copy();
    edit(&dir, SHEJIU, |t| {
        remove_row(&t, "临时救助", "急难型临时救助")
    });
    let (code, v) = diff_json(
        &root().join(COUNTY).as_path().join(SHEJIU),
        &dir.join(SHEJIU),
    );
    assert_eq!(code, 1);
    assert_eq!(
        national_rows(&v),
        [json!([
            "青山县民政局",
            "社会救助",
            "level2-removed",
            "临时救助",
            "急难型临时救助",
            "二级事项",
            "急难型临时救助",
            null
        ])]
    );
    // Two tables of other units and domains: paired, the 编制单位 and
    // 试点领域 changes listed first.
    let (code, v) = diff_json(
        &root().join(COUNTY).as_path().join(SHEJIU),
        &root().join(COUNTY).as_path().join(HUJI),
    );
    assert_eq!(code, 1);
    let changes = v["catalogs"][0]["changes"].as_array().unwrap();
    assert_eq!(changes[0]["change"], "catalog-field");
    assert_eq!(changes[0]["field"], "编制单位");
    assert_eq!(changes[1]["field"], "试点领域");
}

#[test]
fn pilot_and_national_catalogues_are_not_compared() {
    for (old, new) in [(SAMPLE, COUNTY), (COUNTY, SAMPLE)] {
        let out = gkml().args(["diff", old, new]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("不能比较两种格式的目录")
                && err.contains("hongkou-2017")
                && err.contains("national-2019"),
            "{err}"
        );
    }
    // A file of each format, too.
    let out = gkml()
        .arg("diff")
        .arg(root().join(SAMPLE).as_path().join(MINBAO))
        .arg(root().join(COUNTY).as_path().join(SHEJIU))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不能比较两种格式的目录"));
}

#[test]
fn national_narrowing_rules() {
    // Both sides keep 主动 (主动 → 主动、依申请): changed, not narrowed.
    let (_tmp, dir) = county_copy();
    edit(&dir, SHEJIU, |t| {
        let t = edit_row(
            &t,
            "最低生活保障",
            "政策法规文件",
            "公开方式: [主动]",
            "公开方式: [主动, 依申请]",
        );
        // 全社会 → 全社会、特定群体: not narrowed either; 公开层级 fewer: a change.
        let t = edit_row(
            &t,
            "监督管理",
            "投诉举报",
            "公开对象: [全社会]",
            "公开对象: [全社会, 特定群体]",
        );
        edit_row(
            &t,
            "监督管理",
            "投诉举报",
            "公开层级: [县级, 乡级]",
            "公开层级: [县级]",
        )
    });
    let (code, v) = diff_json(root().join(COUNTY).as_path(), &dir);
    assert_eq!(code, 1);
    let changes = v["catalogs"][0]["changes"].as_array().unwrap();
    let got: Vec<(&str, &str, Value)> = changes
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap(),
                c["new"].as_str().unwrap(),
                c["attribute"]["direction"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("公开方式", "主动、依申请", json!("unclear")),
            ("公开对象", "全社会、特定群体", json!("unclear")),
            ("公开层级", "县级", Value::Null),
        ]
    );
    assert_eq!(changes[2]["removed"], json!(["乡级"]));
    assert_eq!(v["summary"]["narrowed"], 0);
}
