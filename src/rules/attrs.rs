//! attr-missing, attr-multiple, reason-missing, reason-stray,
//! reason-no-legal-ground.

use super::Doc;
use crate::code::Code;
use crate::config::Config;
use crate::diag::Sink;
use crate::model::{Catalog, is_blank, text};

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[
    Doc {
        code: Code::AttrMissing,
        summary: "政府信息没有标明公开属性",
        why: "每条政府信息必须在主动公开、依申请公开、部分公开、不予公开中确定一种属性。",
        bad: "- {InfoName}: 受理通知书",
        good: "- {InfoName}: 受理通知书\n  {Attr}: 依申请公开",
    },
    Doc {
        code: Code::AttrMultiple,
        summary: "一条政府信息标了不止一种公开属性",
        why: "公开属性只能是四种之一；需要区分时应拆成两条政府信息。",
        bad: "{Attr}: [主动公开, 依申请公开]",
        good: "{Attr}: 主动公开",
    },
    Doc {
        code: Code::AttrInvalid,
        summary: "公开属性不是四种之一",
        why: "只有主动公开、依申请公开、部分公开、不予公开四种属性。",
        bad: "{Attr}: 公开",
        good: "{Attr}: 主动公开",
    },
    Doc {
        code: Code::ReasonMissing,
        summary: "部分公开或不予公开的政府信息没有写理由",
        why: "依《政府信息公开条例》，不予公开或部分公开都要说明理由和法律依据。",
        bad: "{Attr}: 不予公开",
        good: "{Attr}: 不予公开\n{Reason}: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
    },
    Doc {
        code: Code::ReasonStray,
        summary: "主动公开或依申请公开的政府信息写了不予公开的理由",
        why: "理由栏只用于部分公开和不予公开；多余的理由往往说明公开属性选错了。",
        bad: "{Attr}: 主动公开\n{Reason}: 涉及个人隐私",
        good: "{Attr}: 主动公开",
    },
    Doc {
        code: Code::ReasonNoLegalGround,
        summary: "理由没有指明法律依据",
        why: "理由应援引条例条款（如第十四条、第十五条、第十六条），可援引的依据在项目文件“法定理由”中设置。",
        bad: "{Reason}: 不宜公开",
        good: "{Reason}: 属于过程性信息，依据《中华人民共和国政府信息公开条例》第十六条",
    },
];

/// Checks each piece of information's 公开属性 and reason.
pub fn check(cat: &Catalog, cfg: &Config, sink: &mut Sink) {
    for info in cat
        .items
        .iter()
        .flat_map(|i| &i.steps)
        .flat_map(|s| &s.infos)
    {
        let name = text(&info.name);
        match info.attrs.as_slice() {
            [] => {
                sink.emit(
                    Code::AttrMissing,
                    &info.attr_origin.0,
                    format!("政府信息“{name}”没有标明公开属性"),
                )
                .help("在主动公开、依申请公开、部分公开、不予公开中选择一种");
            }
            [_] => {}
            [first, second, ..] => {
                let labels: Vec<&str> = info.attrs.iter().map(|a| a.value.label()).collect();
                sink.emit(
                    Code::AttrMultiple,
                    &second.loc,
                    format!("政府信息“{name}”同时标了{}", labels.join("和")),
                )
                .help(format!(
                    "只保留一种公开属性（第一个标记是“{}”）；确需区分时拆成两条政府信息",
                    first.value.label()
                ))
                .snippet(second.raw.as_ref());
            }
        }
        let Some(attr) = info.attr() else { continue };
        let has_reason = !is_blank(&info.reason);
        if attr.needs_reason() && !has_reason {
            sink.emit(
                Code::ReasonMissing,
                match (&info.reason, info.attrs.first()) {
                    (Some(r), _) => &r.loc,
                    (None, Some(a)) => &a.loc,
                    (None, None) => &info.attr_origin.0,
                },
                format!("政府信息“{name}”为{}，但没有写理由", attr.label()),
            )
            .help("写明不予公开或部分公开的理由及法律依据，如“涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条”");
        }
        if !attr.needs_reason()
            && has_reason
            && let Some(r) = &info.reason
        {
            sink.emit(
                Code::ReasonStray,
                &r.loc,
                format!("政府信息“{name}”为{}，不需要不予公开的理由", attr.label()),
            )
            .help("删除理由；如果这条信息确实不宜全部公开，请把公开属性改为部分公开或不予公开")
            .snippet(r.raw.as_ref());
        }
        if attr.needs_reason()
            && has_reason
            && let Some(r) = &info.reason
        {
            let cited = cfg.grounds.iter().any(|g| {
                g.keywords
                    .iter()
                    .any(|k| !k.is_empty() && r.value.contains(k.as_str()))
            });
            if !cited && !cfg.grounds.is_empty() {
                let examples: Vec<&str> = cfg
                    .grounds
                    .iter()
                    .take(3)
                    .map(|g| g.name.as_str())
                    .collect();
                sink.emit(
                    Code::ReasonNoLegalGround,
                    &r.loc,
                    format!("理由“{}”没有指明法律依据", r.value),
                )
                .help(format!("援引具体条款，如{}", examples.join("、")))
                .snippet(r.raw.as_ref());
            }
        }
    }
}
