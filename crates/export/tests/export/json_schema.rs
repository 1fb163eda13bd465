//! The JSON export checked against `docs/export-schema.json`.
//!
//! A small validator for the keywords the schema uses stands in for a JSON
//! Schema crate. It is stricter than the schema in one way: a key the schema
//! does not describe is an error, so the documentation cannot fall behind
//! the output (consumers are still told to ignore unknown keys).

use serde_json::{Map, Value};

use roundtable_export::{ExportDoc, FORMAT_VERSION, Scope, json};

use crate::fixture;

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export-schema.json");
    let text = std::fs::read_to_string(path).expect("docs/export-schema.json exists");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validate(root: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = schema.as_object().expect("a schema is an object");
    for keyword in schema.keys() {
        let known = [
            "$schema",
            "$id",
            "$defs",
            "$ref",
            "title",
            "description",
            "type",
            "const",
            "required",
            "properties",
            "items",
            "minItems",
            "minimum",
            "oneOf",
            "format",
        ];
        assert!(
            known.contains(&keyword.as_str()),
            "validator lacks keyword {keyword}"
        );
    }
    if let Some(Value::String(reference)) = schema.get("$ref") {
        let name = reference.strip_prefix("#/$defs/").expect("local $ref");
        validate(root, &root["$defs"][name], value, at)?;
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => panic!("bad type"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            other => panic!("unknown type {other}"),
        });
        if !ok {
            return Err(format!("{at}: {value} is not {types:?}"));
        }
    }
    if let Some(expected) = schema.get("const")
        && expected != value
    {
        return Err(format!("{at}: {value} is not {expected}"));
    }
    if let Some(min) = schema.get("minimum")
        && value.as_f64().zip(min.as_f64()).is_some_and(|(v, m)| v < m)
    {
        return Err(format!("{at}: {value} is below {min}"));
    }
    if let Some(Value::Array(branches)) = schema.get("oneOf") {
        let matching = branches
            .iter()
            .filter(|b| validate(root, b, value, at).is_ok())
            .count();
        if matching != 1 {
            return Err(format!("{at}: {value} matches {matching} oneOf branches"));
        }
    }
    if let Value::Object(object) = value {
        check_object(root, schema, object, at)?;
    }
    if let (Value::Array(values), Some(items)) = (value, schema.get("items")) {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        if (values.len() as u64) < min {
            return Err(format!("{at}: fewer than {min} items"));
        }
        for (i, value) in values.iter().enumerate() {
            validate(root, items, value, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn check_object(
    root: &Value,
    schema: &Map<String, Value>,
    object: &Map<String, Value>,
    at: &str,
) -> Result<(), String> {
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return Ok(()); // described by a $ref or oneOf at this level
    };
    for required in schema["required"].as_array().into_iter().flatten() {
        let key = required.as_str().unwrap();
        if !object.contains_key(key) {
            return Err(format!("{at}: missing {key}"));
        }
    }
    for (key, value) in object {
        let property = properties
            .get(key)
            .ok_or_else(|| format!("{at}: key {key} is not in the schema"))?;
        validate(root, property, value, &format!("{at}.{key}"))?;
    }
    Ok(())
}

fn check(doc: &ExportDoc) -> Value {
    let text = json(doc);
    let value: Value = serde_json::from_str(&text).expect("the export is JSON");
    let schema = schema();
    if let Err(error) = validate(&schema, &schema, &value, "$") {
        panic!("export does not match docs/export-schema.json: {error}");
    }
    value
}

#[test]
fn json_export_matches_the_documented_schema() {
    let value = check(&fixture::doc());
    assert_eq!(value["format_version"], FORMAT_VERSION);
    assert_eq!(
        schema()["properties"]["format_version"]["const"],
        FORMAT_VERSION
    );
}

#[test]
fn json_of_every_scope_and_of_nothing_matches_the_schema() {
    for scope in [
        Scope::Consultation,
        Scope::Group { slug: "wg1".into() },
        Scope::Objective { number: 23 },
        Scope::GroupObjective {
            slug: "wg2".into(),
            number: 23,
        },
    ] {
        let mut doc = fixture::doc();
        doc.scope = scope;
        check(&doc);
    }
    let value = check(&fixture::empty_doc());
    assert_eq!(value["groups"], Value::Array(vec![]));
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema = schema();
    let mut value: Value = serde_json::from_str(&json(&fixture::doc())).unwrap();
    value["groups"][0]["objectives"][0]["questions"][0]["items"][0]["author"] = "x".into();
    assert!(
        validate(&schema, &schema, &value, "$")
            .unwrap_err()
            .contains("author")
    );
    let mut value: Value = serde_json::from_str(&json(&fixture::doc())).unwrap();
    value["groups"][0]["objectives"][0]["questions"][0]["items"] = Value::Array(vec![]);
    assert!(
        validate(&schema, &schema, &value, "$").is_err(),
        "empty questions are left out"
    );
    value = serde_json::from_str(&json(&fixture::doc())).unwrap();
    value["scope"] = serde_json::json!({"kind": "group"});
    assert!(
        validate(&schema, &schema, &value, "$").is_err(),
        "a group scope needs its slug"
    );
}

#[test]
fn json_parses_back_into_the_model_with_empty_sections_dropped() {
    let text = json(&fixture::doc());
    let back: ExportDoc = serde_json::from_str(&text).expect("the export parses back");
    let slugs: Vec<&str> = back.groups.iter().map(|g| g.slug.as_str()).collect();
    assert_eq!(slugs, ["wg1", "wg2"]);
    let wg1: Vec<u32> = back.groups[0].objectives.iter().map(|o| o.number).collect();
    assert_eq!(wg1, [1, 23]);
    let wg2 = &back.groups[1].objectives;
    assert_eq!(
        wg2.iter().map(|o| o.number).collect::<Vec<_>>(),
        [7, 17, 23]
    );
    assert!(wg2[1].questions.is_empty() && wg2[1].summary.is_some());
    let texts: Vec<&str> = back.groups[0].objectives[1].questions[0]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert!(
        texts.contains(&fixture::INJECTION),
        "JSON keeps text as given"
    );
}
