//! Cancelling a product (R-CAN-*), on the demo data: asked, confirmed through the mailed link,
//! the product terminated at once; and a renewal's pro-forma that lapses with its products
//! (R-PAY-10), driven by the demo clock.

mod common;

use api::{MethodType, PaymentChoice, PaymentRequest, ProductQuery, Role};
use common::{api_error, demo, join, later_by, product, Api, TestServer};
use domain::lifecycle::ProductStatus;
use serde_json::json;
use std::collections::BTreeMap;

/// The key of the last cancellation link mailed to `to`.
async fn mailed_key(server: &TestServer, to: &str) -> String {
    common::mailed_key(server, to, "/cancellations/").await.expect("a cancellation link")
}

async fn invoice_status(demo: &Api, account: i64, id: i64) -> String {
    demo.invoices(account).await.unwrap().into_iter().find(|i| i.id == id).unwrap().status
}

async fn statuses(demo: &Api, account: i64, status: ProductStatus) -> Vec<String> {
    let query = ProductQuery { per_page: Some(100), status: Some(status), ..Default::default() };
    demo.products(account, &query).await.unwrap().items.into_iter().map(|p| p.customer_name).collect()
}

#[tokio::test]
async fn r_can_1_nothing_ends_until_the_mailed_link_is_followed_then_the_product_is_terminated() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let drive = product(&demo, company, "Team drive").await; // 200 days, auto-renewal on
    assert!(drive.auto_renewal.enabled);

    let asked = demo.request_cancellation(company, drive.id).await.unwrap();
    assert_eq!((asked.status.as_str(), asked.email.as_str()), ("pending", server::DEMO_EMAIL));
    assert_eq!((asked.customer_name.as_str(), asked.account_name.as_str()), ("Team drive", "Demo Company SA"));
    let (to, subject, body) = server.outbox().await.pop().unwrap();
    assert_eq!((to.as_str(), subject.as_str()), (server::DEMO_EMAIL, "Confirm the cancellation of Team drive"));
    assert!(body.contains("Demo Company SA"), "{body}");
    // R-CAN-1: asked only; the product is as it was.
    let still = product(&demo, company, "Team drive").await;
    assert_eq!((still.status, still.auto_renewal.enabled), (ProductStatus::Active, true));
    assert!(demo.product_history(company, drive.id).await.unwrap().is_empty());

    let key = mailed_key(&server, server::DEMO_EMAIL).await;
    let seen = server.client().cancellation(&key).await.unwrap();
    assert_eq!((seen.status.as_str(), seen.product_id), ("pending", drive.id), "the link's page, signed out");
    let confirmed = server.client().confirm_cancellation(&key).await.unwrap();
    assert_eq!(confirmed.status, "confirmed");
    assert_eq!(confirmed.fees_still_due.map(|fee| fee.amount), Some("0.00".to_string()));

    let ended = product(&demo, company, "Team drive").await;
    assert_eq!((ended.status, ended.auto_renewal.enabled), (ProductStatus::Terminated, false));
    assert_eq!(ended.expired_at, drive.expired_at, "what was paid is kept on record");
    let history = demo.product_history(company, drive.id).await.unwrap();
    let events: Vec<(&str, &str)> = history.iter().map(|e| (e.event.as_str(), e.detail.as_str())).collect();
    assert_eq!(events, [("terminated", "cancelled")]);
    // Terminated whatever its expiry: in that filter, out of the others and of the renewals.
    assert!(statuses(&demo, company, ProductStatus::Terminated).await.contains(&"Team drive".to_string()));
    assert!(!statuses(&demo, company, ProductStatus::Active).await.contains(&"Team drive".to_string()));
    assert!(demo.renewals(company, true).await.unwrap().iter().all(|r| r.product_id != drive.id));

    // Once only: the link again, and a new request, are refused.
    let (status, code, _) = api_error(server.client().confirm_cancellation(&key).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "cancellation_already_confirmed"));
    let (status, code, _) = api_error(demo.request_cancellation(company, drive.id).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "product_already_terminated"));
    // R-CAN-4: nothing can be restored after: a terminated product is not paid for (renewed)
    // again, and the console keeps no backup of its own to bring back.
    let pay =
        PaymentRequest { product_ids: vec![drive.id], periods: BTreeMap::new(), use_prepaid: true, payment: None };
    let (status, code, context) = api_error(demo.pay(company, &pay).await.unwrap_err());
    assert_eq!((status, code.as_str(), &context["status"]), (422, "product_not_active", &json!("terminated")));
}

#[tokio::test]
async fn r_can_1_a_new_request_replaces_the_link_and_a_made_up_key_is_not_found() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let backups = product(&demo, company, "Backups").await;
    demo.request_cancellation(company, backups.id).await.unwrap();
    let first = mailed_key(&server, server::DEMO_EMAIL).await;
    demo.request_cancellation(company, backups.id).await.unwrap();
    let second = mailed_key(&server, server::DEMO_EMAIL).await;
    assert_ne!(first, second);
    for key in [first.as_str(), "no-such-key"] {
        let (status, code, _) = api_error(server.client().confirm_cancellation(key).await.unwrap_err());
        assert_eq!((status, code.as_str()), (404, "object_not_found"), "{key}");
    }
    assert_eq!(product(&demo, company, "Backups").await.status, ProductStatus::Active);
    server.client().confirm_cancellation(&second).await.unwrap();
    assert_eq!(product(&demo, company, "Backups").await.status, ProductStatus::Terminated);
}

#[tokio::test]
async fn r_can_3_the_other_owners_and_admins_are_told_and_a_collaborator_cannot_cancel() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let (_, _) = join(&server, &demo, company, "ada@example.ch", Role::Admin).await;
    let (collaborator, _) = join(&server, &demo, company, "col@example.ch", Role::Normal).await;
    let mail = product(&demo, company, "mail.demo-company.ch").await;
    let (status, code, _) = api_error(collaborator.request_cancellation(company, mail.id).await.unwrap_err());
    assert_eq!((status, code.as_str()), (403, "access_denied"));

    let before = server.outbox().await.len();
    demo.request_cancellation(company, mail.id).await.unwrap();
    server.client().confirm_cancellation(&mailed_key(&server, server::DEMO_EMAIL).await).await.unwrap();
    let told: Vec<(String, String, String)> = server.outbox().await.into_iter().skip(before + 1).collect();
    let recipients: Vec<&str> = told.iter().map(|(to, _, _)| to.as_str()).collect();
    assert_eq!(recipients, ["ada@example.ch"], "the other admin; not the collaborator, not the one who cancelled");
    assert_eq!(told[0].1, "mail.demo-company.ch was cancelled");
    assert!(told[0].2.contains("Still due: CHF 0.00"), "{}", told[0].2);
}

#[tokio::test]
async fn r_can_2_fees_already_due_stay_due() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let domain = product(&demo, company, "demo-company.ch").await;
    // A renewal waiting for its transfer: a fee already due.
    let transfer = PaymentChoice { kind: Some(MethodType::Iban), ..Default::default() };
    let request = PaymentRequest {
        product_ids: vec![domain.id],
        periods: BTreeMap::new(),
        use_prepaid: false,
        payment: Some(transfer),
    };
    let pro_forma = demo.pay(company, &request).await.unwrap();
    assert_eq!(pro_forma.status, "pending");

    demo.request_cancellation(company, domain.id).await.unwrap();
    let confirmed = server.client().confirm_cancellation(&mailed_key(&server, server::DEMO_EMAIL).await).await.unwrap();
    assert_eq!(confirmed.fees_still_due.map(|fee| fee.amount), Some(pro_forma.total.amount.clone()));
    assert_eq!(invoice_status(&demo, company, pro_forma.id).await, "pending", "still due after the cancellation");
}

#[tokio::test]
async fn r_pay_10_a_renewal_never_paid_by_transfer_lapses_with_its_product_and_the_reserved_part_comes_back() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let domain = product(&demo, company, "demo-company.ch").await; // 9 days, auto-renewal off
    let before = demo.prepaid(company).await.unwrap().balance.money().unwrap().cents;
    let transfer = PaymentChoice { kind: Some(MethodType::Iban), ..Default::default() };
    // Two years (CHF 26.00): more than the balance, so part of it waits for the transfer.
    let periods = BTreeMap::from([(domain.id.to_string(), 24)]);
    let request = PaymentRequest { product_ids: vec![domain.id], periods, use_prepaid: true, payment: Some(transfer) };
    let pro_forma = demo.pay(company, &request).await.unwrap();
    let reserved = pro_forma.from_prepaid.money().unwrap().cents;
    assert!(reserved > 0 && pro_forma.status == "pending", "{pro_forma:?}");
    assert_eq!(demo.prepaid(company).await.unwrap().balance.money().unwrap().cents, before - reserved);

    // Blocked at expiry, still waiting: nothing lapses yet.
    later_by(&server, 20 * 86_400).await;
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(invoice_status(&demo, company, pro_forma.id).await, "pending");
    // Terminated after the grace period: the pro-forma lapses, the reserved part is back.
    later_by(&server, 30 * 86_400).await;
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(product(&demo, company, "demo-company.ch").await.status, ProductStatus::Terminated);
    assert_eq!(invoice_status(&demo, company, pro_forma.id).await, "lapsed");
    assert_eq!(demo.prepaid(company).await.unwrap().balance.money().unwrap().cents, before);
    // Once: the job again changes nothing.
    later_by(&server, 86_400).await;
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(demo.prepaid(company).await.unwrap().balance.money().unwrap().cents, before);
}
