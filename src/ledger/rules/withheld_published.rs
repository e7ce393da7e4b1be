//! ledger-withheld-published: a record of a piece the catalogue marks 不予公开.

use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::resolve::Piece;
use crate::ledger::{Finding, Record};
use crate::model::{Attr, loc_of, text};

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "ledger-withheld-published",
    severity: Severity::Error,
    scope: Scope::Project,
    summary: "公开台账登记公开了目录中标为不予公开的政府信息",
    why: "目录把这条信息定为不予公开（涉及国家秘密、商业秘密、个人隐私或过程性信息等）；登记为已公开，说明不该公开的信息被公开了，或者目录的公开属性已经过时。部分公开的信息可以公开其中可以公开的部分，不在此列。",
    bad: "政务事项名称: 最低生活保障\n政府信息名称: 入户调查表   # 目录：不予公开",
    good: "政务事项名称: 最低生活保障\n政府信息名称: 最低生活保障审核结果公示   # 目录：主动公开",
};

/// Checks one record of a known piece.
pub fn check(record: &Record, piece: &Piece<'_>) -> Option<Finding> {
    if piece.attr() != Some(Attr::Withheld) {
        return None;
    }
    let info = piece.info()?;
    let at = loc_of(&record.info, &info.origin);
    Some(
        Finding::new(
            &RULE,
            at,
            format!(
                "政府信息“{}”在目录中标为不予公开，台账却登记为已公开",
                text(&record.info)
            ),
        )
        .help(format!(
            "不予公开的信息不应公开，请核实并撤下；如果它已依法可以公开，先修改目录中的公开属性（目录位置：{}）",
            info.origin.0
        )),
    )
}
