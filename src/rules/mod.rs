//! The rule catalogue: every check gkml makes, with a stable code, a default
//! severity and a doc (what it checks, why, a bad and a good example).
//!
//! Each theme's file holds its rules' docs next to their checks; the findings
//! made while reading are documented in [`read`]'s file. The codes, default
//! levels and scopes are the registry in `src/code.rs` (a leaf module, so
//! that every module can name a code). `gkml rules`, the README's rule table
//! and the SARIF rule descriptors are generated from [`RULES`].

mod annex3;
mod attrs;
mod cross;
mod fields;
mod read;
mod structure;
mod vocab;

use std::sync::LazyLock;

use crate::code::Severity;
pub use crate::code::{Code, Scope};
use crate::config::Config;
use crate::diag::Sink;
use crate::format::hongkou::HONGKOU_2017;
use crate::model::Catalog;

/// A rule's documentation, as a theme's file writes it. `{Name}`,
/// `{InfoName}` … (a [`crate::format::hongkou::Field`]'s name in braces) stand for that column's
/// header, so the docs' examples take the words from the format description.
pub(crate) struct Doc {
    code: Code,
    summary: &'static str,
    why: &'static str,
    bad: &'static str,
    good: &'static str,
}

pub use crate::code::RuleInfo;

/// The docs of every theme.
const THEMES: &[&[Doc]] = &[
    read::DOCS,
    fields::DOCS,
    attrs::DOCS,
    structure::DOCS,
    annex3::DOCS,
    vocab::DOCS,
    cross::DOCS,
];

/// Every rule, in catalogue order (the order of [`Code::ALL`]).
pub static RULES: LazyLock<Vec<RuleInfo>> = LazyLock::new(|| {
    Code::ALL
        .iter()
        .filter_map(|&code| {
            let (summary, why, bad, good) = match THEMES
                .iter()
                .flat_map(|t| t.iter())
                .find(|d| d.code == code)
            {
                Some(d) => (d.summary, d.why, d.bad, d.good),
                // The ledger's and the national tables' rules keep their
                // docs next to their checks.
                None => {
                    let r = ledger_rule(code).or_else(|| national_rule(code))?;
                    (r.summary, r.why, r.bad, r.good)
                }
            };
            Some(RuleInfo {
                code: code.as_str(),
                severity: code.default_severity(),
                scope: code.scope(),
                summary: expand(summary),
                why: expand(why),
                bad: expand(bad),
                good: expand(good),
            })
        })
        .collect()
});

/// The documentation of one of the 公开台账's rules.
fn ledger_rule(code: Code) -> Option<&'static RuleInfo> {
    crate::ledger::rules::RULES
        .iter()
        .copied()
        .find(|r| r.code == code.as_str())
}

/// The documentation of one of the national-2019 tables' rules.
fn national_rule(code: Code) -> Option<&'static RuleInfo> {
    crate::national::rules::RULES
        .iter()
        .copied()
        .find(|r| r.code == code.as_str())
}

/// `s` with every `{Field}` replaced by the column's header. The rule table
/// is built once per process; the few expanded texts live as long as it.
fn expand(s: &'static str) -> &'static str {
    if !s.contains('{') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let header = after.find('}').and_then(|j| {
            let name = &after[..j];
            HONGKOU_2017
                .columns
                .iter()
                .find(|c| format!("{:?}", c.field) == name)
                .map(|c| (c.header, j))
        });
        match header {
            Some((h, j)) => {
                out.push_str(h);
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Box::leak(out.into_boxed_str())
}

/// Shown for a code without a doc (a unit test keeps that from happening).
static UNDOCUMENTED: RuleInfo = RuleInfo {
    code: "",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "",
    why: "",
    bad: "",
    good: "",
};

impl Code {
    /// The rule's documentation.
    pub fn info(self) -> &'static RuleInfo {
        RULES
            .get(self as usize)
            .filter(|r| r.code == self.as_str())
            .unwrap_or(&UNDOCUMENTED)
    }
}

/// Runs every per-file rule on one catalogue.
pub fn check_catalog(cat: &Catalog, cfg: &Config, sink: &mut Sink) {
    // The rules are independent of each other: a large catalogue (one
    // county's whole 附件2) is checked on two cores, in two groups of about
    // the same work (measured on a 24,000-row 附件2), findings kept in this
    // order.
    let (first, second) = rayon::join(
        || {
            let mut s = Sink::new();
            fields::check(cat, &mut s);
            attrs::check(cat, cfg, &mut s);
            annex3::check(cat, cfg, &mut s);
            s
        },
        || {
            let mut s = Sink::new();
            structure::check(cat, &mut s);
            vocab::check(cat, cfg, &mut s);
            s
        },
    );
    sink.extend(first);
    sink.extend(second);
}

/// Runs every rule on one national-2019 catalogue.
pub fn check_national(cat: &crate::national::NationalCatalog, cfg: &Config, sink: &mut Sink) {
    crate::national::rules::check(cat, cfg, sink);
}

/// Runs the cross-file rules on a project's catalogues.
pub fn check_project(cats: &[Catalog], cfg: &Config, sink: &mut Sink) {
    cross::check(cats, cfg, sink);
}

/// The rule table with docs, in Markdown (used in the README; a test keeps
/// the README in step).
pub fn markdown_table() -> String {
    let mut s = String::from("| 代码 | 默认级别 | 范围 | 检查内容 |\n|---|---|---|---|\n");
    for r in RULES.iter() {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.code,
            r.severity.label(),
            r.scope.label(),
            r.summary
        ));
    }
    s.push_str("\n<details><summary>每条规则的说明和示例</summary>\n\n");
    for r in RULES.iter() {
        s.push_str(&format!(
            "#### `{}`\n\n{}\n\n{}\n\n错误示例：\n\n```yaml\n{}\n```\n\n正确示例：\n\n```yaml\n{}\n```\n\n",
            r.code, r.summary, r.why, r.bad, r.good
        ));
    }
    s.push_str("</details>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_doc() {
        for &code in Code::ALL {
            let n = THEMES
                .iter()
                .flat_map(|t| t.iter())
                .filter(|d| d.code == code)
                .count()
                + usize::from(ledger_rule(code).is_some())
                + usize::from(national_rule(code).is_some());
            assert_eq!(n, 1, "{} has {n} docs", code.as_str());
            if let Some(r) = ledger_rule(code).or_else(|| national_rule(code)) {
                assert_eq!(r.severity, code.default_severity(), "{}", r.code);
                assert_eq!(r.scope, code.scope(), "{}", r.code);
            }
        }
        for r in RULES.iter() {
            for t in [r.summary, r.why, r.bad, r.good] {
                assert!(
                    !HONGKOU_2017
                        .columns
                        .iter()
                        .any(|c| t.contains(&format!("{{{:?}}}", c.field))),
                    "{}: a placeholder left in {t}",
                    r.code
                );
            }
        }
        assert_eq!(RULES.len(), Code::ALL.len());
    }
}
