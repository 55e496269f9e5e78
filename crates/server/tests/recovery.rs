//! A forgotten password (R-REC-1): the link in the outbox sets a new password, once and within
//! an hour; every session ends; asking answers the same for an address without an account.

mod common;

use common::{api_error, later_by, TestServer, PASSWORD};
use serde_json::json;

/// The key of the last reset link mailed to `to`.
async fn mailed_key(server: &TestServer, to: &str) -> Option<String> {
    common::mailed_key(server, to, "/password/reset/").await
}

const NEW_PASSWORD: &str = "a much better passphrase";

#[tokio::test]
async fn r_rec_1_the_mailed_link_sets_a_new_password_once_and_ends_every_session() {
    let server = TestServer::start().await;
    let signed_in = server.signed_in("rita@example.ch").await;
    // An address without an account: the same answer, no mail.
    assert!(server.client().forgot_password("nobody@example.ch").await.unwrap());
    assert!(server.outbox().await.iter().all(|(to, _, _)| to != "nobody@example.ch"));
    assert!(server.client().forgot_password("  Rita@Example.ch ").await.unwrap(), "as typed");
    let (_, subject, _) = server.outbox().await.pop().unwrap();
    assert_eq!(subject, "Set a new password");
    let key = mailed_key(&server, "rita@example.ch").await.expect("a link");

    // A password too short changes nothing, and the link still works after.
    let (status, code, _) = api_error(server.client().reset_password(&key, "short").await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "validation_failed"));
    assert!(server.client().reset_password(&key, NEW_PASSWORD).await.unwrap());

    // The session held before is over; the old password no longer opens the account.
    let (status, _, _) = api_error(signed_in.profile().await.unwrap_err());
    assert_eq!(status, 401);
    assert!(server.client().log_in("rita@example.ch", PASSWORD, None).await.is_err());
    assert!(server.client().log_in("rita@example.ch", NEW_PASSWORD, None).await.is_ok());
    // Once only.
    let (status, code, context) =
        api_error(server.client().reset_password(&key, "yet another passphrase").await.unwrap_err());
    assert_eq!((status, code.as_str(), &context["minutes"]), (410, "password_reset_link_not_valid", &json!(60)));
    let (status, code, _) = api_error(server.client().reset_password("made-up", NEW_PASSWORD).await.unwrap_err());
    assert_eq!((status, code.as_str()), (404, "object_not_found"));
}

#[tokio::test]
async fn r_rec_1_a_link_older_than_an_hour_no_longer_works() {
    let server = TestServer::demo().await;
    server.client().forgot_password(server::DEMO_EMAIL).await.unwrap();
    let key = mailed_key(&server, server::DEMO_EMAIL).await.expect("a link");
    later_by(&server, 3_600).await;
    let (status, code, _) = api_error(server.client().reset_password(&key, NEW_PASSWORD).await.unwrap_err());
    assert_eq!((status, code.as_str()), (410, "password_reset_link_not_valid"));
    assert!(server.client().log_in(server::DEMO_EMAIL, server::DEMO_PASSWORD, None).await.is_ok(), "unchanged");
}
