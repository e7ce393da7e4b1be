//! gkml's integration tests: one test crate (so typst links into one test
//! binary), one module per subject. Run one subject with
//! `cargo test --test it <module>::`.

mod common;

mod architecture;
mod attr_column;
mod booklet;
mod build;
mod calendar;
mod cli_validate;
mod convert;
mod diff;
mod editions;
mod generator;
mod hostile;
mod init;
mod ledger;
mod national_build;
mod national_cli;
mod national_fixtures;
mod promises;
mod rules;
mod schema;
mod serve;
mod site;
mod stats;
mod workbooks;
mod xlsx_write;
mod yaml_fast;
