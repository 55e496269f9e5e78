use super::*;
use crate::payment::CardBrand;
use chrono::TimeZone;

const VISA: MethodKind = MethodKind::Card { brand: CardBrand::Visa };

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
}

#[test]
fn r_renew_1_an_auto_renewed_product_is_paid_without_action() {
    // R-RENEW-1
    let expires = now() + Duration::days(10);
    assert!(automatic_payment_due(true, expires, now()));
    assert!(!automatic_payment_due(false, expires, now()), "without auto-renewal nothing is charged");
}

#[test]
fn r_renew_2_the_first_attempt_is_14_days_before_expiry() {
    // R-RENEW-2
    let expires = now() + Duration::days(30);
    assert_eq!(first_attempt_at(expires), now() + Duration::days(16));
    assert!(!automatic_payment_due(true, expires, now() + Duration::days(16) - Duration::seconds(1)));
    assert!(automatic_payment_due(true, expires, now() + Duration::days(16)));
}

#[test]
fn r_renew_3_auto_renewal_needs_14_days_before_expiry() {
    // R-RENEW-3
    let error = can_enable_auto_renewal(now() + Duration::days(9) + Duration::hours(3), now(), Some(VISA)).unwrap_err();
    assert_eq!(error, RenewalError::TooCloseToExpiry { days_left: 9, minimum_days: 14 });
    assert_eq!(error.code(), "auto_renewal_too_close_to_expiry");
    assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"days_left": 9, "minimum_days": 14}));
    assert_eq!(can_enable_auto_renewal(now() + Duration::days(14), now(), Some(VISA)), Ok(()));
    assert!(can_enable_auto_renewal(now() + Duration::days(14) - Duration::seconds(1), now(), Some(VISA)).is_err());
}

#[test]
fn r_renew_4_only_cards_and_twint_carry_auto_renewal() {
    // R-RENEW-4
    let expires = now() + Duration::days(200);
    for brand in [CardBrand::Visa, CardBrand::Mastercard, CardBrand::Cb] {
        assert_eq!(can_enable_auto_renewal(expires, now(), Some(MethodKind::Card { brand })), Ok(()));
    }
    assert_eq!(can_enable_auto_renewal(expires, now(), Some(MethodKind::Twint)), Ok(()));
    for method in [MethodKind::Postfinance, MethodKind::Iban, MethodKind::Paypal, MethodKind::Prepaid] {
        let error = can_enable_auto_renewal(expires, now(), Some(method)).unwrap_err();
        assert_eq!(error.code(), "payment_method_not_compatible", "{method:?}");
    }
    assert_eq!(can_enable_auto_renewal(expires, now(), None), Err(RenewalError::MethodRequired));
}

#[test]
fn r_renew_5_paying_with_a_compatible_method_turns_auto_renewal_on() {
    // R-RENEW-5
    assert!(auto_renewal_after_payment(VISA, false));
    assert!(auto_renewal_after_payment(MethodKind::Twint, false));
    assert!(!auto_renewal_after_payment(MethodKind::Iban, false));
    assert!(auto_renewal_after_payment(MethodKind::Iban, true), "an incompatible payment does not turn it off");
}

#[test]
fn r_renew_6_off_at_any_time_and_bulk_changes_report_each_product() {
    // R-RENEW-6
    assert_eq!(change_auto_renewal(false, now() + Duration::days(1), now(), None), Ok(()));
    let products = [(1, now() + Duration::days(100)), (2, now() + Duration::days(3)), (3, now() - Duration::days(2))];
    let results = change_auto_renewal_for_all(&products, true, now(), Some(VISA));
    assert_eq!(results[0], (1, Ok(())));
    assert_eq!(results[1], (2, Err(RenewalError::TooCloseToExpiry { days_left: 3, minimum_days: 14 })));
    assert_eq!(results[2], (3, Err(RenewalError::NotActive { status: ProductStatus::Blocked })));
    assert!(change_auto_renewal_for_all(&products, false, now(), None).iter().all(|(_, r)| r.is_ok()));
}

#[test]
fn r_renew_7_the_list_shows_two_months_by_default_and_all_on_request() {
    // R-RENEW-7
    let window = RenewalWindow::default();
    assert_eq!(window, RenewalWindow::TwoMonths);
    assert!(window.contains(Utc.with_ymd_and_hms(2027, 1, 24, 12, 0, 0).unwrap(), now()));
    assert!(!window.contains(Utc.with_ymd_and_hms(2027, 1, 24, 12, 0, 1).unwrap(), now()));
    assert!(window.contains(now() - Duration::days(3), now()), "expired but still renewable");
    assert!(!window.contains(now() - Duration::days(31), now()), "terminated products are gone");
    assert!(RenewalWindow::All.contains(now() + Duration::days(700), now()));
    assert_eq!(serde_json::to_value(RenewalWindow::TwoMonths).unwrap(), "2_months");
    assert_eq!(serde_json::from_value::<RenewalWindow>("all".into()).unwrap(), RenewalWindow::All);
    // Calendar months: from 31 December the window ends on the last day of February.
    let new_year_eve = Utc.with_ymd_and_hms(2026, 12, 31, 8, 0, 0).unwrap();
    assert!(window.contains(Utc.with_ymd_and_hms(2027, 2, 28, 8, 0, 0).unwrap(), new_year_eve));
    assert!(!window.contains(Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap(), new_year_eve));
}

#[test]
fn r_renew_8_unpaid_products_are_blocked_at_expiry_then_terminated() {
    // R-RENEW-8
    let expires = now();
    assert_eq!(lifecycle(expires, now() - Duration::seconds(1)), ProductStatus::Active);
    assert_eq!(lifecycle(expires, now()), ProductStatus::Blocked);
    assert_eq!(lifecycle(expires, now() + Duration::days(30) - Duration::seconds(1)), ProductStatus::Blocked);
    assert_eq!(lifecycle(expires, now() + Duration::days(30)), ProductStatus::Terminated);
}

#[test]
fn r_renew_9_periods_depend_on_the_product_type() {
    // R-RENEW-9
    assert_eq!(check_period("domain", 60), Ok(()));
    assert_eq!(check_period("drive", 1), Ok(()));
    assert_eq!(check_period("ksuite", 12), Ok(()));
    assert_eq!(check_period("drive", 24), Err(RenewalError::PeriodNotAvailable { months: 24, allowed: vec![1, 12] }));
    assert_eq!(
        check_period("radio", 12),
        Err(RenewalError::PeriodNotAvailable { months: 12, allowed: vec![] }),
        "a type not sold here has no period"
    );
    assert!(RENEWAL_PERIODS.iter().all(|(_, periods)| !periods.is_empty() && periods.windows(2).all(|w| w[0] < w[1])));
    let error = check_period("domain", 1).unwrap_err();
    assert_eq!(error.code(), "renewal_period_not_available");
    assert_eq!(serde_json::to_value(&error).unwrap()["allowed"][0], 12);
    assert_eq!(serde_json::to_value(&error).unwrap()["months"], 1);
    assert_eq!(
        extended_expiry(Utc.with_ymd_and_hms(2027, 1, 31, 0, 0, 0).unwrap(), 1),
        Utc.with_ymd_and_hms(2027, 2, 28, 0, 0, 0).unwrap()
    );
    assert_eq!(extended_expiry(now(), 24), Utc.with_ymd_and_hms(2028, 11, 24, 12, 0, 0).unwrap());
}

proptest::proptest! {
    /// R-RENEW-7: the expiry range a list filters by holds exactly what `contains` keeps.
    #[test]
    fn r_renew_7_the_windows_range_is_what_it_contains(offset in -40 * 86_400i64..80 * 86_400, all in proptest::bool::ANY) {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let expires_at = now + Duration::seconds(offset);
        let window = if all { RenewalWindow::All } else { RenewalWindow::TwoMonths };
        let (after, up_to) = window.expiries(now);
        let inside = after < expires_at && up_to.is_none_or(|u| expires_at <= u);
        proptest::prop_assert_eq!(inside, window.contains(expires_at, now));
    }
}
