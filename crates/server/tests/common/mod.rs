//! A real server on a free port with a fresh database, and a typed client for it.
//!
//! The database is a new SQLite file, or, when `CONSOLE_TEST_POSTGRES` names a PostgreSQL
//! server (`cargo xtask test` starts a throwaway cluster and runs the server's tests a second
//! time so), a new database in it: every test runs on both.

#![allow(dead_code)]

use api::transport::ReqwestTransport;
use api::{AcceptInvitationRequest, Client, InvitationRequest, RegisterRequest, Role};
use serde_json::Value;
use server::db::DatabaseUrl;
use sqlx::Connection;
use std::path::{Path, PathBuf};

pub struct TestServer {
    pub running: server::Running,
    pub database: DatabaseUrl,
    _dir: tempfile::TempDir,
}

/// The PostgreSQL server the tests use instead of SQLite, if any: the URL of a database in it
/// that may create others.
pub fn postgres_server() -> Option<String> {
    std::env::var("CONSOLE_TEST_POSTGRES").ok().filter(|url| !url.is_empty())
}

/// A database nobody has used: a file in `dir`, or a new database on the PostgreSQL server.
pub async fn fresh_database(dir: &Path) -> DatabaseUrl {
    let Some(admin) = postgres_server() else {
        return DatabaseUrl::Sqlite(dir.join("test.sqlite"));
    };
    static COUNT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("test_{}_{n}_{}", std::process::id(), rand_suffix());
    sqlx::any::install_default_drivers();
    let mut admin_connection = sqlx::AnyConnection::connect(&admin).await.expect("the PostgreSQL server answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin_connection).await.expect("a test database");
    let _ = admin_connection.close().await;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
    DatabaseUrl::Postgres(format!("{base}/{name}"))
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos().into()
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
        let database = fresh_database(dir.path()).await;
        let config = server::Config { database: database.clone(), dist, demo, public_url: None, request_timeout };
        let running = server::start(config, "127.0.0.1:0").await.expect("server starts");
        TestServer { running, database, _dir: dir }
    }

    pub fn client(&self) -> Client<ReqwestTransport> {
        Client::new(ReqwestTransport::default(), self.running.api_url())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.api_url())
    }

    /// The raw JSON answer of `GET path` with `token`: what the client's types do not show
    /// (fields of the official schemas, a page's `total`).
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        let answer = reqwest::Client::new().get(self.url(path)).bearer_auth(token).send().await.unwrap();
        answer.json().await.unwrap()
    }

    /// The mail in the outbox, oldest first: (recipient, subject, body), read from the
    /// database (the demo route `/api/dev/outbox` exists in demo mode only).
    pub async fn outbox(&self) -> Vec<(String, String, String)> {
        self.query("SELECT recipient, subject, body FROM outbox ORDER BY id").await
    }

    /// Reads the server's database directly, as an operator would.
    pub async fn query<T>(&self, sql: &str) -> Vec<T>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let url = match &self.database {
            DatabaseUrl::Sqlite(file) => format!("sqlite://{}", file.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        };
        let mut db = sqlx::AnyConnection::connect(&url).await.expect("the test database opens");
        let rows = sqlx::query_as(sql).fetch_all(&mut db).await;
        let _ = db.close().await;
        rows.expect("the query reads")
    }

    /// Signs up and logs in; returns a client with the token.
    pub async fn signed_in(&self, email: &str) -> Client<ReqwestTransport> {
        self.client().register(&registration(email)).await.expect("sign-up");
        let token = self.client().log_in(email, PASSWORD, None).await.expect("log-in");
        self.client().with_token(Some(token.access_token))
    }
}

/// The real binary, as an operator runs it: its own process, on `database`. Killed (SIGKILL)
/// when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    pub port: u16,
}

impl ServerProcess {
    /// Starts it on a free port with `args` besides the address and the database, and waits
    /// until it answers.
    pub async fn start(database: &DatabaseUrl, args: &[&str]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        ServerProcess::start_on(port, database, args).await
    }

    pub async fn start_on(port: u16, database: &DatabaseUrl, args: &[&str]) -> ServerProcess {
        // What an operator gives `--database`: the path, or the URL with its password.
        let database = match database {
            DatabaseUrl::Sqlite(file) => file.display().to_string(),
            DatabaseUrl::Postgres(url) => url.clone(),
        };
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_console-server"))
            .args(["--addr", &format!("127.0.0.1:{port}"), "--database", &database])
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server starts");
        let process = ServerProcess { child, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while reqwest::get(process.url("/health")).await.is_err() {
            assert!(std::time::Instant::now() < deadline, "the server did not come up");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        process
    }

    pub fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_url())
    }

    pub fn client(&self) -> Client<ReqwestTransport> {
        Client::new(ReqwestTransport::default(), self.api_url())
    }

    /// SIGKILL (`Child::kill` on Unix), and waits for the end.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A client of the typed API.
pub type Api = Client<ReqwestTransport>;

/// The key at the end of the newest link mailed to `to` whose path has `marker` in it
/// (`/cancellations/`, `/password/reset/`), read from the outbox.
pub async fn mailed_key(server: &TestServer, to: &str, marker: &str) -> Option<String> {
    // The newest such mail, not the newest mail: the demo's jobs write to the same person.
    let outbox = server.outbox().await;
    let link = outbox
        .iter()
        .rev()
        .filter(|(recipient, _, _)| recipient == to)
        .find_map(|(_, _, body)| body.split_whitespace().find(|word| word.contains(marker)))?;
    Some(link.rsplit('/').next()?.to_string())
}

/// Moves the demo clock `seconds` on from where it is; answers the jobs that ran. Tokens
/// issued before a move of days have expired (they live 2 hours): log in again after.
pub async fn later_by(server: &TestServer, seconds: i64) -> Value {
    let http = reqwest::Client::new();
    let now: Value = http.get(server.url("/dev/clock")).send().await.unwrap().json().await.unwrap();
    let to = now["data"]["now"].as_i64().unwrap() + seconds;
    let moved: Value = http
        .post(server.url("/dev/clock"))
        .json(&serde_json::json!({ "now": to }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    moved["data"]["jobs_run"].clone()
}

/// The demo user, signed in, with the demo data's Organizations: (the client, Demo Company SA
/// in CHF, Demo GmbH in EUR). A move of the demo clock by days expires its token: call again.
pub async fn demo(server: &TestServer) -> (Api, i64, i64) {
    let token = server.client().log_in(server::DEMO_EMAIL, server::DEMO_PASSWORD, None).await.unwrap();
    let demo = server.client().with_token(Some(token.access_token));
    let accounts = demo.accounts().await.unwrap();
    let id = |name: &str| accounts.iter().find(|a| a.name == name).unwrap().id;
    (demo, id("Demo Company SA"), id("Demo GmbH"))
}

/// The product named `name` in `account`.
pub async fn product(demo: &Api, account: i64, name: &str) -> api::Product {
    let query = api::ProductQuery { per_page: Some(100), ..Default::default() };
    let all = demo.products(account, &query).await.unwrap();
    all.items.into_iter().find(|p| p.customer_name == name).unwrap()
}

/// Orders a Mail Service named after `domain` in `account`, paid at once (Twint); its id.
pub async fn mail_service(demo: &Api, account: i64, domain: &str) -> i64 {
    let order = api::OrderRequest {
        items: vec![api::OrderItemRequest {
            service_name: "email_hosting".into(),
            customer_name: domain.into(),
            period_months: 12,
        }],
        payment: Some(api::PaymentChoice { kind: Some(api::MethodType::Twint), ..Default::default() }),
        use_prepaid: false,
    };
    demo.order(account, &order).await.expect("a Mail Service").product_ids[0]
}

/// An API error's status, code and context.
pub fn api_error(error: api::ClientError) -> (u16, String, Value) {
    match error {
        api::ClientError::Api { status, error } => (status, error.code, Value::Object(error.context)),
        other => panic!("not an API error: {other:?}"),
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
        teams: vec![],
        product_ids: vec![],
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
