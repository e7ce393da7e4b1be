//! calendar-year-missing: a date in a year whose 节假日安排 gkml does not have.

use crate::calendar::CalendarError;
use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::Finding;
use crate::model::Loc;

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "calendar-year-missing",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "日期所在年份的节假日安排尚未收录，无法计算工作日",
    why: "工作日按国务院办公厅每年的节假日安排通知计算（法定节假日不计，调休上班的周末计入）；没有当年的安排时按周一至周五推算会差出一周，所以报错而不猜测。gkml 收录了2017—2026年，新的年份可在项目文件的“节假日安排”中补充。",
    bad: "形成日期: 2027-03-01   # gkml.yaml 中没有2027年的节假日安排",
    good: "节假日安排:\n  - 年份: 2027\n    通知: 国务院办公厅关于2027年部分节假日安排的通知\n    文号: 国办发明电〔2026〕…号\n    放假:\n      元旦: 2027-01-01至2027-01-03\n    上班: []",
};

/// The finding for a date at `loc` the calendar cannot count from.
pub fn finding(loc: &Loc, err: &CalendarError) -> Finding {
    Finding::new(&RULE, loc, format!("{err}，无法按工作日计算公开时限")).help(err.help())
}
