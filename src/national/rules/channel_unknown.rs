//! national-channel-unknown: a channel outside the project's vocabulary.

use std::collections::HashSet;

use crate::code::{Code, RuleInfo, Scope};
use crate::config::Config;
use crate::diag::{Severity, Sink};

use super::super::model::NationalCatalog;

/// The rule.
pub static RULE: RuleInfo = RuleInfo {
    code: "national-channel-unknown",
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "公开渠道和载体不在项目的渠道词表中（默认为标准指引的 13 个渠道）",
    why: "各领域标准指引统一了 13 个公开渠道和载体（政府网站、政府公报、两微一端、发布会/听证会、广播电视、纸质媒体、公开查阅点、政务服务中心、便民服务站、入户/现场、社区/企事业单位/村公示栏（电子屏）、精准推送、其他）。写法不一会让统计和汇编对不上；本地确有的渠道（如 12345政务服务热线）请加到项目文件的“公开渠道和载体”词表中。",
    bad: "公开渠道和载体: [政府网站, 政务服务大厅]",
    good: "公开渠道和载体: [政府网站, 政务服务中心]",
};

/// Reports each unknown channel (once per place), with the nearest name.
pub fn check(cat: &NationalCatalog, cfg: &Config, sink: &mut Sink) {
    let vocab = &cfg.national.channels;
    let mut reported = HashSet::new();
    for (_, r) in cat.rows() {
        for c in &r.channels.entries {
            if vocab.lookup(&c.name).is_some() {
                continue;
            }
            // A channel column's name is reported once, at its first row.
            let key = if cat.channel_columns.is_some() {
                (c.name.clone(), None)
            } else {
                (c.name.clone(), Some(c.loc.clone()))
            };
            if !reported.insert(key) {
                continue;
            }
            let d = sink.emit(
                Code::NationalChannelUnknown,
                &c.loc,
                format!("公开渠道和载体“{}”不在渠道词表中", c.name),
            );
            match vocab.nearest(&c.name) {
                Some(n) => d.help(format!(
                    "是否应为“{n}”？本地确有的渠道请加到项目文件的“公开渠道和载体”词表中"
                )),
                None => {
                    d.help("改用标准指引的渠道名称，或把它加到项目文件的“公开渠道和载体”词表中")
                }
            };
        }
    }
}
