//! The national-2019 rules, one theme per file: each rule's documentation
//! (a [`RuleInfo`]: code, default level, why, a bad and a good example)
//! next to its check. The codes are registered in `src/code.rs`.

mod channel_unknown;
mod domain;
mod duplicate;
mod missing;
mod required;
mod time;

use crate::code::RuleInfo;
use crate::config::Config;
use crate::diag::Sink;

use super::model::NationalCatalog;

/// Every national rule, in catalogue order (registered with the catalogue
/// rules so `gkml rules`, the README table and rule levels know them).
pub static RULES: &[&RuleInfo] = &[
    &missing::CHANNEL,
    &missing::OBJECT,
    &missing::METHOD,
    &missing::LEVEL,
    &duplicate::RULE,
    &channel_unknown::RULE,
    &time::UNPARSED,
    &time::OVER_STATUTORY,
    &time::VAGUE,
    &domain::RULE,
];

/// Runs every national rule on one catalogue.
pub fn check(cat: &NationalCatalog, cfg: &Config, sink: &mut Sink) {
    required::check(cat, sink);
    missing::check(cat, cfg, sink);
    duplicate::check(cat, sink);
    channel_unknown::check(cat, cfg, sink);
    time::check(cat, sink);
    domain::check(cat, sink);
}
