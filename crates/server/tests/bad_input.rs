//! Bad input gets a clear answer in the wire format, naming the field, and changes nothing.

mod common;

use common::TestServer;
use serde_json::{json, Value};

async fn post(server: &TestServer, path: &str, body: Vec<u8>, token: Option<&str>) -> (u16, Value) {
    let mut request =
        reqwest::Client::new().post(server.url(path)).header("Content-Type", "application/json").body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_body_over_one_mebibyte_gets_413_in_the_envelope_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let mut registration = serde_json::to_value(common::registration("big@example.ch")).unwrap();
    registration["last_name"] = json!("x".repeat(1024 * 1024));
    let (status, body) = post(&server, "/register", serde_json::to_vec(&registration).unwrap(), None).await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("request_too_large")), "{body}");
    let refused = server.client().log_in("big@example.ch", common::PASSWORD, None).await.unwrap_err();
    assert_eq!(refused.code(), Some("invalid_grant"), "no account was made");
}

#[tokio::test]
async fn a_wrong_type_an_unknown_field_a_huge_number_or_broken_utf8_names_the_field() {
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let token = ana.token().unwrap().to_string();
    let account_id = ana.accounts().await.unwrap()[0].id;
    let path = format!("/1/accounts/{account_id}/invitations");
    let mut invitation = serde_json::to_value(common::invitation("zoe@example.ch", api::Role::Normal)).unwrap();
    let cases = [
        ("permissions.billing", json!("yes")),
        ("first_name", json!(12)),
        ("role_type", json!("emperor")),
        // Fields the request does not have: refused, not ignored.
        ("nickname", json!("Zo")),
        ("permissions.superpowers", json!(true)),
    ];
    for (attribute, value) in cases {
        let mut body = invitation.clone();
        let (parent, field) = attribute.split_once('.').map_or((None, attribute), |(p, f)| (Some(p), f));
        match parent {
            Some(parent) => body[parent][field] = value,
            None => body[field] = value,
        }
        let (status, answer) = post(&server, &path, serde_json::to_vec(&body).unwrap(), Some(&token)).await;
        assert_eq!(status, 422, "{attribute}: {answer}");
        assert_eq!(answer["error"]["code"], "validation_failed");
        assert_eq!(answer["error"]["errors"][0]["context"]["attribute"], attribute, "{answer}");
    }
    // A number past i64 where an id is expected.
    let patch = reqwest::Client::new()
        .patch(server.url("/2/profile"))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body(br#"{"language_id": 99999999999999999999999}"#.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), 422);
    let answer: Value = patch.json().await.unwrap();
    assert_eq!(answer["error"]["errors"][0]["context"]["attribute"], "language_id", "{answer}");

    // Text that is not UTF-8 inside a string.
    invitation["first_name"] = json!("PLACEHOLDER");
    let mut bytes = serde_json::to_vec(&invitation).unwrap();
    let at = bytes.windows(11).position(|w| w == b"PLACEHOLDER").unwrap();
    bytes.splice(at..at + 11, [0xff, 0xfe]);
    let (status, answer) = post(&server, &path, bytes, Some(&token)).await;
    assert_eq!((status, answer["error"]["code"].as_str()), (422, Some("validation_failed")), "{answer}");

    // Nothing of it was stored: zoe was never invited, so inviting her now works.
    let sent = ana.invite(account_id, &common::invitation("zoe@example.ch", api::Role::Normal)).await;
    assert!(sent.is_ok(), "{sent:?}");
}

#[tokio::test]
async fn a_client_that_sends_its_body_too_slowly_is_cut_off_with_408_in_the_envelope() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::with_timeout(std::time::Duration::from_millis(500)).await;
    let mut stream = tokio::net::TcpStream::connect(server.running.addr).await.unwrap();
    // Headers announce 100 bytes of body; one arrives, then nothing.
    let head = "POST /api/register HTTP/1.1\r\nHost: console\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer)).await;
    let read = read.expect("answered before 5 s").unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "cut off after about the timeout");
}
