//! Benchmarks at 1 GW (the bundled plan: 3,200 racks, 16 halls, 8,760 hours): load, evaluate, build and write
//! tables. Run with `cargo bench`; goals on a 2-core machine: evaluation < 5 ms, a whole export process < 100 ms.

use fleetplan::catalog::Catalog;
use fleetplan::model;
use fleetplan::plan::{self, Origin, Plan};
use fleetplan::tables::{self, Table};

fn main() {
    divan::main();
}

fn default_plan() -> Plan {
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    plan::parse(plan::DEFAULT_PLAN, &Origin::bundled(), cat).unwrap_or_else(|e| panic!("{e}"))
}

/// Parse and check the 1 GW plan text (climate parse is cached after the first load).
#[divan::bench]
fn load_1gw() -> Plan {
    default_plan()
}

/// Evaluate the 1 GW plan: every rack, row and hall, and two passes over 8,760 hours.
#[divan::bench]
fn evaluate_1gw(bencher: divan::Bencher) {
    let p = default_plan();
    bencher.bench(|| model::evaluate(divan::black_box(&p)));
}

/// Build a table and write it as CSV into memory.
#[divan::bench(args = ["site", "racks", "hourly"])]
fn export_1gw(bencher: divan::Bencher, table: &str) {
    let p = default_plan();
    let o = model::evaluate(&p);
    let t = Table::ALL.into_iter().find(|t| t.name() == table).unwrap_or(Table::Site);
    bencher.bench(|| {
        let mut df = tables::build(t, &p, &o).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::with_capacity(1 << 20);
        tables::write_csv(&mut df, &mut out).unwrap_or_else(|e| panic!("{e}"));
        out
    });
}
