//! Analyses over many variants of one plan, shared by every front-end: which variants a study evaluates
//! ([`design`]: grids, Latin hypercubes, Sobol sequences, shards), the engine that reads and evaluates them a chunk at
//! a time in parallel ([`sweep`]), and global sensitivity as Sobol indices ([`sensitivity`]). Nothing here writes a
//! file or prints: the caller decides where rows go.

pub mod design;
pub mod sensitivity;
pub mod sweep;
