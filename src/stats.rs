//! `gkml stats`: figures for the annual report — items, steps, pieces of
//! information and the share of each disclosure attribute, per unit and domain,
//! per unit, per domain and in total, for 附件2 and 附件3 separately.
//!
//! The headline figures are 附件2's (the 标准化目录 lists every item; 附件3
//! repeats a few of them with the publication details).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::config::DEFAULT_CATEGORIES;
use crate::format::hongkou::Field;
use crate::model::{Attr, Catalog, Kind, text};

/// Shown for a catalogue that does not say its unit, domain or category.
pub const UNNAMED: &str = "（未标明）";
/// The column for information with no attribute or several.
pub const UNMARKED: &str = "未标明";
/// Format tag of the JSON output.
pub const FORMAT_TAG: &str = "gkml-stats/1";

/// Pieces of information per attribute: the one count for `gkml stats`,
/// `catalog.json` and the booklet. Information with no attribute or several
/// is counted in none of the four; `gkml stats` shows it as 未标明
/// (`unmarked`), `catalog.json` leaves that count out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(description = format!(
    "Pieces of information per {}. Information with no (or more\nthan one) attribute marked is counted in none of them.",
    Field::Attr.header()
))]
pub struct Attributes {
    #[serde(rename = "主动公开")]
    pub active: u64,
    #[serde(rename = "依申请公开")]
    pub on_request: u64,
    #[serde(rename = "部分公开")]
    pub partial: u64,
    #[serde(rename = "不予公开")]
    pub withheld: u64,
    /// 未标明: in `gkml stats` (always there), not in `catalog.json`.
    #[serde(
        rename = "未标明",
        default,
        skip_deserializing,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(skip)]
    pub unmarked: Option<u64>,
}

impl Attributes {
    /// The count for an attribute, `None` meaning 未标明.
    pub fn get(&self, attr: Option<Attr>) -> u64 {
        match attr {
            Some(Attr::Active) => self.active,
            Some(Attr::OnRequest) => self.on_request,
            Some(Attr::Partial) => self.partial,
            Some(Attr::Withheld) => self.withheld,
            None => self.unmarked.unwrap_or(0),
        }
    }

    fn count(&mut self, attr: Option<Attr>) {
        let slot = match attr {
            Some(Attr::Active) => &mut self.active,
            Some(Attr::OnRequest) => &mut self.on_request,
            Some(Attr::Partial) => &mut self.partial,
            Some(Attr::Withheld) => &mut self.withheld,
            None => self.unmarked.get_or_insert(0),
        };
        *slot += 1;
    }

    /// Adds `o`'s counts.
    pub fn add(&mut self, o: &Attributes) {
        self.active += o.active;
        self.on_request += o.on_request;
        self.partial += o.partial;
        self.withheld += o.withheld;
        self.unmarked = match (self.unmarked, o.unmarked) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }

    /// The columns in order: the four attributes, then 未标明.
    pub const COLUMNS: [Option<Attr>; 5] = [
        Some(Attr::Active),
        Some(Attr::OnRequest),
        Some(Attr::Partial),
        Some(Attr::Withheld),
        None,
    ];

    /// 主动公开 … 未标明.
    pub fn label(attr: Option<Attr>) -> &'static str {
        attr.map(Attr::label).unwrap_or(UNMARKED)
    }
}

/// Shares of the information (0–1, rounded to 4 places; 0 when there is none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Shares {
    #[serde(rename = "主动公开")]
    pub active: f64,
    #[serde(rename = "依申请公开")]
    pub on_request: f64,
    #[serde(rename = "部分公开")]
    pub partial: f64,
    #[serde(rename = "不予公开")]
    pub withheld: f64,
    #[serde(rename = "未标明")]
    pub unmarked: f64,
}

/// Items per 政务事项分类, in the order of the default vocabulary, then any
/// other category in code-point order. Serialized as an object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Categories(pub Vec<(String, u64)>);

impl Serialize for Categories {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Categories {
    fn from_map(map: BTreeMap<String, u64>) -> Categories {
        let mut out: Vec<(String, u64)> = Vec::new();
        for c in DEFAULT_CATEGORIES {
            if let Some(n) = map.get(*c) {
                out.push((c.to_string(), *n));
            }
        }
        for (k, v) in map {
            if !DEFAULT_CATEGORIES.contains(&k.as_str()) {
                out.push((k, v));
            }
        }
        Categories(out)
    }

    /// Items of a category (0 when none).
    pub fn get(&self, category: &str) -> u64 {
        self.0
            .iter()
            .find(|(k, _)| k == category)
            .map(|(_, v)| *v)
            .unwrap_or(0)
    }
}

/// Numbers of items, steps and pieces of information: the one set of
/// figures for `gkml stats` (with `shares` and `categories`) and for the
/// summary of `catalog.json` and the booklet (without them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(description = "Numbers of items, steps and pieces of information.")]
pub struct Counts {
    /// 政务事项
    pub items: u64,
    /// 办理环节
    pub steps: u64,
    /// 政府信息
    pub infos: u64,
    /// The attribute distribution.
    #[schemars(description = format!("{} distribution.", Field::Attr.header()))]
    pub attributes: Attributes,
    /// Share of the information per attribute (`gkml stats` only).
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub shares: Option<Shares>,
    /// Share of 主动公开 among all pieces of information (0 to 1, four
    /// decimals as in `gkml stats`; 0 when there are none).
    pub active_share: f64,
    /// Items per 政务事项分类 (`gkml stats` only).
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub categories: Option<Categories>,
}

static NO_CATEGORIES: Categories = Categories(Vec::new());

impl Counts {
    /// Items per category (none in `catalog.json`'s summary).
    pub fn categories(&self) -> &Categories {
        self.categories.as_ref().unwrap_or(&NO_CATEGORIES)
    }

    /// The figures without `gkml stats`'s extras (shares, categories,
    /// 未标明): the summary's counts.
    pub fn summary(&self) -> Counts {
        Counts {
            attributes: Attributes {
                unmarked: None,
                ..self.attributes
            },
            shares: None,
            categories: None,
            ..self.clone()
        }
    }

    /// Adds `o`'s items, steps and information (not the shares or
    /// categories), and works out the 主动公开 share again.
    pub fn add(&mut self, o: &Counts) {
        self.items += o.items;
        self.steps += o.steps;
        self.infos += o.infos;
        self.attributes.add(&o.attributes);
        self.active_share = share(self.attributes.active, self.infos);
    }
}

/// `n` out of `of`, rounded to four decimals (0 when `of` is 0). The one
/// rounding rule for `gkml stats`, `catalog.json` and the booklet.
pub fn share(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 / of as f64 * 10000.0).round() / 10000.0
    }
}

/// Counts before the shares are worked out.
#[derive(Default, Clone)]
struct Tally {
    items: u64,
    steps: u64,
    infos: u64,
    attributes: Attributes,
    categories: BTreeMap<String, u64>,
}

impl Tally {
    fn add_catalog(&mut self, c: &Catalog) {
        for item in &c.items {
            self.items += 1;
            let cat = text(&item.category).trim();
            let cat = if cat.is_empty() { UNNAMED } else { cat };
            *self.categories.entry(cat.to_string()).or_default() += 1;
            for step in &item.steps {
                self.steps += 1;
                for info in &step.infos {
                    self.infos += 1;
                    self.attributes.count(info.attr());
                }
            }
        }
    }

    fn add(&mut self, o: &Tally) {
        self.items += o.items;
        self.steps += o.steps;
        self.infos += o.infos;
        self.attributes.add(&o.attributes);
        for (k, v) in &o.categories {
            *self.categories.entry(k.clone()).or_default() += v;
        }
    }

    fn finish(self) -> Counts {
        let share = |n: u64| share(n, self.infos);
        let a = Attributes {
            unmarked: Some(self.attributes.unmarked.unwrap_or(0)),
            ..self.attributes
        };
        let shares = Shares {
            active: share(a.active),
            on_request: share(a.on_request),
            partial: share(a.partial),
            withheld: share(a.withheld),
            unmarked: share(a.get(None)),
        };
        Counts {
            items: self.items,
            steps: self.steps,
            infos: self.infos,
            attributes: a,
            active_share: shares.active,
            shares: Some(shares),
            categories: Some(Categories::from_map(self.categories)),
        }
    }
}

/// Figures of one unit in one domain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub unit: String,
    pub domain: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Figures of one unit (all its domains) or one domain (all its units).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Figures for one template (附件2 or 附件3).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindStats {
    /// 附件2 / 附件3.
    pub kind: &'static str,
    /// 标准化目录 / 规范化操作目录.
    pub label: &'static str,
    /// Catalogues counted.
    pub catalogs: usize,
    /// Per unit × domain, in the order the catalogues were read.
    pub rows: Vec<Row>,
    /// Per unit.
    pub units: Vec<Group>,
    /// Per domain.
    pub domains: Vec<Group>,
    pub total: Counts,
}

/// Figures for both templates; `kinds[0]` is 附件2 (the headline figures)
/// unless the caller filtered it out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub format: &'static str,
    pub kinds: Vec<KindStats>,
}

impl Stats {
    /// The figures of one template.
    pub fn kind(&self, kind: Kind) -> Option<&KindStats> {
        self.kinds.iter().find(|k| k.kind == kind.annex())
    }
}

fn name_of(t: &crate::model::Text) -> String {
    let s = text(t).trim();
    if s.is_empty() {
        UNNAMED.to_string()
    } else {
        s.to_string()
    }
}

/// Position of `key` in `order`, appending it when new.
fn index_of(order: &mut Vec<String>, key: &str) -> usize {
    match order.iter().position(|k| k == key) {
        Some(i) => i,
        None => {
            order.push(key.to_string());
            order.len() - 1
        }
    }
}

fn kind_stats(catalogs: &[Catalog], kind: Kind) -> KindStats {
    let mut row_keys: Vec<(String, String)> = Vec::new();
    let mut rows: Vec<Tally> = Vec::new();
    let mut unit_names = Vec::new();
    let mut units: Vec<Tally> = Vec::new();
    let mut domain_names = Vec::new();
    let mut domains: Vec<Tally> = Vec::new();
    let mut total = Tally::default();
    let mut count = 0;
    for c in catalogs.iter().filter(|c| c.kind == kind) {
        count += 1;
        let mut t = Tally::default();
        t.add_catalog(c);
        let (unit, domain) = (name_of(&c.unit), name_of(&c.domain));
        let key = (unit.clone(), domain.clone());
        let i = match row_keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                row_keys.push(key);
                rows.push(Tally::default());
                rows.len() - 1
            }
        };
        if let Some(r) = rows.get_mut(i) {
            r.add(&t);
        }
        let u = index_of(&mut unit_names, &unit);
        if units.len() <= u {
            units.push(Tally::default());
        }
        if let Some(g) = units.get_mut(u) {
            g.add(&t);
        }
        let d = index_of(&mut domain_names, &domain);
        if domains.len() <= d {
            domains.push(Tally::default());
        }
        if let Some(g) = domains.get_mut(d) {
            g.add(&t);
        }
        total.add(&t);
    }
    KindStats {
        kind: kind.annex(),
        label: kind.label(),
        catalogs: count,
        rows: row_keys
            .into_iter()
            .zip(rows)
            .map(|((unit, domain), t)| Row {
                unit,
                domain,
                counts: t.finish(),
            })
            .collect(),
        units: unit_names
            .into_iter()
            .zip(units)
            .map(|(name, t)| Group {
                name,
                counts: t.finish(),
            })
            .collect(),
        domains: domain_names
            .into_iter()
            .zip(domains)
            .map(|(name, t)| Group {
                name,
                counts: t.finish(),
            })
            .collect(),
        total: total.finish(),
    }
}

impl Stats {
    /// Puts rows, units and domains in the order given (the 附件1 registry);
    /// names not listed keep their order after the listed ones.
    pub fn order_by(&mut self, units: &[String], domains: &[String]) {
        let pos = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(usize::MAX);
        for k in &mut self.kinds {
            k.rows
                .sort_by_key(|r| (pos(units, &r.unit), pos(domains, &r.domain)));
            k.units.sort_by_key(|g| pos(units, &g.name));
            k.domains.sort_by_key(|g| pos(domains, &g.name));
        }
    }
}

/// Units and domains in the order of a project's 附件1 registry.
pub fn registry_order(cfg: &crate::config::Config) -> (Vec<String>, Vec<String>) {
    let mut units: Vec<String> = Vec::new();
    let mut domains: Vec<String> = Vec::new();
    for e in &cfg.registry {
        let u = e.unit.value.trim().to_string();
        if !units.contains(&u) {
            units.push(u);
        }
        for d in &e.domains {
            let d = d.value.trim().to_string();
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
    }
    (units, domains)
}

/// Figures for the catalogues, 附件2 first then 附件3.
pub fn compute(catalogs: &[Catalog]) -> Stats {
    Stats {
        format: FORMAT_TAG,
        kinds: vec![
            kind_stats(catalogs, Kind::Standard),
            kind_stats(catalogs, Kind::Operational),
        ],
    }
}

// ---------------------------------------------------------------- output

/// Columns a terminal gives a character: 2 for CJK and full-width forms.
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else if c.is_control() {
        0
    } else {
        1
    }
}

/// Columns a string takes in a terminal.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Lays out rows as an aligned table: text columns left-aligned, the others
/// right-aligned, two spaces between columns.
pub(crate) fn table(out: &mut String, header: &[String], rows: &[Vec<String>], left: usize) {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate().take(n) {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(display_width(cell));
            }
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let pad = " ".repeat(w.saturating_sub(display_width(cell)));
            if i > 0 {
                s.push_str("  ");
            }
            if i < left {
                s.push_str(cell);
                s.push_str(&pad);
            } else {
                s.push_str(&pad);
                s.push_str(cell);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(out, header);
    let total: usize = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for r in rows {
        line(out, r);
    }
}

/// `29.35%`.
pub fn percent(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}

fn count_cells(c: &Counts) -> Vec<String> {
    let mut v = vec![
        c.items.to_string(),
        c.steps.to_string(),
        c.infos.to_string(),
    ];
    for a in Attributes::COLUMNS {
        v.push(c.attributes.get(a).to_string());
    }
    v.push(percent(c.active_share));
    v
}

fn count_header() -> Vec<String> {
    let mut v: Vec<String> = crate::format::hongkou::HONGKOU_2017
        .levels
        .iter()
        .map(|l| l.name.to_string())
        .collect();
    for a in Attributes::COLUMNS {
        v.push(Attributes::label(a).to_string());
    }
    v.push("主动公开占比".into());
    v
}

/// Every category that occurs in the figures, in vocabulary order.
fn all_categories(k: &KindStats) -> Vec<String> {
    k.total
        .categories()
        .0
        .iter()
        .map(|(c, _)| c.clone())
        .collect()
}

/// The readable tables.
pub fn to_text(stats: &Stats) -> String {
    let mut out = String::new();
    for (n, k) in stats.kinds.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}{}（{} 份目录）\n\n",
            k.label, k.kind, k.catalogs
        ));
        if k.catalogs == 0 {
            out.push_str("没有这一类目录。\n");
            continue;
        }
        let mut header = vec!["试点单位".to_string(), "试点领域".to_string()];
        header.extend(count_header());
        let mut rows = Vec::new();
        for r in &k.rows {
            let mut v = vec![r.unit.clone(), r.domain.clone()];
            v.extend(count_cells(&r.counts));
            rows.push(v);
        }
        // A subtotal over a single row repeats that row: left out.
        let mut skipped = false;
        for u in &k.units {
            if k.rows.iter().filter(|r| r.unit == u.name).count() > 1 {
                let mut v = vec![u.name.clone(), "小计".to_string()];
                v.extend(count_cells(&u.counts));
                rows.push(v);
            } else {
                skipped = true;
            }
        }
        for d in &k.domains {
            if k.rows.iter().filter(|r| r.domain == d.name).count() > 1 {
                let mut v = vec!["小计".to_string(), d.name.clone()];
                v.extend(count_cells(&d.counts));
                rows.push(v);
            } else {
                skipped = true;
            }
        }
        let mut v = vec!["合计".to_string(), String::new()];
        v.extend(count_cells(&k.total));
        rows.push(v);
        table(&mut out, &header, &rows, 2);
        if skipped && rows.len() > 1 {
            out.push_str("（只有一份目录的单位或领域，小计与该行相同，不再列出。）\n");
        }

        out.push('\n');
        let cats = all_categories(k);
        let mut header = vec![crate::format::hongkou::Field::Category.header().to_string()];
        header.extend(k.domains.iter().map(|d| d.name.clone()));
        header.push("合计".into());
        header.push("占比".into());
        let rows: Vec<Vec<String>> = cats
            .iter()
            .map(|c| {
                let mut v = vec![c.clone()];
                v.extend(
                    k.domains
                        .iter()
                        .map(|d| d.counts.categories().get(c).to_string()),
                );
                let n = k.total.categories().get(c);
                v.push(n.to_string());
                let share = if k.total.items == 0 {
                    0.0
                } else {
                    n as f64 / k.total.items as f64
                };
                v.push(percent(share));
                v
            })
            .collect();
        table(&mut out, &header, &rows, 1);
    }
    out
}

/// Quotes a CSV field when needed.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV row per unit × domain, unit, domain and total, for every template;
/// a column per attribute and per category.
pub fn to_csv(stats: &Stats) -> String {
    let mut cats: Vec<String> = Vec::new();
    for k in &stats.kinds {
        for c in all_categories(k) {
            if !cats.contains(&c) {
                cats.push(c);
            }
        }
    }
    let cats = Categories::from_map(cats.into_iter().map(|c| (c, 0)).collect())
        .0
        .into_iter()
        .map(|(c, _)| c)
        .collect::<Vec<_>>();
    let mut header: Vec<String> = [
        "目录类型",
        "层级",
        "试点单位",
        "试点领域",
        "政务事项数",
        "办理环节数",
        "政府信息数",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for a in Attributes::COLUMNS {
        header.push(format!("{}数", Attributes::label(a)));
    }
    for a in Attributes::COLUMNS {
        header.push(format!("{}占比", Attributes::label(a)));
    }
    header.extend(cats.iter().map(|c| format!("分类：{c}")));
    let mut lines = vec![header];
    let counts_row = |c: &Counts| {
        let mut v = vec![
            c.items.to_string(),
            c.steps.to_string(),
            c.infos.to_string(),
        ];
        for a in Attributes::COLUMNS {
            v.push(c.attributes.get(a).to_string());
        }
        let s = c.shares.unwrap_or_default();
        for x in [s.active, s.on_request, s.partial, s.withheld, s.unmarked] {
            v.push(format!("{x:.4}"));
        }
        for cat in &cats {
            v.push(c.categories().get(cat).to_string());
        }
        v
    };
    for k in &stats.kinds {
        let label = format!("{}{}", k.label, k.kind);
        let mut push = |level: &str, unit: &str, domain: &str, c: &Counts| {
            let mut v = vec![
                label.clone(),
                level.to_string(),
                unit.to_string(),
                domain.to_string(),
            ];
            v.extend(counts_row(c));
            lines.push(v);
        };
        for r in &k.rows {
            push("单位领域", &r.unit, &r.domain, &r.counts);
        }
        for u in &k.units {
            push("单位", &u.name, "", &u.counts);
        }
        for d in &k.domains {
            push("领域", "", &d.name, &d.counts);
        }
        push("合计", "", "", &k.total);
    }
    let mut out = String::new();
    for l in lines {
        let fields: Vec<String> = l.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}
