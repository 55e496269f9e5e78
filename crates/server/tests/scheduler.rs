//! Time-driven jobs and the demo clock: `POST /api/dev/clock` moves time forward and runs what
//! became due; `GET /api/dev/outbox` shows the mail. Demo mode only.

mod common;

use api::{AcceptInvitationRequest, Role};
use common::{invitation, TestServer, PASSWORD};
use serde_json::{json, Value};

async fn get(server: &TestServer, path: &str) -> (u16, Value) {
    let response = reqwest::get(server.url(path)).await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn move_clock(server: &TestServer, now: i64) -> (u16, Value) {
    let response =
        reqwest::Client::new().post(server.url("/dev/clock")).json(&json!({ "now": now })).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn outside_demo_mode_the_dev_routes_do_not_exist() {
    let server = TestServer::start().await;
    for path in ["/dev/clock", "/dev/outbox"] {
        assert_eq!(get(&server, path).await.0, 404, "{path}");
    }
    let moved = reqwest::Client::new().post(server.url("/dev/clock")).json(&json!({"now": 4_000_000_000i64})).send();
    assert_eq!(moved.await.unwrap().status(), 404);
}

#[tokio::test]
async fn r_user_2_moving_the_demo_clock_past_an_invitations_days_expires_it_and_tells_the_inviter() {
    let server = TestServer::demo().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = ana.accounts().await.unwrap()[0].id;
    let sent = ana.invite(account_id, &invitation("zoe@example.ch", Role::Normal)).await.unwrap();
    let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).unwrap().to_string();

    // The outbox, newest first: the invitation's mail is there.
    let (status, outbox) = get(&server, "/dev/outbox").await;
    assert_eq!(status, 200);
    assert_eq!(outbox["data"][0]["recipient"], "zoe@example.ch");
    assert!(outbox["data"][0]["body"].as_str().unwrap().contains(&key));

    // Six days later nothing expires; eight days later the invitation has.
    let (_, now) = get(&server, "/dev/clock").await;
    let start = now["data"]["now"].as_i64().unwrap();
    let (status, moved) = move_clock(&server, start + 6 * 86_400).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["data"]["now"].as_i64().unwrap(), start + 6 * 86_400);
    let (_, outbox) = get(&server, "/dev/outbox").await;
    assert!(!outbox["data"][0]["subject"].as_str().unwrap().contains("expired"));
    let (_, moved) = move_clock(&server, start + 8 * 86_400).await;
    assert_eq!(
        moved["data"]["jobs_run"],
        json!([
            "expire_invitations",
            "renew_products",
            "record_product_status",
            "lapse_pro_formas",
            "close_support_accesses",
            "delete_identity_documents",
            "cancel_blocked_orders",
            "send_outbox",
            "forget_rate_limits"
        ])
    );
    let (_, outbox) = get(&server, "/dev/outbox").await;
    let newest = &outbox["data"][0];
    assert_eq!(newest["recipient"], "ana@example.ch");
    assert_eq!(newest["subject"], "The invitation of zoe@example.ch expired");
    assert!(
        outbox["data"].as_array().unwrap().iter().all(|m| !m["sent_at"].is_null()),
        "the outbox was sent: {outbox}"
    );
    let accept = AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() };
    let refused = server.client().accept_invitation(&key, &accept).await.unwrap_err();
    assert_eq!(refused.code(), Some("invitation_not_pending"));

    // Idempotent: another day runs the jobs again, and the inviter is not told twice (the
    // demo's products have mail of their own as days pass).
    let about_zoe = |outbox: &Value| {
        outbox["data"].as_array().unwrap().iter().filter(|m| m["subject"].as_str().unwrap().contains("zoe@")).count()
    };
    let count = about_zoe(&outbox);
    move_clock(&server, start + 9 * 86_400).await;
    let (_, outbox) = get(&server, "/dev/outbox").await;
    assert_eq!(about_zoe(&outbox), count);

    // The clock never goes back.
    let (status, refused) = move_clock(&server, start).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (422, Some("validation_failed")));
}
