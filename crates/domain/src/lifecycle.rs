//! A product's life around its expiry (R-RENEW-8), which unpaid invoices follow too
//! (R-PAY-10): its own module because both renewals and payments ask it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-RENEW-8: an expired, unpaid product is blocked this many days, then terminated (our choice).
pub const GRACE_DAYS: i64 = 30;

/// Where a product stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    Active,
    Blocked,
    Terminated,
}

/// R-RENEW-8 (and R-PAY-10): active until expiry, blocked from expiry, terminated after the
/// grace period.
pub fn lifecycle(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> ProductStatus {
    if now < expires_at {
        ProductStatus::Active
    } else if now < expires_at + Duration::days(GRACE_DAYS) {
        ProductStatus::Blocked
    } else {
        ProductStatus::Terminated
    }
}

/// A product's status, its cancellation included: a cancellation confirmed (R-CAN-1) ends the
/// product at once, whatever it was paid until; otherwise [`lifecycle`].
pub fn product_status(
    expires_at: DateTime<Utc>,
    cancelled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ProductStatus {
    match cancelled_at {
        Some(cancelled_at) if cancelled_at <= now => ProductStatus::Terminated,
        _ => lifecycle(expires_at, now),
    }
}

/// The expiries that give `status` at `now`, as `(after, up_to)`: a product is in it when
/// `after < expires_at` (if any) and `expires_at <= up_to` (if any). Lists filter by status
/// with it, in their query, and agree with [`lifecycle`] by construction (tested below).
pub fn expiries_with_status(
    status: ProductStatus,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let grace_start = now - Duration::days(GRACE_DAYS);
    match status {
        ProductStatus::Active => (Some(now), None),
        ProductStatus::Blocked => (Some(grace_start), Some(now)),
        ProductStatus::Terminated => (None, Some(grace_start)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn r_can_1_a_confirmed_cancellation_terminates_whatever_was_paid() {
        // R-CAN-1
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let paid_until = now + Duration::days(200);
        assert_eq!(product_status(paid_until, None, now), ProductStatus::Active);
        assert_eq!(product_status(paid_until, Some(now), now), ProductStatus::Terminated);
        assert_eq!(product_status(paid_until, Some(now + Duration::seconds(1)), now), ProductStatus::Active);
        assert_eq!(product_status(now - Duration::days(1), None, now), ProductStatus::Blocked);
    }

    proptest! {
        /// R-RENEW-8: the ranges a list filters by hold exactly the products `lifecycle` gives
        /// that status, at every second around the boundaries.
        #[test]
        fn r_renew_8_each_expiry_is_in_the_range_of_its_status_only(offset in -40 * 86_400i64..10 * 86_400) {
            let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
            let expires_at = now + Duration::seconds(offset);
            for status in [ProductStatus::Active, ProductStatus::Blocked, ProductStatus::Terminated] {
                let (after, up_to) = expiries_with_status(status, now);
                let inside = after.is_none_or(|a| a < expires_at) && up_to.is_none_or(|u| expires_at <= u);
                prop_assert_eq!(inside, lifecycle(expires_at, now) == status, "{:?} at offset {}", status, offset);
            }
        }
    }
}
