//! publish-late, publish-time-missing, publish-channel-missing,
//! withheld-published: the 附件3 publication columns.

use super::Doc;
use crate::code::Code;
use crate::config::Config;
use crate::diag::Sink;
use crate::format::hongkou::Field;
use crate::model::{Attr, Catalog, Kind, is_blank, loc_of, text};
use crate::timelimit;

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[
    Doc {
        code: Code::PublishLate,
        summary: "附件3 中主动公开的{Time}超过公开时限（默认3个工作日）",
        why: "实施方案要求政府信息原则上在获取或制作后3个工作日内向社会公开。",
        bad: "{Time}: 信息形成之日起10个工作日内",
        good: "{Time}: 信息形成之日起3个工作日内",
    },
    Doc {
        code: Code::PublishTimeMissing,
        summary: "附件3 中应公开的政府信息没有写公开时间",
        why: "规范化操作目录要明确每条政府信息的公开时限。",
        bad: "{Attr}: 主动公开\n{Route}: '\"上海虹口\"门户网站'",
        good: "{Attr}: 主动公开\n{Time}: 信息形成之日起3个工作日内",
    },
    Doc {
        code: Code::PublishChannelMissing,
        summary: "附件3 中主动公开的政府信息没有写公开途径或公开载体",
        why: "规范化操作目录要明确每条政府信息在哪里、以什么载体公开。",
        bad: "{Attr}: 主动公开\n{Time}: 即时",
        good: "{Attr}: 主动公开\n{Time}: 即时\n{Route}: '\"上海虹口\"门户网站'\n{Medium}: 网站",
    },
    Doc {
        code: Code::WithheldPublished,
        summary: "不予公开的政府信息却写了公开时间、途径或载体",
        why: "不予公开的信息不会公开，写了公开时间或途径说明属性或内容有误。",
        bad: "{Attr}: 不予公开\n{Route}: 公示栏",
        good: "{Attr}: 不予公开",
    },
];

/// Checks 政府信息公开时间/途径/载体 in a 规范化操作目录.
pub fn check(cat: &Catalog, cfg: &Config, sink: &mut Sink) {
    if cat.kind != Kind::Operational {
        return;
    }
    for info in cat
        .items
        .iter()
        .flat_map(|i| &i.steps)
        .flat_map(|s| &s.infos)
    {
        let Some(attr) = info.attr() else { continue };
        let name = text(&info.name);
        let anchor = loc_of(&info.time, &info.origin).clone();
        match attr {
            Attr::Withheld => {
                for (t, field) in [
                    (&info.time, Field::Time.header()),
                    (&info.route, Field::Route.header()),
                    (&info.medium, Field::Medium.header()),
                ] {
                    if let Some(v) = t.as_ref().filter(|_| !is_blank(t)) {
                        sink.emit(Code::WithheldPublished, &v.loc, format!("政府信息“{name}”不予公开，却写了{field}“{}”", v.value))
                            .help("不予公开的信息不写公开时间、途径和载体；如果实际上要公开，请改正公开属性")
                            .snippet(v.raw.as_ref());
                    }
                }
            }
            _ => {
                if is_blank(&info.time) {
                    sink.emit(
                        Code::PublishTimeMissing,
                        &anchor,
                        format!("政府信息“{name}”（{}）没有写公开时间", attr.label()),
                    )
                    .help(match attr {
                        Attr::Active => format!(
                            "写明公开时间，原则上在信息形成之日起{}内",
                            cfg.deadline_text
                        ),
                        _ => {
                            "依申请公开的信息写答复时限，如“收到申请之日起20个工作日内”".to_string()
                        }
                    });
                } else if attr == Attr::Active
                    && let Some(t) = &info.time
                    && let Some(parsed) = timelimit::parse(&t.value)
                    && parsed.max_working_days() > cfg.deadline.max_working_days()
                {
                    sink.emit(
                        Code::PublishLate,
                        &t.loc,
                        format!(
                            "主动公开的政府信息“{name}”公开时间“{}”超过{}的公开时限",
                            t.value, cfg.deadline_text
                        ),
                    )
                    .help(format!(
                        "改为信息形成之日起{}内公开（如“信息形成之日起{}内”或“即时”）",
                        cfg.deadline_text, cfg.deadline_text
                    ))
                    .snippet(t.raw.as_ref());
                }
                if attr == Attr::Active {
                    let missing: Vec<&str> =
                        [(&info.route, "公开途径"), (&info.medium, "公开载体")]
                            .into_iter()
                            .filter(|(t, _)| is_blank(t))
                            .map(|(_, f)| f)
                            .collect();
                    if !missing.is_empty() {
                        let at = if is_blank(&info.route) {
                            loc_of(&info.route, &info.origin)
                        } else {
                            loc_of(&info.medium, &info.origin)
                        };
                        sink.emit(Code::PublishChannelMissing, at, format!("主动公开的政府信息“{name}”没有写{}", missing.join("和")))
                            .help("写明在哪里公开（如“\"上海虹口\"门户网站”、公示栏）和以什么载体公开（如网站、纸质）");
                    }
                }
            }
        }
    }
}
