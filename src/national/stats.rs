//! `gkml stats` for national-2019 catalogues: per 编制单位 × 试点领域, per
//! unit and in all, the 一级事项 and 二级事项, 主动 vs 依申请, 全社会 vs
//! 特定群体, 县级 vs 乡级 (a 二级事项 ticked under both counts in both) and
//! how many 二级事项 use each 公开渠道和载体.

use super::channel::MarkMeaning;
use super::labels::{self, Audience, Method};
use super::model::NationalCatalog;
use crate::stats::{csv_field, table};

/// The label of a total row.
pub const TOTAL: &str = "合计";

/// The figures of one unit in one domain (or of a unit, or of all).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Figures {
    /// 编制单位.
    pub unit: String,
    /// 试点领域.
    pub domain: String,
    /// 一级事项.
    pub level1: usize,
    /// 二级事项.
    pub level2: usize,
    /// 二级事项 ticked 主动.
    pub active: usize,
    /// 二级事项 ticked 依申请.
    pub on_request: usize,
    /// 二级事项 ticked 全社会.
    pub public: usize,
    /// 二级事项 ticked 特定群体.
    pub specific: usize,
    /// 二级事项 ticked at the county level or above (县级, 区级, 市级 …).
    pub county: usize,
    /// 二级事项 ticked at the township level or below (乡级, 镇级, 村级 …).
    pub township: usize,
    /// How many 二级事项 use each channel, in the vocabulary's order.
    pub channels: Vec<(String, usize)>,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.level1 += o.level1;
        self.level2 += o.level2;
        self.active += o.active;
        self.on_request += o.on_request;
        self.public += o.public;
        self.specific += o.specific;
        self.county += o.county;
        self.township += o.township;
        for (name, n) in &o.channels {
            add_channel(&mut self.channels, name, *n);
        }
    }
}

fn add_channel(list: &mut Vec<(String, usize)>, name: &str, n: usize) {
    match list.iter_mut().find(|(c, _)| c == name) {
        Some((_, m)) => *m += n,
        None => list.push((name.to_string(), n)),
    }
}

/// The figures of every catalogue (unit × domain, in the order read), each
/// unit's, and the project's.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct NationalStats {
    pub groups: Vec<Figures>,
    /// One row per unit (domain 合计).
    pub units: Vec<Figures>,
    /// Everything (unit and domain 合计).
    pub total: Figures,
}

/// One catalogue's figures.
fn figures(cat: &NationalCatalog, meaning: MarkMeaning, order: &[&str]) -> Figures {
    let mut f = Figures {
        unit: cat.unit_text().to_string(),
        domain: cat.domain_text().to_string(),
        ..Figures::default()
    };
    let (l1, l2) = cat.counts();
    f.level1 = l1;
    f.level2 = l2;
    for (_, r) in cat.rows() {
        let count = |yes: bool| usize::from(yes);
        f.active += count(r.methods.set.contains(&Method::Active));
        f.on_request += count(r.methods.set.contains(&Method::OnRequest));
        f.public += count(r.audiences.set.contains(&Audience::Public));
        f.specific += count(r.audiences.set.contains(&Audience::Specific));
        let levels: Vec<labels::Level> = r
            .levels
            .iter()
            .flat_map(|t| t.set.iter())
            .filter_map(|l| labels::level(l))
            .collect();
        f.county += count(levels.iter().any(labels::Level::is_county_or_above));
        f.township += count(levels.iter().any(labels::Level::is_township_or_below));
        let mut seen: Vec<&str> = Vec::new();
        for c in r.channels.used(meaning) {
            if !seen.contains(&c.name.as_str()) {
                seen.push(&c.name);
                add_channel(&mut f.channels, &c.name, 1);
            }
        }
    }
    sort_channels(&mut f.channels, order);
    f
}

/// The vocabulary's order first, then the others as first seen.
fn sort_channels(list: &mut [(String, usize)], order: &[&str]) {
    list.sort_by_key(|(name, _)| order.iter().position(|o| o == name).unwrap_or(order.len()));
}

/// The figures of a project's national catalogues.
pub fn stats(cats: &[NationalCatalog], cfg: &crate::config::Config) -> NationalStats {
    let order: Vec<&str> = cfg.national.channels.names().collect();
    let meaning = cfg.national.marks;
    let mut s = NationalStats {
        total: Figures {
            unit: TOTAL.into(),
            domain: TOTAL.into(),
            ..Figures::default()
        },
        ..NationalStats::default()
    };
    for cat in cats {
        let f = figures(cat, meaning, &order);
        match s
            .groups
            .iter_mut()
            .find(|g| g.unit == f.unit && g.domain == f.domain)
        {
            Some(g) => g.add(&f),
            None => s.groups.push(f.clone()),
        }
        match s.units.iter_mut().find(|u| u.unit == f.unit) {
            Some(u) => u.add(&f),
            None => s.units.push(Figures {
                domain: TOTAL.into(),
                ..f.clone()
            }),
        }
        s.total.add(&f);
    }
    for f in s
        .groups
        .iter_mut()
        .chain(s.units.iter_mut())
        .chain(std::iter::once(&mut s.total))
    {
        sort_channels(&mut f.channels, &order);
    }
    s
}

const HEADER: [&str; 10] = [
    "编制单位",
    "试点领域",
    "一级事项",
    "二级事项",
    "主动",
    "依申请",
    "全社会",
    "特定群体",
    "县级",
    "乡级",
];

fn cells(f: &Figures) -> Vec<String> {
    let mut v = vec![f.unit.clone(), f.domain.clone()];
    v.extend(
        [
            f.level1,
            f.level2,
            f.active,
            f.on_request,
            f.public,
            f.specific,
            f.county,
            f.township,
        ]
        .iter()
        .map(usize::to_string),
    );
    v
}

impl NationalStats {
    /// Every row of the tables: each unit's domains, then the unit's total;
    /// the project's total last (when there is more than one catalogue).
    fn rows(&self) -> Vec<&Figures> {
        let mut out = Vec::new();
        for u in &self.units {
            let mine: Vec<&Figures> = self.groups.iter().filter(|g| g.unit == u.unit).collect();
            let n = mine.len();
            out.extend(mine);
            if n > 1 {
                out.push(u);
            }
        }
        if self.groups.len() > 1 {
            out.push(&self.total);
        }
        out
    }

    /// The channel names, in the totals' order.
    fn channel_names(&self) -> Vec<&str> {
        self.total
            .channels
            .iter()
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// Aligned tables: the counts, then the channels' use.
    pub fn to_text(&self) -> String {
        let mut out =
            String::from("基层政务公开标准目录（二级事项数；县级含县级以上，乡级含乡级以下）\n");
        let header: Vec<String> = HEADER.iter().map(|s| (*s).to_string()).collect();
        let rows: Vec<Vec<String>> = self.rows().into_iter().map(cells).collect();
        table(&mut out, &header, &rows, 2);
        out.push_str("\n公开渠道和载体（使用该渠道的二级事项数）\n");
        let header = vec![
            "公开渠道和载体".to_string(),
            "二级事项".to_string(),
            "占比".to_string(),
        ];
        let rows: Vec<Vec<String>> = self
            .total
            .channels
            .iter()
            .map(|(name, n)| {
                let share = if self.total.level2 == 0 {
                    0.0
                } else {
                    // Counts of rows: far below f64's exact range.
                    #[allow(clippy::cast_precision_loss)]
                    let s = *n as f64 / self.total.level2 as f64;
                    s
                };
                vec![name.clone(), n.to_string(), crate::stats::percent(share)]
            })
            .collect();
        table(&mut out, &header, &rows, 1);
        out
    }

    /// One CSV table: the counts and one column per channel.
    pub fn to_csv(&self) -> String {
        let names = self.channel_names();
        let mut header: Vec<String> = HEADER.iter().map(|s| (*s).to_string()).collect();
        header.extend(names.iter().map(|n| format!("渠道：{n}")));
        let mut out = csv_line(&header);
        for f in self.rows() {
            let mut v = cells(f);
            for n in &names {
                let c = f
                    .channels
                    .iter()
                    .find(|(c, _)| c == n)
                    .map_or(0, |(_, k)| *k);
                v.push(c.to_string());
            }
            out.push_str(&csv_line(&v));
        }
        out
    }
}

fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
    let mut s = quoted.join(",");
    s.push('\n');
    s
}
