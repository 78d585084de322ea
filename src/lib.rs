//! fleetplan's front-ends: the command line (`cli`, one file per command) and the terminal app (`tui`), both over
//! the planning core in the `fleetplan-core` crate. The module graph, checked by a test, and where to add things:
//! docs/architecture.md.

pub mod cli;
pub mod tui;
