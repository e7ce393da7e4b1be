//! `gkml diff`: a copy of the sample project edited in known ways must show
//! exactly those changes and nothing else.

use std::path::{Path, PathBuf};

use crate::common::Command;
use serde_json::{Value, json};

const SAMPLE: &str = "catalogs/hongkou-2017";

fn gkml() -> Command {
    Command::cargo_bin("gkml").expect("binary builds")
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
    copy_dir(Path::new(SAMPLE), &dir);
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

    let (code, v) = diff_json(Path::new(SAMPLE), &dir);
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
    let (code, v) = diff_json(Path::new(SAMPLE), Path::new(SAMPLE));
    assert_eq!(code, 0);
    assert_eq!(v["catalogs"], json!([]));
    assert_eq!(v["summary"]["changes"], 0);
    assert_eq!(v["summary"]["catalogs_unchanged"], 14);
    let out = gkml().args(["diff", SAMPLE, SAMPLE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("两个版本的目录内容相同"));
    // A copy in another place, with the files in another order on disk, too.
    let (_tmp, dir) = sample_copy();
    let (code, _) = diff_json(Path::new(SAMPLE), &dir);
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
    let (code, v) = diff_json(Path::new(SAMPLE), &dir);
    assert_eq!(code, 1);
    let cats = v["catalogs"].as_array().unwrap();
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0]["status"], "removed");
    assert_eq!(cats[0]["kind"], "附件3");
    assert_eq!(cats[0]["domain"], "养老服务");
    let (code, v) = diff_json(&dir, Path::new(SAMPLE));
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
    let (code, v) = diff_json(&Path::new(SAMPLE).join(MINBAO), &dir.join(MINBAO));
    assert_eq!(code, 1);
    assert_eq!(rows(&v).len(), 1);
    // Two workbooks laid out differently but holding the same catalogue.
    let wb = Path::new("tests/fixtures/workbooks");
    let (code, v) = diff_json(
        &wb.join("merged-annex2.xlsx"),
        &wb.join("repeated-annex2.xlsx"),
    );
    assert_eq!((code, v["catalogs"].clone()), (0, json!([])));
    // A YAML file against a workbook of another unit: paired, the unit and
    // domain changes reported.
    let (code, v) = diff_json(
        &Path::new(SAMPLE).join(JIUYE),
        &wb.join("merged-annex2.xlsx"),
    );
    assert_eq!(code, 1);
    let first = &v["catalogs"][0]["changes"][0];
    assert_eq!(first["change"], "catalog-field");
    assert_eq!(first["field"], "试点单位");
}

#[test]
fn unreadable_input_stops_with_the_file_named() {
    let wb = Path::new("tests/fixtures/workbooks");
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
    let d = gkml::diff::diff_paths(Path::new(SAMPLE), &dir).unwrap();
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
    let same = gkml::diff::diff_paths(Path::new(SAMPLE), Path::new(SAMPLE)).unwrap();
    let v = gkml::diff::booklet_changes(&same);
    assert_eq!(v["entries"], json!([]));
    assert_eq!(v["summary"], "与2017年版相比，本版目录内容没有变化。");
}
