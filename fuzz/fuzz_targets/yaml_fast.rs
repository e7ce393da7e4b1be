//! Text → the YAML fast path and the general parser: whenever the fast path
//! accepts a text, the general parser must accept it too and give the very
//! same tree, positions included.
#![no_main]

use gkml::yaml::{fast, tree};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(f) = fast::parse(text) {
        match tree::parse_general(text) {
            Ok(Some(g)) => assert!(f == g, "trees differ for {text:?}"),
            other => panic!("fast path accepted {text:?}; general parser: {other:?}"),
        }
    }
});
