//! Bytes → the workbook reader for every format (xlsx, xlsb, xls, ods),
//! through the content-sniffing entry point, then the rules.
#![no_main]

use std::sync::Arc;

use gkml::diag::Sink;
use gkml::project::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file: Arc<str> = Arc::from("fuzz.xlsx");
    let cfg = Config::default();
    let mut sink = Sink::new();
    if let Some(cats) = gkml::xlsx::read::read_bytes(data.to_vec(), &file, &cfg, &mut sink) {
        for c in &cats {
            gkml::rules::check_catalog(c, &cfg, &mut sink);
        }
        gkml::rules::check_project(&cats, &cfg, &mut sink);
    }
    let _ = sink.finish(&Default::default());
});
