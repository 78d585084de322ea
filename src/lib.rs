//! fleetplan: a capacity planner for liquid-cooled AI data-centre fleets.
//!
//! Layers, arrows one way: `input` reads TOML strictly → `catalog` and `plan` build on it → `model` computes (pure)
//! → `evaluation` holds an evaluated plan → `tables` turns outcomes into polars DataFrames and CSV → `cli` and `tui`
//! present them. The module graph, checked by a test, and where to add things: docs/architecture.md. Every formula
//! with its source and test: docs/model.md.

pub mod catalog;
pub mod cli;
pub mod compare;
pub mod evaluation;
pub mod input;
pub mod kpi;
pub mod model;
pub mod plan;
pub mod propose;
pub mod tables;
pub mod tui;
pub mod units;
