//! Products and the catalog on the wire (API.md, "Products, orders, renewals, payments"): the
//! official `Product` fields, and ours beside them.

use domain::lifecycle::ProductStatus;
use domain::money::Currency;
use serde::{Deserialize, Serialize};

/// An amount as the API writes it: `{"amount": "12.50", "currency": "CHF"}` (a string, so
/// that no client reads it as a float).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub amount: String,
    pub currency: Currency,
}

impl Price {
    pub fn of(money: domain::money::Money) -> Price {
        Price { amount: money.amount(), currency: money.currency }
    }

    /// The amount as exact money again; None when the text is not one.
    pub fn money(&self) -> Option<domain::money::Money> {
        domain::money::Money::parse_wire(&self.amount, self.currency).ok()
    }
}

/// `auto_renewal` of a product (R-RENEW-1): on or off, and the saved method it charges.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoRenewal {
    pub enabled: bool,
    pub payment_method_id: Option<i64>,
}

/// A product of an Organization: the official `Product` schema's fields, then ours.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub account_id: i64,
    pub service_id: i64,
    /// The product type, e.g. `domain`, `hosting`, `drive`.
    pub service_name: String,
    /// The name its owner gave it (a domain name, a site).
    pub customer_name: String,
    pub internal_name: String,
    pub created_at: i64,
    /// Unix seconds.
    pub expired_at: i64,
    #[serde(default)]
    pub deleted_at: Option<i64>,
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub has_maintenance: bool,
    /// Blocked (R-RENEW-8).
    #[serde(default)]
    pub is_locked: bool,
    #[serde(default)]
    pub has_operation_in_progress: bool,
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
    #[serde(default)]
    pub unique_id: i64,
    #[serde(default)]
    pub is_free: bool,
    #[serde(default)]
    pub is_zero_price: bool,
    #[serde(default)]
    pub is_trial: bool,
    #[serde(default)]
    pub rights: serde_json::Value,
    // Ours.
    #[serde(default)]
    pub auto_renewal: AutoRenewal,
    /// Where it stands now (R-RENEW-8). The real API has a `status` object instead
    /// (`{activated_at, locked, maintenance}`): read as blocked when locked, else active.
    #[serde(default = "active", deserialize_with = "ours_or_official_status")]
    pub status: ProductStatus,
    /// The months it can be paid for ahead (R-RENEW-9).
    #[serde(default)]
    pub renewal_periods: Vec<u32>,
    /// What renewing it for the first of its periods costs, in the Organization's currency.
    #[serde(default)]
    pub renewal_price: Option<Price>,
}

fn active() -> ProductStatus {
    ProductStatus::Active
}

fn ours_or_official_status<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<ProductStatus, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(status) => {
            serde_json::from_value(serde_json::Value::String(status)).map_err(D::Error::custom)
        }
        serde_json::Value::Object(official) => {
            let locked =
                official.get("locked").and_then(|l| l.as_object()).is_some_and(|l| l.values().any(|v| v == true));
            Ok(if locked { ProductStatus::Blocked } else { ProductStatus::Active })
        }
        serde_json::Value::Null => Ok(ProductStatus::Active),
        other => Err(D::Error::custom(format!("a product status cannot be {other}"))),
    }
}

/// One product type of `GET /1/catalog`, with its prices.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub service_name: String,
    pub service_id: i64,
    pub name: String,
    pub periods: Vec<CatalogPeriod>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPeriod {
    pub months: u32,
    /// One price per currency.
    pub prices: Vec<Price>,
}

/// The query of `GET /1/accounts/{account_id}/products`; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
    /// Part of the product's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Ours: only these products, ids separated by commas (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<String>,
    /// A product type (`service_name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProductStatus>,
    /// `expired_at` (the default), `customer_name` or `service_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    /// `asc` (the default) or `desc`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_for: Option<String>,
}

/// One entry of a product's history: `renewed` (the detail: until when), `renewal_failed`,
/// `blocked` or `terminated`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductEvent {
    pub event: String,
    pub detail: String,
    /// Unix seconds.
    pub at: i64,
}

/// A product's cancellation (R-CAN-*): asked by `POST /1/accounts/{account}/products/
/// {product}/cancellation` (`pending`, the link goes out by mail), read and confirmed by the
/// link's key (`confirmed`: the product is terminated).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub product_id: i64,
    pub account_id: i64,
    /// The product's name, and its Organization's, so that the link's page says what ends.
    pub customer_name: String,
    pub account_name: String,
    /// `pending` or `confirmed`.
    pub status: String,
    /// Where the confirmation link was sent.
    pub email: String,
    /// Unix seconds.
    pub requested_at: i64,
    pub confirmed_at: Option<i64>,
    /// R-CAN-2: what was already due and stays due; known once confirmed.
    pub fees_still_due: Option<Price>,
}

/// `GET /1/accounts/{account}/attention`: one thing to act on (`domain::attention`), most
/// urgent kinds first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionItem {
    /// `renewal_failed`, `blocked`, `unpaid_invoice` or `expiring_soon`.
    pub kind: String,
    pub product_id: Option<i64>,
    pub invoice_id: Option<i64>,
    /// The product's name, or the invoice's number.
    pub name: String,
    /// Unix seconds: the expiry; for a blocked product, when it is terminated.
    pub date: Option<i64>,
    /// For an invoice: what is still due.
    pub amount: Option<Price>,
}
