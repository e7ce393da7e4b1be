//! `gkml diff`: what changed between two editions of the catalogues.
//!
//! Catalogues are matched by (试点单位, 试点领域, 目录类型). Within a pair,
//! items are matched by exact 政务事项名称 first, then the rest by similarity
//! (name similarity plus overlap of step and information names) above a
//! threshold — a renamed item; what is left is added or removed. Steps are
//! matched by name within an item; information by name within a step, then by
//! name similarity (renamed). Every field that differs is a change with its old
//! and new value; a change of disclosure attribute towards less openness is flagged
//! as 收窄 and says whether the new entry gives a reason.
//!
//! Not reported: 序号 and the order of items, steps and information (they
//! shift whenever something is added or removed).
//!
//! The national 基层政务公开标准目录 (format national-2019) is compared the
//! same way by [`national`]: its 一级事项 and 二级事项 take the places of
//! items and information, 公开方式 and 公开对象 that of the disclosure
//! attribute. Both editions must be of one format.

mod national;
mod render;
mod xlsx;

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use crate::diag::Severity;
use crate::format::hongkou::Field;
use crate::model::{Attr, Catalog, Info, Item, Kind, Step, Text, text};
use crate::national::model::keys as national_keys;
use crate::project::{self, Workspace};
use crate::source::display_path;
use crate::stats::UNNAMED;

pub use render::{booklet_changes, changes, describe, to_human, to_json};
pub use xlsx::to_xlsx;

/// Format tag of the JSON output.
pub const FORMAT_TAG: &str = "gkml-diff/1";

/// Item pairs scoring below this are not taken as renamed.
pub const ITEM_THRESHOLD: f64 = 0.55;
/// Information pairs whose names are less similar are not taken as renamed.
pub const INFO_THRESHOLD: f64 = 0.6;

/// What kind of change a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A field of the catalogue itself (试点单位/试点领域, when two files are compared).
    CatalogField,
    ItemAdded,
    ItemRemoved,
    ItemRenamed,
    StepAdded,
    StepRemoved,
    InfoAdded,
    InfoRemoved,
    InfoRenamed,
    /// A field of an item, step or piece of information (or of a national
    /// 一级事项 or 二级事项).
    FieldChanged,
    /// national-2019: a 一级事项 added, removed or renamed.
    Level1Added,
    Level1Removed,
    Level1Renamed,
    /// national-2019: a 二级事项 (a row of the table) added, removed or
    /// renamed.
    Level2Added,
    Level2Removed,
    Level2Renamed,
}

/// Which way a disclosure attribute moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Less open (主动公开 → 依申请公开/部分公开/不予公开, …; national: 公开方式
    /// no longer 主动, 公开对象 no longer 全社会): needs a reason.
    Narrowed,
    /// More open.
    Widened,
    /// One side is missing or has several attributes (national: both sides
    /// still 主动, or still 全社会, with another tick added or dropped).
    Unclear,
}

/// Details of a disclosure attribute change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttrChange {
    pub direction: Direction,
    /// True for a narrowing: the change needs a reason.
    pub needs_reason: bool,
    /// Whether the new entry gives one (a reason, or a 备注).
    pub reason_given: bool,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    /// 政务事项名称 (the new name; the old one for a removed item).
    pub item: Option<String>,
    /// The step's name.
    pub step: Option<String>,
    /// The information's name (the new name; the old one when removed).
    pub info: Option<String>,
    /// national-2019: the 一级事项 (the new name; the old one when removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level1: Option<String>,
    /// national-2019: the 二级事项 (the new name; the old one when removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level2: Option<String>,
    /// national-2019: the row's 三级事项, in tables with that column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level3: Option<String>,
    /// The template term of the field that changed (for renames, the name field).
    pub field: Option<&'static str>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// national-2019 公开渠道和载体 (and the other lists): what the new row
    /// has that the old one had not, in the new row's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// What the old row had that the new one has not, in the old row's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// For disclosure attribute changes.
    pub attribute: Option<AttrChange>,
    /// An explanation in Chinese (counts for added/removed parts, similarity
    /// for renames, the reason check for a narrowing).
    pub note: Option<String>,
}

impl Change {
    fn new(change: ChangeKind) -> Change {
        Change {
            change,
            item: None,
            step: None,
            info: None,
            level1: None,
            level2: None,
            level3: None,
            field: None,
            old: None,
            new: None,
            added: Vec::new(),
            removed: Vec::new(),
            attribute: None,
            note: None,
        }
    }

    /// True for a disclosure attribute narrowing.
    pub fn is_narrowing(&self) -> bool {
        self.attribute
            .as_ref()
            .is_some_and(|a| a.direction == Direction::Narrowed)
    }
}

/// Whether a catalogue was added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

/// The changes of one catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogDiff {
    /// 试点单位 (national: 编制单位; the new one when both exist).
    pub unit: String,
    /// 试点领域.
    pub domain: String,
    /// 附件2 / 附件3 (national: `national-2019`).
    pub kind: &'static str,
    /// 标准化目录 / 规范化操作目录 (national: 基层政务公开标准目录).
    pub label: &'static str,
    pub status: Status,
    pub old_file: Option<String>,
    pub new_file: Option<String>,
    /// For an added or removed catalogue: what it holds.
    pub note: Option<String>,
    /// For a changed catalogue, in the new catalogue's order, removed parts
    /// after the parts they belonged to.
    pub changes: Vec<Change>,
}

/// One side of the comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Side {
    /// The path as given.
    pub path: String,
    /// 年度 from the project file, when there is one.
    pub year: Option<String>,
    /// Catalogues read.
    pub catalogs: usize,
}

/// Totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub catalogs_added: usize,
    pub catalogs_removed: usize,
    pub catalogs_changed: usize,
    pub catalogs_unchanged: usize,
    pub items_added: usize,
    pub items_removed: usize,
    pub items_renamed: usize,
    pub steps_added: usize,
    pub steps_removed: usize,
    pub infos_added: usize,
    pub infos_removed: usize,
    pub infos_renamed: usize,
    /// Field changes (including disclosure attribute and catalogue fields).
    pub fields_changed: usize,
    /// disclosure attribute changes.
    pub attributes_changed: usize,
    /// Of those, narrowings.
    pub narrowed: usize,
    /// Narrowings whose new entry gives no reason.
    pub narrowed_without_reason: usize,
    /// Change rows plus added and removed catalogues.
    pub changes: usize,
    /// national-2019: the 一级事项 and 二级事项 counts (absent for the
    /// pilot's catalogues).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub national: Option<NationalTotals>,
}

/// The counts of a national-2019 comparison besides [`Totals`]' own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NationalTotals {
    pub level1_added: usize,
    pub level1_removed: usize,
    pub level1_renamed: usize,
    pub level2_added: usize,
    pub level2_removed: usize,
    pub level2_renamed: usize,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub format: &'static str,
    /// `national-2019` when the editions are national 标准目录; absent for
    /// the pilot's 附件2/附件3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog_format: Option<&'static str>,
    pub old: Side,
    pub new: Side,
    pub summary: Totals,
    /// Catalogues that differ, grouped by unit, then domain, then 附件2 before 附件3.
    pub catalogs: Vec<CatalogDiff>,
    /// Warnings for the user (a side with read errors): not part of the
    /// comparison's output.
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Diff {
    /// True when the two editions hold the same content.
    pub fn is_empty(&self) -> bool {
        self.catalogs.is_empty()
    }

    /// True when the editions are national-2019 标准目录.
    pub fn is_national(&self) -> bool {
        self.catalog_format.is_some()
    }
}

// ---------------------------------------------------------------- helpers

/// A text's trimmed value, `None` when blank.
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

/// The marked attributes as text: one label, several joined by "、", or
/// `None` when none is marked.
fn attr_text(info: &Info) -> Option<String> {
    if info.attrs.is_empty() {
        return None;
    }
    let labels: Vec<&str> = info.attrs.iter().map(|a| a.value.label()).collect();
    Some(labels.join("、"))
}

/// Openness rank: 主动公开 0 … 不予公开 3.
fn rank(a: Attr) -> u8 {
    match a {
        Attr::Active => 0,
        Attr::OnRequest => 1,
        Attr::Partial => 2,
        Attr::Withheld => 3,
    }
}

/// Similarity of two names, 0–1 (normalised edit distance over characters).
pub fn name_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a.trim(), b.trim())
}

/// The step and information names of an item, for comparing content.
fn content_keys(item: &Item) -> HashSet<String> {
    let mut keys = HashSet::new();
    for s in &item.steps {
        let sn = name(&s.name);
        for i in &s.infos {
            keys.insert(format!("信息\u{1f}{}", name(&i.name)));
        }
        keys.insert(format!("环节\u{1f}{sn}"));
    }
    keys
}

/// Jaccard overlap of two sets (1 when both are empty).
fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Pairs `old` and `new` entries: equal keys first (in order), then the rest
/// by `score` ≥ `threshold`, best first. Returns, for each new entry, the
/// index of its old partner and the score (1 for an exact match).
// Every index comes from enumerating the slice it indexes (or a vector made
// with that slice's length).
#[allow(clippy::indexing_slicing)]
fn pair<T>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> String,
    score: impl Fn(&T, &T) -> f64,
    threshold: f64,
) -> Vec<Option<(usize, f64)>> {
    let mut taken = vec![false; old.len()];
    let mut out: Vec<Option<(usize, f64)>> = vec![None; new.len()];
    let old_keys: Vec<String> = old.iter().map(&key).collect();
    for (ni, n) in new.iter().enumerate() {
        let k = key(n);
        if let Some(oi) = (0..old.len()).find(|&oi| !taken[oi] && old_keys[oi] == k) {
            taken[oi] = true;
            out[ni] = Some((oi, 1.0));
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        if out[ni].is_some() {
            continue;
        }
        for (oi, o) in old.iter().enumerate() {
            if taken[oi] {
                continue;
            }
            let s = score(o, n);
            if s >= threshold {
                candidates.push((s, ni, oi));
            }
        }
    }
    // Best score first; ties by position, so the result does not depend on
    // the sort's stability.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (s, ni, oi) in candidates {
        if out[ni].is_none() && !taken[oi] {
            taken[oi] = true;
            out[ni] = Some((oi, s));
        }
    }
    out
}

/// "行政给付，3 个办理环节，7 项政府信息（主动公开 3、不予公开 4）".
fn item_content_note(item: &Item) -> String {
    let infos: Vec<&Info> = item.steps.iter().flat_map(|s| &s.infos).collect();
    let mut s = String::new();
    if let Some(c) = val(&item.category) {
        s.push_str(c);
        s.push('，');
    }
    s.push_str(&format!(
        "{} 个办理环节，{}",
        item.steps.len(),
        infos_note(&infos)
    ));
    s
}

/// "办理时限 5个工作日，2 项政府信息（…）".
fn step_note(step: &Step) -> String {
    let infos: Vec<&Info> = step.infos.iter().collect();
    match val(&step.time_limit) {
        Some(t) => format!("办理时限 {t}，{}", infos_note(&infos)),
        None => infos_note(&infos),
    }
}

/// "主动公开" or "公开属性未标明".
fn info_note(info: &Info) -> String {
    attr_text(info).unwrap_or_else(|| "公开属性未标明".to_string())
}

/// "7 项政府信息（主动公开 3、不予公开 4）".
fn infos_note(infos: &[&Info]) -> String {
    let mut parts = Vec::new();
    for a in Attr::ALL {
        let n = infos.iter().filter(|i| i.attr() == Some(a)).count();
        if n > 0 {
            parts.push(format!("{} {n}", a.label()));
        }
    }
    let unmarked = infos.iter().filter(|i| i.attr().is_none()).count();
    if unmarked > 0 {
        parts.push(format!("未标明 {unmarked}"));
    }
    if parts.is_empty() {
        format!("{} 项政府信息", infos.len())
    } else {
        format!("{} 项政府信息（{}）", infos.len(), parts.join("、"))
    }
}

/// Percent without decimals.
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

// ---------------------------------------------------------------- comparing

/// Compares the fields listed, pushing a change for each that differs.
fn fields(out: &mut Vec<Change>, base: &Change, list: &[(&'static str, &Text, &Text)]) {
    for (field, o, n) in list {
        if val(o) != val(n) {
            let mut c = base.clone();
            c.change = ChangeKind::FieldChanged;
            c.field = Some(*field);
            c.old = owned(o);
            c.new = owned(n);
            out.push(c);
        }
    }
}

fn diff_info(out: &mut Vec<Change>, base: &Change, old: &Info, new: &Info) {
    let (oa, na) = (attr_text(old), attr_text(new));
    if oa != na {
        let mut c = base.clone();
        c.change = ChangeKind::FieldChanged;
        c.field = Some(Field::Attr.header());
        let direction = match (old.attr(), new.attr()) {
            (Some(o), Some(n)) if rank(n) > rank(o) => Direction::Narrowed,
            (Some(_), Some(_)) => Direction::Widened,
            _ => Direction::Unclear,
        };
        let reason = val(&new.reason).or(val(&new.remark));
        let needs_reason = direction == Direction::Narrowed;
        c.note = Some(match direction {
            Direction::Narrowed => match reason {
                Some(r) => format!("公开属性收窄，需要说明理由：新目录已写明理由“{r}”"),
                None => format!(
                    "公开属性收窄，需要说明理由：新目录未写明理由（请填写“{}”或在备注中说明）",
                    Field::Reason.header()
                )
                .to_string(),
            },
            Direction::Widened => "公开属性放宽".to_string(),
            Direction::Unclear => "公开属性未标明或标了多个，无法判断是否收窄".to_string(),
        });
        c.attribute = Some(AttrChange {
            direction,
            needs_reason,
            reason_given: reason.is_some(),
        });
        c.old = oa;
        c.new = na;
        out.push(c);
    }
    fields(
        out,
        base,
        &[
            (Field::Reason.header(), &old.reason, &new.reason),
            (Field::Time.header(), &old.time, &new.time),
            (Field::Route.header(), &old.route, &new.route),
            (Field::Medium.header(), &old.medium, &new.medium),
            ("五公开", &old.aspect, &new.aspect),
            ("备注", &old.remark, &new.remark),
        ],
    );
}

fn diff_step(out: &mut Vec<Change>, base: &Change, old: &Step, new: &Step) {
    fields(
        out,
        base,
        &[(Field::TimeLimit.header(), &old.time_limit, &new.time_limit)],
    );
    let pairs = pair(
        &old.infos,
        &new.infos,
        |i| name(&i.name),
        |o, n| name_similarity(&name(&o.name), &name(&n.name)),
        INFO_THRESHOLD,
    );
    let mut matched = vec![false; old.infos.len()];
    for (ni, p) in pairs.iter().enumerate() {
        let Some(n) = new.infos.get(ni) else { continue };
        let mut c = base.clone();
        c.info = Some(name(&n.name));
        match p {
            Some((oi, score)) => {
                let Some(o) = old.infos.get(*oi) else {
                    continue;
                };
                if let Some(m) = matched.get_mut(*oi) {
                    *m = true;
                }
                if name(&o.name) != name(&n.name) {
                    let mut r = c.clone();
                    r.change = ChangeKind::InfoRenamed;
                    r.field = Some(Field::InfoName.header());
                    r.old = owned(&o.name);
                    r.new = owned(&n.name);
                    r.note = Some(format!("名称相似度 {}", pct(*score)));
                    out.push(r);
                }
                diff_info(out, &c, o, n);
            }
            None => {
                c.change = ChangeKind::InfoAdded;
                c.field = Some(Field::InfoName.header());
                c.new = owned(&n.name);
                c.note = Some(info_note(n));
                out.push(c);
            }
        }
    }
    for (oi, o) in old.infos.iter().enumerate() {
        if !matched.get(oi).copied().unwrap_or(true) {
            let mut c = base.clone();
            c.change = ChangeKind::InfoRemoved;
            c.info = Some(name(&o.name));
            c.field = Some(Field::InfoName.header());
            c.old = owned(&o.name);
            c.note = Some(info_note(o));
            out.push(c);
        }
    }
}

fn diff_item(out: &mut Vec<Change>, base: &Change, old: &Item, new: &Item) {
    fields(
        out,
        base,
        &[
            (Field::Category.header(), &old.category, &new.category),
            (Field::Subject.header(), &old.subject, &new.subject),
            (Field::Basis.header(), &old.basis, &new.basis),
            ("五公开", &old.aspect, &new.aspect),
            ("备注", &old.remark, &new.remark),
        ],
    );
    let pairs = pair(
        &old.steps,
        &new.steps,
        |s| name(&s.name),
        |_, _| 0.0,
        f64::INFINITY,
    );
    let mut matched = vec![false; old.steps.len()];
    for (ni, p) in pairs.iter().enumerate() {
        let Some(n) = new.steps.get(ni) else { continue };
        let mut c = base.clone();
        c.step = Some(name(&n.name));
        match p.and_then(|(oi, _)| old.steps.get(oi).map(|o| (oi, o))) {
            Some((oi, o)) => {
                if let Some(m) = matched.get_mut(oi) {
                    *m = true;
                }
                diff_step(out, &c, o, n);
            }
            None => {
                c.change = ChangeKind::StepAdded;
                c.field = Some(Field::Step.header());
                c.new = owned(&n.name);
                c.note = Some(step_note(n));
                out.push(c);
            }
        }
    }
    for (oi, o) in old.steps.iter().enumerate() {
        if !matched.get(oi).copied().unwrap_or(true) {
            let mut c = base.clone();
            c.change = ChangeKind::StepRemoved;
            c.step = Some(name(&o.name));
            c.field = Some(Field::Step.header());
            c.old = owned(&o.name);
            c.note = Some(step_note(o));
            out.push(c);
        }
    }
}

/// Score of an old/new item pair for a rename: name similarity and the
/// overlap of step and information names, weighted equally.
pub fn item_score(old: &Item, new: &Item) -> f64 {
    let ns = name_similarity(&name(&old.name), &name(&new.name));
    let cs = overlap(&content_keys(old), &content_keys(new));
    0.5 * ns + 0.5 * cs
}

/// The changes between two versions of one catalogue.
pub fn diff_catalog(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    for (field, o, n) in [
        ("试点单位", &old.unit, &new.unit),
        ("试点领域", &old.domain, &new.domain),
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
        &old.items,
        &new.items,
        |i| name(&i.name),
        item_score,
        ITEM_THRESHOLD,
    );
    let mut matched = vec![false; old.items.len()];
    for (ni, p) in pairs.iter().enumerate() {
        let Some(n) = new.items.get(ni) else { continue };
        let mut base = Change::new(ChangeKind::FieldChanged);
        base.item = Some(name(&n.name));
        match p {
            Some((oi, score)) => {
                let Some(o) = old.items.get(*oi) else {
                    continue;
                };
                if let Some(m) = matched.get_mut(*oi) {
                    *m = true;
                }
                if name(&o.name) != name(&n.name) {
                    let mut r = base.clone();
                    r.change = ChangeKind::ItemRenamed;
                    r.field = Some(Field::Name.header());
                    r.old = owned(&o.name);
                    r.new = owned(&n.name);
                    r.note = Some(format!(
                        "名称相似度 {}，办理环节和政府信息名称重合 {}（综合 {}）",
                        pct(name_similarity(&name(&o.name), &name(&n.name))),
                        pct(overlap(&content_keys(o), &content_keys(n))),
                        pct(*score)
                    ));
                    out.push(r);
                }
                diff_item(&mut out, &base, o, n);
            }
            None => {
                base.change = ChangeKind::ItemAdded;
                base.field = Some(Field::Name.header());
                base.new = owned(&n.name);
                base.note = Some(item_content_note(n));
                out.push(base);
            }
        }
    }
    for (oi, o) in old.items.iter().enumerate() {
        if !matched.get(oi).copied().unwrap_or(true) {
            let mut c = Change::new(ChangeKind::ItemRemoved);
            c.item = Some(name(&o.name));
            c.field = Some(Field::Name.header());
            c.old = owned(&o.name);
            c.note = Some(item_content_note(o));
            out.push(c);
        }
    }
    out
}

/// Adds a catalogue's changes to the totals.
fn tally(summary: &mut Totals, cd: &CatalogDiff) {
    fn national(s: &mut Totals) -> &mut NationalTotals {
        s.national.get_or_insert_with(NationalTotals::default)
    }
    for c in &cd.changes {
        match c.change {
            ChangeKind::ItemAdded => summary.items_added += 1,
            ChangeKind::ItemRemoved => summary.items_removed += 1,
            ChangeKind::ItemRenamed => summary.items_renamed += 1,
            ChangeKind::StepAdded => summary.steps_added += 1,
            ChangeKind::StepRemoved => summary.steps_removed += 1,
            ChangeKind::InfoAdded => summary.infos_added += 1,
            ChangeKind::InfoRemoved => summary.infos_removed += 1,
            ChangeKind::InfoRenamed => summary.infos_renamed += 1,
            ChangeKind::Level1Added => national(summary).level1_added += 1,
            ChangeKind::Level1Removed => national(summary).level1_removed += 1,
            ChangeKind::Level1Renamed => national(summary).level1_renamed += 1,
            ChangeKind::Level2Added => national(summary).level2_added += 1,
            ChangeKind::Level2Removed => national(summary).level2_removed += 1,
            ChangeKind::Level2Renamed => national(summary).level2_renamed += 1,
            ChangeKind::FieldChanged | ChangeKind::CatalogField => summary.fields_changed += 1,
        }
        if let Some(a) = &c.attribute {
            summary.attributes_changed += 1;
            if a.direction == Direction::Narrowed {
                summary.narrowed += 1;
                if !a.reason_given {
                    summary.narrowed_without_reason += 1;
                }
            }
        }
        summary.changes += 1;
    }
    if cd.status != Status::Changed {
        summary.changes += 1;
    }
}

fn catalog_key(c: &Catalog) -> (String, String, Kind) {
    (name(&c.unit), name(&c.domain), c.kind)
}

fn catalog_note(c: &Catalog) -> String {
    let infos: Vec<&Info> = c
        .items
        .iter()
        .flat_map(|i| &i.steps)
        .flat_map(|s| &s.infos)
        .collect();
    let steps: usize = c.items.iter().map(|i| i.steps.len()).sum();
    format!(
        "{} 个政务事项，{} 个办理环节，{}",
        c.items.len(),
        steps,
        infos_note(&infos)
    )
}

fn or_unnamed(s: String) -> String {
    if s.is_empty() { UNNAMED.to_string() } else { s }
}

/// Compares two sets of catalogues. With `pair_leftovers`, a catalogue left
/// unmatched on each side for a template is paired with the other (two files
/// of one unit whose unit or domain was renamed or is missing).
/// Pairs the catalogues of two editions: each new one with the first old
/// one of the same `key` not yet taken, then the lone leftovers. With
/// `leftovers`, an unmatched old catalogue and an unmatched new one that
/// are the only ones of their group are paired too (two files of one unit
/// whose unit or domain was renamed or is missing). (old, new) indices, in
/// the new edition's order, removed old ones last.
pub(crate) fn pair_editions<T, K: PartialEq, G: PartialEq>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> K,
    leftovers: Option<impl Fn(&T) -> G>,
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut taken = vec![false; old.len()];
    let free = |taken: &[bool], oi: usize| !taken.get(oi).copied().unwrap_or(true);
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        let k = key(n);
        let found =
            (0..old.len()).find(|&oi| free(&taken, oi) && old.get(oi).is_some_and(|o| key(o) == k));
        if let Some(t) = found.and_then(|oi| taken.get_mut(oi)) {
            *t = true;
        }
        pairs.push((found, Some(ni)));
    }
    if let Some(group) = leftovers {
        let groups: Vec<G> = old
            .iter()
            .chain(new)
            .map(&group)
            .fold(Vec::new(), |mut v, g| {
                if !v.contains(&g) {
                    v.push(g);
                }
                v
            });
        for g in &groups {
            let lone_old: Vec<usize> = (0..old.len())
                .filter(|&oi| free(&taken, oi) && old.get(oi).is_some_and(|o| group(o) == *g))
                .collect();
            let lone_new: Vec<usize> = pairs
                .iter()
                .enumerate()
                .filter(|(_, (o, n))| {
                    o.is_none() && n.and_then(|ni| new.get(ni)).is_some_and(|c| group(c) == *g)
                })
                .map(|(pi, _)| pi)
                .collect();
            if let ([oi], [pi]) = (lone_old.as_slice(), lone_new.as_slice()) {
                if let Some(t) = taken.get_mut(*oi) {
                    *t = true;
                }
                if let Some(p) = pairs.get_mut(*pi) {
                    p.0 = Some(*oi);
                }
            }
        }
    }
    for (oi, t) in taken.iter().enumerate() {
        if !t {
            pairs.push((Some(oi), None));
        }
    }
    pairs
}

/// Fills in a catalogue's status (changed, added, removed) from its two
/// editions and counts it; false when it is unchanged (or absent), and so
/// not listed.
pub(crate) fn settle<T>(
    cd: &mut CatalogDiff,
    o: Option<&T>,
    n: Option<&T>,
    diff: impl Fn(&T, &T) -> Vec<Change>,
    note: impl Fn(&T) -> String,
    summary: &mut Totals,
) -> bool {
    match (o, n) {
        (Some(o), Some(n)) => {
            cd.changes = diff(o, n);
            if cd.changes.is_empty() {
                summary.catalogs_unchanged += 1;
                return false;
            }
            summary.catalogs_changed += 1;
        }
        (None, Some(n)) => {
            cd.status = Status::Added;
            cd.note = Some(note(n));
            summary.catalogs_added += 1;
        }
        (Some(o), None) => {
            cd.status = Status::Removed;
            cd.note = Some(note(o));
            summary.catalogs_removed += 1;
        }
        (None, None) => return false,
    }
    tally(summary, cd);
    true
}

pub fn compare(old: &[Catalog], new: &[Catalog], pair_leftovers: bool) -> Diff {
    let pairs = pair_editions(
        old,
        new,
        catalog_key,
        pair_leftovers.then_some(|c: &Catalog| c.kind),
    );
    let mut summary = Totals::default();
    let mut catalogs = Vec::new();
    for (o, n) in pairs {
        let (o, n) = (o.and_then(|i| old.get(i)), n.and_then(|i| new.get(i)));
        let Some(shown) = n.or(o) else { continue };
        let (unit, domain, kind) = catalog_key(shown);
        let mut cd = CatalogDiff {
            unit: or_unnamed(unit),
            domain: or_unnamed(domain),
            kind: kind.annex(),
            label: kind.label(),
            status: Status::Changed,
            old_file: o.map(|c| c.file.to_string()),
            new_file: n.map(|c| c.file.to_string()),
            note: None,
            changes: Vec::new(),
        };
        if settle(&mut cd, o, n, diff_catalog, catalog_note, &mut summary) {
            catalogs.push(cd);
        }
    }

    // Group by unit, then domain (first appearance, new edition first), then
    // 附件2 before 附件3.
    let mut units: Vec<String> = Vec::new();
    let mut domains: Vec<String> = Vec::new();
    for c in new.iter().chain(old) {
        let (u, d, _) = catalog_key(c);
        let (u, d) = (or_unnamed(u), or_unnamed(d));
        if !units.contains(&u) {
            units.push(u);
        }
        if !domains.contains(&d) {
            domains.push(d);
        }
    }
    let pos = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(usize::MAX);
    catalogs.sort_by_key(|c| (pos(&units, &c.unit), pos(&domains, &c.domain), c.kind));

    Diff {
        format: FORMAT_TAG,
        catalog_format: None,
        old: Side {
            catalogs: old.len(),
            ..Side::default()
        },
        new: Side {
            catalogs: new.len(),
            ..Side::default()
        },
        summary,
        catalogs,
        notes: Vec::new(),
    }
}

// ---------------------------------------------------------------- loading

/// Reads one side: a project directory or a catalogue file. Fails (naming the
/// file) when a file yields no catalogue, since its items would all show as
/// removed or added.
pub fn load_side(path: &Path) -> Result<Workspace, String> {
    let ws = project::load_unchecked(&[path.to_path_buf()])?;
    let mut failed = Vec::new();
    for f in &ws.files {
        if ws.config.file.as_ref() == Some(f) {
            continue;
        }
        // A 公开台账 is no catalogue: diff compares catalogues only.
        let is_ledger = ws.ledgers.iter().any(|l| &l.file == f);
        let has_catalog =
            ws.catalogs.iter().any(|c| &c.file == f) || ws.nationals.iter().any(|c| &c.file == f);
        if !is_ledger && !has_catalog {
            let why = ws
                .pending
                .diags
                .iter()
                .find(|d| &d.loc.file == f && d.severity == Severity::Error)
                .map(|d| {
                    let at = d.loc.position_label();
                    if at.is_empty() {
                        d.message.clone()
                    } else {
                        format!("{at}：{}", d.message)
                    }
                })
                .unwrap_or_else(|| "文件中没有目录内容".to_string());
            failed.push(format!("{f}：{why}"));
        }
    }
    if !failed.is_empty() {
        return Err(format!(
            "无法读取目录，不能比较（先用 gkml validate 修正）：\n  {}",
            failed.join("\n  ")
        ));
    }
    if ws.catalogs.is_empty() && ws.nationals.is_empty() {
        return Err(format!(
            "{}：没有找到目录文件（.yaml、.xlsx、.xls、.ods）",
            display_path(path)
        ));
    }
    Ok(ws)
}

/// The catalogue format of a side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideFormat {
    /// The pilot's 附件2/附件3 (hongkou-2017).
    Pilot,
    /// The national 标准目录 (national-2019).
    National,
}

impl SideFormat {
    /// "虹口试点格式（hongkou-2017，附件2/附件3）".
    fn describe(self) -> String {
        match self {
            SideFormat::Pilot => format!(
                "虹口试点格式（{}，{}/{}）",
                crate::format::hongkou::HONGKOU_2017.id,
                Kind::Standard.annex(),
                Kind::Operational.annex()
            ),
            SideFormat::National => format!(
                "全国{}格式（{}）",
                national_keys::CATALOG_NAME,
                national_keys::FORMAT_NAME
            ),
        }
    }
}

/// Which format a side's catalogues are; a side holding both is refused.
fn side_format(ws: &Workspace, shown: &str) -> Result<SideFormat, String> {
    match (ws.catalogs.is_empty(), ws.nationals.is_empty()) {
        (false, false) => Err(format!(
            "{shown} 中既有{}的目录 {} 份，又有{}的目录 {} 份；一个项目只能是一种格式，不能比较（请把两种格式的目录分成两个项目）",
            SideFormat::Pilot.describe(),
            ws.catalogs.len(),
            SideFormat::National.describe(),
            ws.nationals.len()
        )),
        (true, false) => Ok(SideFormat::National),
        _ => Ok(SideFormat::Pilot),
    }
}

/// Loads both sides and compares them. Two files (not directories) are
/// compared as two versions of one unit's catalogue even when their unit or
/// domain differ. Both sides must be of one format (the pilot's
/// 附件2/附件3, or the national 标准目录).
pub fn diff_paths(old: &Path, new: &Path) -> Result<Diff, String> {
    let ow = load_side(old)?;
    let nw = load_side(new)?;
    let (old_shown, new_shown) = (display_path(old), display_path(new));
    let of = side_format(&ow, &old_shown)?;
    let nf = side_format(&nw, &new_shown)?;
    if of != nf {
        return Err(format!(
            "不能比较两种格式的目录：{old_shown} 是{}的目录，{new_shown} 是{}的目录；两个版本须为同一种格式",
            of.describe(),
            nf.describe()
        ));
    }
    let both_files =
        old.is_file() && new.is_file() && ow.config.file.is_none() && nw.config.file.is_none();
    let mut d = match nf {
        SideFormat::National => national::compare(
            &national::NationalSide {
                tables: &ow.nationals,
                config: &ow.config,
            },
            &national::NationalSide {
                tables: &nw.nationals,
                config: &nw.config,
            },
            both_files,
        ),
        SideFormat::Pilot => {
            let mut d = compare(&ow.catalogs, &nw.catalogs, both_files);
            // Units and domains in the order of 附件1 (new edition first).
            let (mut units, mut domains) = crate::stats::registry_order(&nw.config);
            let (ou, od) = crate::stats::registry_order(&ow.config);
            for u in ou {
                if !units.contains(&u) {
                    units.push(u);
                }
            }
            for x in od {
                if !domains.contains(&x) {
                    domains.push(x);
                }
            }
            let pos =
                |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(usize::MAX);
            d.catalogs
                .sort_by_key(|c| (pos(&units, &c.unit), pos(&domains, &c.domain)));
            d
        }
    };
    d.old.path = old_shown;
    d.old.year = ow.config.year.clone();
    d.new.path = new_shown;
    d.new.year = nw.config.year.clone();
    for (side, ws) in [(d.old.path.clone(), &ow), (d.new.path.clone(), &nw)] {
        let errors = ws
            .pending
            .diags
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .count();
        if errors > 0 {
            d.notes.push(format!(
                "{side} 有 {errors} 处读取错误，相关内容没有读入，比较结果可能不完整；运行 gkml validate {side} 查看"
            ));
        }
    }
    Ok(d)
}
