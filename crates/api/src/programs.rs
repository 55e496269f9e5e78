//! The partner program (R-PART-*) and abuse reports (R-ABUSE-1): their wire shapes.

use domain::partner::{Program, Shortfall};
use serde::{Deserialize, Serialize};

/// `GET /1/accounts/{account}/partnership`: the program joined, and whether the Organization
/// may be a partner, with each requirement it does not meet.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partnership {
    pub account_id: i64,
    pub program: Option<Program>,
    pub joined_at: Option<i64>,
    pub eligible_as_partner: bool,
    pub reasons: Vec<Shortfall>,
    /// The yearly total of its active products, and the minimum, in its currency.
    pub managed_yearly: crate::Price,
    pub minimum_yearly: crate::Price,
}

/// `POST /1/accounts/{account}/partnership`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinProgramRequest {
    #[serde(rename = "type")]
    pub program: Program,
}

/// `POST /1/abuse_reports`: what kind of abuse, and what happened.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbuseReportRequest {
    /// `spam`, `phishing`, `malware`, `copyright`, `illegal_content` or `other`.
    pub category: String,
    pub description: String,
}

/// A report received, with its four deadlines (R-ABUSE-1), Unix seconds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbuseReport {
    pub id: i64,
    pub category: String,
    pub received_at: i64,
    pub acknowledge_by: i64,
    pub assess_by: i64,
    pub investigate_by: i64,
    pub correct_by: i64,
}

/// `POST /1/accounts/{client}/partners` (ours, R-PART-3): the client lets a partner manage
/// its whole account (`scope: whole_account`, billing included) or only `product_ids`
/// (`scope: products`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerDelegationRequest {
    pub partner_account_id: i64,
    /// `whole_account` or `products`.
    pub scope: String,
    #[serde(default)]
    pub product_ids: Vec<i64>,
}

/// A client's delegation to a partner, as both sides list it (R-PART-3).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerDelegation {
    pub id: i64,
    pub client_account_id: i64,
    pub client_name: String,
    pub partner_account_id: i64,
    pub partner_name: String,
    /// `whole_account` or `products`.
    pub scope: String,
    pub product_ids: Vec<i64>,
    /// The partner's members it chose to act for this client.
    pub user_ids: Vec<i64>,
    pub created_at: i64,
}

/// `PUT /1/accounts/{partner}/clients/{delegation}/users` (ours, R-PART-3): the partner's
/// members who act for that client, all of them at once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegationUsersRequest {
    pub user_ids: Vec<i64>,
}
