//! The national-2019 commands beside the pilot's: `gkml template --kind
//! 标准目录`, `validate --annotate` on a national table. The files checked
//! against are filled by openpyxl or are the openpyxl fixtures of
//! `tests/fixtures/national`, not written by gkml.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};

use crate::common::{self, gkml, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/national").join(name)
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("part {name} present"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 xml");
    s
}

fn template(dir: &Path) -> PathBuf {
    let out = dir.join("模板.xlsx");
    let o = gkml()
        .args(["template", "--kind", "标准目录", "--unit", "县民政局"])
        .args(["--domain", "社会救助", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn the_blank_national_template_reads_back_as_a_table_with_no_rows() {
    let dir = common::tmp();
    let out = template(dir.path());
    let bytes = std::fs::read(&out).unwrap();
    // The layout: title, 编制单位 row, two-row header with merged groups,
    // a frozen header, √ dropdowns, the channels' hint and 填表说明.
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let names = x.sheet_names();
    assert_eq!(names, vec!["社会救助".to_string(), "填表说明".to_string()]);
    let r = x.worksheet_range("社会救助").unwrap();
    let cell = |row: usize, col: usize| {
        r.get_value((row as u32, col as u32))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(0, 0), "社会救助领域基层政务公开标准目录");
    assert_eq!(cell(1, 0), "编制单位：县民政局");
    assert_eq!(cell(2, 1), "公开事项");
    assert_eq!(cell(3, 1), "一级事项");
    assert_eq!(cell(3, 2), "二级事项");
    assert_eq!(cell(2, 7), "公开渠道和载体");
    assert_eq!(cell(2, 8), "公开对象");
    assert_eq!(
        (cell(3, 8), cell(3, 9), cell(3, 10), cell(3, 11)),
        (
            "全社会".into(),
            "特定群体".into(),
            "主动".into(),
            "依申请".into()
        )
    );
    assert_eq!((cell(3, 12), cell(3, 13)), ("县级".into(), "乡级".into()));
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<mergeCell ref="I3:J3"/>"#), "{sheet}");
    assert!(sheet.contains(r#"state="frozen""#));
    assert!(sheet.contains(r#"<formula1>"√"</formula1>"#), "√ dropdown");
    assert!(
        sheet.contains("政府网站、政府公报、两微一端"),
        "channel hint"
    );
    // gkml reads it as a national table of 县民政局 / 社会救助 with no rows.
    let ws = gkml::project::load(std::slice::from_ref(&out)).unwrap();
    assert!(ws.catalogs.is_empty());
    assert_eq!(ws.nationals.len(), 1);
    let n = &ws.nationals[0];
    assert_eq!((n.unit_text(), n.domain_text()), ("县民政局", "社会救助"));
    assert_eq!(n.counts(), (0, 0));
    gkml().arg("validate").arg(&out).assert().success();
}

#[test]
fn a_template_filled_by_openpyxl_validates() {
    if !common::require("python3", "-c", "python3 (Debian package python3)") {
        return;
    }
    let dir = common::tmp();
    let out = template(dir.path());
    let filled = dir.path().join("填好.xlsx");
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["社会救助"]
rows = [
    ["1", "最低生活保障", "政策法规文件", "法律、法规、规章及规范性文件",
     "《社会救助暂行办法》第九条", "制定或获取信息之日起20个工作日内", "县民政局",
     "■政府网站 □政府公报 ■两微一端", "√", "", "√", "", "√", "√"],
    ["2", None, "办事指南", "申请条件、办理流程、办理时限",
     "《社会救助暂行办法》第九条", "制定或获取信息之日起10个工作日内", "县民政局",
     "■政府网站 ■政务服务中心", "√", "", "√", "", "√", "√"],
    ["3", "特困人员救助供养", "审核确认结果", "救助对象姓名、救助金额",
     "《社会救助暂行办法》第十五条", "审批后公示7个工作日", "县民政局",
     "■社区/企事业单位/村公示栏（电子屏）", "", "√", "√", "√", "", "√"],
]
for i, row in enumerate(rows):
    for j, v in enumerate(row):
        if v is not None:
            ws.cell(row=5 + i, column=1 + j, value=v)
ws.merge_cells("B5:B6")
wb.save(sys.argv[2])
"#;
    let ran = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .arg(&filled)
        .output()
        .unwrap();
    if !ran.status.success() && String::from_utf8_lossy(&ran.stderr).contains("openpyxl") {
        assert!(
            common::skip_missing(),
            "openpyxl 未安装：python3 -m pip install openpyxl"
        );
        return;
    }
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let o = gkml()
        .args(["validate", "--format", "json"])
        .arg(&filled)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let ws = gkml::project::load(std::slice::from_ref(&filled)).unwrap();
    let n = &ws.nationals[0];
    assert_eq!(n.counts(), (2, 3));
    assert_eq!(gkml::model::text(&n.groups[0].name), "最低生活保障");
    assert_eq!(n.groups[0].rows.len(), 2);
}

#[test]
fn annotate_marks_the_faulty_cells_of_a_national_table() {
    let dir = common::tmp();
    let out = dir.path().join("批注.xlsx");
    gkml()
        .arg("validate")
        .arg(fixture("faulty-required.xlsx"))
        .arg("--annotate")
        .arg(&out)
        .assert()
        .code(1);
    let bytes = std::fs::read(&out).unwrap();
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let list = x.worksheet_range("问题清单").unwrap();
    let mut got: Vec<(String, String, String)> = list
        .rows()
        .skip(1)
        .map(|r| (r[2].to_string(), r[0].to_string(), r[5].to_string()))
        .collect();
    got.sort();
    // The manifest's planted mistakes (faulty-required.xlsx): the fixture's
    // table starts one row higher than gkml's layout (no 编制单位 row), so
    // each lands one row lower, in the same column.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("manifest.json")).unwrap()).unwrap();
    let mut want: Vec<(String, String)> = m["fixtures"]["faulty-required.xlsx"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let cell = d["cell"].as_str().unwrap();
            let (sheet, at) = cell.split_once('!').unwrap();
            let col: String = at.chars().take_while(char::is_ascii_alphabetic).collect();
            let row: u32 = at[col.len()..].parse().unwrap();
            (
                crate::national_fixtures::gkml_code(d["code"].as_str().unwrap()).to_string(),
                format!("{sheet}!{col}{}", row + 1),
            )
        })
        .collect();
    want.sort();
    let placed: Vec<(String, String)> = got
        .iter()
        .map(|(code, _, here)| (code.clone(), here.replace("县民政局-社会救助", "标准目录")))
        .collect();
    assert_eq!(placed, want, "{got:?}");
    // One note and one fill per faulty cell.
    let comments = part(&bytes, "xl/comments1.xml");
    assert_eq!(comments.matches("<comment ").count(), want.len());
    assert!(comments.contains("修改："));
    assert!(part(&bytes, "xl/styles.xml").contains("FFFFC7CE"));
    // The annotated workbook is a national table: validated again, the
    // same problems, at the same cells as the 问题清单 says.
    let o = gkml()
        .args(["validate", "--format", "json"])
        .arg(&out)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let again = report["diagnostics"].as_array().unwrap();
    assert_eq!(again.len(), want.len(), "{report}");
}

/// The sample county (national-2019).
const COUNTY: &str = "catalogs/qingshan-2021";

/// An independent count over the sample county's files (openpyxl and
/// PyYAML, not gkml): per unit × domain, 一级事项, 二级事项, 主动, 依申请,
/// 全社会, 特定群体, 县级, 乡级 and each channel's use.
const COUNT: &str = r#"
import sys, glob, json, os, re, openpyxl, yaml
out = {}
def add(key, l1, rows):
    f = out.setdefault(key, {"level1": 0, "level2": 0, "active": 0, "on_request": 0,
        "public": 0, "specific": 0, "county": 0, "township": 0, "channels": {}})
    f["level1"] += l1
    for r in rows:
        f["level2"] += 1
        for k, want in [("active", "主动"), ("on_request", "依申请"), ("public", "全社会"),
                        ("specific", "特定群体"), ("county", "县级"), ("township", "乡级")]:
            f[k] += want in r["ticks"]
        for c in r["channels"]:
            f["channels"][c] = f["channels"].get(c, 0) + 1
root = sys.argv[1]
for path in sorted(glob.glob(os.path.join(root, "*", "*.yaml"))):
    d = yaml.safe_load(open(path, encoding="utf-8"))
    rows = []
    for g in d["公开事项"]:
        for r in g["二级事项"]:
            rows.append({"ticks": r["公开对象"] + r["公开方式"] + r.get("公开层级", []),
                         "channels": r["公开渠道和载体"]})
    add((d["编制单位"], d["试点领域"]), len(d["公开事项"]), rows)
for path in sorted(glob.glob(os.path.join(root, "*", "*.xlsx"))):
    ws = openpyxl.load_workbook(path).worksheets[0]
    unit = ws.cell(2, 1).value.split("：")[1]
    domain = re.sub("领域基层政务公开标准目录$", "", ws.cell(1, 1).value)[len(unit):]
    labels = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
    rows, l1s = [], []
    for r in range(5, ws.max_row + 1):
        if not ws.cell(r, 3).value:
            continue
        b = ws.cell(r, 2).value
        if b and b not in l1s:
            l1s.append(b)
        ticks = [labels[c - 1] for c in range(9, ws.max_column + 1)
                 if (ws.cell(r, c).value or "").strip() in ("√", "✓", "✔")]
        cell = ws.cell(r, 8).value or ""
        chans = [m for m in re.findall(r"■\s*([^■□口]+)", cell)]
        rows.append({"ticks": ticks, "channels": [c.strip() for c in chans]})
    add((unit, domain), len(l1s), rows)
print(json.dumps([[k[0], k[1], v] for k, v in out.items()], ensure_ascii=False))
"#;

#[test]
fn national_stats_match_an_independent_count_of_the_sample_county() {
    if !common::require("python3", "-c", "python3 (Debian package python3)") {
        return;
    }
    let ran = std::process::Command::new("python3")
        .arg("-c")
        .arg(COUNT)
        .arg(common::root().join(COUNTY))
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let want: serde_json::Value = serde_json::from_slice(&ran.stdout).unwrap();
    let o = gkml()
        .args(["stats", "--format", "json", COUNTY])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let got: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let groups = got["national"]["groups"].as_array().unwrap();
    let want = want.as_array().unwrap();
    assert_eq!(groups.len(), 3);
    assert_eq!(groups.len(), want.len());
    let mut total_l2 = 0;
    for w in want {
        let (unit, domain, f) = (&w[0], &w[1], &w[2]);
        let g = groups
            .iter()
            .find(|g| &g["unit"] == unit && &g["domain"] == domain)
            .unwrap_or_else(|| panic!("{unit} {domain} missing: {got}"));
        for k in [
            "level1",
            "level2",
            "active",
            "on_request",
            "public",
            "specific",
            "county",
            "township",
        ] {
            assert_eq!(g[k], f[k], "{unit} {domain} {k}");
        }
        let chans: serde_json::Map<String, serde_json::Value> = g["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].clone()))
            .collect();
        assert_eq!(
            serde_json::Value::Object(chans),
            f["channels"],
            "{unit} {domain} channels"
        );
        total_l2 += f["level2"].as_u64().unwrap();
    }
    assert_eq!(got["national"]["total"]["level2"].as_u64(), Some(total_l2));
    // Text and CSV carry the same figures.
    let text = stdout(&gkml().args(["stats", COUNTY]).output().unwrap());
    assert!(
        text.contains("公开渠道和载体") && text.contains("合计"),
        "{text}"
    );
    let csv = stdout(
        &gkml()
            .args(["stats", "--format", "csv", "--kind", "标准目录", COUNTY])
            .output()
            .unwrap(),
    );
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with("合计,合计,") && last.contains(&format!(",{total_l2},")),
        "{csv}"
    );
}
