//! Amounts and dates of the API as the language shown writes them (`domain::language`, the
//! same functions the server's mail uses).

use crate::i18n::{language, t};
use api::Price;
use domain::lifecycle::ProductStatus;
use domain::money::Money;

/// `CHF 1,234.50`, `1.234,50 €`...; the wire's text as it came if it is not an amount.
pub fn money(price: &Price) -> String {
    match Money::parse_wire(&price.amount, price.currency) {
        Ok(money) => language().format_money(money),
        Err(_) => format!("{} {}", price.currency.as_str(), price.amount),
    }
}

/// The day of a Unix time (seconds, UTC), written out: `25 November 2026`.
pub fn date(unix_seconds: i64) -> String {
    let day = chrono::DateTime::from_timestamp(unix_seconds, 0).unwrap_or_default().date_naive();
    language().format_date(day)
}

/// Now, by the browser's clock, for the rules the page asks before sending (the server
/// decides again by its own).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// A product's status in the language shown.
pub fn product_status(status: ProductStatus) -> &'static str {
    let t = t();
    match status {
        ProductStatus::Active => t.status_active,
        ProductStatus::Blocked => t.status_blocked,
        ProductStatus::Terminated => t.status_terminated,
    }
}
