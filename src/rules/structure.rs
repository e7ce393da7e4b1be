//! seq-duplicate, item-duplicate, item-no-steps, step-no-info,
//! time-unparsed, aspect-invalid.

use std::collections::HashMap;

use crate::diag::Sink;
use crate::model::{Aspect, Catalog, Text, text};
use crate::rules::Code;
use crate::timelimit;

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
            time(sink, &step.time_limit, "所在环节办理时限");
            for info in &step.infos {
                time(sink, &info.time, "政府信息公开时间");
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
