//! What the dashboard puts first (UI.md, issue 8): what needs someone to act before it costs
//! them a product. The server lists it, the page shows it; the choice of what counts is here.

use crate::lifecycle::{lifecycle, ProductStatus};
use crate::money::Money;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// A product expiring within this many days with auto-renewal off needs attention: enough
/// time to pay by hand, or to turn auto-renewal on while R-RENEW-3 still allows it (14 days).
pub const EXPIRING_SOON_DAYS: i64 = 30;

/// What is known of a product to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFacts {
    pub id: i64,
    pub name: String,
    pub expires_at: DateTime<Utc>,
    pub auto_renewal: bool,
    /// When auto-renewal last failed to pay it, if it has not been renewed since (R-RENEW-2).
    pub renewal_failed_at: Option<DateTime<Utc>>,
}

/// What is known of an invoice to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub id: i64,
    pub number: String,
    /// What is still due.
    pub missing: Money,
    /// Waiting for a payment (a pro-forma waiting for its transfer, R-PAY-3).
    pub pending: bool,
}

/// One thing to act on, most urgent kinds first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attention {
    /// Auto-renewal could not pay (R-RENEW-2): pay by hand before the expiry.
    RenewalFailed { product_id: i64, name: String, expires_at: DateTime<Utc> },
    /// Expired and blocked (R-RENEW-8): terminated at `terminated_at` unless renewed.
    Blocked { product_id: i64, name: String, terminated_at: DateTime<Utc> },
    /// An invoice waiting for its payment (R-PAY-3, R-PAY-10).
    UnpaidInvoice { invoice_id: i64, number: String, missing: Money },
    /// Expiring soon with auto-renewal off.
    ExpiringSoon { product_id: i64, name: String, expires_at: DateTime<Utc> },
}

/// Everything that needs attention at `now`: failed renewals, blocked products, unpaid
/// invoices, then products expiring within [`EXPIRING_SOON_DAYS`] with auto-renewal off,
/// each kind soonest first. Terminated products are gone and need nothing (R-RENEW-8).
pub fn needs_attention(products: &[ProductFacts], invoices: &[InvoiceFacts], now: DateTime<Utc>) -> Vec<Attention> {
    let mut by_expiry: Vec<&ProductFacts> = products.iter().collect();
    by_expiry.sort_by_key(|p| (p.expires_at, p.id));
    let status = |p: &ProductFacts| lifecycle(p.expires_at, now);
    let failed = by_expiry
        .iter()
        .filter(|p| status(p) == ProductStatus::Active && p.renewal_failed_at.is_some())
        .map(|p| Attention::RenewalFailed { product_id: p.id, name: p.name.clone(), expires_at: p.expires_at });
    let blocked = by_expiry.iter().filter(|p| status(p) == ProductStatus::Blocked).map(|p| Attention::Blocked {
        product_id: p.id,
        name: p.name.clone(),
        terminated_at: p.expires_at + Duration::days(crate::lifecycle::GRACE_DAYS),
    });
    let unpaid = invoices.iter().filter(|i| i.pending).map(|i| Attention::UnpaidInvoice {
        invoice_id: i.id,
        number: i.number.clone(),
        missing: i.missing,
    });
    let soon = by_expiry
        .iter()
        .filter(|p| {
            status(p) == ProductStatus::Active
                && !p.auto_renewal
                && p.renewal_failed_at.is_none()
                && p.expires_at <= now + Duration::days(EXPIRING_SOON_DAYS)
        })
        .map(|p| Attention::ExpiringSoon { product_id: p.id, name: p.name.clone(), expires_at: p.expires_at });
    failed.chain(blocked).chain(unpaid).chain(soon).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    fn product(id: i64, days: i64, auto_renewal: bool, failed: bool) -> ProductFacts {
        ProductFacts {
            id,
            name: format!("p{id}"),
            expires_at: now() + Duration::days(days),
            auto_renewal,
            renewal_failed_at: failed.then(|| now() - Duration::days(1)),
        }
    }

    fn kinds(found: &[Attention]) -> Vec<(&'static str, i64)> {
        found
            .iter()
            .map(|a| match a {
                Attention::RenewalFailed { product_id, .. } => ("failed", *product_id),
                Attention::Blocked { product_id, .. } => ("blocked", *product_id),
                Attention::UnpaidInvoice { invoice_id, .. } => ("unpaid", *invoice_id),
                Attention::ExpiringSoon { product_id, .. } => ("soon", *product_id),
            })
            .collect()
    }

    #[test]
    fn the_urgent_kinds_come_first_each_soonest_first_and_terminated_products_need_nothing() {
        let products = [
            product(1, 20, false, false),  // soon
            product(2, 9, false, false),   // soon, sooner
            product(3, 40, false, false),  // not soon
            product(4, 10, true, false),   // auto-renewal will try: nothing to do yet
            product(5, 12, true, true),    // R-RENEW-2: its payment failed
            product(6, -5, false, false),  // R-RENEW-8: blocked
            product(7, -45, false, false), // terminated: gone
            product(8, 30, false, false),  // the last day that counts as soon
        ];
        let chf = |cents| Money::new(cents, Currency::Chf);
        let invoices = [
            InvoiceFacts { id: 70, number: "PF-1".into(), missing: chf(10_000), pending: true },
            InvoiceFacts { id: 71, number: "INV-2".into(), missing: chf(0), pending: false },
        ];
        let found = needs_attention(&products, &invoices, now());
        assert_eq!(
            kinds(&found),
            [("failed", 5), ("blocked", 6), ("unpaid", 70), ("soon", 2), ("soon", 1), ("soon", 8)]
        );
        let Attention::Blocked { terminated_at, .. } = &found[1] else { panic!("blocked second") };
        assert_eq!(*terminated_at, now() + Duration::days(25), "R-RENEW-8: after the grace period");
    }

    #[test]
    fn nothing_needs_attention_when_everything_renews_by_itself() {
        let products = [product(1, 20, true, false), product(2, 400, false, false)];
        assert!(needs_attention(&products, &[], now()).is_empty());
    }
}
