//! Payment methods and auto-renewal on the wire (API.md, "Products, orders, renewals,
//! payments").

use domain::payment::{CardBrand, MethodKind};
use serde::{Deserialize, Serialize};

/// A way to pay, as `type` says it on the wire (R-PAY-1).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodType {
    Card,
    Postfinance,
    Iban,
    Paypal,
    Twint,
}

/// A saved payment method: what can be shown of it, never a card's number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: MethodType,
    /// Cards only.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub brand: Option<CardBrand>,
    /// Cards only: the last four digits.
    pub last4: Option<String>,
    pub label: String,
    pub is_default: bool,
}

impl MethodType {
    /// What the rules know of a method of this type (R-PAY-1), with a card's brand (Visa when
    /// not known). The server and the app ask the domain crate's payment rules with this.
    pub fn rule_kind(self, brand: Option<CardBrand>) -> MethodKind {
        match self {
            MethodType::Card => MethodKind::Card { brand: brand.unwrap_or(CardBrand::Visa) },
            MethodType::Postfinance => MethodKind::Postfinance,
            MethodType::Iban => MethodKind::Iban,
            MethodType::Paypal => MethodKind::Paypal,
            MethodType::Twint => MethodKind::Twint,
        }
    }
}

impl PaymentMethod {
    /// What the rules know of this saved method: [`MethodType::rule_kind`] with its brand.
    pub fn rule_kind(&self) -> MethodKind {
        self.kind.rule_kind(self.brand)
    }
}

/// A card as typed: handed to the payment provider, kept nowhere.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardInput {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub cvc: String,
}

/// `POST /1/accounts/{account}/payment_methods`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPaymentMethod {
    #[serde(rename = "type")]
    pub kind: MethodType,
    /// For a card or a PostFinance card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// `PUT /1/accounts/{account}/products/{product}/auto_renewal` (R-RENEW-3, 4, 6).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoRenewalRequest {
    pub enabled: bool,
    /// The saved method to charge; the Organization's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<i64>,
}

/// `POST /1/accounts/{account}/renewals/auto_renewal`: several products at once (R-RENEW-6).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkAutoRenewalRequest {
    pub product_ids: Vec<i64>,
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<i64>,
}

/// One product's outcome in a bulk change: `result` is `success` or `error` (then `error`
/// says why, as an error answer does).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkResult {
    pub product_id: i64,
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::ErrorBody>,
}

/// A product to renew (`GET /1/accounts/{account}/renewals`, R-RENEW-7), with what renewing
/// it costs for each period it can be paid for (R-RENEW-9).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renewal {
    pub product_id: i64,
    pub customer_name: String,
    pub service_name: String,
    /// Unix seconds.
    pub expired_at: i64,
    pub status: domain::lifecycle::ProductStatus,
    pub auto_renewal: crate::AutoRenewal,
    /// With auto-renewal on: when the payment is first tried (R-RENEW-2).
    pub first_attempt_at: Option<i64>,
    pub periods: Vec<RenewalPeriod>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenewalPeriod {
    pub months: u32,
    pub price: crate::Price,
}
