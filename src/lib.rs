//! gkml — 政务公开事项标准化目录编制工具.
//!
//! One pipeline: every input (YAML or workbook) is read into one [`model`],
//! checked by the [`rules`], and the checked model is handed to each output
//! (diagnostic reports, workbooks, the booklet, `catalog.json`).

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod atomic;
pub mod booklet;
pub mod build;
pub mod compiled;
pub mod convert;
pub mod diag;
pub mod diff;
#[path = "gen.rs"]
pub mod generator;
pub mod init;
pub mod limits;
pub mod model;
pub mod project;
pub mod report;
pub mod rules;
pub mod schema;
pub mod site;
pub mod source;
pub mod stats;
pub mod suggest;
pub mod timelimit;
pub mod xlsx;
pub mod yaml;
