//! The load run (`cargo xtask bench`, figures in BENCHMARKS.md): the release server, as an
//! operator runs it, with an Organization of 10,000 users and 100,000 products, driven by
//! `wrk` on the loopback
//! with enough tokens that no request meets the per-token limit (the limit stays on: a 429
//! in the run fails it). On SQLite, and on PostgreSQL when `CONSOLE_BENCH_POSTGRES` names a
//! server; a bare axum handler in the same run is the ceiling.
//!
//! Each endpoint is driven twice: flat out by `wrk` (32 connections, no pause: the
//! throughput), and at a steady 2,000 requests a second (the latency at the issues' aim) by
//! `constant_rate` below. Log-in is measured apart, 50 in a row from one address,
//! since an address without a token has 60 requests a minute (R-API-2) and argon2id is
//! meant to be slow.

use serde_json::{json, Value};
use server::db::DatabaseUrl;
use sqlx::Connection;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USERS: usize = 10_000;
const SECONDS: u32 = 8;
/// Tokens per run: each allows a console session's burst of 150 then 10 a second, so 400
/// cover 400 × (150 + 10 × 8) = 92,000 requests in a run, more than the server answers.
const TOKENS_PER_RUN: usize = 400;
const PASSWORD: &str = "bench password 1";
/// Runs of wrk per database: two per endpoint.
const RUNS: usize = 12;
const PRODUCTS: usize = 100_000;

#[tokio::main]
async fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is missing: `cargo xtask bench` installs it (apt-get install wrk)");
        std::process::exit(1);
    }
    let work = tempfile::tempdir().expect("a temporary directory");
    let mut table = String::from(
        "| database | endpoint | mode | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|---|---|\n",
    );

    let bare = bare_handler().await;
    for (mode, measured) in drive_both(work.path(), &format!("http://{bare}"), &["/bare"], &[]).await {
        row(&mut table, "none", "bare axum handler", mode, &measured);
    }

    let mut databases = vec![("SQLite", DatabaseUrl::Sqlite(work.path().join("bench.sqlite")))];
    if let Ok(url) = std::env::var("CONSOLE_BENCH_POSTGRES") {
        databases.push(("PostgreSQL", DatabaseUrl::Postgres(url)));
    }
    for (name, database) in databases {
        eprintln!("\n== {name}");
        let server = Server::start(&database);
        let base = format!("http://127.0.0.1:{}", server.port);
        let account = seed(&base, &database).await;
        let login = log_ins(&base).await;
        row(&mut table, name, "log-in (`POST /api/token`)", "50 in a row", &login);
        let mut run = 0;
        let endpoints: [(&str, Vec<String>); 6] = [
            ("profile (`GET /api/2/profile`)", vec!["/api/2/profile".into()]),
            ("a page of users (20 of 10,000)", vec![format!("/api/2/accounts/{account}/users?page=37&per_page=20")]),
            ("a search of users", vec![format!("/api/2/accounts/{account}/users?search=person-4242")]),
            (
                "a page of products (20 of 100,000)",
                vec![format!("/api/1/accounts/{account}/products?page=37&per_page=20")],
            ),
            ("a page of renewals (next 2 months)", vec![format!("/api/1/accounts/{account}/renewals?per_page=20")]),
            (
                "mixed reads",
                vec![
                    "/api/2/profile".into(),
                    format!("/api/2/accounts/{account}/users?page=12&per_page=20"),
                    format!("/api/1/accounts/{account}"),
                    format!("/api/2/accounts/{account}/users?search=person-77"),
                ],
            ),
        ];
        for (endpoint, paths) in endpoints {
            // `CONSOLE_BENCH_ONLY=users`: only the endpoints whose name holds it (and their
            // tokens); `users,products`: those whose name holds either, in the usual order.
            let only = std::env::var("CONSOLE_BENCH_ONLY").unwrap_or_default();
            if !only.split(',').any(|part| endpoint.contains(part)) {
                run += 2;
                continue;
            }
            let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
            let tokens: Vec<Vec<String>> = (0..2)
                .map(|_| {
                    run += 1;
                    tokens_of(run)
                })
                .collect();
            let measured = drive_both(work.path(), &base, &paths, &tokens).await;
            for (mode, measured) in measured {
                row(&mut table, name, endpoint, mode, &measured);
            }
        }
        drop(server);
    }
    println!("\n{table}");
}

/// What one load run measured.
#[derive(Debug, Default)]
struct Measured {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

fn row(table: &mut String, database: &str, endpoint: &str, mode: &str, m: &Measured) {
    let _ = writeln!(
        table,
        "| {database} | {endpoint} | {mode} | {:.0} | {:.2} ms | {:.2} ms | {} |",
        m.requests_per_second, m.p50_ms, m.p99_ms, m.non_2xx
    );
    eprintln!("{database}, {endpoint}, {mode}: {m:?}");
    assert_eq!(m.non_2xx, 0, "{database}, {endpoint}, {mode}: refused or failed requests make the figures meaningless");
}

/// Flat out, then 2,000 a second; `tokens[0]` and `tokens[1]` for each (none for the bare
/// handler).
async fn drive_both(work: &Path, base: &str, paths: &[&str], tokens: &[Vec<String>]) -> Vec<(&'static str, Measured)> {
    let none = vec![];
    let flat_out = wrk(work, base, paths, tokens.first().unwrap_or(&none), 32);
    let steady = constant_rate(base, paths, tokens.get(1).unwrap_or(&none)).await;
    vec![("flat out, 32 connections", flat_out), ("2,000 a second, 20 connections", steady)]
}

/// Requests at a steady `RATE` a second whatever the answers' pace, as `wrk2` sends them
/// (Debian packages only `wrk`, whose pauses between requests lower the rate as the
/// latency grows: 20 connections pausing 9 ms made 1,730 a second, not 2,000). Each
/// connection keeps its own schedule, one request every 10 ms, the twenty staggered. A request
/// sent late because the one before it was still waiting counts its latency from when it was
/// due, so a queue in the server cannot hide (coordinated omission); one sent late only by
/// the timer (its granularity is a millisecond) counts from when it left.
async fn constant_rate(base: &str, paths: &[&str], tokens: &[String]) -> Measured {
    const RATE: u32 = 2_000;
    const CONNECTIONS: u32 = 20;
    let interval = Duration::from_secs(1) * CONNECTIONS / RATE;
    let start = tokio::time::Instant::now() + Duration::from_millis(100);
    let end = start + Duration::from_secs(SECONDS.into());
    let connections: Vec<_> = (0..CONNECTIONS)
        .map(|connection| {
            // One client each, so that each task keeps one connection of its own.
            let http = reqwest::Client::builder().pool_max_idle_per_host(1).build().expect("a client");
            let paths: Vec<String> = paths.iter().map(|path| format!("{base}{path}")).collect();
            let tokens = tokens.to_vec();
            let trace = std::env::var("CONSOLE_BENCH_TRACE").is_ok();
            tokio::spawn(async move {
                let (mut latencies, mut failed) = (vec![], 0u64);
                let mut due = start + interval * connection / CONNECTIONS;
                let mut previous_done = start;
                let mut i = connection as usize;
                // Past the end, what is still due is not sent: a server slower than the rate
                // shows as fewer requests a second, not as a run that never ends.
                while due < end && tokio::time::Instant::now() < end {
                    tokio::time::sleep_until(due).await;
                    let sent = tokio::time::Instant::now();
                    let counted_from = if previous_done > due { due } else { sent };
                    let mut request = http.get(&paths[i % paths.len()]);
                    if !tokens.is_empty() {
                        request = request.bearer_auth(&tokens[i % tokens.len()]);
                    }
                    match request.send().await {
                        Ok(answer) if answer.status().is_success() => drop(answer.bytes().await),
                        _ => failed += 1,
                    }
                    previous_done = tokio::time::Instant::now();
                    // `CONSOLE_BENCH_TRACE=1`: when the slow answers came, to tell a stall of
                    // the whole server (every connection at once) from a slow request.
                    if trace && previous_done - counted_from > Duration::from_millis(10) {
                        let (took, at) =
                            ((previous_done - counted_from).as_millis(), (counted_from - start).as_millis());
                        eprintln!("slow: {took} ms, due {at} ms into the run (connection {connection})");
                    }
                    latencies.push(previous_done - counted_from);
                    due += interval;
                    i += CONNECTIONS as usize;
                }
                (latencies, failed)
            })
        })
        .collect();
    let (mut latencies, mut non_2xx) = (vec![], 0);
    for connection in connections {
        let (some, failed) = connection.await.expect("a connection's task");
        latencies.extend(some);
        non_2xx += failed;
    }
    latencies.sort();
    let at = |share: f64| latencies[((latencies.len() - 1) as f64 * share) as usize].as_secs_f64() * 1000.0;
    Measured {
        requests_per_second: latencies.len() as f64 / f64::from(SECONDS),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        non_2xx,
    }
}

/// One `wrk` run: requests cycle through `paths` and `tokens`.
fn wrk(work: &Path, base: &str, paths: &[&str], tokens: &[String], connections: u32) -> Measured {
    let quoted = |items: Vec<String>| items.join(", ");
    let script = format!(
        "local paths = {{{}}}\nlocal tokens = {{{}}}\nlocal i = 0\n\
         request = function()\n  i = i + 1\n  local headers = {{}}\n\
         if #tokens > 0 then headers[\"Authorization\"] = \"Bearer \" .. tokens[(i % #tokens) + 1] end\n\
         return wrk.format(\"GET\", paths[(i % #paths) + 1], headers)\nend\n",
        quoted(paths.iter().map(|p| format!("{p:?}")).collect()),
        quoted(tokens.iter().map(|t| format!("{t:?}")).collect()),
    );
    let script_path = work.join("run.lua");
    std::fs::write(&script_path, script).expect("the wrk script is written");
    let out = Command::new("wrk")
        .args(["-t", "2", "-c", &connections.to_string(), "-d", &format!("{SECONDS}s"), "--latency", "-s"])
        .arg(&script_path)
        .arg(base)
        .output()
        .expect("wrk runs");
    parse_wrk(&String::from_utf8_lossy(&out.stdout))
}

/// Reads `wrk --latency`'s report: "Requests/sec:", the 50% and 99% lines, and
/// "Non-2xx or 3xx responses:" (absent when there were none).
fn parse_wrk(report: &str) -> Measured {
    let mut measured = Measured::default();
    for line in report.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(n)) => measured.requests_per_second = n.parse().unwrap_or(0.0),
            (Some("50%"), Some(t)) => measured.p50_ms = milliseconds(t),
            (Some("99%"), Some(t)) => measured.p99_ms = milliseconds(t),
            _ if line.starts_with("Non-2xx or 3xx responses:") => {
                measured.non_2xx = line.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap_or(u64::MAX)
            }
            _ if line.starts_with("Socket errors:") => measured.non_2xx = u64::MAX,
            _ => {}
        }
    }
    assert!(measured.requests_per_second > 0.0, "wrk reported nothing:\n{report}");
    measured
}

/// `wrk`'s durations: `812.00us`, `1.20ms`, `2.01s`.
fn milliseconds(text: &str) -> f64 {
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let value: f64 = text[..split].parse().unwrap_or(f64::NAN);
    match &text[split..] {
        "us" => value / 1000.0,
        "ms" => value,
        "s" => value * 1000.0,
        "m" => value * 60_000.0,
        _ => f64::NAN,
    }
}

/// The ceiling: an axum handler that answers a small JSON body and touches nothing.
async fn bare_handler() -> std::net::SocketAddr {
    let app = axum::Router::new()
        .route("/bare", axum::routing::get(|| async { axum::Json(json!({"result": "success", "data": {"id": 1}})) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// The release binary, in its own process.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(database: &DatabaseUrl) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let database = match database {
            DatabaseUrl::Sqlite(file) => file.display().to_string(),
            DatabaseUrl::Postgres(url) => url.clone(),
        };
        let child = Command::new(env!("CARGO_BIN_EXE_console-server"))
            .args(["--addr", &format!("127.0.0.1:{port}"), "--database", &database])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server starts");
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An Organization of 10,000 users (the first signed up through the API, the others written
/// straight into the database: 9,999 sign-ups would time argon2, not the server), and the
/// tokens of every run. Returns the Organization's id.
async fn seed(base: &str, database: &DatabaseUrl) -> i64 {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while http.get(format!("{base}/api/health")).send().await.is_err() {
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let registered: Value = http
        .post(format!("{base}/api/register"))
        .json(
            &json!({"email": "owner@bench.example", "password": PASSWORD, "first_name": "Owner", "last_name": "Bench"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let account = registered["data"]["account"]["id"].as_i64().expect("signed up");
    let owner = registered["data"]["user"]["id"].as_i64().or_else(|| registered["data"]["user"]["user_id"].as_i64());
    let owner = owner.expect("the owner's id");

    let started = Instant::now();
    let url = match database {
        DatabaseUrl::Sqlite(file) => format!("sqlite://{}", file.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    };
    sqlx::any::install_default_drivers();
    let mut db = sqlx::AnyConnection::connect(&url).await.expect("the database opens");
    let mut tx = db.begin().await.unwrap();
    let (hash,): (String,) =
        sqlx::query_as("SELECT password_hash FROM users WHERE id = $1").bind(owner).fetch_one(&mut *tx).await.unwrap();
    let mut members = vec![];
    for n in 1..USERS {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (email, password_hash, first_name, last_name, locale, current_account_id, created_at, password_changed_at, search_text) \
             VALUES ($1, $2, $3, $4, 'en', $5, 0, 0, $6) RETURNING id",
        )
        .bind(format!("person-{n}@bench.example"))
        .bind(&hash)
        .bind(format!("Person{n}"))
        .bind(format!("Number {n}"))
        .bind(account)
        .bind(server::db::search_text(&format!("Person{n}"), &format!("Number {n}"), &format!("person-{n}@bench.example")))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        members.push(id);
    }
    // 500 to a statement, as the products below: PostgreSQL's triggers that keep the number of
    // members run once a statement (migration 0040).
    for chunk in members.chunks(500) {
        let values: Vec<String> = chunk.iter().map(|id| format!("({account}, {id}, 'normal', FALSE, 0)")).collect();
        sqlx::query(&format!(
            "INSERT INTO memberships (account_id, user_id, role, has_billing_access, created_at) VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    for run in 1..=RUNS {
        for token in tokens_of(run) {
            sqlx::query(
                "INSERT INTO oauth_grants (user_id, access_hash, refresh_hash, access_expires_at, refresh_expires_at, created_at, client) \
                 VALUES ($1, $2, $3, 4000000000, 4000000000, 0, 'console')",
            )
            .bind(owner)
            .bind(server::secrets::token_hash(&token))
            .bind(server::secrets::token_hash(&format!("refresh-{token}")))
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    // 100,000 products expiring over the next 800 days (so about 7,500 in the renewals'
    // default two months), written 500 to a statement.
    let types = ["domain", "hosting", "drive", "email_hosting", "ksuite"];
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let base = now - 20 * 86_400; // a few blocked, most ahead
    for chunk in (0..PRODUCTS).collect::<Vec<_>>().chunks(500) {
        let values: Vec<String> = chunk
            .iter()
            .map(|n| {
                let expires = base + (*n as i64 * 691) % (800 * 86_400);
                // Recorded as the scheduler's job would have it in a database in service, not
                // a backlog of 2,500 products to block at its first run in the middle of a run.
                let recorded = if expires <= now { "blocked" } else { "active" };
                format!(
                    "({account}, '{}', 'product-{n}.ch', 'product-{n}', 0, {expires}, '{recorded}')",
                    types[n % types.len()]
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at, \
             recorded_status) VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    // What a database in service has: statistics about its tables (PostgreSQL's autovacuum
    // gathers them by itself, a minute or so after a bulk insert; SQLite when asked).
    // PostgreSQL's autovacuum also marks the pages all-visible, which index-only scans (a
    // count) need; a bulk insert just made has not had it yet.
    let analyze = if matches!(database, DatabaseUrl::Postgres(_)) { "VACUUM ANALYZE" } else { "ANALYZE" };
    sqlx::query(analyze).execute(&mut db).await.unwrap();
    let _ = db.close().await;
    eprintln!(
        "seeded {USERS} users, {PRODUCTS} products and {} tokens in {:?}",
        RUNS * TOKENS_PER_RUN,
        started.elapsed()
    );
    account
}

/// The tokens of run `run`: each run has its own, so none starts with a spent allowance.
fn tokens_of(run: usize) -> Vec<String> {
    (0..TOKENS_PER_RUN).map(|i| format!("bench-token-{run}-{i}")).collect()
}

/// 50 log-ins in a row, as the console logs in; their latencies.
async fn log_ins(base: &str) -> Measured {
    let http = reqwest::Client::new();
    let mut times = vec![];
    let started = Instant::now();
    let mut non_2xx = 0;
    for _ in 0..50 {
        let sent = Instant::now();
        let status = http
            .post(format!("{base}/api/token"))
            .form(&[
                ("grant_type", "password"),
                ("username", "owner@bench.example"),
                ("password", PASSWORD),
                ("client_id", "console"),
            ])
            .send()
            .await
            .unwrap()
            .status();
        times.push(sent.elapsed().as_secs_f64() * 1000.0);
        non_2xx += u64::from(!status.is_success());
    }
    let total = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    Measured { requests_per_second: 50.0 / total, p50_ms: times[24], p99_ms: times[49], non_2xx }
}
