//! An Organization's members and the changes that keep its invariants: never without an
//! owner (R-ROLE-3), whatever the sequence of changes; removing a member takes their team
//! memberships, product grants and support-access grants with them (R-USER-3).

use crate::role::{authorize, Action, Denied, Member, Role, RoleChangeSummary};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum MembershipError {
    #[error(transparent)]
    Denied(Denied),
    /// R-ROLE-3: name another legal representative first.
    #[error("an organization needs a legal representative: name another one first")]
    LastOwner { owners_left: usize },
    #[error("this user is not a member of the organization")]
    NotAMember,
    #[error("this user is already a member of the organization")]
    AlreadyMember,
}

impl From<Denied> for MembershipError {
    fn from(denied: Denied) -> Self {
        MembershipError::Denied(denied)
    }
}

impl MembershipError {
    pub fn code(&self) -> &'static str {
        match self {
            MembershipError::Denied(denied) => denied.code(),
            MembershipError::LastOwner { .. } => "last_owner_cannot_be_removed",
            MembershipError::NotAMember => "object_not_found",
            MembershipError::AlreadyMember => "object_already_exists",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            MembershipError::Denied(denied) => denied.http_status(),
            MembershipError::LastOwner { .. } => 422,
            MembershipError::NotAMember => 404,
            MembershipError::AlreadyMember => 409,
        }
    }
}

/// Why products cannot be given to a member directly (R-ROLE-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum GrantError {
    /// Owners and administrators reach every product: nothing to give them.
    #[error("owners and administrators reach every product already")]
    ReachesAllProducts { role: Role },
    #[error("these products are not the organization's: {product_ids:?}")]
    NotProducts { product_ids: Vec<i64> },
}

/// R-ROLE-4: the products given to a member directly, replacing theirs: a collaborator or an
/// external only, and every product the Organization's (`organization_products`). Who may
/// give them is [`Action::ChangeProductAccess`].
pub fn direct_grants(
    target_role: Role,
    product_ids: &[i64],
    organization_products: &std::collections::BTreeSet<i64>,
) -> Result<std::collections::BTreeSet<i64>, GrantError> {
    if target_role.has_sufficient_rights() {
        return Err(GrantError::ReachesAllProducts { role: target_role });
    }
    let foreign: Vec<i64> = product_ids.iter().copied().filter(|id| !organization_products.contains(id)).collect();
    if !foreign.is_empty() {
        return Err(GrantError::NotProducts { product_ids: foreign });
    }
    Ok(product_ids.iter().copied().collect())
}

/// What a member holds in one Organization, by id: the teams they are in, the products
/// granted to them directly, and the support-access grants they made there that are still
/// open (R-USER-3). The caller loads them; [`Members::remove`] says which go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Holdings {
    pub team_ids: Vec<i64>,
    pub product_grant_ids: Vec<i64>,
    pub support_access_ids: Vec<i64>,
}

/// R-USER-3: what goes with a removed member, listed so the caller removes exactly that in
/// the same transaction. Their account itself stays: nothing here deletes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    pub user_id: i64,
    pub teams_left: Vec<i64>,
    pub product_grants_lost: Vec<i64>,
    pub support_accesses_revoked: Vec<i64>,
}

/// The members of one Organization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Members {
    members: Vec<Member>,
}

impl Members {
    /// The members of a new Organization: its creator, owner (R-ACC-2).
    pub fn founded_by(user_id: i64) -> Members {
        Members { members: vec![Member::new(user_id, Role::Owner)] }
    }

    /// Members as stored. Storage is trusted to hold at least one owner; every change here
    /// keeps it so.
    pub fn from_stored(members: Vec<Member>) -> Members {
        Members { members }
    }

    pub fn as_slice(&self) -> &[Member] {
        &self.members
    }

    pub fn get(&self, user_id: i64) -> Option<&Member> {
        self.members.iter().find(|m| m.user_id == user_id)
    }

    pub fn owners(&self) -> usize {
        self.members.iter().filter(|m| m.role == Role::Owner).count()
    }

    fn member(&self, user_id: i64) -> Result<Member, MembershipError> {
        self.get(user_id).copied().ok_or(MembershipError::NotAMember)
    }

    /// Adds a member (R-USER-1: an accepted invitation), as `actor` may.
    pub fn add(&mut self, actor_id: i64, new: Member) -> Result<(), MembershipError> {
        let actor = self.member(actor_id)?;
        authorize(&actor, Action::AddUser { role: new.role })?;
        if self.get(new.user_id).is_some() {
            return Err(MembershipError::AlreadyMember);
        }
        self.members.push(Member { has_billing_access: new.billing_rights(), ..new });
        Ok(())
    }

    /// Changes a member's role (R-ROLE-1, 2, 3, 6) and returns the summary to mail (R-ROLE-7).
    pub fn change_role(
        &mut self,
        actor_id: i64,
        target_id: i64,
        to: Role,
    ) -> Result<RoleChangeSummary, MembershipError> {
        let actor = self.member(actor_id)?;
        let target = self.member(target_id)?;
        authorize(&actor, Action::ChangeRole { target, to })?;
        if target.role == Role::Owner && to != Role::Owner && self.owners() == 1 {
            return Err(MembershipError::LastOwner { owners_left: 1 });
        }
        // A new role starts from its own billing rights (R-ROLE-5); the same role keeps them.
        let has_billing_access =
            if to == target.role { target.has_billing_access } else { to.default_billing_access() };
        let changed = Member { role: to, has_billing_access, ..target };
        self.replace(changed);
        Ok(RoleChangeSummary {
            user_id: target_id,
            changed_by: actor_id,
            from: target.role,
            to,
            has_billing_access: changed.billing_rights(),
        })
    }

    /// Gives or takes a member's billing rights (R-ROLE-5, and R-ROLE-6: never one's own).
    /// Returns the member as changed, or None when they already had what was asked.
    pub fn change_billing_access(
        &mut self,
        actor_id: i64,
        target_id: i64,
        to: bool,
    ) -> Result<Option<Member>, MembershipError> {
        let actor = self.member(actor_id)?;
        let target = self.member(target_id)?;
        if target.billing_rights() == to {
            return Ok(None);
        }
        authorize(&actor, Action::ChangeBillingAccess { target, to })?;
        let changed = Member { has_billing_access: to, ..target };
        self.replace(changed);
        Ok(Some(changed))
    }

    /// Removes a member, or lets one leave (R-ROLE-1, 2, 3; R-USER-3). `holdings` is what the
    /// member holds in this Organization; the answer lists all of it as removed.
    pub fn remove(&mut self, actor_id: i64, target_id: i64, holdings: Holdings) -> Result<Removal, MembershipError> {
        let actor = self.member(actor_id)?;
        let target = self.member(target_id)?;
        authorize(&actor, Action::RemoveUser { target })?;
        if target.role == Role::Owner && self.owners() == 1 {
            return Err(MembershipError::LastOwner { owners_left: 1 });
        }
        self.members.retain(|m| m.user_id != target_id);
        let Holdings { team_ids, product_grant_ids, support_access_ids } = holdings;
        Ok(Removal {
            user_id: target_id,
            teams_left: team_ids,
            product_grants_lost: product_grant_ids,
            support_accesses_revoked: support_access_ids,
        })
    }

    fn replace(&mut self, changed: Member) {
        if let Some(slot) = self.members.iter_mut().find(|m| m.user_id == changed.user_id) {
            *slot = changed;
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod grant_tests {
    use super::*;

    #[test]
    fn r_role_4_products_are_given_directly_to_collaborators_and_externals_only() {
        let organization: std::collections::BTreeSet<i64> = [10, 11, 12].into();
        assert_eq!(direct_grants(Role::Normal, &[10, 12, 10], &organization), Ok([10, 12].into()));
        assert_eq!(direct_grants(Role::External, &[], &organization), Ok([].into()), "none: access removed");
        assert_eq!(
            direct_grants(Role::Normal, &[10, 99], &organization),
            Err(GrantError::NotProducts { product_ids: vec![99] })
        );
        for role in [Role::Owner, Role::Admin] {
            assert_eq!(direct_grants(role, &[10], &organization), Err(GrantError::ReachesAllProducts { role }));
        }
    }
}
