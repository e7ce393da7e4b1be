//! Every rule of the catalogue has a case that breaks it, with the place the
//! diagnostic must point at, and the clean base passes every rule.
//!
//! A case edits a small clean project (one 附件2 and one 附件3 catalogue of
//! 区民政局 / 社会救助). The edit's replacement text carries a `‸` where the
//! diagnostic must point (line and column are computed from it, not taken
//! from gkml's output).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gkml::diag::Diagnostic;
use gkml::model::Pos;
use gkml::rules::{Code, RULES};

const PROJECT: &str = "\
标题: 测试目录清单
年度: 2017
试点单位及试点内容表:
  - 序号: 1
    试点单位: 区民政局
    试点领域: [社会救助]
";

const ANNEX2: &str = "\
试点单位: 区民政局
试点领域: 社会救助
目录类型: 标准化目录
政务事项:
  - 序号: 1
    政务事项分类: 行政给付
    政务事项名称: 最低生活保障
    政务事项办理主体: 区民政局
    办理环节:
      - 政务事项办理环节: 受理
        所在环节办理时限: 即时
        政府信息:
          - 所在环节办理产生的政府信息名称: 最低生活保障办事指南
            政府信息公开属性: 主动公开
          - 所在环节办理产生的政府信息名称: 最低生活保障申请书
            政府信息公开属性: 不予公开
            不予公开和部分公开的理由: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开
      - 政务事项办理环节: 审批
        所在环节办理时限: 10个工作日
        政府信息:
          - 所在环节办理产生的政府信息名称: 最低生活保障审批通知书
            政府信息公开属性: 依申请公开
  - 序号: 2
    政务事项分类: 行政给付
    政务事项名称: 临时救助
    政务事项办理主体: 区民政局
    办理环节:
      - 政务事项办理环节: 受理
        所在环节办理时限: 即时
        政府信息:
          - 所在环节办理产生的政府信息名称: 临时救助办事指南
            政府信息公开属性: 主动公开
";

const ANNEX3: &str = "\
试点单位: 区民政局
试点领域: 社会救助
目录类型: 规范化操作目录
政务事项:
  - 序号: 1
    政务事项分类: 行政给付
    政务事项名称: 最低生活保障
    政务事项办理主体: 区民政局
    政务事项依据: 《社会救助暂行办法》第九条
    办理环节:
      - 政务事项办理环节: 受理
        所在环节办理时限: 即时
        政府信息:
          - 所在环节办理产生的政府信息名称: 最低生活保障办事指南
            政府信息公开属性: 主动公开
            政府信息公开时间: 信息形成之日起3个工作日内
            政府信息公开途径: 公示栏
            政府信息公开载体: 公示栏
          - 所在环节办理产生的政府信息名称: 最低生活保障申请书
            政府信息公开属性: 不予公开
            不予公开和部分公开的理由: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开
      - 政务事项办理环节: 审批
        所在环节办理时限: 10个工作日
        政府信息:
          - 所在环节办理产生的政府信息名称: 最低生活保障审批通知书
            政府信息公开属性: 依申请公开
            政府信息公开时间: 收到申请之日起20个工作日内
            政府信息公开途径: 依申请
            政府信息公开载体: 纸质
  - 序号: 2
    政务事项分类: 行政给付
    政务事项名称: 临时救助
    政务事项办理主体: 区民政局
    政务事项依据: 《社会救助暂行办法》第四十七条
    办理环节:
      - 政务事项办理环节: 受理
        所在环节办理时限: 即时
        政府信息:
          - 所在环节办理产生的政府信息名称: 临时救助办事指南
            政府信息公开属性: 主动公开
            政府信息公开时间: 即时
            政府信息公开途径: 公示栏
            政府信息公开载体: 公示栏
";

/// Which file of the project a case edits.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Project,
    Annex2,
    Annex3,
}

const A2_PATH: &str = "区民政局/社会救助-标准化目录.yaml";
const A3_PATH: &str = "区民政局/社会救助-规范化操作目录.yaml";

/// One broken case.
struct Case {
    code: &'static str,
    target: Target,
    /// Text to replace (must occur in the target exactly once).
    old: &'static str,
    /// Replacement; each `‸` marks where a diagnostic of `code` must point.
    new: &'static str,
    /// Validate the edited file alone (true) or the whole project (false).
    alone: bool,
}

const fn case(
    code: &'static str,
    target: Target,
    old: &'static str,
    new: &'static str,
    alone: bool,
) -> Case {
    Case {
        code,
        target,
        old,
        new,
        alone,
    }
}

use Target::*;

const CASES: &[Case] = &[
    case(
        "yaml-syntax",
        Annex2,
        "    政务事项分类: 行政给付\n    政务事项名称: 最低生活保障",
        "    政务事项分类: 行政给付\n‸\t政务事项名称: 最低生活保障",
        true,
    ),
    case(
        "yaml-type",
        Annex2,
        "    政务事项名称: 临时救助\n    政务事项办理主体: 区民政局\n    办理环节:\n      - 政务事项办理环节: 受理\n        所在环节办理时限: 即时\n        政府信息:\n          - 所在环节办理产生的政府信息名称: 临时救助办事指南\n            政府信息公开属性: 主动公开\n",
        "    政务事项名称: 临时救助\n    政务事项办理主体: 区民政局\n    办理环节: ‸受理\n",
        true,
    ),
    case(
        "yaml-limit",
        Annex2,
        "试点领域: 社会救助\n",
        "试点领域: 社会救助\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
        true,
    ),
    case(
        "unknown-key",
        Annex2,
        "    政务事项名称: 临时救助",
        "    ‸政务事项名: 临时救助\n    政务事项名称: 临时救助",
        true,
    ),
    case(
        "project-invalid",
        Project,
        "年度: 2017\n",
        "年度: 2017\n规则:\n  attr-missing: ‸严重\n",
        false,
    ),
    case(
        "field-missing",
        Annex2,
        "    政务事项名称: 临时救助\n    政务事项办理主体: 区民政局\n",
        "    政务事项名称: 临时救助\n    ‸政务事项办理主体: \n",
        true,
    ),
    case(
        "attr-missing",
        Annex2,
        "          - 所在环节办理产生的政府信息名称: 临时救助办事指南\n            政府信息公开属性: 主动公开\n",
        "          - ‸所在环节办理产生的政府信息名称: 临时救助办事指南\n",
        true,
    ),
    case(
        "attr-multiple",
        Annex2,
        "            政府信息公开属性: 依申请公开\n",
        "            政府信息公开属性: [主动公开, ‸依申请公开]\n",
        true,
    ),
    case(
        "attr-invalid",
        Annex2,
        "            政府信息公开属性: 依申请公开\n",
        "            政府信息公开属性: ‸公开\n",
        true,
    ),
    case(
        "reason-missing",
        Annex2,
        "            政府信息公开属性: 不予公开\n            不予公开和部分公开的理由: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开\n",
        "            政府信息公开属性: ‸不予公开\n",
        true,
    ),
    case(
        "reason-stray",
        Annex2,
        "            政府信息公开属性: 依申请公开\n",
        "            政府信息公开属性: 依申请公开\n            不予公开和部分公开的理由: ‸涉及个人隐私\n",
        true,
    ),
    case(
        "reason-no-legal-ground",
        Annex2,
        "不予公开和部分公开的理由: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
        "不予公开和部分公开的理由: ‸不宜公开",
        true,
    ),
    case(
        "time-unparsed",
        Annex2,
        "        所在环节办理时限: 10个工作日\n",
        "        所在环节办理时限: ‸尽快办理\n",
        true,
    ),
    case(
        "publish-late",
        Annex3,
        "            政府信息公开时间: 信息形成之日起3个工作日内\n",
        "            政府信息公开时间: ‸信息形成之日起10个工作日内\n",
        true,
    ),
    case(
        "publish-time-missing",
        Annex3,
        "            政府信息公开时间: 即时\n",
        "",
        true,
    ),
    case(
        "publish-channel-missing",
        Annex3,
        "            政府信息公开时间: 即时\n            政府信息公开途径: 公示栏\n",
        "            政府信息公开时间: 即时\n            ‸政府信息公开途径:\n",
        true,
    ),
    case(
        "withheld-published",
        Annex3,
        "第十五条不予公开\n      - 政务事项办理环节: 审批",
        "第十五条不予公开\n            政府信息公开途径: ‸公示栏\n      - 政务事项办理环节: 审批",
        true,
    ),
    case(
        "vocab-unknown",
        Annex2,
        "    政务事项分类: 行政给付\n    政务事项名称: 临时救助",
        "    政务事项分类: ‸行政给予\n    政务事项名称: 临时救助",
        true,
    ),
    case(
        "aspect-invalid",
        Annex2,
        "    政务事项名称: 临时救助\n",
        "    政务事项名称: 临时救助\n    五公开: ‸过程公开\n",
        true,
    ),
    case(
        "seq-missing",
        Annex2,
        "  - 序号: 2\n    政务事项分类: 行政给付\n",
        "  - ‸政务事项分类: 行政给付\n",
        true,
    ),
    case(
        "seq-duplicate",
        Annex2,
        "  - 序号: 2\n",
        "  - 序号: ‸1\n",
        true,
    ),
    case(
        "item-duplicate",
        Annex2,
        "    政务事项名称: 临时救助\n",
        "    政务事项名称: ‸最低生活保障\n",
        true,
    ),
    case(
        "item-no-steps",
        Annex2,
        "  - 序号: 2\n    政务事项分类: 行政给付\n    政务事项名称: 临时救助\n    政务事项办理主体: 区民政局\n    办理环节:\n      - 政务事项办理环节: 受理\n        所在环节办理时限: 即时\n        政府信息:\n          - 所在环节办理产生的政府信息名称: 临时救助办事指南\n            政府信息公开属性: 主动公开\n",
        "  - ‸序号: 2\n    政务事项分类: 行政给付\n    政务事项名称: 临时救助\n    政务事项办理主体: 区民政局\n    办理环节: []\n",
        true,
    ),
    case(
        "step-no-info",
        Annex2,
        "      - 政务事项办理环节: 受理\n        所在环节办理时限: 即时\n        政府信息:\n          - 所在环节办理产生的政府信息名称: 临时救助办事指南\n            政府信息公开属性: 主动公开\n",
        "      - ‸政务事项办理环节: 受理\n        所在环节办理时限: 即时\n        政府信息: []\n",
        true,
    ),
    case(
        "text-invisible",
        Annex2,
        "    政务事项名称: 临时救助\n",
        "    政务事项名称: ‸临时\u{200B}救助\n",
        true,
    ),
    case(
        "annex3-not-in-annex2",
        Annex3,
        "    政务事项名称: 临时救助\n",
        "    政务事项名称: ‸临时救助金\n",
        false,
    ),
    case(
        "annex3-mismatch",
        Annex3,
        "        所在环节办理时限: 10个工作日\n",
        "        所在环节办理时限: ‸5个工作日\n",
        false,
    ),
    case(
        "registry-unknown",
        Annex3,
        "试点单位: 区民政局\n",
        "试点单位: ‸民政局\n",
        false,
    ),
];

/// Positions (1-based line, column in characters) of each `‸` in `text`,
/// and the text without them.
fn markers(text: &str) -> (String, Vec<(u32, u32)>) {
    let mut out = String::new();
    let mut at = Vec::new();
    let (mut line, mut col) = (1u32, 1u32);
    for ch in text.chars() {
        if ch == '‸' {
            at.push((line, col));
            continue;
        }
        out.push(ch);
        if ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (out, at)
}

fn write_project(dir: &Path, project: &str, a2: &str, a3: &str) {
    std::fs::create_dir_all(dir.join("区民政局")).unwrap();
    std::fs::write(dir.join("gkml.yaml"), project).unwrap();
    std::fs::write(dir.join(A2_PATH), a2).unwrap();
    std::fs::write(dir.join(A3_PATH), a3).unwrap();
}

fn check(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut ws = gkml::project::load(paths).unwrap();
    ws.check()
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("{} {:?} {}", d.code.as_str(), d.loc.pos, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rule codes the checks in this file saw reported as they expected. A code
/// goes in only from a diagnostic an assertion has just found, so
/// `every_rule_has_a_case` counts what the cases really show.
type Seen = BTreeSet<String>;

/// Asserts that `d` holds a diagnostic of `code` and records it as seen.
fn saw(seen: &mut Seen, d: &[Diagnostic], code: &str) {
    let hit = d.iter().find(|x| x.code.as_str() == code);
    let Some(hit) = hit else {
        panic!("no {code} reported:\n{}", show(d));
    };
    seen.insert(hit.code.as_str().to_string());
}

fn text_pos(d: &Diagnostic) -> Option<(u32, u32)> {
    match d.loc.pos {
        Pos::Text { line, col, .. } => Some((line, col)),
        _ => None,
    }
}

#[test]
fn the_base_project_passes_every_rule() {
    let tmp = tempfile::tempdir().unwrap();
    write_project(tmp.path(), PROJECT, ANNEX2, ANNEX3);
    let d = check(&[tmp.path().to_path_buf()]);
    assert!(d.is_empty(), "{}", show(&d));
    // Each file also passes alone.
    for f in [A2_PATH, A3_PATH] {
        let d = check(&[tmp.path().join(f)]);
        assert!(d.is_empty(), "{f}: {}", show(&d));
    }
}

#[test]
fn each_case_is_reported_where_marked_and_nothing_else() {
    edit_cases(&mut Seen::new());
}

/// Runs every case of `CASES`; a case's code is seen when it is reported
/// where its marks say and (for a file checked alone) nothing else is.
fn edit_cases(seen: &mut Seen) {
    let mut failures = Vec::new();
    for c in CASES {
        let base = match c.target {
            Project => PROJECT,
            Annex2 => ANNEX2,
            Annex3 => ANNEX3,
        };
        assert_eq!(
            base.matches(c.old).count(),
            1,
            "{}: `old` must occur once",
            c.code
        );
        let (new, expected) = markers(&base.replacen(c.old, c.new, 1));
        // Line/column of the marks are in the edited file's own coordinates.
        let tmp = tempfile::tempdir().unwrap();
        let (p, a2, a3) = match c.target {
            Project => (new.as_str(), ANNEX2, ANNEX3),
            Annex2 => (PROJECT, new.as_str(), ANNEX3),
            Annex3 => (PROJECT, ANNEX2, new.as_str()),
        };
        write_project(tmp.path(), p, a2, a3);
        let path = match (c.target, c.alone) {
            (Annex2, true) => tmp.path().join(A2_PATH),
            (Annex3, true) => tmp.path().join(A3_PATH),
            _ => tmp.path().to_path_buf(),
        };
        let edited = match c.target {
            Project => "gkml.yaml",
            Annex2 => A2_PATH,
            Annex3 => A3_PATH,
        };
        let diags = check(&[path]);
        let code = Code::parse(c.code).unwrap();
        let got: BTreeSet<(u32, u32)> = diags
            .iter()
            .filter(|d| d.code == code && d.loc.file.ends_with(edited))
            .filter_map(text_pos)
            .collect();
        let any = diags.iter().any(|d| d.code == code);
        let want: BTreeSet<(u32, u32)> = expected.iter().copied().collect();
        // A list of the wrong type leaves the item without steps: that
        // follow-on is expected and says something true.
        let also: &[&str] = if c.code == "yaml-type" {
            &["item-no-steps"]
        } else {
            &[]
        };
        let others: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.code != code && !also.contains(&d.code.as_str()))
            .collect();
        let ok = any && (want.is_empty() || got == want) && (others.is_empty() || !c.alone);
        if ok {
            seen.insert(code.as_str().to_string());
        } else {
            failures.push(format!(
                "{}: want {:?}, got:\n{}",
                c.code,
                want,
                show(&diags)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Project rules that need files added or removed rather than an edit.
#[test]
fn project_level_cases() {
    project_level(&mut Seen::new());
}

fn project_level(seen: &mut Seen) {
    // registry-missing: 附件1 lists a domain with no catalogue files.
    let tmp = tempfile::tempdir().unwrap();
    let project = PROJECT.replace("[社会救助]", "[社会救助, 养老服务]");
    write_project(tmp.path(), &project, ANNEX2, ANNEX3);
    let d = check(&[tmp.path().to_path_buf()]);
    assert!(
        d.iter()
            .filter(|d| d.code.as_str() == "registry-missing")
            .count()
            == 2,
        "{}",
        show(&d)
    );
    let on_project: Vec<_> = d
        .iter()
        .filter(|d| d.loc.file.ends_with("gkml.yaml"))
        .collect();
    assert_eq!(on_project.len(), d.len(), "{}", show(&d));
    // The mark points into the registry line that names the domain (line 6).
    assert!(
        d.iter().all(|d| text_pos(d).is_some_and(|(l, _)| l == 6)),
        "{}",
        show(&d)
    );
    saw(seen, &d, "registry-missing");

    // catalog-duplicate: a second file for the same unit, domain and kind.
    let tmp = tempfile::tempdir().unwrap();
    write_project(tmp.path(), PROJECT, ANNEX2, ANNEX3);
    std::fs::write(
        tmp.path().join("区民政局/社会救助-标准化目录-副本.yaml"),
        ANNEX2,
    )
    .unwrap();
    let d = check(&[tmp.path().to_path_buf()]);
    saw(seen, &d, "catalog-duplicate");

    // annex3-count: only one 附件3 item.
    let tmp = tempfile::tempdir().unwrap();
    let cut = ANNEX3.find("  - 序号: 2").unwrap();
    write_project(tmp.path(), PROJECT, ANNEX2, &ANNEX3[..cut]);
    let d = check(&[tmp.path().to_path_buf()]);
    assert_eq!(
        d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        vec!["annex3-count"],
        "{}",
        show(&d)
    );
    assert!(d[0].message.contains("有 1 个事项"), "{}", show(&d));
    saw(seen, &d, "annex3-count");

    // annex3-count: three items are fine, four are one too many.
    for (n, want) in [(3, vec![]), (4, vec!["annex3-count"])] {
        let tmp = tempfile::tempdir().unwrap();
        let (a2, a3) = with_items(n);
        write_project(tmp.path(), PROJECT, &a2, &a3);
        let d = check(&[tmp.path().to_path_buf()]);
        assert_eq!(
            d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
            want,
            "{n} items: {}",
            show(&d)
        );
        if n == 4 {
            assert!(
                d[0].message.contains("有 4 个事项，应为2至3个"),
                "{}",
                show(&d)
            );
            assert!(d[0].loc.file.ends_with(A3_PATH), "{}", show(&d));
        }
    }

    // aspects-uncovered: aspects given but not all five covered.
    let tmp = tempfile::tempdir().unwrap();
    let a3 = ANNEX3.replacen(
        "    政务事项依据: 《社会救助暂行办法》第九条\n",
        "    政务事项依据: 《社会救助暂行办法》第九条\n    五公开: 服务公开、结果公开\n",
        1,
    );
    write_project(tmp.path(), PROJECT, ANNEX2, &a3);
    let d = check(&[tmp.path().to_path_buf()]);
    assert_eq!(
        d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        vec!["aspects-uncovered"],
        "{}",
        show(&d)
    );
    assert!(d[0].message.contains("决策公开"), "{}", show(&d));
    saw(seen, &d, "aspects-uncovered");
    // Required by the project even without aspects: every unit is checked.
    let tmp = tempfile::tempdir().unwrap();
    write_project(
        tmp.path(),
        &format!("{PROJECT}要求五公开: true\n"),
        ANNEX2,
        ANNEX3,
    );
    let d = check(&[tmp.path().to_path_buf()]);
    assert!(
        d.iter().any(|d| d.code.as_str() == "aspects-uncovered"),
        "{}",
        show(&d)
    );
}

/// A rule level set in the project file changes the severity or turns the
/// rule off.
#[test]
fn project_rule_levels_apply() {
    let a2 = ANNEX2.replacen(
        "所在环节办理时限: 10个工作日",
        "所在环节办理时限: 尽快办理",
        1,
    );
    for (level, want) in [
        ("error", Some("error")),
        ("off", None),
        ("warning", Some("warning")),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        write_project(
            tmp.path(),
            &format!("{PROJECT}规则:\n  time-unparsed: {level}\n"),
            &a2,
            ANNEX3
                .replacen(
                    "所在环节办理时限: 10个工作日",
                    "所在环节办理时限: 尽快办理",
                    1,
                )
                .as_str(),
        );
        let d = check(&[tmp.path().to_path_buf()]);
        let got = d
            .iter()
            .find(|d| d.code.as_str() == "time-unparsed")
            .map(|d| d.severity.as_str());
        assert_eq!(got, want, "{level}: {}", show(&d));
    }
}

/// Rules that only workbooks can break, on the committed fixtures.
#[test]
fn workbook_cases() {
    workbook_fixtures(&mut Seen::new());
}

fn workbook_fixtures(seen: &mut Seen) {
    let wb = crate::common::root().join("tests/fixtures/workbooks");
    let d = check(&[wb.join("planted-mistakes-annex2.xlsx")]);
    let at = |code: &str| -> Vec<String> {
        d.iter()
            .filter(|x| x.code.as_str() == code)
            .map(|x| match &x.loc.pos {
                Pos::Cell { sheet, row, col } => {
                    format!("{sheet}!{}", gkml::model::cell_name(*row, *col))
                }
                p => format!("{p:?}"),
            })
            .collect()
    };
    assert_eq!(at("cell-error"), vec!["标准化目录!L25"]);
    assert_eq!(at("attr-mark-invalid"), vec!["标准化目录!G11"]);
    saw(seen, &d, "cell-error");
    saw(seen, &d, "attr-mark-invalid");
    let d = check(&[wb.join("no-catalog.xlsx")]);
    assert_eq!(
        d.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
        vec!["workbook-no-catalog"]
    );
    saw(seen, &d, "workbook-no-catalog");
    let d = check(&[wb.join("docx-renamed.xlsx")]);
    assert_eq!(
        d.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
        vec!["file-unreadable"]
    );
    saw(seen, &d, "file-unreadable");
}

/// A workbook with no title row, no 填报单位 row and an uninformative file
/// name cannot be placed; an extra column is reported, not fatal.
#[test]
fn workbook_identity_and_extra_columns() {
    workbook_identity(&mut Seen::new());
}

fn workbook_identity(seen: &mut Seen) {
    use rust_xlsxwriter::Workbook;
    let header = [
        "序号",
        "政务事项分类",
        "政务事项名称",
        "政务事项办理主体",
        "政务事项办理环节",
        "所在环节办理产生的政府信息名称",
        "政府信息公开属性",
        "",
        "",
        "",
        "不予公开和部分公开的理由",
        "所在环节办理时限",
        "经办人",
    ];
    let sub = ["主动公开", "依申请公开", "部分公开", "不予公开"];
    let row = [
        "1",
        "行政给付",
        "临时救助",
        "区民政局",
        "受理",
        "临时救助办事指南",
        "√",
        "",
        "",
        "",
        "",
        "即时",
        "张三",
    ];
    let make = |title: bool| -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let mut r = 0u32;
        if title {
            ws.write_string(0, 0, "社会救助领域政务公开事项标准化目录")
                .unwrap();
            ws.write_string(1, 0, "填报单位：区民政局").unwrap();
            r = 2;
        }
        for (c, h) in header.iter().enumerate() {
            ws.write_string(r, c as u16, *h).unwrap();
        }
        for (i, s) in sub.iter().enumerate() {
            ws.write_string(r + 1, 6 + i as u16, *s).unwrap();
        }
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r + 2, c as u16, *v).unwrap();
        }
        wb.save_to_buffer().unwrap()
    };
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("目录.xlsx");
    std::fs::write(&p, make(false)).unwrap();
    let d = check(std::slice::from_ref(&p));
    saw(seen, &d, "workbook-unit-unknown");

    let p = tmp.path().join("目录2.xlsx");
    std::fs::write(&p, make(true)).unwrap();
    let d = check(std::slice::from_ref(&p));
    let codes: Vec<_> = d.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes, vec!["column-unknown"], "{}", show(&d));
    assert!(
        matches!(
            &d[0].loc.pos,
            Pos::Cell {
                row: 2,
                col: 12,
                ..
            }
        ),
        "{}",
        show(&d)
    );
    saw(seen, &d, "column-unknown");
}

/// A 40,000-character value (over Excel's cell limit) is kept, with a
/// warning at the value.
#[test]
fn text_too_long() {
    long_text(&mut Seen::new());
}

fn long_text(seen: &mut Seen) {
    let tmp = tempfile::tempdir().unwrap();
    let long = "很长".repeat(20_000);
    let a2 = ANNEX2.replacen(
        "政务事项办理主体: 区民政局\n",
        &format!("政务事项办理主体: {long}\n"),
        1,
    );
    write_project(tmp.path(), PROJECT, &a2, ANNEX3);
    let d = check(&[tmp.path().join(A2_PATH)]);
    let codes: Vec<_> = d.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes, vec!["text-too-long"], "{}", show(&d));
    assert_eq!(text_pos(&d[0]), Some((8, 15)));
    saw(seen, &d, "text-too-long");
}

/// Every rule in the catalogue is reported by some case in this file: the
/// cases run again here and each rule counts only when its diagnostic came
/// out as the case expects.
#[test]
fn every_rule_has_a_case() {
    let mut seen = Seen::new();
    edit_cases(&mut seen);
    project_level(&mut seen);
    workbook_fixtures(&mut seen);
    workbook_identity(&mut seen);
    long_text(&mut seen);
    ledger_cases(&mut seen);
    crate::national_fixtures::national_cases(&mut seen);
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

/// The base project with `n` items in both catalogues: items 3.. copy item
/// 2 (临时救助) under new names.
fn with_items(n: usize) -> (String, String) {
    let extra = |base: &str| -> String {
        let at = base.find("  - 序号: 2").unwrap();
        let item2 = &base[at..];
        let mut out = base.to_string();
        for i in 3..=n {
            out.push_str(
                &item2
                    .replacen("序号: 2", &format!("序号: {i}"), 1)
                    .replace("临时救助", &format!("临时救助{i}")),
            );
        }
        out
    };
    (extra(ANNEX2), extra(ANNEX3))
}

/// "/", "无", "—" in cells that do not apply to a row mean "nothing":
/// no stray reason, no 不予公开 information "published" at "/", no
/// unreadable time limit — and in a required column they count as blank.
#[test]
fn placeholders_mean_nothing() {
    let a3 = ANNEX3
        .replacen(
            "            政府信息公开属性: 不予公开\n",
            "            政府信息公开属性: 不予公开\n            政府信息公开时间: /\n            政府信息公开途径: 无\n            政府信息公开载体: —\n",
            1,
        )
        .replacen(
            "            政府信息公开属性: 依申请公开\n",
            "            政府信息公开属性: 依申请公开\n            不予公开和部分公开的理由: 无\n",
            1,
        );
    let tmp = tempfile::tempdir().unwrap();
    write_project(tmp.path(), PROJECT, ANNEX2, &a3);
    let diags = check(&[tmp.path().to_path_buf()]);
    assert!(diags.is_empty(), "{}", show(&diags));

    // A placeholder where a value is required is reported as missing, with
    // what was written.
    let a2 = ANNEX2.replacen("所在环节办理时限: 10个工作日", "所在环节办理时限: /", 1);
    write_project(tmp.path(), PROJECT, &a2, ANNEX3);
    let diags = check(&[tmp.path().join(A2_PATH)]);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    assert_eq!(diags[0].code, Code::FieldMissing);
    assert!(
        diags[0].message.contains("只写了“/”"),
        "{}",
        diags[0].message
    );
    assert_eq!(text_pos(&diags[0]), Some((19, 19)), "{}", show(&diags));
}

/// The base project's 公开台账: every 主动公开 piece of the 附件3 published
/// on time, across the 2017 National Day and the 2018 Spring Festival
/// (2017-09-30 and 2018-02-24 are 调休 working Saturdays).
const LEDGER: &str = "\
试点单位: 区民政局
试点领域: 社会救助
公开记录:
  - 政务事项名称: 最低生活保障
    政府信息名称: 最低生活保障办事指南
    形成日期: 2017-09-29
    公开日期: 2017-10-10
  - 政务事项名称: 临时救助
    政府信息名称: 临时救助办事指南
    形成日期: 2017年10月9日
    公开日期: 2017/10/9
  - 政务事项名称: 最低生活保障
    政府信息名称: 最低生活保障办事指南
    形成日期: 2018.2.14
    公开日期: 2018-02-24
";

const LEDGER_PATH: &str = "区民政局/社会救助-公开台账.yaml";

/// The base project with 专栏开通日期 and `ledger`, checked as of
/// 2018-03-01.
fn check_ledger(dir: &Path, ledger: &str) -> Vec<Diagnostic> {
    let project = format!("{PROJECT}专栏开通日期: 2017-09-01\n");
    write_project(dir, &project, ANNEX2, ANNEX3);
    std::fs::write(dir.join(LEDGER_PATH), ledger).unwrap();
    let mut ws = gkml::project::load(&[dir.to_path_buf()]).unwrap();
    assert_eq!(ws.ledgers.len(), 1);
    ws.as_of = gkml::calendar::Date::from_ymd(2018, 3, 1);
    ws.check()
}

#[test]
fn ledger_rules_each_have_a_case() {
    ledger_cases(&mut Seen::new());
}

/// Each 公开台账 rule: one edit of the clean ledger, the code it must get
/// and the line (from the `‸`) it must point at; nothing else is reported.
fn ledger_cases(seen: &mut Seen) {
    let tmp = tempfile::tempdir().unwrap();
    let d = check_ledger(tmp.path(), LEDGER);
    assert!(d.is_empty(), "the clean ledger: {}", show(&d));
    let cases: &[(&str, &str, &str)] = &[
        (
            "ledger-date-invalid",
            "    公开日期: 2017-10-10\n",
            "    公开日期: ‸2017-10-32\n",
        ),
        (
            "ledger-not-in-catalog",
            "  - 政务事项名称: 最低生活保障\n    政府信息名称: 最低生活保障办事指南\n    形成日期: 2018.2.14\n",
            "  - 政务事项名称: ‸最低生活保障x\n    政府信息名称: 最低生活保障办事指南\n    形成日期: 2018.2.14\n",
        ),
        (
            "ledger-withheld-published",
            "    公开日期: 2018-02-24\n",
            "    公开日期: 2018-02-24\n  - 政务事项名称: 最低生活保障\n    政府信息名称: ‸最低生活保障申请书\n    形成日期: 2017-10-09\n    公开日期: 2017-10-09\n",
        ),
        (
            "ledger-date-order",
            "    公开日期: 2017-10-10\n",
            "    公开日期: ‸2017-09-28\n",
        ),
        (
            "ledger-late",
            "    公开日期: 2017-10-10\n",
            "    公开日期: ‸2017-10-11\n",
        ),
        (
            "calendar-year-missing",
            "    形成日期: 2018.2.14\n    公开日期: 2018-02-24\n",
            "    形成日期: ‸2027-01-05\n    公开日期: 2027-01-06\n",
        ),
    ];
    for (code, from, to) in cases {
        assert!(LEDGER.contains(from), "{code}: {from}");
        let (edited, at) = markers(&LEDGER.replacen(from, to, 1));
        let d = check_ledger(tmp.path(), &edited);
        let line = at[0].0;
        assert_eq!(d.len(), 1, "{code}: {}", show(&d));
        assert_eq!(d[0].code.as_str(), *code, "{}", show(&d));
        assert!(d[0].loc.file.ends_with(LEDGER_PATH), "{}", d[0].loc.file);
        assert_eq!(
            text_pos(&d[0]).map(|p| p.0),
            Some(line),
            "{code}: {}",
            show(&d)
        );
        saw(seen, &d, code);
    }
    // Without a record of 临时救助办事指南, the piece is 尚未公开 — at its
    // line in the 附件3; before the 专栏 opened nothing is due.
    let without = LEDGER.replacen(
        "  - 政务事项名称: 临时救助\n    政府信息名称: 临时救助办事指南\n    形成日期: 2017年10月9日\n    公开日期: 2017/10/9\n",
        "",
        1,
    );
    assert_ne!(without, LEDGER);
    let d = check_ledger(tmp.path(), &without);
    assert_eq!(d.len(), 1, "{}", show(&d));
    assert_eq!(d[0].code.as_str(), "ledger-unpublished");
    assert!(d[0].loc.file.ends_with(A3_PATH), "{}", d[0].loc.file);
    let line = ANNEX3
        .lines()
        .position(|l| l.contains("政府信息名称: 临时救助办事指南"))
        .unwrap() as u32
        + 1;
    assert_eq!(text_pos(&d[0]).map(|p| p.0), Some(line));
    saw(seen, &d, "ledger-unpublished");
}
