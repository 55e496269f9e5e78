use super::*;
use proptest::prelude::*;

fn org() -> Members {
    let mut org = Members::founded_by(1);
    org.add(1, Member::new(2, Role::Admin)).unwrap();
    org.add(1, Member::new(3, Role::Normal)).unwrap();
    org.add(1, Member::new(4, Role::External)).unwrap();
    org
}

#[test]
fn r_acc_2_the_founder_is_the_owner() {
    // R-ACC-2
    let org = Members::founded_by(7);
    assert_eq!(org.get(7).map(|m| m.role), Some(Role::Owner));
    assert_eq!(org.owners(), 1);
}

#[test]
fn r_role_3_the_last_owner_can_be_neither_removed_nor_demoted() {
    // R-ROLE-3
    let mut org = org();
    let e = org.change_role(1, 1, Role::Admin).unwrap_err();
    assert_eq!(e.code(), "cannot_change_own_role", "R-ROLE-6 comes first");
    assert_eq!(
        org.remove(1, 1, Holdings::default()),
        Err(MembershipError::LastOwner { owners_left: 1 }),
        "the last owner cannot leave"
    );
    let e = org.remove(1, 1, Holdings::default()).unwrap_err();
    assert_eq!((e.code(), e.http_status()), ("last_owner_cannot_be_removed", 422));
    assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({"owners_left": 1}));
}

#[test]
fn r_role_3_replacing_the_legal_representative_means_naming_another_first() {
    // R-ROLE-3: make someone else owner, then demote or remove the old one.
    let mut org = org();
    org.change_role(1, 2, Role::Owner).unwrap();
    assert_eq!(org.owners(), 2);
    let summary = org.change_role(2, 1, Role::Normal).unwrap();
    assert_eq!(org.owners(), 1);
    assert_eq!(
        summary,
        RoleChangeSummary { user_id: 1, changed_by: 2, from: Role::Owner, to: Role::Normal, has_billing_access: false }
    );
    assert_eq!(org.change_role(1, 2, Role::Admin).unwrap_err().code(), "access_denied");
}

#[test]
fn r_role_7_a_role_change_yields_the_summary_to_mail() {
    // R-ROLE-7
    let mut org = org();
    let summary = org.change_role(2, 3, Role::Admin).unwrap();
    assert_eq!(
        summary,
        RoleChangeSummary { user_id: 3, changed_by: 2, from: Role::Normal, to: Role::Admin, has_billing_access: true }
    );
    let summary = org.change_role(1, 3, Role::External).unwrap();
    assert!(!summary.has_billing_access, "externals never hold billing rights");
}

#[test]
fn r_user_3_removing_a_member_takes_their_grants_but_not_their_account() {
    // R-USER-3
    let mut org = org();
    let holdings = Holdings { team_ids: vec![11, 12], product_grant_ids: vec![21], support_access_ids: vec![31, 32] };
    let removal = org.remove(2, 3, holdings).unwrap();
    assert_eq!(
        removal,
        Removal {
            user_id: 3,
            teams_left: vec![11, 12],
            product_grants_lost: vec![21],
            support_accesses_revoked: vec![31, 32]
        }
    );
    assert!(org.get(3).is_none());
    assert_eq!(org.remove(2, 3, Holdings::default()), Err(MembershipError::NotAMember));
    // Someone who holds nothing loses nothing.
    let removal = org.remove(4, 4, Holdings::default()).unwrap();
    assert_eq!(
        removal,
        Removal { user_id: 4, teams_left: vec![], product_grants_lost: vec![], support_accesses_revoked: vec![] }
    );
    // A refused removal takes nothing: an admin cannot remove an owner (R-ROLE-2).
    let kept = Holdings { team_ids: vec![1], ..Holdings::default() };
    assert_eq!(org.remove(2, 1, kept).unwrap_err().code(), "only_owner_can_manage_owners");
    assert!(org.get(1).is_some());
}

#[test]
fn r_role_5_r_role_6_billing_rights_change_by_someone_else_only() {
    // R-ROLE-5, R-ROLE-6
    let mut org = org();
    assert_eq!(
        org.change_billing_access(1, 2, false),
        Ok(Some(Member { user_id: 2, role: Role::Admin, has_billing_access: false }))
    );
    assert!(!org.get(2).unwrap().billing_rights());
    let before = org.clone();
    let e = org.change_billing_access(2, 2, true).unwrap_err();
    assert_eq!((e.code(), e.http_status()), ("cannot_change_own_role", 422));
    assert_eq!(org, before, "a refused change changes nothing");
    assert_eq!(org.change_billing_access(2, 2, false), Ok(None), "nothing to change");
    assert_eq!(org.change_billing_access(1, 3, true).unwrap().map(|m| m.billing_rights()), Some(true));
    assert_eq!(org.change_billing_access(3, 2, true).unwrap_err().code(), "access_denied");
    assert_eq!(org.change_billing_access(1, 4, true).unwrap_err().code(), "validation_failed", "externals never");
    assert_eq!(org.change_billing_access(1, 9, true), Err(MembershipError::NotAMember));
}

#[test]
fn r_role_5_stored_members_are_kept_as_they_are_and_added_ones_hold_only_the_rights_of_their_role() {
    // R-ROLE-5, R-ROLE-4: an external never holds billing rights, an owner always does,
    // whatever the caller put in the member it adds.
    let stored = vec![Member::new(1, Role::Owner), Member { has_billing_access: false, ..Member::new(2, Role::Admin) }];
    let mut org = Members::from_stored(stored.clone());
    assert_eq!(org.as_slice(), stored.as_slice());
    assert_eq!(org.owners(), 1);
    org.add(1, Member { user_id: 5, role: Role::External, has_billing_access: true }).unwrap();
    assert_eq!(org.get(5), Some(&Member { user_id: 5, role: Role::External, has_billing_access: false }));
    org.add(1, Member { user_id: 6, role: Role::Owner, has_billing_access: false }).unwrap();
    assert_eq!(org.get(6).map(|m| m.has_billing_access), Some(true));
    org.add(1, Member { user_id: 7, role: Role::Normal, has_billing_access: true }).unwrap();
    assert_eq!(org.get(7).map(|m| m.has_billing_access), Some(true), "a collaborator may be given them");
}

#[test]
fn r_user_1_adding_someone_already_there_is_a_conflict() {
    // R-USER-1
    let mut org = org();
    assert_eq!(org.add(1, Member::new(3, Role::Normal)), Err(MembershipError::AlreadyMember));
    assert_eq!(org.add(3, Member::new(9, Role::Normal)).unwrap_err().code(), "access_denied");
}

#[derive(Debug, Clone)]
enum Step {
    Add { actor: usize, user: i64, role: Role },
    ChangeRole { actor: usize, target: usize, to: Role },
    Remove { actor: usize, target: usize },
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Owner), Just(Role::Admin), Just(Role::Normal), Just(Role::External)]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..8, 1i64..12, role()).prop_map(|(actor, user, role)| Step::Add { actor, user, role }),
        (0usize..8, 0usize..8, role()).prop_map(|(actor, target, to)| Step::ChangeRole { actor, target, to }),
        (0usize..8, 0usize..8).prop_map(|(actor, target)| Step::Remove { actor, target }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn r_role_3_no_sequence_of_changes_leaves_an_organization_without_an_owner(changes in proptest::collection::vec(step(), 0..80)) {
        // R-ROLE-3
        let mut org = Members::founded_by(1);
        // Actors and targets are picked among current members (by position), so most
        // changes are real attempts, made by whoever the sequence picks.
        let pick = |org: &Members, i: usize| org.as_slice()[i % org.as_slice().len()].user_id;
        for change in changes {
            let before = org.clone();
            let result = match change {
                Step::Add { actor, user, role } => org.add(pick(&org, actor), Member::new(user, role)).map(|_| ()),
                Step::ChangeRole { actor, target, to } => org.change_role(pick(&org, actor), pick(&org, target), to).map(|_| ()),
                Step::Remove { actor, target } => org.remove(pick(&org, actor), pick(&org, target), Holdings::default()).map(|_| ()),
            };
            prop_assert!(org.owners() >= 1, "no owner left after {:?}", change);
            if result.is_err() {
                prop_assert_eq!(&org, &before, "a refused change changes nothing");
            }
            for member in org.as_slice() {
                prop_assert!(member.role != Role::External || !member.billing_rights());
                prop_assert!(member.role != Role::Owner || member.billing_rights());
            }
        }
    }
}
