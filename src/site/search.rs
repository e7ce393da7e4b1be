//! The search index of the site: every item and piece of information with
//! the character bigrams of its name. `assets/search.js` looks a query's
//! bigrams up, intersects their lists and keeps the entries whose name
//! contains the whole query, so any fragment of two or more characters
//! finds every name containing it; a one-character query scans the names.
//!
//! The index is a script (`assets/search-index.js`) rather than a JSON file
//! fetched by the page, because browsers do not let a page opened from
//! `file://` fetch files.
//!
//! Names are compared after [`normalize`]: ASCII letters in lower case,
//! full-width ASCII (Ａ, １) as half-width, white space dropped.
//! `search.js` applies the same rule to the query and the names.

use std::collections::BTreeMap;

use serde::Serialize;

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 政务事项 (pilot catalogue)
    Item,
    /// 政府信息 (pilot catalogue)
    Info,
    /// 一级事项 (national 标准目录)
    Level1,
    /// 二级事项 (national 标准目录)
    Level2,
    /// 三级事项 (national 标准目录)
    Level3,
}

impl Kind {
    /// Every kind, in the order of their codes in the index.
    pub const ALL: [Kind; 5] = [
        Kind::Item,
        Kind::Info,
        Kind::Level1,
        Kind::Level2,
        Kind::Level3,
    ];

    /// The code of the kind in the index (`entries[i][0]`).
    pub fn code(self) -> u8 {
        match self {
            Kind::Item => 0,
            Kind::Info => 1,
            Kind::Level1 => 2,
            Kind::Level2 => 3,
            Kind::Level3 => 4,
        }
    }

    /// The word shown before a result.
    pub fn label(self) -> &'static str {
        use crate::national::model::keys;
        match self {
            Kind::Item => "政务事项",
            Kind::Info => "政府信息",
            Kind::Level1 => keys::LEVEL1,
            Kind::Level2 => keys::LEVEL2,
            Kind::Level3 => keys::LEVEL3,
        }
    }
}

/// One searchable name and where it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub name: String,
    /// Page path from the site root, with a fragment for a piece.
    pub path: String,
    /// Where it sits (领域 · 单位 · …), shown under the result.
    pub place: String,
}

/// The name as it is compared (see the module documentation).
pub fn normalize(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            let c = match u32::from(c) {
                0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            c.to_ascii_lowercase()
        })
        .collect()
}

/// The distinct bigrams of a name, as strings.
pub fn bigrams(name: &str) -> Vec<String> {
    let chars = normalize(name);
    let mut out: Vec<String> = chars
        .windows(2)
        .map(|w| w.iter().collect::<String>())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[derive(Serialize)]
struct Index<'a> {
    /// Format of this index.
    v: u32,
    /// What the site's search finds, in words ("政务事项或政府信息"), for
    /// the page's messages.
    what: &'a str,
    /// The word for each kind code.
    kinds: Vec<&'static str>,
    /// `[kind, name, path, place]`, kind a code of [`Kind::code`].
    entries: Vec<(u8, &'a str, &'a str, &'a str)>,
    /// Bigram → indexes of the entries whose name contains it, ascending.
    grams: BTreeMap<String, Vec<usize>>,
}

/// The index as a script that sets `window.GKML_SEARCH`; `what` names
/// what is searched, in words.
pub fn index_js(entries: &[Entry], what: &str) -> Vec<u8> {
    let mut grams: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        for g in bigrams(&e.name) {
            grams.entry(g).or_default().push(i);
        }
    }
    let index = Index {
        v: 1,
        what,
        kinds: Kind::ALL.iter().map(|k| k.label()).collect(),
        entries: entries
            .iter()
            .map(|e| {
                (
                    e.kind.code(),
                    e.name.as_str(),
                    e.path.as_str(),
                    e.place.as_str(),
                )
            })
            .collect(),
        grams,
    };
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "null".into());
    // Inside a script, "</" could end an inline copy of it: escape it anyway.
    let json = json.replace("</", "<\\/");
    format!("/* gkml 专栏搜索索引 */\nwindow.GKML_SEARCH = {json};\n").into_bytes()
}

/// Entries whose name contains `query` (after [`normalize`]), in order:
/// what `search.js` computes, for tests and for checking the index.
pub fn find<'a>(entries: &'a [Entry], query: &str) -> Vec<&'a Entry> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    entries
        .iter()
        .filter(|e| {
            normalize(&e.name)
                .windows(q.len())
                .any(|w| w == q.as_slice())
        })
        .collect()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_of_a_name() {
        assert_eq!(bigrams("低保 办事"), vec!["低保", "保办", "办事"]);
        assert_eq!(bigrams("ＡＢ"), vec!["ab"]);
        assert!(bigrams("保").is_empty());
    }

    #[test]
    fn index_lists_every_bigram() {
        let e = |n: &str| Entry {
            kind: Kind::Info,
            name: n.into(),
            path: "item/x.html#x1-1".into(),
            place: "p".into(),
        };
        let js = String::from_utf8(index_js(
            &[e("最低生活保障"), e("生活</script>")],
            "政务事项或政府信息",
        ))
        .unwrap();
        assert!(js.starts_with("/* gkml"));
        assert!(js.contains("\"生活\":[0,1]"), "{js}");
        assert!(!js.contains("</script>"));
        let kinds = serde_json::to_string(&Kind::ALL.map(Kind::label)).unwrap();
        assert!(js.contains(&format!("\"kinds\":{kinds}")), "{js}");
        assert!(kinds.starts_with("[\"政务事项\",\"政府信息\","), "{kinds}");
    }

    #[test]
    fn kind_codes_index_the_labels() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(usize::from(k.code()), i);
        }
    }
}
