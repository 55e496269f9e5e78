//! A server process killed with SIGKILL in the middle of a stream of writes loses none of the
//! writes it had answered with success: what was acknowledged is in the database when the
//! server starts again (SQLite in WAL mode, or PostgreSQL: the commit is durable once it
//! returns).

mod common;

use api::{Client, CreateAccountRequest, Currency, LegalEntityType};
use server::db::DatabaseUrl;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The real binary, as an operator runs it, on `database`.
fn spawn(database: &DatabaseUrl, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_console-server"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--database"])
        .arg(database_argument(database))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts")
}

/// What an operator gives `--database`: the URL as it is, with its password.
fn database_argument(database: &DatabaseUrl) -> String {
    match database {
        DatabaseUrl::Sqlite(file) => file.display().to_string(),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

async fn wait_until_up(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while reqwest::get(format!("{base}/health")).await.is_err() {
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_server_killed_during_writes_keeps_every_write_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/api");
    let mut server = spawn(&database, port);
    wait_until_up(&base).await;

    let anonymous = Client::new(api::transport::ReqwestTransport::default(), base.clone());
    anonymous.register(&common::registration("kai@example.ch")).await.unwrap();
    let console = anonymous.clone().with_client_id("console");
    let token = console.log_in("kai@example.ch", common::PASSWORD, None).await.unwrap();
    let kai = anonymous.clone().with_token(Some(token.access_token));

    // A stream of writes; the process is killed while it flows, after the 50th answer
    // (well within the console session's burst of 150, so the limit never ends it first).
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = answered.clone();
    let writer = tokio::spawn(async move {
        let mut acknowledged = vec![];
        for n in 0..400 {
            let request = CreateAccountRequest {
                name: format!("Written {n}"),
                legal_entity_type: LegalEntityType::Company,
                currency: Currency::Chf,
            };
            match kai.create_account(&request).await {
                Ok(created) => {
                    acknowledged.push(created.name);
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                Err(_) => break, // the server is gone
            }
        }
        acknowledged
    });
    while answered.load(std::sync::atomic::Ordering::SeqCst) < 50 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill().expect("SIGKILL"); // `Child::kill` sends SIGKILL on Unix
    server.wait().unwrap();
    let acknowledged = writer.await.unwrap();
    eprintln!("{} writes acknowledged before the kill", acknowledged.len());
    assert!((50..140).contains(&acknowledged.len()), "the kill came during the stream: {} written", acknowledged.len());

    // Started again on the same database: every acknowledged write is there.
    let mut server = spawn(&database, port);
    wait_until_up(&base).await;
    let token = console.log_in("kai@example.ch", common::PASSWORD, None).await.unwrap();
    let kai = anonymous.with_token(Some(token.access_token));
    let names: Vec<String> = kai.accounts().await.unwrap().into_iter().map(|a| a.name).collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|name| !names.contains(name)).collect();
    assert!(lost.is_empty(), "acknowledged, then lost: {lost:?}");
    server.kill().unwrap();
    server.wait().unwrap();
}
