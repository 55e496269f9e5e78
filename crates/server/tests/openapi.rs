//! `GET /api/openapi.json` describes exactly what is routed: every route of the server's
//! source is in the document, and every operation of the document answers (demo mode, so
//! that its routes exist too).

mod common;

use common::TestServer;
use serde_json::Value;
use std::collections::BTreeSet;

/// (METHOD, /api/path) of every `.route("path", get(..).post(..))` in the server's modules.
fn routed() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for piece in source.split(".route(").skip(1) {
            let Some(rest) = piece.trim_start().strip_prefix('"') else { continue };
            let (path, methods) = rest.split_once('"').unwrap();
            // The method chain, up to the end of the `.route(...)` call.
            let mut depth = 1;
            let chain: String = methods
                .chars()
                .take_while(|c| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth > 0
                })
                .collect();
            for method in ["get", "post", "put", "patch", "delete"] {
                let calls = chain.matches(&format!("{method}(")).count();
                let first = chain.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
                if calls > 0 && (first.starts_with(&format!("{method}(")) || chain.contains(&format!(".{method}("))) {
                    found.insert((method.to_uppercase(), format!("/api{path}")));
                }
            }
        }
    }
    found
}

fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            found.insert((method.to_uppercase(), path.clone()));
        }
    }
    found
}

#[tokio::test]
async fn the_document_describes_every_routed_operation_and_only_those() {
    let server = TestServer::demo().await;
    let response = reqwest::get(server.url("/openapi.json")).await.unwrap();
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "OpenAPI 3.1");

    let (routed, documented) = (routed(), documented(&document));
    assert!(routed.len() >= 25, "the source scan found the routes: {routed:?}");
    let missing: Vec<_> = routed.difference(&documented).collect();
    assert!(missing.is_empty(), "routed but not described: {missing:?}");
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(extra.is_empty(), "described but not routed: {extra:?}");

    // Every described operation answers as a route (never "no such method" or 405), and each
    // says which errors it can give, with the wire format's schema.
    let http = reqwest::Client::new();
    for (method, path) in &documented {
        // Each `{parameter}` segment given a value: ids 1, the invitation key a made-up one.
        let concrete: Vec<&str> = path
            .split('/')
            .map(|segment| match segment {
                "{key}" => "no-such-key",
                s if s.starts_with('{') => "1",
                s => s,
            })
            .collect();
        let concrete = concrete.join("/");
        let url = format!("http://{}{concrete}", server.running.addr);
        let request = http.request(method.parse().unwrap(), &url);
        let request =
            if method == "GET" || method == "DELETE" { request } else { request.json(&serde_json::json!({})) };
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let body: Value = answer.json().await.unwrap_or(Value::Null);
        assert_ne!(status, 405, "{method} {path}");
        assert_ne!(body["error"]["code"], "method_not_found", "{method} {path}: {body}");
        let operation = &document["paths"][path][method.to_lowercase()];
        let responses = operation["responses"].as_object().unwrap();
        assert!(responses.keys().any(|code| code.starts_with('2')), "{method} {path}: a success");
        assert!(responses.keys().any(|code| code.starts_with('4')), "{method} {path}: its errors");
    }
    // The wire types are described once, as components.
    for schema in ["Account", "AccountUser", "Profile", "Failure", "ErrorBody", "Role", "Invitation"] {
        assert!(document["components"]["schemas"][schema].is_object(), "{schema} is described");
    }
}

#[tokio::test]
async fn r_api_3_the_api_uses_get_post_patch_put_and_delete() {
    // R-API-3: the methods of the API, and no other.
    let server = TestServer::demo().await;
    let document: Value = reqwest::get(server.url("/openapi.json")).await.unwrap().json().await.unwrap();
    let methods: BTreeSet<String> = documented(&document).into_iter().map(|(method, _)| method).collect();
    let expected: BTreeSet<String> = ["GET", "POST", "PATCH", "PUT", "DELETE"].map(String::from).into();
    assert_eq!(methods, expected);
    let other = reqwest::Client::new()
        .request(reqwest::Method::from_bytes(b"TRACE").unwrap(), server.url("/2/profile"))
        .send()
        .await
        .unwrap();
    assert!(!other.status().is_success(), "TRACE is no method of the API: {}", other.status());
}
