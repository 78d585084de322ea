//! `fleetplan plot PLAN --chart KIND --out FILE.svg`: one of the core's charts of a plan as SVG, for a review.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::sensitivity;
use super::{Failure, usage};
use fleetplan_core::analysis::design::Vary;
use fleetplan_core::analysis::sensitivity::Ask;
use fleetplan_core::catalog::Catalog;
use fleetplan_core::charts::{self, Chart, ChartError};
use fleetplan_core::evaluation::Evaluation;

/// What the chart is drawn from, besides the plan.
pub(super) struct Options<'a> {
    pub site: usize,
    pub hall: usize,
    pub varies: &'a [Vary],
    pub samples: usize,
    pub kpi: &'a str,
    pub seed: u64,
}

impl From<ChartError> for Failure {
    fn from(e: ChartError) -> Failure {
        match e {
            ChartError::Missing(m) => usage("plot", m),
            ChartError::Drawing(_) => Failure::Other(e.into()),
        }
    }
}

pub(super) fn run(
    plan: Option<&Path>,
    chart: Chart,
    out: Option<&Path>,
    o: &Options,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let svg = if chart == Chart::Sensitivity {
        let path = plan.ok_or_else(|| usage("plot", "--chart sensitivity needs a plan file".into()))?;
        if o.varies.is_empty() {
            return Err(usage(
                "plot",
                "--chart sensitivity needs --vary KEY=LOW..HIGH (as fleetplan sensitivity)".into(),
            ));
        }
        let ask = Ask { varies: o.varies, samples: o.samples, kpis: o.kpi, seed: o.seed };
        let found = sensitivity::compute(path, &ask, cat)?;
        charts::svg::sensitivity(&found)?
    } else {
        let e = Evaluation::from_path_or_bundled(plan, cat)?;
        charts::svg::draw(&e, chart, o.site, o.hall)?
    };
    match out {
        Some(p) if p.as_os_str() != "-" => fleetplan_core::plan::document::write_atomic(p, svg.as_bytes())
            .with_context(|| format!("writing {}", p.display()))
            .map_err(Failure::Other),
        _ => stdout.write_all(svg.as_bytes()).context("writing to stdout").map_err(Failure::Other),
    }
}
