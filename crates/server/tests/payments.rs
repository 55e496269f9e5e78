//! Money (R-PAY-*): top-ups of the prepaid account, paying renewals with the balance and a
//! method in one operation, invoices and their PDF, on the demo data (Demo Company SA in CHF
//! with a saved Visa card, Demo GmbH in EUR with a Mastercard).

mod common;

use api::{CardInput, MethodType, PaymentChoice, PaymentRequest, TopUpRequest};
use common::{api_error, demo, product, Api, TestServer};
use serde_json::Value;
use std::collections::BTreeMap;

/// The Organization's default saved card.
async fn saved_card(demo: &Api, account: i64) -> PaymentChoice {
    let methods = demo.payment_methods(account).await.unwrap();
    PaymentChoice { payment_method_id: Some(methods.iter().find(|m| m.is_default).unwrap().id), ..Default::default() }
}

/// The prepaid balance in cents (the demo data starts with CHF 25.00 and EUR 15.00).
async fn balance(demo: &Api, account: i64) -> i64 {
    let balance = demo.prepaid(account).await.unwrap().balance;
    balance.money().unwrap().cents
}

fn kind(kind: MethodType) -> PaymentChoice {
    PaymentChoice { kind: Some(kind), ..Default::default() }
}

fn card(number: &str) -> PaymentChoice {
    let card = CardInput { number: number.into(), exp_month: 12, exp_year: 2035, cvc: "123".into() };
    PaymentChoice { kind: Some(MethodType::Card), card: Some(card), ..Default::default() }
}

#[tokio::test]
async fn r_pay_6_a_top_up_is_between_0_10_and_9999_00_both_included() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let by_card = saved_card(&demo, company).await;
    let before = balance(&demo, company).await;
    let top_up = |amount: &str| TopUpRequest { amount: amount.into(), payment: by_card.clone() };
    for refused in ["0.05", "9999.01"] {
        let (status, code, context) = api_error(demo.top_up(company, &top_up(refused)).await.unwrap_err());
        assert_eq!((status, code.as_str()), (422, "top_up_amount_out_of_range"), "{refused}");
        assert_eq!(
            (context["min"]["amount"].as_str(), context["max"]["amount"].as_str()),
            (Some("0.10"), Some("9999.00"))
        );
    }
    for accepted in ["0.10", "9999.00"] {
        let invoice = demo.top_up(company, &top_up(accepted)).await.unwrap();
        assert_eq!((invoice.status.as_str(), invoice.total.amount.as_str()), ("paid", accepted));
    }
    assert_eq!(balance(&demo, company).await, before + 999_910);
    let prepaid = demo.prepaid(company).await.unwrap();
    let ledger: Vec<&str> = prepaid.movements.iter().map(|m| m.amount.amount.as_str()).take(2).collect();
    assert_eq!(ledger, ["9999.00", "0.10"], "newest first");
}

#[tokio::test]
async fn r_pay_5_and_r_pay_2_top_ups_by_card_postfinance_or_transfer_postfinance_in_chf_only() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = demo(&server).await;
    let top_up = |payment| TopUpRequest { amount: "50.00".into(), payment };
    let gmbh_before = balance(&demo, gmbh).await;
    let (_, code, _) = api_error(demo.top_up(company, &top_up(kind(MethodType::Twint))).await.unwrap_err());
    assert_eq!(code, "payment_method_not_compatible");
    let (_, code, _) = api_error(demo.top_up(gmbh, &top_up(kind(MethodType::Postfinance))).await.unwrap_err());
    assert_eq!(code, "payment_method_currency_mismatch");
    assert_eq!(demo.top_up(company, &top_up(kind(MethodType::Postfinance))).await.unwrap().status, "paid");
    // R-PAY-3: by transfer, a pro-forma waits for the money; the balance does not move.
    let transfer = demo.top_up(gmbh, &top_up(kind(MethodType::Iban))).await.unwrap();
    assert_eq!(
        (transfer.status.as_str(), transfer.is_pro_forma, transfer.missing.amount.as_str()),
        ("pending", true, "50.00")
    );
    assert!(transfer.number.starts_with("PF-"));
    assert_eq!(balance(&demo, gmbh).await, gmbh_before);
}

#[tokio::test]
async fn r_pay_4_a_selection_is_paid_part_prepaid_part_card_and_every_cent_agrees() {
    // R-PAY-4; R-PAY-7: two products in one operation and one invoice.
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let invoices_before = demo.invoices(company).await.unwrap().len();
    let by_card = saved_card(&demo, company).await;
    assert_eq!(balance(&demo, company).await, 2_500, "the demo's balance");
    let domain = product(&demo, company, "demo-company.ch").await; // CHF 13.00 a year
    let mail = product(&demo, company, "mail.demo-company.ch").await; // CHF 16.50 a year, 1.50 a month
    let periods = BTreeMap::from([(domain.id.to_string(), 24), (mail.id.to_string(), 1)]);
    let request =
        PaymentRequest { product_ids: vec![domain.id, mail.id], periods, use_prepaid: true, payment: Some(by_card) };
    let invoice = demo.pay(company, &request).await.unwrap();
    assert_eq!(invoice.total.amount, "27.50", "two years of domain (26.00) and a month of mail (1.50)");
    assert_eq!((invoice.from_prepaid.amount.as_str(), invoice.from_method.amount.as_str()), ("25.00", "2.50"));
    assert_eq!(invoice.lines.iter().map(|l| l.period_months).collect::<Vec<_>>(), [24, 1]);
    let products: Vec<Option<i64>> = invoice.lines.iter().map(|l| l.product_id).collect();
    assert_eq!(products, [Some(domain.id), Some(mail.id)], "both on the one invoice");
    assert_eq!(demo.invoices(company).await.unwrap().len(), invoices_before + 1, "one invoice for both");
    assert_eq!(demo.prepaid(company).await.unwrap().balance.amount, "0.00");
    let renewed = product(&demo, company, "demo-company.ch").await;
    let expected = chrono::DateTime::from_timestamp(domain.expired_at, 0)
        .unwrap()
        .checked_add_months(chrono::Months::new(24))
        .unwrap();
    assert_eq!(renewed.expired_at, expected.timestamp(), "R-RENEW-9: the expiry moves on by the period paid");
    // R-RENEW-5: paid with a card, the mail's auto-renewal is now on.
    assert!(product(&demo, company, "mail.demo-company.ch").await.auto_renewal.enabled);
}

#[tokio::test]
async fn a_declined_card_pays_nothing_and_changes_nothing() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    demo.top_up(company, &TopUpRequest { amount: "5.00".into(), payment: saved_card(&demo, company).await })
        .await
        .unwrap();
    let (before, invoices) = (balance(&demo, company).await, demo.invoices(company).await.unwrap().len());
    let domain = product(&demo, company, "demo-company.ch").await;
    let request = PaymentRequest {
        product_ids: vec![domain.id],
        periods: BTreeMap::new(),
        use_prepaid: true,
        payment: Some(card("4000 0000 0000 0002")),
    };
    let (status, code, _) = api_error(demo.pay(company, &request).await.unwrap_err());
    assert_eq!((status, code.as_str()), (402, "card_declined"));
    assert_eq!(balance(&demo, company).await, before, "the prepaid part was not spent");
    assert_eq!(demo.invoices(company).await.unwrap().len(), invoices, "no invoice");
    assert_eq!(product(&demo, company, "demo-company.ch").await.expired_at, domain.expired_at);
}

#[tokio::test]
async fn r_renew_9_a_period_the_type_does_not_have_is_refused_with_those_it_has() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let domain = product(&demo, company, "demo-company.ch").await;
    let request = PaymentRequest {
        product_ids: vec![domain.id],
        periods: BTreeMap::from([(domain.id.to_string(), 6)]),
        use_prepaid: false,
        payment: Some(saved_card(&demo, company).await),
    };
    let (_, code, context) = api_error(demo.pay(company, &request).await.unwrap_err());
    assert_eq!(code, "renewal_period_not_available");
    assert_eq!(context["allowed"][0], 12);
    // The prepaid account alone must cover it all: two years (26.00) are more than its 25.00.
    let periods = BTreeMap::from([(domain.id.to_string(), 24)]);
    let prepaid_only = PaymentRequest { periods, use_prepaid: true, payment: None, ..request };
    let (_, code, _) = api_error(demo.pay(company, &prepaid_only).await.unwrap_err());
    assert_eq!(code, "insufficient_prepaid_balance");
}

#[tokio::test]
async fn r_pay_8_an_invoice_downloads_as_a_pdf_that_says_its_number_and_total() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let invoice = demo
        .top_up(company, &TopUpRequest { amount: "42.00".into(), payment: saved_card(&demo, company).await })
        .await
        .unwrap();
    let answer = reqwest::Client::new()
        .get(server.url(&format!("/1/accounts/{company}/invoices/{}/pdf", invoice.id)))
        .bearer_auth(demo.token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["content-type"], "application/pdf");
    let bytes = answer.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(&invoice.number), "its number");
    assert!(text.contains("Total: CHF 42.00"), "its total");
    assert!(text.contains("Demo Company SA"), "the Organization");
}

fn domain_order(name: &str, months: u32) -> api::OrderRequest {
    api::OrderRequest {
        items: vec![api::OrderItemRequest {
            service_name: "domain".into(),
            customer_name: name.into(),
            period_months: months,
        }],
        payment: None,
        use_prepaid: false,
    }
}

#[tokio::test]
async fn r_pay_9_an_order_left_pending_is_paid_later_and_its_products_appear() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let order = demo.order(company, &domain_order("new-shop.ch", 24)).await.unwrap();
    assert_eq!((order.status.as_str(), order.total.amount.as_str()), ("pending", "26.00"));
    assert!(order.product_ids.is_empty(), "nothing exists before it is paid");
    assert_eq!(demo.orders(company).await.unwrap()[0].id, order.id, "in the orders list");
    let paid = demo
        .pay_order(
            company,
            order.id,
            &api::PayOrderRequest { payment: Some(saved_card(&demo, company).await), use_prepaid: false },
        )
        .await
        .unwrap();
    assert_eq!(paid.status, "paid");
    assert!(paid.invoice_id.is_some());
    let created = product(&demo, company, "new-shop.ch").await;
    assert_eq!(paid.product_ids, [created.id]);
    assert!(created.auto_renewal.enabled, "R-RENEW-5: paid with a saved card, auto-renewal is on");
    let two_years = created.expired_at - paid.paid_at.unwrap();
    assert!((729 * 86_400..=731 * 86_400).contains(&two_years), "expires two years after the payment");
    // Paid once: not again.
    let again = api::PayOrderRequest { payment: Some(saved_card(&demo, company).await), use_prepaid: false };
    let (status, code, _) = api_error(demo.pay_order(company, order.id, &again).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "order_not_payable"));
}

#[tokio::test]
async fn an_order_paid_at_once_with_a_declined_card_leaves_nothing_and_a_bad_period_names_its_item() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let declined = api::OrderRequest { payment: Some(card("4000000000000002")), ..domain_order("x.ch", 12) };
    assert_eq!(api_error(demo.order(company, &declined).await.unwrap_err()).1, "card_declined");
    assert!(demo.orders(company).await.unwrap().is_empty(), "no order left behind");
    let (status, code, _) = api_error(demo.order(company, &domain_order("y.ch", 6)).await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "validation_failed"));
    let at_once = api::OrderRequest { payment: Some(kind(MethodType::Twint)), ..domain_order("z.ch", 12) };
    let order = demo.order(company, &at_once).await.unwrap();
    assert_eq!((order.status.as_str(), order.product_ids.len()), ("paid", 1));
}

async fn transfer(server: &TestServer, invoice_id: i64, amount: &str) -> Value {
    let body = serde_json::json!({"invoice_id": invoice_id, "amount": amount});
    reqwest::Client::new().post(server.url("/dev/transfers")).json(&body).send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn r_pay_3_a_transfer_completes_its_pro_forma_and_what_it_brings_beyond_goes_to_the_balance() {
    let server = TestServer::demo().await;
    let (demo, company, _) = demo(&server).await;
    let before = balance(&demo, company).await;
    let pro_forma =
        demo.top_up(company, &TopUpRequest { amount: "50.00".into(), payment: kind(MethodType::Iban) }).await.unwrap();
    let partly = transfer(&server, pro_forma.id, "30.00").await;
    assert_eq!(
        (partly["data"]["status"].as_str(), partly["data"]["missing"]["amount"].as_str()),
        (Some("pending"), Some("20.00"))
    );
    assert_eq!(balance(&demo, company).await, before, "a pro-forma part paid is not yet a top-up");
    let paid = transfer(&server, pro_forma.id, "25.00").await;
    assert_eq!(paid["data"]["status"], "paid");
    assert_eq!(balance(&demo, company).await, before + 5_500, "the top-up, and the 5.00 sent beyond it");
    // An order paid by transfer: its products appear when the money has.
    let order = api::OrderRequest { payment: Some(kind(MethodType::Iban)), ..domain_order("by-transfer.ch", 12) };
    let order = demo.order(company, &order).await.unwrap();
    assert_eq!((order.status.as_str(), order.product_ids.len()), ("pending", 0));
    transfer(&server, order.invoice_id.unwrap(), "13.00").await;
    let order = demo.orders(company).await.unwrap().into_iter().find(|o| o.id == order.id).unwrap();
    assert_eq!((order.status.as_str(), order.product_ids.len()), ("paid", 1));
}
