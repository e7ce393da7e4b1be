//! seq-duplicate, item-duplicate, item-no-steps, step-no-info,
//! time-unparsed, aspect-invalid.

use std::collections::HashMap;

use super::Doc;
use crate::code::Code;
use crate::diag::Sink;
use crate::format::hongkou::Field;
use crate::model::{Aspect, Catalog, Text, text};
use crate::timelimit;

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[
    Doc {
        code: Code::TimeUnparsed,
        summary: "办理时限或公开时间无法识别",
        why: "时限写成“即时”“当场”“5个工作日”“30日”“次月”“受理之日起20个工作日内”等形式，才能核对是否符合规定。",
        bad: "{TimeLimit}: 尽快办理",
        good: "{TimeLimit}: 5个工作日",
    },
    Doc {
        code: Code::AspectInvalid,
        summary: "五公开取值无法识别",
        why: "五公开只有决策公开、执行公开、管理公开、服务公开、结果公开五种。",
        bad: "五公开: 过程公开",
        good: "五公开: 执行公开",
    },
    Doc {
        code: Code::SeqDuplicate,
        summary: "同一目录中序号重复",
        why: "重复的序号使引用产生歧义，也常常说明两个事项被误写成一个。",
        bad: "- 序号: 2\n  {Name}: 临时救助\n- 序号: 2\n  {Name}: 医疗救助",
        good: "- 序号: 2\n  {Name}: 临时救助\n- 序号: 3\n  {Name}: 医疗救助",
    },
    Doc {
        code: Code::ItemDuplicate,
        summary: "同一目录中{Name}重复",
        why: "同一事项应只列一次，其办理环节合并在一起。",
        bad: "两个事项都叫“临时救助”",
        good: "合并为一个“临时救助”事项",
    },
    Doc {
        code: Code::ItemNoSteps,
        summary: "政务事项没有办理环节",
        why: "标准化目录要列出事项的每个法定办理环节。",
        bad: "- 序号: 1\n  {Name}: 临时救助",
        good: "- 序号: 1\n  {Name}: 临时救助\n  办理环节:\n    - {Step}: 受理\n      ……",
    },
    Doc {
        code: Code::StepNoInfo,
        summary: "办理环节没有产生的政府信息",
        why: "每个环节应列出所获取或制作的政府信息。",
        bad: "- {Step}: 受理\n  {TimeLimit}: 即时",
        good: "- {Step}: 受理\n  {TimeLimit}: 即时\n  政府信息:\n    - {InfoName}: 受理通知书\n      {Attr}: 依申请公开",
    },
];

/// Checks the shape of a catalogue.
pub fn check(cat: &Catalog, sink: &mut Sink) {
    let mut seqs: HashMap<&str, &str> = HashMap::new();
    let mut names: HashMap<&str, String> = HashMap::new();
    for item in &cat.items {
        if let Some(seq) = item.seq.as_ref().filter(|s| !s.value.is_empty())
            && let Some(first) = seqs.insert(&seq.value, text(&item.name))
        {
            sink.emit(
                Code::SeqDuplicate,
                &seq.loc,
                format!("序号“{}”重复（已用于“{first}”）", seq.value),
            )
            .help("每个政务事项使用不同的序号")
            .snippet(seq.raw.as_ref());
        }
        if let Some(name) = item.name.as_ref().filter(|s| !s.value.is_empty()) {
            let here = item
                .seq
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default();
            if let Some(first) = names.insert(&name.value, here) {
                sink.emit(
                    Code::ItemDuplicate,
                    &name.loc,
                    format!("政务事项“{}”重复（序号 {first} 已列出）", name.value),
                )
                .help("把两处的办理环节合并到一个事项中，或改正其中一个的名称");
            }
        }
        let iname = text(&item.name);
        if item.steps.is_empty() {
            sink.emit(
                Code::ItemNoSteps,
                &item.origin.0,
                format!("政务事项“{iname}”没有办理环节"),
            )
            .help("列出该事项的每个法定办理环节及其产生的政府信息");
        }
        aspect(sink, &item.aspect);
        for step in &item.steps {
            if step.infos.is_empty() {
                sink.emit(
                    Code::StepNoInfo,
                    &step.origin.0,
                    format!("办理环节“{}”没有政府信息", text(&step.name)),
                )
                .help("列出本环节获取或制作的政府信息及其公开属性");
            }
            time(sink, &step.time_limit, Field::TimeLimit.header());
            for info in &step.infos {
                time(sink, &info.time, Field::Time.header());
                aspect(sink, &info.aspect);
            }
        }
    }
}

fn time(sink: &mut Sink, t: &Text, field: &str) {
    // Blank and "/"-style placeholders are the required-field rules' business.
    if crate::model::is_blank(t) {
        return;
    }
    let Some(t) = t.as_ref() else {
        return;
    };
    if timelimit::parse(&t.value).is_none() {
        sink.emit(
            Code::TimeUnparsed,
            &t.loc,
            format!("{field}“{}”无法识别", t.value),
        )
        .help("写成“即时”“当场”“5个工作日”“30日”“次月”或“受理之日起20个工作日内”等形式")
        .snippet(t.raw.as_ref());
    }
}

fn aspect(sink: &mut Sink, t: &Text) {
    let Some(t) = t.as_ref().filter(|t| !t.value.is_empty()) else {
        return;
    };
    if let Err(bad) = Aspect::parse_list(&t.value) {
        let s = crate::suggest::did_you_mean(&bad, Aspect::ALL.iter().map(|a| a.label()));
        sink.emit(
            Code::AspectInvalid,
            &t.loc,
            format!("五公开“{bad}”无法识别"),
        )
        .help(format!(
            "{s}五公开为：决策公开、执行公开、管理公开、服务公开、结果公开"
        ));
    }
}
