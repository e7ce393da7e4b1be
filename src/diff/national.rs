//! `gkml diff` on the national 基层政务公开标准目录 (format national-2019,
//! 国办发〔2019〕54号).
//!
//! Tables are matched by 编制单位 and 试点领域 (the domain's standard name, so
//! a table headed 医疗卫生 meets one headed 卫生健康). Within a pair of
//! tables, 一级事项 are matched by exact name first, then the rest by
//! similarity (name similarity plus the overlap of their 二级事项) — a
//! renamed 一级事项; what is left is added or removed. Within a pair of
//! 一级事项, 二级事项 rows are matched by 二级事项 (and 三级事项) first, then by
//! the similarity of the name and of 公开内容（要素） — a renamed 二级事项.
//!
//! Every column that differs is a change with its old and new text. Lists
//! (公开渠道和载体, 公开对象, 公开方式, 公开层级) are compared as sets, so the
//! order a checklist or a YAML list gives them in does not count; a change
//! names what was added and removed. Channels are compared as each side's
//! project reads them (`渠道标记`): under `使用` the channels marked ■ (or
//! listed without a mark), under `必选/可选` every channel listed, the 可选
//! ones so marked.
//!
//! Narrowings, flagged as the pilot flags 主动公开 → 依申请公开: a 二级事项
//! whose 公开方式 no longer includes 主动 (依申请 only), and one whose
//! 公开对象 no longer includes 全社会 (特定群体 only) — the information is no
//! longer open to everyone. The table has no column for a reason, so the
//! check is whether the new row's 备注 says something. Both sides still
//! including 主动 (主动 → 主动、依申请) is not a narrowing.

use std::collections::HashSet;

use super::{
    AttrChange, CatalogDiff, Change, ChangeKind, Diff, Direction, ITEM_THRESHOLD, NationalTotals,
    Side, Status, Totals, name_similarity, overlap, pair, pair_editions, pct, settle,
};
use crate::config::Config;
use crate::model::{Text, text};
use crate::national::NationalCatalog;
use crate::national::channel::{Mark, MarkMeaning};
use crate::national::compile::{domain_of, unit_of};
use crate::national::labels::{Audience, Method};
use crate::national::model::{Group, Row, keys};

/// 二级事项 pairs scoring below this are not taken as renamed.
pub const ROW_THRESHOLD: f64 = 0.6;

/// What a list value is written as when it has several entries.
const SEP: &str = "、";

/// One side of a national comparison: its tables and how its project
/// reads ■/□ and orders units and domains.
pub(super) struct NationalSide<'a> {
    pub tables: &'a [NationalCatalog],
    pub config: &'a Config,
}

fn val(t: &Text) -> Option<&str> {
    let s = text(t).trim();
    (!s.is_empty()).then_some(s)
}

fn owned(t: &Text) -> Option<String> {
    val(t).map(str::to_string)
}

fn name(t: &Text) -> String {
    val(t).unwrap_or("").to_string()
}

/// A 二级事项 row's identity within its 一级事项: 二级事项 and 三级事项.
fn row_key(r: &Row) -> String {
    format!("{}\u{1f}{}", name(&r.name), name(&r.level3))
}

/// The name shown for a row: `二级事项` or `二级事项 三级事项`.
fn row_name(r: &Row) -> String {
    match val(&r.level3) {
        Some(l3) => format!("{} {l3}", name(&r.name)),
        None => name(&r.name),
    }
}

/// The 二级事项 keys of a 一级事项, for comparing content.
fn row_keys(g: &Group) -> HashSet<String> {
    g.rows.iter().map(row_key).collect()
}

/// Score of an old/new 一级事项 pair for a rename: name similarity and the
/// overlap of their 二级事项, weighted equally.
fn group_score(old: &Group, new: &Group) -> f64 {
    0.5 * name_similarity(&name(&old.name), &name(&new.name))
        + 0.5 * overlap(&row_keys(old), &row_keys(new))
}

/// Score of an old/new 二级事项 pair for a rename: name similarity, averaged
/// with the similarity of 公开内容（要素） when both rows give one.
fn row_score(old: &Row, new: &Row) -> f64 {
    let ns = name_similarity(&row_name(old), &row_name(new));
    match (val(&old.content), val(&new.content)) {
        (Some(a), Some(b)) => 0.5 * ns + 0.5 * name_similarity(a, b),
        _ => ns,
    }
}

/// The channels a row has under its project's 渠道标记, deduplicated, in
/// the row's order: under `必选/可选` the □ ones read `名称（可选）`.
fn channels(r: &Row, meaning: MarkMeaning) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in r.channels.used(meaning) {
        let shown = if meaning == MarkMeaning::Required && e.mark == Mark::Empty {
            format!("{}（可选）", e.name)
        } else {
            e.name.clone()
        };
        if !out.contains(&shown) {
            out.push(shown);
        }
    }
    out
}

fn audiences(r: &Row) -> Vec<String> {
    [Audience::Public, Audience::Specific]
        .into_iter()
        .filter(|a| r.audiences.set.contains(a))
        .map(|a| a.label().to_string())
        .collect()
}

fn methods(r: &Row) -> Vec<String> {
    [Method::Active, Method::OnRequest]
        .into_iter()
        .filter(|m| r.methods.set.contains(m))
        .map(|m| m.label().to_string())
        .collect()
}

/// The 公开层级 ticked; `None` when the table has no such columns.
fn levels(r: &Row) -> Option<Vec<String>> {
    r.levels.as_ref().map(|t| {
        let mut out: Vec<String> = Vec::new();
        for l in &t.set {
            if !out.contains(l) {
                out.push(l.clone());
            }
        }
        out
    })
}

fn joined(list: &[String]) -> Option<String> {
    (!list.is_empty()).then(|| list.join(SEP))
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let a: HashSet<&String> = a.iter().collect();
    let b: HashSet<&String> = b.iter().collect();
    a == b
}

/// "5 个二级事项（主动 3、依申请 2）": the counts of a 一级事项's or table's rows.
fn rows_note(rows: &[&Row]) -> String {
    let mut parts = Vec::new();
    for m in [Method::Active, Method::OnRequest] {
        let n = rows.iter().filter(|r| r.methods.set.contains(&m)).count();
        if n > 0 {
            parts.push(format!("{} {n}", m.label()));
        }
    }
    if parts.is_empty() {
        format!("{} 个{}", rows.len(), keys::LEVEL2)
    } else {
        format!("{} 个{}（{}）", rows.len(), keys::LEVEL2, parts.join(SEP))
    }
}

fn group_note(g: &Group) -> String {
    let rows: Vec<&Row> = g.rows.iter().collect();
    rows_note(&rows)
}

/// "公开方式 主动，公开对象 全社会" of a row added or removed.
fn row_note(r: &Row) -> String {
    let or_none = |l: Vec<String>| joined(&l).unwrap_or_else(|| "未勾选".to_string());
    format!(
        "{} {}，{} {}",
        keys::METHOD,
        or_none(methods(r)),
        keys::AUDIENCE,
        or_none(audiences(r))
    )
}

fn table_note(c: &NationalCatalog) -> String {
    let rows: Vec<&Row> = c.groups.iter().flat_map(|g| &g.rows).collect();
    format!(
        "{} 个{}，{}",
        c.groups.len(),
        keys::LEVEL1,
        rows_note(&rows)
    )
}

/// A field change of `base`'s place.
fn field_change(
    base: &Change,
    field: &'static str,
    old: Option<String>,
    new: Option<String>,
) -> Change {
    let mut c = base.clone();
    c.change = ChangeKind::FieldChanged;
    c.field = Some(field);
    c.old = old;
    c.new = new;
    c
}

/// A list column's change: old and new text, what was added and removed.
fn list_change(base: &Change, field: &'static str, old: &[String], new: &[String]) -> Change {
    let mut c = field_change(base, field, joined(old), joined(new));
    c.added = new.iter().filter(|x| !old.contains(x)).cloned().collect();
    c.removed = old.iter().filter(|x| !new.contains(x)).cloned().collect();
    let mut parts = Vec::new();
    if !c.added.is_empty() {
        parts.push(format!("增加 {}", c.added.join(SEP)));
    }
    if !c.removed.is_empty() {
        parts.push(format!("减少 {}", c.removed.join(SEP)));
    }
    if !parts.is_empty() {
        c.note = Some(parts.join("；"));
    }
    c
}

/// The narrowing check of a √ group that opens to everyone with `open`
/// (公开方式 with 主动, 公开对象 with 全社会).
fn ticked_change(
    base: &Change,
    field: &'static str,
    open: &str,
    old: &[String],
    new: &[String],
    note: &Text,
) -> Change {
    let mut c = list_change(base, field, old, new);
    let (was, is) = (old.iter().any(|x| x == open), new.iter().any(|x| x == open));
    let direction = if old.is_empty() || new.is_empty() {
        Direction::Unclear
    } else {
        match (was, is) {
            (true, false) => Direction::Narrowed,
            (false, true) => Direction::Widened,
            _ => Direction::Unclear,
        }
    };
    let reason = val(note);
    c.note = Some(match direction {
        Direction::Narrowed => match reason {
            Some(r) => format!(
                "{field}收窄（不再勾选“{open}”），需要说明理由：新目录已在{}中写明“{r}”",
                keys::NOTE
            ),
            None => format!(
                "{field}收窄（不再勾选“{open}”），需要说明理由：新目录未写明理由（请在“{}”栏说明）",
                keys::NOTE
            ),
        },
        Direction::Widened => format!("{field}放宽（改为勾选“{open}”）"),
        Direction::Unclear if old.is_empty() || new.is_empty() => {
            format!("一方未勾选{field}，无法判断是否收窄")
        }
        Direction::Unclear => format!("仍勾选“{open}”，不属于收窄"),
    });
    c.attribute = Some(AttrChange {
        direction,
        needs_reason: direction == Direction::Narrowed,
        reason_given: reason.is_some(),
    });
    c
}

fn diff_row(
    out: &mut Vec<Change>,
    base: &Change,
    old: &Row,
    new: &Row,
    meanings: (MarkMeaning, MarkMeaning),
) {
    for (field, o, n) in [
        (keys::LEVEL3, &old.level3, &new.level3),
        (keys::CONTENT, &old.content, &new.content),
        (keys::BASIS, &old.basis, &new.basis),
        (keys::TIME, &old.time, &new.time),
        (keys::SUBJECT, &old.subject, &new.subject),
    ] {
        if val(o) != val(n) {
            out.push(field_change(base, field, owned(o), owned(n)));
        }
    }
    let (oc, nc) = (channels(old, meanings.0), channels(new, meanings.1));
    if !same_set(&oc, &nc) {
        out.push(list_change(base, keys::CHANNELS, &oc, &nc));
    }
    let (oa, na) = (audiences(old), audiences(new));
    if oa != na {
        out.push(ticked_change(
            base,
            keys::AUDIENCE,
            Audience::Public.label(),
            &oa,
            &na,
            &new.note,
        ));
    }
    let (om, nm) = (methods(old), methods(new));
    if om != nm {
        out.push(ticked_change(
            base,
            keys::METHOD,
            Method::Active.label(),
            &om,
            &nm,
            &new.note,
        ));
    }
    let (ol, nl) = (levels(old), levels(new));
    let same_levels = match (&ol, &nl) {
        (Some(a), Some(b)) => same_set(a, b),
        (None, None) => true,
        (Some(a), None) | (None, Some(a)) => a.is_empty(),
    };
    if !same_levels {
        let (ol, nl) = (ol.unwrap_or_default(), nl.unwrap_or_default());
        out.push(list_change(base, keys::LEVELS, &ol, &nl));
    }
    for (field, o, n) in [
        (keys::URL, &old.url, &new.url),
        (keys::NOTE, &old.note, &new.note),
    ] {
        if val(o) != val(n) {
            out.push(field_change(base, field, owned(o), owned(n)));
        }
    }
}

fn diff_group(
    out: &mut Vec<Change>,
    base: &Change,
    old: &Group,
    new: &Group,
    meanings: (MarkMeaning, MarkMeaning),
) {
    if val(&old.dir1) != val(&new.dir1) {
        out.push(field_change(
            base,
            keys::DIR1,
            owned(&old.dir1),
            owned(&new.dir1),
        ));
    }
    let pairs = pair(&old.rows, &new.rows, row_key, row_score, ROW_THRESHOLD);
    let mut matched = vec![false; old.rows.len()];
    for (ni, p) in pairs.iter().enumerate() {
        let Some(n) = new.rows.get(ni) else { continue };
        let mut c = base.clone();
        c.level2 = Some(name(&n.name));
        c.level3 = owned(&n.level3);
        match p {
            Some((oi, score)) => {
                let Some(o) = old.rows.get(*oi) else {
                    continue;
                };
                if let Some(m) = matched.get_mut(*oi) {
                    *m = true;
                }
                if name(&o.name) != name(&n.name) {
                    let mut r = c.clone();
                    r.change = ChangeKind::Level2Renamed;
                    r.field = Some(keys::LEVEL2);
                    r.old = owned(&o.name);
                    r.new = owned(&n.name);
                    r.note = Some(match (val(&o.content), val(&n.content)) {
                        (Some(a), Some(b)) => format!(
                            "名称相似度 {}，{}相似度 {}（综合 {}）",
                            pct(name_similarity(&row_name(o), &row_name(n))),
                            keys::CONTENT,
                            pct(name_similarity(a, b)),
                            pct(*score)
                        ),
                        _ => format!("名称相似度 {}", pct(*score)),
                    });
                    out.push(r);
                }
                diff_row(out, &c, o, n, meanings);
            }
            None => {
                c.change = ChangeKind::Level2Added;
                c.field = Some(keys::LEVEL2);
                c.new = Some(row_name(n));
                c.note = Some(row_note(n));
                out.push(c);
            }
        }
    }
    for (oi, o) in old.rows.iter().enumerate() {
        if !matched.get(oi).copied().unwrap_or(true) {
            let mut c = base.clone();
            c.change = ChangeKind::Level2Removed;
            c.level2 = Some(name(&o.name));
            c.level3 = owned(&o.level3);
            c.field = Some(keys::LEVEL2);
            c.old = Some(row_name(o));
            c.note = Some(row_note(o));
            out.push(c);
        }
    }
}

/// The changes between two versions of one table.
pub fn diff_table(
    old: &NationalCatalog,
    new: &NationalCatalog,
    meanings: (MarkMeaning, MarkMeaning),
) -> Vec<Change> {
    let mut out = Vec::new();
    for (field, o, n) in [
        (keys::UNIT, &old.unit, &new.unit),
        (keys::DOMAIN, &old.domain, &new.domain),
    ] {
        if val(o) != val(n) {
            let mut c = Change::new(ChangeKind::CatalogField);
            c.field = Some(field);
            c.old = owned(o);
            c.new = owned(n);
            out.push(c);
        }
    }
    let pairs = pair(
        &old.groups,
        &new.groups,
        |g| name(&g.name),
        group_score,
        ITEM_THRESHOLD,
    );
    let mut matched = vec![false; old.groups.len()];
    for (ni, p) in pairs.iter().enumerate() {
        let Some(n) = new.groups.get(ni) else {
            continue;
        };
        let mut base = Change::new(ChangeKind::FieldChanged);
        base.level1 = Some(name(&n.name));
        match p {
            Some((oi, score)) => {
                let Some(o) = old.groups.get(*oi) else {
                    continue;
                };
                if let Some(m) = matched.get_mut(*oi) {
                    *m = true;
                }
                if name(&o.name) != name(&n.name) {
                    let mut r = base.clone();
                    r.change = ChangeKind::Level1Renamed;
                    r.field = Some(keys::LEVEL1);
                    r.old = owned(&o.name);
                    r.new = owned(&n.name);
                    r.note = Some(format!(
                        "名称相似度 {}，{}重合 {}（综合 {}）",
                        pct(name_similarity(&name(&o.name), &name(&n.name))),
                        keys::LEVEL2,
                        pct(overlap(&row_keys(o), &row_keys(n))),
                        pct(*score)
                    ));
                    out.push(r);
                }
                diff_group(&mut out, &base, o, n, meanings);
            }
            None => {
                base.change = ChangeKind::Level1Added;
                base.field = Some(keys::LEVEL1);
                base.new = owned(&n.name);
                base.note = Some(group_note(n));
                out.push(base);
            }
        }
    }
    for (oi, o) in old.groups.iter().enumerate() {
        if !matched.get(oi).copied().unwrap_or(true) {
            let mut c = Change::new(ChangeKind::Level1Removed);
            c.level1 = Some(name(&o.name));
            c.field = Some(keys::LEVEL1);
            c.old = owned(&o.name);
            c.note = Some(group_note(o));
            out.push(c);
        }
    }
    out
}

fn table_key(c: &NationalCatalog) -> (String, String) {
    (unit_of(c), domain_of(c))
}

/// The project's 编制单位 and 试点领域 in the order of its
/// 编制单位及试点领域, domains by their standard names.
fn listed_order(cfg: &Config, units: &mut Vec<String>, domains: &mut Vec<String>) {
    for (u, ds) in &cfg.national.units {
        let u = u.value.trim().to_string();
        if !u.is_empty() && !units.contains(&u) {
            units.push(u);
        }
        for d in ds {
            let d = d.value.trim();
            let d = crate::national::domain::canonical(d)
                .unwrap_or(d)
                .to_string();
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
    }
}

/// Compares two editions of national tables. With `pair_leftovers`, a table
/// left unmatched on each side is paired with the other (two files of one
/// unit whose unit or domain was renamed or is missing). Grouped by unit,
/// then domain: the new project's 编制单位及试点领域 order, the old one's,
/// then as the tables were read (new edition first).
pub(super) fn compare(old: &NationalSide, new: &NationalSide, pair_leftovers: bool) -> Diff {
    let meanings = (old.config.national.marks, new.config.national.marks);
    let (olds, news) = (old.tables, new.tables);
    let pairs = pair_editions(
        olds,
        news,
        table_key,
        pair_leftovers.then_some(|_: &NationalCatalog| ()),
    );

    let mut summary = Totals {
        national: Some(NationalTotals::default()),
        ..Totals::default()
    };
    let mut catalogs = Vec::new();
    for (o, n) in pairs {
        let (o, n) = (o.and_then(|i| olds.get(i)), n.and_then(|i| news.get(i)));
        let Some(shown) = n.or(o) else { continue };
        let (unit, domain) = table_key(shown);
        let mut cd = CatalogDiff {
            unit,
            domain,
            kind: keys::FORMAT_NAME,
            label: keys::CATALOG_NAME,
            status: Status::Changed,
            old_file: o.map(|c| c.file.to_string()),
            new_file: n.map(|c| c.file.to_string()),
            note: None,
            changes: Vec::new(),
        };
        let diff = |o: &NationalCatalog, n: &NationalCatalog| diff_table(o, n, meanings);
        if settle(&mut cd, o, n, diff, table_note, &mut summary) {
            catalogs.push(cd);
        }
    }

    let (mut units, mut domains) = (Vec::new(), Vec::new());
    listed_order(new.config, &mut units, &mut domains);
    listed_order(old.config, &mut units, &mut domains);
    for c in news.iter().chain(olds) {
        let (u, d) = table_key(c);
        if !units.contains(&u) {
            units.push(u);
        }
        if !domains.contains(&d) {
            domains.push(d);
        }
    }
    let pos = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(usize::MAX);
    catalogs.sort_by_key(|c| (pos(&units, &c.unit), pos(&domains, &c.domain)));

    Diff {
        format: super::FORMAT_TAG,
        catalog_format: Some(keys::FORMAT_NAME),
        old: Side {
            catalogs: olds.len(),
            ..Side::default()
        },
        new: Side {
            catalogs: news.len(),
            ..Side::default()
        },
        summary,
        catalogs,
        notes: Vec::new(),
    }
}
