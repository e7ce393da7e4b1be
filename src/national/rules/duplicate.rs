//! national-duplicate: a 二级事项 (with its 三级事项) twice under one 一级事项.

use std::collections::HashMap;

use crate::code::{Code, RuleInfo, Scope};
use crate::diag::{Severity, Sink};
use crate::model::text;

use super::super::model::NationalCatalog;

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "national-duplicate",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "同一一级事项下二级事项重复（有三级事项时按二级 + 三级事项判断）",
    why: "二级事项是标准目录的最小单元，同一一级事项下重复出现会让统计翻倍，两行内容不一致时也不知以哪一行为准。应合并为一行，或改成不同的名称。",
    bad: "- 一级事项: 最低生活保障\n  二级事项:\n    - 二级事项: 办事指南\n    - 二级事项: 办事指南",
    good: "- 一级事项: 最低生活保障\n  二级事项:\n    - 二级事项: 办事指南\n    - 二级事项: 审核确认结果",
};

/// Reports every repeat after the first.
pub fn check(cat: &NationalCatalog, sink: &mut Sink) {
    // Groups of the same 一级事项 written apart count as one.
    let mut seen: HashMap<(&str, &str, &str), &crate::model::Loc> = HashMap::new();
    for (g, r) in cat.rows() {
        let name = text(&r.name);
        if name.is_empty() {
            continue;
        }
        let key = (text(&g.name), name, text(&r.level3));
        let at = r.name.as_ref().map_or(&r.loc, |n| &n.loc);
        match seen.get(&key) {
            Some(first) => {
                sink.emit(
                    Code::NationalDuplicate,
                    at,
                    format!(
                        "一级事项“{}”下的二级事项“{}{}”重复（第一次在 {}）",
                        key.0,
                        name,
                        if key.2.is_empty() {
                            String::new()
                        } else {
                            format!(" / {}", key.2)
                        },
                        first.position_label()
                    ),
                )
                .help("合并为一行，或改用不同的二级事项名称");
            }
            None => {
                seen.insert(key, at);
            }
        }
    }
}
