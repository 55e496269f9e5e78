//! Roles in an Organization and who may do what to whom (R-ROLE-*).

use serde::{Deserialize, Serialize};

/// A member's role in an Organization. The wire names are those of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The legal representative.
    Owner,
    /// Administrator.
    Admin,
    /// Collaborator (wire name `normal`).
    Normal,
    /// Someone outside the Organization with explicitly shared access.
    External,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Normal, Role::External];

    /// The wire name (`owner`, `admin`, `normal`, `external`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Normal => "normal",
            Role::External => "external",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}
