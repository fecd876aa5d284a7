//! The shape of a form — which keys exist, which are required, which TOML type each
//! holds — compiled once from the JSON Schema that the Rust types generate.

use std::sync::OnceLock;

use serde_json::Value;

/// The TOML type a key holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    String,
    Integer,
    Boolean,
    /// A TOML local date (`2025-03-01`, without quotes).
    Date,
    Array {
        items: Box<Shape>,
        min_items: usize,
        /// More items are `too-many-items` (a bound on the work one form causes).
        max_items: Option<usize>,
    },
    Table(TableShape),
    /// A table whose keys are free (e.g. check codes), each holding this shape.
    Map(Box<Shape>),
}

/// The keys of a table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableShape {
    pub fields: Vec<FieldShape>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    pub name: String,
    pub shape: Shape,
    pub required: bool,
}

impl TableShape {
    pub fn field(&self, name: &str) -> Option<&FieldShape> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl Shape {
    /// The catalog term naming the type in messages ("string", "table", …), as TOML
    /// calls it.
    pub fn type_term(&self) -> &'static str {
        match self {
            Shape::String => "term.type.string",
            Shape::Integer => "term.type.integer",
            Shape::Boolean => "term.type.boolean",
            Shape::Date => "term.type.date",
            Shape::Array { items, .. } if matches!(**items, Shape::Table(_)) => {
                "term.type.array-of-tables"
            }
            Shape::Array { .. } => "term.type.array",
            Shape::Table(_) | Shape::Map(_) => "term.type.table",
        }
    }
}

/// The shape of an order form v1.
pub fn order_form() -> &'static TableShape {
    static SHAPE: OnceLock<TableShape> = OnceLock::new();
    SHAPE.get_or_init(|| from_schema(&super::schema::json_schema()))
}

/// The shape a JSON Schema (as schemars writes it, draft-07) describes; its root must be
/// an object.
pub fn from_schema(schema: &Value) -> TableShape {
    match compile(schema, schema) {
        Shape::Table(table) => table,
        other => panic!("the schema's root is not an object: {other:?}"),
    }
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return resolve(root, &root["definitions"][name]);
    }
    for combinator in ["allOf", "anyOf"] {
        if let Some(first) = node.get(combinator).and_then(|v| v.get(0)) {
            return resolve(root, first);
        }
    }
    node
}

fn compile(root: &Value, node: &Value) -> Shape {
    let node = resolve(root, node);
    // `["integer", "null"]` for an `Option`: TOML has no null, the other type counts.
    let ty = match node.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        Some(other) => other.as_str().unwrap_or("string"),
        None => "string",
    };
    match ty {
        "object"
            if node.get("properties").is_none()
                && node
                    .get("additionalProperties")
                    .is_some_and(Value::is_object) =>
        {
            Shape::Map(Box::new(compile(root, &node["additionalProperties"])))
        }
        "object" => {
            let required: Vec<&str> = node
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let fields = node
                .get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .map(|(name, sub)| FieldShape {
                            name: name.clone(),
                            shape: compile(root, sub),
                            required: required.contains(&name.as_str()),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Shape::Table(TableShape { fields })
        }
        "array" => Shape::Array {
            items: Box::new(compile(root, &node["items"])),
            min_items: node.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize,
            max_items: node
                .get("maxItems")
                .and_then(Value::as_u64)
                .map(|n| n as usize),
        },
        "integer" | "number" => Shape::Integer,
        "boolean" => Shape::Boolean,
        _ if node.get("format").and_then(Value::as_str) == Some("date") => Shape::Date,
        _ => Shape::String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_shape_knows_nested_keys_and_requirements() {
        let form = order_form();
        let Shape::Table(authority) = &form.field("authority").unwrap().shape else {
            panic!("authority is a table");
        };
        assert!(authority.field("postal_code").unwrap().required);
        assert!(!authority.field("phone").unwrap().required);
        assert!(!form.field("onboarding").unwrap().required);
        let Shape::Table(onboarding) = &form.field("onboarding").unwrap().shape else {
            panic!("onboarding is a table");
        };
        assert_eq!(
            onboarding.field("state_agreement_on").unwrap().shape,
            Shape::Date
        );
        assert_eq!(onboarding.field("stage").unwrap().shape, Shape::String);
        let Shape::Table(contacts) = &form.field("contacts").unwrap().shape else {
            panic!("contacts is a table");
        };
        assert!(matches!(
            &contacts.field("professional").unwrap().shape,
            Shape::Array { min_items: 1, items, .. } if matches!(**items, Shape::Table(_))
        ));
    }
}
