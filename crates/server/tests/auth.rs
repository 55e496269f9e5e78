//! Sign-up, tokens, profile and Organizations over real HTTP against a real SQLite file.

mod common;

use api::{ClientError, LegalEntityType};
use common::{registration, TestServer, PASSWORD};
use domain::role::Role;
use serde_json::Value;

#[tokio::test]
async fn r_acc_2_sign_up_creates_an_organization_with_the_new_user_as_owner() {
    // R-ACC-2
    let server = TestServer::start().await;
    let registered = server.client().register(&registration("ana@example.ch")).await.unwrap();
    assert_eq!(registered.user.email, "ana@example.ch");
    assert_eq!(registered.account.name, "Ana Muster", "an individual's Organization is named after the person");
    assert_eq!(registered.account.legal_entity_type, LegalEntityType::Individual);
    assert_eq!(registered.account.role, Role::Owner);
    assert_eq!(registered.account.count_owners, 1);
    assert_eq!(registered.user.current_account_id, Some(registered.account.id));

    let mut company = registration("bea@example.ch");
    company.organization_name = Some("Muster SA".into());
    company.legal_entity_type = Some(LegalEntityType::Company);
    let registered = server.client().register(&company).await.unwrap();
    assert_eq!(registered.account.name, "Muster SA");
}

#[tokio::test]
async fn r_acc_1_nothing_is_ordered_or_managed_without_a_user_account() {
    // R-ACC-1: without an account's token, ordering, products and Organizations are refused;
    // with one, the same calls go through.
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let order =
        serde_json::json!({"items": [{"service_name": "domain", "customer_name": "a.ch", "period_months": 12}]});
    let anonymous = [
        http.post(server.url("/1/accounts/1/orders")).json(&order),
        http.get(server.url("/1/accounts/1/products")),
        http.get(server.url("/1/accounts")),
    ];
    for request in anonymous {
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), 401);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_authorized");
    }
    let ana = server.signed_in("ana@example.ch").await;
    let account = ana.accounts().await.unwrap()[0].id;
    let placed = http
        .post(server.url(&format!("/1/accounts/{account}/orders")))
        .bearer_auth(ana.token().unwrap())
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 201, "with an account, an order");
}

#[tokio::test]
async fn sign_up_answers_201_in_the_envelope() {
    let server = TestServer::start().await;
    let response =
        reqwest::Client::new().post(server.url("/register")).json(&registration("c@example.ch")).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["result"], "success");
    assert_eq!(body["data"]["account"]["type"], "owner");
}

#[tokio::test]
async fn sign_up_refuses_bad_fields_one_error_per_field_and_creates_nothing() {
    let server = TestServer::start().await;
    let mut bad = registration("not-an-email");
    bad.password = "short".into();
    bad.first_name = "  ".into();
    let error = server.client().register(&bad).await.unwrap_err();
    let ClientError::Api { status, error } = error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(status, 422);
    assert_eq!(error.code, "validation_failed");
    let attributes: Vec<&str> = error.errors.iter().map(|e| e.context.attribute.as_str()).collect();
    assert_eq!(attributes, ["first_name", "email", "password"]);
    let password = error.field("password").unwrap();
    assert_eq!(password.code, "password_too_short");
    assert_eq!(password.context.details["minimum"], 10);
    // Nothing was created: the same email with good fields still signs up.
    let login = server.client().log_in("not-an-email", "short", None).await.unwrap_err();
    assert_eq!(login.code(), Some("invalid_grant"));
}

#[tokio::test]
async fn sign_up_with_a_taken_email_is_a_conflict() {
    let server = TestServer::start().await;
    server.client().register(&registration("ana@example.ch")).await.unwrap();
    let error = server.client().register(&registration("ANA@example.ch")).await.unwrap_err();
    assert!(matches!(&error, ClientError::Api { status: 409, .. }), "{error:?}");
    assert_eq!(error.code(), Some("object_already_exists"));
}

#[tokio::test]
async fn a_malformed_body_is_a_validation_error_in_the_wire_format() {
    let server = TestServer::start().await;
    let response = reqwest::Client::new()
        .post(server.url("/register"))
        .header("Content-Type", "application/json")
        .body(r#"{"email": "a@b.ch", "legal_entity_type": "pirate"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["result"], "error");
    assert_eq!(body["error"]["code"], "validation_failed");
}

#[tokio::test]
async fn log_in_gives_tokens_that_open_the_profile_and_the_organizations() {
    let server = TestServer::start().await;
    server.client().register(&registration("ana@example.ch")).await.unwrap();
    let token = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    assert_eq!(token.token_type, "Bearer");
    assert_eq!(token.expires_in, 7200);
    let client = server.client().with_token(Some(token.access_token.clone()));
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.email, "ana@example.ch");
    assert_eq!(profile.id, token.user_id);
    assert!(profile.last_login_at.is_some());
    let accounts = client.accounts().await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].role, Role::Owner);
    assert!(accounts[0].billing, "owners always have billing rights (R-ROLE-5)");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let server = TestServer::start().await;
    server.client().register(&registration("ana@example.ch")).await.unwrap();
    for (email, password) in [("ana@example.ch", "wrong password"), ("nobody@example.ch", PASSWORD)] {
        let error = server.client().log_in(email, password, None).await.unwrap_err();
        let ClientError::OAuth { status, error } = error else { panic!("{error:?}") };
        assert_eq!((status, error.error.as_str()), (401, "invalid_grant"));
        assert_eq!(error.error_description, "The email or the password is wrong.");
    }
}

#[tokio::test]
async fn requests_without_a_valid_token_are_not_authorized() {
    let server = TestServer::start().await;
    for token in [None, Some("forged".to_string())] {
        let error = server.client().with_token(token).profile().await.unwrap_err();
        assert!(matches!(&error, ClientError::Api { status: 401, .. }), "{error:?}");
        assert_eq!(error.code(), Some("not_authorized"));
    }
}

#[tokio::test]
async fn a_refresh_token_works_once_and_log_out_revokes_the_access_token() {
    let server = TestServer::start().await;
    server.client().register(&registration("ana@example.ch")).await.unwrap();
    let first = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let second = server.client().refresh(&first.refresh_token).await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    let again = server.client().refresh(&first.refresh_token).await.unwrap_err();
    assert_eq!(again.code(), Some("invalid_grant"));

    let client = server.client().with_token(Some(second.access_token));
    assert!(client.log_out().await.unwrap());
    assert_eq!(client.profile().await.unwrap_err().code(), Some("not_authorized"));
}

#[tokio::test]
async fn unknown_routes_answer_method_not_found() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/9/nothing/here")).await.unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_found");
}

#[tokio::test]
async fn r_api_1_a_path_without_a_version_answers_as_its_latest_version() {
    // R-API-1
    let server = TestServer::start().await;
    let client = server.signed_in("ana@example.ch").await;
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(server.url(path)).bearer_auth(client.token().unwrap()).send();
    let versioned: Value = get("/2/profile").await.unwrap().json().await.unwrap();
    let latest: Value = get("/profile").await.unwrap().json().await.unwrap();
    assert_eq!(latest["data"]["email"], "ana@example.ch");
    assert_eq!(latest["data"], versioned["data"]);
    // /accounts exists only in version 1: the latest it has answers.
    let accounts: Value = get("/accounts").await.unwrap().json().await.unwrap();
    assert_eq!(accounts["data"][0]["type"], "owner");
    // A route's own 404 is not mistaken for a missing route, and unknown stays unknown.
    let unknown: Value = get("/nothing").await.unwrap().json().await.unwrap();
    assert_eq!(unknown["error"]["code"], "method_not_found");
    // A number in the version's place that names no version is not the latest version.
    for path in ["/02/profile", "/4294967296/profile", "/3/profile", "/0/profile"] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_found", "{path}");
    }
}

#[tokio::test]
async fn r_api_2_the_61st_request_in_a_minute_is_refused_with_retry_after() {
    // R-API-2
    let server = TestServer::start().await;
    let client = server.signed_in("ana@example.ch").await;
    let http = reqwest::Client::new();
    let get = || http.get(server.url("/2/profile")).bearer_auth(client.token().unwrap()).send();
    let started = std::time::Instant::now();
    let first = get().await.unwrap();
    assert_eq!(first.headers()["x-ratelimit-limit"], "60");
    assert_eq!(first.headers()["x-ratelimit-remaining"], "59");
    let mut accepted = 1;
    let refused = loop {
        let response = get().await.unwrap();
        if response.status() == 429 {
            break response;
        }
        assert_eq!(response.status(), 200);
        accepted += 1;
        assert!(accepted <= 200, "never refused");
    };
    // One request a second comes back: a slow machine may get a few more than 60 through.
    let refilled = started.elapsed().as_secs() + 1;
    assert!((60..=60 + refilled).contains(&accepted), "{accepted} accepted in {refilled} s");
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "Retry-After: {retry_after}");
    assert_eq!(refused.headers()["x-ratelimit-remaining"], "0");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");

    // Another token has its own budget.
    let other = server.signed_in("bea@example.ch").await;
    assert_eq!(other.profile().await.unwrap().email, "bea@example.ch");
}

#[tokio::test]
async fn r_api_2_a_console_session_takes_150_requests_in_a_row_and_keeps_its_limit_when_refreshed() {
    // R-API-2 binds scripts; the console's own sessions have a person's limit (API.md, Auth).
    let server = TestServer::start().await;
    server.client().register(&common::registration("ana@example.ch")).await.unwrap();
    let console = server.client().with_client_id("console");
    let token = console.log_in("ana@example.ch", common::PASSWORD, None).await.unwrap();
    let http = reqwest::Client::new();
    let burst = |access: String| {
        let (http, url) = (http.clone(), server.url("/2/profile"));
        async move {
            let mut last = None;
            for n in 1..=150 {
                let response = http.get(&url).bearer_auth(&access).send().await.unwrap();
                assert_eq!(response.status(), 200, "request {n} of the burst");
                last = Some(response);
            }
            last.unwrap()
        }
    };
    let last = burst(token.access_token.clone()).await;
    assert_eq!(last.headers()["x-ratelimit-limit"], "600");

    // The renewed token is still the console's: the kind was stored with the session.
    let renewed = server.client().refresh(&token.refresh_token).await.unwrap();
    let last = burst(renewed.access_token).await;
    assert_eq!(last.headers()["x-ratelimit-limit"], "600");
}

#[tokio::test]
async fn r_api_2_a_script_cannot_gain_the_console_limit_by_saying_it_is_the_console() {
    // R-API-2: the limit is the token's, stored when it was issued; a request that names the
    // console client in a header or in its query is still a script's.
    let server = TestServer::start().await;
    let client = server.signed_in("ana@example.ch").await;
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    let mut accepted = 0;
    let refused = loop {
        let response = http
            .get(server.url("/2/profile?client_id=console"))
            .bearer_auth(client.token().unwrap())
            .header("client_id", "console")
            .header("X-Client-Id", "console")
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            break response;
        }
        assert_eq!(response.headers()["x-ratelimit-limit"], "60");
        accepted += 1;
        assert!(accepted <= 200, "never refused");
    };
    let refilled = started.elapsed().as_secs() + 1;
    assert!((60..=60 + refilled).contains(&accepted), "{accepted} accepted in {refilled} s");
    assert!(refused.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn health_reports_the_database_ready() {
    let server = TestServer::start().await;
    let body: Value = reqwest::get(server.url("/health")).await.unwrap().json().await.unwrap();
    assert_eq!(body["data"], serde_json::json!({"is_alive": true, "is_database_ready": true}));
}

#[tokio::test]
async fn r_2fa_7_five_wrong_passwords_lock_the_login_for_a_minute() {
    // R-2FA-7 (for passwords too, as the public API's error code says)
    let server = TestServer::start().await;
    server.client().register(&registration("ana@example.ch")).await.unwrap();
    for _ in 0..5 {
        let error = server.client().log_in("ana@example.ch", "wrong password", None).await.unwrap_err();
        assert_eq!(error.code(), Some("invalid_grant"));
    }
    // Locked: even the right password is refused, with the public API's code.
    let error = server.client().log_in("ANA@example.ch", PASSWORD, None).await.unwrap_err();
    let ClientError::OAuth { status, error } = error else { panic!("{error:?}") };
    assert_eq!((status, error.error.as_str()), (400, "too_many_attempts_try_again_in_1_minute"));
    assert!(error.error_description.contains("try again in 60 seconds"), "{}", error.error_description);
    // Another login is not affected, and an unknown one is counted the same way.
    server.client().register(&registration("bea@example.ch")).await.unwrap();
    assert!(server.client().log_in("bea@example.ch", PASSWORD, None).await.is_ok());
    for _ in 0..5 {
        let _ = server.client().log_in("nobody@example.ch", "guess", None).await;
    }
    let error = server.client().log_in("nobody@example.ch", "guess", None).await.unwrap_err();
    assert_eq!(error.code(), Some("too_many_attempts_try_again_in_1_minute"));
}

#[tokio::test]
async fn r_tour_3_the_tour_progress_is_kept_per_user_on_the_server() {
    // R-TOUR-3
    use domain::tour::{TourProgress, TourStatus};
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    assert_eq!(ana.onboarding().await.unwrap(), TourProgress { status: TourStatus::NotStarted, step: 0 });
    let running = TourProgress { status: TourStatus::Running, step: 3 };
    assert_eq!(ana.set_onboarding(&running).await.unwrap(), running);
    // Another session (another device) resumes at the same step; another user is untouched.
    let again = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let elsewhere = server.client().with_token(Some(again.access_token));
    assert_eq!(elsewhere.onboarding().await.unwrap(), running);
    let bea = server.signed_in("bea@example.ch").await;
    assert_eq!(bea.onboarding().await.unwrap().status, TourStatus::NotStarted);
    // A step the tour does not have is refused and changes nothing.
    let error = ana.set_onboarding(&TourProgress { status: TourStatus::Running, step: 99 }).await.unwrap_err();
    assert_eq!(error.code(), Some("validation_failed"));
    assert_eq!(ana.onboarding().await.unwrap(), running);
    // Finished or dismissed keep no step.
    let done = ana.set_onboarding(&TourProgress { status: TourStatus::Completed, step: 7 }).await.unwrap();
    assert_eq!(done, TourProgress { status: TourStatus::Completed, step: 0 });
}

#[tokio::test]
async fn an_identifier_in_the_path_that_is_not_one_answers_in_the_wire_format() {
    // Found by schemathesis: axum's own plain-text 400 reached the client.
    let server = TestServer::start().await;
    let client = server.signed_in("ana@example.ch").await;
    let http = reqwest::Client::new();
    for (method, path) in [
        (reqwest::Method::GET, "/1/accounts/abc"),
        (reqwest::Method::GET, "/1/accounts/16041051933109491712"),
        (reqwest::Method::PATCH, "/2/accounts/-5e-324/users/2"),
        (reqwest::Method::DELETE, "/2/accounts/1/users/x"),
    ] {
        let request = http.request(method, server.url(path)).bearer_auth(client.token().unwrap());
        let response = request.json(&serde_json::json!({})).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "object_not_found", "{path}");
    }
}
