//! Whether what stands at a bundle's place is a bundle that `bundle` wrote there — the only
//! thing `--force` may replace.
//!
//! Told by its shape, not by its hashes: a bundle damaged since is still one (replacing it
//! is what `--force` is for), while a folder of someone else's that happens to carry the
//! tenant's name — with a README, a stray file, a manifest that is not `bundle`'s, another
//! tenant's bundle — is not.

use super::build::is_logo_name;
use super::files::{Entry, Files};
use super::verify::sealed_manifest;
use super::{CONTACTS_FILE, MANIFEST_FILE, TENANT_FILE, TenantId};

/// Whether `files` are a bundle of `tenant` as `bundle` writes one: a sealed manifest of
/// that tenant listing exactly the other files — `tenant.json`, `contacts.json` and one
/// logo — each a plain file; an archive also unpacks cleanly into the one folder
/// `<tenant_id>/`.
pub fn is_bundle_of(files: &Files, tenant: &TenantId) -> bool {
    if let Files::Archive { root, problems, .. } = files
        && (!problems.is_empty() || root.as_deref() != Some(tenant.as_str()))
    {
        return false;
    }
    let Ok(manifest) = sealed_manifest(files) else {
        return false;
    };
    let names = files.names();
    let others: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|name| *name != MANIFEST_FILE)
        .collect();
    let listed: Vec<&str> = manifest.files.keys().map(String::as_str).collect();
    manifest.tenant_id == tenant.as_str()
        && others == listed
        && holds_bundle_files(&others)
        && names
            .iter()
            .all(|name| matches!(files.entry(name), Some(Entry::File { .. })))
}

/// Whether the names (sorted, without the manifest) are those of a bundle's files.
fn holds_bundle_files(names: &[&str]) -> bool {
    names.len() == 3
        && names.contains(&TENANT_FILE)
        && names.contains(&CONTACTS_FILE)
        && names.iter().any(|name| is_logo_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logo_names_are_the_ones_build_gives() {
        for ok in [
            "logo-0123456789ab.png",
            "logo-6589c734ee0c.svg",
            "logo-959a0f5a4a1d.jpg",
        ] {
            assert!(is_logo_name(ok), "{ok}");
        }
        for bad in [
            "logo-0123456789ab.gif",
            "logo-0123456789AB.png",
            "logo-0123456789a.png",
            "logo-0123456789abc.png",
            "logo-0123456789ab.png.txt",
            "logo-0123456789ab",
            "README.md",
            "tenant.json",
        ] {
            assert!(!is_logo_name(bad), "{bad}");
        }
    }

    #[test]
    fn only_the_three_files_of_a_bundle_beside_its_manifest() {
        let logo = "logo-0123456789ab.png";
        assert!(holds_bundle_files(&[CONTACTS_FILE, logo, TENANT_FILE]));
        assert!(!holds_bundle_files(&[CONTACTS_FILE, TENANT_FILE]));
        assert!(!holds_bundle_files(&[
            CONTACTS_FILE,
            "README.md",
            TENANT_FILE
        ]));
        assert!(!holds_bundle_files(&[
            CONTACTS_FILE,
            logo,
            "README.md",
            TENANT_FILE
        ]));
    }
}
