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
    assert_eq!(plan.state, PaymentState::Pending { missing: chf(10_000), prepaid_reserved: chf(0), received: chf(0) });
    // Bank charges are the customer's: 9.50 short stays due.
    let short = transfer_received(plan.state, chf(9_050)).unwrap();
    assert_eq!(
        short,
        TransferOutcome {
            state: PaymentState::Pending { missing: chf(950), prepaid_reserved: chf(0), received: chf(9_050) },
            surplus: chf(0)
        }
    );
    assert_eq!(transfer_received(short.state, chf(949)).unwrap().state.name(), "pending", "one cent short");
    assert_eq!(
        transfer_received(short.state, chf(950)),
        Ok(TransferOutcome { state: PaymentState::Paid, surplus: chf(0) })
    );
    // Too much: the rest goes to the prepaid balance, nothing sent is lost.
    assert_eq!(
        transfer_received(short.state, chf(1_000)),
        Ok(TransferOutcome { state: PaymentState::Paid, surplus: chf(50) })
    );
    assert_eq!(transfer_received(PaymentState::Paid, chf(700)).unwrap().surplus, chf(700));
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
        assert_eq!(check_top_up(chf(5_000), CHF, method, false), Ok(()), "{method:?}");
    }
    for method in [MethodKind::Paypal, MethodKind::Twint, MethodKind::Prepaid] {
        let error = check_top_up(chf(5_000), CHF, method, false).unwrap_err();
        assert_eq!(error.code(), "payment_method_not_compatible", "{method:?}");
    }
    assert_eq!(
        check_top_up(Money::new(5_000, EUR), EUR, MethodKind::Postfinance, false).unwrap_err().code(),
        "payment_method_currency_mismatch"
    );
}

#[test]
fn r_pay_6_a_top_up_is_between_0_10_and_9999_00_both_included() {
    // R-PAY-6
    assert_eq!(check_top_up(chf(10), CHF, VISA, false), Ok(()));
    assert_eq!(check_top_up(chf(999_900), CHF, VISA, false), Ok(()));
    let error = check_top_up(chf(9), CHF, VISA, false).unwrap_err();
    assert_eq!(error.code(), "top_up_amount_out_of_range");
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        serde_json::json!({"amount": {"amount": "0.09", "currency": "CHF"}, "min": {"amount": "0.10", "currency": "CHF"}, "max": {"amount": "9999.00", "currency": "CHF"}})
    );
    assert!(check_top_up(chf(999_901), CHF, VISA, false).is_err());
    assert!(check_top_up(Money::new(500, EUR), CHF, VISA, false).is_err(), "in the account's currency");
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
    // R-PAY-8: the plan carries the invoice the server stores and renders as a PDF, for
    // every method, exactly as priced, to the cent.
    let lines = vec![line(1, 4_200), line(2, 1)];
    for method in
        [VISA, MethodKind::Postfinance, MethodKind::Iban, MethodKind::Paypal, MethodKind::Twint, MethodKind::Prepaid]
    {
        let plan = plan(lines.clone(), CHF, method, Purpose::Order, chf(10_000), false).unwrap();
        assert_eq!(plan.invoice, Invoice { lines: lines.clone(), total: chf(4_201) }, "{method:?}");
        assert_eq!(plan.split.from_prepaid.cents + plan.split.from_method.cents, 4_201, "{method:?}");
        assert_eq!(plan.is_pro_forma, method == MethodKind::Iban, "{method:?}");
    }
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
    use crate::lifecycle::GRACE_DAYS;
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

#[test]
fn r_pay_5_r_pay_6_every_top_up_checks_its_limits_and_never_pays_itself() {
    // R-PAY-5, R-PAY-6: through `top_up` or through `plan`, the same checks.
    let via_plan = |cents, method, use_prepaid| {
        let line = InvoiceLine { product_id: None, description: "top-up".into(), period_months: 0, price: chf(cents) };
        plan(vec![line], CHF, method, Purpose::TopUp, chf(1_000_000), use_prepaid)
    };
    for (cents, ok) in [(9, false), (10, true), (999_900, true), (999_901, false)] {
        assert_eq!(top_up(chf(cents), CHF, VISA).is_ok(), ok, "top_up {cents}");
        assert_eq!(via_plan(cents, VISA, false).is_ok(), ok, "plan {cents}");
    }
    assert_eq!(via_plan(999_901, VISA, false).unwrap_err().code(), "top_up_amount_out_of_range");
    // The prepaid balance never pays its own top-up, as a split or as the method.
    let error = via_plan(5_000, VISA, true).unwrap_err();
    assert_eq!(error, PaymentError::MethodNotCompatible { method: "prepaid", purpose: Purpose::TopUp });
    assert_eq!(via_plan(5_000, MethodKind::Prepaid, false).unwrap_err().code(), "payment_method_not_compatible");
    assert_eq!(top_up(chf(5_000), CHF, MethodKind::Prepaid).unwrap_err().code(), "payment_method_not_compatible");
    let paid = top_up(chf(5_000), CHF, VISA).unwrap();
    assert_eq!(paid.split, PaymentSplit { from_prepaid: chf(0), from_method: chf(5_000) });
    assert_eq!((paid.invoice.total, paid.state), (chf(5_000), PaymentState::Paid));
    let transfer = top_up(chf(5_000), CHF, MethodKind::Iban).unwrap();
    assert!(transfer.is_pro_forma);
    assert_eq!(top_up(chf(5_000), CHF, MethodKind::Paypal).unwrap_err().code(), "payment_method_not_compatible");
}

#[test]
fn r_pay_3_r_pay_4_a_prepaid_part_is_reserved_until_the_transfer_and_returned_if_it_never_comes() {
    // R-PAY-3, R-PAY-4
    let plan = plan(vec![line(1, 10_000)], CHF, MethodKind::Iban, Purpose::Order, chf(2_500), true).unwrap();
    assert_eq!(plan.split, PaymentSplit { from_prepaid: chf(2_500), from_method: chf(7_500) });
    let pending = PaymentState::Pending { missing: chf(7_500), prepaid_reserved: chf(2_500), received: chf(0) };
    assert_eq!(plan.state, pending);
    assert_eq!(transfer_lapsed(pending), Ok(PaymentState::Lapsed { returned_to_prepaid: chf(2_500) }));
    // Part of the transfer came: that goes back too.
    let partly = transfer_received(pending, chf(7_000)).unwrap().state;
    assert_eq!(transfer_lapsed(partly), Ok(PaymentState::Lapsed { returned_to_prepaid: chf(9_500) }));
    // The balance covers it all: nothing to transfer, so no pro-forma and nothing pending.
    let covered = super::plan(vec![line(1, 10_000)], CHF, MethodKind::Iban, Purpose::Order, chf(10_000), true).unwrap();
    assert_eq!((covered.state, covered.is_pro_forma), (PaymentState::Paid, false));
    let one_cent = super::plan(vec![line(1, 10_000)], CHF, MethodKind::Iban, Purpose::Order, chf(9_999), true).unwrap();
    assert_eq!(
        one_cent.state,
        PaymentState::Pending { missing: chf(1), prepaid_reserved: chf(9_999), received: chf(0) }
    );
    // Complete: the reserved part is spent, nothing lapses.
    let paid = transfer_received(pending, chf(7_500)).unwrap().state;
    assert_eq!(paid, PaymentState::Paid);
    let error = transfer_lapsed(paid).unwrap_err();
    assert_eq!((error.code(), error.http_status()), ("payment_not_pending", 409));
    assert!(transfer_lapsed(PaymentState::Lapsed { returned_to_prepaid: chf(1) }).is_err());
    assert_eq!(
        serde_json::to_value(pending).unwrap(),
        serde_json::json!({"status": "pending", "missing": {"amount": "75.00", "currency": "CHF"},
            "prepaid_reserved": {"amount": "25.00", "currency": "CHF"}, "received": {"amount": "0.00", "currency": "CHF"}})
    );
}

#[test]
fn r_pay_3_a_transfer_is_a_positive_amount() {
    // R-PAY-3
    let pending = PaymentState::Pending { missing: chf(100), prepaid_reserved: chf(0), received: chf(0) };
    for cents in [0, -1, -10_000] {
        let error = transfer_received(pending, chf(cents)).unwrap_err();
        assert_eq!(error, PaymentError::TransferNotPositive { received: chf(cents) });
        assert_eq!((error.code(), error.http_status()), ("validation_failed", 422));
    }
    assert!(transfer_received(pending, Money::new(100, EUR)).is_err(), "not in the invoice's currency");
    assert_eq!(transfer_received(pending, chf(1)).unwrap().state.name(), "pending");
}

#[test]
fn r_pay_7_every_invoice_line_costs_more_than_zero() {
    // R-PAY-7, R-PAY-8: an invoice total is never zero or negative.
    assert_eq!(invoice(vec![line(1, 1)], CHF).unwrap().total, chf(1));
    for cents in [0, -1, -5_000] {
        let error = invoice(vec![line(1, 1_000), line(2, cents)], CHF).unwrap_err();
        assert_eq!(error, PaymentError::LineNotPositive { index: 1, price: chf(cents) });
        assert_eq!((error.code(), error.http_status()), ("validation_failed", 422));
    }
    assert!(plan(vec![line(1, 2_000), line(2, -2_000)], CHF, VISA, Purpose::Order, chf(0), false).is_err());
}

proptest! {
    #[test]
    fn r_pay_7_an_invoice_total_is_the_sum_of_its_lines_and_always_positive(prices in proptest::collection::vec(-100i64..100_000, 1..8)) {
        // R-PAY-7
        let lines: Vec<InvoiceLine> = prices.iter().enumerate().map(|(i, cents)| line(i as i64, *cents)).collect();
        match invoice(lines, CHF) {
            Ok(invoice) => {
                prop_assert!(prices.iter().all(|p| *p > 0));
                prop_assert_eq!(invoice.total, chf(prices.iter().sum()));
                prop_assert!(invoice.total.cents > 0);
            }
            Err(_) => prop_assert!(prices.iter().any(|p| *p <= 0)),
        }
    }

    #[test]
    fn r_pay_8_the_invoice_is_what_was_paid_to_the_cent(prices in proptest::collection::vec(1i64..100_000, 1..6), balance in 0i64..200_000, use_prepaid: bool) {
        // R-PAY-8, R-PAY-4: the invoice holds every line, and its total is what the
        // prepaid part and the method pay together.
        let lines: Vec<InvoiceLine> = prices.iter().enumerate().map(|(i, cents)| line(i as i64, *cents)).collect();
        let plan = plan(lines.clone(), CHF, VISA, Purpose::Renewal, chf(balance), use_prepaid).unwrap();
        let total: i64 = prices.iter().sum();
        prop_assert_eq!(plan.invoice.lines, lines);
        prop_assert_eq!(plan.invoice.total, chf(total));
        prop_assert_eq!(plan.split.from_prepaid.cents + plan.split.from_method.cents, total);
        prop_assert_eq!(plan.split.from_prepaid.cents, if use_prepaid { balance.min(total) } else { 0 });
    }

    #[test]
    fn r_pay_3_transfers_never_lose_a_cent(missing in 1i64..1_000_000, reserved in 0i64..100_000, transfers in proptest::collection::vec(1i64..500_000, 1..6)) {
        // R-PAY-3, R-PAY-4: what was reserved and sent is always paid, returned or credited.
        let mut state = PaymentState::Pending { missing: chf(missing), prepaid_reserved: chf(reserved), received: chf(0) };
        let mut surplus = 0;
        for cents in &transfers {
            let outcome = transfer_received(state, chf(*cents)).unwrap();
            state = outcome.state;
            surplus += outcome.surplus.cents;
        }
        let sent: i64 = transfers.iter().sum();
        match state {
            PaymentState::Paid => prop_assert_eq!(sent - surplus, missing),
            PaymentState::Pending { missing: left, received, .. } => {
                prop_assert_eq!(surplus, 0);
                prop_assert_eq!(received.cents, sent);
                prop_assert_eq!(left.cents, missing - sent);
                prop_assert_eq!(transfer_lapsed(state), Ok(PaymentState::Lapsed { returned_to_prepaid: chf(reserved + sent) }));
            }
            PaymentState::Lapsed { .. } => prop_assert!(false, "a transfer never lapses a payment"),
        }
    }
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
        let accepted = top_up(chf(cents), CHF, VISA).is_ok();
        prop_assert_eq!(accepted, (10..=999_900).contains(&cents));
    }
}
