//! ledger-not-in-catalog: a record naming a unit, domain, item or piece of
//! information the unit's catalogues do not have.

use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::resolve::Miss;
use crate::ledger::{Finding, Ledger, Record};
use crate::model::{Loc, text};

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "ledger-not-in-catalog",
    severity: Severity::Error,
    scope: Scope::Project,
    summary: "公开台账登记的政务事项或政府信息不在本单位的目录中",
    why: "台账逐条记录目录中每条政府信息的公开情况；名称与目录（附件2、附件3）不一致的记录对不上目录，专栏无法把它挂到对应的事项和环节下，也无法核对公开时限。名称要与目录一字不差。",
    bad: "政务事项名称: 最低生活保障\n政府信息名称: 低保审核结果公示",
    good: "政务事项名称: 最低生活保障\n政府信息名称: 最低生活保障审核结果公示",
};

fn suggest(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!("您是否想写“{s}”？"))
        .unwrap_or_default()
}

/// The finding for a ledger whose unit has no catalogue.
pub fn unit(ledger: &Ledger, miss: &Miss) -> Option<Finding> {
    let Miss::Unit { suggestion } = miss else {
        return None;
    };
    let at = ledger.unit.as_ref().map_or(&ledger.loc, |u| &u.loc);
    Some(
        Finding::new(
            &RULE,
            at,
            format!(
                "试点单位“{}”没有标准化目录或规范化操作目录",
                text(&ledger.unit)
            ),
        )
        .help(format!(
            "{}台账的试点单位（填报单位）要与目录中的写法一致",
            suggest(suggestion)
        )),
    )
}

/// The finding for a record that names nothing in the unit's catalogues.
pub fn record(ledger: &Ledger, record: &Record, miss: &Miss) -> Option<Finding> {
    let unit = text(&ledger.unit);
    let here = |t: &crate::model::Text| -> Loc {
        t.as_ref()
            .map_or_else(|| record.loc.clone(), |s| s.loc.clone())
    };
    let (at, message, suggestion) = match miss {
        Miss::Unit { .. } | Miss::Blank => return None,
        Miss::Domain { suggestion } => (
            here(record.domain(ledger)),
            format!("{unit}没有“{}”领域的目录", text(record.domain(ledger))),
            suggestion,
        ),
        Miss::Item { suggestion } => (
            here(&record.item),
            format!("{unit}的目录中没有政务事项“{}”", text(&record.item)),
            suggestion,
        ),
        Miss::Info { suggestion } => (
            here(&record.info),
            format!(
                "政务事项“{}”的目录中没有政府信息“{}”",
                text(&record.item),
                text(&record.info)
            ),
            suggestion,
        ),
    };
    Some(Finding::new(&RULE, &at, message).help(format!(
        "{}名称要与目录中的写法一字不差",
        suggest(suggestion)
    )))
}
