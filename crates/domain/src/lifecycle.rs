//! A product's life around its expiry (R-RENEW-8), which unpaid invoices follow too
//! (R-PAY-10): its own module because both renewals and payments ask it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-RENEW-8: an expired, unpaid product is blocked this many days, then terminated (our choice).
pub const GRACE_DAYS: i64 = 30;

/// Where a product stands.
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
