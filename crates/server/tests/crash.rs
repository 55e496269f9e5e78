//! A server process killed with SIGKILL in the middle of a stream of writes loses none of the
//! writes it had answered with success: what was acknowledged is in the database when the
//! server starts again (SQLite in WAL mode, or PostgreSQL: the commit is durable once it
//! returns).

mod common;

use api::{Client, CreateAccountRequest, Currency, LegalEntityType};
use std::time::Duration;

#[tokio::test]
async fn a_server_killed_during_writes_keeps_every_write_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let mut server = common::ServerProcess::start(&database, &[]).await;
    let base = server.api_url();

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
    server.kill();
    let acknowledged = writer.await.unwrap();
    eprintln!("{} writes acknowledged before the kill", acknowledged.len());
    assert!((50..140).contains(&acknowledged.len()), "the kill came during the stream: {} written", acknowledged.len());

    // Started again on the same database: every acknowledged write is there.
    let _server = common::ServerProcess::start_on(server.port, &database, &[]).await;
    let token = console.log_in("kai@example.ch", common::PASSWORD, None).await.unwrap();
    let kai = anonymous.with_token(Some(token.access_token));
    let names: Vec<String> = kai.accounts().await.unwrap().into_iter().map(|a| a.name).collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|name| !names.contains(name)).collect();
    assert!(lost.is_empty(), "acknowledged, then lost: {lost:?}");
}
