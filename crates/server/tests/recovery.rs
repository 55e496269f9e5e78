//! A forgotten password (R-REC-1): the link in the outbox sets a new password, once and within
//! an hour; every session ends; asking answers the same for an address without an account.

mod common;

use api::{Role, UpdateProfileRequest};
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

/// The temporary login stored for `email` (R-REC-3), as an operator reads it.
async fn temporary_login_of(server: &TestServer, email: &str) -> Option<String> {
    let rows: Vec<(Option<String>,)> =
        server.query(&format!("SELECT temporary_login FROM users WHERE lower(email) = lower('{email}')")).await;
    rows.into_iter().next().and_then(|(login,)| login)
}

#[tokio::test]
async fn r_rec_3_a_mail_service_ended_puts_its_members_logins_in_recovery() {
    // R-REC-3 (and R-KC-1: with nowhere to send the temporary login, identity verification)
    let server = TestServer::demo().await;
    let (demo_user, company, _) = common::demo(&server).await;
    let mail_service = common::mail_service(&demo_user, company, "assoziation.ch").await;
    let (anna, _) = common::join(&server, &demo_user, company, "anna789@assoziation.ch", Role::Normal).await;
    let reminders = UpdateProfileRequest {
        reminder_phone: Some("+41 79 123 45 67".into()),
        reminder_email: Some("anna.private@example.org".into()),
        ..Default::default()
    };
    anna.set_profile(&reminders).await.unwrap();
    let (_bob, bob_id) = common::join(&server, &demo_user, company, "bob@assoziation.ch", Role::Normal).await;
    let _carl = server.signed_in("carl@assoziation.ch").await; // not a member: not this Organization's to end

    demo_user.request_cancellation(company, mail_service).await.unwrap();
    let key = common::mailed_key(&server, server::DEMO_EMAIL, "/cancellations/").await.unwrap();
    server.client().confirm_cancellation(&key).await.unwrap();

    let login = temporary_login_of(&server, "anna789@assoziation.ch").await.expect("in recovery");
    assert!(login.starts_with("ip") && login.len() == 8, "initials and six digits: {login}");
    let sent: Vec<(String, String, String)> =
        server.query("SELECT channel, recipient, body FROM outbox ORDER BY id").await;
    let to_anna: Vec<(&str, &str)> = sent
        .iter()
        .filter(|(_, _, body)| body.contains(&login))
        .map(|(channel, to, _)| (channel.as_str(), to.as_str()))
        .collect();
    assert_eq!(to_anna, [("sms", "+41791234567"), ("email", "anna.private@example.org")]);

    // The old login no longer logs in; the temporary one does, with the unchanged password.
    let old = server.client().log_in("anna789@assoziation.ch", common::PASSWORD, None).await.unwrap_err();
    assert!(matches!(old, api::ClientError::OAuth { status: 401, .. }), "{old:?}");
    let token = server.client().log_in(&login, common::PASSWORD, None).await.unwrap();
    let anna = server.client().with_token(Some(token.access_token));
    let profile = anna.profile().await.unwrap();
    assert!(profile.login_email_required);
    assert_eq!(profile.login, login);

    // Before a new login email: reading, yes; anything else, no.
    assert_eq!(anna.accounts().await.unwrap().len(), 1);
    let second = api::CreateAccountRequest {
        name: "Anna's own".into(),
        legal_entity_type: api::LegalEntityType::Individual,
        currency: api::Currency::Chf,
    };
    let refused = api_error(anna.create_account(&second).await.unwrap_err());
    assert_eq!((refused.0, refused.1.as_str()), (403, "login_email_required"));

    // The new login email: the password again, an address nobody else logs in with.
    let change = |email: &str, password: &str| UpdateProfileRequest {
        email: Some(email.into()),
        current_password: Some(password.into()),
        ..Default::default()
    };
    let taken = anna.set_profile(&change("carl@assoziation.ch", common::PASSWORD)).await.unwrap_err();
    let wrong = anna.set_profile(&change("anna@new-home.ch", "not the password")).await.unwrap_err();
    for (error, field, code) in [(taken, "email", "email_taken"), (wrong, "current_password", "wrong_password")] {
        let api::ClientError::Api { status: 422, error } = error else { panic!("{error:?}") };
        assert_eq!((error.errors[0].context.attribute.as_str(), error.errors[0].code.as_str()), (field, code));
    }
    anna.set_profile(&change("anna@new-home.ch", common::PASSWORD)).await.unwrap();
    let profile = anna.profile().await.unwrap();
    assert_eq!((profile.login_email_required, profile.login.as_str()), (false, "anna@new-home.ch"));
    assert!(server.client().log_in(&login, common::PASSWORD, None).await.is_err(), "the temporary login is gone");
    server.client().log_in("anna@new-home.ch", common::PASSWORD, None).await.unwrap();

    // Bob has neither a mobile nor a recovery email: identity verification is asked.
    let bob_login = temporary_login_of(&server, "bob@assoziation.ch").await.expect("in recovery");
    assert!(!sent.iter().any(|(_, _, body)| body.contains(&bob_login)), "sent nowhere");
    let asked: Vec<(i64, String)> =
        server.query(&format!("SELECT user_id, reason FROM identity_checks WHERE user_id = {bob_id}")).await;
    assert_eq!(asked, [(bob_id, "forgotten_login_email".to_string())]);
    // Carl, who is no member, keeps his login.
    assert_eq!(temporary_login_of(&server, "carl@assoziation.ch").await, None);
    server.client().log_in("carl@assoziation.ch", common::PASSWORD, None).await.unwrap();
}

#[tokio::test]
async fn r_rec_3_a_mail_service_terminated_unpaid_does_the_same() {
    // R-REC-3, R-RENEW-8: the demo's Mail Service expires in 20 days, auto-renewal off.
    let server = TestServer::demo().await;
    let (demo_user, company, _) = common::demo(&server).await;
    common::join(&server, &demo_user, company, "zoe@mail.demo-company.ch", Role::Normal).await;
    later_by(&server, (20 + domain::lifecycle::GRACE_DAYS) * 86_400 - 3_600).await;
    assert_eq!(temporary_login_of(&server, "zoe@mail.demo-company.ch").await, None, "blocked, not yet ended");
    later_by(&server, 2 * 3_600).await;
    assert!(temporary_login_of(&server, "zoe@mail.demo-company.ch").await.is_some(), "terminated: in recovery");
}
