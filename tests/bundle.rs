//! `onboard bundle`, `verify-bundle` and `schema --bundle`: one test (or more) for every
//! "Done when" of the bundle issue. All runs are `--offline`; nothing reaches the network.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use onboard::bundle::output::{self, OutputDir, OutputError};
use onboard::bundle::{Bundle, BundleFile, TenantId};

// --- helpers ---------------------------------------------------------------------------------

/// Runs `onboard bundle --offline ARGS…` in `cwd` and asserts that it succeeded.
#[track_caller]
fn bundle_ok(cwd: &Path, args: &[&str]) -> Output {
    let out = bundle(cwd, args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir` (relative path → bytes), links, folders and pipes included by name.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                out.insert(format!("{name}/"), Vec::new());
                walk(root, &path, out);
            } else if kind.is_symlink() {
                out.insert(format!("{name} ->"), Vec::new());
            } else if kind.is_file() {
                out.insert(name, std::fs::read(&path).unwrap());
            } else {
                // A pipe or device: by name only (reading a pipe would wait forever).
                out.insert(format!("{name} |"), Vec::new());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that are temporary leftovers of a bundle run.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(output::TEMP_PREFIX))
        .collect()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

const ONBOARDING: &str =
    "[onboarding]\nstage = \"production\"\nstate_agreement_on = 2025-06-01\npvog_entry = true\n";

/// Valid forms that differ in everything optional, each in a folder of its own with its
/// logo, none overlapping another: `a/` the plain valid form (PNG), `b/` stage test without
/// `[onboarding]`, no phone or website, an SVG logo, two keys in the wrong order and
/// non-ASCII text, `c/` a JPEG logo and an international phone, `d/` a Land-wide key.
fn varied_forms(scratch: &Scratch) {
    scratch.form("a/form.toml", VALID_FORM);
    let b = VALID_FORM
        .replace("tenant_id = \"testamt\"", "tenant_id = \"amt-sued\"")
        .replace(ONBOARDING, "")
        .replace("phone = \"0421 361-0\"\n", "")
        .replace("website = \"https://www.testamt.example\"\n", "")
        .replace(
            "name = \"Jugendamt Testamt\"",
            "name = \"Amt für Jugend Süd\"",
        )
        .replace("state = \"HB\"", "state = \"NI\"")
        .replace("[\"040110000000\"]", "[\"03357\", \"03355\"]")
        .replace("file = \"logo.png\"", "file = \"logos/wappen.SVG\"")
        .replace(
            "url = \"https://www.testamt.example/datenschutz\"",
            "url = \"https://www.müller-amt.example/datenschutz/Ä\"",
        );
    scratch.write(
        "b/logos/wappen.SVG",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#,
    );
    scratch.form("b/form.toml", &b);
    let c = VALID_FORM
        .replace("tenant_id = \"testamt\"", "tenant_id = \"amt-c\"")
        .replace("[\"040110000000\"]", "[\"03356\"]")
        .replace("state = \"HB\"", "state = \"NI\"")
        .replace("phone = \"0421 361-0\"", "phone = \"+43 1 4000 0\"")
        .replace("file = \"logo.png\"", "file = \"wappen.jpeg\"");
    scratch.write("c/wappen.jpeg", jpeg(300, 200));
    scratch.form("c/form.toml", &c);
    let d = VALID_FORM
        .replace("tenant_id = \"testamt\"", "tenant_id = \"land-bremen\"")
        .replace("[\"040110000000\"]", "[\"04\"]");
    scratch.form("d/form.toml", &d);
}

// --- deterministic ---------------------------------------------------------------------------

#[test]
fn a_bundle_built_twice_is_byte_identical_folders_and_archives() {
    // The same forms in two places (as on two machines), built into two output folders.
    let one = Scratch::new();
    let two = Scratch::new();
    varied_forms(&one);
    varied_forms(&two);
    for s in [&one, &two] {
        bundle_ok(
            s.path(),
            &["--archive", "--out", "dist", "a", "b", "c", "d"],
        );
    }
    let first = tree(&one.path().join("dist"));
    let second = tree(&two.path().join("dist"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "the two builds differ");
    for tenant in ["testamt", "amt-sued", "amt-c", "land-bremen"] {
        assert!(first.contains_key(&format!("{tenant}/manifest.json")));
        assert!(first.contains_key(&format!("{tenant}.tar.gz")));
    }

    // A third build over the first changes nothing and says so.
    let again = bundle_ok(
        one.path(),
        &["--archive", "--out", "dist", "a", "b", "c", "d"],
    );
    assert_eq!(stdout(&again).matches("\nunchanged ").count(), 4);
    assert!(tree(&one.path().join("dist")) == first);

    // The archive holds exactly the folder, under <tenant_id>/.
    let archive = std::fs::read(one.path().join("dist/testamt.tar.gz")).unwrap();
    let mut entries = tar::Archive::new(flate2::read::GzDecoder::new(archive.as_slice()));
    let mut unpacked = BTreeMap::new();
    for entry in entries.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().display().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert_eq!(entry.header().mtime().unwrap(), 0);
        unpacked.insert(name, bytes);
    }
    let folder: BTreeMap<String, Vec<u8>> = first
        .iter()
        .filter(|(k, _)| k.starts_with("testamt/"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(unpacked, folder);
}

#[test]
fn bundle_files_are_plain_lf_json_with_a_final_newline_and_the_logo_byte_for_byte() {
    let s = Scratch::new();
    varied_forms(&s);
    bundle_ok(s.path(), &["--out", "dist", "a", "b"]);
    for tenant in ["testamt", "amt-sued"] {
        let dir = s.path().join("dist").join(tenant);
        for name in ["tenant.json", "contacts.json", "manifest.json"] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            assert!(text.ends_with("}\n") && !text.contains('\r'), "{name}");
        }
    }
    let a = s.path().join("dist/testamt");
    let tenant = json(&a.join("tenant.json"));
    let logo = tenant["logo"]["file"].as_str().unwrap();
    let bytes = std::fs::read(a.join(logo)).unwrap();
    assert_eq!(bytes, png(256, 256));
    let hash = onboard::bundle::sha256_hex(&bytes);
    assert_eq!(logo, format!("logo-{}.png", &hash[..12]));
    assert_eq!(tenant["logo"]["mediaType"], "image/png");
    // The SVG's upper-case extension becomes the canonical one.
    let b = json(&s.path().join("dist/amt-sued/tenant.json"));
    let svg = b["logo"]["file"].as_str().unwrap();
    assert!(svg.starts_with("logo-") && svg.ends_with(".svg"), "{svg}");

    let manifest = json(&a.join("manifest.json"));
    let form = std::fs::read(s.path().join("a/form.toml")).unwrap();
    assert_eq!(manifest["source"]["file"], "form.toml");
    assert_eq!(
        manifest["source"]["sha256"],
        onboard::bundle::sha256_hex(&form)
    );
    assert_eq!(manifest["schemaVersion"], 1);
    assert_eq!(manifest["onboardVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["areasEdition"], "2025-11-30");
    let files = manifest["files"].as_object().unwrap();
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["contacts.json", logo, "tenant.json"]
    );
    assert_eq!(files[logo]["size"], bytes.len());
    assert_eq!(files[logo]["sha256"], hash);
}

// --- tenant.json ------------------------------------------------------------------------------

#[test]
fn the_checked_in_bundle_schema_is_what_the_code_generates() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = onboard(root.as_ref(), &["schema", "--bundle"]);
    assert_eq!(out.status.code(), Some(0));
    let file =
        std::fs::read_to_string(format!("{root}/schemas/tenant-bundle.v1.schema.json")).unwrap();
    assert!(
        out.stdout == file.as_bytes(),
        "schemas/tenant-bundle.v1.schema.json is stale: run \
         `cargo run -- schema --bundle > schemas/tenant-bundle.v1.schema.json`"
    );
}

/// The published schema file, compiled.
fn published_schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/tenant-bundle.v1.schema.json");
    jsonschema::validator_for(&json(&path)).expect("the published schema compiles")
}

#[test]
fn every_tenant_json_validates_against_the_published_schema() {
    let s = Scratch::new();
    varied_forms(&s);
    bundle_ok(s.path(), &["--out", "dist", "a", "b", "c", "d"]);
    let shipped = Scratch::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    bundle_ok(
        root,
        &["--out", shipped.path().to_str().unwrap(), "order-forms"],
    );

    let schema = published_schema();
    let mut checked = 0;
    for dir in [s.path().join("dist"), shipped.path().to_path_buf()] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path().join("tenant.json");
            if !path.exists() {
                continue;
            }
            let tenant = json(&path);
            let errors: Vec<String> = schema.iter_errors(&tenant).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 6);

    // What the schema promises, seen in the varied forms.
    let a = json(&s.path().join("dist/testamt/tenant.json"));
    assert_eq!(a["destinationName"], "Jugendamt Testamt");
    assert_eq!(
        a["address"],
        serde_json::json!({"street": "Am Markt", "houseNumber": "1", "zip": "28195", "city": "Bremen"})
    );
    assert_eq!(a["service"]["leikaKey"], "99013016012001");
    assert_eq!(a["stage"], "production");
    assert_eq!(a["phone"], "+494213610");
    assert_eq!(
        a["state"],
        serde_json::json!({"code": "HB", "name": "Bremen"})
    );
    assert_eq!(
        a["privacyPolicyUrl"],
        "https://www.testamt.example/datenschutz"
    );
    let b = json(&s.path().join("dist/amt-sued/tenant.json"));
    assert_eq!(b["stage"], "test");
    assert!(b.get("phone").is_none() && b.get("website").is_none());
    let ars: Vec<&str> = b["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ars"].as_str().unwrap())
        .collect();
    assert_eq!(ars, ["03355", "03357"], "sorted by key");
    assert_eq!(b["areas"][1]["name"], "Rotenburg (Wümme)");
    assert_eq!(
        b["privacyPolicyUrl"],
        "https://www.xn--mller-amt-q9a.example/datenschutz/%C3%84"
    );
    let c = json(&s.path().join("dist/amt-c/tenant.json"));
    assert_eq!(c["phone"], "+43140000");
    assert_eq!(c["logo"]["mediaType"], "image/jpeg");
    assert_eq!(c["areas"][0]["level"], "kreis");
    let d = json(&s.path().join("dist/land-bremen/tenant.json"));
    assert_eq!(d["areas"][0]["level"], "land");

    // And the schema does refuse what does not belong in tenant.json.
    let mut with_contacts = a.clone();
    with_contacts["contacts"] = serde_json::json!([{"name": "Erika Beispiel"}]);
    assert!(!schema.is_valid(&with_contacts));
    let mut bad_phone = a;
    bad_phone["phone"] = "0421 361-0".into();
    assert!(!schema.is_valid(&bad_phone));
}

#[test]
fn contacts_are_in_contacts_json_and_never_in_tenant_json() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    let dir = s.path().join("dist/testamt");
    let tenant = std::fs::read_to_string(dir.join("tenant.json")).unwrap();
    let contacts = json(&dir.join("contacts.json"));
    assert_eq!(
        contacts["professional"],
        serde_json::json!([{
            "name": "Erika Beispiel",
            "email": "erika.beispiel@testamt.example",
            "phone": "+494213611234"
        }])
    );
    assert_eq!(
        contacts["technical"],
        serde_json::json!({"name": "Max Probe", "email": "max.probe@testamt.example"})
    );
    for personal in [
        "Erika",
        "Beispiel",
        "erika.beispiel",
        "Max Probe",
        "max.probe",
        "Probe",
        "+494213611234",
        "361-1234",
        "contacts",
    ] {
        assert!(
            !tenant.contains(personal),
            "tenant.json holds {personal:?}: {tenant}"
        );
    }
}

// --- verify-bundle ----------------------------------------------------------------------------

#[test]
fn a_flipped_byte_in_any_bundle_file_makes_verify_fail_and_name_the_file() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    let intact = s.path().join("dist/testamt");
    let ok = onboard(s.path(), &["verify-bundle", "dist/testamt"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("ok: dist/testamt/ is intact"));

    let files: Vec<String> = tree(&intact).into_keys().collect();
    assert_eq!(files.len(), 4);
    for (n, name) in files.iter().enumerate() {
        let len = std::fs::metadata(intact.join(name)).unwrap().len() as usize;
        for at in [0, len / 2, len - 1] {
            // Under the bundle's own name, so that only the flipped byte can be at fault.
            let copy = s.path().join(format!("copy-{n}-{at}/testamt"));
            std::fs::create_dir_all(&copy).unwrap();
            for (file, bytes) in tree(&intact) {
                std::fs::write(copy.join(file), bytes).unwrap();
            }
            let mut bytes = std::fs::read(copy.join(name)).unwrap();
            bytes[at] ^= 0x01;
            std::fs::write(copy.join(name), bytes).unwrap();
            let out = onboard(&copy, &["verify-bundle", "."]);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{name} at {at}: {}",
                stdout(&out)
            );
            let first = stdout(&out).lines().next().unwrap_or_default().to_owned();
            assert!(
                first.starts_with(&format!("{name}:")),
                "{name} at {at}: {}",
                stdout(&out)
            );
        }
    }
}

#[test]
fn verify_names_missing_and_extra_files_and_schema_breaks() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    let dir = s.path().join("dist/testamt");
    std::fs::remove_file(dir.join("contacts.json")).unwrap();
    std::fs::write(dir.join("notes.txt"), "hi\n").unwrap();
    let out = onboard(s.path(), &["verify-bundle", "dist/testamt"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("contacts.json: listed in the manifest, but missing"),
        "{text}"
    );
    assert!(
        text.contains("notes.txt: not listed in the manifest"),
        "{text}"
    );
    assert!(
        text.contains("failed: dist/testamt/ has 2 problems"),
        "{text}"
    );

    // Not a folder at all: the check cannot be done.
    let out = onboard(s.path(), &["verify-bundle", "dist/nothing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such folder"), "{}", stderr(&out));

    // Through the library: a tenant.json that breaks the schema is named with the place.
    let problems = onboard::bundle::verify::verify(&dir).unwrap();
    assert!(problems.iter().any(|p| p.file() == "contacts.json"));
    let mut tenant = json(&dir.join("tenant.json"));
    tenant["address"]["zip"] = "2819".into();
    let errors = onboard::bundle::verify::schema_errors(&tenant);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "/address/zip");
}

#[test]
fn verify_gives_its_own_reasons_in_the_language() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    let dir = s.path().join("dist/testamt");
    let said = |lang: &str| {
        let out = onboard(s.path(), &["--lang", lang, "verify-bundle", "dist/testamt"]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        stdout(&out)
    };

    // A manifest changed after sealing: still JSON, but not its own checksum.
    let manifest = dir.join("manifest.json");
    let sealed = std::fs::read_to_string(&manifest).unwrap();
    let first_size = sealed.find("\"size\": ").expect("a size") + "\"size\": ".len();
    let mut changed = sealed.clone();
    changed.insert(first_size, '1');
    std::fs::write(&manifest, &changed).unwrap();
    let text = said("en");
    assert!(
        text.contains("manifest.json: not a valid manifest: its content does not match its own checksum (manifestSha256)"),
        "{text}"
    );
    let text = said("de");
    assert!(
        text.contains("manifest.json: kein gültiges Manifest: sein Inhalt passt nicht zu seiner eigenen Prüfsumme (manifestSha256)"),
        "{text}"
    );

    // No manifest at all, and a folder where tenant.json should be.
    std::fs::remove_file(&manifest).unwrap();
    std::fs::remove_file(dir.join("tenant.json")).unwrap();
    std::fs::create_dir(dir.join("tenant.json")).unwrap();
    let text = said("en");
    assert!(
        text.contains("manifest.json: not a valid manifest: not there"),
        "{text}"
    );
    assert!(
        text.contains("tenant.json: breaks the schema at /: not a plain file"),
        "{text}"
    );
    let text = said("de");
    assert!(
        text.contains("manifest.json: kein gültiges Manifest: nicht vorhanden"),
        "{text}"
    );
    assert!(
        text.contains("tenant.json: verletzt das Schema bei /: keine einfache Datei"),
        "{text}"
    );
}

#[test]
fn a_bundle_folder_under_another_tenants_name_is_refused() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    // `cp -r dist/testamt x/t0000`: intact files, but a deployment keyed by the folder's
    // name would ship testamt's mailboxes as t0000's.
    let copy = s.path().join("x/t0000");
    std::fs::create_dir_all(&copy).unwrap();
    for (file, bytes) in tree(&s.path().join("dist/testamt")) {
        std::fs::write(copy.join(file), bytes).unwrap();
    }
    assert_eq!(
        onboard::bundle::verify::verify(&copy).unwrap(),
        [onboard::bundle::verify::Problem::Name {
            place: onboard::bundle::verify::NamePlace::Folder,
            actual: "t0000".into(),
            expected: "testamt".into(),
        }]
    );
    let wrong = "the folder is named `t0000`, but it holds the bundle of `testamt`";
    for (cwd, path) in [(s.path().to_path_buf(), "x/t0000"), (copy.clone(), ".")] {
        let out = onboard(&cwd, &["verify-bundle", path]);
        assert_eq!(out.status.code(), Some(1), "{path}: {}", stdout(&out));
        assert!(stdout(&out).contains(wrong), "{path}: {}", stdout(&out));
    }
    let out = onboard(s.path(), &["--lang", "de", "verify-bundle", "x/t0000/"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("der Ordner heißt `t0000`, enthält aber das Bundle von `testamt`"),
        "{}",
        stdout(&out)
    );
    // Under its own name, however it is written, it passes.
    let dist = s.path().join("dist/testamt");
    for (cwd, path) in [
        (s.path().to_path_buf(), "dist/testamt/"),
        (s.path().to_path_buf(), "dist/testamt/."),
        (dist.clone(), "."),
    ] {
        let out = onboard(&cwd, &["verify-bundle", path]);
        assert_eq!(out.status.code(), Some(0), "{path}: {}", stdout(&out));
    }
    // A link is judged by the name it is reached by, which is what a deployment sees.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dist, s.path().join("x/t0001")).unwrap();
        let out = onboard(s.path(), &["verify-bundle", "x/t0001"]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(
            stdout(&out).contains("the folder is named `t0001`"),
            "{}",
            stdout(&out)
        );
    }
}

// --- what is written, kept and refused ------------------------------------------------------

#[test]
fn a_form_with_an_error_gets_no_bundle_and_an_older_bundle_stays_untouched() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--archive", "--out", "dist", "form.toml"]);
    let before = tree(&s.path().join("dist"));
    s.write(
        "form.toml",
        variant("postal_code = \"28195\"", "postal_code = \"2819\""),
    );
    let out = bundle(
        s.path(),
        &["--archive", "--force", "--out", "dist", "form.toml"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[postal-code-invalid]"), "{text}");
    assert!(
        text.contains("no bundle for form.toml: the form has errors"),
        "{text}"
    );
    assert!(
        tree(&s.path().join("dist")) == before,
        "the old bundle changed"
    );
}

#[test]
fn a_different_existing_bundle_is_kept_without_force_and_the_run_says_why() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    let before = tree(&s.path().join("dist"));
    s.write(
        "form.toml",
        variant("city = \"Bremen\"", "city = \"Bremen-Nord\""),
    );
    let out = bundle(s.path(), &["--out", "dist", "form.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("kept dist/testamt/: a different bundle is already there"),
        "{text}"
    );
    assert!(text.contains("--force"), "{text}");
    assert!(tree(&s.path().join("dist")) == before, "the bundle changed");

    let out = bundle_ok(s.path(), &["--force", "--out", "dist", "form.toml"]);
    assert!(stdout(&out).contains("replaced dist/testamt/"));
    let tenant = json(&s.path().join("dist/testamt/tenant.json"));
    assert_eq!(tenant["address"]["city"], "Bremen-Nord");
    assert!(temporaries(&s.path().join("dist")).is_empty());
}

#[test]
fn warnings_do_not_stop_a_bundle_unless_denied() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "contact_form = \"kontakt@testamt.example\"",
            "contact_form = \"jugendamt.testamt@gmx.de\"",
        ),
    );
    let out = bundle(s.path(), &["--deny-warnings", "--out", "dist", "form.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("no bundle for form.toml: the form has warnings"),
        "{}",
        stdout(&out)
    );
    assert!(!s.path().join("dist/testamt").exists());

    let out = bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    assert!(stdout(&out).contains("warning[mailbox-freemail]"));
    assert!(s.path().join("dist/testamt/tenant.json").exists());
}

/// A service that onboard.toml adds to the catalog validates, so it must bundle too: both
/// commands run on one engine, with one catalog (issue 13: they had drifted apart).
#[test]
fn a_service_added_in_onboard_toml_is_bundled_with_its_name() {
    let s = Scratch::new();
    s.write(
        "onboard.toml",
        "[[services]]\nid = \"elterngeld\"\nname = \"Elterngeld\"\nleika_id = \"99041006017000\"\n",
    );
    let form = variant(
        "id = \"sorgeregister-negativbescheinigung\"\nleika_id = \"99013016012001\"",
        "id = \"elterngeld\"\nleika_id = \"99041006017000\"",
    );
    s.form("forms/form.toml", &form);
    let checked = onboard(s.path(), &["validate", "--offline", "forms/form.toml"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));

    let out = bundle_ok(s.path(), &["--out", "dist", "forms/form.toml"]);
    assert!(
        stdout(&out).contains("created dist/testamt/"),
        "{}",
        stdout(&out)
    );
    let tenant = json(&s.path().join("dist/testamt/tenant.json"));
    assert_eq!(tenant["service"]["id"], "elterngeld");
    assert_eq!(tenant["service"]["name"], "Elterngeld");
    assert_eq!(tenant["service"]["leikaKey"], "99041006017000");
    let verified = onboard(s.path(), &["verify-bundle", "dist/testamt"]);
    assert_eq!(verified.status.code(), Some(0), "{}", stdout(&verified));
}

#[test]
fn an_unwritable_out_dir_is_exit_2_with_a_clear_message() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    s.write("taken", "a file, not a folder\n");
    for out_dir in ["taken", "taken/dist"] {
        let out = bundle(s.path(), &["--out", out_dir, "form.toml"]);
        assert_eq!(out.status.code(), Some(2), "{out_dir}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "error: cannot write to the output folder {out_dir}:"
            )),
            "{err}"
        );
        // Refused before anything is checked or written.
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    }
    assert_eq!(
        std::fs::read_to_string(s.path().join("taken")).unwrap(),
        "a file, not a folder\n"
    );
    // In the language of the run, as every other message.
    let out = bundle(s.path(), &["--lang", "de", "--out", "taken", "form.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .starts_with("Fehler: in den Ausgabeordner taken kann nicht geschrieben werden:"),
        "{}",
        stderr(&out)
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = s.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root may write anyway; then there is nothing to test here.
        if std::fs::write(locked.join("probe"), "").is_err() {
            let out = bundle(s.path(), &["--out", "locked", "form.toml"]);
            assert_eq!(out.status.code(), Some(2));
            assert!(stderr(&out).contains("cannot write to the output folder locked"));
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

// --- --force replaces only what `bundle` wrote ------------------------------------------------

/// Runs `bundle --offline ARGS…` with and without `--force`: both must be refused (exit 2)
/// with `message` on stderr, and nothing below `watched` may change.
#[track_caller]
fn refused_either_way(s: &Scratch, args: &[&str], watched: &Path, message: &str) {
    let before = tree(watched.parent().unwrap());
    for force in [true, false] {
        let mut all = args.to_vec();
        if force {
            all.insert(0, "--force");
        }
        let out = bundle(s.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {}", stdout(&out));
        assert!(stderr(&out).contains(message), "{all:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("a different bundle is already there"),
            "{}",
            stderr(&out)
        );
        let mut after = tree(watched.parent().unwrap());
        after.remove(output::LOCK_FILE);
        let mut expected = before.clone();
        expected.remove(output::LOCK_FILE);
        assert!(after == expected, "{all:?}: something changed");
    }
}

#[test]
fn force_does_not_replace_a_folder_that_is_not_a_bundle() {
    // The forms' own folder as --out, and a form whose tenant id is the logos folder's name.
    let s = Scratch::new();
    s.write("forms/logos/wappen.png", png(256, 256));
    s.write("forms/logos/README.md", "Die Logos der Ämter.\n");
    s.form(
        "forms/logos.toml",
        &VALID_FORM
            .replace("tenant_id = \"testamt\"", "tenant_id = \"logos\"")
            .replace("file = \"logo.png\"", "file = \"logos/wappen.png\""),
    );
    let logos = s.path().join("forms/logos");
    let before = tree(&logos);
    refused_either_way(
        &s,
        &["--archive", "--out", "forms", "forms"],
        &logos,
        "refusing to replace forms/logos/: it is a folder, but not a bundle of `logos`",
    );
    assert!(tree(&logos) == before);
    assert!(!s.path().join("forms/logos.tar.gz").exists());
    assert!(temporaries(&s.path().join("forms")).is_empty());
    // Told in German too, with what to do.
    let out = bundle(
        s.path(),
        &["--lang", "de", "--force", "--out", "forms", "forms"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "forms/logos/ wird nicht ersetzt: dort liegt ein Ordner, aber kein Bundle von `logos`"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));
}

#[test]
fn force_does_not_replace_a_folder_that_only_looks_like_a_bundle() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    s.write(
        "form.toml",
        variant("city = \"Bremen\"", "city = \"Bremen-Nord\""),
    );
    let folder = s.path().join("dist/testamt");
    let message =
        "refusing to replace dist/testamt/: it is a folder, but not a bundle of `testamt`";
    let args = ["--out", "dist", "form.toml"];
    // A real bundle with one file more than a bundle has.
    s.write("dist/testamt/README.md", "notes\n");
    refused_either_way(&s, &args, &folder, message);
    std::fs::remove_file(folder.join("README.md")).unwrap();
    // A manifest that is not the one `bundle` writes.
    let manifest = std::fs::read(folder.join("manifest.json")).unwrap();
    s.write("dist/testamt/manifest.json", "{}\n");
    refused_either_way(&s, &args, &folder, message);
    // Another tenant's bundle (`cp -r dist/other dist/testamt`).
    let other = String::from_utf8(manifest.clone())
        .unwrap()
        .replace("\"tenantId\": \"testamt\"", "\"tenantId\": \"other\"");
    let mut sealed: onboard::testing::Manifest = serde_json::from_str(&other).unwrap();
    sealed.manifest_sha256 = None;
    s.write("dist/testamt/manifest.json", sealed.to_json_sealed());
    refused_either_way(&s, &args, &folder, message);
    // A file of the bundle that is a link.
    #[cfg(unix)]
    {
        s.write("dist/testamt/manifest.json", &manifest);
        std::fs::remove_file(folder.join("contacts.json")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", folder.join("contacts.json")).unwrap();
        refused_either_way(&s, &args, &folder, message);
    }
}

#[test]
fn force_does_not_replace_a_file_a_link_or_a_pipe() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    let args = ["--archive", "--out", "dist", "form.toml"];
    let target = s.path().join("dist/testamt");
    s.write("dist/testamt", "a file\n");
    refused_either_way(
        &s,
        &args,
        &target,
        "refusing to replace dist/testamt: it is a file, not a bundle folder",
    );
    std::fs::remove_file(&target).unwrap();
    #[cfg(unix)]
    {
        // A link, even to a real bundle elsewhere, is neither followed nor replaced.
        bundle_ok(s.path(), &["--out", "elsewhere", "form.toml"]);
        std::os::unix::fs::symlink(s.path().join("elsewhere/testamt"), &target).unwrap();
        refused_either_way(
            &s,
            &args,
            &target,
            "refusing to replace dist/testamt: it is a symbolic link",
        );
        assert!(target.symlink_metadata().unwrap().file_type().is_symlink());
        std::fs::remove_file(&target).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&target).status();
        if made.is_ok_and(|st| st.success()) {
            refused_either_way(
                &s,
                &args,
                &target,
                "refusing to replace dist/testamt: it is a device, pipe or socket, not a bundle",
            );
            std::fs::remove_file(&target).unwrap();
        }
    }
    // The archive's place: a file that is not a bundle archive, a folder, a link.
    let archive = s.path().join("dist/testamt.tar.gz");
    s.write("dist/testamt.tar.gz", "not an archive\n");
    refused_either_way(
        &s,
        &args,
        &archive,
        "refusing to replace dist/testamt.tar.gz: it is a file, but not a bundle archive of `testamt`",
    );
    std::fs::remove_file(&archive).unwrap();
    std::fs::create_dir(&archive).unwrap();
    refused_either_way(
        &s,
        &args,
        &archive,
        "refusing to replace dist/testamt.tar.gz/: it is a folder, but not a bundle of `testamt`",
    );
    std::fs::remove_dir(&archive).unwrap();
    #[cfg(unix)]
    {
        bundle_ok(s.path(), &["--archive", "--out", "elsewhere", "form.toml"]);
        std::os::unix::fs::symlink(s.path().join("elsewhere/testamt.tar.gz"), &archive).unwrap();
        refused_either_way(
            &s,
            &args,
            &archive,
            "refusing to replace dist/testamt.tar.gz: it is a symbolic link",
        );
    }
    // Nothing of the tenant was written while its archive's place was taken.
    assert!(!target.exists());
}

#[test]
fn force_still_replaces_a_bundle_and_an_archive_that_bundle_wrote() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--archive", "--out", "dist", "form.toml"]);
    // Damaged after it was written: still recognisably a bundle, so --force may replace it.
    s.write("dist/testamt/tenant.json", "{}\n");
    s.write(
        "form.toml",
        variant("city = \"Bremen\"", "city = \"Bremen-Nord\""),
    );
    let out = bundle(s.path(), &["--archive", "--out", "dist", "form.toml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "kept dist/testamt/ and dist/testamt.tar.gz: a different bundle is already there"
        ),
        "{}",
        stdout(&out)
    );
    let out = bundle_ok(
        s.path(),
        &["--force", "--archive", "--out", "dist", "form.toml"],
    );
    assert!(
        stdout(&out).contains("replaced dist/testamt/ and dist/testamt.tar.gz"),
        "{}",
        stdout(&out)
    );
    for path in ["dist/testamt", "dist/testamt.tar.gz"] {
        let verified = onboard(s.path(), &["verify-bundle", path]);
        assert_eq!(verified.status.code(), Some(0), "{}", stdout(&verified));
    }
    let tenant = json(&s.path().join("dist/testamt/tenant.json"));
    assert_eq!(tenant["address"]["city"], "Bremen-Nord");
    assert!(temporaries(&s.path().join("dist")).is_empty());
}

// --- failures midway --------------------------------------------------------------------------

/// Why a bundle could not be built, in English.
fn english(error: &onboard::bundle::BuildError) -> String {
    onboard::messages::message(onboard::messages::Lang::En, &error.text())
}

#[test]
fn a_logo_vanishing_between_validation_and_copy_leaves_no_bundle_and_no_temporary_folder() {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    let dist = s.path().join("dist");
    bundle_ok(s.path(), &["--out", "dist", "forms"]);
    let before = tree(&dist);

    let (files, run) = validated(&s.path().join("forms"), true);
    assert_eq!(run.files[0].diagnostics, []);
    std::fs::remove_file(s.path().join("forms/logo.png")).unwrap();
    let error = english(&built(&files, &run).remove(0).unwrap_err());
    assert!(
        error.starts_with("the logo changed after it was checked"),
        "{error}"
    );
    // Nothing to write, so the folder is as it was.
    let out = OutputDir::open(&dist).unwrap();
    let options = output::Options {
        force: true,
        archive: true,
    };
    assert!(out.write(Vec::new(), options, || {}).unwrap().is_empty());
    assert!(tree(&dist) == before);

    // A logo replaced by one that would not pass, or a form edited after the check: the
    // same refusal — nothing unchecked is shipped.
    s.write("forms/logo.png", png(256, 256));
    let (files, run) = validated(&s.path().join("forms"), true);
    s.write("forms/logo.png", png(5000, 200));
    let error = english(&built(&files, &run).remove(0).unwrap_err());
    assert!(error.contains("4,096"), "{error}");
    s.write("forms/logo.png", png(256, 256));
    s.write(
        "forms/form.toml",
        variant("city = \"Bremen\"", "city = \"Bremen-Nord\""),
    );
    let error = english(&built(&files, &run).remove(0).unwrap_err());
    assert_eq!(error, "the form changed after it was checked");
    // A FIFO in the form's place: refused at once (the second read neither follows a
    // link nor waits for a writer), not a hang.
    #[cfg(unix)]
    {
        s.write("forms/form.toml", VALID_FORM);
        let (files, run) = validated(&s.path().join("forms"), true);
        std::fs::remove_file(s.path().join("forms/form.toml")).unwrap();
        fifo(&s.path().join("forms/form.toml"));
        let error = english(&built(&files, &run).remove(0).unwrap_err());
        assert_eq!(error, "the form changed after it was checked");
        std::fs::remove_file(s.path().join("forms/form.toml")).unwrap();
        link("logo.png", &s.path().join("forms/form.toml"));
        let error = english(&built(&files, &run).remove(0).unwrap_err());
        assert_eq!(error, "the form changed after it was checked");
    }
    assert!(tree(&dist) == before);
}

#[test]
fn a_write_failing_midway_leaves_old_bundles_untouched_and_no_temporary_folder() {
    let s = Scratch::new();
    s.form("a/form.toml", VALID_FORM);
    let dist = s.path().join("dist");
    bundle_ok(s.path(), &["--archive", "--out", "dist", "a"]);
    let before = tree(&dist);

    // A new bundle for the tenant whose second file cannot be created (its name is taken
    // by the first): the failure comes after the temporary folder holds a file, while a
    // good bundle of another tenant is staged as well.
    let file = |name: &str, text: &str| BundleFile {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    let broken = Bundle {
        tenant_id: TenantId::new("testamt").unwrap(),
        files: vec![file("a.json", "1\n"), file("a.json", "2\n")],
    };
    let good = Bundle {
        tenant_id: TenantId::new("other").unwrap(),
        files: vec![file("b.json", "1\n")],
    };
    let out = OutputDir::open(&dist).unwrap();
    let options = output::Options {
        force: true,
        archive: true,
    };
    let error = out.write(vec![good, broken], options, || {}).unwrap_err();
    assert!(matches!(error, OutputError::Write { .. }), "{error}");
    assert!(error.to_string().contains("testamt/a.json"), "{error}");
    assert!(tree(&dist) == before, "a bundle changed");
    assert!(temporaries(&dist).is_empty());
}

#[test]
fn two_runs_at_once_into_the_same_folder_do_not_corrupt_each_other() {
    let s = Scratch::new();
    s.form("one/form.toml", VALID_FORM);
    s.form(
        "two/form.toml",
        &variant("city = \"Bremen\"", "city = \"Bremen-Nord\""),
    );
    let children: Vec<_> = (0..6)
        .map(|i| {
            let forms = if i % 2 == 0 { "one" } else { "two" };
            bundle_command(s.path(), &["--force", "--archive", "--out", "dist", forms])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    }
    let verify = onboard(s.path(), &["verify-bundle", "dist/testamt"]);
    assert_eq!(verify.status.code(), Some(0), "{}", stdout(&verify));
    assert!(temporaries(&s.path().join("dist")).is_empty());
    let names: Vec<PathBuf> = std::fs::read_dir(s.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}"); // the lock file, the folder, the archive
}

#[test]
fn verify_bundle_reads_no_file_larger_than_a_bundle_can_hold() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    bundle_ok(s.path(), &["--out", "dist", "form.toml"]);
    let folder = s.path().join("dist/testamt");
    // A forged manifest agrees with a 64 GiB (sparse) logo: hashing it would take minutes.
    let manifest = std::fs::read_to_string(folder.join("manifest.json")).unwrap();
    let mut forged: onboard::testing::Manifest = serde_json::from_str(&manifest).unwrap();
    let (logo, entry) = forged
        .files
        .iter_mut()
        .find(|(name, _)| name.starts_with("logo-"))
        .expect("a logo");
    let huge: u64 = 64 << 30;
    entry.size = huge;
    std::fs::File::options()
        .write(true)
        .open(folder.join(logo))
        .unwrap()
        .set_len(huge)
        .unwrap();
    forged.manifest_sha256 = None;
    s.write("dist/testamt/manifest.json", forged.to_json_sealed());
    for (lang, words) in [
        ("en", "more than any file of a bundle can have"),
        ("de", "mehr als eine Datei eines Bundles haben kann"),
    ] {
        let out = guarded(s.path(), &["--lang", lang, "verify-bundle", "dist/testamt"]);
        assert_eq!(out.status.code(), Some(1), "{}", everything(&out));
        assert!(everything(&out).contains(words), "{}", everything(&out));
    }
}
