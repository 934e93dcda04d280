//! vigie turns incident notes written in Markdown into a static public status page and
//! blameless postmortems.
//!
//! The build is one straight pipeline, one module per stage:
//! `load` (files → model) → `check` (model → diagnostics) → `plan` (model → jobs) →
//! `render` (job → output, in memory) → `write` (outputs → the output folder).

pub mod author;
pub mod build;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod fs;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod notify;
pub mod plan;
pub mod preview;
pub mod render;
pub mod serve;
pub mod theme;
pub mod watch;
pub mod write;
