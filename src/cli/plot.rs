//! `fleetplan plot PLAN --chart KIND --out FILE.svg`: one of the core's charts of a plan as SVG, for a review.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

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
        // As `fleetplan sensitivity`: the run is checked before the plan is read.
        let chosen = sensitivity::checked(&ask)?;
        let base = Evaluation::from_path(path, cat)?;
        super::refuse_input_as_output("plot", out, Some(path), &base)?;
        let found = fleetplan_core::analysis::sensitivity::compute(&base, &ask, &chosen)?;
        charts::svg::sensitivity(&found)?
    } else {
        let e = Evaluation::from_path_or_bundled(plan, cat)?;
        super::refuse_input_as_output("plot", out, plan, &e)?;
        charts::svg::draw(&e, chart, o.site, o.hall)?
    };
    super::write_output(out, svg.as_bytes(), stdout)
}
