//! Nothing lost on failure: `onboard bundle` killed at many points in a run leaves every
//! tenant folder as the complete old or the complete new bundle (issue: hardening, item 5).

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::*;

const TENANTS: [(&str, &str); 3] = [
    ("amt-a", "040110000000"),
    ("amt-b", "040120000000"),
    ("amt-c", "04"),
];
const RUNS: usize = 50;
/// The options of a bundle run that replaces every bundle (and archive) in `dist`.
const REPLACE_ALL: [&str; 5] = ["--force", "--archive", "--out", "dist", "forms"];

/// Writes the three forms, each with the alt text of `version`.
fn write_forms(s: &Scratch, version: usize) {
    for (tenant, key) in TENANTS {
        let form = VALID_FORM
            .replace(
                "tenant_id = \"testamt\"",
                &format!("tenant_id = \"{tenant}\""),
            )
            .replace("\"040110000000\"", &format!("\"{key}\""))
            .replace(
                "alt_text = \"Logo des Testamts\"",
                &format!("alt_text = \"Logo, Fassung {version}\""),
            );
        s.form(&format!("forms/{tenant}/form.toml"), &form);
    }
}

fn alt_text(bundle: &Path) -> String {
    let text = std::fs::read_to_string(bundle.join("tenant.json")).expect("tenant.json is there");
    let json: serde_json::Value =
        serde_json::from_str(&text).expect("tenant.json is complete JSON");
    json["logo"]["altText"]
        .as_str()
        .expect("altText")
        .to_owned()
}

fn verify(cwd: &Path, bundle: &str) -> bool {
    onboard(cwd, &["verify-bundle", bundle]).status.success()
}

#[test]
fn a_bundle_run_killed_at_any_point_leaves_old_or_new_bundles() {
    let s = Scratch::new();
    write_forms(&s, 0);
    let first = bundle(s.path(), &["--archive", "--out", "dist", "forms"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // How long a whole replacing run takes here, so the kills can be spread over all of it
    // (not an assertion on speed: debug and release builds differ tenfold).
    write_forms(&s, 0);
    let started = std::time::Instant::now();
    let calibrate = bundle(s.path(), &REPLACE_ALL);
    assert!(calibrate.status.success());
    let mut span = started.elapsed().as_micros().max(1000) as usize * 6 / 5;
    // One run killed after `delay`: every bundle is whole afterwards; true when the run got
    // as far as replacing the last bundle.
    let killed_run = |run: usize, delay: usize| -> bool {
        write_forms(&s, run);
        let mut child = bundle_command(s.path(), &REPLACE_ALL)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start onboard bundle");
        std::thread::sleep(Duration::from_micros(delay as u64));
        let _ = child.kill();
        let _ = child.wait();
        for (tenant, _) in TENANTS {
            let folder = s.path().join("dist").join(tenant);
            let text = alt_text(&folder);
            // The bundle is the one before this run (some earlier version) or this run's.
            let version: usize = text.rsplit(' ').next().unwrap().parse().unwrap();
            let whole = version <= run && verify(s.path(), &format!("dist/{tenant}"));
            assert!(
                whole,
                "run {run}: dist/{tenant} is not a complete bundle ({text})"
            );
        }
        alt_text(&s.path().join("dist/amt-c")) == format!("Logo, Fassung {run}")
    };
    // Spread the kills over the run: from before it starts to after it ends.
    let mut replaced = 0;
    for run in 1..=RUNS {
        replaced += usize::from(killed_run(run, (run * 7919) % span));
    }
    // The kills must also hit runs that got as far as replacing bundles, or the test would
    // only ever see the old ones. On a loaded machine the runs may all take longer than the
    // calibration said: then more runs follow, each given one span more than the one before
    // (at most 20 of them, the last given 21 spans).
    let mut runs = RUNS;
    while replaced == 0 && runs < RUNS + 20 {
        runs += 1;
        span += span / (runs - RUNS);
        replaced += usize::from(killed_run(runs, span));
    }
    eprintln!(
        "interrupted runs: {runs}, of which {replaced} got as far as replacing the last bundle"
    );
    assert!(
        replaced > 0 && replaced < runs,
        "{replaced} of {runs} runs replaced the last bundle"
    );
    // A run that is not interrupted cleans up what killed runs left behind, and is current.
    let last = bundle(s.path(), &REPLACE_ALL);
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    for (tenant, _) in TENANTS {
        assert_eq!(
            alt_text(&s.path().join("dist").join(tenant)),
            format!("Logo, Fassung {runs}")
        );
    }
    let leftovers: Vec<String> = std::fs::read_dir(s.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".onboard-bundle.lock")
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}
