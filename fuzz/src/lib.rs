//! gkml's library, compiled here from the same sources but without the
//! booklet's typst dependency (typst alone takes about 25 minutes to build
//! optimised, and none of it is on the reading path). Keep in step with
//! src/lib.rs: every module the readers use is listed.

#[path = "../../src/diag.rs"]
pub mod diag;
#[path = "../../src/limits.rs"]
pub mod limits;
#[path = "../../src/model.rs"]
pub mod model;
#[path = "../../src/project.rs"]
pub mod project;
#[path = "../../src/report/mod.rs"]
pub mod report;
#[path = "../../src/rules/mod.rs"]
pub mod rules;
#[path = "../../src/source.rs"]
pub mod source;
#[path = "../../src/suggest.rs"]
pub mod suggest;
#[path = "../../src/timelimit.rs"]
pub mod timelimit;
#[path = "../../src/xlsx/mod.rs"]
pub mod xlsx;
#[path = "../../src/yaml/mod.rs"]
pub mod yaml;
#[path = "../../src/code.rs"]
pub mod code;
#[path = "../../src/config.rs"]
pub mod config;
#[path = "../../src/format/mod.rs"]
pub mod format;
#[path = "../../src/input.rs"]
pub mod input;
#[path = "../../src/text.rs"]
pub mod text;
#[path = "../../src/error.rs"]
pub mod error;
#[path = "../../src/national/mod.rs"]
pub mod national;
#[path = "../../src/calendar/mod.rs"]
pub mod calendar;
#[path = "../../src/ledger/mod.rs"]
pub mod ledger;
#[path = "../../src/stats.rs"]
pub mod stats;
#[path = "../../src/order.rs"]
pub mod order;
