//! The 专栏 as a static site (`gkml site`): the checked, compiled catalogue
//! ([`Compiled`]) rendered as plain HTML pages — a home page, a page per
//! 试点领域 and per 试点单位, a page per 政务事项 showing its chain of 办理环节
//! and the information each step produces, with the records of the 公开台账
//! ([`Publication`]) — plus a search page that works in the browser without a
//! server (a character-bigram index, [`search`]).
//!
//! Every link is relative, nothing is loaded from outside the site, and the
//! same inputs give the same bytes. Pages come from the templates in
//! `src/site/templates/` (minijinja), the look from `src/site/assets/`.
//! This module renders only; [`cli`] reads the project and writes the site
//! (atomically, through [`publish`]).

pub mod cli;
mod national;
pub mod publish;
pub mod search;

use std::collections::{BTreeMap, HashMap};

use minijinja::{AutoEscape, Environment, context};
use serde::Serialize;

use crate::atomic::Output;
use crate::compiled::{self, Compiled};

/// A published piece of information, as recorded in the 公开台账. The
/// ledger is mapped into this shape by the caller.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Publication {
    /// 试点单位
    pub unit: String,
    /// 试点领域
    pub domain: String,
    /// 政务事项名称
    pub item: String,
    /// 政府信息名称
    pub info: String,
    /// 形成日期, as it is to be shown (YYYY-MM-DD).
    pub formed: String,
    /// 公开日期, as it is to be shown (YYYY-MM-DD).
    pub published: String,
    /// 公开链接: shown as a link only when it is an http(s) address.
    pub link: Option<String>,
    /// Published within its time limit; `None` when not judged.
    pub on_time: Option<bool>,
}

/// A file offered for download beside the site (the booklet, a domain
/// workbook, `catalog.json`), written under `downloads/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    /// File name inside `downloads/`.
    pub file: String,
    /// What it is, as shown on the home page.
    pub label: String,
    pub bytes: Vec<u8>,
}

/// Directory of the downloads inside the site.
pub const DOWNLOADS_DIR: &str = "downloads";

/// Marks `index.html` as written by gkml: only such a directory is
/// replaced by a new edition ([`publish`]).
pub const GENERATOR: &str = "gkml site";

const BASE: &str = include_str!("templates/base.html");
const INDEX: &str = include_str!("templates/index.html");
const DOMAIN: &str = include_str!("templates/domain.html");
const UNIT: &str = include_str!("templates/unit.html");
const ITEM: &str = include_str!("templates/item.html");
const SEARCH: &str = include_str!("templates/search.html");
const MACROS: &str = include_str!("templates/macros.html");
const CSS: &str = include_str!("assets/site.css");
const PRINT_CSS: &str = include_str!("assets/print.css");
const SEARCH_JS: &str = include_str!("assets/search.js");
const NAT_INDEX: &str = include_str!("templates/national/index.html");
const NAT_DOMAIN: &str = include_str!("templates/national/domain.html");
const NAT_UNIT: &str = include_str!("templates/national/unit.html");
const NAT_TABLE: &str = include_str!("templates/national/table.html");
const NAT_MACROS: &str = include_str!("templates/national/macros.html");

/// The masthead's name of the column: the pilot's 专栏 and a county's.
const PILOT_COLUMN: &str = "政务公开标准化规范化试点工作专栏";
const NATIONAL_COLUMN: &str = "基层政务公开标准化规范化专栏";

/// One record as shown under its piece of information.
#[derive(Clone, Debug, Serialize)]
struct RecordView {
    formed: String,
    published: String,
    /// An http(s) address, or `None` (anything else is shown as text).
    href: Option<String>,
    link_text: Option<String>,
    on_time: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
struct PieceView {
    anchor: String,
    name: String,
    attribute: Option<String>,
    /// CSS class suffix for the attribute.
    attr_class: &'static str,
    reason: Option<String>,
    time: Option<String>,
    route: Option<String>,
    medium: Option<String>,
    aspect: Option<String>,
    remark: Option<String>,
    records: Vec<RecordView>,
}

#[derive(Clone, Debug, Serialize)]
struct StepView {
    no: usize,
    name: String,
    time_limit: Option<String>,
    pieces: Vec<PieceView>,
}

/// An item page's data: the 规范化操作目录 (附件3) version of the item when
/// the unit has one for it, else the 标准化目录 (附件2) version.
#[derive(Clone, Debug, Serialize)]
struct ItemView {
    /// Path from the site root, e.g. `item/i-0123456789.html`.
    path: String,
    domain: String,
    domain_path: String,
    unit: String,
    unit_path: String,
    seq: Option<String>,
    name: String,
    category: Option<String>,
    subject: Option<String>,
    basis: Option<String>,
    aspect: Option<String>,
    remark: Option<String>,
    /// In the 规范化操作目录 (a 试点事项).
    pilot: bool,
    steps: Vec<StepView>,
    infos: usize,
    records: usize,
}

/// Items of one unit in one domain.
#[derive(Clone, Debug, Serialize)]
struct Group {
    domain: String,
    domain_path: String,
    unit: String,
    unit_path: String,
    /// Indexes into the item list.
    #[serde(skip)]
    items: Vec<usize>,
    /// Filled for rendering.
    list: Vec<ItemView>,
    counts: GroupCounts,
}

#[derive(Clone, Debug, Default, Serialize)]
struct GroupCounts {
    items: usize,
    pilot: usize,
    steps: usize,
    infos: usize,
    records: usize,
    judged: usize,
    on_time: usize,
    /// "96.0%" or `None` when no record was judged.
    rate: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct Link {
    name: String,
    path: String,
    items: usize,
}

#[derive(Clone, Debug, Serialize)]
struct DownloadView {
    href: String,
    label: String,
    file: String,
    size: String,
}

/// FNV-1a, 64 bits: a stable short name for a page (the same item keeps its
/// address from one edition to the next).
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A page path `dir/prefix-hash.html` not yet in `used`.
fn page_path(used: &mut std::collections::HashSet<String>, dir: &str, key: &str) -> String {
    let base = format!("{dir}/{:010x}", fnv(key) >> 24);
    let mut path = format!("{base}.html");
    let mut n = 2;
    while !used.insert(path.clone()) {
        path = format!("{base}-{n}.html");
        n += 1;
    }
    path
}

/// Percent-encodes a file name for an `href` (everything but unreserved
/// ASCII), so links work from `file://` and on any server.
pub fn href_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_web_link(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !l.contains(char::is_whitespace)
}

fn record_view(p: &Publication) -> RecordView {
    let link = p.link.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let (href, link_text) = match link {
        Some(l) if is_web_link(l) => (Some(l.to_string()), None),
        Some(l) => (None, Some(l.to_string())),
        None => (None, None),
    };
    RecordView {
        formed: p.formed.clone(),
        published: p.published.clone(),
        href,
        link_text,
        on_time: p.on_time,
    }
}

fn rate(on_time: usize, judged: usize) -> Option<String> {
    if judged == 0 {
        return None;
    }
    let r = on_time as f64 * 100.0 / judged as f64;
    Some(format!("{r:.1}%"))
}

fn human_size(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.0} KB", n as f64 / 1024.0)
    } else {
        format!("{n} 字节")
    }
}

type RecordKey = (String, String, String, String);

/// The site's model: pages and their links, built once from the compiled
/// catalogue.
struct Model {
    items: Vec<ItemView>,
    groups: Vec<Group>,
    domains: Vec<Link>,
    units: Vec<Link>,
}

fn build_model(data: &Compiled, publications: &[Publication]) -> Model {
    let mut records: HashMap<RecordKey, Vec<&Publication>> = HashMap::new();
    for p in publications {
        records
            .entry((
                p.unit.trim().to_string(),
                p.domain.trim().to_string(),
                p.item.trim().to_string(),
                p.info.trim().to_string(),
            ))
            .or_default()
            .push(p);
    }
    for list in records.values_mut() {
        list.sort_by(|a, b| {
            (&a.published, &a.formed, &a.link).cmp(&(&b.published, &b.formed, &b.link))
        });
    }

    let mut used = std::collections::HashSet::new();
    // Unit order: 附件1, then as they appear among the domains.
    let mut unit_names: Vec<String> = data.registry.iter().map(|r| r.unit.clone()).collect();
    for d in &data.domains {
        for u in d.standard.iter().chain(&d.operational) {
            if !unit_names.contains(&u.unit) {
                unit_names.push(u.unit.clone());
            }
        }
    }
    let unit_paths: BTreeMap<String, String> = unit_names
        .iter()
        .map(|u| (u.clone(), page_path(&mut used, "unit", u)))
        .collect();

    let mut items: Vec<ItemView> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut domains = Vec::new();
    for d in &data.domains {
        let domain_path = page_path(&mut used, "domain", &d.name);
        let mut domain_items = 0;
        for unit in &unit_names {
            let std_items = d.standard.iter().filter(|u| &u.unit == unit);
            let op_items: Vec<&compiled::Item> = d
                .operational
                .iter()
                .filter(|u| &u.unit == unit)
                .flat_map(|u| &u.items)
                .collect();
            let mut chosen: Vec<(&compiled::Item, bool)> = Vec::new();
            let mut op_used = vec![false; op_items.len()];
            for it in std_items.flat_map(|u| &u.items) {
                let op = it.name.as_ref().and_then(|n| {
                    op_items
                        .iter()
                        .zip(op_used.iter_mut())
                        .find(|(o, taken)| !**taken && o.name.as_ref() == Some(n))
                        .map(|(o, taken)| {
                            *taken = true;
                            *o
                        })
                });
                match op {
                    Some(o) => chosen.push((o, true)),
                    None => chosen.push((it, false)),
                }
            }
            for (o, taken) in op_items.iter().zip(&op_used) {
                if !*taken {
                    chosen.push((*o, true));
                }
            }
            if chosen.is_empty() {
                continue;
            }
            let unit_path = unit_paths.get(unit).cloned().unwrap_or_default();
            let mut group = Group {
                domain: d.name.clone(),
                domain_path: domain_path.clone(),
                unit: unit.clone(),
                unit_path: unit_path.clone(),
                items: Vec::new(),
                list: Vec::new(),
                counts: GroupCounts::default(),
            };
            for (it, pilot) in chosen {
                let name = it.name.clone().unwrap_or_else(|| {
                    format!("（序号 {} 未填写名称）", it.seq.as_deref().unwrap_or("?"))
                });
                let key = format!("{}\u{1f}{}\u{1f}{}", d.name, unit, name);
                let path = page_path(&mut used, "item", &key);
                let mut n_infos = 0;
                let mut n_records = 0;
                let steps: Vec<StepView> = it
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(si, s)| StepView {
                        no: si + 1,
                        name: s
                            .name
                            .clone()
                            .unwrap_or_else(|| "（未填写环节名称）".into()),
                        time_limit: s.time_limit.clone(),
                        pieces: s
                            .infos
                            .iter()
                            .enumerate()
                            .map(|(ii, i)| {
                                let pname = i
                                    .name
                                    .clone()
                                    .unwrap_or_else(|| "（未填写信息名称）".into());
                                let recs: Vec<RecordView> = records
                                    .get(&(
                                        unit.clone(),
                                        d.name.clone(),
                                        name.clone(),
                                        pname.clone(),
                                    ))
                                    .map(|v| v.iter().map(|p| record_view(p)).collect())
                                    .unwrap_or_default();
                                n_infos += 1;
                                n_records += recs.len();
                                PieceView {
                                    anchor: format!("x{}-{}", si + 1, ii + 1),
                                    name: pname,
                                    attribute: i.attribute.clone(),
                                    attr_class: match i.attribute.as_deref() {
                                        Some("主动公开") => "active",
                                        Some("依申请公开") => "request",
                                        Some("部分公开") => "partial",
                                        Some("不予公开") => "withheld",
                                        _ => "none",
                                    },
                                    reason: i.reason.clone(),
                                    time: i.time.clone(),
                                    route: i.route.clone(),
                                    medium: i.medium.clone(),
                                    aspect: i.aspect.clone(),
                                    remark: i.remark.clone(),
                                    records: recs,
                                }
                            })
                            .collect(),
                    })
                    .collect();
                group.counts.items += 1;
                group.counts.pilot += usize::from(pilot);
                group.counts.steps += steps.len();
                group.counts.infos += n_infos;
                group.items.push(items.len());
                items.push(ItemView {
                    path,
                    domain: d.name.clone(),
                    domain_path: domain_path.clone(),
                    unit: unit.clone(),
                    unit_path: unit_path.clone(),
                    seq: it.seq.clone(),
                    name,
                    category: it.category.clone(),
                    subject: it.subject.clone(),
                    basis: it.basis.clone(),
                    aspect: it.aspect.clone(),
                    remark: it.remark.clone(),
                    pilot,
                    steps,
                    infos: n_infos,
                    records: n_records,
                });
            }
            // The unit's ledger figures in this domain: every record of it,
            // whether or not it names a piece of the catalogue.
            for p in publications
                .iter()
                .filter(|p| p.unit.trim() == unit.as_str() && p.domain.trim() == d.name.as_str())
            {
                group.counts.records += 1;
                if let Some(ok) = p.on_time {
                    group.counts.judged += 1;
                    group.counts.on_time += usize::from(ok);
                }
            }
            group.counts.rate = rate(group.counts.on_time, group.counts.judged);
            domain_items += group.counts.items;
            groups.push(group);
        }
        domains.push(Link {
            name: d.name.clone(),
            path: domain_path,
            items: domain_items,
        });
    }
    let units = unit_names
        .iter()
        .filter_map(|u| {
            let n: usize = groups
                .iter()
                .filter(|g| &g.unit == u)
                .map(|g| g.counts.items)
                .sum();
            (n > 0).then(|| Link {
                name: u.clone(),
                path: unit_paths.get(u).cloned().unwrap_or_default(),
                items: n,
            })
        })
        .collect();
    for g in &mut groups {
        g.list = g
            .items
            .iter()
            .filter_map(|&i| items.get(i).cloned())
            .collect();
    }
    Model {
        items,
        groups,
        domains,
        units,
    }
}

/// Front matter every page shows, and the words of the frame that differ
/// between the formats.
#[derive(Serialize)]
struct SiteView {
    title: String,
    region: String,
    office: String,
    year: Option<String>,
    date: Option<String>,
    generator: &'static str,
    /// The column's name in the masthead.
    column: &'static str,
    /// The navigation's words for the domains and the units.
    domains_word: &'static str,
    units_word: &'static str,
    /// What the search finds ("政务事项或政府信息").
    search_what: String,
    /// The search box's example queries.
    search_hint: String,
}

impl SiteView {
    fn new(data: &Compiled) -> SiteView {
        let e = &data.edition;
        let national = data.nationals.is_some();
        SiteView {
            title: e.title.clone(),
            region: e.region.clone(),
            office: e.office.clone(),
            year: e.year.as_ref().map(|y| match y {
                compiled::Year::Number(n) => n.to_string(),
                compiled::Year::Text(t) => t.clone(),
            }),
            date: e.date.clone(),
            generator: GENERATOR,
            column: if national {
                NATIONAL_COLUMN
            } else {
                PILOT_COLUMN
            },
            domains_word: if national {
                crate::national::model::keys::DOMAIN
            } else {
                "试点领域"
            },
            units_word: if national {
                crate::national::model::keys::UNIT
            } else {
                "试点单位"
            },
            search_what: if national {
                national::search_what()
            } else {
                "政务事项或政府信息".to_string()
            },
            search_hint: match &data.nationals {
                Some(n) => national::search_hint(n),
                None => "如：低保、办事指南".to_string(),
            },
        }
    }
}

/// HTML-escapes `&`, `<`, `>`, `"` and `'` (minijinja's own escaping also
/// turns every `/` into `&#x2f;`, which makes paths and names unreadable in
/// the page source).
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The pilot catalogue's column headers, from the format description: the
/// templates write `{{ col.basis }}`, never the words themselves.
fn pilot_columns() -> minijinja::Value {
    use crate::format::hongkou::Field;
    let col: BTreeMap<&str, &str> = [
        ("seq", Field::Seq),
        ("category", Field::Category),
        ("name", Field::Name),
        ("subject", Field::Subject),
        ("basis", Field::Basis),
        ("step", Field::Step),
        ("info_name", Field::InfoName),
        ("attr", Field::Attr),
        ("reason", Field::Reason),
        ("time_limit", Field::TimeLimit),
        ("time", Field::Time),
        ("route", Field::Route),
        ("medium", Field::Medium),
    ]
    .into_iter()
    .map(|(k, f)| (k, f.header()))
    .collect();
    minijinja::Value::from_serialize(&col)
}

/// The templates of the pilot's site.
const PILOT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", BASE),
    ("macros.html", MACROS),
    ("index.html", INDEX),
    ("domain.html", DOMAIN),
    ("unit.html", UNIT),
    ("item.html", ITEM),
    ("search.html", SEARCH),
];

/// The templates of a national site (the frame and the search page are
/// the pilot's).
const NATIONAL_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", BASE),
    ("search.html", SEARCH),
    ("national/macros.html", NAT_MACROS),
    ("national/index.html", NAT_INDEX),
    ("national/domain.html", NAT_DOMAIN),
    ("national/unit.html", NAT_UNIT),
    ("national/table.html", NAT_TABLE),
];

/// The template environment: `templates`, with the format's column words
/// as the global `col`. `trim`: a block tag's line leaves no blank line
/// behind (minijinja's `trim_blocks` and `lstrip_blocks`), so that pages
/// with many conditional columns stay readable as source.
fn environment(
    col: minijinja::Value,
    templates: &[(&'static str, &'static str)],
    trim: bool,
) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_trim_blocks(trim);
    env.set_lstrip_blocks(trim);
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Html
            && !value.is_safe()
            && let Some(s) = value.as_str()
        {
            return out
                .write_str(&escape_html(s))
                .map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_global("col", col);
    for &(name, text) in templates {
        env.add_template(name, text)
            .map_err(|e| format!("页面模板 {name} 有误：{e}"))?;
    }
    Ok(env)
}

/// Renders template `name` of `env` with `ctx`.
fn render_page(
    env: &Environment<'_>,
    name: &str,
    ctx: minijinja::Value,
) -> Result<Vec<u8>, String> {
    let t = env
        .get_template(name)
        .map_err(|e| format!("页面模板 {name} 有误：{e}"))?;
    t.render(ctx)
        .map(String::into_bytes)
        .map_err(|e| format!("无法生成页面（模板 {name}）：{e}"))
}

/// The downloads as the home page lists them.
fn downloads_view(downloads: &[Download]) -> Vec<DownloadView> {
    downloads
        .iter()
        .map(|d| DownloadView {
            href: format!("{DOWNLOADS_DIR}/{}", href_encode(&d.file)),
            label: d.label.clone(),
            file: d.file.clone(),
            size: human_size(d.bytes.len()),
        })
        .collect()
}

/// The files every site has besides its pages: the style sheets, the search
/// script and its index, and the downloads.
fn common_files(
    out: &mut Vec<Output>,
    entries: &[search::Entry],
    what: &str,
    downloads: &[Download],
) {
    out.push(Output::new("assets/site.css", CSS.as_bytes().to_vec()));
    out.push(Output::new(
        "assets/print.css",
        PRINT_CSS.as_bytes().to_vec(),
    ));
    out.push(Output::new(
        "assets/search.js",
        SEARCH_JS.as_bytes().to_vec(),
    ));
    out.push(Output::new(
        "assets/search-index.js",
        search::index_js(entries, what),
    ));
    for d in downloads {
        out.push(Output::new(
            format!("{DOWNLOADS_DIR}/{}", d.file),
            d.bytes.clone(),
        ));
    }
}

/// Renders the site: every page, the style sheets, the search script and
/// index, and the downloads. File names are relative to the site's root
/// directory, in a fixed order.
///
/// A national project's site ([`Compiled::nationals`]) shows its 标准目录
/// instead: a page per table (编制单位 × 试点领域), per domain and per unit
/// (the 公开台账's records are the pilot catalogue's and are not shown).
pub fn render(
    data: &Compiled,
    publications: &[Publication],
    downloads: &[Download],
) -> Result<Vec<Output>, String> {
    let site = SiteView::new(data);
    if let Some(nat) = &data.nationals {
        let env = environment(national::columns(), NATIONAL_TEMPLATES, true)?;
        return national::render(&env, &site, nat, downloads);
    }
    let env = environment(pilot_columns(), PILOT_TEMPLATES, false)?;
    let model = build_model(data, publications);
    let downloads_view = downloads_view(downloads);
    let has_ledger = !publications.is_empty();
    let render_page = |name: &str, ctx: minijinja::Value| render_page(&env, name, ctx);

    let mut out = Vec::new();
    let total = GroupCounts {
        items: model.groups.iter().map(|g| g.counts.items).sum(),
        pilot: model.groups.iter().map(|g| g.counts.pilot).sum(),
        steps: model.groups.iter().map(|g| g.counts.steps).sum(),
        infos: model.groups.iter().map(|g| g.counts.infos).sum(),
        records: model.groups.iter().map(|g| g.counts.records).sum(),
        judged: model.groups.iter().map(|g| g.counts.judged).sum(),
        on_time: model.groups.iter().map(|g| g.counts.on_time).sum(),
        rate: None,
    };
    let total = GroupCounts {
        rate: rate(total.on_time, total.judged),
        ..total
    };
    out.push(Output::new(
        "index.html",
        render_page(
            "index.html",
            context! {
                site => &site, root => "", page => "home",
                groups => &model.groups, total => &total,
                domains => &model.domains, units => &model.units,
                downloads => &downloads_view, has_ledger => has_ledger,
            },
        )?,
    ));
    out.push(Output::new(
        "search.html",
        render_page(
            "search.html",
            context! { site => &site, root => "", page => "search" },
        )?,
    ));
    for d in &model.domains {
        let groups: Vec<&Group> = model.groups.iter().filter(|g| g.domain == d.name).collect();
        out.push(Output::new(
            d.path.clone(),
            render_page(
                "domain.html",
                context! {
                    site => &site, root => "../", page => "domain",
                    domain => d, groups => groups, has_ledger => has_ledger,
                },
            )?,
        ));
    }
    for u in &model.units {
        let groups: Vec<&Group> = model.groups.iter().filter(|g| g.unit == u.name).collect();
        out.push(Output::new(
            u.path.clone(),
            render_page(
                "unit.html",
                context! {
                    site => &site, root => "../", page => "unit",
                    unit => u, groups => groups, has_ledger => has_ledger,
                },
            )?,
        ));
    }
    for it in &model.items {
        out.push(Output::new(
            it.path.clone(),
            render_page(
                "item.html",
                context! {
                    site => &site, root => "../", page => "item",
                    item => it, has_ledger => has_ledger,
                },
            )?,
        ));
    }
    common_files(
        &mut out,
        &search_entries(&model),
        &site.search_what,
        downloads,
    );
    Ok(out)
}

/// What the search finds: every item and every piece of information (once
/// per item and name), in page order.
fn search_entries(model: &Model) -> Vec<search::Entry> {
    let mut out = Vec::new();
    for it in &model.items {
        let place = format!("{} · {}", it.domain, it.unit);
        out.push(search::Entry {
            kind: search::Kind::Item,
            name: it.name.clone(),
            path: it.path.clone(),
            place: place.clone(),
        });
        let mut seen = std::collections::HashSet::new();
        for s in &it.steps {
            for p in &s.pieces {
                if seen.insert(p.name.as_str()) {
                    out.push(search::Entry {
                        kind: search::Kind::Info,
                        name: p.name.clone(),
                        path: format!("{}#{}", it.path, p.anchor),
                        place: format!("{place} · {} · {}", it.name, s.name),
                    });
                }
            }
        }
    }
    out
}
