//! The ledger's rules, one module each: the rule's documentation (code,
//! default level, why, a bad and a good example) next to its check.

pub mod calendar_year_missing;
pub mod date_invalid;
pub mod date_order;
pub mod late;
pub mod not_in_catalog;
pub mod unpublished;
pub mod withheld_published;

use crate::code::RuleInfo;

/// Every ledger rule, in catalogue order (to be registered with the
/// catalogue rules so `gkml rules`, the README table and rule levels in the
/// project file know them).
pub static RULES: &[&RuleInfo] = &[
    &date_invalid::RULE,
    &calendar_year_missing::RULE,
    &not_in_catalog::RULE,
    &withheld_published::RULE,
    &date_order::RULE,
    &late::RULE,
    &unpublished::RULE,
];
