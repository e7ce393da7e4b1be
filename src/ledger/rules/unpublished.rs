//! ledger-unpublished: a 主动公开 piece of a 附件3 item with no record since
//! the 专栏 opened ("尚未公开").

use std::collections::HashSet;

use crate::calendar::Date;
use crate::code::{RuleInfo, Scope};
use crate::diag::Severity;
use crate::ledger::resolve::{resolve, unit_catalogs};
use crate::ledger::{Finding, Ledger};
use crate::model::{Attr, Catalog, Info, Kind, loc_of, text};

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "ledger-unpublished",
    severity: Severity::Warning,
    scope: Scope::Project,
    summary: "规范化操作目录中主动公开的政府信息自专栏开通以来尚未公开",
    why: "试点事项的每条主动公开信息都要在专栏中逐条公开、串联展现；自项目文件的“专栏开通日期”到校验日（--as-of，默认今天）台账中没有它的公开记录，说明漏报或尚未公开。这段时间该事项确实没有办理的，可以忽略。",
    bad: "# 附件3：最低生活保障 / 公示 / 最低生活保障审核结果公示（主动公开）\n# 公开台账：没有这一条的记录",
    good: "公开记录:\n  - 政务事项名称: 最低生活保障\n    政府信息名称: 最低生活保障审核结果公示\n    形成日期: 2017-09-29\n    公开日期: 2017-10-10",
};

/// Every 主动公开 piece of a 附件3 item with no record published between
/// `opened` and `as_of` (both inclusive), at the piece in the catalogue.
pub fn check(ledgers: &[Ledger], catalogs: &[Catalog], opened: Date, as_of: Date) -> Vec<Finding> {
    if as_of < opened {
        return Vec::new();
    }
    // (catalogue file, item, piece) of every record published in the window.
    let mut published: HashSet<*const Info> = HashSet::new();
    for ledger in ledgers {
        let Ok(cats) = unit_catalogs(ledger, catalogs) else {
            continue;
        };
        for record in &ledger.records {
            let in_window = record
                .published
                .as_ref()
                .is_some_and(|p| opened <= p.value && p.value <= as_of);
            if !in_window {
                continue;
            }
            if let Ok(Some(info)) = resolve(ledger, record, &cats).map(|p| p.operational) {
                published.insert(info as *const Info);
            }
        }
    }
    let mut out = Vec::new();
    for cat in catalogs.iter().filter(|c| c.kind == Kind::Operational) {
        for item in &cat.items {
            for info in item.steps.iter().flat_map(|s| &s.infos) {
                if info.attr() != Some(Attr::Active) || published.contains(&(info as *const Info)) {
                    continue;
                }
                out.push(
                    Finding::new(
                        &RULE,
                        loc_of(&info.name, &info.origin),
                        format!(
                            "{} {}：主动公开的政府信息“{}”（政务事项“{}”）自专栏开通（{opened}）至 {as_of} 尚未公开",
                            text(&cat.unit),
                            text(&cat.domain),
                            text(&info.name),
                            text(&item.name)
                        ),
                    )
                    .help("公开后在公开台账中登记这一条（名称与目录一致）；这段时间该事项没有办理的，可忽略此警告"),
                );
            }
        }
    }
    out
}
