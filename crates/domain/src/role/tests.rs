use super::*;

fn m(user_id: i64, role: Role) -> Member {
    Member::new(user_id, role)
}

const OWNER: i64 = 1;
const ADMIN: i64 = 2;
const NORMAL: i64 = 3;
const EXTERNAL: i64 = 4;

#[test]
fn r_role_1_owners_and_admins_manage_users_and_teams_the_others_do_not() {
    // R-ROLE-1
    let target = m(9, Role::Normal);
    let actions = [
        Action::AddUser { role: Role::Normal },
        Action::RemoveUser { target },
        Action::ChangeRole { target, to: Role::Admin },
        Action::ChangeProductAccess { target },
        Action::ChangeContactPreferences { target },
        Action::ManageTeams,
    ];
    for action in actions {
        assert_eq!(authorize(&m(OWNER, Role::Owner), action), Ok(()), "{action:?}");
        assert_eq!(authorize(&m(ADMIN, Role::Admin), action), Ok(()), "{action:?}");
        for role in [Role::Normal, Role::External] {
            let denied = authorize(&m(NORMAL, role), action).unwrap_err();
            assert_eq!(denied, Denied::InsufficientRights { role }, "{action:?}");
            assert_eq!((denied.code(), denied.http_status()), ("access_denied", 403));
        }
    }
}

#[test]
fn r_role_2_only_an_owner_gives_the_owner_role_or_touches_another_owner() {
    // R-ROLE-2
    let admin = m(ADMIN, Role::Admin);
    let other_owner = m(5, Role::Owner);
    for action in [
        Action::AddUser { role: Role::Owner },
        Action::ChangeRole { target: m(9, Role::Admin), to: Role::Owner },
        Action::ChangeRole { target: other_owner, to: Role::Admin },
        Action::RemoveUser { target: other_owner },
        Action::ChangeProductAccess { target: other_owner },
    ] {
        let denied = authorize(&admin, action).unwrap_err();
        assert_eq!(denied, Denied::OnlyOwnerManagesOwners, "{action:?}");
        assert_eq!(denied.code(), "only_owner_can_manage_owners");
        assert_eq!(authorize(&m(OWNER, Role::Owner), action), Ok(()), "{action:?}");
    }
}

#[test]
fn r_role_4_owners_and_admins_see_every_product_others_only_what_they_were_given() {
    // R-ROLE-4
    assert_eq!(authorize(&m(OWNER, Role::Owner), Action::UseProduct { granted: false }), Ok(()));
    assert_eq!(authorize(&m(ADMIN, Role::Admin), Action::UseProduct { granted: false }), Ok(()));
    for role in [Role::Normal, Role::External] {
        assert_eq!(authorize(&m(NORMAL, role), Action::UseProduct { granted: true }), Ok(()));
        let denied = authorize(&m(NORMAL, role), Action::UseProduct { granted: false }).unwrap_err();
        assert_eq!((denied.code(), denied.http_status()), ("object_not_found", 404));
    }
    assert!(!Role::External.counts_in_organization_shares());
    assert_eq!(authorize(&m(NORMAL, Role::Normal), Action::ListUsers), Ok(()));
    assert_eq!(
        authorize(&m(EXTERNAL, Role::External), Action::ListUsers),
        Err(Denied::InsufficientRights { role: Role::External })
    );
    assert!(Role::Normal.counts_in_organization_shares());
    let denied = authorize(
        &m(OWNER, Role::Owner),
        Action::ChangeBillingAccess { target: m(EXTERNAL, Role::External), to: true },
    );
    assert_eq!(denied, Err(Denied::ExternalWithoutBilling), "externals cannot hold billing rights");
}

#[test]
fn r_role_5_billing_is_a_right_of_its_own() {
    // R-ROLE-5
    assert!(m(OWNER, Role::Owner).billing_rights());
    assert!(m(ADMIN, Role::Admin).billing_rights(), "admins have it by default");
    assert!(!m(NORMAL, Role::Normal).billing_rights());
    let admin_without = Member { has_billing_access: false, ..m(ADMIN, Role::Admin) };
    assert_eq!(authorize(&admin_without, Action::ViewBilling), Err(Denied::NoBillingRights));
    let normal_with = Member { has_billing_access: true, ..m(NORMAL, Role::Normal) };
    assert_eq!(authorize(&normal_with, Action::ViewBilling), Ok(()));
    let external_with = Member { has_billing_access: true, ..m(EXTERNAL, Role::External) };
    assert_eq!(authorize(&external_with, Action::ViewBilling), Err(Denied::NoBillingRights));
    let owner_without = Member { has_billing_access: false, ..m(OWNER, Role::Owner) };
    assert_eq!(authorize(&owner_without, Action::ViewBilling), Ok(()), "owners always");
    assert_eq!(
        authorize(&m(OWNER, Role::Owner), Action::ChangeBillingAccess { target: m(5, Role::Owner), to: false }),
        Err(Denied::OwnerAlwaysHasBilling)
    );
}

#[test]
fn r_role_6_nobody_changes_their_own_role() {
    // R-ROLE-6
    for role in Role::ALL {
        let me = m(7, role);
        let denied = authorize(&me, Action::ChangeRole { target: me, to: Role::Admin }).unwrap_err();
        assert_eq!(denied, Denied::OwnRole, "{role:?}");
        assert_eq!((denied.code(), denied.http_status()), ("cannot_change_own_role", 422));
    }
}

#[test]
fn r_role_8_everyone_keeps_their_own_contact_preferences() {
    // R-ROLE-8
    let me = m(NORMAL, Role::Normal);
    assert_eq!(authorize(&me, Action::ChangeContactPreferences { target: me }), Ok(()));
    assert_eq!(
        ContactPreferences::default(),
        ContactPreferences { billing: true, technical: true, administrative: true }
    );
    assert_eq!(
        serde_json::to_value(ContactPreferences { billing: false, technical: true, administrative: true }).unwrap(),
        serde_json::json!({"billing": false, "technical": true, "administrative": true})
    );
}

#[test]
fn r_acc_4_only_the_legal_representative_edits_the_organization() {
    // R-ACC-4
    assert_eq!(authorize(&m(OWNER, Role::Owner), Action::EditOrganization), Ok(()));
    for role in [Role::Admin, Role::Normal, Role::External] {
        let billing_admin = Member { has_billing_access: true, ..m(ADMIN, role) };
        assert_eq!(
            authorize(&billing_admin, Action::EditOrganization),
            Err(Denied::OnlyLegalRepresentative),
            "{role:?}"
        );
    }
}

#[test]
fn roles_have_their_wire_names() {
    for role in Role::ALL {
        assert_eq!(Role::parse(role.as_str()), Some(role));
        assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
    }
    assert_eq!(Role::Normal.as_str(), "normal");
}

#[test]
fn r_role_5_r_role_6_nobody_changes_their_own_billing_rights() {
    // R-ROLE-5, R-ROLE-6: an admin whose billing rights were removed cannot take them back.
    let admin_without = Member { has_billing_access: false, ..m(ADMIN, Role::Admin) };
    let denied =
        authorize(&admin_without, Action::ChangeBillingAccess { target: admin_without, to: true }).unwrap_err();
    assert_eq!(denied, Denied::OwnBillingAccess);
    assert_eq!((denied.code(), denied.http_status()), ("cannot_change_own_role", 422));
    for role in Role::ALL {
        let me = m(7, role);
        for to in [true, false] {
            assert_eq!(
                authorize(&me, Action::ChangeBillingAccess { target: me, to }),
                Err(Denied::OwnBillingAccess),
                "{role:?} to {to}"
            );
        }
    }
    // Another owner or admin may give them back.
    for actor in [m(OWNER, Role::Owner), m(5, Role::Admin)] {
        assert_eq!(authorize(&actor, Action::ChangeBillingAccess { target: admin_without, to: true }), Ok(()));
    }
    // A collaborator may not, even to someone else.
    assert_eq!(
        authorize(&m(NORMAL, Role::Normal), Action::ChangeBillingAccess { target: admin_without, to: true }),
        Err(Denied::InsufficientRights { role: Role::Normal })
    );
}

#[test]
fn r_role_5_the_billing_default_is_decided_once_by_role() {
    // R-ROLE-5: owners always, admins unless removed, collaborators when granted, externals never.
    assert_eq!(billing_access(Role::Owner, None), Ok(true));
    assert_eq!(billing_access(Role::Admin, None), Ok(true));
    assert_eq!(billing_access(Role::Normal, None), Ok(false));
    assert_eq!(billing_access(Role::External, None), Ok(false));
    assert_eq!(billing_access(Role::Admin, Some(false)), Ok(false));
    assert_eq!(billing_access(Role::Normal, Some(true)), Ok(true));
    assert_eq!(billing_access(Role::Owner, Some(true)), Ok(true));
    assert_eq!(billing_access(Role::External, Some(false)), Ok(false));
    assert_eq!(billing_access(Role::Owner, Some(false)), Err(Denied::OwnerAlwaysHasBilling));
    assert_eq!(billing_access(Role::External, Some(true)), Err(Denied::ExternalWithoutBilling));
    for role in Role::ALL {
        assert_eq!(Member::new(1, role).has_billing_access, billing_access(role, None).unwrap(), "{role:?}");
    }
}
