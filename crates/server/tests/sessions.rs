//! Active sessions (issue 9, the Security page) over real HTTP and the database: listed once
//! per log-in (a refresh renews, it does not add), the current one marked, one ended by the
//! person and refused from then on.

mod common;

use api::ApiTokenRequest;
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
