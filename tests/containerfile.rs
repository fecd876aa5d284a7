//! The Containerfile, checked without a container runtime (none can run where the tests
//! run): its stages, that the image runs `onboard` as a user other than root, that the
//! build is the README's release build of this repository's toolchain, that what it copies
//! exists, and that its default command is one `onboard serve` takes.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One instruction: the keyword (upper case) and its arguments, continuation lines joined.
#[derive(Debug)]
struct Instruction {
    keyword: String,
    args: String,
}

fn instructions(text: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if current.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => {
                current.push_str(part);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                let (keyword, args) = current.split_once(' ').unwrap_or((&current, ""));
                out.push(Instruction {
                    keyword: keyword.to_ascii_uppercase(),
                    args: args.split_whitespace().collect::<Vec<_>>().join(" "),
                });
                current.clear();
            }
        }
    }
    assert!(current.is_empty(), "the last instruction is not finished");
    out
}

/// The stages, each as its `FROM` arguments and instructions.
fn stages() -> Vec<(String, Vec<Instruction>)> {
    let text = std::fs::read_to_string(root().join("Containerfile")).expect("Containerfile");
    let mut stages: Vec<(String, Vec<Instruction>)> = Vec::new();
    for i in instructions(&text) {
        if i.keyword == "FROM" {
            stages.push((i.args, Vec::new()));
        } else {
            stages
                .last_mut()
                .expect("an instruction before the first FROM")
                .1
                .push(i);
        }
    }
    stages
}

fn all<'a>(stage: &'a [Instruction], keyword: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|i| i.keyword == keyword)
        .map(|i| i.args.as_str())
        .collect()
}

fn last<'a>(stage: &'a [Instruction], keyword: &str) -> &'a str {
    all(stage, keyword)
        .pop()
        .unwrap_or_else(|| panic!("no {keyword}"))
}

/// An exec-form argument list (`["a", "b"]`).
fn exec_form(args: &str) -> Vec<String> {
    serde_json::from_str(args).unwrap_or_else(|e| panic!("not exec form: {args}: {e}"))
}

fn rust_version() -> (u32, u32) {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .expect("rust-version");
    let (major, minor) = line.trim_end_matches('"').split_once('.').unwrap();
    (major.parse().unwrap(), minor.parse().unwrap())
}

#[test]
fn a_rust_builder_and_a_slim_debian_runtime() {
    let stages = stages();
    assert_eq!(stages.len(), 2, "{stages:?}");
    let (builder, _) = &stages[0];
    let (image, alias) = builder.split_once(" AS ").expect("the builder is named");
    assert_eq!(alias, "build");
    let tag = image
        .strip_prefix("docker.io/library/rust:")
        .expect("the official Rust image");
    let (version, variant) = tag.split_once('-').expect("a slim variant");
    assert!(variant.starts_with("slim"), "{tag}");
    let (major, minor) = version.split_once('.').unwrap();
    let built_with = (major.parse::<u32>().unwrap(), minor.parse::<u32>().unwrap());
    assert!(
        built_with >= rust_version(),
        "{tag} is older than rust-version"
    );
    // The runtime is the builder's Debian release: the binary links its glibc.
    let runtime = &stages[1].0;
    let release = variant
        .strip_prefix("slim-")
        .expect("the builder names its Debian release");
    assert_eq!(runtime, &format!("docker.io/library/debian:{release}-slim"));
}

#[test]
fn the_build_is_the_readmes_release_build_of_this_repository() {
    let stages = stages();
    let build = &stages[0].1;
    let runs = all(build, "RUN");
    assert_eq!(runs, ["cargo build --release --locked"]);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(runs[0]),
        "the README does not document {:?}",
        runs[0]
    );
    assert!(
        root().join("Cargo.lock").is_file(),
        "--locked needs the lock file"
    );
    assert_eq!(last(build, "COPY"), ". .");
    // The build context leaves out what is built or installed here.
    let ignore = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    for entry in ["/target", "/dist", "/.git"] {
        assert!(
            ignore.lines().any(|l| l == entry),
            ".dockerignore lacks {entry}"
        );
    }
}

#[test]
fn the_image_runs_onboard_as_a_user_other_than_root() {
    let stages = stages();
    let run = &stages[1].1;
    let user = last(run, "USER");
    let uid = user.split(':').next().unwrap();
    assert!(!matches!(uid, "0" | "root" | ""), "USER {user}");
    // The user is created in the image with that uid.
    assert!(
        all(run, "RUN")
            .iter()
            .any(|r| r.contains("useradd") && r.contains(&format!("--uid {uid}"))),
        "no useradd --uid {uid}"
    );
    // USER comes before the entrypoint runs, and nothing after it switches back.
    let user_at = run.iter().rposition(|i| i.keyword == "USER").unwrap();
    assert!(!run[user_at..].iter().any(|i| i.keyword == "RUN"));

    let entrypoint = exec_form(last(run, "ENTRYPOINT"));
    assert_eq!(entrypoint, ["/usr/local/bin/onboard"]);
    let copies = all(run, "COPY");
    assert!(
        copies.contains(&"--from=build /src/target/release/onboard /usr/local/bin/onboard"),
        "{copies:?}"
    );
    // Every other file copied from the build stage is in the repository.
    for copy in copies {
        let parts: Vec<&str> = copy.split(' ').collect();
        if let [from, source, _] = parts[..] {
            assert_eq!(from, "--from=build");
            if let Some(rel) = source.strip_prefix("/src/")
                && !rel.starts_with("target/")
            {
                assert!(root().join(rel).exists(), "{rel} is not in the repository");
            }
        }
    }
    // CI jobs mount the repository at the working directory.
    assert_eq!(last(run, "WORKDIR"), "/repo");
}

#[test]
fn the_default_command_serves_on_the_exposed_port() {
    let stages = stages();
    let run = &stages[1].1;
    let cmd = exec_form(last(run, "CMD"));
    assert_eq!(cmd[0], "serve");
    let listen = cmd
        .iter()
        .position(|a| a == "--listen")
        .map(|i| cmd[i + 1].as_str())
        .expect("--listen");
    let addr: std::net::SocketAddr = listen.parse().expect("an ADDR:PORT");
    assert!(
        addr.ip().is_unspecified(),
        "reachable only as far as the port is published"
    );
    assert_eq!(last(run, "EXPOSE"), addr.port().to_string());
    // `onboard serve` takes the flag (its help names it).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_onboard"))
        .args(["--lang", "en", "serve", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("--listen"));
}
