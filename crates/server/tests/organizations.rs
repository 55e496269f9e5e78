//! Organizations, their users and invitations, over real HTTP and SQLite.

mod common;

use api::{
    AcceptInvitationRequest, ClientError, CreateAccountRequest, Currency, LegalEntityType, Role, UpdateAccountRequest,
    UpdateAccountUserRequest, UpdateProfileRequest,
};
use common::{invitation, join, TestServer, PASSWORD};
use domain::invitation::InvitationStatus;
use serde_json::Value;

fn code(result: Result<impl std::fmt::Debug, ClientError>) -> (u16, String) {
    match result.unwrap_err() {
        ClientError::Api { status, error } => (status, error.code),
        other => panic!("not an API error: {other:?}"),
    }
}

async fn own_account(client: &api::Client<api::transport::ReqwestTransport>) -> i64 {
    client.accounts().await.unwrap()[0].id
}

#[tokio::test]
async fn r_acc_3_one_login_has_several_organizations_and_sees_no_other() {
    // R-ACC-3
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let created = ana
        .create_account(&CreateAccountRequest {
            name: "Second SA".into(),
            legal_entity_type: LegalEntityType::Company,
            currency: Currency::Eur,
        })
        .await
        .unwrap();
    assert_eq!((created.role, created.currency, created.count_owners), (Role::Owner, Some(Currency::Eur), 1));
    let names: Vec<String> = ana.accounts().await.unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["Ana Muster", "Second SA"]);

    let bea = server.signed_in("bea@example.ch").await;
    assert_eq!(code(bea.account(created.id).await), (404, "object_not_found".into()));
    assert_eq!(
        code(
            bea.update_account(created.id, &UpdateAccountRequest { name: Some("Mine".into()), ..Default::default() })
                .await
        ),
        (404, "object_not_found".into())
    );
    assert_eq!(code(bea.account_users(created.id, 1, 10, None).await), (404, "object_not_found".into()));
    let blank =
        CreateAccountRequest { name: " ".into(), legal_entity_type: LegalEntityType::Company, currency: Currency::Chf };
    assert_eq!(code(ana.create_account(&blank).await), (422, "validation_failed".into()));
}

#[tokio::test]
async fn r_acc_4_only_the_legal_representative_changes_the_organization() {
    // R-ACC-4
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let (admin, _) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    let rename = UpdateAccountRequest {
        name: Some("Renamed SA".into()),
        legal_entity_type: Some(LegalEntityType::Company),
        ..Default::default()
    };
    assert_eq!(code(admin.update_account(account_id, &rename).await), (403, "access_denied".into()));
    assert_eq!(ana.account(account_id).await.unwrap().name, "Ana Muster", "nothing changed");
    let renamed = ana.update_account(account_id, &rename).await.unwrap();
    assert_eq!((renamed.name.as_str(), renamed.legal_entity_type), ("Renamed SA", LegalEntityType::Company));
    assert!(!renamed.has_2fa_required, "untouched");

    // Requiring two-factor authentication of every member: the legal representative's too.
    let require = UpdateAccountRequest { has_2fa_required: Some(true), ..Default::default() };
    assert_eq!(code(admin.update_account(account_id, &require).await), (403, "access_denied".into()));
    assert!(!admin.account(account_id).await.unwrap().has_2fa_required);
    let required = ana.update_account(account_id, &require).await.unwrap();
    assert_eq!((required.has_2fa_required, required.name.as_str()), (true, "Renamed SA"));
    assert!(admin.account(account_id).await.unwrap().has_2fa_required, "every member reads it");
    // Required: without 2FA herself, the legal representative cannot work in it either, not
    // even to relax it (an attacker with her password alone could), until hers is on.
    let relax = UpdateAccountRequest { has_2fa_required: Some(false), ..Default::default() };
    assert_eq!(code(ana.update_account(account_id, &relax).await), (403, "two_factor_required".into()));
    let enrolment = ana.start_two_factor().await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    ana.confirm_two_factor(&domain::twofa::code_at(&enrolment.secret, now).unwrap()).await.unwrap();
    assert!(!ana.update_account(account_id, &relax).await.unwrap().has_2fa_required);
}

#[tokio::test]
async fn r_user_1_an_invitation_creates_an_account_or_adds_an_existing_one() {
    // R-USER-1
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let sent = ana.invite(account_id, &invitation("new@example.ch", Role::Normal)).await.unwrap();
    assert_eq!((sent.status, sent.role_type), (InvitationStatus::Pending, Role::Normal));
    assert_eq!(sent.expired_at - sent.created_at, 7 * 24 * 3600, "R-USER-2: 7 days");
    let key = sent.url_accept.as_deref().unwrap().rsplit('/').next().unwrap().to_string();
    assert!(sent.url_accept.as_deref().unwrap().starts_with(&format!("http://{}/invitations/", server.running.addr)));

    // A new account: a password is needed, and then it joins as invited.
    let no_password = server.client().accept_invitation(&key, &AcceptInvitationRequest::default()).await;
    assert_eq!(code(no_password), (422, "validation_failed".into()));
    let joined = server
        .client()
        .accept_invitation(&key, &AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!((joined.id, joined.role, joined.nb_users), (account_id, Role::Normal, 2));
    assert_eq!(
        code(server.client().accept_invitation(&key, &AcceptInvitationRequest::default()).await),
        (409, "invitation_not_pending".into())
    );
    let new = server.client().log_in("new@example.ch", PASSWORD, None).await.unwrap();
    let new = server.client().with_token(Some(new.access_token));
    assert_eq!(new.accounts().await.unwrap().len(), 1, "joining by invitation creates no Organization of one's own");

    // An existing account joins signed in with the invited address, and only so.
    let bea = server.signed_in("bea@example.ch").await;
    let sent = ana.invite(account_id, &invitation("bea@example.ch", Role::Admin)).await.unwrap();
    let key = sent.url_accept.unwrap().rsplit('/').next().unwrap().to_string();
    assert_eq!(
        code(server.client().accept_invitation(&key, &AcceptInvitationRequest::default()).await),
        (401, "not_authorized".into())
    );
    assert_eq!(
        code(new.accept_invitation(&key, &AcceptInvitationRequest::default()).await),
        (403, "access_denied".into())
    );
    let joined = bea.accept_invitation(&key, &AcceptInvitationRequest::default()).await.unwrap();
    assert_eq!(joined.role, Role::Admin);
    assert_eq!(bea.accounts().await.unwrap().len(), 2, "one login, two Organizations (R-ACC-3)");
}

#[tokio::test]
async fn r_user_2_one_pending_invitation_per_email_and_only_managers_invite() {
    // R-USER-2
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    ana.invite(account_id, &invitation("lea@example.ch", Role::Normal)).await.unwrap();
    assert_eq!(
        code(ana.invite(account_id, &invitation("LEA@example.ch", Role::Admin)).await),
        (409, "object_already_exists".into())
    );
    assert_eq!(
        code(ana.invite(account_id, &invitation("ana@example.ch", Role::Admin)).await),
        (409, "object_already_exists".into())
    );
    let (normal, _) = join(&server, &ana, account_id, "col@example.ch", Role::Normal).await;
    assert_eq!(
        code(normal.invite(account_id, &invitation("x@example.ch", Role::Normal)).await),
        (403, "access_denied".into())
    );
    let (admin, _) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    assert_eq!(
        code(admin.invite(account_id, &invitation("x@example.ch", Role::Owner)).await),
        (403, "only_owner_can_manage_owners".into())
    );
    let mut bad = invitation("not-an-email", Role::Normal);
    bad.locale = "xx_XX".into();
    let ClientError::Api { error, .. } = ana.invite(account_id, &bad).await.unwrap_err() else { panic!() };
    let fields: Vec<&str> = error.errors.iter().map(|e| e.context.attribute.as_str()).collect();
    assert_eq!(fields, ["email", "locale"]);
}

#[tokio::test]
async fn users_are_ordered_by_name_both_ways() {
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await; // Ana Muster
    let account_id = own_account(&ana).await;
    join(&server, &ana, account_id, "b@example.ch", Role::Normal).await; // Invited Person
    let http = reqwest::Client::new();
    let mut last_names = vec![];
    for direction in ["asc", "desc"] {
        let url = server.url(&format!("/2/accounts/{account_id}/users?order_by=last_name&order_for={direction}"));
        let raw: Value = http.get(url).bearer_auth(ana.token().unwrap()).send().await.unwrap().json().await.unwrap();
        let names: Vec<String> =
            raw["data"].as_array().unwrap().iter().map(|u| u["last_name"].as_str().unwrap().to_string()).collect();
        last_names.push(names);
    }
    assert_eq!(last_names, [["Muster", "Person"], ["Person", "Muster"]]);
}

#[tokio::test]
async fn the_name_order_follows_shared_and_changed_names() {
    // Migration 0039: the default order reads the names copied to each membership; the
    // copies are made when someone joins and follow the user when renamed, whoever renames.
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await; // Ana Muster
    let account_id = own_account(&ana).await;
    let (_, b) = join(&server, &ana, account_id, "b@example.ch", Role::Normal).await; // Invited Person
    let (_, c) = join(&server, &ana, account_id, "c@example.ch", Role::Normal).await; // Invited Person
    let emails = |order_for: &'static str| {
        let token = ana.token().unwrap().to_string();
        let server = &server;
        async move {
            let raw = server.get_json(&format!("/2/accounts/{account_id}/users?order_for={order_for}"), &token).await;
            let users = raw["data"].as_array().unwrap().clone();
            users
                .iter()
                .map(|u| format!("{} {}", u["last_name"].as_str().unwrap(), u["email"].as_str().unwrap()))
                .collect::<Vec<_>>()
        }
    };
    // The same names: by id, and the other way round when descending.
    assert!(b < c);
    assert_eq!(emails("asc").await, ["Muster ana@example.ch", "Person b@example.ch", "Person c@example.ch"]);
    assert_eq!(emails("desc").await, ["Person c@example.ch", "Person b@example.ch", "Muster ana@example.ch"]);
    // Renamed by an operator in the database: the page follows at once.
    let renamed: Vec<(i64,)> =
        server.query(&format!("UPDATE users SET last_name = 'Aebi' WHERE id = {c} RETURNING id")).await;
    assert_eq!(renamed, [(c,)]);
    assert_eq!(emails("asc").await, ["Aebi c@example.ch", "Muster ana@example.ch", "Person b@example.ch"]);
}

#[tokio::test]
async fn a_member_is_found_by_the_new_login_email_not_the_old() {
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let (bea, _) = join(&server, &ana, account_id, "bea@example.ch", Role::Normal).await;
    let change = api::UpdateProfileRequest {
        email: Some("bea@new-home.ch".into()),
        current_password: Some(PASSWORD.into()),
        ..Default::default()
    };
    bea.set_profile(&change).await.unwrap();
    let found = |search: &'static str| {
        let ana = &ana;
        async move {
            let page = ana.account_users(account_id, 1, 10, Some(search)).await.unwrap();
            page.items.into_iter().map(|u| u.email).collect::<Vec<_>>()
        }
    };
    assert_eq!(found("new-home").await, ["bea@new-home.ch"]);
    assert_eq!(found("bea@example").await, Vec::<String>::new());
    // Shorter than a trigram (migration 0041): still found.
    assert_eq!(found("ea").await, ["bea@new-home.ch"]);
}

#[tokio::test]
async fn the_number_of_members_follows_joins_and_removals() {
    // Migration 0040: the number is kept with the Organization, not counted.
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let mut joined = vec![];
    for email in ["b@example.ch", "c@example.ch", "d@example.ch"] {
        joined.push(join(&server, &ana, account_id, email, Role::Normal).await.1);
    }
    let counted = |page: u64| {
        let ana = &ana;
        async move {
            let page = ana.account_users(account_id, page, 3, None).await.unwrap();
            (page.total, page.items.len(), ana.account(account_id).await.unwrap().nb_users)
        }
    };
    assert_eq!(counted(1).await, (4, 3, 4));
    assert!(ana.remove_account_user(account_id, joined[0]).await.unwrap());
    assert_eq!(counted(1).await, (3, 3, 3));
    // Past the last page there is no row to carry the number: it is asked apart.
    assert_eq!(counted(2).await, (3, 0, 3));
    let other = server.signed_in("eve@example.ch").await;
    let other_account = own_account(&other).await;
    assert_eq!(other.account(other_account).await.unwrap().nb_users, 1, "each Organization its own number");
}

#[tokio::test]
async fn users_are_listed_by_page_searched_and_shaped_as_the_official_schema() {
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    for (email, role) in
        [("b@example.ch", Role::Admin), ("c@example.ch", Role::Normal), ("d@example.ch", Role::External)]
    {
        join(&server, &ana, account_id, email, role).await;
    }
    let page = ana.account_users(account_id, 2, 3, None).await.unwrap();
    assert_eq!((page.total, page.page, page.pages, page.items_per_page, page.items.len()), (4, 2, 2, 3, 1));
    let found = ana.account_users(account_id, 1, 10, Some("c@exa")).await.unwrap();
    assert_eq!(found.items.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), ["c@example.ch"]);
    // Across first and last name, in any case; past the last page, the count still holds.
    let found = ana.account_users(account_id, 1, 10, Some("ANA mus")).await.unwrap();
    assert_eq!(found.items.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), ["ana@example.ch"]);
    let beyond = ana.account_users(account_id, 3, 3, None).await.unwrap();
    assert_eq!((beyond.total, beyond.items.len()), (4, 0));
    let none = ana.account_users(account_id, 1, 10, Some("100%_\\")).await.unwrap();
    assert_eq!((none.total, none.items.len()), (0, 0), "%, _ and \\ are searched as themselves");
    let everyone = ana.account_users(account_id, 1, 10, None).await.unwrap();
    let owner = everyone.items.iter().find(|u| u.email == "ana@example.ch").unwrap();
    assert_eq!((owner.role_type, owner.has_billing_access, owner.has_no_manager_access), (Role::Owner, true, false));

    let raw = server
        .get_json(&format!("/2/accounts/{account_id}/users?order_by=role_type&order_for=desc"), ana.token().unwrap())
        .await;
    let official = common::official_schema("087adaad_Userorpendinguser");
    for item in raw["data"].as_array().unwrap() {
        assert_eq!(common::conformance_errors(&official, item), Vec::<String>::new());
    }
    let bad = server
        .get_json(&format!("/2/accounts/{account_id}/users?per_page=500&order_by=password"), ana.token().unwrap())
        .await;
    assert_eq!(bad["error"]["code"], "validation_failed");
    assert_eq!(bad["error"]["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn r_role_1_r_role_2_r_role_6_role_changes_follow_the_rules() {
    // R-ROLE-1, R-ROLE-2, R-ROLE-6
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let ana_id = ana.profile().await.unwrap().id;
    let (admin, admin_id) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    let (normal, normal_id) = join(&server, &ana, account_id, "col@example.ch", Role::Normal).await;
    let to = |role| UpdateAccountUserRequest { role_type: Some(role), ..Default::default() };

    assert_eq!(
        code(normal.update_account_user(account_id, admin_id, &to(Role::Normal)).await),
        (403, "access_denied".into())
    );
    assert_eq!(
        code(admin.update_account_user(account_id, admin_id, &to(Role::Normal)).await),
        (422, "cannot_change_own_role".into())
    );
    assert_eq!(
        code(admin.update_account_user(account_id, normal_id, &to(Role::Owner)).await),
        (403, "only_owner_can_manage_owners".into())
    );
    assert_eq!(
        code(admin.update_account_user(account_id, ana_id, &to(Role::Admin)).await),
        (403, "only_owner_can_manage_owners".into())
    );
    let promoted = admin.update_account_user(account_id, normal_id, &to(Role::Admin)).await.unwrap();
    assert_eq!((promoted.role_type, promoted.has_billing_access), (Role::Admin, true));
    let error = ana.update_account_user(account_id, ana_id, &to(Role::Admin)).await.unwrap_err();
    let ClientError::Api { error, .. } = error else { panic!() };
    assert_eq!(error.code, "cannot_change_own_role");
    assert!(!error.description.is_empty());
}

#[tokio::test]
async fn r_role_3_the_last_owner_cannot_leave_and_a_new_one_is_named_first() {
    // R-ROLE-3
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let ana_id = ana.profile().await.unwrap().id;
    let (bea, bea_id) = join(&server, &ana, account_id, "bea@example.ch", Role::Admin).await;
    let ClientError::Api { status, error } = ana.remove_account_user(account_id, ana_id).await.unwrap_err() else {
        panic!()
    };
    assert_eq!((status, error.code.as_str()), (422, "last_owner_cannot_be_removed"));
    assert_eq!(error.context["owners_left"], 1);

    let owner = UpdateAccountUserRequest { role_type: Some(Role::Owner), ..Default::default() };
    ana.update_account_user(account_id, bea_id, &owner).await.unwrap();
    assert!(bea.remove_account_user(account_id, ana_id).await.unwrap());
    assert_eq!(code(ana.account(account_id).await), (404, "object_not_found".into()), "Ana is out");
    let account = bea.account(account_id).await.unwrap();
    assert_eq!((account.count_owners, account.nb_users), (1, 1));
    assert!(ana.profile().await.is_ok(), "R-USER-3: her account itself remains");
}

#[tokio::test]
async fn r_role_5_billing_rights_and_r_role_8_contact_preferences() {
    // R-ROLE-5, R-ROLE-8
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let ana_id = ana.profile().await.unwrap().id;
    let (admin, admin_id) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    let (_, external_id) = join(&server, &ana, account_id, "ext@example.ch", Role::External).await;
    let billing = |to| UpdateAccountUserRequest { has_billing_access: Some(to), ..Default::default() };

    let changed = ana.update_account_user(account_id, admin_id, &billing(false)).await.unwrap();
    assert!(!changed.has_billing_access);
    assert!(!admin.account(account_id).await.unwrap().billing);
    assert_eq!(
        code(ana.update_account_user(account_id, external_id, &billing(true)).await),
        (422, "validation_failed".into())
    );
    assert_eq!(
        code(admin.update_account_user(account_id, ana_id, &billing(false)).await),
        (403, "only_owner_can_manage_owners".into())
    );

    let quiet = domain::role::ContactPreferences { billing: false, technical: true, administrative: false };
    let mine = UpdateAccountUserRequest { notifications: Some(quiet), ..Default::default() };
    let updated = admin.update_account_user(account_id, admin_id, &mine).await.unwrap();
    assert_eq!(updated.notifications, Some(quiet));
    assert_eq!((updated.is_correspondent, updated.is_correspondent_billing), (false, false));
}

#[tokio::test]
async fn r_role_5_r_role_6_an_admin_cannot_give_their_billing_rights_back_to_themselves() {
    // R-ROLE-5, R-ROLE-6
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let (admin, admin_id) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    let billing = |to| UpdateAccountUserRequest { has_billing_access: Some(to), ..Default::default() };
    ana.update_account_user(account_id, admin_id, &billing(false)).await.unwrap();
    assert_eq!(
        code(admin.update_account_user(account_id, admin_id, &billing(true)).await),
        (422, "cannot_change_own_role".into())
    );
    assert!(!admin.account(account_id).await.unwrap().billing, "nothing changed");
    assert!(ana.update_account_user(account_id, admin_id, &billing(true)).await.unwrap().has_billing_access);
}

#[tokio::test]
async fn r_role_5_an_admin_invited_without_naming_billing_rights_has_them() {
    // R-ROLE-5: the role's default, written once in the domain.
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let (admin, _) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    assert!(admin.account(account_id).await.unwrap().billing);
    let (normal, _) = join(&server, &ana, account_id, "col@example.ch", Role::Normal).await;
    assert!(!normal.account(account_id).await.unwrap().billing);

    let mut without = invitation("adm2@example.ch", Role::Admin);
    without.permissions.billing = Some(false);
    assert!(!ana.invite(account_id, &without).await.unwrap().has_billing);
    let mut external = invitation("ext@example.ch", Role::External);
    external.permissions.billing = Some(true);
    assert_eq!(code(ana.invite(account_id, &external).await), (422, "validation_failed".into()));
    let mut owner = invitation("own@example.ch", Role::Owner);
    owner.permissions.billing = Some(false);
    assert_eq!(code(ana.invite(account_id, &owner).await), (422, "validation_failed".into()));
}

#[tokio::test]
async fn r_user_3_a_removed_member_loses_access_to_the_organization() {
    // R-USER-3
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let (admin, _) = join(&server, &ana, account_id, "adm@example.ch", Role::Admin).await;
    let (normal, normal_id) = join(&server, &ana, account_id, "col@example.ch", Role::Normal).await;
    assert_eq!(code(normal.remove_account_user(account_id, normal_id + 100).await), (404, "object_not_found".into()));
    assert!(admin.remove_account_user(account_id, normal_id).await.unwrap());
    assert_eq!(code(normal.account(account_id).await), (404, "object_not_found".into()));
    assert_eq!(ana.account_users(account_id, 1, 10, None).await.unwrap().total, 2);
    assert!(normal.profile().await.is_ok());
}

#[tokio::test]
async fn an_invitation_answers_in_the_official_shape() {
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account_id = own_account(&ana).await;
    let raw: Value = reqwest::Client::new()
        .post(server.url(&format!("/1/accounts/{account_id}/invitations")))
        .bearer_auth(ana.token().unwrap())
        .json(&invitation("lea@example.ch", Role::Normal))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let official = common::official_schema("087adaad_AccountInvitation");
    assert_eq!(common::conformance_errors(&official, &raw["data"]), Vec::<String>::new());
    assert_eq!(raw["data"]["status"], "pending");
    assert!(raw["data"]["url_accept"].as_str().unwrap().len() > 64);
}

#[tokio::test]
async fn the_profile_keeps_the_language_and_mail_is_written_in_the_recipients() {
    let server = TestServer::start().await;
    let lea = server.signed_in("lea@example.ch").await;
    assert_eq!(lea.profile().await.unwrap().language, "en");

    // PATCH /2/profile takes the official `language_id` or `locale`; bad values change nothing.
    let german =
        lea.update_profile(&UpdateProfileRequest { language_id: Some(2), ..Default::default() }).await.unwrap();
    assert_eq!((german.language.as_str(), german.language_id), ("de", 2));
    let italian = UpdateProfileRequest { locale: Some("it_CH".into()), ..Default::default() };
    assert_eq!(lea.update_profile(&italian).await.unwrap().language, "it");
    for bad in [
        UpdateProfileRequest { language_id: Some(99), ..Default::default() },
        UpdateProfileRequest { locale: Some("pt_BR".into()), ..Default::default() },
        UpdateProfileRequest::default(),
    ] {
        let (status, code) = code(lea.update_profile(&bad).await);
        assert_eq!((status, code.as_str()), (422, "validation_failed"), "{bad:?}");
    }
    assert_eq!(lea.profile().await.unwrap().language, "it", "a refused change changes nothing");

    // An invitation is written in the language chosen for the invitee.
    let account_id = own_account(&lea).await;
    let mut french = invitation("zoe@example.ch", Role::Normal);
    french.locale = "fr_FR".into();
    lea.invite(account_id, &french).await.unwrap();
    let outbox = server.outbox().await;
    let (to, subject, body) = outbox.last().unwrap();
    assert_eq!(to, "zoe@example.ch");
    assert!(subject.starts_with("Invitation à rejoindre"), "{subject}");
    assert!(body.contains("7 jours"), "{body}");

    // A member told of a role change reads it in their own language (R-ROLE-7).
    let (max, max_id) = join(&server, &lea, account_id, "max@example.ch", Role::Normal).await;
    max.update_profile(&UpdateProfileRequest { language_id: Some(2), ..Default::default() }).await.unwrap();
    let change = UpdateAccountUserRequest { role_type: Some(Role::Admin), ..Default::default() };
    lea.update_account_user(account_id, max_id, &change).await.unwrap();
    let outbox = server.outbox().await;
    let (to, subject, body) = outbox.last().unwrap();
    assert_eq!(to, "max@example.ch");
    assert!(subject.starts_with("Ihre Rolle in"), "{subject}");
    assert!(body.contains("von Mitarbeiter zu Administrator"), "{body}");
}

#[tokio::test]
async fn r_role_3_two_owners_removing_each_other_at_the_same_instant_leave_one_owner() {
    // R-ROLE-3 under a race: each removal is checked and stored in one transaction that
    // locks the Organization first, so the second sees the first's result.
    let server = TestServer::start().await;
    for round in 0..10 {
        let ana = server.signed_in(&format!("ana{round}@example.ch")).await;
        let account_id = own_account(&ana).await;
        let ana_id = ana.profile().await.unwrap().id;
        let (bea, bea_id) = join(&server, &ana, account_id, &format!("bea{round}@example.ch"), Role::Owner).await;
        let (first, second) =
            tokio::join!(ana.remove_account_user(account_id, bea_id), bea.remove_account_user(account_id, ana_id));
        assert!(first.is_ok() != second.is_ok(), "round {round}: exactly one removal wins: {first:?} {second:?}");
        let survivor = if first.is_ok() { &ana } else { &bea };
        let owners = survivor.account_users(account_id, 1, 10, None).await.unwrap();
        let roles: Vec<Role> = owners.items.iter().map(|u| u.role_type).collect();
        assert_eq!(roles, [Role::Owner], "round {round}: one owner left");
    }
}
