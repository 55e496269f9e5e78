//! Work teams (R-TEAM-*): the official shapes of `/1/accounts/{account}/teams`, with our
//! `product_ids` (the products the team gives access to).

use serde::{Deserialize, Serialize};

/// A team as the official `Team` has it; `owned_by_id` is its leader.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub color_id: i64,
    pub owned_by_id: Option<i64>,
    pub created_by_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default)]
    pub user_count: i64,
    #[serde(default)]
    pub product_count: i64,
    pub is_sso: bool,
    /// The official per-service rights: this console gives access by product instead.
    pub permissions: Vec<serde_json::Value>,
    /// Ours: the products the team's members reach (R-TEAM-1); absent from the official API.
    #[serde(default)]
    pub product_ids: Vec<i64>,
    /// Ours: the members.
    #[serde(default)]
    pub user_ids: Vec<i64>,
}

/// `POST` (name required) and `PATCH` (all optional) of a team. `owned_by_id`: the leader,
/// a member of the team (on creation, the leader becomes its first member); `null` on PATCH
/// leaves it without one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub owned_by_id: Option<Option<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_ids: Option<Vec<i64>>,
}

/// `POST|DELETE .../teams/{team}/users`: several users at once (R-TEAM-2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamUsersRequest {
    pub user_ids: Vec<i64>,
}

/// A member of a team, as the official `TeamUser`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamUser {
    pub id: i64,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub is_sso: bool,
    pub last_login_at: i64,
    pub teams: Vec<TeamSummary>,
}

/// A team as a `TeamUser` names it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSummary {
    pub id: i64,
    pub name: String,
    pub color_id: i64,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default)]
    pub user_count: i64,
}

/// A field that may be absent (leave it), `null` (clear it) or a value.
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Option<i64>>, serializer: S) -> Result<S::Ok, S::Error> {
        value.flatten().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<i64>>, D::Error> {
        Option::<i64>::deserialize(deserializer).map(Some)
    }
}
