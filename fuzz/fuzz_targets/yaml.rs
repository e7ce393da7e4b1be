//! Bytes → the YAML catalogue reader (as `gkml validate` reads a .yaml file:
//! UTF-8 check, BOM dropped, parsed, read into the model, rules run).
#![no_main]

use std::sync::Arc;

use gkml::diag::Sink;
use gkml::project::{Config, decode_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_text(data) else { return };
    let file: Arc<str> = Arc::from("fuzz.yaml");
    let mut sink = Sink::new();
    if let Some(cat) = gkml::yaml::read::read_catalog(&file, &text, &mut sink) {
        gkml::rules::check_catalog(&cat, &Config::default(), &mut sink);
        gkml::rules::check_project(std::slice::from_ref(&cat), &Config::default(), &mut sink);
    }
    let _ = sink.finish(&Default::default());
});
