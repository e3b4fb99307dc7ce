//! Fuzz target: any bytes through parse + validate + analysis must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lianmap::analysis::{Chain, GapRules};
use lianmap::validate;

fuzz_target!(|data: &[u8]| {
    let report = validate::parse(data);
    for d in &report.diagnostics {
        assert!(!d.path.is_empty());
    }
    let chain = Chain::new(report.document);
    let _ = chain.stats(&GapRules::default());
});
