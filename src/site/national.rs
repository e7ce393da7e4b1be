//! The 专栏 of a national project (format `national-2019`, 国办发〔2019〕54号):
//! the compiled 标准目录 ([`Nationals`], the same data as the booklet and
//! `catalog.json`) as pages — a home page with every table's counts, a page
//! per table (编制单位 × 试点领域) in the national layout, a page per 试点领域
//! and per 编制单位 outlining their tables' 一级/二级事项, and the search.
//!
//! Every 二级事项 is a row of its table page with an anchor computed from
//! its 一级事项 and name, so a link to it keeps working from one edition to
//! the next while the names stay. The column words come from the format's
//! keys ([`keys`]); the templates read them as `col`.

use std::collections::{BTreeMap, HashSet};

use minijinja::{Environment, context};
use serde::Serialize;

use super::{
    Download, SiteView, common_files, downloads_view, fnv, is_web_link, page_path, render_page,
    search,
};
use crate::atomic::Output;
use crate::national::channel::MarkMeaning;
use crate::national::compile::{self as ncompile, NationalCounts, NationalTable, Nationals};
use crate::national::labels::{Audience, Method};
use crate::national::model::keys;

/// The national table's words, as the templates read them (`col.level2`).
pub(super) fn columns() -> minijinja::Value {
    let col: BTreeMap<&str, &str> = [
        ("seq", keys::SEQ),
        ("items", keys::ITEMS),
        ("dir1", keys::DIR1),
        ("level1", keys::LEVEL1),
        ("level2", keys::LEVEL2),
        ("level3", keys::LEVEL3),
        ("content", keys::CONTENT),
        ("basis", keys::BASIS),
        ("time", keys::TIME),
        ("subject", keys::SUBJECT),
        ("channels", keys::CHANNELS),
        ("audience", keys::AUDIENCE),
        ("method", keys::METHOD),
        ("levels", keys::LEVELS),
        ("url", keys::URL),
        ("note", keys::NOTE),
        ("unit", keys::UNIT),
        ("domain", keys::DOMAIN),
        ("title_end", keys::TITLE_END),
        ("public", Audience::Public.label()),
        ("specific", Audience::Specific.label()),
        ("active", Method::Active.label()),
        ("on_request", Method::OnRequest.label()),
    ]
    .into_iter()
    .collect();
    minijinja::Value::from_serialize(&col)
}

/// What the search of a national site finds, in words.
pub(super) fn search_what() -> String {
    format!("{}或{}", keys::LEVEL1, keys::LEVEL2)
}

/// The search box's example: the first 一级事项 and its first 二级事项.
pub(super) fn search_hint(n: &Nationals) -> String {
    let first = n
        .domains
        .iter()
        .flat_map(|d| &d.tables)
        .flat_map(|t| &t.groups)
        .find_map(|g| {
            let row = g.rows.iter().find_map(|r| r.name.clone());
            g.name.clone().map(|name| (name, row))
        });
    match first {
        Some((g, Some(r))) => format!("如：{g}、{r}"),
        Some((g, None)) => format!("如：{g}"),
        None => String::new(),
    }
}

/// A 二级事项 as its table page shows it.
#[derive(Clone, Debug, Serialize)]
struct RowView {
    /// The row's id on its page.
    anchor: String,
    /// Its number in the table, from 1.
    no: usize,
    name: String,
    level3: Option<String>,
    content: Option<String>,
    basis: Option<String>,
    time: Option<String>,
    subject: Option<String>,
    /// The channels used (渠道标记 使用), or the 必选 ones (必选/可选).
    channels: Vec<String>,
    /// The 可选 channels (渠道标记 必选/可选 only).
    optional: Vec<String>,
    /// 公开对象, 公开方式 and 公开层级 ticked, as words ("全社会、特定群体").
    audiences: String,
    methods: String,
    levels: Option<String>,
    /// 公开网址 as a link (an http(s) address) or as text.
    url_href: Option<String>,
    url_text: Option<String>,
    note: Option<String>,
}

/// A 一级事项 and its 二级事项.
#[derive(Clone, Debug, Serialize)]
struct GroupView {
    anchor: String,
    dir1: Option<String>,
    name: String,
    rows: Vec<RowView>,
}

/// One table: a page of the site.
#[derive(Clone, Debug, Serialize)]
struct TableView {
    /// Path from the site root, e.g. `table/0123456789.html`.
    path: String,
    /// 编制单位 + 试点领域 + 领域基层政务公开标准目录.
    title: String,
    /// The 试点领域 it is filed under (the standard name) and its page.
    domain: String,
    domain_path: String,
    unit: String,
    unit_path: String,
    has_dir1: bool,
    has_level3: bool,
    has_levels: bool,
    has_url: bool,
    has_note: bool,
    counts: NationalCounts,
    groups: Vec<GroupView>,
}

/// A 试点领域 or an 编制单位 with its tables.
#[derive(Clone, Debug, Serialize)]
struct PartView<'a> {
    name: String,
    path: String,
    counts: NationalCounts,
    tables: Vec<&'a TableView>,
}

fn join(list: &[String]) -> String {
    list.join("、")
}

/// An anchor `prefix` + 8 hex digits of `key`, not yet in `used`.
fn anchor(used: &mut HashSet<String>, prefix: &str, key: &str) -> String {
    let base = format!("{prefix}{:08x}", fnv(key) >> 32);
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn table_view(
    t: &NationalTable,
    domain: &str,
    path: String,
    domain_path: String,
    unit_path: String,
    required: bool,
) -> TableView {
    let mut ids = HashSet::new();
    let mut no = 0;
    let groups: Vec<GroupView> = t
        .groups
        .iter()
        .map(|g| {
            let name = g
                .name
                .clone()
                .unwrap_or_else(|| format!("（未填写{}）", keys::LEVEL1));
            let rows = g
                .rows
                .iter()
                .map(|r| {
                    no += 1;
                    let rname = r
                        .name
                        .clone()
                        .unwrap_or_else(|| format!("（未填写{}）", keys::LEVEL2));
                    let key = format!(
                        "{name}\u{1f}{rname}\u{1f}{}",
                        r.level3.as_deref().unwrap_or("")
                    );
                    let (channels, optional): (Vec<String>, Vec<String>) = if required {
                        let (req, opt): (Vec<_>, Vec<_>) =
                            r.channels.iter().partition(|c| c.mark == "■");
                        (
                            req.into_iter().map(|c| c.name.clone()).collect(),
                            opt.into_iter().map(|c| c.name.clone()).collect(),
                        )
                    } else {
                        (
                            r.channels
                                .iter()
                                .filter(|c| c.used)
                                .map(|c| c.name.clone())
                                .collect(),
                            Vec::new(),
                        )
                    };
                    let url = r.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
                    RowView {
                        anchor: anchor(&mut ids, "r", &key),
                        no,
                        name: rname,
                        level3: r.level3.clone(),
                        content: r.content.clone(),
                        basis: r.basis.clone(),
                        time: r.time.clone(),
                        subject: r.subject.clone(),
                        channels,
                        optional,
                        audiences: join(&r.audiences),
                        methods: join(&r.methods),
                        levels: r.levels.as_deref().map(join),
                        url_href: url.filter(|u| is_web_link(u)).map(str::to_string),
                        url_text: url.filter(|u| !is_web_link(u)).map(str::to_string),
                        note: r.note.clone(),
                    }
                })
                .collect();
            GroupView {
                anchor: anchor(&mut ids, "g", &name),
                dir1: g.dir1.clone(),
                name,
                rows,
            }
        })
        .collect();
    let rows = || t.groups.iter().flat_map(|g| &g.rows);
    let written = if t.domain.is_empty() {
        domain
    } else {
        &t.domain
    };
    TableView {
        path,
        title: format!("{}{}{}", t.unit, written, keys::TITLE_END),
        domain: domain.to_string(),
        domain_path,
        unit: t.unit.clone(),
        unit_path,
        has_dir1: t.has_dir1,
        has_level3: t.has_level3,
        has_levels: t.levels.is_some(),
        has_url: rows().any(|r| r.url.is_some()),
        has_note: rows().any(|r| r.note.is_some()),
        counts: ncompile::counts(t),
        groups,
    }
}

fn sum<'a>(tables: impl Iterator<Item = &'a TableView>) -> NationalCounts {
    let mut n = NationalCounts::default();
    for t in tables {
        n.add(&t.counts);
    }
    n
}

/// Renders a national project's site: the pages, then the files every
/// site has (see [`super::render`]).
pub(super) fn render(
    env: &Environment<'_>,
    site: &SiteView,
    nat: &Nationals,
    downloads: &[Download],
) -> Result<Vec<Output>, String> {
    let required = MarkMeaning::from_project(&nat.marks) == Some(MarkMeaning::Required);
    let mut used = HashSet::new();
    // Units in the order they first appear (the tables are by domain, then
    // by the project file's 编制单位 order).
    let mut unit_names: Vec<&str> = Vec::new();
    for t in nat.domains.iter().flat_map(|d| &d.tables) {
        if !unit_names.contains(&t.unit.as_str()) {
            unit_names.push(&t.unit);
        }
    }
    let unit_paths: BTreeMap<&str, String> = unit_names
        .iter()
        .map(|u| (*u, page_path(&mut used, "unit", u)))
        .collect();
    let mut tables: Vec<TableView> = Vec::new();
    // Per domain: its page and its tables' indexes.
    let mut domain_pages: Vec<(String, String, Vec<usize>)> = Vec::new();
    for d in &nat.domains {
        let domain_path = page_path(&mut used, "domain", &d.name);
        let mut list = Vec::new();
        for t in &d.tables {
            let key = format!("{}\u{1f}{}", d.name, t.unit);
            let path = page_path(&mut used, "table", &key);
            let unit_path = unit_paths.get(t.unit.as_str()).cloned().unwrap_or_default();
            list.push(tables.len());
            tables.push(table_view(
                t,
                &d.name,
                path,
                domain_path.clone(),
                unit_path,
                required,
            ));
        }
        domain_pages.push((d.name.clone(), domain_path, list));
    }
    let domains: Vec<PartView<'_>> = domain_pages
        .iter()
        .map(|(name, path, list)| {
            let ts: Vec<&TableView> = list.iter().filter_map(|&i| tables.get(i)).collect();
            PartView {
                name: name.clone(),
                path: path.clone(),
                counts: sum(ts.iter().copied()),
                tables: ts,
            }
        })
        .collect();
    let units: Vec<PartView<'_>> = unit_names
        .iter()
        .map(|u| {
            let ts: Vec<&TableView> = tables.iter().filter(|t| t.unit == *u).collect();
            PartView {
                name: (*u).to_string(),
                path: unit_paths.get(u).cloned().unwrap_or_default(),
                counts: sum(ts.iter().copied()),
                tables: ts,
            }
        })
        .collect();
    let total = sum(tables.iter());
    let downloads_view = downloads_view(downloads);

    let mut out = Vec::new();
    out.push(Output::new(
        "index.html",
        render_page(
            env,
            "national/index.html",
            context! {
                site => site, root => "", page => "home",
                domains => &domains, units => &units, total => &total,
                tables => tables.len(), downloads => &downloads_view,
            },
        )?,
    ));
    out.push(Output::new(
        "search.html",
        render_page(
            env,
            "search.html",
            context! { site => site, root => "", page => "search" },
        )?,
    ));
    for d in &domains {
        out.push(Output::new(
            d.path.clone(),
            render_page(
                env,
                "national/domain.html",
                context! { site => site, root => "../", page => "domain", part => d },
            )?,
        ));
    }
    for u in &units {
        out.push(Output::new(
            u.path.clone(),
            render_page(
                env,
                "national/unit.html",
                context! { site => site, root => "../", page => "unit", part => u },
            )?,
        ));
    }
    for t in &tables {
        out.push(Output::new(
            t.path.clone(),
            render_page(
                env,
                "national/table.html",
                context! {
                    site => site, root => "../", page => "table",
                    table => t, marks_required => required,
                },
            )?,
        ));
    }
    common_files(
        &mut out,
        &search_entries(&tables),
        &site.search_what,
        downloads,
    );
    Ok(out)
}

/// What the search finds: every 一级事项, 二级事项 and 三级事项, each at its
/// place on its table's page, in page order.
fn search_entries(tables: &[TableView]) -> Vec<search::Entry> {
    let mut out = Vec::new();
    for t in tables {
        let place = format!("{} · {}", t.domain, t.unit);
        for g in &t.groups {
            out.push(search::Entry {
                kind: search::Kind::Level1,
                name: g.name.clone(),
                path: format!("{}#{}", t.path, g.anchor),
                place: place.clone(),
            });
            for r in &g.rows {
                let at = format!("{}#{}", t.path, r.anchor);
                out.push(search::Entry {
                    kind: search::Kind::Level2,
                    name: r.name.clone(),
                    path: at.clone(),
                    place: format!("{place} · {}", g.name),
                });
                if let Some(l3) = &r.level3 {
                    out.push(search::Entry {
                        kind: search::Kind::Level3,
                        name: l3.clone(),
                        path: at,
                        place: format!("{place} · {} · {}", g.name, r.name),
                    });
                }
            }
        }
    }
    out
}
