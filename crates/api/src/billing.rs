//! Payments, invoices and the prepaid account on the wire (API.md, "Products, orders,
//! renewals, payments").

use crate::{CardInput, MethodType, Price};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How to pay: a saved method (`payment_method_id`), or one given now (`type`, with `card`
/// for a card), as `POST .../payment_methods` takes it; one of the two.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentChoice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<i64>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MethodType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardInput>,
}

/// `POST /1/accounts/{account}/prepaid/top_ups` (R-PAY-5, R-PAY-6).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopUpRequest {
    /// In the Organization's currency: "25.00".
    pub amount: String,
    pub payment: PaymentChoice,
}

/// `POST /1/accounts/{account}/payments`: renewing products, each for a period
/// (R-RENEW-9), part from the prepaid balance if asked (R-PAY-4).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    pub product_ids: Vec<i64>,
    /// Months per product id; a product not named here is renewed for its first period.
    #[serde(default)]
    pub periods: BTreeMap<String, u32>,
    #[serde(default)]
    pub use_prepaid: bool,
    /// Not needed when the prepaid balance pays it all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentChoice>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub product_id: Option<i64>,
    pub description: String,
    pub period_months: u32,
    pub price: Price,
}

/// An invoice (R-PAY-7, R-PAY-8): paid, or a pro-forma waiting for a transfer (R-PAY-3).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: i64,
    pub number: String,
    /// `paid`, `pending` or `lapsed`.
    pub status: String,
    pub is_pro_forma: bool,
    pub total: Price,
    /// What the prepaid balance paid (R-PAY-4), and the other method the rest.
    pub from_prepaid: Price,
    pub from_method: Price,
    /// `card`, `twint`, ...; none when the prepaid balance paid it all.
    pub method: Option<String>,
    /// For a pending transfer: what is still due.
    pub missing: Price,
    pub lines: Vec<InvoiceLine>,
    pub created_at: i64,
    pub paid_at: Option<i64>,
}

/// One movement of the prepaid account: positive in, negative out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrepaidMovement {
    pub id: i64,
    pub amount: Price,
    /// `top_up`, `payment`, `returned` or `surplus`.
    pub kind: String,
    pub invoice_id: Option<i64>,
    pub created_at: i64,
}

/// `GET /1/accounts/{account}/prepaid`: the balance and every movement, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prepaid {
    pub balance: Price,
    pub movements: Vec<PrepaidMovement>,
}

/// One thing to buy: a product type of the catalog, its name, for a period (R-RENEW-9).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderItemRequest {
    pub service_name: String,
    pub customer_name: String,
    pub period_months: u32,
}

/// `POST /1/accounts/{account}/orders`: paid at once when `payment` (or the prepaid balance)
/// is given, else left pending to pay later from the orders list (R-PAY-9).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRequest {
    pub items: Vec<OrderItemRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentChoice>,
    #[serde(default)]
    pub use_prepaid: bool,
}

/// `POST /1/accounts/{account}/orders/{order}/pay` (R-PAY-9).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayOrderRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentChoice>,
    #[serde(default)]
    pub use_prepaid: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    pub service_name: String,
    pub customer_name: String,
    pub period_months: u32,
    pub price: Price,
    /// Once paid: the product it became.
    pub product_id: Option<i64>,
}

/// An order: `pending`, `paid`, `blocked` (identity check, R-KC-3) or `cancelled`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: i64,
    pub status: String,
    pub items: Vec<OrderItem>,
    pub total: Price,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub invoice_id: Option<i64>,
    pub product_ids: Vec<i64>,
    /// Held for an identity verification (R-KC-1) since then; `blocked` until it is done.
    #[serde(default)]
    pub blocked_at: Option<i64>,
    /// While `blocked`: when it is cancelled and refunded in full unless released (R-KC-3).
    #[serde(default)]
    pub cancel_at: Option<i64>,
    #[serde(default)]
    pub cancelled_at: Option<i64>,
    /// What was paid back when it was cancelled: all of it (R-KC-3).
    #[serde(default)]
    pub refunded: Option<Price>,
}
