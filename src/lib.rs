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
pub mod calendar;
pub mod code;
pub mod compiled;
pub mod config;
pub mod console;
pub mod convert;
pub mod diag;
pub mod diff;
pub mod error;
pub mod format;
pub mod init;
pub mod input;
pub mod ledger;
pub mod limits;
pub mod model;
pub mod national;
pub mod order;
pub mod project;
pub mod report;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod stats;
pub mod suggest;
pub mod text;
pub mod timelimit;
pub mod xlsx;
pub mod yaml;
