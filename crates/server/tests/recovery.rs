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

#[tokio::test]
async fn r_rec_2_a_forgotten_login_is_found_from_the_mobile_number_and_sent_where_chosen() {
    let server = TestServer::start().await;
    let rita = server.signed_in("rita@example.ch").await;
    // The profile keeps the recovery channels, in international form; a bad one is refused
    // on its field and changes nothing.
    let set = |phone: &str, email: &str| api::UpdateProfileRequest {
        reminder_phone: Some(phone.into()),
        reminder_email: Some(email.into()),
        ..Default::default()
    };
    let api::ClientError::Api { status, error } =
        rita.update_profile(&set("079 123", "not an email")).await.unwrap_err()
    else {
        panic!()
    };
    let fields: Vec<_> = error.errors.iter().map(|e| (e.context.attribute.as_str(), e.code.as_str())).collect();
    assert_eq!((status, fields), (422, vec![("reminder_phone", "invalid_phone"), ("reminder_email", "invalid_email")]));
    assert_eq!(rita.profile().await.unwrap().reminder_phone, None);
    let profile = rita.update_profile(&set("+41 79 123 45 67", "rita.home@example.org")).await.unwrap();
    assert_eq!(profile.reminder_phone.as_deref(), Some("+41791234567"));
    assert_eq!(profile.reminder_email.as_deref(), Some("rita.home@example.org"));

    let forgot = |phone: &str, channel, email: Option<&str>| api::ForgotLoginRequest {
        phone: phone.into(),
        channel,
        recovery_email: email.map(str::to_string),
    };
    let sms = || async {
        server
            .query::<(String, String, String)>(
                "SELECT channel, recipient, body FROM outbox WHERE channel = 'sms' ORDER BY id",
            )
            .await
    };
    // A number without an account: the same answer, nothing sent.
    assert!(server.client().forgot_login(&forgot("+41 79 999 99 99", None, None)).await.unwrap());
    assert!(sms().await.is_empty());
    // A malformed number is refused: that tells nothing about accounts.
    let (status, code, _) = api_error(server.client().forgot_login(&forgot("12", None, None)).await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "validation_failed"));

    // By SMS (the default), to the number as typed in any form.
    assert!(server.client().forgot_login(&forgot("0041 79 123 45 67", None, None)).await.unwrap());
    let sent = sms().await;
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].0.as_str(), sent[0].1.as_str()), ("sms", "+41791234567"));
    assert!(sent[0].2.contains("rita@example.ch"), "{}", sent[0].2);

    // To the recovery email, only when the address given is the account's own.
    let by_mail = |email| forgot("+41791234567", Some(domain::recovery::Channel::RecoveryEmail), Some(email));
    let before = server.outbox().await.len();
    assert!(server.client().forgot_login(&by_mail("someone.else@example.org")).await.unwrap());
    assert_eq!(server.outbox().await.len(), before, "not the account's recovery email: nothing sent");
    assert!(server.client().forgot_login(&by_mail("Rita.Home@example.org")).await.unwrap());
    let (to, subject, body) = server.outbox().await.pop().unwrap();
    assert_eq!((to.as_str(), subject.as_str()), ("rita.home@example.org", "Your login"));
    assert!(body.contains("rita@example.ch"));

    // Removed: nothing is found any more.
    rita.update_profile(&set("", "")).await.unwrap();
    assert!(server.client().forgot_login(&forgot("+41791234567", None, None)).await.unwrap());
    assert_eq!(sms().await.len(), 1);
}
