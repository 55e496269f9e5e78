//! The authorization matrix: every operation of `/api/openapi.json` that changes something,
//! tried as each kind of caller, against a table of expected answers. The table is looked up
//! by the document's operations, so a new route without a row fails here.

mod common;

use api::Role;
use common::{invitation, join, registration, TestServer};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};

/// The callers, in the order of a row.
const ACTORS: [&str; 6] = ["owner", "admin", "collaborator", "external", "other organization", "anonymous"];

/// What a caller gets.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exactly this status.
    Status(u16),
    /// Reaches the operation's own rules: not 403 or 404, nor the 401 of a refused token
    /// (a wrong 2FA code is a 401 too, `invalid_otp`: the answer depends on the caller's own
    /// state).
    Reaches,
}
use Expect::{Reaches, Status};

/// The row of an operation: what each of [`ACTORS`] gets. None: no row (the test fails).
fn row(method: &str, path: &str) -> Option<[Expect; 6]> {
    let signed_in = |ok: u16| [Status(ok), Status(ok), Status(ok), Status(ok), Status(ok), Status(401)];
    let managers = |ok: u16| [Status(ok), Status(ok), Status(403), Status(403), Status(404), Status(401)];
    Some(match (method, path) {
        // Public: anybody, with or without a token.
        ("POST", "/api/register") => [Status(201); 6],
        ("POST", "/api/token") => [Status(400); 6], // an empty form: the grant is checked, not the caller
        ("POST", "/api/1/invitations/{key}/accept") => [Status(404); 6], // a key that names nothing
        ("POST", "/api/1/cancellations/{key}/confirm") => [Status(404); 6], // the key is the proof
        ("POST", "/api/password/forgot") => [Status(200); 6], // the same answer for anybody
        ("POST", "/api/password/forgot/identity_check") => [Status(200); 6], // the same answer for anybody
        ("POST", "/api/login/forgot") => [Status(200); 6], // the same answer for anybody
        ("POST", "/api/1/abuse_reports") => [Status(201); 6], // anybody may report abuse
        ("POST", "/api/password/reset") => [Status(404); 6], // a key that names nothing
        ("POST", "/api/dev/clock") => [Status(200); 6], // demo mode only
        ("POST", "/api/dev/transfers") => [Status(404); 6], // demo mode only; an invoice that is not there
        ("POST", "/api/dev/identity_checks/{id}") => [Status(404); 6], // demo mode only; a verification that is not there
        // One's own account.
        ("DELETE", "/api/token") => signed_in(200),
        ("PATCH", "/api/2/profile") => signed_in(200),
        ("PUT", "/api/2/profile/preferences/onboarding") => signed_in(200),
        ("POST", "/api/1/accounts") => signed_in(201),
        // R-KC-1: asked by oneself; 2FA is off for everybody here.
        ("POST", "/api/2/profile/identity_checks") => signed_in(409),
        ("POST", "/api/2/profile/api_tokens") => signed_in(201),
        // A session is its person's (an owner's spare one here).
        ("DELETE", "/api/2/profile/sessions/{id}") => {
            [Status(200), Status(404), Status(404), Status(404), Status(404), Status(401)]
        }
        // A token is its owner's (made by the owner here): to anybody else it does not exist.
        ("DELETE", "/api/2/profile/api_tokens/{id}") => {
            [Status(200), Status(404), Status(404), Status(404), Status(404), Status(401)]
        }
        // Support access (R-SUP-1): any member, in their own Organizations; a grant is its
        // giver's own (made by the owner here).
        ("POST", "/api/1/support_accesses") => {
            [Status(201), Status(201), Status(201), Status(201), Status(404), Status(401)]
        }
        ("DELETE", "/api/1/support_accesses/{id}") => {
            [Status(200), Status(404), Status(404), Status(404), Status(404), Status(401)]
        }
        // A waiting log-in is its user's own: one named by nobody is not found, for anybody.
        ("POST", "/api/2/profile/security/push/{id}") => {
            [Status(404), Status(404), Status(404), Status(404), Status(404), Status(401)]
        }
        // Mailboxes (R-ID-*): a Mail Service's are made by who manages it (the matrix's
        // product is a domain: refused by the rule, after the caller was let in); those used
        // in webmail are the user's own, and one named by nobody is not found.
        ("POST", "/api/1/accounts/{account}/products/{product}/mailboxes") => {
            [Status(422), Status(422), Status(404), Status(404), Status(404), Status(401)]
        }
        ("POST", "/api/2/profile/mailboxes") => signed_in(422),
        ("DELETE", "/api/2/profile/mailboxes/{id}")
        | ("PUT", "/api/2/profile/mailboxes/{id}/password")
        | ("POST", "/api/2/profile/mailboxes/{id}/unify") => {
            [Status(404), Status(404), Status(404), Status(404), Status(404), Status(401)]
        }
        // A verification is its person's own (R-KC-*): one asked of nobody is not found.
        ("POST", "/api/2/profile/identity_checks/{id}/document") => {
            [Status(404), Status(404), Status(404), Status(404), Status(404), Status(401)]
        }
        ("POST", "/api/2/profile/security/otp") => [Reaches, Reaches, Reaches, Reaches, Reaches, Status(401)],
        ("POST", "/api/2/profile/security/otp/confirm") => [Reaches, Reaches, Reaches, Reaches, Reaches, Status(401)],
        ("DELETE", "/api/2/profile/security/otp") => [Reaches, Reaches, Reaches, Reaches, Reaches, Status(401)],
        ("POST", "/api/2/profile/security/backup_codes") => [Reaches, Reaches, Reaches, Reaches, Reaches, Status(401)],
        // The Organization: R-ACC-4 (its details: the legal representative only), R-ROLE-1
        // (members and invitations: legal representatives and administrators).
        ("PATCH", "/api/1/accounts/{account_id}") => {
            [Status(200), Status(403), Status(403), Status(403), Status(404), Status(401)]
        }
        ("POST", "/api/1/accounts/{account}/invitations") => managers(201),
        ("PATCH", "/api/1/accounts/{account}/invitations/{invitation}") => managers(200),
        // R-PART-3: the legal representative lets a partner in (the matrix's partner is none:
        // refused by the rule, after the caller was let in); the partner's legal
        // representatives and administrators choose who acts (a delegation of nobody's).
        ("POST", "/api/1/accounts/{account}/partners") => {
            [Status(422), Status(403), Status(403), Status(403), Status(404), Status(401)]
        }
        ("DELETE", "/api/1/accounts/{account}/partners/{delegation}") => {
            [Status(404), Status(403), Status(403), Status(403), Status(404), Status(401)]
        }
        ("PUT", "/api/1/accounts/{account}/clients/{delegation}/users") => {
            [Status(404), Status(404), Status(403), Status(403), Status(404), Status(401)]
        }
        // Teams (R-TEAM-*): managed by legal representatives and administrators.
        ("POST", "/api/1/accounts/{account}/partnership") => {
            [Status(200), Status(403), Status(403), Status(403), Status(404), Status(401)]
        }
        ("POST", "/api/1/accounts/{account}/teams") => managers(201),
        ("PATCH", "/api/1/accounts/{account}/teams/{team}") => managers(200),
        ("DELETE", "/api/1/accounts/{account}/teams/{team}") => managers(200),
        ("POST", "/api/1/accounts/{account}/teams/{team}/users") => managers(201),
        ("DELETE", "/api/1/accounts/{account}/teams/{team}/users") => managers(200),
        ("DELETE", "/api/1/accounts/{account}/invitations/{invitation}") => managers(200),
        ("PATCH", "/api/2/accounts/{account}/users/{user}") => managers(200),
        ("DELETE", "/api/2/accounts/{account}/users/{user}") => managers(200),
        // Billing (R-ROLE-5): members with billing rights; admins have them by default.
        ("POST", "/api/1/accounts/{account}/payment_methods") => managers(201),
        ("DELETE", "/api/1/accounts/{account}/payment_methods/{method}") => managers(200),
        ("PUT", "/api/1/accounts/{account}/payment_methods/{method}/default") => managers(200),
        ("PUT", "/api/1/accounts/{account}/products/{product}/auto_renewal") => managers(200),
        ("POST", "/api/1/accounts/{account}/renewals/auto_renewal") => managers(200),
        ("POST", "/api/1/accounts/{account}/prepaid/top_ups") => managers(201),
        ("POST", "/api/1/accounts/{account}/payments") => managers(201),
        ("POST", "/api/1/accounts/{account}/orders") => managers(201),
        ("POST", "/api/1/accounts/{account}/orders/{order}/pay") => managers(200),
        // Products are managed by legal representatives and administrators (R-ROLE-4).
        ("POST", "/api/1/accounts/{account}/products/{product}/cancellation") => managers(201),
        _ => return None,
    })
}

/// An Organization with one member of each role, a person of another Organization, and a
/// fresh collaborator to act on for each try.
struct Fixture {
    server: TestServer,
    account_id: i64,
    /// A product of the Organization, 100 days from expiry.
    product_id: i64,
    tokens: Vec<Option<String>>,
    owner: api::Client<api::transport::ReqwestTransport>,
}

static FRESH: AtomicU32 = AtomicU32::new(0);

fn fresh_email(what: &str) -> String {
    format!("{what}{}@example.ch", FRESH.fetch_add(1, Ordering::SeqCst))
}

impl Fixture {
    async fn new() -> Fixture {
        let server = TestServer::demo().await;
        let owner = server.signed_in("owner@example.ch").await;
        let account_id = owner.accounts().await.unwrap()[0].id;
        for (email, role) in [
            ("admin@example.ch", Role::Admin),
            ("collaborator@example.ch", Role::Normal),
            ("external@example.ch", Role::External),
        ] {
            join(&server, &owner, account_id, email, role).await;
        }
        server.signed_in("other@example.ch").await;
        // The console's own sessions (a person's rate limit): the matrix makes many calls, and
        // the anonymous column shares the loopback address's 60 a minute.
        let mut tokens = vec![];
        for email in ["owner", "admin", "collaborator", "external", "other"] {
            let console = server.client().with_client_id("console");
            tokens.push(Some(
                console.log_in(&format!("{email}@example.ch"), common::PASSWORD, None).await.unwrap().access_token,
            ));
        }
        tokens.push(None);
        let owner = server.client().with_token(tokens[0].clone());
        let (product_id,): (i64,) = server
            .query(&format!(
                "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at) \
                 VALUES ({account_id}, 'domain', 'matrix.ch', 'matrix-ch', 0, 4000000000) RETURNING id"
            ))
            .await[0];
        Fixture { server, account_id, product_id, tokens, owner }
    }

    /// A new collaborator of the Organization, to change or remove.
    async fn target(&self) -> i64 {
        join(&self.server, &self.owner, self.account_id, &fresh_email("target"), Role::Normal).await.1
    }

    /// A new payment method of the Organization, to remove.
    async fn method(&self) -> i64 {
        let twint = api::NewPaymentMethod { kind: api::MethodType::Twint, card: None, label: None };
        self.owner.add_payment_method(self.account_id, &twint).await.unwrap().id
    }

    /// A new pending order of the Organization, to pay.
    async fn order(&self) -> i64 {
        let item =
            api::OrderItemRequest { service_name: "drive".into(), customer_name: "Drive".into(), period_months: 1 };
        let request = api::OrderRequest { items: vec![item], payment: None, use_prepaid: false };
        self.owner.order(self.account_id, &request).await.unwrap().id
    }

    /// A new pending invitation of the Organization, to send again or cancel.
    async fn invitation(&self) -> i64 {
        let request = invitation(&fresh_email("pending"), Role::Normal);
        self.owner.invite(self.account_id, &request).await.unwrap().id
    }

    /// A new grant of the owner's to Support, to revoke.
    async fn support_access(&self) -> i64 {
        let request = api::SupportAccessRequest {
            account_id: self.account_id,
            scope: api::Scope::SingleEmail,
            resource_ids: vec![7],
        };
        self.owner.grant_support_access(&request).await.unwrap().id
    }

    /// A new team of the Organization, to change or delete.
    async fn team(&self) -> i64 {
        let request = api::TeamRequest { name: Some("Matrix".into()), ..Default::default() };
        self.owner.create_team(self.account_id, &request).await.unwrap().id
    }

    /// A new session of the owner's (another log-in), to end.
    async fn session(&self) -> i64 {
        self.spare_token(0).await;
        let sessions = self.owner.sessions().await.unwrap();
        sessions.iter().filter(|s| !s.current).map(|s| s.id).max().unwrap()
    }

    /// A new personal API token of the owner's, to revoke.
    async fn api_token(&self) -> i64 {
        let request = api::ApiTokenRequest {
            name: "matrix".into(),
            scopes: vec!["accounts".into()],
            expires_at: None,
            password: common::PASSWORD.into(),
        };
        self.owner.create_api_token(&request).await.unwrap().id
    }

    /// A token for actor `n` to spend (log-out revokes it): a new log-in.
    async fn spare_token(&self, n: usize) -> Option<String> {
        let email = ["owner", "admin", "collaborator", "external", "other"].get(n)?;
        let console = self.server.client().with_client_id("console");
        // A log-in counts against the loopback address's 60 a minute, which the anonymous
        // column spends too: a refusal for the limit is waited out.
        loop {
            match console.log_in(&format!("{email}@example.ch"), common::PASSWORD, None).await {
                Ok(login) => return Some(login.access_token),
                Err(api::ClientError::Unexpected { status: 429, .. } | api::ClientError::Api { status: 429, .. }) => {
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await
                }
                Err(other) => panic!("log-in: {other:?}"),
            }
        }
    }
}

/// A body the operation takes, so that only the caller decides the answer.
fn body(method: &str, path: &str, now: i64, account_id: i64, product_id: i64) -> Option<Value> {
    Some(match (method, path) {
        ("POST", "/api/register") => serde_json::to_value(registration(&fresh_email("new"))).unwrap(),
        ("POST", "/api/1/invitations/{key}/accept") => json!({"password": common::PASSWORD}),
        ("POST", "/api/dev/clock") => json!({ "now": now + 60 }), // forward, by a minute (a 429 may be waited out first)
        ("POST", "/api/dev/transfers") => json!({"invoice_id": 999_999, "amount": "1.00"}),
        ("POST", "/api/password/forgot") => json!({"email": "nobody@example.ch"}),
        ("POST", "/api/password/forgot/identity_check") => json!({
            "email": "nobody@example.ch", "reply_to": "else@example.net", "document_type": "passport", "content": "JVBERi0xLjc="
        }),
        ("POST", "/api/password/reset") => json!({"token": "no-such-key", "password": common::PASSWORD}),
        ("PATCH", "/api/2/profile") => json!({"language_id": 2}),
        ("POST", "/api/2/profile/security/push/{id}") => json!({"approve": true}),
        ("POST", "/api/2/profile/identity_checks/{id}/document") => {
            json!({"document_type": "passport", "content": "JVBERi0xLjc="})
        }
        ("POST", "/api/dev/identity_checks/{id}") => json!({"accepted": true}),
        ("POST", "/api/2/profile/identity_checks") => json!({"reason": "turn_off_two_factor"}),
        ("POST", "/api/1/accounts/{account}/partners") => {
            json!({"partner_account_id": 999_999, "scope": "whole_account"})
        }
        ("PUT", "/api/1/accounts/{account}/clients/{delegation}/users") => json!({"user_ids": []}),
        ("POST", "/api/1/accounts/{account}/products/{product}/mailboxes") => {
            json!({"address": "box@matrix.ch", "password": common::PASSWORD})
        }
        ("POST", "/api/2/profile/mailboxes") => {
            json!({"email": "nobody@matrix.ch", "password": common::PASSWORD})
        }
        ("PUT", "/api/2/profile/mailboxes/{id}/password") => json!({"password": common::PASSWORD}),
        ("POST", "/api/2/profile/mailboxes/{id}/unify") => json!({"current_password": common::PASSWORD}),
        ("POST", "/api/login/forgot") => json!({"phone": "+41 79 000 00 00"}),
        ("PUT", "/api/2/profile/preferences/onboarding") => json!({"status": "dismissed", "step": 0}),
        ("POST", "/api/1/accounts") => json!({"name": "Second", "legal_entity_type": "company", "currency": "CHF"}),
        ("POST", "/api/2/profile/security/otp/confirm")
        | ("DELETE", "/api/2/profile/security/otp")
        | ("POST", "/api/2/profile/security/backup_codes") => json!({"code": "000000"}),
        ("PATCH", "/api/1/accounts/{account_id}") => json!({"name": "Renamed"}),
        ("POST", "/api/1/accounts/{account}/invitations") => {
            serde_json::to_value(invitation(&fresh_email("invited"), Role::Normal)).unwrap()
        }
        ("PATCH", "/api/2/accounts/{account}/users/{user}") => json!({"role_type": "external"}),
        ("PATCH", "/api/1/accounts/{account}/invitations/{invitation}") => json!({"resend": true}),
        ("POST", "/api/2/profile/api_tokens") => {
            json!({"name": "matrix", "scopes": ["products"], "password": common::PASSWORD})
        }
        ("POST", "/api/1/accounts/{account}/teams") => json!({"name": "Matrix"}),
        ("POST", "/api/1/accounts/{account}/partnership") => json!({"type": "affiliate"}),
        ("POST", "/api/1/abuse_reports") => json!({"category": "spam", "description": "Unwanted mail, every day."}),
        ("PATCH", "/api/1/accounts/{account}/teams/{team}") => json!({"name": "Renamed"}),
        ("POST", "/api/1/accounts/{account}/teams/{team}/users")
        | ("DELETE", "/api/1/accounts/{account}/teams/{team}/users") => json!({"user_ids": []}),
        ("POST", "/api/1/support_accesses") => {
            json!({"account_id": account_id, "scope": "single_email", "resource_ids": [1]})
        }
        ("POST", "/api/1/accounts/{account}/payment_methods") => json!({"type": "twint"}),
        ("PUT", "/api/1/accounts/{account}/products/{product}/auto_renewal") => json!({"enabled": false}),
        ("POST", "/api/1/accounts/{account}/renewals/auto_renewal") => {
            json!({"product_ids": [product_id], "enabled": false})
        }
        ("POST", "/api/1/accounts/{account}/prepaid/top_ups") => {
            json!({"amount": "1.00", "payment": {"type": "postfinance"}})
        }
        ("POST", "/api/1/accounts/{account}/payments") => {
            json!({"product_ids": [product_id], "payment": {"type": "twint"}})
        }
        ("POST", "/api/1/accounts/{account}/orders") => {
            json!({"items": [{"service_name": "drive", "customer_name": "Drive", "period_months": 1}]})
        }
        ("POST", "/api/1/accounts/{account}/orders/{order}/pay") => json!({"payment": {"type": "twint"}}),
        _ => return None,
    })
}

#[tokio::test]
async fn every_operation_that_changes_something_answers_each_caller_as_its_row_says() {
    let fixture = Fixture::new().await;
    let document: Value = reqwest::get(fixture.server.url("/openapi.json")).await.unwrap().json().await.unwrap();
    let http = reqwest::Client::new();
    let mut operations = 0;
    for (path, methods) in document["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys().map(|m| m.to_uppercase()) {
            if method == "GET" {
                continue;
            }
            operations += 1;
            let expected = row(&method, path).unwrap_or_else(|| panic!("{method} {path} has no row in the matrix"));
            // The member acted on: one for the row, and a new one after each removal.
            let mut target = if path.contains("{user}") { Some(fixture.target().await) } else { None };
            for (n, (actor, expect)) in ACTORS.iter().zip(expected).enumerate() {
                let mut url = path.replace("{account_id}", &fixture.account_id.to_string());
                url = url.replace("{account}", &fixture.account_id.to_string()).replace("{key}", "no-such-key");
                if let Some(user) = target {
                    url = url.replace("{user}", &user.to_string());
                }
                url = url.replace("{product}", &fixture.product_id.to_string());
                if path.contains("{order}") {
                    url = url.replace("{order}", &fixture.order().await.to_string());
                }
                if path.contains("{team}") {
                    url = url.replace("{team}", &fixture.team().await.to_string());
                }
                if path.contains("/sessions/{id}") {
                    url = url.replace("{id}", &fixture.session().await.to_string());
                }
                if path.contains("/api_tokens/{id}") {
                    url = url.replace("{id}", &fixture.api_token().await.to_string());
                }
                url = url.replace("{delegation}", "999999"); // a delegation of nobody's
                if path.contains("/mailboxes/{id}") {
                    url = url.replace("{id}", "999999"); // a mailbox used by nobody
                }
                if path.contains("/identity_checks/{id}") {
                    url = url.replace("{id}", "999999"); // a verification asked of nobody
                }
                if path.contains("/security/push/{id}") {
                    url = url.replace("{id}", "999999"); // a log-in waiting nowhere
                }
                if path.contains("/support_accesses/{id}") {
                    url = url.replace("{id}", &fixture.support_access().await.to_string());
                }
                if path.contains("{invitation}") {
                    url = url.replace("{invitation}", &fixture.invitation().await.to_string());
                }
                if path.contains("{method}") {
                    url = url.replace("{method}", &fixture.method().await.to_string());
                }
                let token = if method == "DELETE" && path == "/api/token" {
                    fixture.spare_token(n).await
                } else {
                    fixture.tokens[n].clone()
                };
                // The demo clock is read only for the row that moves it (every read spends the
                // owner's allowance, which the matrix needs for its own calls).
                let now = if path == "/api/dev/clock" {
                    let clock =
                        http.get(fixture.server.url("/dev/clock")).bearer_auth(fixture.tokens[0].as_deref().unwrap());
                    let now: Value = clock.send().await.unwrap().json().await.unwrap();
                    now["data"]["now"].as_i64().unwrap()
                } else {
                    0
                };
                let address = format!("http://{}{url}", fixture.server.running.addr);
                let mut request = http.request(method.parse().unwrap(), &address);
                if let Some(token) = &token {
                    request = request.bearer_auth(token);
                }
                if let Some(body) = body(&method, path, now, fixture.account_id, fixture.product_id) {
                    request = request.json(&body);
                }
                // The anonymous column shares the loopback address's 60 a minute (R-API-2) with
                // the matrix's own log-ins: a 429 there is waited out, as a client would.
                let (status, text) = loop {
                    let answer = request.try_clone().unwrap().send().await.unwrap();
                    let status = answer.status().as_u16();
                    let wait = answer.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
                    let text = answer.text().await.unwrap_or_default();
                    match (status, wait) {
                        (429, Some(seconds)) if token.is_none() => {
                            tokio::time::sleep(std::time::Duration::from_secs(seconds)).await
                        }
                        _ => break (status, text),
                    }
                };
                if method == "DELETE" && target.is_some() && status == 200 {
                    target = Some(fixture.target().await);
                }
                match expect {
                    Status(wanted) => assert_eq!(status, wanted, "{method} {path} as {actor}: {text}"),
                    Reaches => assert!(
                        ![403, 404].contains(&status) && !text.contains("not_authorized"),
                        "{method} {path} as {actor}: {status} {text}"
                    ),
                }
            }
        }
    }
    assert!(operations >= 16, "the document's operations that change something: {operations}");
}

/// An Organization that requires two-factor authentication (`has_2fa_required`) refuses a
/// member without it every operation of its own paths, reads and changes alike (403
/// `two_factor_required`, `domain::twofa::may_work_in`): the page's redirection alone would be
/// gone around with the API. Seeing the Organization and leaving it stay open. With 2FA on,
/// the same member is let in.
#[tokio::test]
async fn an_organization_that_requires_two_factor_refuses_members_without_it_everywhere_in_it() {
    let fixture = Fixture::new().await;
    let require = api::UpdateAccountRequest { has_2fa_required: Some(true), ..Default::default() };
    fixture.owner.update_account(fixture.account_id, &require).await.unwrap();
    let document: Value = reqwest::get(fixture.server.url("/openapi.json")).await.unwrap().json().await.unwrap();
    let http = reqwest::Client::new();
    let admin_token = fixture.tokens[1].clone().unwrap();
    let account = fixture.account_id.to_string();
    let mut refused = 0;
    for (path, methods) in document["paths"].as_object().unwrap() {
        if !path.starts_with("/api/1/accounts/{") && !path.starts_with("/api/2/accounts/{") {
            continue;
        }
        for method in methods.as_object().unwrap().keys().map(|m| m.to_uppercase()) {
            if method == "GET" && path == "/api/1/accounts/{account_id}" {
                continue; // seeing the Organization, and that it requires 2FA
            }
            let mut url = path.replace("{account_id}", &account).replace("{account}", &account);
            // Any other object: the refusal comes before it is looked for.
            while let (Some(open), Some(close)) = (url.find('{'), url.find('}')) {
                url.replace_range(open..=close, "999999");
            }
            let mut request = http.request(method.parse().unwrap(), fixture.server.url(url.trim_start_matches("/api")));
            request = request.bearer_auth(&admin_token);
            if let Some(body) = body(&method, path, 0, fixture.account_id, fixture.product_id) {
                request = request.json(&body);
            }
            let answer = request.send().await.unwrap();
            let status = answer.status().as_u16();
            let text = answer.text().await.unwrap();
            let code =
                serde_json::from_str::<Value>(&text).ok().and_then(|v| v["error"]["code"].as_str().map(String::from));
            assert_eq!((status, code.as_deref()), (403, Some("two_factor_required")), "{method} {path}: {text}");
            refused += 1;
        }
    }
    assert!(refused >= 40, "the Organization's operations: {refused}");

    // Leaving stays open.
    let (collaborator,): (i64,) =
        fixture.server.query("SELECT id FROM users WHERE email = 'collaborator@example.ch'").await[0];
    let leave = fixture.server.url(&format!("/2/accounts/{account}/users/{collaborator}"));
    let answer = http.delete(leave).bearer_auth(fixture.tokens[2].as_deref().unwrap()).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200, "the collaborator left: {}", answer.text().await.unwrap());

    // With 2FA on, the admin is let in.
    let admin = fixture.server.client().with_token(Some(admin_token));
    let enrolment = admin.start_two_factor().await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    admin.confirm_two_factor(&domain::twofa::code_at(&enrolment.secret, now).unwrap()).await.unwrap();
    let members = admin.account_users(fixture.account_id, 1, 20, None).await.unwrap();
    assert!(members.items.iter().any(|m| m.email == "admin@example.ch"), "the admin reads the members");
}
