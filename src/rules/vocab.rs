//! vocab-unknown: 政务事项分类, 公开途径 and 公开载体 from the project's
//! vocabularies.

use crate::diag::Sink;
use crate::model::{Catalog, Text};
use crate::project::Config;
use crate::rules::Code;
use crate::suggest::did_you_mean;

/// Straight quotes for curly ones, so “上海虹口” matches "上海虹口".
pub fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '“' | '”' | '「' | '」' | '＂' => '"',
            _ => c,
        })
        .collect()
}

fn check_value(sink: &mut Sink, t: &Text, vocab: &[String], field: &str, multi: bool) {
    let Some(t) = t.as_ref().filter(|t| !t.value.is_empty()) else {
        return;
    };
    if vocab.is_empty() {
        return;
    }
    let normal: Vec<String> = vocab.iter().map(|v| normalise(v)).collect();
    let parts: Vec<&str> = if multi {
        t.value
            .split(['、', ',', '，', ';', '；', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        vec![t.value.as_str()]
    };
    for part in parts {
        if !normal.contains(&normalise(part)) {
            let s = did_you_mean(part, vocab.iter().map(String::as_str));
            sink.emit(
                Code::VocabUnknown,
                &t.loc,
                format!("{field}“{part}”不在词表中"),
            )
            .help(format!(
                "{s}可用的值：{}（词表可在 gkml.yaml 的“{field}”中修改）",
                vocab.join("、")
            ))
            .snippet(t.raw.as_ref());
        }
    }
}

/// Checks values against the vocabularies.
pub fn check(cat: &Catalog, cfg: &Config, sink: &mut Sink) {
    for item in &cat.items {
        check_value(sink, &item.category, &cfg.categories, "政务事项分类", false);
        for info in item.steps.iter().flat_map(|s| &s.infos) {
            check_value(sink, &info.route, &cfg.routes, "政府信息公开途径", true);
            check_value(sink, &info.medium, &cfg.media, "政府信息公开载体", true);
        }
    }
}
