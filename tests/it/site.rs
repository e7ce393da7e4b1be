//! `gkml site`: the 专栏 as a static site. An office builds the site of its
//! catalogue and hands the folder to the portal; it must be whole, the same
//! every time, self-contained (no dead link, nothing from outside), every
//! item within three clicks of the home page, with the ledger's records on
//! the item pages — and it must pass the browser checks (tests/browser/site.mjs).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

use gkml::site::{self, Publication};

const SAMPLE: &str = "catalogs/hongkou-2017";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gkml() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gkml"));
    c.current_dir(root()).env_remove("SOURCE_DATE_EPOCH");
    c
}

/// `gkml site SAMPLE -o OUT EXTRA…`, which must succeed.
fn build_site(out: &Path, extra: &[&str]) {
    let o = gkml()
        .arg("site")
        .arg(SAMPLE)
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

#[test]
fn the_sample_site_is_the_same_every_time() {
    let d = tempfile::tempdir().unwrap();
    build_site(&d.path().join("a"), &[]);
    build_site(&d.path().join("b"), &[]);
    let (a, b) = (files(&d.path().join("a")), files(&d.path().join("b")));
    assert!(a.len() > 40, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two runs");
    }
    // Building again over the previous edition replaces it whole.
    build_site(&d.path().join("a"), &[]);
    assert_eq!(files(&d.path().join("a")), a);
}

#[test]
fn every_link_resolves_and_nothing_comes_from_outside() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("专栏");
    build_site(&out, &["--with-build"]);
    let all = files(&out);
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
                && html.contains(&format!("<a href=\"{link}\" rel=\"external noopener\">"))
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
    assert!(checked > 500, "only {checked} links");
    // The sample's ledgers link each record to its page on the portal.
    assert!(external >= 40, "only {external} record links");
    // The style sheets load nothing (no fonts, no images from anywhere).
    for css in all.keys().filter(|k| k.ends_with(".css")) {
        let text = std::str::from_utf8(&all[css]).unwrap();
        assert!(!text.contains("url(") && !text.contains("@import"), "{css}");
    }
    // The downloads are the build's outputs, linked from the home page.
    let home = std::str::from_utf8(&all["index.html"]).unwrap();
    for f in ["catalog.json", "社会救助.xlsx"] {
        assert!(all.contains_key(&format!("downloads/{f}")), "{f}");
    }
    assert!(
        all.keys()
            .any(|k| k.starts_with("downloads/") && k.ends_with(".pdf"))
    );
    assert!(home.contains("下载"));
    // Every result of the search index points at a page and an element.
    let js = std::str::from_utf8(&all["assets/search-index.js"]).unwrap();
    let json = js
        .split_once("window.GKML_SEARCH = ")
        .unwrap()
        .1
        .trim_end()
        .trim_end_matches(';');
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    for e in index["entries"].as_array().unwrap() {
        let (target, frag) = resolve("index.html", e[2].as_str().unwrap());
        assert!(all.contains_key(&target), "search result {e}");
        if let Some(f) = frag {
            assert!(ids[target.as_str()].contains(&f), "search result {e}");
        }
    }
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

/// The browser checks: crawl over file://, axe-core, search, 375 px width,
/// screenshots. Needs node and Debian's chromium, and `npm ci --prefix
/// tests/browser` (playwright-core, axe-core).
#[test]
fn the_site_passes_the_browser_checks() {
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
    build_site(&out, &[]);
    let shots = std::env::temp_dir().join("gkml-site-shots");
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
