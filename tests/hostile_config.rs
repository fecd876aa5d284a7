//! A hostile `onboard.toml` and regional-keys file get nothing: no byte of a file outside
//! the repository, no hang, no runaway memory, no wider network. Each case runs the binary
//! with a time limit and a memory limit, so that a regression fails instead of stalling
//! the machine.
#![cfg(unix)]

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::*;

/// What marks content that must never reach the output.
const SECRET: &str = "SECRET-MARKER-4711";

/// A scratch folder holding `repo/` (a valid form in `repo/forms/`) and files outside it.
fn scratch() -> Scratch {
    let s = Scratch::new();
    s.form("repo/forms/form.toml", VALID_FORM);
    s
}

fn repo(s: &Scratch) -> PathBuf {
    s.path().join("repo")
}

/// `validate --offline forms` in the repository.
fn validate(s: &Scratch, more: &[&str]) -> Output {
    let mut args = vec!["validate", "--offline"];
    args.extend_from_slice(more);
    args.push("forms");
    guarded(&repo(s), &args)
}

/// Asserts a run stopped with exit status 2, naming `place` (`onboard.toml:L:C`) and
/// `words`, and showing no secret.
fn refused_at(out: &Output, place: &str, words: &str) {
    let all = everything(out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains(place), "{place} missing: {all}");
    assert!(all.contains(words), "{words:?} missing: {all}");
    assert!(!all.contains(SECRET), "a secret was shown: {all}");
}

// --- item 5: the regional-keys file ------------------------------------------------------

#[test]
fn a_regional_keys_path_in_the_config_that_leaves_its_folder_is_a_finding_and_not_read() {
    let s = scratch();
    s.write("secret/keys.txt", common::gv100ad(SECRET));
    link(s.path().join("secret/keys.txt"), &repo(&s).join("keys.txt"));
    link(s.path().join("secret"), &repo(&s).join("data"));
    let absolute = s.path().join("secret/keys.txt").display().to_string();
    for value in [
        "../secret/keys.txt",
        "forms/../../secret/keys.txt",
        absolute.as_str(),
        "keys.txt",
        "data/keys.txt",
        "/dev/zero",
    ] {
        s.write(
            "repo/onboard.toml",
            format!("regional_keys = \"{value}\"\n"),
        );
        let out = validate(&s, &[]);
        refused_at(&out, "onboard.toml:1:17", "leads outside the folder");
    }
}

#[test]
fn a_regional_keys_file_inside_the_config_folder_is_used_also_through_an_inner_link() {
    let s = scratch();
    s.write("repo/data/keys.txt", common::gv100ad("Inside, Stadt"));
    link("data/keys.txt", &repo(&s).join("keys.txt"));
    link("data", &repo(&s).join("areas"));
    for value in [
        "data/keys.txt",
        "./forms/../data/keys.txt",
        "keys.txt",
        "areas/keys.txt",
    ] {
        s.write(
            "repo/onboard.toml",
            format!("regional_keys = \"{value}\"\n"),
        );
        let out = validate(&s, &[]);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(0), "{value}: {all}");
        assert!(
            all.contains("040110000000 (Inside, Stadt)"),
            "{value}: {all}"
        );
    }
}

#[test]
fn a_regional_keys_file_in_the_config_that_is_no_regular_file_is_a_finding_in_bounded_time() {
    let s = scratch();
    fifo(&repo(&s).join("keys.fifo"));
    std::fs::create_dir(repo(&s).join("folder")).unwrap();
    for value in ["keys.fifo", "folder"] {
        s.write(
            "repo/onboard.toml",
            format!("# the directory\nregional_keys = \"{value}\"\n"),
        );
        refused_at(
            &validate(&s, &[]),
            "onboard.toml:2:17",
            "is not a regular file",
        );
    }
    s.write("repo/onboard.toml", "regional_keys = \"none.txt\"\n");
    refused_at(&validate(&s, &[]), "onboard.toml:1:17", "does not exist");
}

#[test]
fn a_regional_keys_file_in_the_config_that_is_too_large_or_no_gv100ad_is_a_finding() {
    let s = scratch();
    let big = std::fs::File::create(repo(&s).join("big.txt")).unwrap();
    big.set_len(onboard::limits::MAX_AREAS_FILE_BYTES + 1)
        .unwrap();
    s.write("repo/onboard.toml", "regional_keys = \"big.txt\"\n");
    refused_at(
        &validate(&s, &[]),
        "onboard.toml:1:17",
        "may have at most 64 MiB",
    );
    s.write(
        "repo/notes.txt",
        format!("{}60{SECRET}\n", common::gv100ad("Bremen")),
    );
    s.write("repo/onboard.toml", "regional_keys = \"notes.txt\"\n");
    refused_at(&validate(&s, &[]), "onboard.toml:1:17", "line 5");
}

#[test]
fn the_regional_keys_flag_may_name_any_regular_file_but_nothing_else() {
    let s = scratch();
    // Outside the repository, and through a link: whoever types the command decides.
    s.write("elsewhere/keys.txt", common::gv100ad("Elsewhere, Stadt"));
    link(
        s.path().join("elsewhere/keys.txt"),
        &repo(&s).join("keys.txt"),
    );
    for value in ["../elsewhere/keys.txt", "keys.txt"] {
        let out = validate(&s, &["--regional-keys", value]);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(0), "{all}");
        assert!(all.contains("040110000000 (Elsewhere, Stadt)"), "{all}");
    }
    // The flag wins over the config, whose file is still checked.
    s.write("repo/data/keys.txt", common::gv100ad("Config, Stadt"));
    s.write("repo/onboard.toml", "regional_keys = \"data/keys.txt\"\n");
    let out = validate(&s, &["--regional-keys", "keys.txt"]);
    assert!(everything(&out).contains("(Elsewhere, Stadt)"));
    std::fs::remove_file(repo(&s).join("onboard.toml")).unwrap();

    fifo(&repo(&s).join("keys.fifo"));
    for value in ["/dev/zero", "keys.fifo", "forms"] {
        let out = validate(&s, &["--regional-keys", value]);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(2), "{value}: {all}");
        assert!(
            all.contains(&format!("error: `{value}` is not a regular file")),
            "{value}: {all}"
        );
    }
    let big = std::fs::File::create(repo(&s).join("big.txt")).unwrap();
    big.set_len(onboard::limits::MAX_AREAS_FILE_BYTES + 1)
        .unwrap();
    let out = validate(&s, &["--regional-keys", "big.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        everything(&out).contains("may have at most 64 MiB"),
        "{}",
        everything(&out)
    );
    let out = validate(&s, &["--regional-keys", "none.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(everything(&out).contains("`none.txt` does not exist"));
}

#[test]
fn a_file_that_is_no_gv100ad_is_named_by_line_and_expectation_never_quoted() {
    let s = scratch();
    let valid = common::gv100ad("Bremen, Stadt");
    let cases: [(Vec<u8>, &str); 4] = [
        // A record too short for the layout.
        (
            format!("{valid}{SECRET}\n").into_bytes(),
            "line 5: too short for a GV100AD record",
        ),
        // Letters where the regional key's digits belong.
        (
            format!("{valid}60{SECRET}{SECRET}\n").into_bytes(),
            "line 5: characters 11 to 22 of a GV100AD record",
        ),
        // Bytes that are no UTF-8 text (a Latin-1 "ä"), on line 2.
        (
            [SECRET.as_bytes(), b"\n\xE4", SECRET.as_bytes(), b"\n"].concat(),
            "line 2: not UTF-8 text",
        ),
        // Lines, but none a record of an area.
        (
            format!("{SECRET}{SECRET}{SECRET}\n").into_bytes(),
            "holds no Land, Kreis or Gemeinde record",
        ),
    ];
    for (content, expected) in cases {
        std::fs::write(repo(&s).join("keys.txt"), &content).unwrap();
        let out = validate(&s, &["--regional-keys", "keys.txt"]);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(2), "{all}");
        assert!(all.contains(expected), "{expected:?} missing: {all}");
        assert!(!all.contains(&SECRET[..6]), "content quoted: {all}");
    }
}

// --- item 6: the network guard ------------------------------------------------------------

#[test]
fn a_config_cannot_allow_private_networks_only_the_flags_can() {
    let s = scratch();
    s.write(
        "repo/onboard.toml",
        "[network]\nallow_private_networks = true\n",
    );
    for args in [
        &["validate", "--offline", "forms"][..],
        &["validate", "forms"],
    ] {
        let out = guarded(&repo(&s), args);
        refused_at(&out, "onboard.toml:2:26", "`--allow-private-networks`");
        assert!(everything(&out).contains("`--allow-network CIDR`"));
    }
    s.write(
        "repo/onboard.toml",
        "[network]\nallow_private_networks = false\n",
    );
    assert_eq!(validate(&s, &[]).status.code(), Some(0));
}

#[test]
fn a_config_has_no_allow_network_key() {
    let s = scratch();
    s.write(
        "repo/onboard.toml",
        "[network]\nallow_network = [\"127.0.0.0/8\"]\n",
    );
    refused_at(
        &validate(&s, &[]),
        "onboard.toml:2:1",
        "unknown key `allow_network`",
    );
}

// --- item 13: the network bounds ----------------------------------------------------------

#[test]
fn network_values_out_of_the_flags_bounds_are_findings_at_their_place() {
    let s = scratch();
    s.write(
        "repo/onboard.toml",
        "[network]\nconcurrency = 0\nper_host = 0\ntimeout = 0\n",
    );
    let out = validate(&s, &[]);
    refused_at(&out, "onboard.toml:2:15", "from 1 to 65,535");
    refused_at(&out, "onboard.toml:3:12", "from 1 to 65,535");
    refused_at(&out, "onboard.toml:4:11", "from 1 to 600");
    s.write("repo/onboard.toml", "[network]\ntimeout = 601\n");
    refused_at(&validate(&s, &[]), "onboard.toml:2:11", "not 601");
    s.write(
        "repo/onboard.toml",
        "[network]\nconcurrency = 1\nper_host = 65535\ntimeout = 600\n",
    );
    assert_eq!(validate(&s, &[]).status.code(), Some(0));
}

// --- the config file itself ----------------------------------------------------------------

#[test]
fn a_found_config_that_is_a_link_leading_outside_its_folder_is_refused_unread() {
    let s = scratch();
    s.write("secret/onboard.toml", format!("{SECRET} = 1\n"));
    link(
        s.path().join("secret/onboard.toml"),
        &repo(&s).join("onboard.toml"),
    );
    let out = validate(&s, &[]);
    let all = everything(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("error: onboard.toml: a link that leads outside its folder"),
        "{all}"
    );
    assert!(!all.contains(SECRET), "{all}");
    // Found from a folder below: the same.
    let out = guarded(
        &repo(&s).join("forms"),
        &["validate", "--offline", "form.toml"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", everything(&out));
    assert!(!everything(&out).contains(SECRET));
}

#[test]
fn a_found_config_that_links_inside_its_folder_and_a_named_one_anywhere_are_read() {
    let s = scratch();
    // A freemail mailbox is a warning; the config makes it an error.
    s.form(
        "repo/forms/form.toml",
        &variant("kontakt@testamt.example", "testamt@gmail.com"),
    );
    let strict = "[checks]\nmailbox-freemail = \"error\"\n";
    s.write("repo/ci/onboard.toml", strict);
    link("ci/onboard.toml", &repo(&s).join("onboard.toml"));
    assert_eq!(validate(&s, &[]).status.code(), Some(1));
    std::fs::remove_file(repo(&s).join("onboard.toml")).unwrap();
    assert_eq!(validate(&s, &[]).status.code(), Some(0));
    s.write("elsewhere/strict.toml", strict);
    link(
        s.path().join("elsewhere/strict.toml"),
        &repo(&s).join("strict.toml"),
    );
    for named in ["../elsewhere/strict.toml", "strict.toml"] {
        assert_eq!(
            validate(&s, &["--config", named]).status.code(),
            Some(1),
            "{named}"
        );
    }
}

#[test]
fn a_config_that_is_no_regular_file_is_refused_in_bounded_time() {
    let s = scratch();
    // Found: a FIFO, a link to /dev/zero (outside), a folder. None is passed over for a
    // config further up.
    s.write("onboard.toml", format!("{SECRET} = 1\n"));
    fifo(&repo(&s).join("onboard.toml"));
    let out = validate(&s, &[]);
    let all = everything(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("error: onboard.toml: not a regular file"),
        "{all}"
    );
    std::fs::remove_file(repo(&s).join("onboard.toml")).unwrap();
    link("/dev/zero", &repo(&s).join("onboard.toml"));
    let out = validate(&s, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", everything(&out));
    assert!(everything(&out).contains("leads outside its folder"));
    std::fs::remove_file(repo(&s).join("onboard.toml")).unwrap();
    std::fs::create_dir(repo(&s).join("onboard.toml")).unwrap();
    let out = validate(&s, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", everything(&out));
    assert!(!everything(&out).contains(SECRET));
    // Named: the same refusals, for what is no regular file.
    fifo(&repo(&s).join("ci.fifo"));
    for named in ["/dev/zero", "ci.fifo", "forms"] {
        let out = validate(&s, &["--config", named]);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(2), "{named}: {all}");
        assert!(
            all.contains(&format!("error: {named}: not a regular file")),
            "{named}: {all}"
        );
    }
    let out = validate(&s, &["--config", "none.toml"]);
    assert!(everything(&out).contains("error: none.toml: no such config file"));
}

#[test]
fn a_config_over_256_kib_is_refused_unread() {
    let s = scratch();
    let limit = onboard::limits::MAX_CONFIG_BYTES as usize;
    let mut big = format!("{SECRET} = 1\n");
    big.push_str(&"#".repeat(limit + 1 - big.len()));
    s.write("repo/onboard.toml", &big);
    for args in [&[][..], &["--config", "onboard.toml"]] {
        let out = validate(&s, args);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(2), "{all}");
        assert!(
            all.contains(
                "error: onboard.toml: 256.1 KiB; a repository config may have at most 256 KiB"
            ),
            "{all}"
        );
        assert!(!all.contains(SECRET));
    }
    big.truncate(limit);
    s.write("repo/onboard.toml", big.replace(SECRET, "# x"));
    assert_eq!(validate(&s, &[]).status.code(), Some(0));
}

// --- paths --------------------------------------------------------------------------------

#[test]
fn config_paths_that_leave_its_folder_are_findings_and_nothing_below_is_read() {
    let s = scratch();
    s.form(
        "outside/forms/form.toml",
        &variant(
            "tenant_id = \"testamt\"",
            &format!("tenant_id = \"{SECRET}\""),
        ),
    );
    link(s.path().join("outside/forms"), &repo(&s).join("linked"));
    let absolute = s.path().join("outside/forms").display().to_string();
    for value in [
        "../outside/forms",
        absolute.as_str(),
        "linked",
        "forms/../../outside/forms",
    ] {
        s.write(
            "repo/onboard.toml",
            format!("paths = [\"forms\", \"{value}\"]\n"),
        );
        let out = guarded(&repo(&s), &["validate", "--offline"]);
        refused_at(&out, "onboard.toml:1:19", "leads outside the folder");
    }
    s.write(
        "repo/onboard.toml",
        "paths = [\"forms\", \"./forms/../forms/form.toml\"]\n",
    );
    let out = guarded(&repo(&s), &["validate", "--offline"]);
    assert_eq!(out.status.code(), Some(0), "{}", everything(&out));
}
