//! Renewals (R-RENEW-*): a product's life around its expiry, automatic renewal, the renewals
//! list and the periods a product can be paid for.
//!
//! Like OVHcloud's "can I enable auto-renew?", [`can_enable_auto_renewal`] answers with the
//! reason when the answer is no.
//!
//! Product types are the official API's `service_name`s (`domain`, `hosting`, `web_hosting`,
//! `drive` for kDrive, `email_hosting` for the mail service, `ksuite`, ...), so that the
//! catalog and the products read the same in both APIs.

pub use crate::lifecycle::{lifecycle, ProductStatus, GRACE_DAYS};
use crate::payment::MethodKind;
use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

/// R-RENEW-2, R-RENEW-3: days before expiry of the first payment attempt, and the least
/// time left for turning auto-renewal on.
pub const FIRST_ATTEMPT_DAYS: i64 = 14;
/// R-RENEW-7: the renewals list shows this many months ahead by default.
pub const DEFAULT_WINDOW_MONTHS: u32 = 2;

/// R-RENEW-2: when the first automatic payment is attempted.
pub fn first_attempt_at(expires_at: DateTime<Utc>) -> DateTime<Utc> {
    expires_at - Duration::days(FIRST_ATTEMPT_DAYS)
}

/// R-RENEW-1, R-RENEW-2: whether an automatic payment is due now, without any action.
pub fn automatic_payment_due(auto_renewal: bool, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    auto_renewal && now >= first_attempt_at(expires_at) && lifecycle(expires_at, now) != ProductStatus::Terminated
}

/// R-RENEW-4: only a card (Visa, Mastercard, CB) or a registered Twint profile carries
/// auto-renewal. Auto-renewal always charges a saved method, and a saved Twint method is a
/// registered profile; so the method given here is always a saved one.
pub fn carries_auto_renewal(method: MethodKind) -> bool {
    matches!(method, MethodKind::Card { .. } | MethodKind::Twint)
}

/// R-RENEW-5: paying an order or a renewal with such a method turns auto-renewal on.
pub fn auto_renewal_after_payment(method: MethodKind, was_on: bool) -> bool {
    was_on || carries_auto_renewal(method)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum RenewalError {
    #[error("the product expires in {days_left} days: renew it first, auto-renewal needs at least {minimum_days}")]
    TooCloseToExpiry { days_left: i64, minimum_days: i64 },
    #[error("{method} cannot carry auto-renewal: use a card or Twint")]
    MethodNotCompatible { method: &'static str },
    #[error("auto-renewal needs a payment method")]
    MethodRequired,
    #[error("the product is {status:?}: renew it first")]
    NotActive { status: ProductStatus },
    #[error("{months} months is not a period this product can be paid for")]
    PeriodNotAvailable { months: u32, allowed: Vec<u32> },
}

impl RenewalError {
    pub fn code(&self) -> &'static str {
        match self {
            RenewalError::TooCloseToExpiry { .. } => "auto_renewal_too_close_to_expiry",
            RenewalError::MethodNotCompatible { .. } | RenewalError::MethodRequired => "payment_method_not_compatible",
            RenewalError::NotActive { .. } => "product_not_active",
            RenewalError::PeriodNotAvailable { .. } => "renewal_period_not_available",
        }
    }

    pub fn http_status(&self) -> u16 {
        422
    }
}

/// R-RENEW-3, R-RENEW-4: may auto-renewal be turned on now, charging this saved method?
/// `None`: the Organization has no method to charge. The reasons come in this order: the
/// product must be active, then far enough from expiry, then the method must carry it.
pub fn can_enable_auto_renewal(
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    method: Option<MethodKind>,
) -> Result<(), RenewalError> {
    let status = lifecycle(expires_at, now);
    if status != ProductStatus::Active {
        return Err(RenewalError::NotActive { status });
    }
    let days_left = (expires_at - now).num_days();
    if expires_at - now < Duration::days(FIRST_ATTEMPT_DAYS) {
        return Err(RenewalError::TooCloseToExpiry { days_left, minimum_days: FIRST_ATTEMPT_DAYS });
    }
    match method {
        None => Err(RenewalError::MethodRequired),
        Some(method) if !carries_auto_renewal(method) => {
            Err(RenewalError::MethodNotCompatible { method: method.type_name() })
        }
        Some(_) => Ok(()),
    }
}

/// R-RENEW-6: turning auto-renewal on or off; off is always allowed.
pub fn change_auto_renewal(
    enabled: bool,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    method: Option<MethodKind>,
) -> Result<(), RenewalError> {
    if enabled {
        can_enable_auto_renewal(expires_at, now, method)
    } else {
        Ok(())
    }
}

/// R-RENEW-6: a bulk change, answered product by product.
pub fn change_auto_renewal_for_all(
    products: &[(i64, DateTime<Utc>)],
    enabled: bool,
    now: DateTime<Utc>,
    method: Option<MethodKind>,
) -> Vec<(i64, Result<(), RenewalError>)> {
    products.iter().map(|&(id, expires_at)| (id, change_auto_renewal(enabled, expires_at, now, method))).collect()
}

/// R-RENEW-7: which renewals the list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RenewalWindow {
    /// The next 2 calendar months (the default), and what expired but can still be renewed.
    #[default]
    #[serde(rename = "2_months")]
    TwoMonths,
    #[serde(rename = "all")]
    All,
}

impl RenewalWindow {
    /// Whether a product expiring at `expires_at` is in the list. "2 months" is calendar
    /// months: from 24 November 12:00 up to and including 24 January 12:00 (31 December
    /// reaches 28 or 29 February), as a person reading "the next 2 months" would count.
    /// Expired but blocked products are in both lists (they can still be renewed);
    /// terminated ones in neither.
    pub fn contains(self, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        if lifecycle(expires_at, now) == ProductStatus::Terminated {
            return false;
        }
        match self {
            RenewalWindow::All => true,
            RenewalWindow::TwoMonths => {
                now.checked_add_months(Months::new(DEFAULT_WINDOW_MONTHS)).is_none_or(|end| expires_at <= end)
            }
        }
    }
}

impl RenewalWindow {
    /// The expiries the list shows at `now`, as `(after, up_to)`: a product is in it when
    /// `after < expires_at` and `expires_at <= up_to` (if any). What lists filter by in their
    /// query; agrees with [`RenewalWindow::contains`] (tested).
    pub fn expiries(self, now: DateTime<Utc>) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
        let not_terminated = now - Duration::days(GRACE_DAYS);
        let up_to = match self {
            RenewalWindow::All => None,
            RenewalWindow::TwoMonths => now.checked_add_months(Months::new(DEFAULT_WINDOW_MONTHS)),
        };
        (not_terminated, up_to)
    }
}

/// R-RENEW-9: the periods, in months, each product type can be paid for in advance, by
/// official `service_name`. Domains (a `.ch` among them) can be paid up to ten years ahead,
/// as registries allow; subscriptions (hosting, kDrive, mail, kSuite) also month by month.
/// The table itself is our choice: the knowledge base names only the `.ch` example.
pub const RENEWAL_PERIODS: &[(&str, &[u32])] = &[
    ("domain", &[12, 24, 36, 48, 60, 72, 84, 96, 108, 120]),
    ("hosting", &[1, 12, 24, 36]),
    ("web_hosting", &[1, 12, 24, 36]),
    ("certificate", &[12, 24]),
    ("drive", &[1, 12]),
    ("email_hosting", &[1, 12]),
    ("ksuite", &[1, 12]),
    ("swiss_backup", &[1, 12]),
    ("website_builder", &[12, 24]),
];

/// R-RENEW-9: the periods a product type can be paid for; none for a type not sold here.
pub fn allowed_periods(service_name: &str) -> &'static [u32] {
    RENEWAL_PERIODS.iter().find(|(name, _)| *name == service_name).map_or(&[], |(_, periods)| periods)
}

/// R-RENEW-9: checks a period for a product type.
pub fn check_period(service_name: &str, months: u32) -> Result<(), RenewalError> {
    let allowed = allowed_periods(service_name);
    if allowed.contains(&months) {
        Ok(())
    } else {
        Err(RenewalError::PeriodNotAvailable { months, allowed: allowed.to_vec() })
    }
}

/// The expiry after paying `months` more. Counted from the current expiry, so paying late
/// gains nothing, and calendar months (31 January + 1 month is 28 or 29 February).
pub fn extended_expiry(expires_at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    expires_at.checked_add_months(Months::new(months)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests;
