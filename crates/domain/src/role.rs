//! Roles in an Organization and who may do what to whom (R-ROLE-*, R-ACC-4).
//!
//! One question, asked by the server before acting and by the app before showing a control:
//! [`authorize`]`(actor, action)`. The last-owner rule (R-ROLE-3) needs the whole member list
//! and lives in [`crate::membership`].

use serde::{Deserialize, Serialize};

/// A member's role in an Organization. The wire names are those of the public API.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    /// R-ROLE-1: owners and admins have "sufficient rights".
    pub fn has_sufficient_rights(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    /// R-ROLE-5: the billing rights a member of this role has when nobody said otherwise:
    /// owners always, admins unless removed (our choice), collaborators only when granted,
    /// externals never. The one place this default is decided; see [`billing_access`].
    pub fn default_billing_access(self) -> bool {
        self.has_sufficient_rights()
    }

    /// R-ROLE-4: externals are never counted in Organization-wide shares.
    pub fn counts_in_organization_shares(self) -> bool {
        self != Role::External
    }
}

/// R-ROLE-5, R-ROLE-4: the billing rights of a member of `role` for whom `requested` was
/// asked (an invitation's or a form's `has_billing_access`); `None` takes the role's default.
/// Owners cannot be without them, externals cannot hold them: asking for that is refused
/// rather than silently changed.
pub fn billing_access(role: Role, requested: Option<bool>) -> Result<bool, Denied> {
    match (role, requested) {
        (Role::Owner, Some(false)) => Err(Denied::OwnerAlwaysHasBilling),
        (Role::External, Some(true)) => Err(Denied::ExternalWithoutBilling),
        (_, Some(asked)) => Ok(asked),
        (_, None) => Ok(role.default_billing_access()),
    }
}

/// A member of an Organization, as the rules need to see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub role: Role,
    pub has_billing_access: bool,
}

impl Member {
    pub fn new(user_id: i64, role: Role) -> Member {
        Member { user_id, role, has_billing_access: role.default_billing_access() }
    }

    /// R-ROLE-5: owners always have billing rights, externals never.
    pub fn billing_rights(&self) -> bool {
        match self.role {
            Role::Owner => true,
            Role::External => false,
            _ => self.has_billing_access,
        }
    }
}

/// R-ROLE-8: the administrative mail a member receives.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPreferences {
    pub billing: bool,
    pub technical: bool,
    pub administrative: bool,
}

impl Default for ContactPreferences {
    fn default() -> Self {
        ContactPreferences { billing: true, technical: true, administrative: true }
    }
}

/// Something a member wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Invite or add someone with this role (R-ROLE-1, R-ROLE-2).
    AddUser {
        role: Role,
    },
    RemoveUser {
        target: Member,
    },
    ChangeRole {
        target: Member,
        to: Role,
    },
    ChangeBillingAccess {
        target: Member,
        to: bool,
    },
    ChangeProductAccess {
        target: Member,
    },
    /// Someone's contact preferences; one's own are always one's own to change (our choice).
    ChangeContactPreferences {
        target: Member,
    },
    ManageTeams,
    /// Cancel a product (R-CAN-*): it is managed by owners and admins (R-ROLE-4).
    CancelProduct,
    /// See who is in the Organization: members do, externals (outsiders with shared items) do not.
    ListUsers,
    /// Invoices, payments, renewals, the prepaid balance (R-ROLE-5).
    ViewBilling,
    /// Name, address, legal entity type (R-ACC-4).
    EditOrganization,
    /// Reach one product; `granted`: given to the actor directly, through a team, or shared
    /// with them (R-ROLE-4, R-TEAM-3).
    UseProduct {
        granted: bool,
    },
}

/// Why not. Serializes to the context of the error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum Denied {
    #[error("only the legal representatives and administrators can do this")]
    InsufficientRights { role: Role },
    #[error("only a legal representative can give the legal representative role or change another one")]
    OnlyOwnerManagesOwners,
    #[error("nobody can change their own role: ask another legal representative or administrator")]
    OwnRole,
    /// R-ROLE-5, R-ROLE-6: billing rights are part of what one's role allows.
    #[error("nobody can change their own billing rights: ask another legal representative or administrator")]
    OwnBillingAccess,
    #[error("only the legal representative can change the organization's details")]
    OnlyLegalRepresentative,
    #[error("billing is reserved to members with billing rights")]
    NoBillingRights,
    #[error("external users cannot have billing rights")]
    ExternalWithoutBilling,
    #[error("the legal representatives always have billing rights")]
    OwnerAlwaysHasBilling,
    /// Not granted: said as "not found", so a product's existence is not revealed.
    #[error("this product does not exist or is not yours to see")]
    ProductNotVisible,
}

impl Denied {
    pub fn code(&self) -> &'static str {
        match self {
            Denied::OnlyOwnerManagesOwners => "only_owner_can_manage_owners",
            // The API has one code for changing one's own standing; the sentence says which.
            Denied::OwnRole | Denied::OwnBillingAccess => "cannot_change_own_role",
            Denied::ExternalWithoutBilling | Denied::OwnerAlwaysHasBilling => "validation_failed",
            Denied::ProductNotVisible => "object_not_found",
            _ => "access_denied",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            Denied::OwnRole
            | Denied::OwnBillingAccess
            | Denied::ExternalWithoutBilling
            | Denied::OwnerAlwaysHasBilling => 422,
            Denied::ProductNotVisible => 404,
            _ => 403,
        }
    }
}

/// May `actor` do `action`? The one function the server and the app both ask.
pub fn authorize(actor: &Member, action: Action) -> Result<(), Denied> {
    let sufficient = || {
        if actor.role.has_sufficient_rights() {
            Ok(())
        } else {
            Err(Denied::InsufficientRights { role: actor.role })
        }
    };
    // R-ROLE-2: owners are managed by owners only.
    let owner_business = |involves_owner: bool| {
        if involves_owner && actor.role != Role::Owner {
            Err(Denied::OnlyOwnerManagesOwners)
        } else {
            Ok(())
        }
    };
    match action {
        Action::AddUser { role } => {
            sufficient()?;
            owner_business(role == Role::Owner)
        }
        Action::RemoveUser { target } => {
            if target.user_id == actor.user_id {
                return Ok(()); // leaving; the last-owner rule still applies (membership)
            }
            sufficient()?;
            owner_business(target.role == Role::Owner)
        }
        Action::ChangeRole { target, to } => {
            // R-ROLE-6 first: even an owner cannot change their own role.
            if target.user_id == actor.user_id {
                return Err(Denied::OwnRole);
            }
            sufficient()?;
            owner_business(target.role == Role::Owner || to == Role::Owner)
        }
        Action::ChangeBillingAccess { target, to } => {
            // R-ROLE-6 applies to billing rights too: an admin whose rights were removed
            // cannot give them back to themselves.
            if target.user_id == actor.user_id {
                return Err(Denied::OwnBillingAccess);
            }
            sufficient()?;
            owner_business(target.role == Role::Owner)?;
            billing_access(target.role, Some(to)).map(|_| ())
        }
        Action::ChangeProductAccess { target } => {
            sufficient()?;
            owner_business(target.role == Role::Owner)
        }
        Action::ChangeContactPreferences { target } if target.user_id == actor.user_id => Ok(()),
        Action::ChangeContactPreferences { .. } | Action::ManageTeams | Action::CancelProduct => sufficient(),
        Action::ListUsers => {
            if actor.role == Role::External {
                Err(Denied::InsufficientRights { role: actor.role })
            } else {
                Ok(())
            }
        }
        Action::ViewBilling => {
            if actor.billing_rights() {
                Ok(())
            } else {
                Err(Denied::NoBillingRights)
            }
        }
        Action::EditOrganization => {
            if actor.role == Role::Owner {
                Ok(())
            } else {
                Err(Denied::OnlyLegalRepresentative)
            }
        }
        Action::UseProduct { granted } => {
            if actor.role.has_sufficient_rights() || granted {
                Ok(())
            } else {
                Err(Denied::ProductNotVisible)
            }
        }
    }
}

/// R-ROLE-7: the summary mailed to a member whose role changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChangeSummary {
    pub user_id: i64,
    pub changed_by: i64,
    pub from: Role,
    pub to: Role,
    pub has_billing_access: bool,
}

#[cfg(test)]
mod tests;
