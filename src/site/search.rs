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
    /// 政务事项
    Item,
    /// 政府信息
    Info,
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
    /// `[kind, name, path, place]`, kind 0 for an item, 1 for a piece.
    entries: Vec<(u8, &'a str, &'a str, &'a str)>,
    /// Bigram → indexes of the entries whose name contains it, ascending.
    grams: BTreeMap<String, Vec<usize>>,
}

/// The index as a script that sets `window.GKML_SEARCH`.
pub fn index_js(entries: &[Entry]) -> Vec<u8> {
    let mut grams: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        for g in bigrams(&e.name) {
            grams.entry(g).or_default().push(i);
        }
    }
    let index = Index {
        v: 1,
        entries: entries
            .iter()
            .map(|e| {
                let k = match e.kind {
                    Kind::Item => 0,
                    Kind::Info => 1,
                };
                (k, e.name.as_str(), e.path.as_str(), e.place.as_str())
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
        let js = String::from_utf8(index_js(&[e("最低生活保障"), e("生活</script>")])).unwrap();
        assert!(js.starts_with("/* gkml"));
        assert!(js.contains("\"生活\":[0,1]"), "{js}");
        assert!(!js.contains("</script>"));
    }
}
