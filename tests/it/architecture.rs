//! The layering promises: the modules of `src/` depend on each other in one
//! direction (no import cycle), and `src/main.rs` stays an entry point.
//!
//! The module graph is read from the sources: an edge for every `crate::` or
//! `super::` path in a module's code (comments and `#[cfg(test)]` modules
//! left out), to the longest module that path names. `src/main.rs` and
//! `src/cli/` are the binary crate; `src/bin/*.rs` are crates of their own
//! and use the library by its name, so they are not part of the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The module of each source file of the library and the binary, by path.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(src).unwrap().to_path_buf();
            if path.is_dir() {
                if rel != Path::new("bin") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let mut segs: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if segs.last().is_some_and(|s| s == "mod") {
                segs.pop();
            }
            let name = match segs.first().map(String::as_str) {
                Some("lib") if segs.len() == 1 => "crate".to_string(),
                // The binary's root and its modules.
                Some("main") if segs.len() == 1 => "main".to_string(),
                Some("cli") => format!("main::{}", segs.join("::")),
                _ => format!("crate::{}", segs.join("::")),
            };
            out.insert(name, path);
        }
    }
    out
}

/// True when `rest` starts with `#[cfg(test)]` and, after any further
/// attributes (`#[allow(…)]`), a module.
fn opens_test_module(rest: &str) -> bool {
    let Some(mut after) = rest.strip_prefix("#[cfg(test)]") else {
        return false;
    };
    loop {
        after = after.trim_start();
        match after.strip_prefix("#[") {
            // An attribute: skip to its closing bracket (nesting counted).
            Some(attr) => {
                let mut depth = 1;
                let end = attr.char_indices().find_map(|(i, c)| {
                    match c {
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(i)
                });
                match end {
                    Some(i) => after = &attr[i + 1..],
                    None => return false,
                }
            }
            None => return after.starts_with("mod "),
        }
    }
}

/// The code of a file without comments and without `#[cfg(test)]` modules.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.find('\n').map_or("", |i| &r[i..]);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map_or("", |i| &r[i + 2..]);
        } else if rest.starts_with('"') {
            // A string literal: kept out, so "https://…" is not a comment.
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            rest = rest.get(i + 1..).unwrap_or("");
        } else if rest.starts_with("#[cfg(test)]") {
            // Test modules come last in a file and are not shipped code.
            if opens_test_module(rest) {
                break;
            }
            out.push('#');
            rest = &rest[1..];
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The paths after every `crate::` / `super::` in `code`, `{a, b::c}`
/// groups expanded one level, as segment lists starting with the keyword.
fn paths(code: &str) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = code[i..].find("::") {
        let at = i + off;
        i = at + 2;
        // The word before `::`.
        let start = code[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| ident(c))
            .last()
            .map_or(at, |(j, _)| j);
        let word = &code[start..at];
        if word != "crate" && word != "super" {
            continue;
        }
        // Only the head of a path (not `x::super`).
        if code[..start].ends_with("::") {
            continue;
        }
        // Read `seg::seg::…` and an optional `{…}` group.
        let mut segs = vec![word.to_string()];
        let mut j = at + 2;
        loop {
            let len = code[j..]
                .chars()
                .take_while(|&c| ident(c))
                .map(char::len_utf8)
                .sum::<usize>();
            if len > 0 {
                segs.push(code[j..j + len].to_string());
                j += len;
                if code[j..].starts_with("::") {
                    j += 2;
                    continue;
                }
                out.push(segs);
            } else if code[j..].starts_with('{') {
                // The group's items at its top level (`{a::{b, c}, d}`: a, d).
                let (mut depth, mut end, mut items, mut item_start) =
                    (0, code.len(), Vec::new(), j + 1);
                for (k, c) in code[j..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = j + k;
                                break;
                            }
                        }
                        ',' if depth == 1 => {
                            items.push(&code[item_start..j + k]);
                            item_start = j + k + 1;
                        }
                        _ => {}
                    }
                }
                items.push(&code[item_start.min(end)..end]);
                for item in items {
                    let first: String = item.trim().chars().take_while(|&c| ident(c)).collect();
                    let mut s = segs.clone();
                    if !first.is_empty() && first != "self" {
                        s.push(first);
                    }
                    out.push(s);
                }
            } else {
                // `super::*` and the like.
                out.push(segs);
            }
            break;
        }
        i = j.max(i);
    }
    out
}

/// The module a path starting in `from` names: the longest known prefix.
fn resolve(from: &str, path: &[String], known: &BTreeMap<String, PathBuf>) -> Option<String> {
    let root = from.split("::").next().unwrap_or("crate");
    let mut abs: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            abs.push(root.to_string());
            rest = &path[1..];
        }
        Some("super") => {
            abs = from.split("::").map(str::to_string).collect();
            while rest.first().is_some_and(|s| s == "super") {
                abs.pop();
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    abs.extend(rest.iter().cloned());
    (1..=abs.len())
        .rev()
        .map(|n| abs[..n].join("::"))
        .find(|m| known.contains_key(m))
}

/// The module graph: module → the modules its code names.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(src);
    let mut g = BTreeMap::new();
    for (m, file) in &known {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let deps: BTreeSet<String> = paths(&code)
            .iter()
            .filter_map(|p| resolve(m, p, &known))
            .filter(|d| d != m)
            .collect();
        g.insert(m.clone(), deps);
    }
    g
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn src() -> PathBuf {
    crate::common::root().join("src")
}

#[test]
fn the_modules_of_src_import_each_other_in_one_direction() {
    let g = graph(&src());
    // The reader sees the graph it is judging: a handful of edges that must
    // be there, so an empty or broken parse cannot pass.
    for (from, to) in [
        ("crate::diag", "crate::code"),
        ("crate::project", "crate::input"),
        ("crate::rules::fields", "crate::rules"),
        ("main::cli::validate", "main::cli"),
    ] {
        assert!(
            g.get(from).is_some_and(|d| d.contains(to)),
            "expected {from} → {to}; {from} uses {:?}",
            g.get(from)
        );
    }
    let found = cycles(&g);
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            let edges: Vec<String> = c
                .iter()
                .flat_map(|m| {
                    g[m].iter()
                        .filter(|d| c.contains(d))
                        .map(move |d| format!("{m} → {d}"))
                })
                .collect();
            format!("{} modules: {}", c.len(), edges.join(", "))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import cycles in src/:\n{}",
        shown.join("\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str| {
        g.entry(a.into()).or_default().insert(b.into());
        g.entry(b.into()).or_default();
    };
    edge(&mut g, "crate::a", "crate::b");
    edge(&mut g, "crate::b", "crate::c");
    edge(&mut g, "crate::c", "crate::a");
    edge(&mut g, "crate::c", "crate::d");
    assert_eq!(
        cycles(&g),
        vec![vec![
            "crate::a".to_string(),
            "crate::b".into(),
            "crate::c".into()
        ]]
    );
}

#[test]
fn paths_are_read_from_use_lines_and_code() {
    let code = code_of(
        "use crate::{diag::Sink, model};\nuse super::*;\n// crate::comment\nlet x = \"crate::string\";\nfn f() { crate::rules::check(); }\n#[cfg(test)]\nmod tests { use crate::late; }\n",
    );
    let got: Vec<String> = paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        got,
        [
            "crate::diag",
            "crate::model",
            "super",
            "crate::rules::check"
        ]
    );
}

#[test]
fn main_rs_is_an_entry_point() {
    let main = std::fs::read_to_string(src().join("main.rs")).unwrap();
    let lines = main.lines().count();
    assert!(
        lines <= 150,
        "src/main.rs has {lines} lines; commands belong in src/cli/<command>.rs"
    );
}

/// The string literals of Rust code (comments and `#[cfg(test)]` modules
/// left out), raw strings included.
fn literals_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else if opens_test_module(rest) {
            break;
        } else if c == '\'' {
            // A char literal ('"' included) or a lifetime.
            let lit = rest
                .char_indices()
                .skip(1)
                .take(12)
                .find(|&(_, c)| c == '\'');
            match lit {
                Some((i, _)) if i <= 10 && !rest[1..i].contains(char::is_whitespace) => {
                    rest = &rest[i + 1..];
                }
                _ => rest = &rest[1..],
            }
        } else if c == 'r' && !prev.is_some_and(ident) && {
            let hashes = rest[1..].chars().take_while(|&c| c == '#').count();
            rest[1 + hashes..].starts_with('"')
        } {
            let hashes = rest[1..].chars().take_while(|&c| c == '#').count();
            let body = &rest[2 + hashes..];
            let end = format!("\"{}", "#".repeat(hashes));
            let j = body.find(&end).unwrap_or(body.len());
            out.push(body[..j].to_string());
            rest = body.get(j + end.len()..).unwrap_or("");
        } else if c == '"' {
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            out.push(rest.get(1..i).unwrap_or("").to_string());
            rest = rest.get(i + 1..).unwrap_or("");
        } else {
            rest = &rest[c.len_utf8()..];
        }
        prev = text[..text.len() - rest.len()].chars().next_back();
    }
    out
}

/// Every file of `src/` (Rust sources, the booklet's and the pages'
/// templates) that spells out one of the pilot's column headers, with the
/// headers it spells. Short words every format uses (序号, 备注, 五公开) are
/// left out; in Rust only string literals count (comments and unit tests
/// may name a column).
fn header_spellers(src: &Path) -> BTreeMap<String, BTreeSet<&'static str>> {
    let headers: Vec<&'static str> = gkml::format::hongkou::HONGKOU_2017
        .columns
        .iter()
        .map(|c| c.header)
        .filter(|h| h.chars().count() > 3)
        .collect();
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let texts = match ext {
                "rs" => literals_of(&std::fs::read_to_string(&path).unwrap()),
                // typst comments are `//` and `/* */`, as in Rust.
                "typ" => vec![code_of(&std::fs::read_to_string(&path).unwrap())],
                "html" | "j2" | "jinja" => vec![std::fs::read_to_string(&path).unwrap()],
                _ => continue,
            };
            let found: BTreeSet<&'static str> = headers
                .iter()
                .copied()
                .filter(|h| texts.iter().any(|t| t.contains(h)))
                .collect();
            if !found.is_empty() {
                let rel = path.strip_prefix(src).unwrap().to_string_lossy();
                out.insert(rel.replace('\\', "/"), found);
            }
        }
    }
    out
}

#[test]
fn the_column_headers_are_spelled_out_in_the_format_description() {
    let found = header_spellers(&src());
    assert!(
        found
            .get("format/hongkou.rs")
            .is_some_and(|h| h.len() >= 14),
        "the scan must see the description's own headers: {found:?}"
    );
    // The catalogue's column headers live in the format description; the
    // project file's vocabulary keys (政务事项分类, 政府信息公开途径,
    // 政府信息公开载体: the keys of gkml.yaml whose words restrict those
    // columns) in src/config.rs. That is the two files the design allows.
    let allowed = ["format/hongkou.rs", "config.rs"];
    // Not the pilot catalogue's code: the 公开台账 is a format of its own
    // (its columns name the catalogue entries they point at), and
    // src/schema/ repeats config.rs's and the ledger's keys in
    // `#[serde(rename)]`, which takes only literals.
    let other = |f: &str| f.starts_with("ledger/") || f.starts_with("schema/");
    let stray: Vec<String> = found
        .iter()
        .filter(|(f, _)| !allowed.contains(&f.as_str()) && !other(f))
        .map(|(f, h)| format!("src/{f}: {h:?}"))
        .collect();
    assert!(
        stray.is_empty(),
        "column headers spelled out outside the format description (ask `Field::X.header()`; \
         in rule docs write `{{X}}`):\n{}",
        stray.join("\n")
    );
}

#[test]
fn literals_are_read_from_code_only() {
    let got = literals_of(
        "let a = \"x\"; // \"comment\"\nlet b = r#\"raw \"q\"\"#; let c = '\"'; fn f<'a>(s: &'a str) {}\n/* \"block\" */ let d = \"e\\\"f\";\n#[cfg(test)]\nmod tests { const T: &str = \"test\"; }\n",
    );
    assert_eq!(got, ["x", "raw \"q\"", "e\\\"f"]);
    // A test module with more attributes is a test module too.
    let got = literals_of(
        "let a = \"x\";\n#[cfg(test)]\n#[allow(clippy::unwrap_used, clippy::indexing_slicing)]\nmod tests { const T: &str = \"test\"; }\n",
    );
    assert_eq!(got, ["x"]);
    assert!(!opens_test_module("#[cfg(test)]\nfn helper() {}"));
}

/// The national 标准目录's column headings (src/national/model.rs `keys`)
/// that the pages show: the 专栏 site's code and templates take them from
/// the keys (the templates' `col`), never spell them.
#[test]
fn the_site_takes_the_national_headers_from_the_format_keys() {
    use gkml::national::model::keys;
    let headers = [
        keys::ITEMS,
        keys::DIR1,
        keys::LEVEL1,
        keys::LEVEL2,
        keys::LEVEL3,
        keys::CONTENT,
        keys::BASIS,
        keys::TIME,
        keys::SUBJECT,
        keys::CHANNELS,
        keys::AUDIENCE,
        keys::METHOD,
        keys::LEVELS,
        keys::URL,
        keys::UNIT,
        keys::TITLE_END,
    ];
    let site = src().join("site");
    let mut seen = 0;
    let mut stray = Vec::new();
    let mut stack = vec![site.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // The pilot's pages say 政务公开事项 and 公开方式 in their prose:
            // those two words are checked in the national site's files only.
            let national = path.to_string_lossy().contains("national");
            let texts = match path.extension().and_then(|e| e.to_str()) {
                Some("rs") => literals_of(&text),
                Some("html") => vec![without_template_comments(&text)],
                _ => continue,
            };
            seen += 1;
            for h in headers {
                if !national && (h == keys::ITEMS || h == keys::METHOD) {
                    continue;
                }
                if texts.iter().any(|t| t.contains(h)) {
                    stray.push(format!("{}: {h}", path.display()));
                }
            }
        }
    }
    assert!(seen >= 15, "only {seen} files of src/site read");
    assert!(
        stray.is_empty(),
        "national column headings spelled out in src/site/ (use `keys::X` in Rust, `{{{{ col.x }}}}` in templates):\n{}",
        stray.join("\n")
    );
}

/// A template without its `{# … #}` comments.
fn without_template_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{#") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("#}").map_or("", |j| &rest[i + j + 2..]);
    }
    out.push_str(rest);
    out
}
