//! fleetplan: a capacity planner for liquid-cooled AI data-centre fleets.
//!
//! Layers, arrows one way: `plan` and `catalog` read input (I/O at the edge) → `model` computes (pure) →
//! `tables` turns outcomes into polars DataFrames and CSV → `cli` (and later the terminal app) presents them.

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
