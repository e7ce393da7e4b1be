//! Text outputs of a diff: the human change list, JSON, and the compact list
//! for the booklet's 修订说明 appendix.

use serde_json::Value;

use crate::compiled;
use crate::format::hongkou::Field;
use crate::national::model::keys;

use super::{CatalogDiff, Change, ChangeKind, Diff, Direction, Status, Totals};

/// The 变化 label of a change (the column of the 修订对照表).
pub fn label(c: &Change) -> String {
    let fixed = match c.change {
        ChangeKind::CatalogField => "修改",
        ChangeKind::ItemAdded => "新增事项",
        ChangeKind::ItemRemoved => "删除事项",
        ChangeKind::ItemRenamed => "事项更名",
        ChangeKind::StepAdded => "新增环节",
        ChangeKind::StepRemoved => "删除环节",
        ChangeKind::InfoAdded => "新增信息",
        ChangeKind::InfoRemoved => "删除信息",
        ChangeKind::InfoRenamed => "信息更名",
        ChangeKind::Level1Added => return format!("新增{}", keys::LEVEL1),
        ChangeKind::Level1Removed => return format!("删除{}", keys::LEVEL1),
        ChangeKind::Level1Renamed => return format!("{}更名", keys::LEVEL1),
        ChangeKind::Level2Added => return format!("新增{}", keys::LEVEL2),
        ChangeKind::Level2Removed => return format!("删除{}", keys::LEVEL2),
        ChangeKind::Level2Renamed => return format!("{}更名", keys::LEVEL2),
        ChangeKind::FieldChanged => {
            let Some(direction) = c.attribute.as_ref().map(|a| a.direction) else {
                return "修改".to_string();
            };
            // The pilot's attribute is called 公开属性 for short; a national
            // 公开方式 / 公开对象 by its own name.
            let what = match c.field {
                Some(f) if f != Field::Attr.header() => f,
                _ => "公开属性",
            };
            let how = match direction {
                Direction::Narrowed => "收窄",
                Direction::Widened => "放宽",
                Direction::Unclear => "修改",
            };
            return format!("{what}{how}");
        }
    };
    fixed.to_string()
}

/// The 变化 label of an added or removed catalogue.
pub fn catalog_label(cd: &CatalogDiff) -> &'static str {
    match cd.status {
        Status::Added => "新增目录",
        Status::Removed => "删除目录",
        Status::Changed => "修改",
    }
}

/// "最低生活保障 › 审批 › 审批通知书" — where a change is (national:
/// "一级事项 › 二级事项 › 三级事项").
fn path(c: &Change) -> String {
    let parts: Vec<&str> = [&c.item, &c.step, &c.info, &c.level1, &c.level2, &c.level3]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    parts.join(" › ")
}

/// “text”, or （空） for nothing.
fn quoted(v: &Option<String>) -> String {
    match v {
        Some(s) => format!("“{s}”"),
        None => "（空）".to_string(),
    }
}

/// One line describing a change, without its label.
pub fn describe(c: &Change) -> String {
    let note = |s: String| match &c.note {
        Some(n) => format!("{s}（{n}）"),
        None => s,
    };
    match c.change {
        ChangeKind::ItemAdded
        | ChangeKind::ItemRemoved
        | ChangeKind::StepAdded
        | ChangeKind::StepRemoved
        | ChangeKind::InfoAdded
        | ChangeKind::InfoRemoved
        | ChangeKind::Level1Added
        | ChangeKind::Level1Removed
        | ChangeKind::Level2Added
        | ChangeKind::Level2Removed => note(path(c)),
        ChangeKind::ItemRenamed | ChangeKind::Level1Renamed => {
            note(format!("{} → {}", quoted(&c.old), quoted(&c.new)))
        }
        ChangeKind::InfoRenamed | ChangeKind::Level2Renamed => {
            let mut p = c.clone();
            p.info = None;
            p.level2 = None;
            p.level3 = None;
            note(format!(
                "{}：{} → {}",
                path(&p),
                quoted(&c.old),
                quoted(&c.new)
            ))
        }
        ChangeKind::CatalogField | ChangeKind::FieldChanged => {
            let at = path(c);
            let s = format!(
                "{}{}{} {} → {}",
                at,
                if at.is_empty() { "" } else { "：" },
                c.field.unwrap_or(""),
                quoted(&c.old),
                quoted(&c.new)
            );
            match &c.note {
                Some(n) => format!("{s}。{n}"),
                None => s,
            }
        }
    }
}

fn symbol(c: &Change) -> char {
    if c.is_narrowing() {
        return '!';
    }
    match c.change {
        ChangeKind::ItemAdded
        | ChangeKind::StepAdded
        | ChangeKind::InfoAdded
        | ChangeKind::Level1Added
        | ChangeKind::Level2Added => '+',
        ChangeKind::ItemRemoved
        | ChangeKind::StepRemoved
        | ChangeKind::InfoRemoved
        | ChangeKind::Level1Removed
        | ChangeKind::Level2Removed => '-',
        _ => '~',
    }
}

fn edition(path: &str, year: &Option<String>) -> String {
    match year {
        Some(y) => format!("{path}（{y}年）"),
        None => path.to_string(),
    }
}

/// "新增政务事项 1 项、删除办理环节 2 个、……" — the non-zero counts.
pub fn summary_parts(s: &Totals) -> Vec<String> {
    let mut parts = Vec::new();
    let mut add = |n: usize, what: &str, unit: &str| {
        if n > 0 {
            parts.push(format!("{what} {n} {unit}"));
        }
    };
    add(s.catalogs_added, "新增目录", "份");
    add(s.catalogs_removed, "删除目录", "份");
    add(s.items_added, "新增政务事项", "项");
    add(s.items_removed, "删除政务事项", "项");
    add(s.items_renamed, "政务事项更名", "项");
    add(s.steps_added, "新增办理环节", "个");
    add(s.steps_removed, "删除办理环节", "个");
    add(s.infos_added, "新增政府信息", "项");
    add(s.infos_removed, "删除政府信息", "项");
    add(s.infos_renamed, "政府信息更名", "项");
    if let Some(n) = &s.national {
        let (l1, l2) = (keys::LEVEL1, keys::LEVEL2);
        add(n.level1_added, &format!("新增{l1}"), "项");
        add(n.level1_removed, &format!("删除{l1}"), "项");
        add(n.level1_renamed, &format!("{l1}更名"), "项");
        add(n.level2_added, &format!("新增{l2}"), "项");
        add(n.level2_removed, &format!("删除{l2}"), "项");
        add(n.level2_renamed, &format!("{l2}更名"), "项");
    }
    add(s.fields_changed, "字段修改", "处");
    parts
}

/// What the attribute changes are called: the pilot's 政府信息公开属性, the
/// national table's 公开方式、公开对象.
pub fn attribute_words(national: bool) -> String {
    if national {
        format!("{}、{}", keys::METHOD, keys::AUDIENCE)
    } else {
        Field::Attr.header().to_string()
    }
}

/// The sentence about attribute changes, if any.
fn attribute_sentence(s: &Totals) -> Option<String> {
    if s.attributes_changed == 0 {
        return None;
    }
    let mut t = format!(
        "{}调整 {} 处",
        attribute_words(s.national.is_some()),
        s.attributes_changed
    );
    if s.narrowed > 0 {
        t.push_str(&format!("，其中收窄 {} 处", s.narrowed));
        if s.narrowed_without_reason > 0 {
            t.push_str(&format!(
                "（{} 处新目录未写明理由）",
                s.narrowed_without_reason
            ));
        } else {
            t.push_str("（均已写明理由）");
        }
    }
    Some(t)
}

/// The readable change list, grouped by unit and domain.
pub fn to_human(d: &Diff) -> String {
    let mut out = format!(
        "比较 {} → {}\n",
        edition(&d.old.path, &d.old.year),
        edition(&d.new.path, &d.new.year)
    );
    if d.is_empty() {
        out.push_str(&format!(
            "\n两个版本的目录内容相同（{} 份目录）。\n",
            d.new.catalogs
        ));
        return out;
    }
    let mut group: Option<(&str, &str)> = None;
    for cd in &d.catalogs {
        if group != Some((cd.unit.as_str(), cd.domain.as_str())) {
            out.push_str(&format!("\n{} · {}\n", cd.unit, cd.domain));
            group = Some((cd.unit.as_str(), cd.domain.as_str()));
        }
        let file = match (&cd.old_file, &cd.new_file) {
            (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
            (_, Some(n)) => n.clone(),
            (Some(o), None) => o.clone(),
            (None, None) => String::new(),
        };
        match cd.status {
            Status::Added | Status::Removed => {
                let sym = if cd.status == Status::Added { '+' } else { '-' };
                out.push_str(&format!(
                    "  {sym} {}  {}（{}）  {}：{}\n",
                    catalog_label(cd),
                    cd.label,
                    cd.kind,
                    file,
                    cd.note.as_deref().unwrap_or("")
                ));
            }
            Status::Changed => {
                out.push_str(&format!("  {}（{}）  {}\n", cd.label, cd.kind, file));
                for c in &cd.changes {
                    out.push_str(&format!(
                        "    {} {}  {}\n",
                        symbol(c),
                        label(c),
                        describe(c)
                    ));
                }
            }
        }
    }
    let s = &d.summary;
    out.push_str(&format!(
        "\n共 {} 处变化：{}。\n",
        s.changes,
        summary_parts(s).join("、")
    ));
    if let Some(t) = attribute_sentence(s) {
        out.push_str(&t);
        out.push_str("。\n");
    }
    out
}

/// Stable JSON (pretty, ending in a newline).
pub fn to_json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_default();
    s.push('\n');
    s
}

/// Texts longer than this are not quoted in the booklet.
const BOOKLET_QUOTE_MAX: usize = 40;

fn short(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .filter(|s| s.chars().count() <= BOOKLET_QUOTE_MAX)
        .map(|s| format!("“{s}”"))
}

/// One clause of the booklet's detail for a change within an item.
fn clause(c: &Change) -> String {
    let q = |v: &Option<String>| format!("“{}”", v.as_deref().unwrap_or(""));
    let step = c.step.as_ref().map(|s| format!("“{s}”环节"));
    let step = step.as_deref().unwrap_or("");
    match c.change {
        ChangeKind::ItemAdded => format!("新增事项{}", q(&c.item)),
        ChangeKind::ItemRemoved => format!("删除事项{}", q(&c.item)),
        ChangeKind::ItemRenamed => format!("事项名称由{}改为{}", q(&c.old), q(&c.new)),
        ChangeKind::StepAdded => format!("新增{step}"),
        ChangeKind::StepRemoved => format!("删除{step}"),
        ChangeKind::InfoAdded => format!("{step}新增政府信息{}", q(&c.info)),
        ChangeKind::InfoRemoved => format!("{step}删除政府信息{}", q(&c.info)),
        ChangeKind::InfoRenamed => {
            format!("{step}政府信息{}更名为{}", q(&c.old), q(&c.new))
        }
        ChangeKind::Level1Added => format!("新增{}{}", keys::LEVEL1, q(&c.level1)),
        ChangeKind::Level1Removed => format!("删除{}{}", keys::LEVEL1, q(&c.level1)),
        ChangeKind::Level1Renamed => {
            format!("{}名称由{}改为{}", keys::LEVEL1, q(&c.old), q(&c.new))
        }
        ChangeKind::Level2Added => format!("新增{}{}", keys::LEVEL2, q(&c.new)),
        ChangeKind::Level2Removed => format!("删除{}{}", keys::LEVEL2, q(&c.old)),
        ChangeKind::Level2Renamed => {
            format!("{}{}更名为{}", keys::LEVEL2, q(&c.old), q(&c.new))
        }
        ChangeKind::CatalogField | ChangeKind::FieldChanged => {
            let whose = match (&c.info, &c.step, &c.level2) {
                (Some(i), _, _) => format!("“{i}”"),
                (None, Some(_), _) => step.to_string(),
                (None, None, Some(_)) => {
                    let mut p = c.clone();
                    p.level1 = None;
                    format!("“{}”", path(&p))
                }
                (None, None, None) => String::new(),
            };
            let field = match c.field {
                Some(f) if f == Field::Attr.header() => "公开属性",
                Some(f) if f == Field::TimeLimit.header() => "办理时限",
                Some(f) => f,
                None => "",
            };
            let listed = |l: &[String]| {
                l.iter()
                    .map(|x| format!("“{x}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let mut s = match (short(&c.old), short(&c.new)) {
                // A list column (national 公开渠道和载体, 公开层级): what
                // came and went.
                _ if c.attribute.is_none() && !(c.added.is_empty() && c.removed.is_empty()) => {
                    let mut parts = Vec::new();
                    if !c.added.is_empty() {
                        parts.push(format!("增加{}", listed(&c.added)));
                    }
                    if !c.removed.is_empty() {
                        parts.push(format!("减少{}", listed(&c.removed)));
                    }
                    format!("{whose}{field}{}", parts.join("，"))
                }
                (Some(o), Some(n)) => format!("{whose}{field}由{o}调整为{n}"),
                (None, Some(n)) if c.old.is_none() => format!("{whose}补充{field}{n}"),
                (Some(o), None) if c.new.is_none() => format!("{whose}删去{field}{o}"),
                _ => format!("{whose}{field}有修改"),
            };
            if c.is_narrowing() {
                s.push_str("（收窄）");
            }
            s
        }
    }
}

/// The compact change list for the booklet's 修订说明 appendix:
/// `{"summary": text, "entries": [{"unit", "domain", "change": 新增/删除/修改,
/// "detail"}]}` — one entry per catalogue added or removed and per item
/// changed. Changes to a 附件3 item that repeat the same change in 附件2 are
/// left out.
pub fn booklet_changes(d: &Diff) -> Value {
    serde_json::to_value(changes(d)).unwrap_or(Value::Null)
}

/// The revision notes `gkml build --previous` appends to the booklet.
pub fn changes(d: &Diff) -> compiled::Changes {
    let s = &d.summary;
    let since = match &d.old.year {
        Some(y) => format!("与{y}年版相比"),
        None => "与上一版相比".to_string(),
    };
    let summary = if d.is_empty() {
        format!("{since}，本版目录内容没有变化。")
    } else {
        let mut t = format!(
            "{since}，本版共修订 {} 处：{}。",
            s.changes,
            summary_parts(s).join("，")
        );
        if let Some(a) = attribute_sentence(s) {
            t.push_str(&a);
            t.push('。');
        }
        t
    };

    let mut entries: Vec<compiled::Change> = Vec::new();
    // Clauses already given for 附件2, by (unit, domain, item).
    let mut standard: Vec<(String, String, Option<String>, String)> = Vec::new();
    for cd in &d.catalogs {
        let operational = cd.kind == crate::model::Kind::Operational.annex();
        let entry = |change: &str, detail: String| compiled::Change {
            unit: cd.unit.clone(),
            domain: cd.domain.clone(),
            change: change.to_string(),
            detail,
        };
        match cd.status {
            Status::Added => entries.push(entry(
                "新增",
                format!("新增{}：{}", cd.label, cd.note.as_deref().unwrap_or("")),
            )),
            Status::Removed => entries.push(entry(
                "删除",
                format!(
                    "删除{}（原有{}）",
                    cd.label,
                    cd.note.as_deref().unwrap_or("")
                ),
            )),
            Status::Changed => {
                // Group by item (national: 一级事项), in order of first
                // appearance.
                let mut groups: Vec<(Option<String>, Vec<&Change>)> = Vec::new();
                for c in &cd.changes {
                    let key = c.item.clone().or_else(|| c.level1.clone());
                    match groups.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, v)) => v.push(c),
                        None => groups.push((key, vec![c])),
                    }
                }
                for (item, changes) in groups {
                    let change = if changes.iter().any(|c| {
                        matches!(c.change, ChangeKind::ItemAdded | ChangeKind::Level1Added)
                    }) {
                        "新增"
                    } else if changes.iter().any(|c| {
                        matches!(
                            c.change,
                            ChangeKind::ItemRemoved | ChangeKind::Level1Removed
                        )
                    }) {
                        "删除"
                    } else {
                        "修改"
                    };
                    let mut clauses: Vec<String> = Vec::new();
                    for c in &changes {
                        let t = clause(c);
                        if !clauses.contains(&t) {
                            clauses.push(t);
                        }
                    }
                    if operational {
                        clauses.retain(|t| {
                            !standard.iter().any(|(u, dm, i, x)| {
                                *u == cd.unit && *dm == cd.domain && *i == item && x == t
                            })
                        });
                        if clauses.is_empty() {
                            continue;
                        }
                    } else {
                        for t in &clauses {
                            standard.push((
                                cd.unit.clone(),
                                cd.domain.clone(),
                                item.clone(),
                                t.clone(),
                            ));
                        }
                    }
                    let body = match (&item, change) {
                        (Some(_), "新增" | "删除") => clauses.join("；"),
                        (Some(i), _) => format!("{i}：{}", clauses.join("；")),
                        (None, _) => clauses.join("；"),
                    };
                    let detail = if operational {
                        format!("（{}）{body}", cd.label)
                    } else {
                        body
                    };
                    entries.push(entry(change, detail));
                }
            }
        }
    }
    compiled::Changes { summary, entries }
}
