//! Our answers against the official Infomaniak OpenAPI description (`shared/reference`):
//! every field the official schema requires is present, with the official type.

mod common;

use common::TestServer;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `shared/` beside the checkout (or above it), or where `CONSOLE_SHARED_DIR` says.
fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("CONSOLE_SHARED_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(manifest.ancestors().map(|dir| dir.join("shared")))
        .chain([PathBuf::from("/work/shared")])
        .find(|dir| dir.join("reference/infomaniak-core-openapi.json").is_file())
        .expect("shared/reference/infomaniak-core-openapi.json not found; set CONSOLE_SHARED_DIR")
}

fn official() -> Value {
    let path = shared_dir().join("reference/infomaniak-core-openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the official description is JSON")
}

/// Checks `value` against the `required` list and property types of an official schema.
///
/// Written by hand rather than with a JSON Schema validator because the official file is not
/// valid JSON Schema as it stands (sibling `"schema": []` keys beside `$ref`, required fields
/// that its `properties` do not declare), and because required fields and their types are
/// exactly what API.md asks us to match.
fn conformance_errors(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = vec![];
    let object = value.as_object().expect("an object");
    for field in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if !object.contains_key(field) {
            errors.push(format!("missing required field `{field}`"));
        }
    }
    for (field, property) in schema["properties"].as_object().into_iter().flatten() {
        let (Some(actual), Some(expected)) = (object.get(field), property["type"].as_str()) else {
            continue;
        };
        let fits = match expected {
            // API.md: null (or false) where a field has no meaning here.
            _ if actual.is_null() => true,
            "integer" => actual.is_i64(),
            "number" => actual.is_number(),
            "string" => actual.is_string(),
            "boolean" => actual.is_boolean(),
            "array" => actual.is_array(),
            "object" => actual.is_object(),
            _ => true,
        };
        if !fits {
            errors.push(format!("`{field}` should be {expected}, is {actual}"));
        }
    }
    errors
}

#[tokio::test]
async fn profile_and_accounts_match_the_official_schemas() {
    let official = official();
    let schemas = &official["components"]["schemas"];
    let server = TestServer::start().await;
    let client = server.signed_in("ana@example.ch").await;
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(server.url(path)).bearer_auth(client.token().unwrap()).send();

    let profile: Value = get("/2/profile").await.unwrap().json().await.unwrap();
    assert_eq!(profile["result"], "success");
    assert_eq!(conformance_errors(&schemas["087adaad_UserProfile"], &profile["data"]), Vec::<String>::new());

    let accounts: Value = get("/1/accounts").await.unwrap().json().await.unwrap();
    let account = &accounts["data"][0];
    assert_eq!(conformance_errors(&schemas["087adaad_Account"], account), Vec::<String>::new());
    assert_eq!(account["type"], "owner");
}

#[test]
fn the_checker_catches_a_missing_field_and_a_wrong_type() {
    let schema = serde_json::json!({"required": ["id", "name"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}});
    let errors = conformance_errors(&schema, &serde_json::json!({"id": "7"}));
    assert_eq!(errors, ["missing required field `name`", "`id` should be integer, is \"7\""]);
}
