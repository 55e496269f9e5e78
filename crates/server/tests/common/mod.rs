//! A real server on a free port with a fresh SQLite file, and a typed client for it.

#![allow(dead_code)]

use api::transport::ReqwestTransport;
use api::{AcceptInvitationRequest, Client, InvitationRequest, RegisterRequest, Role};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct TestServer {
    pub running: server::Running,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::serving(None).await
    }

    /// A server that also serves the web app's files from `dist`.
    pub async fn serving(dist: Option<PathBuf>) -> TestServer {
        TestServer::with(dist, false).await
    }

    /// A server in demo mode: the demo data, the demo clock and the `/api/dev` routes.
    pub async fn demo() -> TestServer {
        TestServer::with(None, true).await
    }

    async fn with(dist: Option<PathBuf>, demo: bool) -> TestServer {
        TestServer::configured(dist, demo, None).await
    }

    /// A server that answers 408 to a request not answered within `timeout`.
    pub async fn with_timeout(timeout: std::time::Duration) -> TestServer {
        TestServer::configured(None, false, Some(timeout)).await
    }

    async fn configured(dist: Option<PathBuf>, demo: bool, request_timeout: Option<std::time::Duration>) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = dir.path().join("test.sqlite");
        let config = server::Config { database, dist, demo, public_url: None, request_timeout };
        let running = server::start(config, "127.0.0.1:0").await.expect("server starts");
        TestServer { running, _dir: dir }
    }

    pub fn client(&self) -> Client<ReqwestTransport> {
        Client::new(ReqwestTransport::default(), self.running.api_url())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.api_url())
    }

    /// The mail in the outbox, oldest first: (recipient, subject, body). Read from the
    /// database file, until the demo routes of the outbox exist.
    pub async fn outbox(&self) -> Vec<(String, String, String)> {
        let url = format!("sqlite://{}", self._dir.path().join("test.sqlite").display());
        let db = sqlx::SqlitePool::connect(&url).await.expect("the test database opens");
        let mail = sqlx::query_as("SELECT recipient, subject, body FROM outbox ORDER BY id").fetch_all(&db).await;
        db.close().await;
        mail.expect("the outbox reads")
    }

    /// Signs up and logs in; returns a client with the token.
    pub async fn signed_in(&self, email: &str) -> Client<ReqwestTransport> {
        self.client().register(&registration(email)).await.expect("sign-up");
        let token = self.client().log_in(email, PASSWORD, None).await.expect("log-in");
        self.client().with_token(Some(token.access_token))
    }
}

pub const PASSWORD: &str = "correct horse battery";

pub fn registration(email: &str) -> RegisterRequest {
    RegisterRequest {
        email: email.into(),
        password: PASSWORD.into(),
        first_name: "Ana".into(),
        last_name: "Muster".into(),
        ..RegisterRequest::default()
    }
}

/// Invites `email` into `account_id` with `role` and has them accept by creating their
/// account; returns their signed-in client and their user id.
pub async fn join(
    server: &TestServer,
    inviter: &Client<ReqwestTransport>,
    account_id: i64,
    email: &str,
    role: Role,
) -> (Client<ReqwestTransport>, i64) {
    let invitation = inviter.invite(account_id, &invitation(email, role)).await.expect("invitation");
    let key = invitation.url_accept.as_deref().and_then(|url| url.rsplit('/').next()).expect("a key").to_string();
    let accept = AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() };
    server.client().accept_invitation(&key, &accept).await.expect("accepted");
    let token = server.client().log_in(email, PASSWORD, None).await.expect("log-in");
    (server.client().with_token(Some(token.access_token)), token.user_id)
}

pub fn invitation(email: &str, role: Role) -> InvitationRequest {
    InvitationRequest {
        email: email.into(),
        first_name: "Invited".into(),
        last_name: "Person".into(),
        locale: "en_GB".into(),
        role_type: role,
        notifications: Default::default(),
        permissions: Default::default(),
    }
}

/// `shared/` beside the checkout (or above it), or where `CONSOLE_SHARED_DIR` says.
pub fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("CONSOLE_SHARED_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(manifest.ancestors().map(|dir| dir.join("shared")))
        .chain([PathBuf::from("/work/shared")])
        .find(|dir| dir.join("reference/infomaniak-core-openapi.json").is_file())
        .expect("shared/reference/infomaniak-core-openapi.json not found; set CONSOLE_SHARED_DIR")
}

pub fn official() -> Value {
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
pub fn conformance_errors(schema: &Value, value: &Value) -> Vec<String> {
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

/// One schema of the official description, by name.
pub fn official_schema(name: &str) -> Value {
    official()["components"]["schemas"][name].clone()
}
