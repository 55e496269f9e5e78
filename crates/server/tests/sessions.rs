//! Active sessions (issue 9, the Security page) over real HTTP and the database: listed once
//! per log-in (a refresh renews, it does not add), the current one marked, one ended by the
//! person and refused from then on.

mod common;

use api::{ApiTokenRequest, UpdateProfileRequest};
use common::{api_error, TestServer, PASSWORD};

#[tokio::test]
async fn a_session_is_listed_once_per_log_in_and_ends_when_ended() {
    let server = TestServer::start().await;
    let phone = server.signed_in("ana@example.ch").await;
    let laptop_login =
        server.client().with_client_id("console").log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let laptop = server.client().with_token(Some(laptop_login.access_token.clone()));

    let listed = laptop.sessions().await.unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    let current: Vec<_> = listed.iter().filter(|s| s.current).collect();
    assert_eq!((current.len(), current[0].client.as_str()), (1, "console"));
    let other = listed.iter().find(|s| !s.current).unwrap().clone();

    // A refresh renews the laptop's session: still two, and it began when it did.
    let renewed = server.client().refresh(&laptop_login.refresh_token).await.unwrap();
    let laptop = server.client().with_token(Some(renewed.access_token));
    let after = laptop.sessions().await.unwrap();
    assert_eq!(after.len(), 2);
    let mine = after.iter().find(|s| s.current).unwrap();
    assert_eq!(mine.signed_in_at, current[0].signed_in_at);

    // The phone's session ended from the laptop: refused from then on.
    assert!(laptop.end_session(other.id).await.unwrap());
    assert_eq!(api_error(phone.profile().await.unwrap_err()).1, "not_authorized");
    assert_eq!(laptop.sessions().await.unwrap().len(), 1);
    assert_eq!(api_error(laptop.end_session(other.id).await.unwrap_err()).0, 404, "ended already");
    let bea = server.signed_in("bea@example.ch").await;
    assert_eq!(api_error(bea.end_session(mine.id).await.unwrap_err()).0, 404, "not hers");

    // A personal token does not manage sessions (R-API-4).
    let request = ApiTokenRequest {
        name: "x".into(),
        scopes: vec!["user_info".into()],
        expires_at: None,
        password: PASSWORD.into(),
    };
    let token = laptop.create_api_token(&request).await.unwrap().token;
    let script = server.client().with_token(token);
    assert_eq!(api_error(script.sessions().await.unwrap_err()).0, 403);
}

#[tokio::test]
async fn a_password_change_ends_every_other_session_but_this_one_and_those_kept() {
    let server = TestServer::start().await;
    let phone = server.signed_in("ana@example.ch").await;
    let tablet_login = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let tablet = server.client().with_token(Some(tablet_login.access_token));
    let laptop_login =
        server.client().with_client_id("console").log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let laptop = server.client().with_token(Some(laptop_login.access_token.clone()));
    let token_request = ApiTokenRequest {
        name: "x".into(),
        scopes: vec!["user_info".into()],
        expires_at: None,
        password: PASSWORD.into(),
    };
    let script = server.client().with_token(laptop.create_api_token(&token_request).await.unwrap().token);
    // The newest log-in but this one: the tablet's.
    let tablet_id = laptop.sessions().await.unwrap().iter().filter(|s| !s.current).map(|s| s.id).max().unwrap();
    let change = |current: &str, new: &str, keep: Option<Vec<String>>| UpdateProfileRequest {
        current_password: Some(current.into()),
        password: Some(new.into()),
        keep_session_ids: keep,
        ..Default::default()
    };

    // A wrong current password and a short new one: both said, nothing changed.
    let api::ClientError::Api { status, error } =
        laptop.update_profile(&change("not-the-password", "short", None)).await.unwrap_err()
    else {
        panic!()
    };
    assert_eq!((status, error.code.as_str()), (422, "validation_failed"));
    let fields: Vec<_> = error.errors.iter().map(|e| e.context.attribute.as_str()).collect();
    assert_eq!(fields, ["current_password", "password"]);
    assert_eq!(error.errors[0].code, "wrong_password");
    assert!(phone.profile().await.is_ok(), "a refused change ends nothing");
    let keep = Some(vec!["not a number".to_string()]);
    assert_eq!(api_error(laptop.update_profile(&change(PASSWORD, "a-new-password-1", keep)).await.unwrap_err()).0, 422);

    // A personal token may not change it, whatever its scopes (R-API-4).
    let right = change(PASSWORD, "a-new-password-1", None);
    assert_eq!(api_error(script.update_profile(&right).await.unwrap_err()).0, 403);
    assert!(server.client().log_in("ana@example.ch", PASSWORD, None).await.is_ok(), "unchanged");

    // The tablet is kept (official `keep_session_ids`); the phone and the log-in just above end.
    let before = server.outbox().await.len();
    let keep = Some(vec![tablet_id.to_string()]);
    let profile = laptop.update_profile(&change(PASSWORD, "a-new-password-1", keep)).await.unwrap();
    assert!(profile.date_last_changed_password > 0);
    assert_eq!(api_error(phone.profile().await.unwrap_err()).1, "not_authorized", "the phone is signed out");
    assert!(tablet.profile().await.is_ok(), "the tablet was kept");
    assert!(laptop.profile().await.is_ok(), "the session that changed it stays");
    assert!(script.profile().await.is_ok(), "a personal token is not a session: it stays");
    assert!(server.client().log_in("ana@example.ch", PASSWORD, None).await.is_err(), "the old password fails");
    assert!(server.client().log_in("ana@example.ch", "a-new-password-1", None).await.is_ok());
    let mail = server.outbox().await;
    assert_eq!(mail.len(), before + 1);
    let (to, subject, body) = mail.last().unwrap();
    assert_eq!((to.as_str(), subject.as_str()), ("ana@example.ch", "Your password was changed"));
    assert!(body.contains("2 other session(s)"), "the phone and the check's log-in: {body}");
}
