//! Personal API tokens (R-API-4, R-API-2) over real HTTP and the database: shown once, used as
//! a bearer token within their scopes only, each with its own 60 requests a minute, listed
//! with their last use, revoked, expired.

mod common;

use api::{ApiTokenRequest, Client};
use common::{api_error, later_by, TestServer, PASSWORD};

fn request(name: &str, scopes: &[&str], expires_at: Option<i64>) -> ApiTokenRequest {
    ApiTokenRequest {
        name: name.into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        expires_at,
        password: PASSWORD.into(),
    }
}

#[tokio::test]
async fn r_api_4_a_token_is_shown_once_works_within_its_scopes_and_stops_when_revoked() {
    // R-API-4
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account = ana.accounts().await.unwrap()[0].id;
    let created = ana.create_api_token(&request("Inventory script", &["accounts", "products"], None)).await.unwrap();
    let secret = created.token.clone().expect("the token, once");
    assert!(created.active && created.last_used_at.is_none());
    let listed = ana.api_tokens().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].name.as_str(), listed[0].token.as_deref()), ("Inventory script", None), "never again");

    let script: Client<_> = server.client().with_token(Some(secret.clone()));
    assert_eq!(script.accounts().await.unwrap()[0].id, account, "within `accounts`");
    script.products(account, &Default::default()).await.unwrap();
    let (status, code, context) = api_error(script.invoices(account).await.unwrap_err());
    assert_eq!((status, code.as_str(), context["needed"].as_str()), (403, "access_denied", Some("billing")));
    let used = ana.api_tokens().await.unwrap()[0].last_used_at;
    assert!(used.is_some(), "its last use is kept");

    // Tokens are managed from a session, never with a token.
    let (status, code, _) =
        api_error(script.create_api_token(&request("Another", &["products"], None)).await.unwrap_err());
    assert_eq!((status, code.as_str()), (403, "access_denied"));
    assert_eq!(api_error(script.revoke_api_token(created.id).await.unwrap_err()).0, 403);

    assert!(ana.revoke_api_token(created.id).await.unwrap());
    assert_eq!(api_error(script.accounts().await.unwrap_err()).1, "not_authorized");
    assert!(ana.api_tokens().await.unwrap().is_empty(), "a revoked token is no longer listed");
    assert_eq!(api_error(ana.revoke_api_token(created.id).await.unwrap_err()).0, 404);
    let bea = server.signed_in("bea@example.ch").await;
    let hers = bea.create_api_token(&request("Hers", &["accounts"], None)).await.unwrap();
    assert_eq!(api_error(ana.revoke_api_token(hers.id).await.unwrap_err()).0, 404, "not Ana's to see");
}

#[tokio::test]
async fn r_api_4_a_new_token_needs_a_name_known_scopes_a_future_expiry_and_the_password() {
    // R-API-4
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let refusals = [
        (request(" ", &["products"], None), "name"),
        (request("CI", &[], None), "scopes"),
        (request("CI", &["products", "drive"], None), "scopes"),
        (request("CI", &["products"], Some(1_000)), "expires_at"),
        (ApiTokenRequest { password: "wrong password".into(), ..request("CI", &["products"], None) }, "password"),
    ];
    for (bad, field) in refusals {
        let (status, code, _) = api_error(ana.create_api_token(&bad).await.unwrap_err());
        assert_eq!((status, code.as_str()), (422, "validation_failed"), "{field}");
        let error = ana.create_api_token(&bad).await.unwrap_err();
        let api::ClientError::Api { error, .. } = error else { panic!() };
        assert_eq!(error.errors.iter().map(|e| e.context.attribute.as_str()).collect::<Vec<_>>(), [field]);
    }
    assert!(ana.api_tokens().await.unwrap().is_empty(), "nothing was created");
}

#[tokio::test]
async fn r_api_2_each_token_has_its_own_60_requests_a_minute() {
    // R-API-2
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let first = ana.create_api_token(&request("One", &["user_info"], None)).await.unwrap().token.unwrap();
    let second = ana.create_api_token(&request("Two", &["user_info"], None)).await.unwrap().token.unwrap();
    let http = reqwest::Client::new();
    let call = |token: &str| http.get(server.url("/2/profile")).bearer_auth(token.to_string()).send();
    for n in 1..=60 {
        assert_eq!(call(&first).await.unwrap().status(), 200, "request {n} of the minute");
    }
    let refused = call(&first).await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(call(&second).await.unwrap().status(), 200, "another token has its own 60");
}

#[tokio::test]
async fn r_api_4_an_expired_token_is_refused() {
    // R-API-4
    let server = TestServer::demo().await;
    let ana = server.signed_in("ana@example.ch").await;
    let now: serde_json::Value = reqwest::get(server.url("/dev/clock")).await.unwrap().json().await.unwrap();
    let in_an_hour = now["data"]["now"].as_i64().unwrap() + 3600;
    let token = ana.create_api_token(&request("Short", &["user_info"], Some(in_an_hour))).await.unwrap();
    let script = server.client().with_token(token.token.clone());
    script.profile().await.unwrap();
    later_by(&server, 2 * 3600).await;
    assert_eq!(api_error(script.profile().await.unwrap_err()).1, "not_authorized");
    let login = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let listed = server.client().with_token(Some(login.access_token)).api_tokens().await.unwrap();
    assert!(!listed[0].active, "listed, as expired");
}
