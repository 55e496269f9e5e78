//! Identity verification (kCheck, R-KC-*) over real HTTP and the database: an order using
//! the provider's brand held once paid (R-KC-1), the document sent from the profile, deleted
//! 72 hours later when nobody processed it (R-KC-2), the order released when the identity is
//! confirmed, cancelled and refunded in full when refused or after 10 days (R-KC-3). Time is
//! the demo clock's; processing is the demo route that stands for the provider's staff.

mod common;

use api::{ClientError, IdentityDocumentRequest, OrderItemRequest, OrderRequest, PaymentChoice};
use common::{api_error, demo, later_by, product, Api, TestServer};
use domain::kcheck::{CheckStatus, DocumentType, VerificationReason};
use serde_json::json;

/// A PNG's first bytes are all the server looks at, in base64.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn order(name: &str, months: u32, payment: Option<PaymentChoice>, use_prepaid: bool) -> OrderRequest {
    let item = OrderItemRequest { service_name: "domain".into(), customer_name: name.into(), period_months: months };
    OrderRequest { items: vec![item], payment, use_prepaid }
}

async fn saved_card(demo: &Api, account: i64) -> PaymentChoice {
    let methods = demo.payment_methods(account).await.unwrap();
    PaymentChoice { payment_method_id: Some(methods.iter().find(|m| m.is_default).unwrap().id), ..Default::default() }
}

fn document(content: &str) -> IdentityDocumentRequest {
    IdentityDocumentRequest { document_type: DocumentType::Passport, content: content.into() }
}

/// The staff's answer to a sent document (demo mode).
async fn process(server: &TestServer, check: i64, accepted: bool) -> reqwest::StatusCode {
    let url = server.url(&format!("/dev/identity_checks/{check}"));
    reqwest::Client::new().post(url).json(&json!({ "accepted": accepted })).send().await.unwrap().status()
}

fn field_code(error: ClientError) -> (u16, String) {
    match error {
        ClientError::Api { status, error } => {
            (status, error.errors.first().map(|e| e.code.clone()).unwrap_or(error.code))
        }
        other => panic!("not an API error: {other:?}"),
    }
}

async fn balance(demo: &Api, account: i64) -> i64 {
    demo.prepaid(account).await.unwrap().balance.money().unwrap().cents
}

#[tokio::test]
async fn r_kc_1_an_order_using_the_brand_is_held_until_the_identity_is_confirmed() {
    // R-KC-1, R-KC-2, R-KC-3
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let card = saved_card(&demo, company).await;
    let ordinary = demo.order(company, &order("plain-shop.ch", 12, Some(card.clone()), false)).await.unwrap();
    assert_eq!(ordinary.status, "paid", "an ordinary name is not held");

    let held = demo.order(company, &order("Infomaniak-Help.ch", 12, Some(card), false)).await.unwrap();
    assert_eq!(held.status, "blocked");
    assert!(held.product_ids.is_empty(), "nothing is made while it is held");
    let blocked_at = held.blocked_at.unwrap();
    assert_eq!(held.cancel_at, Some(blocked_at + 10 * 86_400), "R-KC-3: 10 days");
    let mails = server.outbox().await;
    let (_, _, body) = mails.iter().rev().find(|(_, subject, _)| subject.contains("confirm your identity")).unwrap();
    assert!(body.contains(&format!("Order {}", held.id)) && body.contains("72 hours"), "{body}");

    let checks = demo.identity_checks().await.unwrap();
    assert_eq!(checks.len(), 1);
    let check = &checks[0];
    assert_eq!(
        (check.reason, check.order_id, check.status, check.order_cancel_at),
        (VerificationReason::SuspiciousOrder, Some(held.id), CheckStatus::Waiting, held.cancel_at)
    );

    // Bad files are refused on their field, and change nothing.
    let refused = [
        ("not base64!", "invalid_value"),
        ("", "document_empty"),
        ("R0lGODlhAQABAAAAACw=", "document_format_not_supported"), // a GIF
    ];
    for (content, code) in refused {
        let answer = field_code(demo.send_identity_document(check.id, &document(content)).await.unwrap_err());
        assert_eq!(answer, (422, code.to_string()), "{content:?}");
    }
    assert_eq!(demo.identity_checks().await.unwrap()[0].status, CheckStatus::Waiting);

    let sent = demo.send_identity_document(check.id, &document(PNG)).await.unwrap();
    assert_eq!((sent.status, sent.document_type), (CheckStatus::Sent, Some(DocumentType::Passport)));
    assert_eq!(
        sent.deleted_at,
        Some(sent.sent_at.unwrap() + 72 * 3600),
        "R-KC-2: deleted after 72 hours unless processed"
    );
    let (status, code, _) = api_error(demo.send_identity_document(check.id, &document(PNG)).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "identity_check_not_waiting"), "sent once");

    // Another person's verification does not exist for them; a personal token cannot prove
    // anybody's identity.
    let stranger = server.signed_in("eve@example.ch").await;
    let (status, code, _) = api_error(stranger.send_identity_document(check.id, &document(PNG)).await.unwrap_err());
    assert_eq!((status, code.as_str()), (404, "object_not_found"));
    assert!(stranger.identity_checks().await.unwrap().is_empty());

    // Confirmed: released, its product made; what was sent is deleted.
    assert_eq!(process(&server, check.id, true).await, 200);
    let released = demo.orders(company).await.unwrap().into_iter().find(|o| o.id == held.id).unwrap();
    assert_eq!((released.status.as_str(), released.cancel_at), ("paid", None));
    let made = product(&demo, company, "Infomaniak-Help.ch").await;
    assert_eq!(released.product_ids, [made.id]);
    assert!(made.auto_renewal.enabled, "R-RENEW-5: paid with the saved card");
    let kept: Vec<(Option<Vec<u8>>, String)> =
        server.query(&format!("SELECT document, status FROM identity_checks WHERE id = {}", check.id)).await;
    assert_eq!(kept, [(None, "accepted".to_string())], "nothing kept once processed");
    assert_eq!(process(&server, check.id, true).await, 409, "processed once");
}

#[tokio::test]
async fn r_kc_2_what_was_sent_is_deleted_after_72_hours_and_may_be_sent_again() {
    // R-KC-2, R-KC-3 (refused: cancelled and refunded at once)
    let server = TestServer::demo().await;
    let (demo_user, company, _) = demo(&server).await;
    let card = saved_card(&demo_user, company).await;
    let held = demo_user.order(company, &order("my-infomaniak.ch", 12, Some(card), false)).await.unwrap();
    let check = demo_user.identity_checks().await.unwrap()[0].id;
    demo_user.send_identity_document(check, &document(PNG)).await.unwrap();
    let stored: Vec<(i64,)> =
        server.query(&format!("SELECT LENGTH(document) FROM identity_checks WHERE id = {check}")).await;
    assert_eq!(stored, [(70,)], "the file as sent");

    later_by(&server, 72 * 3600 - 120).await;
    let (demo_user, _, _) = demo(&server).await;
    assert_eq!(demo_user.identity_checks().await.unwrap()[0].status, CheckStatus::Sent, "not yet");
    later_by(&server, 180).await;
    let deleted = demo_user.identity_checks().await.unwrap().remove(0);
    assert_eq!(deleted.status, CheckStatus::Deleted);
    assert!(deleted.deleted_at.unwrap() >= deleted.sent_at.unwrap() + 72 * 3600);
    let stored: Vec<(Option<i64>,)> =
        server.query(&format!("SELECT LENGTH(document) FROM identity_checks WHERE id = {check}")).await;
    assert_eq!(stored, [(None,)], "R-KC-2: deleted");
    assert_eq!(process(&server, check, true).await, 409, "nothing left to process");

    // Sent again within the order's 10 days, then refused: cancelled and refunded at once.
    let again = demo_user.send_identity_document(check, &document(PNG)).await.unwrap();
    assert_eq!(again.status, CheckStatus::Sent);
    assert_eq!(process(&server, check, false).await, 200);
    let cancelled = demo_user.orders(company).await.unwrap().into_iter().find(|o| o.id == held.id).unwrap();
    assert_eq!(cancelled.status, "cancelled");
    assert_eq!(cancelled.refunded.map(|p| p.amount), Some(held.total.amount.clone()));
    assert_eq!(demo_user.identity_checks().await.unwrap()[0].status, CheckStatus::Refused);
}

#[tokio::test]
async fn r_kc_3_a_held_order_not_released_in_10_days_is_cancelled_and_refunded_in_full() {
    // R-KC-3, R-PAY-4 (paid partly from the prepaid balance, partly by card)
    let server = TestServer::demo().await;
    let (demo_user, company, _) = demo(&server).await;
    let before = balance(&demo_user, company).await;
    let card = saved_card(&demo_user, company).await;
    let held = demo_user.order(company, &order("infomaniak-shop.ch", 24, Some(card), true)).await.unwrap();
    assert_eq!(held.status, "blocked");
    assert_eq!(balance(&demo_user, company).await, 0, "the balance paid its part");
    assert!(before < held.total.money().unwrap().cents, "the card paid the rest");
    let invoice: Vec<(i64, i64, Option<String>)> = server
        .query(&format!(
            "SELECT from_prepaid_cents, from_method_cents, charge_reference FROM invoices WHERE id = {}",
            held.invoice_id.unwrap()
        ))
        .await;
    let (from_prepaid, from_method, reference) = invoice[0].clone();
    assert_eq!((from_prepaid, from_prepaid + from_method), (before, held.total.money().unwrap().cents));
    assert!(reference.unwrap().starts_with("test_charge_"), "the charge is kept to refund it");

    later_by(&server, 10 * 86_400 - 120).await;
    let (demo_user, _, _) = demo(&server).await;
    let waiting = demo_user.orders(company).await.unwrap().into_iter().find(|o| o.id == held.id).unwrap();
    assert_eq!(waiting.status, "blocked", "not yet");
    let jobs = later_by(&server, 180).await;
    assert!(jobs.as_array().unwrap().contains(&json!("cancel_blocked_orders")), "{jobs}");
    let cancelled = demo_user.orders(company).await.unwrap().into_iter().find(|o| o.id == held.id).unwrap();
    assert_eq!(cancelled.status, "cancelled");
    assert_eq!(cancelled.refunded.map(|p| p.amount), Some(held.total.amount.clone()), "in full");
    assert!(cancelled.cancelled_at.is_some() && cancelled.cancel_at.is_none());
    assert_eq!(balance(&demo_user, company).await, before, "the prepaid part is back, to the cent");
    let prepaid = demo_user.prepaid(company).await.unwrap();
    assert_eq!(prepaid.movements[0].amount.money().unwrap().cents, from_prepaid, "one movement back");
    let mails = server.outbox().await;
    let (to, _, body) = mails.iter().rev().find(|(_, subject, _)| subject.contains("cancelled and refunded")).unwrap();
    assert_eq!(to, server::DEMO_EMAIL);
    assert!(body.contains(&format!("order {}", held.id)), "{body}");
    // Settled once: a later run changes nothing.
    later_by(&server, 120).await;
    assert_eq!(balance(&demo_user, company).await, before);
}

/// R-KC-1 (turning 2FA off): a person with 2FA on who lost their app and their backup codes
/// asks a verification of themself; once what they sent is accepted, 2FA is off and they log
/// in with their password alone. Refused: 2FA stays on. Asked with 2FA off, twice, or for a
/// reason the console asks by itself: refused, each with its reason.
#[tokio::test]
async fn r_kc_1_a_verified_identity_turns_two_factor_off_for_who_lost_their_factors() {
    let server = TestServer::demo().await;
    let ana = server.signed_in("ana@example.ch").await;
    let turn_off = api::IdentityCheckRequest { reason: VerificationReason::TurnOffTwoFactor };
    let (status, code, _) = api_error(ana.ask_identity_check(&turn_off).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "two_factor_state_conflict"), "2FA is off");

    let enrolment = ana.start_two_factor().await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    ana.confirm_two_factor(&domain::twofa::code_at(&enrolment.secret, now).unwrap()).await.unwrap();
    let other = api::IdentityCheckRequest { reason: VerificationReason::FirstPayout };
    assert_eq!(api_error(ana.ask_identity_check(&other).await.unwrap_err()).0, 422, "the console's to ask");

    // Refused: nothing changes.
    let check = ana.ask_identity_check(&turn_off).await.unwrap();
    assert_eq!(
        (check.status, check.reason, check.order_id),
        (CheckStatus::Waiting, VerificationReason::TurnOffTwoFactor, None)
    );
    let (status, code, _) = api_error(ana.ask_identity_check(&turn_off).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "object_already_exists"), "one at a time");
    ana.send_identity_document(check.id, &document(PNG)).await.unwrap();
    assert_eq!(process(&server, check.id, false).await, 200);
    assert!(ana.profile().await.unwrap().double_auth, "refused: 2FA stays on");

    // Accepted: off, the backup codes gone, a log-in without a code.
    let check = ana.ask_identity_check(&turn_off).await.unwrap();
    ana.send_identity_document(check.id, &document(PNG)).await.unwrap();
    assert_eq!(process(&server, check.id, true).await, 200);
    assert!(!ana.profile().await.unwrap().double_auth, "accepted: 2FA is off");
    let codes: Vec<(i64,)> = server
        .query(
            "SELECT COUNT(*) FROM backup_codes WHERE user_id = (SELECT id FROM users WHERE email = 'ana@example.ch')",
        )
        .await;
    assert_eq!(codes, [(0,)]);
    let login = server.client().log_in("ana@example.ch", common::PASSWORD, None).await;
    assert!(login.is_ok(), "the password alone: {login:?}");
}

fn forgotten(email: &str, reply_to: &str, content: &str) -> api::ForgottenPasswordCheckRequest {
    api::ForgottenPasswordCheckRequest {
        email: email.into(),
        reply_to: reply_to.into(),
        document_type: DocumentType::IdentityCard,
        content: content.into(),
    }
}

/// R-KC-1 (forgotten password), R-REC-1: signed out, who can no longer read their login email
/// sends their identity document and an address they read now. The login email is told of
/// the request; refused, the address is told and the password is unchanged; accepted, a link
/// that sets a new password goes to that address, once. The answer is the same for a login
/// nobody has; a bad reply address or document is refused before anything else is looked at.
#[tokio::test]
async fn r_kc_1_a_confirmed_identity_sends_the_forgotten_password_link_to_the_address_given() {
    let server = TestServer::demo().await;
    let rosa = server.signed_in("rosa@example.ch").await;
    let (reply_to, new_password) = ("rosa.private@example.net", "a much better passphrase");

    // Refused for what it is, whoever the login: nothing stored, nothing mailed.
    let bad_address = forgotten("rosa@example.ch", "rosa at home", PNG);
    let refused = server.client().forgot_password_by_identity(&bad_address).await.unwrap_err();
    assert_eq!(field_code(refused), (422, "invalid_email".into()));
    let not_a_document = forgotten("rosa@example.ch", reply_to, "aGVsbG8=");
    let refused = server.client().forgot_password_by_identity(&not_a_document).await.unwrap_err();
    assert_eq!(field_code(refused), (422, "document_format_not_supported".into()));
    let mails_before = server.outbox().await.len();
    assert!(server.client().forgot_password_by_identity(&forgotten("nobody@example.ch", reply_to, PNG)).await.unwrap());
    assert_eq!(server.outbox().await.len(), mails_before, "no account: the same answer, no mail");
    let stored: Vec<(i64,)> =
        server.query("SELECT COUNT(*) FROM identity_checks WHERE reason = 'forgotten_password'").await;
    assert_eq!(stored, [(0,)]);

    // Refused by the staff: the address is told, the password unchanged.
    assert!(server.client().forgot_password_by_identity(&forgotten(" Rosa@Example.ch", reply_to, PNG)).await.unwrap());
    let mails = server.outbox().await;
    let (to, subject, body) = mails.last().unwrap();
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("rosa@example.ch", "A new password was asked by identity verification")
    );
    assert!(body.contains(reply_to), "{body}");
    let check = rosa.identity_checks().await.unwrap().remove(0);
    assert_eq!((check.reason, check.status), (VerificationReason::ForgottenPassword, CheckStatus::Sent));
    assert_eq!(process(&server, check.id, false).await, 200);
    let (to, subject, _) = server.outbox().await.pop().unwrap();
    assert_eq!((to.as_str(), subject.as_str()), (reply_to, "Your identity could not be confirmed"));
    assert!(common::mailed_key(&server, reply_to, "/password/reset/").await.is_none(), "no link");

    // Accepted: the link goes to the address given, sets the password once, ends the sessions.
    server.client().forgot_password_by_identity(&forgotten("rosa@example.ch", reply_to, PNG)).await.unwrap();
    let check = rosa.identity_checks().await.unwrap().remove(0);
    assert_eq!(process(&server, check.id, true).await, 200);
    let key = common::mailed_key(&server, reply_to, "/password/reset/").await.expect("a link to the address given");
    let documents: Vec<(i64,)> = server.query("SELECT COUNT(*) FROM identity_checks WHERE document IS NOT NULL").await;
    assert_eq!(documents, [(0,)], "what was sent is deleted once processed (R-KC-2)");
    assert!(server.client().reset_password(&key, new_password).await.unwrap());
    assert_eq!(api_error(rosa.profile().await.unwrap_err()).0, 401, "every session ended");
    assert!(server.client().log_in("rosa@example.ch", common::PASSWORD, None).await.is_err());
    assert!(server.client().log_in("rosa@example.ch", new_password, None).await.is_ok());
    let (status, code, _) =
        api_error(server.client().reset_password(&key, "yet another passphrase").await.unwrap_err());
    assert_eq!((status, code.as_str()), (410, "password_reset_link_not_valid"));
}
