//! Our answers against the official Infomaniak OpenAPI description (`shared/reference`):
//! every field the official schema requires is present, with the official type.

mod common;

use common::{conformance_errors, official_schema, TestServer};
use serde_json::Value;

#[tokio::test]
async fn profile_and_accounts_match_the_official_schemas() {
    let server = TestServer::start().await;
    let client = server.signed_in("ana@example.ch").await;
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(server.url(path)).bearer_auth(client.token().unwrap()).send();

    let profile: Value = get("/2/profile").await.unwrap().json().await.unwrap();
    assert_eq!(profile["result"], "success");
    assert_eq!(conformance_errors(&official_schema("087adaad_UserProfile"), &profile["data"]), Vec::<String>::new());

    let accounts: Value = get("/1/accounts").await.unwrap().json().await.unwrap();
    let account = &accounts["data"][0];
    assert_eq!(conformance_errors(&official_schema("087adaad_Account"), account), Vec::<String>::new());
    assert_eq!(account["type"], "owner");
}

#[test]
fn the_checker_catches_a_missing_field_and_a_wrong_type() {
    let schema = serde_json::json!({"required": ["id", "name"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}});
    let errors = conformance_errors(&schema, &serde_json::json!({"id": "7"}));
    assert_eq!(errors, ["missing required field `name`", "`id` should be integer, is \"7\""]);
}
