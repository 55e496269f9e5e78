//! Two server processes on one PostgreSQL database behave as one server: the limit of R-API-2
//! is counted once across them, a refresh token works once even when both get it at the same
//! instant, and a scheduled job runs in one of them.
//!
//! PostgreSQL only (`CONSOLE_TEST_POSTGRES`, set by `cargo xtask test`): several processes on
//! one SQLite file is not a way the console is run.

mod common;

use common::{fresh_database, postgres_server, ServerProcess, PASSWORD};
use serde_json::{json, Value};
use std::time::Instant;

/// Both processes, started one after the other (the demo data is seeded by the first).
async fn two_processes(args: &[&str]) -> Option<(ServerProcess, ServerProcess, tempfile::TempDir)> {
    if postgres_server().is_none() {
        eprintln!("skipped: needs CONSOLE_TEST_POSTGRES (cargo xtask test runs it on PostgreSQL)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let first = ServerProcess::start(&database, args).await;
    let second = ServerProcess::start(&database, args).await;
    Some((first, second, dir))
}

#[tokio::test]
async fn r_api_2_sixty_a_minute_hold_across_two_processes() {
    let Some((a, b, _dir)) = two_processes(&[]).await else { return };
    a.client().register(&common::registration("ines@example.ch")).await.unwrap();
    // A script's token (no client_id): 60 a minute.
    let token = b.client().log_in("ines@example.ch", PASSWORD, None).await.unwrap().access_token;
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut allowed = 0;
    let mut refused_by = [0, 0];
    for n in 0..120 {
        let process = if n % 2 == 0 { &a } else { &b };
        let status = http.get(process.url("/2/profile")).bearer_auth(&token).send().await.unwrap().status();
        match status.as_u16() {
            200 => allowed += 1,
            429 => refused_by[n % 2] += 1,
            other => panic!("request {n}: {other}"),
        }
    }
    let elapsed = started.elapsed().as_secs();
    // Counted apart, each process would let 60 through: 120. Counted once: 60, and one more
    // for each whole second the run took (the limit refills one a second).
    assert!(allowed >= 60 && allowed <= 60 + elapsed + 1, "{allowed} allowed in {elapsed} s");
    assert!(refused_by[0] > 0 && refused_by[1] > 0, "both processes refuse once the minute's 60 are spent");
}

#[tokio::test]
async fn a_refresh_token_sent_to_two_processes_at_once_works_once() {
    let Some((a, b, _dir)) = two_processes(&[]).await else { return };
    a.client().register(&common::registration("noe@example.ch")).await.unwrap();
    let mut refresh = a.client().log_in("noe@example.ch", PASSWORD, None).await.unwrap().refresh_token;
    let (to_a, to_b) = (a.client(), b.client());
    for round in 0..10 {
        let (from_a, from_b) = tokio::join!(to_a.refresh(&refresh), to_b.refresh(&refresh));
        let winners: Vec<_> = [from_a, from_b].into_iter().filter_map(Result::ok).collect();
        assert_eq!(winners.len(), 1, "round {round}: exactly one process renews the session");
        refresh = winners[0].refresh_token.clone();
    }
}

#[tokio::test]
async fn a_due_job_runs_in_one_process_only() {
    let Some((a, b, _dir)) = two_processes(&["--demo"]).await else { return };
    a.client().register(&common::registration("ana@example.ch")).await.unwrap();
    let token = a.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let ana = a.client().with_token(Some(token.access_token));
    let account = ana.accounts().await.unwrap()[0].id;
    ana.invite(account, &common::invitation("lou@example.ch", api::Role::Normal)).await.unwrap();

    // Both demo clocks moved past the invitation's days at the same instant: both look for
    // due jobs, one claims them.
    let http = reqwest::Client::new();
    let now = get(&http, &a.url("/dev/clock")).await["data"]["now"].as_i64().unwrap();
    let later = json!({ "now": now + 8 * 86_400 });
    let (moved_a, moved_b) = tokio::join!(
        http.post(a.url("/dev/clock")).json(&later).send(),
        http.post(b.url("/dev/clock")).json(&later).send()
    );
    let jobs_run = |body: Value| body["data"]["jobs_run"].as_array().cloned().unwrap_or_default();
    let ran_a = jobs_run(moved_a.unwrap().json().await.unwrap());
    let ran_b = jobs_run(moved_b.unwrap().json().await.unwrap());
    let expiries = [&ran_a, &ran_b].iter().filter(|ran| ran.contains(&json!("expire_invitations"))).count();
    assert_eq!(expiries, 1, "the job ran in one process: {ran_a:?} and {ran_b:?}");

    let outbox = get(&http, &b.url("/dev/outbox")).await;
    let told: Vec<&Value> = outbox["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|mail| mail["subject"] == "The invitation of lou@example.ch expired")
        .collect();
    assert_eq!(told.len(), 1, "the inviter is told once");
}

async fn get(http: &reqwest::Client, url: &str) -> Value {
    http.get(url).send().await.unwrap().json().await.unwrap()
}
