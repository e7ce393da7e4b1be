//! Workbooks in the 附件2/附件3 layout: reading (calamine) and writing
//! (rust_xlsxwriter).

pub mod layout;
pub mod read;
pub mod sheet;
pub mod sniff;
pub mod write;
