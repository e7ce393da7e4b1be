//! The compiled catalogue (`catalog.json`, FORMAT.md §4): every checked
//! catalogue of a project gathered by domain and unit, with the edition's
//! front matter, a summary and the problems found. The booklet template reads
//! the same data as `/data.json`.
//!
//! The JSON Schema of this format (`schemas/catalog-json.schema.json`) is
//! generated from these types; a test keeps the checked-in file in step.

use crate::format::hongkou::Field;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::{Config, parse_date};
use crate::diag::Diagnostic;
use crate::model::{self, Attr, Catalog, Kind, Loc, Text};
pub use crate::stats::{Attributes, Counts};
use crate::xlsx::write::{InfoRow, ItemRow, Row, StepRow, Val};

/// Value of the `format` field.
pub const FORMAT: &str = "gkml-catalog/1";

/// The compiled catalogue of a project (`catalog.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "gkml compiled catalogue (catalog.json)")]
pub struct Compiled {
    /// Always "gkml-catalog/1".
    pub format: String,
    /// Front matter: 标题, 地区, 年度, 编制单位, 编制日期, 编制说明.
    pub edition: Edition,
    /// Font families the booklet asks for (字体).
    pub fonts: Fonts,
    /// 附件1 试点单位及试点内容表.
    pub registry: Vec<RegistryRow>,
    /// Counts per 试点单位 × 试点领域 and in total.
    pub summary: Summary,
    /// The catalogues, by 试点领域: domains of 附件1 in its order, then any
    /// others in the order they were read.
    pub domains: Vec<Domain>,
    /// Problems found by the checks (filled for drafts; empty otherwise).
    pub problems: Vec<Problem>,
    /// Revision notes against an earlier edition, when compiled by a
    /// comparing command; `null` from `gkml build`.
    pub changes: Option<Changes>,
    /// The national-2019 标准目录 (国办发〔2019〕54号) of a national project;
    /// absent for a hongkou-2017 project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationals: Option<crate::national::compile::Nationals>,
}

/// The edition's front matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Edition {
    /// 标题
    pub title: String,
    /// 地区
    pub region: String,
    /// 年度: a number when the project file gives one, else the text as written.
    pub year: Option<Year>,
    /// 编制单位
    pub office: String,
    /// 编制日期 as YYYY-MM-DD (as written when it is not a date).
    pub date: Option<String>,
    /// 编制说明: paragraphs separated by blank lines.
    pub preface: String,
    /// True for a draft (草稿 watermark, problems appendix).
    pub draft: bool,
}

/// 年度.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Year {
    Number(i64),
    Text(String),
}

/// Font families, first choice first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fonts {
    /// 正文
    pub body: Vec<String>,
    /// 标题
    pub heading: Vec<String>,
}

/// One row of 附件1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegistryRow {
    /// 序号
    pub seq: String,
    /// 试点单位
    pub unit: String,
    /// 试点领域
    pub domains: Vec<String>,
}

/// The summary table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// One row per 试点单位 × 试点领域, counted from the 标准化目录 (附件2;
    /// the 附件3 items are a selection of them). A unit and domain with only
    /// a 规范化操作目录 is counted from that.
    pub rows: Vec<SummaryRow>,
    /// All rows added up.
    pub total: Counts,
}

/// Counts for one unit and domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SummaryRow {
    /// 试点单位
    pub unit: String,
    /// 试点领域
    pub domain: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// One 试点领域 with its catalogues.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Domain {
    /// 试点领域
    pub name: String,
    /// 标准化目录 (附件2) per unit, units in 附件1 order.
    pub standard: Vec<UnitItems>,
    /// 规范化操作目录 (附件3) per unit, units in 附件1 order.
    pub operational: Vec<UnitItems>,
}

/// One unit's catalogue in a domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitItems {
    /// 试点单位
    pub unit: String,
    /// 政务事项
    pub items: Vec<Item>,
}

/// 政务事项. Missing values are `null`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Item {
    /// 序号
    pub seq: Option<String>,
    /// The item's category.
    #[schemars(description = Field::Category.header())]
    pub category: Option<String>,
    /// The item's name.
    #[schemars(description = Field::Name.header())]
    pub name: Option<String>,
    /// Who handles the item.
    #[schemars(description = Field::Subject.header())]
    pub subject: Option<String>,
    /// The item's legal basis (附件3 only).
    #[schemars(description = format!("{} (附件3 only; `null` in \"standard\")", Field::Basis.header()))]
    pub basis: Option<String>,
    /// 五公开
    pub aspect: Option<String>,
    /// 备注
    pub remark: Option<String>,
    /// 办理环节
    pub steps: Vec<Step>,
}

/// A step of handling an item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(description = format!("{}.", Field::Step.header()))]
pub struct Step {
    /// The step's name.
    #[schemars(description = Field::Step.header())]
    pub name: Option<String>,
    /// The step's time limit.
    #[schemars(description = Field::TimeLimit.header())]
    pub time_limit: Option<String>,
    /// 政府信息
    pub infos: Vec<Info>,
}

/// A piece of government information.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Info {
    /// The information's name.
    #[schemars(description = Field::InfoName.header())]
    pub name: Option<String>,
    /// The attribute; `null` when none or more than one is marked.
    #[schemars(description = format!(
        "{}: 主动公开, 依申请公开, 部分公开 or 不予公开; `null` when none or more than one is marked.",
        Field::Attr.header()
    ))]
    pub attribute: Option<String>,
    /// Why it is withheld in whole or in part.
    #[schemars(description = Field::Reason.header())]
    pub reason: Option<String>,
    /// When it is published (附件3 only).
    #[schemars(description = format!("{} (附件3 only)", Field::Time.header()))]
    pub time: Option<String>,
    /// Where it is published (附件3 only).
    #[schemars(description = format!("{} (附件3 only)", Field::Route.header()))]
    pub route: Option<String>,
    /// In what medium (附件3 only).
    #[schemars(description = format!("{} (附件3 only)", Field::Medium.header()))]
    pub medium: Option<String>,
    /// 五公开
    pub aspect: Option<String>,
    /// 备注
    pub remark: Option<String>,
}

/// A problem found by the checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    /// The file, as shown in diagnostics.
    pub file: String,
    /// "12:5" in a YAML file, "Sheet1!C7" in a workbook, "" for the whole file.
    pub location: String,
    /// Rule code (see `gkml rules`).
    pub code: String,
    /// "error" or "warning".
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
}

/// Revision notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Changes {
    /// Paragraphs separated by blank lines.
    pub summary: String,
    pub entries: Vec<Change>,
}

/// One revision note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// 试点单位
    pub unit: String,
    /// 试点领域
    pub domain: String,
    /// "added", "removed" or "changed".
    pub change: String,
    pub detail: String,
}

/// The JSON Schema of [`Compiled`], pretty-printed with a final newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Compiled);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The key under which `catalog.json` holds a column's value (in its
/// level's object: [`Item`], [`Step`] or [`Info`]).
pub fn json_key(field: Field) -> &'static str {
    match field {
        Field::Seq => "seq",
        Field::Category => "category",
        Field::Name | Field::Step | Field::InfoName => "name",
        Field::Subject => "subject",
        Field::Basis => "basis",
        Field::TimeLimit => "time_limit",
        Field::Attr => "attribute",
        Field::Reason => "reason",
        Field::Time => "time",
        Field::Route => "route",
        Field::Medium => "medium",
        Field::ItemAspect | Field::Aspect => "aspect",
        Field::ItemRemark | Field::Remark => "remark",
    }
}

/// Shown for a catalogue that does not say its unit or domain.
const UNNAMED_UNIT: &str = "（未注明试点单位）";
const UNNAMED_DOMAIN: &str = "（未注明试点领域）";

fn opt(t: &Text) -> Option<String> {
    t.as_ref()
        .map(|s| s.value.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The unit a catalogue is compiled under.
pub fn unit_of(c: &Catalog) -> String {
    opt(&c.unit).unwrap_or_else(|| UNNAMED_UNIT.to_string())
}

/// The domain a catalogue is compiled under.
pub fn domain_of(c: &Catalog) -> String {
    opt(&c.domain).unwrap_or_else(|| UNNAMED_DOMAIN.to_string())
}

fn item_json(it: &model::Item, kind: Kind) -> Item {
    let op = kind == Kind::Operational;
    Item {
        seq: opt(&it.seq),
        category: opt(&it.category),
        name: opt(&it.name),
        subject: opt(&it.subject),
        basis: if op { opt(&it.basis) } else { None },
        aspect: opt(&it.aspect),
        remark: opt(&it.remark),
        steps: it
            .steps
            .iter()
            .map(|s| Step {
                name: opt(&s.name),
                time_limit: opt(&s.time_limit),
                infos: s
                    .infos
                    .iter()
                    .map(|i| Info {
                        name: opt(&i.name),
                        attribute: i.attr().map(|a| a.label().to_string()),
                        reason: opt(&i.reason),
                        time: if op { opt(&i.time) } else { None },
                        route: if op { opt(&i.route) } else { None },
                        medium: if op { opt(&i.medium) } else { None },
                        aspect: opt(&i.aspect),
                        remark: opt(&i.remark),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Summary rows and their total, from [`crate::stats`].
fn summary_rows(
    catalogs: &[Catalog],
    units: &[String],
    domains: &[String],
) -> (Vec<SummaryRow>, Counts) {
    let mut st = crate::stats::compute(catalogs);
    st.order_by(units, domains);
    let empty = Vec::new();
    let std_rows = st.kind(Kind::Standard).map_or(&empty, |k| &k.rows);
    let op_rows = st.kind(Kind::Operational).map_or(&empty, |k| &k.rows);
    let mut picked: Vec<&crate::stats::Row> = std_rows.iter().collect();
    for r in op_rows {
        if !std_rows
            .iter()
            .any(|s| s.unit == r.unit && s.domain == r.domain)
        {
            picked.push(r);
        }
    }
    let pos = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(usize::MAX);
    picked.sort_by_key(|r| (pos(units, &r.unit), pos(domains, &r.domain)));
    let mut total = Counts::default();
    let mut rows = Vec::new();
    for r in picked {
        let counts = r.counts.summary();
        total.add(&counts);
        rows.push(SummaryRow {
            unit: r.unit.clone(),
            domain: r.domain.clone(),
            counts,
        });
    }
    (rows, total)
}

/// A problem as listed in the booklet's appendix and in `catalog.json`.
pub fn problem(d: &Diagnostic) -> Problem {
    Problem {
        file: d.loc.file.to_string(),
        location: d.loc.position_label(),
        code: d.code.as_str().to_string(),
        severity: d.severity.as_str().to_string(),
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

/// Compiles the checked catalogues. `problems` are listed as given (pass
/// the diagnostics for a draft, nothing for a clean build).
pub fn compile(
    cfg: &Config,
    catalogs: &[Catalog],
    problems: &[Diagnostic],
    draft: bool,
) -> Compiled {
    // Orders: 附件1 first, then first appearance among the catalogues
    // (which are sorted by file name, so the order is stable).
    let mut units: Vec<String> = cfg.registry.iter().map(|r| r.unit.value.clone()).collect();
    let mut domains: Vec<String> = Vec::new();
    for r in &cfg.registry {
        for d in &r.domains {
            if !domains.contains(&d.value) {
                domains.push(d.value.clone());
            }
        }
    }
    // Catalogues in output order: by domain, unit, then as read.
    let order = crate::order::by_domain_and_unit(catalogs, &mut units, &mut domains, |c| {
        (unit_of(c), domain_of(c))
    });

    let mut out_domains: Vec<Domain> = Vec::new();
    for name in &domains {
        let mut dom = Domain {
            name: name.clone(),
            standard: Vec::new(),
            operational: Vec::new(),
        };
        for &(_, c) in order.iter().filter(|(_, c)| &domain_of(c) == name) {
            let entry = UnitItems {
                unit: unit_of(c),
                items: c.items.iter().map(|it| item_json(it, c.kind)).collect(),
            };
            match c.kind {
                Kind::Standard => dom.standard.push(entry),
                Kind::Operational => dom.operational.push(entry),
            }
        }
        if !dom.standard.is_empty() || !dom.operational.is_empty() {
            out_domains.push(dom);
        }
    }

    // Summary: the figures of `gkml stats`, unit-major, counted from 附件2
    // (附件3 when a unit and domain has no 附件2 catalogue).
    let (rows, total) = summary_rows(catalogs, &units, &domains);

    let year = cfg.year.as_ref().map(|y| {
        let t = y.trim();
        match t.parse::<i64>() {
            Ok(n) => Year::Number(n),
            Err(_) => Year::Text(t.to_string()),
        }
    });
    let date = cfg.date.as_ref().map(|d| match parse_date(d) {
        Some((y, m, dd)) => format!("{y:04}-{m:02}-{dd:02}"),
        None => d.trim().to_string(),
    });
    Compiled {
        format: FORMAT.to_string(),
        edition: Edition {
            title: cfg.title.clone(),
            region: cfg.region.clone(),
            year,
            office: cfg.office.clone(),
            date,
            preface: cfg.preface.clone(),
            draft,
        },
        fonts: Fonts {
            body: cfg.fonts.body.clone(),
            heading: cfg.fonts.heading.clone(),
        },
        registry: cfg
            .registry
            .iter()
            .map(|r| RegistryRow {
                seq: r.seq.clone(),
                unit: r.unit.value.clone(),
                domains: r.domains.iter().map(|d| d.value.clone()).collect(),
            })
            .collect(),
        summary: Summary { rows, total },
        domains: out_domains,
        problems: problems.iter().map(problem).collect(),
        changes: None,
        nationals: None,
    }
}

/// Where a piece of text sits in the compiled catalogue, for messages
/// ("社会救助 · 区民政局 · 标准化目录 · 序号 1 最低生活保障 · 政府信息名称").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place(pub String);

impl Compiled {
    /// Every piece of text that will be typeset, with where it is.
    pub fn texts(&self) -> Vec<(&str, Place)> {
        let mut out: Vec<(&str, Place)> = Vec::new();
        let e = &self.edition;
        for (t, what) in [
            (&e.title, "标题"),
            (&e.region, "地区"),
            (&e.office, "编制单位"),
            (&e.preface, "编制说明"),
        ] {
            out.push((t, Place(format!("项目文件 · {what}"))));
        }
        if let Some(Year::Text(y)) = &e.year {
            out.push((y, Place("项目文件 · 年度".into())));
        }
        if let Some(d) = &e.date {
            out.push((d, Place("项目文件 · 编制日期".into())));
        }
        for r in &self.registry {
            let p = || Place(format!("附件1 · 第 {} 行", r.seq));
            out.push((&r.seq, p()));
            out.push((&r.unit, p()));
            for d in &r.domains {
                out.push((d, p()));
            }
        }
        for d in &self.domains {
            for (kind, list) in [
                (Kind::Standard, &d.standard),
                (Kind::Operational, &d.operational),
            ] {
                for u in list {
                    let base = format!("{} · {} · {}", d.name, u.unit, kind.label());
                    out.push((&d.name, Place(base.clone())));
                    out.push((&u.unit, Place(base.clone())));
                    for it in &u.items {
                        let ib = format!(
                            "{base} · 序号 {} {}",
                            it.seq.as_deref().unwrap_or("?"),
                            it.name.as_deref().unwrap_or("")
                        );
                        let at = |f: &str| Place(format!("{ib} · {f}"));
                        for (v, f) in [
                            (&it.seq, Field::Seq.header()),
                            (&it.category, Field::Category.header()),
                            (&it.name, Field::Name.header()),
                            (&it.subject, Field::Subject.header()),
                            (&it.basis, Field::Basis.header()),
                            (&it.aspect, Field::Aspect.header()),
                            (&it.remark, Field::Remark.header()),
                        ] {
                            if let Some(v) = v {
                                out.push((v, at(f)));
                            }
                        }
                        for s in &it.steps {
                            for (v, f) in [
                                (&s.name, Field::Step.header()),
                                (&s.time_limit, Field::TimeLimit.header()),
                            ] {
                                if let Some(v) = v {
                                    out.push((v, at(f)));
                                }
                            }
                            for i in &s.infos {
                                for (v, f) in [
                                    (&i.name, "政府信息名称"),
                                    (&i.reason, Field::Reason.header()),
                                    (&i.time, Field::Time.header()),
                                    (&i.route, Field::Route.header()),
                                    (&i.medium, Field::Medium.header()),
                                    (&i.aspect, Field::Aspect.header()),
                                    (&i.remark, Field::Remark.header()),
                                ] {
                                    if let Some(v) = v {
                                        out.push((v, at(f)));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(n) = &self.nationals {
            let mut texts = Vec::new();
            n.texts(&mut texts);
            out.extend(texts.into_iter().map(|(t, at)| (t, Place(at))));
        }
        for p in &self.problems {
            let place = || Place(format!("问题清单 · {} {}", p.file, p.location));
            out.push((&p.file, place()));
            out.push((&p.message, place()));
            if let Some(h) = &p.help {
                out.push((h, place()));
            }
        }
        out
    }
}

// How a workbook reads the compiled rows: `gkml build`'s domain workbooks
// are laid out from these, like the PDF and catalog.json.

fn val(v: &Option<String>) -> Val<'_> {
    (v.as_deref().unwrap_or(""), None)
}

impl Row for Item {
    fn val(&self, field: Field) -> Val<'_> {
        match field {
            Field::Seq => val(&self.seq),
            Field::Category => val(&self.category),
            Field::Name => val(&self.name),
            Field::Subject => val(&self.subject),
            Field::Basis => val(&self.basis),
            Field::ItemAspect => val(&self.aspect),
            Field::ItemRemark => val(&self.remark),
            _ => ("", None),
        }
    }
    fn origin(&self) -> Option<&Loc> {
        None
    }
}

impl ItemRow for Item {
    type Step = Step;
    fn steps(&self) -> &[Step] {
        &self.steps
    }
}

impl Row for Step {
    fn val(&self, field: Field) -> Val<'_> {
        match field {
            Field::Step => val(&self.name),
            Field::TimeLimit => val(&self.time_limit),
            _ => ("", None),
        }
    }
    fn origin(&self) -> Option<&Loc> {
        None
    }
}

impl StepRow for Step {
    type Info = Info;
    fn infos(&self) -> &[Info] {
        &self.infos
    }
}

impl Row for Info {
    fn val(&self, field: Field) -> Val<'_> {
        match field {
            Field::InfoName => val(&self.name),
            Field::Reason => val(&self.reason),
            Field::Time => val(&self.time),
            Field::Route => val(&self.route),
            Field::Medium => val(&self.medium),
            Field::Aspect => val(&self.aspect),
            Field::Remark => val(&self.remark),
            _ => ("", None),
        }
    }
    fn origin(&self) -> Option<&Loc> {
        None
    }
}

impl InfoRow for Info {
    /// The compiled attribute (none when the catalogue marked none or
    /// several, as in the PDF).
    fn marks(&self, attr: Attr) -> Vec<Option<&Loc>> {
        match &self.attribute {
            Some(a) if a == attr.label() => vec![None],
            _ => Vec::new(),
        }
    }
    fn attr_origin(&self) -> Option<&Loc> {
        None
    }
}
