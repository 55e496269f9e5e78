//! Our client, the real API's answers: for every endpoint that both our server and the
//! official Infomaniak description (`shared/reference`) have, answers built from the official
//! schemas decode with the `api` crate's types, so the app would work against
//! `api.infomaniak.com` as well as against ours.
//!
//! The official description gives no whole examples for these endpoints, only an `example`
//! per field; an answer is built from the schema with those examples (each field's declared
//! type where it has none), once with every documented field and once with the required
//! ones alone. Error answers (401, 404, 422, ...) are built the same way and decoded as our
//! `Failure`.

mod common;

use api::{Account, AccountUser, Failure, Invitation, Product, Profile, Success, Team, TeamUser};
use common::{official, TestServer};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// How our client decodes the success answer of each shared endpoint. A route that both
/// sides have and that is missing here fails `every_shared_endpoint_has_a_decoder`.
const DECODERS: &[(&str, Decoder)] = &[
    ("get /1/accounts", decode::<Success<Vec<Account>>>),
    ("get /1/accounts/{}", decode::<Success<Account>>),
    ("post /1/accounts/{}/invitations", decode::<Success<Invitation>>),
    ("get /1/accounts/{}/invitations/{}", decode::<Success<Invitation>>),
    ("patch /1/accounts/{}/invitations/{}", decode::<Success<Invitation>>),
    ("delete /1/accounts/{}/invitations/{}", decode::<Success<bool>>),
    ("get /1/accounts/{}/teams", decode::<Success<Vec<Team>>>),
    ("post /1/accounts/{}/teams", decode::<Success<Team>>),
    ("get /1/accounts/{}/teams/{}", decode::<Success<Team>>),
    ("patch /1/accounts/{}/teams/{}", decode::<Success<Team>>),
    ("delete /1/accounts/{}/teams/{}", decode::<Success<bool>>),
    ("get /1/accounts/{}/teams/{}/users", decode::<Success<Vec<TeamUser>>>),
    ("post /1/accounts/{}/teams/{}/users", decode::<Success<bool>>),
    ("delete /1/accounts/{}/teams/{}/users", decode::<Success<bool>>),
    ("get /2/accounts/{}/users", decode::<Success<Vec<AccountUser>>>),
    ("get /1/products", decode::<Success<Vec<Product>>>),
    ("get /1/accounts/{}/products", decode::<Success<Vec<Product>>>),
    ("get /2/profile", decode::<Success<Profile>>),
    // The official data is any object: `Client::update_profile` reads the profile again
    // from anything that is not one, and `Client::set_profile` (the web app's) reads nothing.
    ("patch /2/profile", decode::<Success<Value>>),
];

type Decoder = fn(Value) -> Result<(), String>;

fn decode<T: DeserializeOwned>(answer: Value) -> Result<(), String> {
    let text = answer.to_string();
    let deserializer = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize::<_, T>(deserializer).map(drop).map_err(|e| e.to_string())
}

/// `/api/1/accounts/{account_id}` and `/1/accounts/{account}` are the same route.
fn normalized(path: &str) -> String {
    let path = path.strip_prefix("/api").unwrap_or(path);
    let mut out = String::new();
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                out.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => out.push(c),
        }
    }
    out
}

/// (method and normalized path, the official operation) of every route both sides have.
async fn shared_endpoints() -> Vec<(String, Value)> {
    let server = TestServer::start().await;
    let ours: Value = reqwest::get(server.url("/openapi.json")).await.unwrap().json().await.unwrap();
    let official = official();
    let mut shared = vec![];
    for (path, operations) in ours["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let key = normalized(path);
            let found = official["paths"].as_object().unwrap().iter().find(|(official_path, operations)| {
                normalized(official_path) == key && operations.get(method).is_some()
            });
            if let Some((_, operations)) = found {
                shared.push((format!("{method} {key}"), operations[method].clone()));
            }
        }
    }
    shared.sort_by(|a, b| a.0.cmp(&b.0));
    shared
}

/// Follows `$ref` to the official components.
fn resolved<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => resolved(&root["components"]["schemas"][name], root),
        None => schema,
    }
}

/// Values the official description gives only in prose (API.md lists them), for fields it
/// types as any string.
const KNOWN_VALUES: &[(&str, &str)] = &[("role_type", "normal")];

/// Fields the official description declares but does not mark required, that the real API
/// sends and our client needs: an error's `code` and `description` (API.md's error format),
/// and an Organization's `type`, the caller's role, without which no page can say what the
/// caller may do. Kept in the answers built from required fields only.
const ALWAYS_SENT: &[&str] = &["code", "description", "type"];

/// A value of `schema`: its `example` when it has one of the right type, else the first of
/// its `enum`, else one of its type; objects with every property (`all`) or the required
/// ones. The envelope (depth 0: `result`, `data`, `error`, the pagination) is always whole.
fn answer(schema: &Value, root: &Value, all: bool, depth: u32) -> Value {
    let schema = resolved(schema, root);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = answer(part, root, all, depth) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    if let Some(first) = ["oneOf", "anyOf"].iter().find_map(|k| schema.get(*k)?.as_array()?.first()) {
        return answer(first, root, all, depth);
    }
    let kind = schema.get("type").and_then(Value::as_str).unwrap_or(if schema.get("properties").is_some() {
        "object"
    } else {
        "string"
    });
    let example = schema.get("example").filter(|example| fits(example, kind));
    if let Some(example) = example.filter(|_| kind != "object" && kind != "array") {
        return example.clone();
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.as_array()?.first().cloned()) {
        return first;
    }
    match kind {
        "object" if depth < 8 => {
            let required: Vec<&str> =
                schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let mut fields = Map::new();
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                if all || depth == 0 || required.contains(&name.as_str()) || ALWAYS_SENT.contains(&name.as_str()) {
                    let known = KNOWN_VALUES.iter().find(|(field, _)| field == name);
                    let value = known.map_or_else(|| answer(property, root, all, depth + 1), |(_, v)| Value::from(*v));
                    fields.insert(name.clone(), value);
                }
            }
            Value::Object(fields)
        }
        "array" if depth < 8 => Value::Array(vec![answer(&schema["items"], root, all, depth + 1)]),
        "integer" => Value::from(schema.get("minimum").and_then(Value::as_i64).unwrap_or(1)),
        "number" => Value::from(1.5),
        "boolean" => Value::Bool(true),
        "object" => Value::Object(Map::new()),
        "array" => Value::Array(vec![]),
        _ => Value::from("text"),
    }
}

fn fits(example: &Value, kind: &str) -> bool {
    match kind {
        "integer" => example.is_i64(),
        "number" => example.is_number(),
        "boolean" => example.is_boolean(),
        "string" => example.is_string(),
        "array" => example.is_array(),
        "object" => example.is_object(),
        _ => true,
    }
}

/// The official answer of `operation` for `status`, built with every field or the required.
fn official_answer(operation: &Value, status: &str, all: bool) -> Option<Value> {
    let schema = operation["responses"][status]["content"]["application/json"].get("schema")?;
    Some(answer(schema, &official(), all, 0))
}

#[tokio::test]
async fn every_shared_endpoint_has_a_decoder() {
    let shared = shared_endpoints().await;
    let missing: Vec<&String> =
        shared.iter().map(|(key, _)| key).filter(|key| !DECODERS.iter().any(|(k, _)| k == key)).collect();
    assert_eq!(missing, Vec::<&String>::new(), "add a row to DECODERS");
    assert!(shared.len() >= DECODERS.len(), "a row of DECODERS names a route that is no longer shared: {shared:?}");
}

#[tokio::test]
async fn the_official_answers_of_every_shared_endpoint_decode_with_our_types() {
    let mut problems = vec![];
    for (key, operation) in shared_endpoints().await {
        let Some((_, decoder)) = DECODERS.iter().find(|(k, _)| *k == key) else { continue };
        for (status, _) in operation["responses"].as_object().unwrap() {
            for all in [true, false] {
                let Some(mut answer) = official_answer(&operation, status, all) else { continue };
                let outcome = if status.starts_with('2') {
                    list_where_we_list(&key, &mut answer, all);
                    decoder(answer.clone())
                } else {
                    decode::<Failure>(answer.clone())
                };
                if let Err(error) = outcome {
                    let fields = if all { "every field" } else { "required fields only" };
                    problems.push(format!("{key} {status} ({fields}): {error}\n  {answer}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "the official answers our client cannot read:\n{}", problems.join("\n"));
}

/// The official description types the data of `GET /2/accounts/{account}/users` as one
/// `Userorpendinguser` beside `Pagination`, though a page holds a list of them (the real API
/// answers an array); the answer is built as the list it is.
///
/// And it types the data of `GET /1/accounts/{account_id}/products` as a string, where
/// `GET /1/products` (the same list) has an array of `Product`: built as the latter.
fn list_where_we_list(key: &str, answer: &mut Value, all: bool) {
    if key == "get /2/accounts/{}/users" && answer["data"].is_object() {
        answer["data"] = Value::Array(vec![answer["data"].take()]);
    }
    if key == "get /1/accounts/{}/products" && answer["data"].is_string() {
        let product = serde_json::json!({"$ref": "#/components/schemas/087adaad_Product"});
        answer["data"] = Value::Array(vec![self::answer(&product, &official(), all, 1)]);
    }
}

#[test]
fn the_builder_follows_refs_takes_examples_and_can_leave_out_optional_fields() {
    let root = serde_json::json!({"components": {"schemas": {"Thing": {
        "type": "object", "required": ["id"],
        "properties": {"id": {"type": "integer", "example": 42}, "kind": {"type": "string", "enum": ["a", "b"]},
                       "tags": {"type": "array", "items": {"type": "string"}}}
    }}}});
    let reference = serde_json::json!({"$ref": "#/components/schemas/Thing"});
    assert_eq!(answer(&reference, &root, true, 1), serde_json::json!({"id": 42, "kind": "a", "tags": ["text"]}));
    assert_eq!(answer(&reference, &root, false, 1), serde_json::json!({"id": 42}));
    assert_eq!(answer(&reference, &root, false, 0), answer(&reference, &root, true, 0), "the envelope is whole");
    assert_eq!(decode::<Success<Vec<Account>>>(serde_json::json!({"result": "success", "data": {}})).is_err(), true);
}
