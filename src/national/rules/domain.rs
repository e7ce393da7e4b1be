//! national-domain-unknown: a 试点领域 outside the 26 of the ministries'
//! 标准指引.

use crate::code::{Code, RuleInfo, Scope};
use crate::diag::{Severity, Sink};

use super::super::domain;
use super::super::model::NationalCatalog;

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "national-domain-unknown",
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "试点领域不是国务院有关部门制定标准指引的 26 个领域之一",
    why: "国办发〔2019〕54号要求对照 26 个试点领域（社会救助、户籍管理、重大建设项目等）的标准指引编制目录。领域名称写法不一（或写成指引以外的领域）会让全县汇总对不上；确属本地自行增设的领域可忽略此警告。",
    bad: "试点领域: 文物保护",
    good: "试点领域: 公共文化服务",
};

/// Reports the domain when it is not one of the 26 (or their other names).
pub fn check(cat: &NationalCatalog, sink: &mut Sink) {
    let Some(d) = &cat.domain else { return };
    if d.value.trim().is_empty() || domain::canonical(&d.value).is_some() {
        return;
    }
    let at = if matches!(d.loc.pos, crate::model::Pos::File) {
        &cat.origin
    } else {
        &d.loc
    };
    let help = match domain::nearest(&d.value) {
        Some(n) => format!("是否应为“{n}”？26 个领域见各部门的基层政务公开标准指引"),
        None => {
            "26 个领域见各部门的基层政务公开标准指引（社会救助、户籍管理、重大建设项目等）".into()
        }
    };
    sink.emit(
        Code::NationalDomainUnknown,
        at,
        format!("试点领域“{}”不在 26 个试点领域中", d.value),
    )
    .help(help);
}
