//! `gkml site`: the 专栏 as a static site. An office builds the site of its
//! catalogue and hands the folder to the portal; it must be whole, the same
//! every time, self-contained (no dead link, nothing from outside), every
//! item within three clicks of the home page, with the ledger's records on
//! the item pages — and it must pass the browser checks (tests/browser/site.mjs).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;
use std::process::Command;

use crate::common::root;

use gkml::site::{self, Publication};

const SAMPLE: &str = "catalogs/hongkou-2017";
/// The national sample county (format national-2019).
const COUNTY: &str = "catalogs/qingshan-2021";

fn gkml() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gkml-test"));
    c.current_dir(root()).env_remove("SOURCE_DATE_EPOCH");
    c
}

/// `gkml site SAMPLE -o OUT EXTRA…`, which must succeed.
fn build_site(out: &Path, extra: &[&str]) {
    build_site_of(SAMPLE, out, extra);
}

/// `gkml site PROJECT -o OUT EXTRA…`, which must succeed.
fn build_site_of(project: &str, out: &Path, extra: &[&str]) {
    let o = gkml()
        .arg("site")
        .arg(project)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "gkml site failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Values of `attr="…"` in an HTML page, in order.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        rest = &rest[i + pat.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Resolves a relative link of page `from` (a path from the site root):
/// the target file's path from the root, and the fragment.
fn resolve(from: &str, link: &str) -> (String, Option<String>) {
    let (path, frag) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap();
    if path.is_empty() {
        return (from.to_string(), frag);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let decoded = percent_decode(path);
    for seg in decoded.split('/') {
        match seg {
            ".." => {
                assert!(parts.pop().is_some(), "{link} in {from} leaves the site");
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), frag)
}

/// Builds `project`'s site twice: the same bytes both times, and a third
/// build over the first edition replaces it whole. The files.
fn same_every_time(project: &str) -> BTreeMap<String, Vec<u8>> {
    let d = tempfile::tempdir().unwrap();
    build_site_of(project, &d.path().join("a"), &[]);
    build_site_of(project, &d.path().join("b"), &[]);
    let (a, b) = (files(&d.path().join("a")), files(&d.path().join("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two runs");
    }
    // Building again over the previous edition replaces it whole.
    build_site_of(project, &d.path().join("a"), &[]);
    assert_eq!(files(&d.path().join("a")), a);
    a
}

#[test]
fn the_sample_site_is_the_same_every_time() {
    let a = same_every_time(SAMPLE);
    assert!(a.len() > 40, "{} files", a.len());
}

#[test]
fn the_county_site_is_the_same_every_time() {
    let a = same_every_time(COUNTY);
    // Home, search, 3 tables, 3 domains, 3 units, 4 assets (and the
    // edition record).
    let pages = a.keys().filter(|k| k.ends_with(".html")).count();
    assert_eq!(pages, 11, "{:?}", a.keys().collect::<Vec<_>>());
}

/// Checks every link and every `src` of every page of a site: relative,
/// to a file of the site and an element of it, except web links marked
/// `rel="external noopener"` (a ledger record's or a 公开网址's page on the
/// portal); style sheets load nothing; every search result points at a
/// page and an element. Returns (links checked, external links).
fn check_links(all: &BTreeMap<String, Vec<u8>>) -> (usize, usize) {
    let pages: Vec<&String> = all.keys().filter(|k| k.ends_with(".html")).collect();
    let ids: HashMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|p| {
            let html = std::str::from_utf8(&all[*p]).unwrap();
            (p.as_str(), attr_values(html, "id").into_iter().collect())
        })
        .collect();
    let mut checked = 0;
    let mut external = 0;
    for page in &pages {
        let html = std::str::from_utf8(&all[*page]).unwrap();
        assert!(html.contains("<html lang=\"zh-CN\">"), "{page}");
        for (attr, link) in attr_values(html, "href")
            .into_iter()
            .map(|l| ("href", l))
            .chain(attr_values(html, "src").into_iter().map(|l| ("src", l)))
        {
            let lower = link.to_ascii_lowercase();
            // The one way out: a ledger record's 公开链接, a link to the
            // portal's page of the published piece (never a resource).
            if attr == "href"
                && (lower.starts_with("https://") || lower.starts_with("http://"))
                && html.contains(&format!(
                    "<a href=\"{}\" rel=\"external noopener\">",
                    link.replace('&', "&amp;")
                ))
            {
                external += 1;
                continue;
            }
            assert!(
                !lower.contains("://") && !lower.starts_with("//") && !link.starts_with('/'),
                "{page}: {attr}=\"{link}\" is not a relative link"
            );
            assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:"));
            let (target, frag) = resolve(page, &link);
            assert!(
                all.contains_key(&target),
                "{page}: dead link {link} ({target})"
            );
            if let Some(f) = frag {
                assert!(
                    ids.get(target.as_str()).is_some_and(|s| s.contains(&f)),
                    "{page}: {link} names no element of {target}"
                );
            }
            checked += 1;
        }
    }
    // The style sheets load nothing (no fonts, no images from anywhere).
    for css in all.keys().filter(|k| k.ends_with(".css")) {
        let text = std::str::from_utf8(&all[css]).unwrap();
        assert!(!text.contains("url(") && !text.contains("@import"), "{css}");
    }
    // Every result of the search index points at a page and an element.
    for e in search_index(all)["entries"].as_array().unwrap() {
        let (target, frag) = resolve("index.html", e[2].as_str().unwrap());
        assert!(all.contains_key(&target), "search result {e}");
        if let Some(f) = frag {
            assert!(ids[target.as_str()].contains(&f), "search result {e}");
        }
    }
    (checked, external)
}

/// The site's search index (`assets/search-index.js`) as JSON.
fn search_index(all: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    let js = std::str::from_utf8(&all["assets/search-index.js"]).unwrap();
    let json = js
        .split_once("window.GKML_SEARCH = ")
        .unwrap()
        .1
        .trim_end()
        .trim_end_matches(';');
    serde_json::from_str(json).unwrap()
}

/// The downloads are the build's outputs, linked from the home page.
fn check_downloads(all: &BTreeMap<String, Vec<u8>>, workbook: &str) {
    let home = std::str::from_utf8(&all["index.html"]).unwrap();
    for f in ["catalog.json", workbook] {
        assert!(all.contains_key(&format!("downloads/{f}")), "{f}");
        assert!(
            home.contains(&format!(
                "href=\"downloads/{}\"",
                gkml::site::href_encode(f)
            )),
            "{f}"
        );
    }
    assert!(
        all.keys()
            .any(|k| k.starts_with("downloads/") && k.ends_with(".pdf"))
    );
    assert!(home.contains("下载"));
}

#[test]
fn every_link_resolves_and_nothing_comes_from_outside() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("专栏");
    build_site(&out, &["--with-build"]);
    let all = files(&out);
    let (checked, external) = check_links(&all);
    assert!(checked > 500, "only {checked} links");
    // The sample's ledgers link each record to its page on the portal.
    assert!(external >= 40, "only {external} record links");
    check_downloads(&all, "社会救助.xlsx");
}

#[test]
fn every_link_of_the_county_site_resolves() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("专栏");
    build_site_of(COUNTY, &out, &["--with-build"]);
    let all = files(&out);
    let (checked, external) = check_links(&all);
    // Each 二级事项 is linked from its domain's and its unit's page.
    assert!(checked > 2 * 64, "only {checked} links");
    assert_eq!(external, 0, "the county's tables give no 公开网址");
    for w in ["户籍管理.xlsx", "重大建设项目.xlsx"] {
        assert!(all.contains_key(&format!("downloads/{w}")), "{w}");
    }
    check_downloads(&all, "社会救助.xlsx");
    let home = std::str::from_utf8(&all["index.html"]).unwrap();
    assert!(home.contains("社会救助领域工作簿（标准目录）"), "{home}");
}

/// Distinct items of the sample (unit, domain, name), from the compiled
/// catalogue.
fn sample_items() -> BTreeSet<(String, String, String)> {
    let mut ws = gkml::project::load(&[root().join(SAMPLE)]).unwrap();
    let _ = ws.check();
    let data = gkml::compiled::compile(&ws.config, &ws.catalogs, &[], false);
    let mut out = BTreeSet::new();
    for d in &data.domains {
        for u in d.standard.iter().chain(&d.operational) {
            for it in &u.items {
                out.insert((u.unit.clone(), d.name.clone(), it.name.clone().unwrap()));
            }
        }
    }
    out
}

#[test]
fn every_item_is_within_three_clicks_of_the_home_page() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("site");
    build_site(&out, &[]);
    let all = files(&out);
    let mut depth: HashMap<String, usize> = HashMap::from([("index.html".to_string(), 0)]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        let dp = depth[&page];
        if dp == 3 {
            continue;
        }
        let html = String::from_utf8(all[&page].clone()).unwrap();
        for link in attr_values(&html, "href") {
            if link.contains("://") {
                continue; // a ledger record's link to the portal
            }
            let (target, _) = resolve(&page, &link);
            if target.ends_with(".html") && !depth.contains_key(&target) {
                depth.insert(target.clone(), dp + 1);
                queue.push_back(target);
            }
        }
    }
    // What each reached item page shows: its unit, domain and name.
    let mut reached = BTreeSet::new();
    for page in depth.keys().filter(|p| p.starts_with("item/")) {
        let html = std::str::from_utf8(&all[page]).unwrap();
        let crumbs: Vec<String> = html
            .split_once("aria-label=\"当前位置\"")
            .unwrap()
            .1
            .split("</nav>")
            .next()
            .unwrap()
            .split("\">")
            .skip(1)
            .map(|s| s.split('<').next().unwrap().to_string())
            .collect();
        // 首页 › 领域 › 单位 › 事项
        reached.insert((crumbs[2].clone(), crumbs[1].clone(), crumbs[3].clone()));
    }
    let expected = sample_items();
    let missing: Vec<_> = expected.difference(&reached).collect();
    assert!(missing.is_empty(), "not within 3 clicks: {missing:?}");
    assert_eq!(
        expected.len(),
        all.keys().filter(|k| k.starts_with("item/")).count()
    );
}

#[test]
fn item_page_shows_the_chain_and_the_ledger_records() {
    let mut ws = gkml::project::load(&[root().join(SAMPLE)]).unwrap();
    let _ = ws.check();
    let data = gkml::compiled::compile(&ws.config, &ws.catalogs, &[], false);
    let rec =
        |info: &str, formed: &str, published: &str, link: Option<&str>, on_time| Publication {
            unit: "区民政局".into(),
            domain: "社会救助".into(),
            item: "最低生活保障".into(),
            info: info.into(),
            formed: formed.into(),
            published: published.into(),
            link: link.map(str::to_string),
            on_time,
        };
    let pubs = vec![
        rec(
            "最低生活保障办事指南",
            "2017-09-29",
            "2017-10-10",
            Some("https://www.shhk.gov.cn/gk/zn/1.html"),
            Some(true),
        ),
        rec(
            "最低生活保障办事指南",
            "2018-02-14",
            "2018-02-28",
            Some("javascript:alert(1)"),
            Some(false),
        ),
    ];
    let out = site::render(&data, &pubs, &[]).unwrap();
    let page = |pred: &dyn Fn(&str) -> bool| {
        out.iter()
            .map(|o| String::from_utf8(o.bytes.clone()).unwrap())
            .find(|h| pred(h))
            .unwrap()
    };
    let item = page(&|h| h.contains("<h1>最低生活保障 <span"));
    // The chain: 依据 and 主体, then the steps in order with their limits.
    let basis = item.find("政务事项依据").unwrap();
    let subject = item.find("政务事项办理主体").unwrap();
    let step1 = item.find("环节 1</span> 受理").unwrap();
    let step2 = item.find("环节 2</span> 入户调查").unwrap();
    assert!(basis < subject && subject < step1 && step1 < step2);
    assert!(item.contains("受理之日起10个工作日内"));
    assert!(item.contains("信息形成之日起3个工作日内"));
    assert!(item.contains("依据《中华人民共和国政府信息公开条例》第十五条不予公开"));
    // The records, oldest first, with the web link and the late one marked;
    // a link that is not a web address is text, never a link.
    let first = item.find("2017-10-10").unwrap();
    let second = item.find("2018-02-28").unwrap();
    assert!(first < second);
    assert!(item.contains("href=\"https://www.shhk.gov.cn/gk/zn/1.html\""));
    assert!(item.contains("逾期"));
    assert!(!item.contains("href=\"javascript:"));
    assert!(item.contains("javascript:alert(1)"));
    // The home page gives the unit's on-time rate in the domain.
    let home = &out.iter().find(|o| o.name == "index.html").unwrap().bytes;
    let home = String::from_utf8(home.clone()).unwrap();
    assert!(home.contains("按时公开率"));
    assert!(home.contains("50.0%"), "one of two records on time");
    // Without a ledger the site says nothing of records.
    let plain = site::render(&data, &[], &[]).unwrap();
    assert!(
        plain
            .iter()
            .all(|o| !String::from_utf8_lossy(&o.bytes).contains("按时公开率"))
    );
}

#[test]
fn a_folder_that_is_not_a_site_is_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("工作总结.docx"), b"keep").unwrap();
    let o = gkml()
        .arg("site")
        .arg(SAMPLE)
        .arg("-o")
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是 gkml 生成的专栏"));
    assert_eq!(
        std::fs::read(d.path().join("工作总结.docx")).unwrap(),
        b"keep"
    );
}

#[test]
fn a_project_with_errors_gets_no_site() {
    let d = tempfile::tempdir().unwrap();
    let proj = d.path().join("proj");
    std::fs::create_dir(&proj).unwrap();
    std::fs::write(
        proj.join("a.yaml"),
        "试点单位: 区民政局\n试点领域: 社会救助\n目录类型: 标准化目录\n政务事项:\n  - 序号: 1\n    政务事项名称: 临时救助\n    办理环节:\n      - 政务事项办理环节: 受理\n        政府信息:\n          - 所在环节办理产生的政府信息名称: 申请书\n",
    )
    .unwrap();
    let out = d.path().join("site");
    let o = gkml()
        .arg("site")
        .arg(&proj)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("未生成专栏"));
    assert!(!out.exists());
}

/// The national sample's compiled 标准目录, as `gkml build` compiles it.
fn county_nationals() -> gkml::national::compile::Nationals {
    let mut ws = gkml::project::load(&[root().join(COUNTY)]).unwrap();
    let _ = ws.check();
    gkml::build::compile(&ws, &[], false)
        .unwrap()
        .nationals
        .unwrap()
}

/// The text of the element `<tag … id="id" …>…</tag>` of a page (its first
/// `</tag>` after the id: the row of a table, the group of rows).
fn element<'a>(html: &'a str, tag: &str, id: &str) -> &'a str {
    let start = html.find(&format!(" id=\"{id}\"")).unwrap();
    let end = html[start..].find(&format!("</{tag}>")).unwrap();
    &html[start..start + end]
}

/// Depth of every page reachable from index.html, in clicks (links within
/// the site only).
fn depths(all: &BTreeMap<String, Vec<u8>>) -> HashMap<String, usize> {
    let mut depth: HashMap<String, usize> = HashMap::from([("index.html".to_string(), 0)]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        let dp = depth[&page];
        let html = std::str::from_utf8(&all[&page]).unwrap();
        for link in attr_values(html, "href") {
            if link.contains("://") {
                continue;
            }
            let (target, _) = resolve(&page, &link);
            if target.ends_with(".html") && !depth.contains_key(&target) {
                depth.insert(target.clone(), dp + 1);
                queue.push_back(target);
            }
        }
    }
    depth
}

#[test]
fn the_county_site_shows_every_table_row_by_row() {
    use gkml::national::model::keys;
    let nat = county_nationals();
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("site");
    build_site_of(COUNTY, &out, &[]);
    let all = files(&out);
    let text = |p: &str| std::str::from_utf8(&all[p]).unwrap().to_string();
    let home = text("index.html");
    let tables: Vec<&String> = all.keys().filter(|k| k.starts_with("table/")).collect();
    assert_eq!(tables.len(), 3, "a page per 编制单位 × 试点领域");
    assert_eq!(all.keys().filter(|k| k.starts_with("domain/")).count(), 3);
    assert_eq!(all.keys().filter(|k| k.starts_with("unit/")).count(), 3);
    let depth = depths(&all);
    let mut rows = 0;
    for dom in &nat.domains {
        for t in &dom.tables {
            let title = format!("{}{}{}", t.unit, t.domain, keys::TITLE_END);
            let page = tables
                .iter()
                .find(|p| text(p).contains(&format!("<h1>{title}</h1>")))
                .unwrap_or_else(|| panic!("no page for {title}"));
            let html = text(page);
            // The home page links the table and gives its counts.
            assert!(home.contains(&format!("<a href=\"{page}\">{}</a>", t.unit)));
            assert_eq!(depth.get(*page), Some(&1), "{page}");
            // The national layout's columns, in the format's words.
            for h in [
                keys::SEQ,
                keys::LEVEL1,
                keys::LEVEL2,
                keys::CONTENT,
                keys::BASIS,
                keys::TIME,
                keys::SUBJECT,
                keys::CHANNELS,
                keys::AUDIENCE,
                keys::METHOD,
                keys::LEVELS,
            ] {
                assert!(html.contains(&format!(">{h}</th>")), "{page}: {h}");
            }
            for g in &t.groups {
                let gname = g.name.as_deref().unwrap();
                // The 一级事项's rows: a tbody headed by its name.
                let cell = format!("data-label=\"{}\">{gname}</th>", keys::LEVEL1);
                let at = html
                    .find(&cell)
                    .unwrap_or_else(|| panic!("{page}: {gname}"));
                let id_at = html[..at].rfind("<tbody id=\"").unwrap();
                let gid = html[id_at + 11..].split('"').next().unwrap();
                let group = element(&html, "tbody", gid);
                for r in &g.rows {
                    rows += 1;
                    let name = r.name.as_deref().unwrap();
                    // The row: its id, then its cells.
                    let cell = format!("data-label=\"{}\">{name}</th>", keys::LEVEL2);
                    let at = group
                        .find(&cell)
                        .unwrap_or_else(|| panic!("{page}: {name}"));
                    let id_at = group[..at].rfind("<tr id=\"").unwrap();
                    let id = group[id_at + 8..].split('"').next().unwrap();
                    let row = element(group, "tr", id);
                    for v in [&r.content, &r.basis, &r.time, &r.subject]
                        .into_iter()
                        .flatten()
                    {
                        assert!(row.contains(v.as_str()), "{page} {name}: {v}");
                    }
                    // The channels the row uses, and no other (渠道标记 使用).
                    for c in &r.channels {
                        let shown = row.contains(&format!("<li>{}</li>", c.name));
                        assert_eq!(shown, c.used, "{page} {name}: {} {}", c.mark, c.name);
                    }
                    for w in r.audiences.iter().chain(&r.methods) {
                        assert!(row.contains(w.as_str()), "{page} {name}: {w}");
                    }
                    // Within 3 clicks: the domain's and the unit's pages
                    // (1 click from home) link the row itself.
                    let link = format!("{page}#{id}");
                    let from: Vec<&String> = all
                        .keys()
                        .filter(|p| {
                            depth.get(*p).is_some_and(|d| *d <= 2)
                                && text(p).contains(&format!("href=\"../{link}\""))
                        })
                        .collect();
                    assert!(from.len() >= 2, "{link} ({name}) linked from {from:?}");
                }
            }
        }
    }
    assert_eq!(rows, nat.summary.total.rows);
    // The home page's counts: every table and the total.
    let total = &nat.summary.total;
    assert!(home.contains(&format!(
        "<td class=\"num\">{}</td>\n      <td class=\"num\">{}</td>",
        total.groups, total.rows
    )));
    for r in &nat.summary.rows {
        assert!(home.contains(&format!(
            "<td class=\"num\">{}</td>\n      <td class=\"num\">{}</td>\n      <td class=\"num\">{}</td>\n      <td class=\"num\">{}</td>",
            r.counts.groups, r.counts.rows, r.counts.active, r.counts.on_request
        )), "{} {}", r.unit, r.domain);
    }
}

#[test]
fn the_county_search_finds_every_row_from_two_characters() {
    use gkml::national::model::keys;
    let nat = county_nationals();
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("site");
    build_site_of(COUNTY, &out, &[]);
    let all = files(&out);
    let index = search_index(&all);
    assert_eq!(index["what"], format!("{}或{}", keys::LEVEL1, keys::LEVEL2));
    let kinds = index["kinds"].as_array().unwrap();
    let entries = index["entries"].as_array().unwrap();
    let mut found = 0;
    for r in nat
        .domains
        .iter()
        .flat_map(|d| &d.tables)
        .flat_map(|t| &t.groups)
        .flat_map(|g| &g.rows)
    {
        let name = r.name.as_deref().unwrap();
        let chars: Vec<char> = name.chars().collect();
        // Every two neighbouring characters of the name find it.
        for pair in chars.windows(2) {
            let gram: String = pair.iter().collect();
            let hits = index["grams"][&gram].as_array().unwrap();
            let ok = hits.iter().any(|i| {
                let e = &entries[i.as_u64().unwrap() as usize];
                e[1] == name && kinds[e[0].as_u64().unwrap() as usize] == keys::LEVEL2
            });
            assert!(ok, "“{gram}” does not find {name}");
        }
        // And the result opens the row on its table's page.
        let e = entries.iter().find(|e| e[1] == name).unwrap();
        let (page, frag) = resolve("search.html", e[2].as_str().unwrap());
        let html = std::str::from_utf8(&all[&page]).unwrap();
        assert!(
            element(html, "tr", &frag.unwrap()).contains(&format!(">{name}</th>")),
            "{e}"
        );
        found += 1;
    }
    assert_eq!(found, 64);
    // The search page speaks of the national table's items.
    let search = std::str::from_utf8(&all["search.html"]).unwrap();
    assert!(search.contains(&format!("搜索{}或{}", keys::LEVEL1, keys::LEVEL2)));
}

/// Copies directory `from` to `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn required_and_optional_channels_are_told_apart() {
    // A county whose tables copy the ministries' guidelines: ■ 必选, □ 可选.
    let d = tempfile::tempdir().unwrap();
    let proj = d.path().join("county");
    copy_dir(&root().join(COUNTY), &proj);
    let cfg = std::fs::read_to_string(proj.join("gkml.yaml")).unwrap();
    assert!(cfg.contains("渠道标记: 使用"));
    std::fs::write(
        proj.join("gkml.yaml"),
        cfg.replace("渠道标记: 使用", "渠道标记: 必选/可选"),
    )
    .unwrap();
    let out = d.path().join("site");
    build_site_of(proj.to_str().unwrap(), &out, &[]);
    let all = files(&out);
    let page = all
        .iter()
        .find(|(k, v)| {
            k.starts_with("table/") && String::from_utf8_lossy(v).contains("户籍管理领域")
        })
        .map(|(_, v)| String::from_utf8(v.clone()).unwrap())
        .unwrap();
    let at = page.find(">出生登记</th>").unwrap();
    let row = &page[at..at + page[at..].find("</tr>").unwrap()];
    assert!(row.contains("<li>■ 政府网站</li>"), "{row}");
    assert!(row.contains("<li>□ 政府公报</li>"), "{row}");
    assert!(page.contains("□ 为可选渠道"));
}

/// A table with every optional column: 一级目录, 三级事项, 公开网址 (a web
/// address and a description), 备注.
const EVERY_COLUMN: &str = r#"格式: national-2019
编制单位: 县民政局
试点领域: 社会救助
公开事项:
  - 一级目录: 社会救助政策与服务信息
    一级事项: 最低生活保障
    二级事项:
      - 二级事项: 办事指南
        三级事项: 城乡低保申请审核确认办事指南
        公开内容（要素）: 最低生活保障的申请条件、办理流程、所需材料、办理时限、办理地点、办公时间、收费标准（不收费）、咨询电话、监督投诉电话
        公开依据: 《社会救助暂行办法》第九条至第十七条；《最低生活保障审核确认办法》
        公开时限: 制定或获取信息之日起10个工作日内
        公开主体: 县民政局、乡镇人民政府（街道办事处）
        公开渠道和载体: [■政府网站, □两微一端, ■政务服务中心, □便民服务站, □社区/企事业单位/村公示栏（电子屏）]
        公开对象: [全社会, 特定群体]
        公开方式: [主动, 依申请]
        公开层级: [县级, 乡级]
        公开网址: https://www.example.gov.cn/col/col12345/index.html?uid=67890&pageNum=1
        备注: 乡镇（街道）在便民服务站同步公开，社区（村）在公示栏张贴
      - 二级事项: 审核确认结果
        三级事项: 低保审核确认结果公示
        公开内容（要素）: 低保家庭户主姓名、家庭人口数、保障金额
        公开依据: 《社会救助暂行办法》第十三条
        公开时限: 审批后公示7个工作日
        公开主体: 乡镇人民政府（街道办事处）
        公开渠道和载体: [■社区/企事业单位/村公示栏（电子屏）, □入户/现场]
        公开对象: [全社会]
        公开方式: [主动]
        公开层级: [乡级]
        公开网址: 县政府门户网站“社会救助”专栏
        备注: 隐去身份证号码等个人信息
"#;

#[test]
fn a_table_with_every_optional_column_shows_them_all() {
    use gkml::national::model::keys;
    let d = tempfile::tempdir().unwrap();
    let proj = d.path().join("county");
    std::fs::create_dir_all(proj.join("县民政局")).unwrap();
    std::fs::write(
        proj.join("gkml.yaml"),
        "格式: national-2019\n标题: 测试县基层政务公开标准目录\n渠道标记: 必选/可选\n",
    )
    .unwrap();
    std::fs::write(proj.join("县民政局/社会救助-标准目录.yaml"), EVERY_COLUMN).unwrap();
    let out = d.path().join("site");
    build_site_of(proj.to_str().unwrap(), &out, &[]);
    let all = files(&out);
    let (_, external) = check_links(&all);
    assert_eq!(external, 1, "the one 公开网址 that is a web address");
    let (_, page) = all.iter().find(|(k, _)| k.starts_with("table/")).unwrap();
    let page = std::str::from_utf8(page).unwrap();
    for h in [keys::DIR1, keys::LEVEL3, keys::URL, keys::NOTE] {
        assert!(page.contains(&format!(">{h}</th>")), "{h}");
    }
    assert!(page.contains(">社会救助政策与服务信息</td>"));
    assert!(page.contains(">城乡低保申请审核确认办事指南</td>"));
    assert!(page.contains(
        "<a href=\"https://www.example.gov.cn/col/col12345/index.html?uid=67890&amp;pageNum=1\" rel=\"external noopener\">"
    ));
    assert!(page.contains(">县政府门户网站“社会救助”专栏</td>"));
    assert!(page.contains(">隐去身份证号码等个人信息</td>"));
    // Both methods, both audiences.
    assert!(page.contains(">主动、依申请</td>") && page.contains(">全社会、特定群体</td>"));
    // 三级事项 are found by the search too.
    let index = search_index(&all);
    assert!(
        index["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e[1] == "低保审核确认结果公示" && e[0] == 4)
    );
}

#[test]
fn a_project_mixing_both_formats_gets_no_site() {
    let d = tempfile::tempdir().unwrap();
    let proj = d.path().join("mixed");
    copy_dir(&root().join(SAMPLE), &proj);
    std::fs::create_dir_all(proj.join("青山县公安局")).unwrap();
    std::fs::copy(
        root()
            .join(COUNTY)
            .join("青山县公安局/户籍管理-标准目录.xlsx"),
        proj.join("青山县公安局/户籍管理-标准目录.xlsx"),
    )
    .unwrap();
    let out = d.path().join("site");
    let o = gkml()
        .arg("site")
        .arg(&proj)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("hongkou-2017") && err.contains("national-2019") && err.contains("未生成专栏"),
        "{err}"
    );
    assert!(!out.exists());
}

/// The browser checks: crawl over file://, axe-core, search, 375 px width,
/// screenshots. Needs node and Debian's chromium, and `npm ci --prefix
/// tests/browser` (playwright-core, axe-core).
#[test]
fn the_site_passes_the_browser_checks() {
    browser_checks(SAMPLE, "gkml-site-shots");
}

/// The national sample's site in the browser: every 二级事项 within 3
/// clicks, search, axe-core, 375 px, screenshots of the home and a table.
#[test]
fn the_county_site_passes_the_browser_checks() {
    browser_checks(COUNTY, "gkml-site-shots-national");
}

/// Builds `project`'s site and runs tests/browser/site.mjs on it,
/// screenshots into `shots` under the temporary directory.
fn browser_checks(project: &str, shots: &str) {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node is missing: apt-get install nodejs npm"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "/usr/bin/chromium is missing: apt-get install chromium"
    );
    let browser = root().join("tests/browser");
    assert!(
        browser.join("node_modules/playwright-core").is_dir()
            && browser.join("node_modules/axe-core/axe.min.js").is_file(),
        "playwright-core/axe-core are missing: npm ci --prefix tests/browser"
    );
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("site");
    build_site_of(project, &out, &[]);
    let shots = std::env::temp_dir().join(shots);
    let o = Command::new("node")
        .arg(browser.join("site.mjs"))
        .arg(&out)
        .arg(&shots)
        .current_dir(&browser)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "browser checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("site checks passed"), "{stdout}");
}
