//! Workbooks in the 附件2/附件3 layout: reading (calamine) and writing
//! (rust_xlsxwriter).

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod incoming;
pub mod layout;
mod le;
pub mod merged;
pub mod names;
pub mod ods;
pub mod read;
pub mod sheet;
pub mod sniff;
pub mod write;
pub mod xlsb;
