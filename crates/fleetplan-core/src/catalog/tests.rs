//! The catalogue: bundled entries, user overrides and their errors, defaults.

use super::*;
use crate::catalog::settings::StageKind;

#[test]
fn layout_and_compared_platforms_are_read_strictly() {
    let cat = Catalog::builtin().unwrap();
    assert_eq!(cat.layout, Layout { racks_per_row: 20, rows_per_hall: 10 });
    assert_eq!(cat.compared, ["gb200-nvl72", "gb300-nvl72", "vr-nvl72", "vr-nvl72-50pf"]);
    assert_eq!(cat.service_levels, [20.0, 50.0, 100.0, 200.0]);
    let platforms: Vec<String> = cat.platforms.keys().cloned().collect();
    let bad = BUILTIN_DEFAULTS
        .replace("platforms = [\"gb200-nvl72\",", "platforms = [\"gb100-nvl72\",")
        .replace("rows_per_hall = 10", "rows_per_hall = 0");
    let err = read_defaults(&bad, "d.toml", &cat.fluids, &platforms).err().unwrap().to_string();
    assert!(err.contains("compare.platforms: unknown platform \"gb100-nvl72\"; expected one of: gb200-nvl72"), "{err}");
    assert!(err.contains("layout.rows_per_hall"), "{err}");
    let missing = BUILTIN_DEFAULTS.replace("[compare]", "[comparison]");
    let err = read_defaults(&missing, "d.toml", &cat.fluids, &platforms).err().unwrap().to_string();
    assert!(err.contains("comparison: unknown key"), "{err}");
}

#[test]
fn bundled_catalogue_loads_with_every_platform_of_the_brief() {
    let cat = Catalog::builtin().unwrap();
    for id in ["gb200-nvl72", "gb300-nvl72", "vr-nvl72", "rubin-ultra-nvl576", "hgx-b200"] {
        let p = cat.platform(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(p.profiles.contains_key(&p.default_profile), "{id}");
        for field in ["gpus", "hbm", "liquid_frac", "weight_kg"] {
            assert!(p.sources.contains_key(field), "{id} has no source for {field}");
        }
        for profile in p.profiles.keys() {
            assert!(p.sources.contains_key(profile), "{id} has no source for profile {profile}");
        }
    }
    // Where sources disagree both figures stay selectable: 230 kW third-party Max-P and the brief's 440 kW.
    let vr = cat.platform("vr-nvl72").unwrap();
    assert_eq!(vr.profiles["max-p"], 230.0);
    assert_eq!(vr.profiles["brief"], 440.0);
    assert_eq!(vr.gpus * vr.hbm_stacks_per_gpu, 576);
}

#[test]
fn bundled_models_and_gpus_have_sources() {
    let cat = Catalog::builtin().unwrap();
    for id in ["deepseek-r1", "kimi-k2", "llama-3.1-70b", "llama-3.1-405b"] {
        let m = cat.models.get(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(m.source.starts_with("[S]"), "{id}");
    }
    // DeepSeek-R1 routed experts: 58 x 256 x 3 x 7168 x 2048 = 653.9 B; dense part 671 - 653.9 = 17.1 B, and
    // 17.1 + 8 x 58 x 0.04404 B = 37.5 B active, as the model card's 37 B.
    let r1 = &cat.models["deepseek-r1"];
    let expert_b = 3.0 * 7168.0 * 2048.0 / 1e9;
    assert!((f64::from(r1.moe_layers * r1.experts) * expert_b - r1.params_experts_b).abs() < 0.1);
    let active = r1.params_total_b - r1.params_experts_b + f64::from(r1.experts_per_token * r1.moe_layers) * expert_b;
    assert!((active - r1.params_active_b).abs() < 1.0, "{active}");
    for id in ["gb200-nvl72", "gb300-nvl72", "vr-nvl72", "hgx-b200"] {
        let g = cat.platform(id).unwrap().gpu.as_ref().unwrap_or_else(|| panic!("{id} has no GPU figures"));
        assert!(g.source.starts_with("[S]"), "{id}");
    }
    // The launch brief: Blackwell 1.44 EF vs Vera Rubin 3.6 EF "inference" per rack: our dense FP4 figures give
    // 72 x 10 PF = 0.72 EF (1.44 is 2:4 sparse) and 72 x 35 PF = 2.52 EF (3.6 uses the 50 PF upside).
    assert_eq!(cat.platform("gb200-nvl72").unwrap().gpu.as_ref().unwrap().fp4_dense_pflops * 72.0, 720.0);
    assert_eq!(cat.platform("vr-nvl72").unwrap().gpu.as_ref().unwrap().fp4_dense_pflops * 72.0, 2520.0);
}

#[test]
fn bundled_defaults_match_the_reference() {
    let d = &Catalog::builtin().unwrap().defaults;
    assert_eq!(d.cooling.supply_c, 45.0);
    assert_eq!(d.cooling.coolant.id, "pg25");
    // The transformer's figures reproduce the US DOE 2016 minimum they were derived from: 99.53 % at 50 % load.
    // Loss at x = 0.5 per kW of rating: (1/eff - 1) (noload + square x 0.25) = 0.0059047 x 0.4 = 0.0023619.
    let t = d.electrical.stage(StageKind::Transformer);
    let loss =
        (1.0 / t.eff - 1.0) * (t.noload_share + (1.0 - t.noload_share - t.square_share) * 0.5 + t.square_share * 0.25);
    assert!((0.5 / (0.5 + loss) - 0.9953).abs() < 5e-6, "{}", 0.5 / (0.5 + loss));
    // The double-conversion UPS follows its stated curve: 95.5 % at 25 % load, 97.0 % at full load.
    let u = d.electrical.stage(StageKind::Ups);
    let at = |x: f64| {
        let loss = (1.0 / u.eff - 1.0)
            * (u.noload_share + (1.0 - u.noload_share - u.square_share) * x + u.square_share * x * x);
        x / (x + loss)
    };
    assert!((at(0.25) - 0.955).abs() < 5e-4 && (at(1.0) - 0.97).abs() < 1e-9, "{} {}", at(0.25), at(1.0));
}

#[test]
fn bundled_climates_parse() {
    use crate::catalog::design_conditions::Provenance;
    let mut with_file_design = 0;
    for id in Catalog::climate_ids() {
        let c = Catalog::climate(id).unwrap();
        assert_eq!(c.dry_bulb_c.len(), 8760, "{id}");
        // Each file says what it is, where it comes from and under what licence, and carries its station's
        // elevation (the pressure every psychrometric and fan figure is computed at).
        assert_eq!(c.id, id);
        assert!(!c.name.is_empty() && !c.source.is_empty() && !c.licence.is_empty(), "{id}");
        assert!(c.elevation_m.is_some(), "{id}");
        // Plausible years: every hour's wet bulb between its dew point and its dry bulb.
        assert!(
            (0..8760).all(|h| c.dew_point_c[h].min(c.dry_bulb_c[h]) <= c.wet_bulb_c[h] + 1e-9
                && c.wet_bulb_c[h] <= c.dry_bulb_c[h] + 1e-9),
            "{id}"
        );
        if matches!(c.design.provenance, Provenance::File(_)) {
            with_file_design += 1;
        }
    }
    // The NREL TMY3 stations (Guam among them) carry their ASHRAE 2009 design conditions; the PVGIS and NSRDB grid
    // points and Sand Point none.
    assert_eq!(with_file_design, 15);
    // The library reaches four continents: North America, Europe, Asia and Australia (with Guam in Oceania), by the
    // files' own coordinates.
    let place = |id: &str| {
        let path = format!("{}/../../assets/climates/{id}.csv", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let header =
            |key: &str| -> f64 { text.lines().find_map(|l| l.strip_prefix(key)).unwrap().trim().parse().unwrap() };
        (header("# latitude_deg:"), header("# longitude_deg:"))
    };
    let (lat, lon) = place("brisbane-au");
    assert!(lat < -10.0 && (110.0..155.0).contains(&lon), "Australia: {lat} {lon}");
    let (lat, lon) = place("kuala-lumpur-my");
    assert!((0.0..10.0).contains(&lat) && (95.0..120.0).contains(&lon), "South-East Asia: {lat} {lon}");
    assert!(Catalog::climate_ids().count() >= 20);
    assert!(Catalog::climate("atlantis").is_none());
}

#[test]
fn user_catalogue_entries_out_of_range_are_named_with_their_field() {
    let bundled = Catalog::builtin().unwrap();
    // The bundled MoE calibration with three figures out of range, and DeepSeek-R1 with 9 of 8 experts per token.
    let cal = include_str!("../../../../assets/calibration.toml")
        .split("\n[calibration.")
        .nth(1)
        .unwrap()
        .replacen("hbm_usable = 0.9", "hbm_usable = 1.5", 1)
        .replacen("overlap = 0.5", "overlap = 2", 1)
        .replacen("t_sched_ms = 4.25", "t_sched_ms = -1", 1);
    let model = include_str!("../../../../assets/models.toml").split("\n[model.").nth(1).unwrap().replacen(
        "experts_per_token = 8",
        "experts_per_token = 300",
        1,
    );
    let text = format!("[calibration.{cal}\n[model.{model}");
    let err = bundled.with_text(&text, "user.toml").unwrap_err().to_string();
    // Each error sits at its value: the line that sets it, the column after `key = `.
    let at = |set: &str| {
        let line = text.lines().position(|l| l.starts_with(set)).unwrap() + 1;
        format!("user.toml:{line}:{}", set.find(" = ").unwrap() + 4)
    };
    let cal = "calibration.inferencemax-blackwell-moe";
    for expected in [
        format!(
            "{}: {cal}.hbm_usable: expected a number greater than 0 and at most 1, found 1.5",
            at("hbm_usable = 1.5")
        ),
        format!("{}: {cal}.overlap: expected a number from 0 to 1, found 2", at("overlap = 2")),
        format!("{}: {cal}.t_sched_ms: expected a number at least 0, found -1", at("t_sched_ms = -1")),
        format!(
            "{}: model.deepseek-r1.experts_per_token: a MoE model needs experts > 0 and 0 < experts_per_token <= \
             experts",
            at("experts_per_token = 300")
        ),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in {err}");
    }
    // The same text with the figures back in range merges.
    let good = text
        .replacen("hbm_usable = 1.5", "hbm_usable = 0.95", 1)
        .replacen("overlap = 2", "overlap = 0.5", 1)
        .replacen("t_sched_ms = -1", "t_sched_ms = 4.5", 1)
        .replacen("experts_per_token = 300", "experts_per_token = 8", 1);
    let cat = bundled.with_text(&good, "user.toml").unwrap();
    assert_eq!(cat.calibrations["inferencemax-blackwell-moe"].hbm_usable, 0.95);
}

#[test]
fn user_catalogue_overrides_and_adds() {
    let dir = std::env::temp_dir().join(format!("fleetplan-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cat.toml");
    std::fs::write(
        &path,
        "[platform.vr-nvl72]\nname = \"VR (vendor quote)\"\ngpus = 72\ncpus = 36\nhbm_generation = \"HBM4\"\n\
         hbm_gb_per_gpu = 288\nhbm_stacks_per_gpu = 8\nhbm_stack_height = 12\nliquid_frac = 1.0\n\
         max_inlet_c = 45\nweight_kg = 1600\ndefault_profile = \"quote\"\nprofiles = { quote = 210 }\n",
    )
    .unwrap();
    let cat = Catalog::builtin().unwrap().with_overrides(&path).unwrap();
    assert_eq!(cat.platform("vr-nvl72").unwrap().profiles["quote"], 210.0);
    assert!(cat.platform("gb300-nvl72").is_some());
    std::fs::write(&path, "[platform.x]\nname = 3\n").unwrap();
    let err = Catalog::builtin().unwrap().with_overrides(&path).unwrap_err();
    assert!(err.to_string().contains("cat.toml:2:8"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn gpu_and_platform_figures_are_range_checked_at_their_line() {
    // The hostile catalogue that hung `export --table inference`: no HBM and a u32::MAX scale-up domain (and a NaN);
    // and one that asked for a 5 GB allocation: 1e300 GB of HBM. Each is refused at its line and column.
    let bundled = Catalog::builtin().unwrap();
    let text = BUILTIN_CATALOG
        .replacen("hbm_gb = 279\n", "hbm_gb = 0\n", 1)
        .replacen("scale_up_gpus = 72\n", "scale_up_gpus = 4294967295\n", 1)
        .replacen("fp8_dense_pflops = 5\n", "fp8_dense_pflops = nan\n", 1);
    let err = bundled.with_text(&text, "user.toml").unwrap_err().to_string();
    // Line and column of the value that follows `needle`'s key (1-based).
    let place = |needle: &str| {
        let i = text.find(needle).unwrap() + needle.find('=').unwrap() + 2;
        let line = text[..i].lines().count();
        let col = i - text[..i].rfind('\n').map_or(0, |n| n + 1) + 1;
        format!("user.toml:{line}:{col}:")
    };
    for (needle, message) in [
        (
            "hbm_gb = 0\n",
            "platform.gb300-nvl72.gpu.hbm_gb: expected a number greater than 0 and at most 10000, found 0",
        ),
        (
            "scale_up_gpus = 4294967295",
            "platform.gb200-nvl72.gpu.scale_up_gpus: expected a whole number from 1 to 100000, found 4294967295",
        ),
        (
            "fp8_dense_pflops = nan",
            "platform.gb200-nvl72.gpu.fp8_dense_pflops: expected a number greater than 0 and at most 10000, found NaN",
        ),
    ] {
        let expected = format!("{} {message}", place(needle));
        assert!(err.contains(&expected), "missing {expected:?} in {err}");
    }
    let huge = BUILTIN_CATALOG.replacen("hbm_gb = 279\n", "hbm_gb = 1e300\n", 1);
    let err = bundled.with_text(&huge, "user.toml").unwrap_err().to_string();
    assert!(err.contains("gpu.hbm_gb: expected a number greater than 0 and at most 10000, found 1e300"), "{err}");
}
