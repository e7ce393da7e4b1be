//! ledger-late: published after its time limit, counted in working days by
//! the official calendar.

use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::deadline::{Limit, Timeliness};
use crate::ledger::{Finding, Record};
use crate::model::text;

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "ledger-late",
    severity: Severity::Error,
    scope: Scope::Project,
    summary: "政府信息超过公开时限才公开",
    why: "实施方案要求政府信息原则上在获取或制作后3个工作日内公开。时限取规范化操作目录中这条信息的“政府信息公开时间”（如“信息形成之日起3个工作日内”），没有或无法识别时取项目文件的“公开时限”（默认3个工作日）；工作日按国务院办公厅当年的节假日安排计算，法定节假日不计，调休上班的周末计入。",
    bad: "形成日期: 2017-09-29\n公开日期: 2017-10-11   # 国庆中秋假期后第4个工作日",
    good: "形成日期: 2017-09-29\n公开日期: 2017-10-10   # 9月30日（调休上班）、10月9日、10月10日",
};

/// Checks a measured record.
pub fn check(record: &Record, limit: &Limit, timeliness: &Timeliness) -> Option<Finding> {
    let Timeliness::Late { working_days, due } = timeliness else {
        return None;
    };
    let (Some(formed), Some(published)) = (&record.formed, &record.published) else {
        return None;
    };
    let Limit::Period { text: limit, .. } = limit else {
        return None;
    };
    Some(
        Finding::new(
            &RULE,
            &published.loc,
            format!(
                "政府信息“{}”形成于 {}，按“{limit}”最迟应在 {} 公开，实际 {} 才公开（形成后第{working_days}个工作日）",
                text(&record.info),
                formed.value,
                due,
                published.value
            ),
        )
        .help("在公开时限内公开；工作日按国务院办公厅节假日安排计算（法定节假日不计，调休上班的周末计入）。日期填错的请改正")
        .snippet(published.raw.as_ref()),
    )
}
