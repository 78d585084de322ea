//! Fuzz targets for the readers of outside input: plans, scenario files, weather files and catalogues. bolero drives them:
//! under `cargo test` with its random engine for a short budget (3 s per target; `FLEETPLAN_FUZZ_SECONDS` sets it,
//! e.g. 1800 for a long run), and with a coverage-guided engine where one is installed (`cargo bolero test`, which
//! needs a nightly toolchain).
//!
//! Each input is a seed file from the repository (the bundled plans and catalogue, every invalid fixture in
//! `tests/invalid_plans/`) with up to 16 mutations drawn by bolero: bit flips, byte overwrites, deletions,
//! duplications, splices from other seeds, truncations, and insertions of tokens that have broken readers before
//! (`nan`, `1e308`, `4294967295`, quotes, escapes, table headers, Latin-1 bytes …). So the inputs stay close to real
//! files and reach deep into the readers and the model behind them.
//!
//! A target passes when every input is read to a plan (or catalogue, or year) or to diagnostics, and whatever loads
//! is evaluated: the model, the supply timeline, the inference figures and the platform comparison. A panic fails
//! the test with the input (bolero prints it); an input still running after 60 s aborts the run with the input
//! written to `target/fuzz-hang-<target>.bin`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fleetplan_core::catalog::{Catalog, Precision, climate};
use fleetplan_core::model::{self, fleet_inference};
use fleetplan_core::plan::{self, InMemory, Origin};

/// Seconds each target runs.
fn budget() -> Duration {
    let secs = std::env::var("FLEETPLAN_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    Duration::from_secs(secs)
}

/// Tokens that have broken readers, or sit at the edge of a range.
const TOKENS: [&[u8]; 34] = [
    b"nan",
    b"inf",
    b"-inf",
    b"1e308",
    b"1e-300",
    b"-1",
    b"0",
    b"4294967295",
    b"18446744073709551616",
    b"65536",
    b"\"",
    b"'",
    b"\"\"\"",
    b"[",
    b"]",
    b"[[site]]\n",
    b"[[site.hall]]\n",
    b"[legend]\n",
    b"[supply]\n",
    b"[workload]\n",
    b" = ",
    b"\n",
    b",",
    b"{",
    b"}",
    b"\\u001b",
    b"\\",
    b"\xe9",
    b"#",
    b"2100Q4",
    b"+2027Q1",
    b"@",
    b"..........",
    b"VVVVVVVVVV",
];

/// One mutation as bolero draws it: (kind, position, length, value).
type Mutation = (u8, u32, u16, u8);

/// The seed with the mutations applied, kept under 1 MiB.
fn mutate(corpus: &[Vec<u8>], seed: u8, mutations: &[Mutation]) -> Vec<u8> {
    let mut b = corpus[usize::from(seed) % corpus.len()].clone();
    for &(kind, at, len, x) in mutations.iter().take(16) {
        let n = b.len();
        let at = at as usize % (n + 1);
        let end = (at + usize::from(len) % 64).min(n);
        match kind % 7 {
            0 if at < n => b[at] ^= 1 << (x % 8),
            1 => {
                let t = TOKENS[usize::from(x) % TOKENS.len()];
                b.splice(at..at, t.iter().copied());
            }
            2 => {
                b.drain(at..end);
            }
            3 => {
                let piece = b[at..end].to_vec();
                let to = (usize::from(x) * n / 256).min(b.len());
                b.splice(to..to, piece);
            }
            4 => {
                let other = &corpus[usize::from(x) % corpus.len()];
                let from = usize::from(len) % other.len().max(1);
                let upto = (from + 80).min(other.len());
                b.splice(at..at, other[from..upto].iter().copied());
            }
            5 => b.truncate(at),
            _ if at < n => b[at] = x,
            _ => {}
        }
        b.truncate(1 << 20);
    }
    b
}

/// Files below `dir` (relative to the repository) whose names end in one of `exts`.
fn seeds(dirs: &[&str], exts: &[&str]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(crate::root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)))
            .collect();
        files.sort();
        out.extend(files.iter().map(|f| std::fs::read(f).unwrap()));
    }
    assert!(!out.is_empty(), "no seeds in {dirs:?}");
    out
}

/// Watches the running target: an input that runs for a minute is written out and the run aborted.
struct Watchdog {
    epoch: Instant,
    started_ms: AtomicU64,
    running: AtomicBool,
    input: Mutex<Vec<u8>>,
    executions: AtomicU64,
}

impl Watchdog {
    fn start(target: &'static str) -> Arc<Watchdog> {
        let w = Arc::new(Watchdog {
            epoch: Instant::now(),
            started_ms: AtomicU64::new(0),
            running: AtomicBool::new(false),
            input: Mutex::new(Vec::new()),
            executions: AtomicU64::new(0),
        });
        let seen = Arc::clone(&w);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let now = seen.now_ms();
                if seen.running.load(Ordering::SeqCst)
                    && now.saturating_sub(seen.started_ms.load(Ordering::SeqCst)) > 60_000
                {
                    let path = crate::root().join(format!("target/fuzz-hang-{target}.bin"));
                    let input = seen.input.lock().map(|i| i.clone()).unwrap_or_default();
                    let _ = std::fs::write(&path, input);
                    eprintln!("fuzz {target}: an input ran for over 60 s; written to {}", path.display());
                    std::process::abort();
                }
            }
        });
        w
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn run(&self, input: &[u8], f: impl FnOnce()) {
        if let Ok(mut i) = self.input.lock() {
            i.clear();
            i.extend_from_slice(input);
        }
        self.started_ms.store(self.now_ms(), Ordering::SeqCst);
        self.running.store(true, Ordering::SeqCst);
        f();
        self.running.store(false, Ordering::SeqCst);
        self.executions.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs `target` over mutated seeds for the budget and reports how many inputs it ran.
fn fuzz(name: &'static str, corpus: Vec<Vec<u8>>, target: impl Fn(&[u8])) {
    // A panic fails the run with its input; nothing is used after one, so the state it crossed does not matter.
    let target = std::panic::AssertUnwindSafe(target);
    let dog = Watchdog::start(name);
    let start = Instant::now();
    bolero::check!().with_type::<(u8, Vec<Mutation>)>().with_test_time(budget()).with_iterations(usize::MAX).for_each(
        |(seed, mutations)| {
            let input = mutate(&corpus, *seed, mutations);
            // `&target` borrows the whole wrapper (a field access alone would capture the closure inside it).
            let target = &target;
            dog.run(&input, || (target.0)(&input));
        },
    );
    eprintln!(
        "fuzz {name}: {} inputs in {:.0} s, no crash or hang",
        dog.executions.load(Ordering::Relaxed),
        start.elapsed().as_secs_f64()
    );
}

/// A plan's neighbouring files, for fixtures that name them.
fn plan_files() -> Arc<InMemory> {
    let mut files = InMemory::default();
    let weather = crate::root().join("tests/invalid_plans/weather");
    for e in std::fs::read_dir(&weather).unwrap() {
        let p = e.unwrap().path();
        if let Ok(text) = std::fs::read_to_string(&p) {
            files.0.insert(Path::new("/fuzz/weather").join(p.file_name().unwrap()), text);
        }
    }
    Arc::new(files)
}

#[test]
fn plan_reader() {
    let cat = Catalog::builtin().unwrap();
    let files = plan_files();
    let origin = Origin { shown_as: "fuzz.toml".into(), base_dir: Some(PathBuf::from("/fuzz")), files };
    let corpus = seeds(&["plans", "tests/invalid_plans", "tests/valid_plans"], &["toml"]);
    fuzz("plan_reader", corpus, |input| {
        let text = String::from_utf8_lossy(input);
        let Ok(p) = plan::parse(&text, &origin, cat) else { return };
        let outcome = model::evaluate(&p);
        if let Some(s) = &p.supply {
            let _ = model::supply::evaluate(&p, &outcome, s);
        }
        if p.workload.is_some() {
            let _ = fleet_inference::evaluate(cat, &p, &outcome);
            let _ = fleet_inference::compare_platforms(cat, &p);
        }
    });
}

/// Scenario files over the bundled plans (in memory, where `base = "../PLAN.toml"` resolves), and over one another.
#[test]
fn scenario_reader() {
    let cat = Catalog::builtin().unwrap();
    let mut files = InMemory::default();
    for p in crate::plans() {
        let text = std::fs::read_to_string(&p).unwrap();
        files.0.insert(Path::new("/fuzz/scenarios/..").join(p.file_name().unwrap()), text);
    }
    let mut corpus = seeds(&["plans/scenarios"], &["toml"]);
    for (i, text) in corpus.iter().enumerate() {
        files.0.insert(PathBuf::from(format!("/fuzz/scenarios/s{i}.toml")), String::from_utf8_lossy(text).into());
    }
    // A scenario over a scenario, and one over the pilot with every kind of override.
    corpus.push(b"base = \"s1.toml\"\nname = \"stacked\"\n\n[site]\ngrid_mw = 900\n".to_vec());
    corpus.push(
        concat!(
            "base = \"../pilot-5mw.toml\"\nname = \"all\"\n\n[legend]\nG = \"gb200-nvl72\"\n\n",
            "[sites.\"Greensboro pilot\"]\ncooling.supply_c = 35\n\n[halls.\"Pilot hall\"]\nenergised = \"2027Q2\"\n\n",
            "[rows.\"Pilot hall\"]\nA02 = \"GGGG\"\n\n[workload]\nisl = 8000\n\n[supply.scenario.baseline]\n",
            "integrator_racks_per_quarter = 6\n"
        )
        .as_bytes()
        .to_vec(),
    );
    let origin = Origin {
        shown_as: "fuzz-scenario.toml".into(),
        base_dir: Some(PathBuf::from("/fuzz/scenarios")),
        files: Arc::new(files),
    };
    for (i, seed) in corpus.iter().enumerate() {
        let text = String::from_utf8_lossy(seed);
        if let Err(e) = plan::scenario_file::apply(&text, &origin, cat) {
            panic!("seed {i} does not apply unmutated:\n{e}");
        }
    }
    fuzz("scenario_reader", corpus, |input| {
        let text = String::from_utf8_lossy(input);
        let Ok((_, p)) = plan::scenario_file::apply(&text, &origin, cat) else { return };
        let outcome = model::evaluate(&p);
        if let Some(s) = &p.supply {
            let _ = model::supply::evaluate(&p, &outcome, s);
        }
    });
}

#[test]
fn weather_reader() {
    // The invalid fixtures, a whole bundled year and a whole EPW year built from it.
    let mut corpus = seeds(&["tests/invalid_plans/weather"], &["epw", "csv"]);
    let year = std::fs::read_to_string(crate::root().join("assets/climates/sand-point-ak.csv")).unwrap();
    let c = climate::parse_compact(&year, "y.csv").unwrap();
    let header = std::fs::read_to_string(crate::root().join("tests/invalid_plans/weather/short.epw")).unwrap();
    let mut epw: String = header.lines().take(8).map(|l| format!("{l}\n")).collect();
    for h in 0..c.dry_bulb_c.len() {
        let (day, hour) = (h / 24, h % 24 + 1);
        epw.push_str(&format!(
            "1999,{},{},{hour},60,x,{:.1},{:.1},{:.0},98000\n",
            day / 31 % 12 + 1,
            day % 28 + 1,
            c.dry_bulb_c[h],
            c.dry_bulb_c[h] - 3.0,
            c.rh_pct[h]
        ));
    }
    corpus.push(year.into_bytes());
    corpus.push(epw.into_bytes());
    fuzz("weather_reader", corpus, |input| {
        let text = String::from_utf8_lossy(input);
        let _ = climate::parse_epw(&text, "fuzz.epw");
        let _ = climate::parse_tmy3(&text, "fuzz.csv");
        let _ = climate::parse_compact(&text, "fuzz.csv");
    });
}

#[test]
fn catalogue_reader() {
    let bundled = Catalog::builtin().unwrap();
    let corpus = seeds(&["assets", "tests/invalid_plans/catalogues"], &["toml"]);
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    fuzz("catalogue_reader", corpus, |input| {
        let text = String::from_utf8_lossy(input);
        let Ok(cat) = bundled.with_text(&text, "fuzz.toml") else { return };
        // A catalogue that loads serves every model on every platform with GPU figures, and the pilot plan.
        for platform in cat.platforms.values().filter(|p| p.gpu.is_some()) {
            for m in cat.models.values() {
                let shape = fleet_inference::Shape {
                    precision: Precision::Fp4,
                    isl: 1000.0,
                    osl: 1000.0,
                    calibration: None,
                    mode: Default::default(),
                };
                if let Ok((s, _)) = fleet_inference::serving(&cat, platform, m, &shape) {
                    let _ = s.curve();
                }
            }
        }
        if let Ok(p) = plan::parse(&pilot, &Origin::new("pilot.toml", None), &cat) {
            let _ = model::evaluate(&p);
        }
    });
}
