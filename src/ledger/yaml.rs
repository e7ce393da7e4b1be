//! Reads a ledger kept as YAML, with the ledger's words as keys:
//!
//! ```yaml
//! 试点单位: 区民政局
//! 试点领域: 社会救助
//! 公开记录:
//!   - 政务事项名称: 最低生活保障
//!     政府信息名称: 最低生活保障审核结果公示
//!     形成日期: 2017-09-29
//!     公开日期: 2017-10-10
//!     公开链接: https://www.shhk.gov.cn/…
//! ```

use std::sync::Arc;

use crate::calendar::Date;
use crate::code::Code;
use crate::diag::Sink;
use crate::model::{Loc, Spanned, Text};
use crate::yaml::read::{Ctx, parse_tree};
use crate::yaml::tree::{Node, Value};

use super::model::{Ledger, Record, keys};
use super::{Finding, rules};

/// True when a YAML tree is a ledger: a mapping with 公开记录.
pub fn is_ledger(root: &Node<'_>) -> bool {
    let Value::Map(entries) = &root.value else {
        return false;
    };
    entries.iter().any(
        |(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text.trim() == keys::RECORDS),
    )
}

/// True when a YAML text is a ledger (see [`is_ledger`]); false for text
/// that does not parse.
pub fn is_ledger_text(text: &str) -> bool {
    crate::yaml::tree::parse(text)
        .ok()
        .flatten()
        .is_some_and(|root| is_ledger(&root))
}

/// Reads a ledger from YAML text. `None` only when nothing could be read;
/// every problem is a finding at its line.
pub fn read(file: &Arc<str>, text: &str) -> (Option<Ledger>, Vec<Finding>) {
    let mut sink = Sink::new();
    let mut findings = Vec::new();
    let ledger = parse_tree(file, text, &mut sink)
        .and_then(|root| read_tree(file, &root, &mut sink, &mut findings));
    let mut out: Vec<Finding> = sink
        .diags
        .into_iter()
        .map(Finding::from_diagnostic)
        .collect();
    out.extend(findings);
    (ledger, out)
}

fn read_tree(
    file: &Arc<str>,
    root: &Node<'_>,
    sink: &mut Sink,
    findings: &mut Vec<Finding>,
) -> Option<Ledger> {
    let mut ctx = Ctx { file, sink };
    if !matches!(root.value, Value::Map(_)) {
        ctx.sink
            .emit(
                Code::YamlType,
                &ctx.loc(root.pos),
                format!("公开台账应为键值对，这里是{}", root.type_label()),
            )
            .help("第一行写“试点单位: …”，然后是“公开记录:”和逐条记录");
        return None;
    }
    let f = ctx.fields(root, keys::LEDGER, "公开台账", &|_| None);
    let unit = ctx.text(&f, keys::UNIT);
    let domain = ctx.text(&f, keys::DOMAIN);
    let root_loc = ctx.loc(root.pos);
    if is_blank(&unit) {
        findings.push(
            Finding::core(
                Code::FieldMissing,
                &at(&unit, &root_loc),
                "公开台账缺少“试点单位”",
            )
            .help("写明填报台账的试点单位，与目录中的写法一致，例如“试点单位: 区民政局”"),
        );
    }
    if f.get(keys::RECORDS).is_none() {
        findings.push(
            Finding::core(Code::FieldMissing, &root_loc, "公开台账缺少“公开记录”")
                .help("在“公开记录:”下逐条登记已公开的政府信息"),
        );
    }
    let records = ctx
        .list(&f, keys::RECORDS)
        .into_iter()
        .map(|node| read_record(&mut ctx, node, findings))
        .collect();
    Some(Ledger {
        file: file.clone(),
        loc: Loc::file(file),
        unit,
        domain,
        records,
    })
}

fn is_blank(t: &Text) -> bool {
    t.as_ref().is_none_or(|s| s.value.trim().is_empty())
}

fn at(t: &Text, fallback: &Loc) -> Loc {
    t.as_ref()
        .map_or_else(|| fallback.clone(), |s| s.loc.clone())
}

fn read_record(ctx: &mut Ctx<'_>, node: &Node<'_>, findings: &mut Vec<Finding>) -> Record {
    let f = ctx.fields(node, keys::RECORD, "公开记录", &|_| None);
    let loc = ctx.loc(node.pos);
    let item = ctx.text(&f, keys::ITEM);
    let info = ctx.text(&f, keys::INFO);
    let formed_text = ctx.text(&f, keys::FORMED);
    let published_text = ctx.text(&f, keys::PUBLISHED);
    for (t, key) in [
        (&item, keys::ITEM),
        (&info, keys::INFO),
        (&formed_text, keys::FORMED),
        (&published_text, keys::PUBLISHED),
    ] {
        if is_blank(t) {
            findings.push(
                Finding::core(
                    Code::FieldMissing,
                    &at(t, &loc),
                    format!("公开记录缺少“{key}”"),
                )
                .help(format!(
                    "每条公开记录都要写{}",
                    keys::RECORD_REQUIRED.join("、")
                )),
            );
        }
    }
    let formed = date(&formed_text, keys::FORMED, findings);
    let published = date(&published_text, keys::PUBLISHED, findings);
    Record {
        loc,
        item,
        info,
        formed,
        published,
        link: ctx.text(&f, keys::LINK),
        domain: ctx.text(&f, keys::DOMAIN),
        remark: ctx.text(&f, keys::REMARK),
    }
}

/// A date field; `None` when blank (reported as missing) or unreadable
/// (reported here).
fn date(t: &Text, key: &str, findings: &mut Vec<Finding>) -> Option<Spanned<Date>> {
    let t = t.as_ref().filter(|s| !s.value.trim().is_empty())?;
    match Date::parse(&t.value) {
        Ok(d) => Some(Spanned {
            value: d,
            loc: t.loc.clone(),
            raw: Some(Arc::from(t.value.as_str())),
        }),
        Err(e) => {
            findings.push(
                rules::date_invalid::finding(&t.loc, key, &e)
                    .snippet(Some(&Arc::from(t.value.as_str()))),
            );
            None
        }
    }
}

/// The blank YAML ledger for a unit and domain (the [`TEMPLATE`]'s example
/// names when not given).
pub fn template(unit: Option<&str>, domain: Option<&str>) -> String {
    let mut out = TEMPLATE.to_string();
    if let Some(u) = unit.map(str::trim).filter(|u| !u.is_empty()) {
        out = out.replacen(
            "试点单位: 区民政局",
            &format!("试点单位: {}", yaml_scalar(u)),
            1,
        );
    }
    if let Some(d) = domain.map(str::trim).filter(|d| !d.is_empty()) {
        out = out.replacen(
            "试点领域: 社会救助",
            &format!("试点领域: {}", yaml_scalar(d)),
            1,
        );
    }
    out
}

/// A plain scalar, or a quoted one when YAML would read it otherwise.
fn yaml_scalar(s: &str) -> String {
    let plain = !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':');
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// A blank YAML ledger for `gkml template --kind 公开台账` (one example
/// record to copy; the schema comment lets editors check the keys).
pub const TEMPLATE: &str = "\
# yaml-language-server: $schema=../schemas/ledger.schema.json
# 政府信息公开台账：每公开一条政府信息，登记一条记录；名称与目录一字不差。
# 日期写成 2017-09-29、2017/9/29、2017.9.29 或 2017年9月29日。
试点单位: 区民政局
试点领域: 社会救助
公开记录:
  - 政务事项名称: 最低生活保障
    政府信息名称: 最低生活保障审核结果公示
    形成日期: 2017-09-29
    公开日期: 2017-10-10
    公开链接:
    备注:
";

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use crate::model::{Pos, text};

    #[test]
    fn the_template_reads_cleanly() {
        let (l, f) = read(&Arc::from("台账.yaml"), TEMPLATE);
        assert!(f.is_empty(), "{f:?}");
        let l = l.unwrap();
        assert_eq!(text(&l.unit), "区民政局");
        assert_eq!(l.records.len(), 1);
        assert!(is_ledger_text(TEMPLATE));
    }

    #[test]
    fn problems_point_at_their_lines() {
        let text = "试点单位: 区民政局\n公开记录:\n  - 政务事项名称: 临时救助\n    形成日期: 9月29日\n    公开日期: 2017-10-10\n    公开时间: 2017-10-10\n";
        let (l, f) = read(&Arc::from("台账.yaml"), text);
        assert_eq!(l.unwrap().records.len(), 1);
        let got: Vec<(u32, &str)> = f
            .iter()
            .map(|f| match f.loc.pos {
                Pos::Text { line, .. } => (line, f.code),
                _ => (0, f.code),
            })
            .collect();
        assert!(got.contains(&(3, "field-missing")), "{got:?}");
        assert!(got.contains(&(4, "ledger-date-invalid")), "{got:?}");
        assert!(got.contains(&(6, "unknown-key")), "{got:?}");
        let unknown = f.iter().find(|f| f.code == "unknown-key").unwrap();
        assert!(
            unknown.help.as_deref().unwrap().contains("公开日期"),
            "{unknown:?}"
        );
        assert!(!is_ledger_text("试点单位: 区民政局\n政务事项: []\n"));
    }
}
