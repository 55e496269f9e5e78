//! Cancelling a product (R-CAN-*): asked, confirmed through a mailed link, then final.
//!
//! Mailing the link and telling the administrators is the server's (through its outbox); here
//! is who gets told and what the confirmation ends.

use crate::lifecycle::ProductStatus;
use crate::money::{Currency, Money, MoneyError};
use crate::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A fee of the product being cancelled: an amount that falls due at `due_at`, paid or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub amount: Money,
    pub due_at: DateTime<Utc>,
    pub paid: bool,
}

/// R-CAN-2: what stays due after cancelling at `now`: every unpaid fee already due (due at
/// `now` or before). A fee that would fall due later, such as the next renewal, ends with the
/// product.
pub fn fees_still_due(currency: Currency, fees: &[Fee], now: DateTime<Utc>) -> Result<Money, MoneyError> {
    Money::sum(currency, fees.iter().filter(|fee| !fee.paid && fee.due_at <= now).map(|fee| fee.amount))
}

/// A cancellation in progress. Until it is confirmed nothing is deleted (R-CAN-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Cancellation {
    PendingConfirmation { product_id: i64, requested_by: i64, requested_at: DateTime<Utc> },
    Confirmed { product_id: i64, requested_by: i64, confirmed_at: DateTime<Utc> },
}

/// What confirming a cancellation does, for the server to carry out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Termination {
    pub product_id: i64,
    pub terminated_at: DateTime<Utc>,
    /// R-CAN-2: what was already due stays due.
    pub fees_still_due: Money,
    /// R-CAN-4: backups go with the product, for good.
    pub delete_backups: bool,
    /// R-CAN-3: the other owners and administrators to tell.
    pub notify_user_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum CancellationError {
    #[error("this cancellation was already confirmed")]
    AlreadyConfirmed { confirmed_at: DateTime<Utc> },
    #[error("this product is already terminated")]
    AlreadyTerminated,
    #[error(transparent)]
    Money(MoneyError),
}

impl CancellationError {
    pub fn code(&self) -> &'static str {
        match self {
            CancellationError::AlreadyConfirmed { .. } => "cancellation_already_confirmed",
            CancellationError::AlreadyTerminated => "product_already_terminated",
            CancellationError::Money(e) => e.code(),
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            CancellationError::Money(e) => e.http_status(),
            _ => 409,
        }
    }
}

/// R-CAN-1: asking only records the request; the link goes out by mail.
pub fn request(
    product_id: i64,
    requested_by: i64,
    already_terminated: bool,
    now: DateTime<Utc>,
) -> Result<Cancellation, CancellationError> {
    if already_terminated {
        return Err(CancellationError::AlreadyTerminated);
    }
    Ok(Cancellation::PendingConfirmation { product_id, requested_by, requested_at: now })
}

/// R-CAN-3: who is told: every owner and administrator but the one who cancelled.
pub fn people_to_notify(members: &[(i64, Role)], requested_by: i64) -> Vec<i64> {
    members
        .iter()
        .filter(|(id, role)| *id != requested_by && matches!(role, Role::Owner | Role::Admin))
        .map(|(id, _)| *id)
        .collect()
}

impl Cancellation {
    /// The link was followed: the product ends now (R-CAN-1, R-CAN-2, R-CAN-3, R-CAN-4).
    /// `fees` are the product's fees in the Organization's `currency`.
    pub fn confirm(
        self,
        currency: Currency,
        fees: &[Fee],
        members: &[(i64, Role)],
        now: DateTime<Utc>,
    ) -> Result<(Cancellation, Termination), CancellationError> {
        match self {
            Cancellation::Confirmed { confirmed_at, .. } => Err(CancellationError::AlreadyConfirmed { confirmed_at }),
            Cancellation::PendingConfirmation { product_id, requested_by, .. } => Ok((
                Cancellation::Confirmed { product_id, requested_by, confirmed_at: now },
                Termination {
                    product_id,
                    terminated_at: now,
                    fees_still_due: fees_still_due(currency, fees, now).map_err(CancellationError::Money)?,
                    delete_backups: true,
                    notify_user_ids: people_to_notify(members, requested_by),
                },
            )),
        }
    }

    /// Whether the product's data still exists: until confirmation, all of it (R-CAN-1);
    /// after, nothing can be restored (R-CAN-4).
    pub fn data_is_kept(&self) -> bool {
        matches!(self, Cancellation::PendingConfirmation { .. })
    }
}

/// R-CAN-4: whether a product's backups can still be restored: never once it is terminated,
/// whether by a confirmed cancellation or after an unpaid renewal's grace period.
pub fn backups_restorable(status: ProductStatus) -> bool {
    status != ProductStatus::Terminated
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn chf(cents: i64) -> Money {
        Money::new(cents, Currency::Chf)
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
    }

    fn members() -> Vec<(i64, Role)> {
        vec![(1, Role::Owner), (2, Role::Admin), (3, Role::Normal), (4, Role::External), (5, Role::Owner)]
    }

    #[test]
    fn r_can_1_nothing_is_deleted_until_the_mailed_link_confirms() {
        // R-CAN-1
        let pending = request(10, 1, false, now()).unwrap();
        assert!(pending.data_is_kept());
        let (confirmed, termination) = pending.confirm(Currency::Chf, &[], &members(), now()).unwrap();
        assert!(!confirmed.data_is_kept());
        assert_eq!(termination.terminated_at, now());
        assert_eq!(request(10, 1, true, now()), Err(CancellationError::AlreadyTerminated));
        assert_eq!(
            confirmed.confirm(Currency::Chf, &[], &members(), now()).unwrap_err(),
            CancellationError::AlreadyConfirmed { confirmed_at: now() }
        );
    }

    #[test]
    fn r_can_2_fees_already_due_stay_due() {
        // R-CAN-2
        let second = Duration::seconds(1);
        let fee = |cents, due_at, paid| Fee { amount: chf(cents), due_at, paid };
        let fees = [
            fee(4_500, now() - Duration::days(20), false), // overdue: stays due
            fee(1, now(), false),                          // due this very second: stays due
            fee(9_900, now() - Duration::days(60), true),  // paid already
            fee(12_000, now() + second, false),            // the next renewal: ends with the product
        ];
        let (_, termination) =
            request(10, 1, false, now()).unwrap().confirm(Currency::Chf, &fees, &members(), now()).unwrap();
        assert_eq!(termination.fees_still_due, chf(4_501));
        assert_eq!(
            serde_json::to_value(&termination).unwrap()["fees_still_due"],
            serde_json::json!({"amount": "45.01", "currency": "CHF"})
        );
        // One second later the renewal is due too; one second earlier the last cent is not yet.
        assert_eq!(fees_still_due(Currency::Chf, &fees, now() + second), Ok(chf(16_501)));
        assert_eq!(fees_still_due(Currency::Chf, &fees, now() - second), Ok(chf(4_500)));
        assert_eq!(fees_still_due(Currency::Chf, &[], now()), Ok(chf(0)));
        let euros = [Fee { amount: Money::new(100, Currency::Eur), due_at: now(), paid: false }];
        assert!(request(10, 1, false, now()).unwrap().confirm(Currency::Chf, &euros, &members(), now()).is_err());
    }

    #[test]
    fn r_can_3_the_other_owners_and_admins_are_told() {
        // R-CAN-3
        assert_eq!(people_to_notify(&members(), 1), [2, 5]);
        assert_eq!(people_to_notify(&members(), 3), [1, 2, 5]);
    }

    #[test]
    fn r_can_4_backups_go_with_the_product() {
        // R-CAN-4
        let (_, termination) =
            request(10, 1, false, now()).unwrap().confirm(Currency::Chf, &[], &members(), now()).unwrap();
        assert!(termination.delete_backups);
        assert!(backups_restorable(ProductStatus::Active));
        assert!(backups_restorable(ProductStatus::Blocked));
        assert!(!backups_restorable(ProductStatus::Terminated), "nothing can be restored after");
    }
}
