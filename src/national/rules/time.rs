//! The 公开时限 rules: national-time-unparsed, national-time-over-statutory,
//! national-time-vague. The text is kept as written; these read it with
//! [`crate::timelimit::parse_written`].

use crate::code::{Code, RuleInfo, Scope};
use crate::diag::{Severity, Sink};
use crate::timelimit::{STATUTORY_WORKING_DAYS, Written, parse_written};

use super::super::model::NationalCatalog;
use super::super::names_other_law;

/// national-time-unparsed.
pub static UNPARSED: RuleInfo = RuleInfo {
    code: "national-time-unparsed",
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "公开时限的写法无法识别",
    why: "公开时限要能据以检查是否按时公开：写明从什么时候起算、多少个工作日（或日）内公开，如“制定或获取信息之日起10个工作日内”“审批后公示7个工作日”“每季度公开一次”。“尽快”“办结后”之类没有期限的写法无法核对。",
    bad: "公开时限: 办结后尽快公开",
    good: "公开时限: 办结之日起10个工作日内",
};

/// national-time-over-statutory.
pub static OVER_STATUTORY: RuleInfo = RuleInfo {
    code: "national-time-over-statutory",
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "公开时限长于《政府信息公开条例》第二十六条的20个工作日，而公开依据没有写明其他法律法规",
    why: "《中华人民共和国政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开；法律、法规对期限另有规定的，从其规定。时限更长时，公开依据中应写明作出另行规定的法律、法规（如《中华人民共和国户口登记条例》）。",
    bad: "公开依据: 《中华人民共和国政府信息公开条例》\n公开时限: 信息形成之日起30个工作日内",
    good: "公开依据: 《中华人民共和国政府信息公开条例》第二十六条\n公开时限: 信息形成或者变更之日起20个工作日内",
};

/// national-time-vague.
pub static VAGUE: RuleInfo = RuleInfo {
    code: "national-time-vague",
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "公开时限只写“及时”，无法检查",
    why: "“及时公开”是要求而不是期限，无法据以判断是否按时公开。应写明具体期限；没有专门规定的，按条例第二十六条写“形成或者变更之日起20个工作日内”。",
    bad: "公开时限: 及时公开",
    good: "公开时限: 形成或者变更之日起20个工作日内",
};

/// Reads each row's 公开时限 and reports what cannot be checked or is
/// longer than the law allows.
pub fn check(cat: &NationalCatalog, sink: &mut Sink) {
    for (_, r) in cat.rows() {
        let Some(t) = &r.time else { continue };
        if t.value.trim().is_empty() {
            continue;
        }
        match parse_written(&t.value) {
            Written::Unparsed => {
                sink.emit(
                    Code::NationalTimeUnparsed,
                    &t.loc,
                    format!("公开时限“{}”无法识别", t.value),
                )
                .help("写明起算时间和期限，如“制定或获取信息之日起10个工作日内”“审批后公示7个工作日”“每季度公开一次”");
            }
            Written::NotMeasurable => {
                sink.emit(
                    Code::NationalTimeVague,
                    &t.loc,
                    format!("公开时限“{}”没有期限，无法检查", t.value),
                )
                .help("写明具体期限，如“形成或者变更之日起20个工作日内”（条例第二十六条）");
            }
            w if w.exceeds_statutory_limit()
                && !r.basis.as_ref().is_some_and(|b| names_other_law(&b.value)) =>
            {
                sink.emit(
                    Code::NationalTimeOverStatutory,
                    &t.loc,
                    format!(
                        "公开时限“{}”长于条例第二十六条规定的{STATUTORY_WORKING_DAYS}个工作日",
                        t.value
                    ),
                )
                .help("《政府信息公开条例》第二十六条：自形成或者变更之日起20个工作日内公开；法律、法规另有规定的，在公开依据中写明该法律、法规");
            }
            _ => {}
        }
    }
}
