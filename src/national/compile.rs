//! The national catalogues of a project as `gkml build` compiles them: the
//! `nationals` section of `catalog.json` (tables by 试点领域, then by
//! 编制单位) with the summary the booklet prints, and the column words the
//! national booklet template reads as `/columns.json`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::channel::{Mark, MarkMeaning};
use super::labels::{self, Audience, Method};
use super::model::{NationalCatalog, keys};
use crate::config::Config;
use crate::model::Text;

/// Shown for a table that does not say its unit or domain.
const UNNAMED_UNIT: &str = "（未注明编制单位）";
const UNNAMED_DOMAIN: &str = "（未注明试点领域）";

/// The national-2019 标准目录 of a project (`catalog.json`'s `nationals`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Nationals {
    /// Always "national-2019".
    pub format: String,
    /// What ■ and □ mean in 公开渠道和载体 (渠道标记): "使用" or "必选/可选".
    pub marks: String,
    /// The tables by 试点领域: the project file's 编制单位及试点领域 order,
    /// then any others in the order they were read.
    pub domains: Vec<NationalDomain>,
    /// Counts per table and in total, and channel use.
    pub summary: NationalSummary,
}

/// One 试点领域 and its tables, one per 编制单位.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalDomain {
    /// 试点领域 (the standard name when the table writes another form).
    pub name: String,
    pub tables: Vec<NationalTable>,
}

/// One unit's table for one domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalTable {
    /// 编制单位
    pub unit: String,
    /// 试点领域 as the table writes it.
    pub domain: String,
    /// The table has a 一级目录 column.
    pub has_dir1: bool,
    /// The table has a 三级事项 column.
    pub has_level3: bool,
    /// The 公开层级 columns' labels in order; `null`: the table has none.
    pub levels: Option<Vec<String>>,
    /// The channels' names when the table gives 公开渠道和载体 as one √
    /// column per channel (the booklet prints those columns); `null`: one
    /// ■/□ checklist cell.
    pub channel_columns: Option<Vec<String>>,
    /// 公开事项: the 一级事项 in order.
    pub groups: Vec<NationalGroup>,
}

/// 一级事项 and its 二级事项.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalGroup {
    /// 一级目录 (tables with that column).
    pub dir1: Option<String>,
    /// 一级事项
    pub name: Option<String>,
    /// 二级事项, one per row of the table.
    pub rows: Vec<NationalRow>,
}

/// 二级事项: a row of the table. Missing values are `null`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalRow {
    /// 二级事项
    pub name: Option<String>,
    /// 三级事项
    pub level3: Option<String>,
    /// 公开内容（要素）
    pub content: Option<String>,
    /// 公开依据
    pub basis: Option<String>,
    /// 公开时限 as written.
    pub time: Option<String>,
    /// 公开主体
    pub subject: Option<String>,
    /// 公开渠道和载体 as listed, with their marks.
    pub channels: Vec<NationalChannel>,
    /// 公开对象 ticked: "全社会", "特定群体".
    pub audiences: Vec<String>,
    /// 公开方式 ticked: "主动", "依申请".
    pub methods: Vec<String>,
    /// 公开层级 ticked (labels of the table's level columns); `null`: no such columns.
    pub levels: Option<Vec<String>>,
    /// 公开网址
    pub url: Option<String>,
    /// 备注
    pub note: Option<String>,
}

/// One channel of a row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalChannel {
    /// The channel's name.
    pub name: String,
    /// "■" (used, or 必选) or "□" (not used, or 可选).
    pub mark: String,
    /// True when the row uses the channel under the project's 渠道标记.
    pub used: bool,
}

/// The booklet's summary of the national tables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalSummary {
    /// One row per table, in the booklet's order.
    pub rows: Vec<NationalSummaryRow>,
    /// All tables added up.
    pub total: NationalCounts,
    /// How many 二级事项 use each channel: vocabulary order, then others.
    pub channels: Vec<NameCount>,
}

/// Counts for one table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalSummaryRow {
    /// 编制单位
    pub unit: String,
    /// 试点领域
    pub domain: String,
    #[serde(flatten)]
    pub counts: NationalCounts,
}

/// 一级/二级事项 and how many 二级事项 are 主动 / 依申请, 县级 / 乡级.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalCounts {
    /// 一级事项
    pub groups: usize,
    /// 二级事项
    pub rows: usize,
    /// 二级事项 ticked 主动.
    pub active: usize,
    /// 二级事项 ticked 依申请.
    pub on_request: usize,
    /// 二级事项 ticked at county level or above (县级, 区级, 市级).
    pub county: usize,
    /// 二级事项 ticked at township or village level (乡级, 镇级, 村级).
    pub township: usize,
}

impl NationalCounts {
    /// Adds another table's counts.
    pub fn add(&mut self, o: &NationalCounts) {
        self.groups += o.groups;
        self.rows += o.rows;
        self.active += o.active;
        self.on_request += o.on_request;
        self.county += o.county;
        self.township += o.township;
    }
}

/// A name and how often it is used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NameCount {
    pub name: String,
    pub count: usize,
}

fn opt(t: &Text) -> Option<String> {
    t.as_ref()
        .map(|s| s.value.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The domain a table is compiled under: the standard name of its domain.
pub fn domain_of(c: &NationalCatalog) -> String {
    let written = c.domain_text().trim();
    if written.is_empty() {
        return UNNAMED_DOMAIN.to_string();
    }
    super::domain::canonical(written)
        .map(str::to_string)
        .unwrap_or_else(|| written.to_string())
}

/// The unit a table is compiled under.
pub fn unit_of(c: &NationalCatalog) -> String {
    let u = c.unit_text().trim();
    if u.is_empty() {
        UNNAMED_UNIT.to_string()
    } else {
        u.to_string()
    }
}

/// The booklet's title when the project file gives no 标题:
/// `<地区>基层政务公开标准目录` with the project's 地区, else with the county
/// the units' names share (`青山县民政局`, `青山县公安局` → 青山县, see
/// [`super::title::county_of`]), else `基层政务公开标准目录`.
pub fn booklet_title(cfg: &Config, cats: &[NationalCatalog]) -> String {
    let region = cfg.region.trim();
    let county = if region.is_empty() {
        let units = cfg
            .national
            .units
            .iter()
            .map(|(u, _)| u.value.as_str())
            .chain(cats.iter().map(NationalCatalog::unit_text));
        super::title::county_of(units).unwrap_or_default()
    } else {
        region.to_string()
    };
    format!("{county}{}", keys::CATALOG_NAME)
}

/// One table as compiled.
pub fn table(c: &NationalCatalog, meaning: MarkMeaning) -> NationalTable {
    NationalTable {
        unit: unit_of(c),
        domain: c.domain_text().trim().to_string(),
        has_dir1: c.has_dir1,
        has_level3: c.has_level3,
        levels: c.levels.clone(),
        channel_columns: c.channel_columns.clone(),
        groups: c
            .groups
            .iter()
            .map(|g| NationalGroup {
                dir1: opt(&g.dir1),
                name: opt(&g.name),
                rows: g
                    .rows
                    .iter()
                    .map(|r| NationalRow {
                        name: opt(&r.name),
                        level3: opt(&r.level3),
                        content: opt(&r.content),
                        basis: opt(&r.basis),
                        time: opt(&r.time),
                        subject: opt(&r.subject),
                        channels: r
                            .channels
                            .entries
                            .iter()
                            .map(|e| NationalChannel {
                                name: e.name.clone(),
                                mark: if e.mark == Mark::Empty { "□" } else { "■" }.to_string(),
                                used: meaning == MarkMeaning::Required || e.mark != Mark::Empty,
                            })
                            .collect(),
                        audiences: [Audience::Public, Audience::Specific]
                            .into_iter()
                            .filter(|a| r.audiences.set.contains(a))
                            .map(|a| a.label().to_string())
                            .collect(),
                        methods: [Method::Active, Method::OnRequest]
                            .into_iter()
                            .filter(|m| r.methods.set.contains(m))
                            .map(|m| m.label().to_string())
                            .collect(),
                        levels: r.levels.as_ref().map(|t| t.set.clone()),
                        url: opt(&r.url),
                        note: opt(&r.note),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The counts of one compiled table (a row of the summary).
pub fn counts(t: &NationalTable) -> NationalCounts {
    let mut n = NationalCounts {
        groups: t.groups.len(),
        ..NationalCounts::default()
    };
    for r in t.groups.iter().flat_map(|g| &g.rows) {
        n.rows += 1;
        let has = |list: &[String], m: Method| list.iter().any(|x| x == m.label());
        n.active += usize::from(has(&r.methods, Method::Active));
        n.on_request += usize::from(has(&r.methods, Method::OnRequest));
        let tiers: Vec<labels::Level> = r
            .levels
            .iter()
            .flatten()
            .filter_map(|l| labels::level(l))
            .collect();
        n.county += usize::from(tiers.iter().any(labels::Level::is_county_or_above));
        n.township += usize::from(tiers.iter().any(labels::Level::is_township_or_below));
    }
    n
}

/// Compiles the national tables of a project; `None` when it has none.
pub fn compile(cfg: &Config, cats: &[NationalCatalog]) -> Option<Nationals> {
    if cats.is_empty() {
        return None;
    }
    let meaning = cfg.national.marks;
    // Orders: the project file's 编制单位及试点领域, then as read.
    let mut units: Vec<String> = Vec::new();
    let mut domains: Vec<String> = Vec::new();
    for (u, ds) in &cfg.national.units {
        units.push(u.value.trim().to_string());
        for d in ds {
            let d = d.value.trim();
            let name = super::domain::canonical(d).unwrap_or(d).to_string();
            if !domains.contains(&name) {
                domains.push(name);
            }
        }
    }
    let order = crate::order::by_domain_and_unit(cats, &mut units, &mut domains, |c| {
        (unit_of(c), domain_of(c))
    });

    let mut out: Vec<NationalDomain> = Vec::new();
    let mut rows = Vec::new();
    let mut total = NationalCounts::default();
    let mut channel_use: Vec<NameCount> = cfg
        .national
        .channels
        .names()
        .map(|n| NameCount {
            name: n.to_string(),
            count: 0,
        })
        .collect();
    for &(d, c) in &order {
        let name = domains.get(d).cloned().unwrap_or_else(|| domain_of(c));
        let t = table(c, meaning);
        let n = counts(&t);
        total.add(&n);
        rows.push(NationalSummaryRow {
            unit: t.unit.clone(),
            domain: name.clone(),
            counts: n,
        });
        for r in t.groups.iter().flat_map(|g| &g.rows) {
            for ch in r.channels.iter().filter(|c| c.used) {
                match channel_use.iter_mut().find(|x| x.name == ch.name) {
                    Some(x) => x.count += 1,
                    None => channel_use.push(NameCount {
                        name: ch.name.clone(),
                        count: 1,
                    }),
                }
            }
        }
        match out.last_mut() {
            Some(last) if last.name == name => last.tables.push(t),
            _ => out.push(NationalDomain {
                name,
                tables: vec![t],
            }),
        }
    }
    Some(Nationals {
        format: keys::FORMAT_NAME.to_string(),
        marks: meaning.as_project().to_string(),
        domains: out,
        summary: NationalSummary {
            rows,
            total,
            channels: channel_use,
        },
    })
}

/// The national table's words as the booklet template reads them
/// (`/columns.json` for a national project): column headings, the
/// sub-column labels of the √ groups, and the headings of the summary.
pub fn columns_json() -> Vec<u8> {
    use serde_json::json;
    let v = json!({
        "format": keys::FORMAT_NAME,
        "seq": keys::SEQ,
        "items": keys::ITEMS,
        "dir1": keys::DIR1,
        "level1": keys::LEVEL1,
        "level2": keys::LEVEL2,
        "level3": keys::LEVEL3,
        "fields": [
            { "key": "content", "header": keys::CONTENT },
            { "key": "basis", "header": keys::BASIS },
            { "key": "time", "header": keys::TIME },
            { "key": "subject", "header": keys::SUBJECT },
        ],
        "channels": keys::CHANNELS,
        "audience": {
            "header": keys::AUDIENCE,
            "labels": [Audience::Public.label(), Audience::Specific.label()],
        },
        "method": {
            "header": keys::METHOD,
            "labels": [Method::Active.label(), Method::OnRequest.label()],
        },
        "levels": keys::LEVELS,
        "url": keys::URL,
        "note": keys::NOTE,
        "unit": keys::UNIT,
        "domain": keys::DOMAIN,
        "title-end": keys::TITLE_END,
        "county": "县级",
        "township": "乡级",
    });
    serde_json::to_vec_pretty(&v).unwrap_or_default()
}

impl Nationals {
    /// Every piece of text the booklet typesets, with where it is (for the
    /// missing-glyph check): the text and the place as words.
    pub fn texts<'a>(&'a self, out: &mut Vec<(&'a str, String)>) {
        for d in &self.domains {
            for t in &d.tables {
                let base = format!("{} · {}", d.name, t.unit);
                out.push((&d.name, base.clone()));
                out.push((&t.unit, base.clone()));
                for l in t.levels.iter().flatten() {
                    out.push((l, format!("{base} · {}", keys::LEVELS)));
                }
                for g in &t.groups {
                    let gb = format!("{base} · {}", g.name.as_deref().unwrap_or(""));
                    for (v, f) in [(&g.dir1, keys::DIR1), (&g.name, keys::LEVEL1)] {
                        if let Some(v) = v {
                            out.push((v, format!("{gb} · {f}")));
                        }
                    }
                    for r in &g.rows {
                        let rb = format!("{gb} · {}", r.name.as_deref().unwrap_or(""));
                        for (v, f) in [
                            (&r.name, keys::LEVEL2),
                            (&r.level3, keys::LEVEL3),
                            (&r.content, keys::CONTENT),
                            (&r.basis, keys::BASIS),
                            (&r.time, keys::TIME),
                            (&r.subject, keys::SUBJECT),
                            (&r.url, keys::URL),
                            (&r.note, keys::NOTE),
                        ] {
                            if let Some(v) = v {
                                out.push((v, format!("{rb} · {f}")));
                            }
                        }
                        for c in &r.channels {
                            out.push((&c.name, format!("{rb} · {}", keys::CHANNELS)));
                        }
                    }
                }
            }
        }
    }
}
