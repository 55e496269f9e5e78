use super::*;
use proptest::prelude::*;

const CHF: Currency = Currency::Chf;
const EUR: Currency = Currency::Eur;
const VISA: MethodKind = MethodKind::Card { brand: CardBrand::Visa };

fn chf(cents: i64) -> Money {
    Money::new(cents, CHF)
}

fn line(product_id: i64, cents: i64) -> InvoiceLine {
    InvoiceLine {
        product_id: Some(product_id),
        description: format!("product {product_id}"),
        period_months: 12,
        price: chf(cents),
    }
}

#[test]
fn r_pay_1_every_method_pays_orders_renewals_and_offer_changes() {
    // R-PAY-1
    let all = [
        VISA,
        MethodKind::Card { brand: CardBrand::Mastercard },
        MethodKind::Card { brand: CardBrand::Cb },
        MethodKind::Postfinance,
        MethodKind::Iban,
        MethodKind::Paypal,
        MethodKind::Twint,
        MethodKind::Prepaid,
    ];
    for method in all {
        for purpose in [Purpose::Order, Purpose::Renewal, Purpose::OfferChange] {
            assert_eq!(check_method(method, purpose, CHF), Ok(()), "{method:?} {purpose:?}");
        }
    }
    assert_eq!(serde_json::to_value(VISA).unwrap(), serde_json::json!({"type": "card", "brand": "visa"}));
}

#[test]
fn r_pay_2_the_postfinance_card_pays_in_chf_only() {
    // R-PAY-2
    assert_eq!(check_method(MethodKind::Postfinance, Purpose::Order, CHF), Ok(()));
    let error = check_method(MethodKind::Postfinance, Purpose::Order, EUR).unwrap_err();
    assert_eq!(error.code(), "payment_method_currency_mismatch");
    assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"method": "postfinance", "currency": "EUR"}));
}

#[test]
fn r_pay_3_a_transfer_starts_with_a_pro_forma_and_completes_when_the_money_arrives() {
    // R-PAY-3
    let plan = plan(vec![line(1, 10_000)], CHF, MethodKind::Iban, Purpose::Order, chf(0), false).unwrap();
    assert!(plan.is_pro_forma);
    assert_eq!(plan.state, PaymentState::Pending { missing: chf(10_000) });
    // Bank charges are the customer's: 9.50 short stays due.
    let short = transfer_received(plan.state, chf(9_050)).unwrap();
    assert_eq!(short, PaymentState::Pending { missing: chf(950) });
    assert_eq!(transfer_received(short, chf(950)), Ok(PaymentState::Paid));
    let card = super::plan(vec![line(1, 10_000)], CHF, VISA, Purpose::Order, chf(0), false).unwrap();
    assert_eq!((card.state, card.is_pro_forma), (PaymentState::Paid, false));
}

#[test]
fn r_pay_4_the_prepaid_balance_pays_a_part_and_the_method_the_rest() {
    // R-PAY-4
    assert_eq!(
        split(chf(10_000), chf(2_550), true),
        Ok(PaymentSplit { from_prepaid: chf(2_550), from_method: chf(7_450) })
    );
    assert_eq!(
        split(chf(10_000), chf(50_000), true),
        Ok(PaymentSplit { from_prepaid: chf(10_000), from_method: chf(0) })
    );
    assert_eq!(
        split(chf(10_000), chf(2_550), false),
        Ok(PaymentSplit { from_prepaid: chf(0), from_method: chf(10_000) })
    );
    assert_eq!(
        split(chf(10_000), chf(-500), true),
        Ok(PaymentSplit { from_prepaid: chf(0), from_method: chf(10_000) })
    );
    let error = prepaid_only(chf(10_000), chf(2_550)).unwrap_err();
    assert_eq!(error, PaymentError::InsufficientPrepaid { balance: chf(2_550), missing: chf(7_450) });
    assert!(split(chf(100), Money::new(100, EUR), true).is_err());
}

#[test]
fn r_pay_5_top_ups_only_by_card_postfinance_or_transfer() {
    // R-PAY-5
    for method in [VISA, MethodKind::Postfinance, MethodKind::Iban] {
        assert_eq!(check_top_up(chf(5_000), CHF, method), Ok(()), "{method:?}");
    }
    for method in [MethodKind::Paypal, MethodKind::Twint, MethodKind::Prepaid] {
        let error = check_top_up(chf(5_000), CHF, method).unwrap_err();
        assert_eq!(error.code(), "payment_method_not_compatible", "{method:?}");
    }
    assert_eq!(
        check_top_up(Money::new(5_000, EUR), EUR, MethodKind::Postfinance).unwrap_err().code(),
        "payment_method_currency_mismatch"
    );
}

#[test]
fn r_pay_6_a_top_up_is_between_0_10_and_9999_00_both_included() {
    // R-PAY-6
    assert_eq!(check_top_up(chf(10), CHF, VISA), Ok(()));
    assert_eq!(check_top_up(chf(999_900), CHF, VISA), Ok(()));
    let error = check_top_up(chf(9), CHF, VISA).unwrap_err();
    assert_eq!(error.code(), "top_up_amount_out_of_range");
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        serde_json::json!({"amount": {"amount": "0.09", "currency": "CHF"}, "min": {"amount": "0.10", "currency": "CHF"}, "max": {"amount": "9999.00", "currency": "CHF"}})
    );
    assert!(check_top_up(chf(999_901), CHF, VISA).is_err());
    assert!(check_top_up(Money::new(500, EUR), CHF, VISA).is_err(), "in the account's currency");
}

#[test]
fn r_pay_7_several_products_are_paid_together_on_one_invoice() {
    // R-PAY-7
    let plan = plan(vec![line(1, 1_000), line(2, 2_500), line(3, 12_000)], CHF, VISA, Purpose::Renewal, chf(0), false)
        .unwrap();
    assert_eq!(plan.invoice.lines.len(), 3);
    assert_eq!(plan.invoice.total, chf(15_500));
    assert_eq!(invoice(vec![], CHF), Err(PaymentError::NothingToPay));
}

#[test]
fn r_pay_8_every_payment_comes_with_its_invoice() {
    // R-PAY-8: the plan carries the invoice the server stores and renders as a PDF.
    let plan = plan(vec![line(1, 4_200)], CHF, MethodKind::Twint, Purpose::Order, chf(0), false).unwrap();
    assert_eq!(plan.invoice.total, chf(4_200));
}

#[test]
fn r_pay_9_a_pending_order_can_be_paid_later_and_only_once() {
    // R-PAY-9
    assert_eq!(OrderStatus::Pending.pay(), Ok(OrderStatus::Paid));
    assert_eq!(OrderStatus::Paid.pay(), Err(PaymentError::OrderNotPayable { status: OrderStatus::Paid }));
    assert_eq!(OrderStatus::Cancelled.pay().unwrap_err().code(), "order_not_payable");
    assert_eq!(OrderStatus::Blocked.unblock(false), Ok(OrderStatus::Pending));
    assert_eq!(OrderStatus::Blocked.cancel(), Ok(OrderStatus::Cancelled));
    assert!(OrderStatus::Paid.cancel().is_err());
}

#[test]
fn r_pay_10_unpaid_invoices_block_then_terminate_the_services() {
    // R-PAY-10: the same lifecycle as an unpaid renewal (R-RENEW-8).
    use crate::renewal::GRACE_DAYS;
    use chrono::{Duration, TimeZone, Utc};
    let due = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    assert_eq!(unpaid_invoice_effect(due, false, due - Duration::seconds(1)), ProductStatus::Active);
    assert_eq!(unpaid_invoice_effect(due, false, due), ProductStatus::Blocked);
    assert_eq!(
        unpaid_invoice_effect(due, false, due + Duration::days(GRACE_DAYS) - Duration::seconds(1)),
        ProductStatus::Blocked
    );
    assert_eq!(unpaid_invoice_effect(due, false, due + Duration::days(GRACE_DAYS)), ProductStatus::Terminated);
    assert_eq!(unpaid_invoice_effect(due, true, due + Duration::days(400)), ProductStatus::Active, "paid: no effect");
}

proptest! {
    #[test]
    fn r_pay_4_a_split_never_gains_or_loses_a_cent(total in 0i64..10_000_000_000, balance in -1_000_000i64..10_000_000_000, use_prepaid: bool) {
        // R-PAY-4
        let parts = split(chf(total), chf(balance), use_prepaid).unwrap();
        prop_assert_eq!(parts.from_prepaid.cents + parts.from_method.cents, total);
        prop_assert!(parts.from_prepaid.cents >= 0 && parts.from_method.cents >= 0);
        prop_assert!(parts.from_prepaid.cents <= balance.max(0));
        if !use_prepaid {
            prop_assert_eq!(parts.from_prepaid.cents, 0);
        }
    }

    #[test]
    fn r_pay_6_a_top_up_is_accepted_exactly_inside_its_limits(cents in -1_000_000i64..2_000_000) {
        // R-PAY-6
        let accepted = check_top_up(chf(cents), CHF, VISA).is_ok();
        prop_assert_eq!(accepted, (10..=999_900).contains(&cents));
    }
}
