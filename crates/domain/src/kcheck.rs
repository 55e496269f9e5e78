//! Identity verification (kCheck) (R-KC-*): why it is asked, how long what is sent is kept,
//! and what happens to an order blocked for verification.

use crate::money::Money;
use crate::payment::{OrderStatus, PaymentError};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-KC-2: unprocessed documents are deleted this long after they were sent.
pub const DOCUMENT_RETENTION_HOURS: i64 = 72;
/// R-KC-3: a blocked order not unblocked within this many days is cancelled and refunded.
pub const BLOCKED_ORDER_DAYS: i64 = 10;

/// R-KC-1: the situations in which identity verification can be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationReason {
    ForgottenPassword,
    ForgottenLoginEmail,
    TurnOffTwoFactor,
    UnblockAccount,
    FirstPayout,
    SuspiciousOrder,
}

impl VerificationReason {
    pub const ALL: [VerificationReason; 6] = [
        VerificationReason::ForgottenPassword,
        VerificationReason::ForgottenLoginEmail,
        VerificationReason::TurnOffTwoFactor,
        VerificationReason::UnblockAccount,
        VerificationReason::FirstPayout,
        VerificationReason::SuspiciousOrder,
    ];
}

/// R-KC-2: whether what was sent at `submitted_at` must now be deleted. Processed
/// verifications follow their own retention (not ours to decide here), so only unprocessed
/// ones are deleted by this rule.
pub fn should_delete(submitted_at: DateTime<Utc>, processed: bool, now: DateTime<Utc>) -> bool {
    !processed && now >= submitted_at + Duration::hours(DOCUMENT_RETENTION_HOURS)
}

/// What becomes of an order blocked for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum BlockedOrderOutcome {
    /// Still waiting; cancelled at `cancel_at` unless unblocked before.
    Waiting { cancel_at: DateTime<Utc> },
    /// R-KC-3: cancelled, and `refund` paid back: everything that was paid.
    CancelAndRefund { refund: Money },
}

/// R-KC-3: the fate of an order blocked at `blocked_at` for which `paid` was paid. Unblocking
/// (verification passed) is [`OrderStatus::unblock`]; this decides what happens if it is not.
pub fn blocked_order_outcome(blocked_at: DateTime<Utc>, paid: Money, now: DateTime<Utc>) -> BlockedOrderOutcome {
    let cancel_at = blocked_at + Duration::days(BLOCKED_ORDER_DAYS);
    if now >= cancel_at {
        BlockedOrderOutcome::CancelAndRefund { refund: paid }
    } else {
        BlockedOrderOutcome::Waiting { cancel_at }
    }
}

/// R-KC-3: applies the outcome to the order: a blocked order past its 10 days is cancelled.
/// Only a blocked order is cancelled this way; one unblocked in time keeps its status.
pub fn settle_blocked_order(status: OrderStatus, outcome: BlockedOrderOutcome) -> Result<OrderStatus, PaymentError> {
    match (status, outcome) {
        (OrderStatus::Blocked, BlockedOrderOutcome::CancelAndRefund { .. }) => status.cancel(),
        _ => Ok(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    #[test]
    fn r_kc_1_verification_covers_the_six_situations() {
        // R-KC-1
        let wire: Vec<String> = VerificationReason::ALL
            .iter()
            .map(|r| serde_json::to_value(r).unwrap().as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            wire,
            [
                "forgotten_password",
                "forgotten_login_email",
                "turn_off_two_factor",
                "unblock_account",
                "first_payout",
                "suspicious_order"
            ]
        );
    }

    #[test]
    fn r_kc_2_unprocessed_documents_are_deleted_after_72_hours() {
        // R-KC-2
        let just_before = t0() + Duration::hours(72) - Duration::seconds(1);
        assert!(!should_delete(t0(), false, just_before));
        assert!(should_delete(t0(), false, t0() + Duration::hours(72)));
        assert!(!should_delete(t0(), true, t0() + Duration::days(30)), "kept until processed, then not this rule's");
    }

    #[test]
    fn r_kc_3_a_blocked_order_is_cancelled_and_fully_refunded_after_10_days() {
        // R-KC-3
        let cancel_at = t0() + Duration::days(10);
        let paid = Money::new(12_990, Currency::Chf);
        let waiting = blocked_order_outcome(t0(), paid, cancel_at - Duration::seconds(1));
        assert_eq!(waiting, BlockedOrderOutcome::Waiting { cancel_at });
        assert_eq!(settle_blocked_order(OrderStatus::Blocked, waiting), Ok(OrderStatus::Blocked));
        let late = blocked_order_outcome(t0(), paid, cancel_at);
        assert_eq!(late, BlockedOrderOutcome::CancelAndRefund { refund: paid });
        assert_eq!(
            serde_json::to_value(late).unwrap(),
            serde_json::json!({"outcome": "cancel_and_refund", "refund": {"amount": "129.90", "currency": "CHF"}})
        );
        assert_eq!(settle_blocked_order(OrderStatus::Blocked, late), Ok(OrderStatus::Cancelled));
        assert_eq!(settle_blocked_order(OrderStatus::Paid, late), Ok(OrderStatus::Paid), "unblocked in time");
    }
}
