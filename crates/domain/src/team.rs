//! Work teams (R-TEAM-*), and what a member reaches in the end (R-ROLE-4).

use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MAX_TEAM_NAME_CHARS: usize = 128;

/// R-TEAM-1: a named group of users of one Organization sharing access to chosen products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    /// R-TEAM-2: the leader, a member of the team (our choice).
    pub leader_id: Option<i64>,
    pub member_ids: BTreeSet<i64>,
    pub product_ids: BTreeSet<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum TeamError {
    #[error("a team needs a name of 1 to {maximum} characters")]
    InvalidName { maximum: usize },
    #[error("these users are not members of the organization: {user_ids:?}")]
    NotMembers { user_ids: Vec<i64> },
    #[error("the leader must be a member of the team")]
    LeaderNotInTeam { user_id: i64 },
    /// R-TEAM-1: a team gives access to products of its own Organization.
    #[error("these products are not the organization's: {product_ids:?}")]
    NotProducts { product_ids: Vec<i64> },
}

impl TeamError {
    pub fn code(&self) -> &'static str {
        "validation_failed"
    }

    pub fn http_status(&self) -> u16 {
        422
    }
}

pub fn validate_name(name: &str) -> Result<String, TeamError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_TEAM_NAME_CHARS {
        return Err(TeamError::InvalidName { maximum: MAX_TEAM_NAME_CHARS });
    }
    Ok(name.to_string())
}

impl Team {
    pub fn new(
        id: i64,
        account_id: i64,
        name: &str,
        product_ids: impl IntoIterator<Item = i64>,
    ) -> Result<Team, TeamError> {
        Ok(Team {
            id,
            account_id,
            name: validate_name(name)?,
            leader_id: None,
            member_ids: BTreeSet::new(),
            product_ids: product_ids.into_iter().collect(),
        })
    }

    /// R-TEAM-2: several users at once, externals included; all must belong to the
    /// Organization (`organization_members`). Nothing is added unless all can be.
    pub fn add_members(&mut self, user_ids: &[i64], organization_members: &BTreeSet<i64>) -> Result<(), TeamError> {
        let strangers: Vec<i64> = user_ids.iter().copied().filter(|id| !organization_members.contains(id)).collect();
        if !strangers.is_empty() {
            return Err(TeamError::NotMembers { user_ids: strangers });
        }
        self.member_ids.extend(user_ids);
        Ok(())
    }

    /// R-TEAM-3: leaving the team ends the access it gave. A leader who leaves is no longer leader.
    pub fn remove_member(&mut self, user_id: i64) {
        self.member_ids.remove(&user_id);
        if self.leader_id == Some(user_id) {
            self.leader_id = None;
        }
    }

    /// R-TEAM-2: the leader must be in the team.
    /// R-TEAM-1: the products the team gives access to, all of them the Organization's
    /// (`organization_products`); they replace the team's.
    pub fn set_products(
        &mut self,
        product_ids: &[i64],
        organization_products: &BTreeSet<i64>,
    ) -> Result<(), TeamError> {
        let foreign: Vec<i64> = product_ids.iter().copied().filter(|id| !organization_products.contains(id)).collect();
        if !foreign.is_empty() {
            return Err(TeamError::NotProducts { product_ids: foreign });
        }
        self.product_ids = product_ids.iter().copied().collect();
        Ok(())
    }

    pub fn set_leader(&mut self, leader: Option<i64>) -> Result<(), TeamError> {
        if let Some(user_id) = leader.filter(|id| !self.member_ids.contains(id)) {
            return Err(TeamError::LeaderNotInTeam { user_id });
        }
        self.leader_id = leader;
        Ok(())
    }
}

/// What a member reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ProductAccess {
    /// Owners and admins: every product (R-ROLE-4).
    All,
    Only(BTreeSet<i64>),
}

impl ProductAccess {
    pub fn reaches(&self, product_id: i64) -> bool {
        match self {
            ProductAccess::All => true,
            ProductAccess::Only(ids) => ids.contains(&product_id),
        }
    }
}

/// R-ROLE-4, R-TEAM-3: a member reaches every product when owner or admin; otherwise what was
/// granted directly (or shared, for externals) and what their teams give, as long as they are
/// in the team and the product is in it.
pub fn product_access(user_id: i64, role: Role, direct_grants: &BTreeSet<i64>, teams: &[Team]) -> ProductAccess {
    if role.has_sufficient_rights() {
        return ProductAccess::All;
    }
    let through_teams =
        teams.iter().filter(|t| t.member_ids.contains(&user_id)).flat_map(|t| t.product_ids.iter().copied());
    ProductAccess::Only(direct_grants.iter().copied().chain(through_teams).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[i64]) -> BTreeSet<i64> {
        ids.iter().copied().collect()
    }

    #[test]
    fn r_team_1_a_team_gives_its_members_its_products() {
        // R-TEAM-1
        let mut team = Team::new(1, 9, "Web", [10, 11]).unwrap();
        team.add_members(&[3], &set(&[1, 2, 3])).unwrap();
        let access = product_access(3, Role::Normal, &set(&[]), std::slice::from_ref(&team));
        assert!(access.reaches(10) && access.reaches(11) && !access.reaches(12));
        assert_eq!(Team::new(1, 9, "  ", [1]), Err(TeamError::InvalidName { maximum: 128 }));
    }

    #[test]
    fn r_team_1_a_team_name_has_1_to_128_characters_as_the_official_api() {
        // R-TEAM-1: counted in characters, trimmed.
        assert_eq!(validate_name(&"é".repeat(128)), Ok("é".repeat(128)));
        let error = validate_name(&"é".repeat(129)).unwrap_err();
        assert_eq!(error, TeamError::InvalidName { maximum: MAX_TEAM_NAME_CHARS });
        assert_eq!((error.code(), error.http_status()), ("validation_failed", 422));
        assert_eq!(validate_name(" a "), Ok("a".into()));
        assert_eq!(validate_name(""), Err(TeamError::InvalidName { maximum: 128 }));
    }

    #[test]
    fn r_team_1_a_team_gives_products_of_its_own_organization_only() {
        // R-TEAM-1
        let mut team = Team::new(1, 9, "Web", []).unwrap();
        assert_eq!(team.set_products(&[3, 4], &set(&[3, 4, 5])), Ok(()));
        assert_eq!(team.product_ids, set(&[3, 4]));
        assert_eq!(
            team.set_products(&[5, 77], &set(&[3, 4, 5])),
            Err(TeamError::NotProducts { product_ids: vec![77] })
        );
        assert_eq!(team.product_ids, set(&[3, 4]), "unchanged when refused");
        assert_eq!(team.set_products(&[], &set(&[3])), Ok(()));
        assert!(team.product_ids.is_empty());
    }

    #[test]
    fn r_team_2_several_users_at_once_externals_too_and_a_leader_from_the_team() {
        // R-TEAM-2
        let mut team = Team::new(1, 9, "Support", []).unwrap();
        let organization = set(&[1, 2, 3, 4]);
        team.add_members(&[2, 3, 4], &organization).unwrap();
        assert_eq!(team.member_ids, set(&[2, 3, 4]));
        assert_eq!(team.add_members(&[1, 8, 9], &organization), Err(TeamError::NotMembers { user_ids: vec![8, 9] }));
        assert_eq!(team.member_ids, set(&[2, 3, 4]), "nothing added");
        assert_eq!(team.set_leader(Some(1)), Err(TeamError::LeaderNotInTeam { user_id: 1 }));
        team.set_leader(Some(3)).unwrap();
        team.remove_member(3);
        assert_eq!(team.leader_id, None);
        // A user can be in several teams.
        let mut other = Team::new(2, 9, "Mail", [20]).unwrap();
        other.add_members(&[2], &organization).unwrap();
        assert!(product_access(2, Role::External, &set(&[]), &[team, other]).reaches(20));
    }

    #[test]
    fn r_team_3_access_follows_membership_unless_another_grant_remains() {
        // R-TEAM-3
        let mut team = Team::new(1, 9, "Web", [10]).unwrap();
        team.add_members(&[3], &set(&[3])).unwrap();
        team.remove_member(3);
        assert!(!product_access(3, Role::Normal, &set(&[]), std::slice::from_ref(&team)).reaches(10));
        assert!(
            product_access(3, Role::Normal, &set(&[10]), std::slice::from_ref(&team)).reaches(10),
            "the direct grant remains"
        );
        team.add_members(&[3], &set(&[3])).unwrap();
        team.product_ids.remove(&10);
        assert!(!product_access(3, Role::Normal, &set(&[]), &[team]).reaches(10));
    }

    #[test]
    fn r_role_4_owners_and_admins_reach_everything_others_what_they_are_given() {
        // R-ROLE-4
        assert_eq!(product_access(1, Role::Owner, &set(&[]), &[]), ProductAccess::All);
        assert_eq!(product_access(2, Role::Admin, &set(&[]), &[]), ProductAccess::All);
        assert_eq!(product_access(4, Role::External, &set(&[7]), &[]), ProductAccess::Only(set(&[7])));
    }
}
