//! attr-missing, attr-multiple, reason-missing, reason-stray,
//! reason-no-legal-ground.

use crate::diag::Sink;
use crate::model::{Catalog, is_blank, text};
use crate::project::Config;
use crate::rules::Code;

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
