//! YAML catalogues and project files.
//!
//! Parsing uses saphyr-parser's events, which carry line and column for every
//! node; [`tree`] builds a spanned tree from them (with size, depth and alias
//! limits), [`read`] turns the tree into the model with a diagnostic for every
//! problem, and [`write`] writes a catalogue back as YAML.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod fast;
pub mod node;
pub mod read;
pub mod tree;
pub mod write;
