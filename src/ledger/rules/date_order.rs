//! ledger-date-order: 公开日期 before 形成日期.

use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::{Finding, Record};

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "ledger-date-order",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "公开台账中的公开日期早于形成日期",
    why: "信息形成之后才能公开；公开日期早于形成日期，通常是两个日期填反了或年份、月份写错了。",
    bad: "形成日期: 2017-10-10\n公开日期: 2017-09-29",
    good: "形成日期: 2017-09-29\n公开日期: 2017-10-10",
};

/// Checks one record.
pub fn check(record: &Record) -> Option<Finding> {
    let (formed, published) = (record.formed.as_ref()?, record.published.as_ref()?);
    (published.value < formed.value).then(|| {
        Finding::new(
            &RULE,
            &published.loc,
            format!("公开日期 {} 早于形成日期 {}", published.value, formed.value),
        )
        .help("检查两个日期是否填反，或年份、月份是否写错")
        .snippet(published.raw.as_ref())
    })
}
