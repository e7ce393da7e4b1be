//! ledger-date-invalid: a 形成日期 or 公开日期 that is not a date.

use crate::calendar::DateError;
use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::Finding;
use crate::model::Loc;

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "ledger-date-invalid",
    severity: Severity::Error,
    scope: Scope::Read,
    summary: "公开台账中的形成日期或公开日期无法识别",
    why: "按时公开要按日期逐条核对；写不成日期的记录无法核对，也不能计入按时公开率。Excel 的日期单元格、2017-09-29、2017/9/29、2017.9.29、2017年9月29日都可以识别。",
    bad: "形成日期: 9月29日",
    good: "形成日期: 2017-09-29",
};

/// The finding for an unreadable date in the `key` field.
pub fn finding(loc: &Loc, key: &str, err: &DateError) -> Finding {
    Finding::new(&RULE, loc, format!("{key}：{}", err.message))
        .help("日期写成 2017-09-29、2017/9/29、2017.9.29 或 2017年9月29日（四位年份）；在 Excel 中也可以把单元格设为日期格式")
}
