//! national-channel-missing, national-object-missing, national-method-missing,
//! national-level-missing: a row needs at least one channel, one 公开对象,
//! one 公开方式, and one 公开层级 where the table has that column.

use crate::code::{Code, RuleInfo, Scope};
use crate::config::Config;
use crate::diag::{Severity, Sink};
use crate::model::text;

use super::super::model::NationalCatalog;

/// national-channel-missing.
pub static CHANNEL: RuleInfo = RuleInfo {
    code: "national-channel-missing",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "二级事项没有选用任何公开渠道和载体",
    why: "标准目录要逐项写明信息通过哪些渠道和载体公开（政府网站、政务服务中心、公示栏等）。清单式单元格中全部为 □、或者各渠道栏都没有打 √，群众就不知道到哪里查看这项信息。",
    bad: "公开渠道和载体: []   # 或工作簿中“□政府网站 □政府公报 …”全为 □",
    good: "公开渠道和载体: [政府网站, 政务服务中心]   # 工作簿中写“■政府网站 □政府公报 ■政务服务中心”",
};

/// national-object-missing.
pub static OBJECT: RuleInfo = RuleInfo {
    code: "national-object-missing",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "二级事项没有勾选公开对象（全社会 / 特定群体）",
    why: "公开对象决定信息向全社会公开还是只向特定群体（如申请人、公示范围内的村民）公开，是标准目录的必填项；两栏都不勾，公开范围就无从判断。",
    bad: "公开对象: []",
    good: "公开对象: [全社会]",
};

/// national-method-missing.
pub static METHOD: RuleInfo = RuleInfo {
    code: "national-method-missing",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "二级事项没有勾选公开方式（主动 / 依申请）",
    why: "公开方式区分主动公开和依申请公开，关系到信息是否必须在时限内主动发布；两栏都不勾，这一项的公开义务就不明确。",
    bad: "公开方式: []",
    good: "公开方式: [主动]",
};

/// national-level-missing.
pub static LEVEL: RuleInfo = RuleInfo {
    code: "national-level-missing",
    severity: Severity::Error,
    scope: Scope::File,
    summary: "表格有公开层级栏，但二级事项一个层级也没有勾选",
    why: "公开层级写明由县级还是乡级（或表格所列的其他层级）负责公开；表格设了这一栏而某行一个都不勾，就不知道由哪一级公开。没有公开层级栏的表格不检查。",
    bad: "公开层级: []",
    good: "公开层级: [县级, 乡级]",
};

/// Reports each row with nothing in one of the four groups (a group whose
/// cells could not be read is reported there already).
pub fn check(cat: &NationalCatalog, cfg: &Config, sink: &mut Sink) {
    let meaning = cfg.national.marks;
    for (_, r) in cat.rows() {
        let name = text(&r.name);
        if !r.channels.unreadable && r.channels.used(meaning).next().is_none() {
            sink.emit(
                Code::NationalChannelMissing,
                &r.channels.loc,
                format!("二级事项“{name}”没有选用任何公开渠道和载体"),
            )
            .help("在选用的渠道前写 ■（清单式单元格），或在渠道栏中打 √");
        }
        if !r.audiences.unreadable && r.audiences.set.is_empty() {
            sink.emit(
                Code::NationalObjectMissing,
                &r.audiences.loc,
                format!("二级事项“{name}”没有勾选公开对象"),
            )
            .help("在“全社会”或“特定群体”栏打 √，可都勾");
        }
        if !r.methods.unreadable && r.methods.set.is_empty() {
            sink.emit(
                Code::NationalMethodMissing,
                &r.methods.loc,
                format!("二级事项“{name}”没有勾选公开方式"),
            )
            .help("在“主动”或“依申请”栏打 √，可都勾");
        }
        if let Some(l) = &r.levels
            && !l.unreadable
            && l.set.is_empty()
        {
            sink.emit(
                Code::NationalLevelMissing,
                &l.loc,
                format!("二级事项“{name}”没有勾选公开层级"),
            )
            .help("在负责公开的层级（如县级、乡级）栏打 √，可多选");
        }
    }
}
