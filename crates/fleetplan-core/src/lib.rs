//! fleetplan's planning core: plan files, the catalogue, the hourly model of a site's power, cooling and water,
//! supply and inference, and the tables written from them. No terminal and no command line: the `fleetplan` binary
//! (its command line and terminal app) stands on this crate, and so can a notebook binding, a service or another
//! front-end.
//!
//! Layers, arrows one way: `input` reads TOML strictly → `catalog` and `plan` build on it → `model` computes (pure)
//! → `evaluation` holds an evaluated plan → `tables` turns outcomes into polars DataFrames and CSV. The module graph,
//! checked by a test, and where to add things: docs/architecture.md. Every formula with its source and test:
//! docs/model.md.
//!
//! # Evaluating a plan
//!
//! ```
//! use std::sync::Arc;
//!
//! use fleetplan_core::catalog::Catalog;
//! use fleetplan_core::evaluation::Evaluation;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let catalog = Arc::new(Catalog::builtin()?.clone());
//! // The bundled 1 GW plan; `Evaluation::from_path` reads a plan file, resolving its weather files beside it.
//! let e = Evaluation::bundled(catalog)?;
//! let site = &e.outcome.sites[0];
//! println!("{}: {:.1} MW IT, annual PUE {:.3}", e.plan.sites[0].name, site.it_kw / 1000.0, site.pue_annual);
//! assert!(site.pue_annual > 1.0 && site.pue_annual < site.pue_design);
//! # Ok(())
//! # }
//! ```

pub mod analysis;
pub mod catalog;
pub mod charts;
pub mod compare;
pub mod evaluation;
pub mod input;
pub mod kpi;
pub mod model;
pub mod plan;
pub mod propose;
pub mod psychrometrics;
pub mod tables;
pub mod units;
