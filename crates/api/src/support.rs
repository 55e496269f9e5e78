//! Support access (R-SUP-*): the wire shapes of `/1/support_accesses`.

use domain::support::{GrantStatus, Scope};
use serde::{Deserialize, Serialize};

/// `POST /1/support_accesses`: one kind of content of one Organization (R-SUP-1, R-SUP-2).
/// `resource_ids`: the Organization's products of that kind (a mail service, a kDrive, a
/// kSuite), or the one message of a `single_email`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportAccessRequest {
    pub account_id: i64,
    pub scope: Scope,
    pub resource_ids: Vec<i64>,
}

/// A grant, with the date it closes by itself (R-SUP-3); `status` is computed from the times,
/// so a grant past its date is `expired`, never `active`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportAccess {
    pub id: i64,
    pub account_id: i64,
    pub scope: Scope,
    pub resource_ids: Vec<i64>,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub status: GrantStatus,
}
