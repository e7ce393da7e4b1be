//! Text → the time-limit parser (所在环节办理时限, 政府信息公开时间).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(t) = gkml::timelimit::parse(text) {
        let _ = t.max_working_days();
    }
});
