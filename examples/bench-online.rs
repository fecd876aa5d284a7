//! Benchmark of the online link check: a local HTTPS server answers every request after
//! 50 ms; 1,000 forms name 300 distinct URLs on 30 host names (pinned to 127.0.0.1 with
//! `--resolve`). Prints wall time, requests per host, and the ideal time for the limits.
//!
//! cargo build --release && cargo run --release --example bench-online
//! (options: FORMS URLS HOSTS; defaults 1000 300 30)

#[path = "../tests/server/mod.rs"]
mod server;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use server::{Reply, Server, Tls};

const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: usize = 16;
const PER_HOST: usize = 2;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let forms = args.first().copied().unwrap_or(1000);
    let urls = args.get(1).copied().unwrap_or(300);
    let hosts = args.get(2).copied().unwrap_or(30);
    let binary = std::env::var("ONBOARD_BIN").unwrap_or_else(|_| "target/release/onboard".into());

    let names: Vec<String> = (0..hosts).map(|h| format!("amt{h}.bench.test")).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let tls = Tls::for_names(&name_refs);
    let server = Server::https("127.0.0.1", &tls);
    let dir = tempfile::tempdir().expect("temp dir");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &tls.ca_pem).expect("write CA");
    let url_of = |u: usize| {
        let path = format!("/dse/{u}");
        server.route(&path, vec![Reply::policy().delay(LATENCY)]);
        server.url("https", &names[u % hosts], &path)
    };
    let all_urls: Vec<String> = (0..urls).map(url_of).collect();
    let directory = onboard::areas::AreaDirectory::builtin();
    let gemeinden: Vec<&str> = directory
        .areas()
        .iter()
        .filter(|a| a.level == onboard::areas::Level::Gemeinde && a.ars.starts_with("09"))
        .map(|a| &*a.ars)
        .collect();
    // The shipped example form is the template; its logo goes beside the generated forms.
    let template = include_str!("../order-forms/bremerhaven-jugendamt.toml");
    std::fs::create_dir_all(dir.path().join("logos")).expect("logo folder");
    std::fs::write(
        dir.path().join("logos/bremerhaven-jugendamt.svg"),
        include_bytes!("../order-forms/logos/bremerhaven-jugendamt.svg"),
    )
    .expect("logo");
    for f in 0..forms {
        // Each form its own Bavarian Gemeinde, so the cross-form checks stay quiet.
        let key = gemeinden[f % gemeinden.len()];
        let form = template
            .replace(
                "tenant_id = \"bremerhaven-jugendamt\"",
                &format!("tenant_id = \"amt-{f}\""),
            )
            .replace("040120000000", key)
            .replace("state = \"HB\"", "state = \"BY\"")
            .replace(
                "https://www.bremerhaven.example/datenschutz/sorgeregister",
                &all_urls[f % urls],
            );
        std::fs::write(dir.path().join(format!("form{f:05}.toml")), form).expect("form");
    }
    let mut cmd = Command::new(&binary);
    cmd.args([
        "validate",
        "--format",
        "json",
        "--allow-private-networks",
        "--ca-cert",
    ])
    .arg(&ca)
    .args([
        "--concurrency",
        &CONCURRENCY.to_string(),
        "--per-host",
        &PER_HOST.to_string(),
    ]);
    for name in &names {
        cmd.args(["--resolve", &format!("{name}:127.0.0.1")]);
    }
    cmd.arg(dir.path()).stdout(std::process::Stdio::null());
    let offline_start = Instant::now();
    let offline = Command::new(&binary)
        .args(["validate", "--offline", "--format", "json"])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run onboard (build it with cargo build --release)");
    let offline_wall = offline_start.elapsed();
    let start = Instant::now();
    let status = cmd.status().expect("run onboard");
    let wall = start.elapsed();

    let seen = server.seen();
    let mut per_path: BTreeMap<String, usize> = BTreeMap::new();
    for s in &seen {
        *per_path.entry(s.path.clone()).or_default() += 1;
    }
    let mut per_host: BTreeMap<usize, usize> = BTreeMap::new();
    for path in per_path.keys() {
        let u: usize = path
            .rsplit('/')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        *per_host.entry(u % hosts).or_default() += per_path[path];
    }
    let max_host = per_host.values().copied().max().unwrap_or(0);
    let ideal_global = LATENCY.as_secs_f64() * (seen.len() as f64 / CONCURRENCY as f64).ceil();
    let ideal_host = LATENCY.as_secs_f64() * (max_host as f64 / PER_HOST as f64).ceil();
    let ideal = ideal_global.max(ideal_host);
    println!(
        "forms {forms}, distinct URLs {urls}, hosts {hosts}, server latency {} ms",
        LATENCY.as_millis()
    );
    println!("limits: --concurrency {CONCURRENCY} --per-host {PER_HOST}");
    println!(
        "requests: {} in all, each URL {}",
        seen.len(),
        if per_path.values().all(|&n| n == 1) && per_path.len() == urls {
            "once"
        } else {
            "NOT once"
        }
    );
    println!(
        "requests per host: min {} max {}",
        per_host.values().min().unwrap_or(&0),
        max_host
    );
    println!(
        "max requests in flight at the server: {}",
        server.max_in_flight()
    );
    println!(
        "wall time, whole run online: {:.3} s (exit status {status})",
        wall.as_secs_f64()
    );
    println!(
        "wall time, same run --offline: {:.3} s (exit status {offline})",
        offline_wall.as_secs_f64()
    );
    let link_time = (wall - offline_wall.min(wall)).as_secs_f64();
    println!("link checking (online − offline): {link_time:.3} s");
    println!(
        "ideal for these limits: {ideal:.3} s; link checking / ideal = {:.2}",
        link_time / ideal
    );
}
