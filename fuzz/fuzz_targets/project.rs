//! Bytes → the project file (gkml.yaml) reader.
#![no_main]

use std::sync::Arc;

use gkml::diag::Sink;
use gkml::project::{decode_text, read_config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_text(data) else { return };
    let file: Arc<str> = Arc::from("gkml.yaml");
    let mut sink = Sink::new();
    let cfg = read_config(&file, &text, &mut sink);
    let _ = sink.finish(&cfg.levels);
});
