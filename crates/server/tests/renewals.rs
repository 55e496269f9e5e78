//! Payment methods (R-PAY-1, R-PAY-2) and auto-renewal (R-RENEW-3, R-RENEW-4, R-RENEW-6), on
//! the demo data: Demo Company SA (CHF, a saved Visa card, its default) and Demo GmbH (EUR, a
//! Mastercard), with products 9, 20, 40 days and more from expiry.

mod common;

use api::{AutoRenewalRequest, BulkAutoRenewalRequest, CardInput, MethodType, NewPaymentMethod, Role};
use common::{api_error, demo, join, product, TestServer};

fn card(number: &str) -> NewPaymentMethod {
    let card = CardInput { number: number.into(), exp_month: 12, exp_year: 2035, cvc: "123".into() };
    NewPaymentMethod { kind: MethodType::Card, card: Some(card), label: None }
}

fn other(kind: MethodType) -> NewPaymentMethod {
    NewPaymentMethod { kind, card: None, label: None }
}

#[tokio::test]
async fn r_pay_1_a_card_is_saved_as_a_token_and_its_number_is_kept_nowhere() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let saved = demo.add_payment_method(company, &card("4242 4242 4242 4242")).await.unwrap();
    assert_eq!((saved.kind, saved.last4.as_deref(), saved.is_default), (MethodType::Card, Some("4242"), false));
    assert_eq!(saved.label, "Visa •••• 4242");
    let stored: Vec<(String, Option<String>, String)> =
        server.query("SELECT provider_token, last4, label FROM payment_methods").await;
    for (token, last4, label) in stored {
        for field in [token, last4.unwrap_or_default(), label] {
            // The number nowhere, the CVC (123) as no value (a random token may hold "123").
            assert!(!field.replace(' ', "").contains("4242424242424242") && field != "123", "stored: {field}");
        }
    }
    let declined = demo.add_payment_method(company, &card("4000 0000 0000 0002")).await.unwrap_err();
    assert_eq!(api_error(declined).1, "card_declined");
    let (status, error, _) =
        api_error(demo.add_payment_method(company, &card("1234 5678 9012 3456")).await.unwrap_err());
    assert_eq!((status, error.as_str()), (422, "validation_failed"));
    assert_eq!(
        demo.payment_methods(company).await.unwrap().len(),
        2,
        "the demo's card and this one: a refused card is not saved"
    );
}

/// One default per Organization, the method auto-renewal charges when none is named; another
/// Organization's method is not found.
#[tokio::test]
async fn a_saved_method_becomes_the_default_and_the_other_stops_being_it() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = demo(&server).await;
    let first = demo.payment_methods(company).await.unwrap().into_iter().find(|m| m.is_default).unwrap();
    let second = demo.add_payment_method(company, &card("5555 5555 5555 4444")).await.unwrap();
    let now_default = demo.make_default_payment_method(company, second.id).await.unwrap();
    assert!(now_default.is_default);
    let defaults: Vec<i64> =
        demo.payment_methods(company).await.unwrap().into_iter().filter(|m| m.is_default).map(|m| m.id).collect();
    assert_eq!(defaults, vec![second.id], "exactly one default");
    // Auto-renewal named no method: it charges the new default.
    let far = product(&demo, company, "Backups").await.id; // 400 days
    demo.set_auto_renewal(company, far, &AutoRenewalRequest { enabled: true, payment_method_id: None }).await.unwrap();
    let charged: Vec<(Option<i64>,)> =
        server.query(&format!("SELECT payment_method_id FROM products WHERE id = {far}")).await;
    assert_eq!(charged, vec![(Some(second.id),)]);
    let (status, error, _) = api_error(demo.make_default_payment_method(gmbh, first.id).await.unwrap_err());
    assert_eq!((status, error.as_str()), (404, "object_not_found"));
    assert!(demo.payment_methods(company).await.unwrap().iter().any(|m| m.id == second.id && m.is_default));
}

#[tokio::test]
async fn r_pay_2_postfinance_only_in_the_chf_organization() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = demo(&server).await;
    assert!(demo.add_payment_method(company, &other(MethodType::Postfinance)).await.is_ok());
    let (status, error, _) =
        api_error(demo.add_payment_method(gmbh, &other(MethodType::Postfinance)).await.unwrap_err());
    assert_eq!((status, error.as_str()), (422, "payment_method_currency_mismatch"));
}

#[tokio::test]
async fn r_renew_3_auto_renewal_is_refused_under_14_days_with_the_days_left() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let soon = product(&demo, company, "demo-company.ch").await; // 9 days
    let on = AutoRenewalRequest { enabled: true, payment_method_id: None };
    let (status, error, context) = api_error(demo.set_auto_renewal(company, soon.id, &on).await.unwrap_err());
    assert_eq!((status, error.as_str()), (422, "auto_renewal_too_close_to_expiry"));
    assert_eq!((context["days_left"].as_i64(), context["minimum_days"].as_i64()), (Some(8), Some(14)));
    let later = product(&demo, company, "mail.demo-company.ch").await; // 20 days
    let changed = demo.set_auto_renewal(company, later.id, &on).await.unwrap();
    assert!(changed.auto_renewal.enabled);
    assert!(changed.auto_renewal.payment_method_id.is_some(), "the default method is the one charged");
}

#[tokio::test]
async fn r_renew_4_only_a_card_or_twint_carries_auto_renewal() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let paypal = demo.add_payment_method(company, &other(MethodType::Paypal)).await.unwrap();
    let twint = demo.add_payment_method(company, &other(MethodType::Twint)).await.unwrap();
    let drive = product(&demo, company, "Team drive").await;
    let with = |method: &api::PaymentMethod| AutoRenewalRequest { enabled: true, payment_method_id: Some(method.id) };
    let (_, error, _) = api_error(demo.set_auto_renewal(company, drive.id, &with(&paypal)).await.unwrap_err());
    assert_eq!(error, "payment_method_not_compatible");
    assert!(demo.set_auto_renewal(company, drive.id, &with(&twint)).await.unwrap().auto_renewal.enabled);
    // A method in use cannot be removed; nothing would renew.
    let (status, error, context) = api_error(demo.remove_payment_method(company, twint.id).await.unwrap_err());
    assert_eq!((status, error.as_str()), (409, "payment_method_in_use"));
    assert_eq!(context["product_ids"], serde_json::json!([drive.id]));
    assert!(demo.remove_payment_method(company, paypal.id).await.unwrap());
}

#[tokio::test]
async fn r_renew_6_a_bulk_change_answers_for_each_product_and_off_is_always_allowed() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let soon = product(&demo, company, "demo-company.ch").await; // 9 days: refused
    let later = product(&demo, company, "Backups").await; // 400 days
    let request = |enabled| BulkAutoRenewalRequest {
        product_ids: vec![soon.id, later.id, 999_999],
        enabled,
        payment_method_id: None,
    };
    let results = demo.set_auto_renewal_for_all(company, &request(true)).await.unwrap();
    let outcome: Vec<(i64, String, Option<String>)> =
        results.into_iter().map(|r| (r.product_id, r.result, r.error.map(|e| e.code))).collect();
    assert_eq!(
        outcome,
        [
            (soon.id, "error".into(), Some("auto_renewal_too_close_to_expiry".into())),
            (later.id, "success".into(), None),
            (999_999, "error".into(), Some("object_not_found".into())),
        ]
    );
    let results = demo.set_auto_renewal_for_all(company, &request(false)).await.unwrap();
    assert_eq!(results[0].result, "success", "off, even 9 days from expiry");
    assert!(!product(&demo, company, "Backups").await.auto_renewal.enabled);
}

#[tokio::test]
async fn r_role_5_billing_is_for_members_with_billing_rights() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let (collaborator, _) = join(&server, &demo, company, "col@example.ch", Role::Normal).await;
    let (status, error, _) = api_error(collaborator.payment_methods(company).await.unwrap_err());
    assert_eq!((status, error.as_str()), (403, "access_denied"));
}

#[tokio::test]
async fn r_renew_7_the_renewals_list_shows_two_months_by_default_and_everything_on_request() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = demo(&server).await;
    let names = |renewals: Vec<api::Renewal>| renewals.into_iter().map(|r| r.customer_name).collect::<Vec<_>>();
    // Soonest first; the blocked one (5 days past expiry) can still be renewed, the
    // terminated one (45 days past) cannot.
    assert_eq!(
        names(demo.renewals(company, false).await.unwrap()),
        ["shop.demo-company.ch", "demo-company.ch", "mail.demo-company.ch", "www.demo-company.ch"]
    );
    assert_eq!(demo.renewals(company, true).await.unwrap().len(), 6);
    let eur = demo.renewals(gmbh, true).await.unwrap();
    let domain = eur.iter().find(|r| r.service_name == "domain").unwrap();
    assert_eq!(domain.periods.len(), 10, "R-RENEW-9: a domain, 1 to 10 years");
    assert_eq!((domain.periods[1].months, domain.periods[1].price.amount.as_str()), (24, "27.00"));
    assert!(domain.auto_renewal.enabled);
    assert_eq!(domain.first_attempt_at, Some(domain.expired_at - 14 * 86_400), "R-RENEW-2");
}

/// What needs attention (`domain::attention`) on the demo data: a failed auto-renewal first
/// (R-RENEW-2), then blocked products (R-RENEW-8, with the day they are terminated), invoices
/// waiting for a transfer (R-PAY-3), then what expires within 30 days with auto-renewal off.
/// Paying the failed product by hand records it renewed, and it needs nothing more. Billing
/// rights only (R-ROLE-5).
#[tokio::test]
async fn what_needs_attention_is_listed_most_urgent_first_and_leaves_once_dealt_with() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = demo(&server).await;
    let names = |items: &[api::AttentionItem]| -> Vec<(String, String)> {
        items.iter().map(|i| (i.kind.clone(), i.name.clone())).collect()
    };
    let pair = |kind: &str, name: &str| (kind.to_string(), name.to_string());
    let domain_product = product(&demo, company, "demo-company.ch").await;
    let _: Vec<(i64,)> = server
        .query(&format!(
            "INSERT INTO product_events (product_id, event, detail, at) VALUES ({}, 'renewal_failed', 'card declined', 0) RETURNING id",
            domain_product.id
        ))
        .await;
    let items = demo.attention(company).await.unwrap();
    assert_eq!(
        names(&items),
        [
            pair("renewal_failed", "demo-company.ch"),
            pair("blocked", "shop.demo-company.ch"),
            pair("expiring_soon", "mail.demo-company.ch")
        ]
    );
    let shop = product(&demo, company, "shop.demo-company.ch").await;
    assert_eq!(items[1].date, Some(shop.expired_at + 30 * 86_400), "terminated after the grace period");
    assert_eq!(items[0].product_id, Some(domain_product.id));

    let gmbh_items = demo.attention(gmbh).await.unwrap();
    assert_eq!(gmbh_items[0].kind, "unpaid_invoice");
    assert!(gmbh_items[0].name.starts_with("PF-"), "the demo's pro-forma");
    assert_eq!(gmbh_items[0].amount.as_ref().map(|a| a.amount.as_str()), Some("100.00"));
    assert_eq!(names(&gmbh_items[1..]), [pair("expiring_soon", "www.demo-gmbh.de")]);

    // Paid by hand: renewed, recorded, and no longer a failure (nor expiring soon).
    let card = demo.payment_methods(company).await.unwrap().into_iter().find(|m| m.is_default).unwrap();
    let request = api::PaymentRequest {
        product_ids: vec![domain_product.id],
        periods: Default::default(),
        use_prepaid: false,
        payment: Some(api::PaymentChoice { payment_method_id: Some(card.id), ..Default::default() }),
    };
    demo.pay(company, &request).await.unwrap();
    let history = demo.product_history(company, domain_product.id).await.unwrap();
    assert_eq!(history.last().map(|e| e.event.as_str()), Some("renewed"));
    assert_eq!(
        names(&demo.attention(company).await.unwrap()),
        [pair("blocked", "shop.demo-company.ch"), pair("expiring_soon", "mail.demo-company.ch")]
    );

    let (collaborator, _) = join(&server, &demo, company, "attention@example.ch", Role::Normal).await;
    let (status, error, _) = api_error(collaborator.attention(company).await.unwrap_err());
    assert_eq!((status, error.as_str()), (403, "access_denied"));
}

/// The renewals' `total` (per_page 1) against the rows the list holds (per_page 1,000).
async fn totals(server: &TestServer, demo: &common::Api, account: i64) -> Vec<(u64, usize)> {
    let mut found = vec![];
    for all in [false, true] {
        let period = if all { "all" } else { "2_months" };
        let path = format!("/1/accounts/{account}/renewals?period={period}&per_page=1");
        let page = server.get_json(&path, demo.token().unwrap()).await;
        let total = page["total"].as_u64().unwrap_or_else(|| panic!("{page}"));
        found.push((total, demo.renewals(account, all).await.unwrap().len()));
    }
    found
}

/// R-RENEW-7: the count of a renewals page, taken from the renewable products kept by day
/// (migration 0038) plus the two partial days at its ends, is the count of its rows: after
/// products are ordered, renewed (their expiry moves), deleted, and as the clock moves by half
/// days.
#[tokio::test]
async fn r_renew_7_the_renewals_count_is_the_count_of_its_rows_whatever_changes() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let agree = |found: Vec<(u64, usize)>| found.iter().all(|(total, rows)| *total as usize == *rows);
    let before = totals(&server, &demo, company).await;
    assert!(agree(before.clone()) && before[0].0 > 0, "{before:?}");

    // Products at the edges of the window and of its whole days, each side of each.
    let clock: serde_json::Value = reqwest::get(server.url("/dev/clock")).await.unwrap().json().await.unwrap();
    let now = chrono::DateTime::from_timestamp(clock["data"]["now"].as_i64().unwrap(), 0).unwrap();
    let (after, up_to) = domain::renewal::RenewalWindow::TwoMonths.expiries(now);
    let (after, up_to) = (after.timestamp(), up_to.unwrap().timestamp());
    let (first_whole, past_whole) = ((after / 86_400 + 1) * 86_400, (up_to + 1) / 86_400 * 86_400);
    let inside = [after + 1, first_whole - 1, first_whole, past_whole - 1, past_whole, up_to];
    for (n, expires) in inside.iter().chain(&[after, up_to + 1]).enumerate() {
        server
            .query::<(i64,)>(&format!(
                "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at) \
                 VALUES ({company}, 'drive', 'Edge {n}', 'edge', 0, {expires})"
            ))
            .await;
    }
    let found = totals(&server, &demo, company).await;
    assert_eq!(found[0].0, before[0].0 + inside.len() as u64, "{found:?}");
    assert!(agree(found.clone()), "{found:?}");
    // A page past the end has no row to carry the count: asked apart, the same.
    let past =
        server.get_json(&format!("/1/accounts/{company}/renewals?page=999&per_page=1"), demo.token().unwrap()).await;
    assert_eq!((past["data"].as_array().map(Vec::len), past["total"].as_u64()), (Some(0), Some(found[0].0)));

    let items = (1..=3)
        .map(|n| api::OrderItemRequest {
            service_name: "drive".into(),
            customer_name: format!("Spare {n}"),
            period_months: 1,
        })
        .collect();
    let twint = api::PaymentChoice { kind: Some(MethodType::Twint), ..Default::default() };
    demo.order(company, &api::OrderRequest { items, payment: Some(twint), use_prepaid: false }).await.unwrap();
    let ordered = totals(&server, &demo, company).await;
    assert_eq!(ordered[0].0, found[0].0 + 3, "three more within two months");
    assert!(agree(ordered.clone()), "{ordered:?}");

    let spare = product(&demo, company, "Spare 1").await;
    let periods = std::collections::BTreeMap::from([(spare.id.to_string(), 12)]);
    let twint = api::PaymentChoice { kind: Some(MethodType::Twint), ..Default::default() };
    let request =
        api::PaymentRequest { product_ids: vec![spare.id], periods, use_prepaid: false, payment: Some(twint) };
    demo.pay(company, &request).await.unwrap();
    let renewed = totals(&server, &demo, company).await;
    assert_eq!(renewed[0].0, ordered[0].0 - 1, "renewed for a year: out of the two months");
    assert!(agree(renewed.clone()), "{renewed:?}");

    // Deleted (as a terminated product is) and removed outright.
    let spare_2 = product(&demo, company, "Spare 2").await;
    server.query::<(i64,)>(&format!("UPDATE products SET deleted_at = 1 WHERE id = {}", spare_2.id)).await;
    let soon = spare_2.expired_at;
    server
        .query::<(i64,)>(&format!(
            "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at) \
             VALUES ({company}, 'drive', 'Gone', 'gone', 0, {soon})"
        ))
        .await;
    server.query::<(i64,)>("DELETE FROM products WHERE customer_name = 'Gone'").await;
    let removed = totals(&server, &demo, company).await;
    assert_eq!(removed[0].0, renewed[0].0 - 1, "the deleted one is not renewable");
    for _ in 0..4 {
        // A new session each time: the clock moves past a token's life.
        let (demo, _, _) = common::demo(&server).await;
        let found = totals(&server, &demo, company).await;
        assert!(agree(found.clone()), "{found:?}");
        common::later_by(&server, 12 * 3600 + 1234).await;
    }
    let by_day: Vec<(i64,)> = server
        .query(&format!(
            "SELECT CAST(COALESCE(SUM(products), 0) AS BIGINT) FROM renewable_by_day WHERE account_id = {company}"
        ))
        .await;
    let counted: Vec<(i64,)> = server
        .query(&format!(
            "SELECT COUNT(*) FROM products WHERE account_id = {company} AND deleted_at IS NULL AND cancelled_at IS NULL"
        ))
        .await;
    assert_eq!(by_day, counted, "kept by the triggers");
}
