//! Time and products (R-RENEW-1, 2, 8), driven by the demo clock: auto-renewal pays from 14
//! days before expiry and tries again a day after a refusal; unpaid, a product is blocked at
//! expiry and terminated after the grace period; each change is in its history and mailed.

mod common;

use common::{demo, later_by, product, TestServer};
use serde_json::Value;

/// The subjects of the mail sent, newest first.
async fn subjects(server: &TestServer) -> Vec<String> {
    let outbox: Value = reqwest::get(server.url("/dev/outbox")).await.unwrap().json().await.unwrap();
    outbox["data"].as_array().unwrap().iter().map(|m| m["subject"].as_str().unwrap().to_string()).collect()
}

const DAY: i64 = 86_400;

#[tokio::test]
async fn r_renew_2_auto_renewal_pays_from_14_days_before_expiry_with_the_saved_card() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = demo(&server).await;
    let hosting = product(&demo, company, "www.demo-company.ch").await; // 40 days, auto-renewal on
    later_by(&server, 25 * DAY).await; // 15 days left: not yet
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(product(&demo, company, "www.demo-company.ch").await.expired_at, hosting.expired_at);
    later_by(&server, 2 * DAY).await; // 13 days left: due
    let (demo, _, _) = self::demo(&server).await;
    let renewed = product(&demo, company, "www.demo-company.ch").await;
    let one_month = chrono::DateTime::from_timestamp(hosting.expired_at, 0)
        .unwrap()
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    assert_eq!(renewed.expired_at, one_month.timestamp(), "renewed for its first period, a month");
    let invoices = demo.invoices(company).await.unwrap();
    assert_eq!((invoices[0].status.as_str(), invoices[0].total.amount.as_str()), ("paid", "11.00"));
    assert!(subjects(&server).await.contains(&"www.demo-company.ch was renewed".to_string()));
    let history = demo.product_history(company, hosting.id).await.unwrap();
    assert_eq!(history.iter().map(|e| e.event.as_str()).collect::<Vec<_>>(), ["renewed"]);
    // The EUR Organization's domain (30 days, auto-renewal on) too, in euros, for a year.
    let invoices = demo.invoices(gmbh).await.unwrap();
    assert_eq!(invoices[0].total.amount, "13.50");
}

#[tokio::test]
async fn r_renew_2_a_refused_renewal_is_told_and_tried_again_the_next_day() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    // The card of Demo Company SA now declines every charge (the test provider's lever).
    let _: Vec<(i64,)> = server
        .query(&format!(
            "UPDATE payment_methods SET provider_token = 'test_declines_card' WHERE account_id = {company} RETURNING id"
        ))
        .await;
    let hosting = product(&demo, company, "www.demo-company.ch").await;
    later_by(&server, 27 * DAY).await;
    let (demo, _, _) = self::demo(&server).await;
    assert!(subjects(&server).await.contains(&"The renewal of www.demo-company.ch failed".to_string()));
    assert_eq!(product(&demo, company, "www.demo-company.ch").await.expired_at, hosting.expired_at, "not renewed");
    later_by(&server, DAY / 2).await;
    let (demo, _, _) = self::demo(&server).await;
    let attempts = |events: Vec<api::ProductEvent>| events.iter().filter(|e| e.event == "renewal_failed").count();
    assert_eq!(attempts(demo.product_history(company, hosting.id).await.unwrap()), 1, "once a day");
    later_by(&server, DAY).await;
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(attempts(demo.product_history(company, hosting.id).await.unwrap()), 2, "again the next day");
}

#[tokio::test]
async fn r_renew_8_unpaid_a_product_is_blocked_at_expiry_then_terminated_after_the_grace_period() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let domain = product(&demo, company, "demo-company.ch").await; // 9 days, auto-renewal off
    later_by(&server, 10 * DAY).await;
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(product(&demo, company, "demo-company.ch").await.status, domain::lifecycle::ProductStatus::Blocked);
    assert!(subjects(&server).await.contains(&"demo-company.ch is blocked".to_string()));
    later_by(&server, 30 * DAY).await;
    let (demo, _, _) = self::demo(&server).await;
    assert!(subjects(&server).await.contains(&"demo-company.ch was terminated".to_string()));
    let events: Vec<String> =
        demo.product_history(company, domain.id).await.unwrap().into_iter().map(|e| e.event).collect();
    assert_eq!(events, ["blocked", "terminated"]);
}

/// R-RENEW-8: a blocked product paid for is active again and recorded so, so that its next
/// expiry blocks it again (the job looks for blocked products renewed as well as for those
/// past their grace period).
#[tokio::test]
async fn r_renew_8_a_blocked_product_renewed_is_active_then_blocked_again_at_its_next_expiry() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let domain = product(&demo, company, "demo-company.ch").await; // 9 days, auto-renewal off
    later_by(&server, 10 * DAY).await;
    let (demo, _, _) = self::demo(&server).await;
    let methods = demo.payment_methods(company).await.unwrap();
    let card = methods.iter().find(|m| m.is_default).unwrap().id;
    let request = api::PaymentRequest {
        product_ids: vec![domain.id],
        periods: Default::default(),
        use_prepaid: false,
        payment: Some(api::PaymentChoice { payment_method_id: Some(card), ..Default::default() }),
    };
    demo.pay(company, &request).await.unwrap();
    later_by(&server, 60).await;
    let (demo, _, _) = self::demo(&server).await;
    let renewed = product(&demo, company, "demo-company.ch").await;
    assert_eq!(renewed.status, domain::lifecycle::ProductStatus::Active);
    // Paid with the saved card, it renews by itself (R-RENEW-2): off, so that it lapses again.
    let off = api::AutoRenewalRequest { enabled: false, payment_method_id: None };
    demo.set_auto_renewal(company, domain.id, &off).await.unwrap();
    later_by(&server, renewed.expired_at - domain.expired_at + DAY).await;
    let (demo, _, _) = self::demo(&server).await;
    assert_eq!(product(&demo, company, "demo-company.ch").await.status, domain::lifecycle::ProductStatus::Blocked);
    let events: Vec<String> =
        demo.product_history(company, domain.id).await.unwrap().into_iter().map(|e| e.event).collect();
    assert_eq!(events.iter().filter(|e| *e == "blocked").count(), 2, "blocked at each expiry: {events:?}");
    assert!(!events.contains(&"terminated".to_string()), "{events:?}");
}
