//! A plan evaluated: its text, where it came from, the plan read from it and the model's outcome, with the supply
//! timeline and the inference figures computed when first asked for. Every front-end works on one: the CLI
//! commands, `diff`, `sweep` and the terminal app (which re-evaluates on every edit with [`Evaluation::edited`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::catalog::Catalog;
use crate::input::{Diagnostic, Diagnostics, MAX_INPUT_BYTES};
use crate::model::fleet_inference::{self as fi, Claim, ComparisonInputs, InferenceError, PlatformComparison};
use crate::model::supply::{MonteCarlo, SupplyOutcome};
use crate::model::{self, Outcome};
use crate::plan::{self, Origin, Plan};

/// GB200, GB300 and Vera Rubin side by side for the plan's workload, with the launch brief's claims.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub platforms: Vec<PlatformComparison>,
    /// Compared platforms that cannot serve the workload, with the reason.
    pub infeasible: Vec<fi::Infeasible>,
    pub claims: Vec<Claim>,
    /// What it was computed from: an edit that leaves these alone reuses it.
    inputs: ComparisonInputs,
}

/// A plan, evaluated.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// How the plan is named in messages and titles: its file, `<stdin>`, the bundled plan's name.
    pub shown: String,
    pub origin: Origin,
    pub text: String,
    pub plan: Plan,
    pub outcome: Outcome,
    /// The supply scenario named with `PLAN@SCENARIO`.
    pub scenario: Option<String>,
    /// The scenario file the plan was read from, when it was one: `text` is then its base with its overrides
    /// applied, and `origin` the root plan's (whose folder relative paths start from).
    pub scenario_file: Option<Arc<plan::scenario_file::ScenarioFile>>,
    catalog: Arc<Catalog>,
    supply: OnceLock<Option<SupplyOutcome>>,
    sites_inference: OnceLock<Result<Vec<fi::SiteInference>, InferenceError>>,
    comparison: OnceLock<Result<Comparison, InferenceError>>,
    /// A comparison from before an edit, reused when its inputs have not changed.
    earlier_comparison: Option<Comparison>,
}

impl Evaluation {
    /// Reads and evaluates plan text, or a scenario file's text over its base.
    pub fn from_text(text: String, origin: Origin, catalog: Arc<Catalog>) -> Result<Evaluation, Diagnostics> {
        if plan::scenario_file::is_scenario(&text) {
            let (applied, plan) = plan::scenario_file::apply(&text, &origin, &catalog)?;
            let mut e = Evaluation::of(applied.text, applied.origin, plan, catalog, None);
            e.shown = origin.shown_as;
            e.scenario_file = Some(Arc::new(applied.file));
            return Ok(e);
        }
        let plan = plan::parse(&text, &origin, &catalog)?;
        Ok(Evaluation::of(text, origin, plan, catalog, None))
    }

    /// Reads and evaluates a plan file.
    pub fn from_path(path: &Path, catalog: Arc<Catalog>) -> Result<Evaluation, Diagnostics> {
        let text = crate::input::read_text(path)
            .map_err(|e| Diagnostic::unreadable(path.display().to_string(), "the plan", &e))?;
        Evaluation::from_text(text, Origin::file(path), catalog)
    }

    /// The bundled 1 GW plan.
    pub fn bundled(catalog: Arc<Catalog>) -> Result<Evaluation, Diagnostics> {
        Evaluation::from_text(plan::DEFAULT_PLAN.to_string(), Origin::bundled(), catalog)
    }

    /// A plan file, or the bundled plan when none is named.
    pub fn from_path_or_bundled(path: Option<&Path>, catalog: Arc<Catalog>) -> Result<Evaluation, Diagnostics> {
        match path {
            Some(p) => Evaluation::from_path(p, catalog),
            None => Evaluation::bundled(catalog),
        }
    }

    /// A plan as named on the command line: a file, `-` for standard input, or `PLAN@SCENARIO` for one of its
    /// supply scenarios.
    pub fn from_arg(arg: &str, catalog: Arc<Catalog>) -> Result<Evaluation, ArgError> {
        Self::from_arg_in(arg, catalog, None)
    }

    /// [`from_arg`](Self::from_arg), with the folder that standard input's relative paths (a scenario's `base`, a
    /// weather file) are resolved from: `dir`, or the working directory when `None`.
    pub fn from_arg_in(arg: &str, catalog: Arc<Catalog>, dir: Option<&Path>) -> Result<Evaluation, ArgError> {
        let (path, scenario) = match arg.rsplit_once('@') {
            Some((p, s)) if !s.is_empty() && (p == "-" || Path::new(p).exists()) => (p, Some(s.to_string())),
            _ => (arg, None),
        };
        let mut e = if path == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(ArgError::Stdin)?;
            let unreadable = |why: String| {
                ArgError::from(Diagnostics::from(Diagnostic::whole_file(
                    "<stdin>",
                    "",
                    format!("cannot read the plan: {why}"),
                )))
            };
            if bytes.len() as u64 > MAX_INPUT_BYTES {
                let limit = MAX_INPUT_BYTES / (1024 * 1024);
                return Err(unreadable(format!("larger than the {limit} MiB limit for an input file")));
            }
            let text =
                String::from_utf8(bytes).map_err(|e| unreadable(format!("not UTF-8 text ({})", e.utf8_error())))?;
            let origin = Origin::new("<stdin>", dir.map(Path::to_path_buf).or_else(|| std::env::current_dir().ok()));
            Evaluation::from_text(text, origin, catalog)?
        } else {
            Evaluation::from_path(Path::new(path), catalog)?
        };
        if let Some(s) = scenario {
            e = e.in_scenario(&s)?;
        }
        Ok(e)
    }

    /// The same plan seen in one of its supply scenarios (`@scenario`).
    pub fn in_scenario(mut self, name: &str) -> Result<Evaluation, Diagnostics> {
        let names: Vec<&str> =
            self.plan.supply.as_ref().map_or(Vec::new(), |x| x.scenarios.iter().map(|s| s.name.as_str()).collect());
        if !names.contains(&name) {
            return Err(Diagnostic::whole_file(
                &self.origin.shown_as,
                "",
                format!("no supply scenario named \"{name}\"; expected one of: {}", names.join(", ")),
            )
            .into());
        }
        self.scenario = Some(name.to_string());
        Ok(self)
    }

    /// The plan after an edit: the new text read from the same origin and evaluated, reusing the platform
    /// comparison when the edit did not touch what it depends on.
    pub fn edited(&self, text: String) -> Result<Evaluation, Diagnostics> {
        let plan = plan::parse(&text, &self.origin, &self.catalog)?;
        let earlier = self.comparison.get().and_then(|c| c.as_ref().ok()).or(self.earlier_comparison.as_ref());
        // Sites the edit left alone (in all but their electricity price) keep their outcome: an edit of one site of
        // fifty, or a sweep of an economic value, evaluates only what changed.
        let outcome = model::evaluate_reusing(&plan, &self.plan, &self.outcome);
        let mut e = Evaluation::with_outcome(
            text,
            self.origin.clone(),
            plan,
            outcome,
            Arc::clone(&self.catalog),
            earlier.cloned(),
        );
        e.shown.clone_from(&self.shown);
        e.scenario_file.clone_from(&self.scenario_file);
        Ok(e)
    }

    fn of(text: String, origin: Origin, plan: Plan, catalog: Arc<Catalog>, earlier: Option<Comparison>) -> Self {
        let outcome = model::evaluate(&plan);
        Evaluation::with_outcome(text, origin, plan, outcome, catalog, earlier)
    }

    fn with_outcome(
        text: String,
        origin: Origin,
        plan: Plan,
        outcome: model::Outcome,
        catalog: Arc<Catalog>,
        earlier: Option<Comparison>,
    ) -> Self {
        Evaluation {
            shown: origin.shown_as.clone(),
            origin,
            text,
            plan,
            outcome,
            scenario: None,
            scenario_file: None,
            catalog,
            supply: OnceLock::new(),
            sites_inference: OnceLock::new(),
            comparison: OnceLock::new(),
            earlier_comparison: earlier,
        }
    }

    /// The catalogue the plan was read with (the command line's; a plan's own `catalog` is laid over it when read).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The same catalogue, shared: for another plan read alongside this one.
    pub fn catalog_arc(&self) -> Arc<Catalog> {
        Arc::clone(&self.catalog)
    }

    /// The supply timeline of every scenario, when the plan has a `[supply]` section.
    pub fn supply(&self) -> Option<&SupplyOutcome> {
        self.supply
            .get_or_init(|| self.plan.supply.as_ref().map(|s| model::supply::evaluate(&self.plan, &self.outcome, s)))
            .as_ref()
    }

    /// The supply Monte Carlo (not kept: it is run when asked for).
    pub fn monte_carlo(&self) -> Option<MonteCarlo> {
        self.plan.supply.as_ref().map(|s| model::supply::monte_carlo(&self.plan, &self.outcome, s))
    }

    /// Tokens and cost per token of every rack, hall and site, for the plan's workload.
    pub fn sites_inference(&self) -> Result<&[fi::SiteInference], &InferenceError> {
        self.sites_inference.get_or_init(|| fi::evaluate(&self.catalog, &self.plan, &self.outcome)).as_deref()
    }

    /// The platform comparison for the plan's workload.
    pub fn comparison(&self) -> Result<&Comparison, &InferenceError> {
        self.comparison
            .get_or_init(|| {
                let inputs = ComparisonInputs::of(&self.plan);
                if let Some(c) = self.earlier_comparison.as_ref().filter(|c| c.inputs == inputs) {
                    return Ok(c.clone());
                }
                let (platforms, infeasible) = fi::compare_platforms(&self.catalog, &self.plan)?;
                let claims = fi::claims(&platforms);
                Ok(Comparison { platforms, infeasible, claims, inputs })
            })
            .as_ref()
    }

    /// The brief's ratios at each of the catalogue's service levels (computed on demand; not cached).
    pub fn claims_at_levels(&self) -> Vec<fi::ClaimsAt> {
        fi::claims_at_levels(&self.catalog, &self.plan)
    }

    /// The files this plan was read from, besides the path the user named: the scenario file and its base, and the
    /// weather files its sites name. An output must not be one of them (see `plan::document::same_file`).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Some(sf) = &self.scenario_file {
            out.push(sf.path.clone());
            out.push(sf.base.clone());
        }
        for site in &self.plan.sites {
            if Catalog::climate(&site.climate_ref).is_none() {
                let p = Path::new(&site.climate_ref);
                out.push(match &self.origin.base_dir {
                    Some(dir) if p.is_relative() => dir.join(p),
                    _ => p.to_path_buf(),
                });
            }
        }
        out
    }

    /// A problem with the plan as a whole that a table or command found (no `[supply]`, a workload that cannot be
    /// served), placed at the plan's file under `key`.
    pub fn problem(&self, key: &str, message: impl Into<String>) -> Diagnostics {
        Diagnostic::whole_file(&self.shown, key, message).into()
    }
}

/// Why a plan named on the command line could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum ArgError {
    #[error(transparent)]
    Invalid(#[from] Diagnostics),
    #[error("reading the plan from standard input: {0}")]
    Stdin(std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Evaluation {
        Evaluation::bundled(Arc::new(Catalog::builtin().unwrap().clone())).unwrap()
    }

    #[test]
    fn an_edit_reuses_the_comparison_only_when_its_inputs_are_unchanged() {
        let e = bundled();
        let first = e.comparison().unwrap().clone();
        // A layout edit (one rack slot emptied) leaves the comparison's inputs alone: it is carried over.
        let row = e.text.find("\"VVVV").unwrap() + 1;
        let mut text = e.text.clone();
        text.replace_range(row..row + 1, ".");
        let layout = e.edited(text).unwrap();
        assert_eq!(layout.outcome.sites[0].racks, e.outcome.sites[0].racks - 1);
        assert_eq!(layout.comparison().unwrap(), &first);
        assert!(layout.earlier_comparison.is_some());
        // A settings edit (the electricity price) changes it: computed again, and the cost per token moves.
        let price = e.text.replacen("electricity_usd_per_mwh = 68.0", "electricity_usd_per_mwh = 200.0", 1);
        let settings = e.edited(price).unwrap();
        let again = settings.comparison().unwrap();
        assert_ne!(again.inputs, first.inputs);
        assert!(again.platforms[0].rack.usd_per_m_tokens > first.platforms[0].rack.usd_per_m_tokens);
    }

    #[test]
    fn a_scenario_must_exist() {
        let e = bundled();
        assert_eq!(e.clone().in_scenario("risk").unwrap().scenario.as_deref(), Some("risk"));
        let err = e.in_scenario("nope").unwrap_err().to_string();
        assert!(err.contains("no supply scenario named \"nope\"; expected one of: baseline"), "{err}");
    }
}
