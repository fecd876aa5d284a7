//! The service catalog: which EfA services can be ordered, and their LeiKa-IDs.
//!
//! The built-in entries are data (`data/services.toml`), so a service is added without code.

use std::sync::OnceLock;

use serde::Deserialize;

/// One orderable service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The id forms name in `service.id`.
    pub id: String,
    /// German name, as in the federal catalogue.
    pub name: String,
    /// LeiKa-ID (Leistungsschlüssel), 14 digits starting with `99`.
    pub leika_id: String,
}

/// The services a run knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    services: Vec<Service>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    service: Vec<Service>,
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let file: CatalogFile = toml::from_str(include_str!("../data/services.toml"))
                .expect("data/services.toml is a valid catalog");
            Catalog {
                services: file.service,
            }
        })
    }

    /// This catalog with more services (e.g. from a repository config); an id already
    /// known is replaced by the new entry.
    pub fn with(&self, extra: impl IntoIterator<Item = Service>) -> Catalog {
        let mut services = self.services.clone();
        for service in extra {
            services.retain(|s| s.id != service.id);
            services.push(service);
        }
        Catalog { services }
    }

    /// The service with this id, if the catalog has it.
    pub fn get(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Every service: the built-in ones, then those onboard.toml adds or replaces.
    pub fn services(&self) -> &[Service] {
        &self.services
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_has_the_negativbescheinigung() {
        let s = Catalog::builtin()
            .get("sorgeregister-negativbescheinigung")
            .unwrap();
        assert_eq!(s.leika_id, "99013016012001");
        assert!(Catalog::builtin().get("elterngeld").is_none());
    }

    #[test]
    fn extra_services_extend_the_catalog() {
        let extra = Service {
            id: "elterngeld".into(),
            name: "Elterngeld".into(),
            leika_id: "99041006017000".into(),
        };
        let catalog = Catalog::builtin().with([extra]);
        assert!(catalog.get("elterngeld").is_some());
        assert!(catalog.get("sorgeregister-negativbescheinigung").is_some());
    }
}
