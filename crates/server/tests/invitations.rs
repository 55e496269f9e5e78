//! Invitations waiting for an answer (R-USER-2): listed, sent again with a new link, cancelled,
//! read through their link, and expired by the scheduler, over real HTTP and the database.

mod common;

use api::{AcceptInvitationRequest, Role};
use common::{api_error, invitation, join, later_by, mailed_key, TestServer, PASSWORD};
use domain::invitation::InvitationStatus;

fn key_of(url_accept: Option<String>) -> String {
    url_accept.unwrap().rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn r_user_2_pending_invitations_are_listed_for_those_who_invite() {
    // R-USER-2, R-ROLE-1
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account = ana.accounts().await.unwrap()[0].id;
    ana.invite(account, &invitation("lea@example.ch", Role::Normal)).await.unwrap();
    let second = ana.invite(account, &invitation("bob@example.ch", Role::Admin)).await.unwrap();
    let accepted = ana.invite(account, &invitation("new@example.ch", Role::Normal)).await.unwrap();
    let with_password = AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() };
    server.client().accept_invitation(&key_of(accepted.url_accept), &with_password).await.unwrap();

    let listed = ana.invitations(account).await.unwrap();
    let emails: Vec<&str> = listed.iter().map(|i| i.email.as_str()).collect();
    assert_eq!(emails, ["bob@example.ch", "lea@example.ch"], "newest first; the accepted one is a member now");
    assert!(listed.iter().all(|i| i.url_accept.is_none()), "the link is given once, when it is sent");
    assert_eq!(ana.invitation_preview(&"x".repeat(43)).await.map(|p| p.email).map_err(api_error).unwrap_err().0, 404);

    let (collaborator, _) = join(&server, &ana, account, "col@example.ch", Role::Normal).await;
    assert_eq!(api_error(collaborator.invitations(account).await.unwrap_err()).1, "access_denied");
    assert_eq!(api_error(collaborator.cancel_invitation(account, second.id).await.unwrap_err()).1, "access_denied");
    let stranger = server.signed_in("eve@example.ch").await;
    assert_eq!(api_error(stranger.invitations(account).await.unwrap_err()).0, 404);
}

#[tokio::test]
async fn r_user_2_sending_again_gives_a_new_link_and_7_more_days() {
    // R-USER-2
    let server = TestServer::demo().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account = ana.accounts().await.unwrap()[0].id;
    let sent = ana.invite(account, &invitation("lea@example.ch", Role::Normal)).await.unwrap();
    let first_key = key_of(sent.url_accept.clone());
    later_by(&server, 8 * 24 * 3600).await;
    // Tokens do not outlive a move of days: log in again.
    let token = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap();
    let ana = server.client().with_token(Some(token.access_token));
    let expired = ana.invitations(account).await.unwrap();
    assert_eq!(expired[0].status, InvitationStatus::Expired, "listed as expired, to send again");
    assert_eq!(ana.invitation_preview(&first_key).await.unwrap().status, InvitationStatus::Expired);

    let resent = ana.resend_invitation(account, sent.id).await.unwrap();
    assert_eq!(resent.status, InvitationStatus::Pending);
    assert_eq!(resent.expired_at - resent.created_at, 7 * 24 * 3600);
    assert!(resent.created_at > sent.created_at + 8 * 24 * 3600 - 60);
    let new_key = key_of(resent.url_accept);
    assert_eq!(mailed_key(&server, "lea@example.ch", "/invitations/").await.as_deref(), Some(new_key.as_str()));
    assert_eq!(api_error(ana.invitation_preview(&first_key).await.unwrap_err()).0, 404, "the old link is dead");

    let preview = ana.invitation_preview(&new_key).await.unwrap();
    assert_eq!(
        (preview.account_id, preview.email.as_str(), preview.role_type, preview.has_account),
        (account, "lea@example.ch", Role::Normal, false)
    );
    let with_password = AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() };
    server.client().accept_invitation(&new_key, &with_password).await.unwrap();
    let (status, code, _) = api_error(ana.resend_invitation(account, sent.id).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "invitation_not_pending"), "accepted: done with");
}

#[tokio::test]
async fn r_user_2_a_cancelled_invitation_cannot_be_accepted() {
    // R-USER-2, R-ROLE-2
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account = ana.accounts().await.unwrap()[0].id;
    let (admin, _) = join(&server, &ana, account, "adm@example.ch", Role::Admin).await;
    let to_owner = ana.invite(account, &invitation("own@example.ch", Role::Owner)).await.unwrap();
    let (status, code, _) = api_error(admin.cancel_invitation(account, to_owner.id).await.unwrap_err());
    assert_eq!((status, code.as_str()), (403, "only_owner_can_manage_owners"));

    let sent = ana.invite(account, &invitation("lea@example.ch", Role::Normal)).await.unwrap();
    assert!(admin.cancel_invitation(account, sent.id).await.unwrap());
    let key = key_of(sent.url_accept);
    assert_eq!(ana.invitation_preview(&key).await.unwrap().status, InvitationStatus::Cancelled);
    let with_password = AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() };
    let (status, code, context) = api_error(server.client().accept_invitation(&key, &with_password).await.unwrap_err());
    assert_eq!((status, code.as_str(), context["status"].as_str()), (409, "invitation_not_pending", Some("cancelled")));
    let again = api_error(ana.cancel_invitation(account, sent.id).await.unwrap_err());
    assert_eq!((again.0, again.1.as_str()), (409, "invitation_not_pending"));
    assert!(ana.invitations(account).await.unwrap().iter().all(|i| i.id != sent.id), "no longer listed");
    // Someone else's invitation is not there for this Organization.
    let bea = server.signed_in("bea@example.ch").await;
    let bea_account = bea.accounts().await.unwrap()[0].id;
    assert_eq!(api_error(bea.cancel_invitation(bea_account, to_owner.id).await.unwrap_err()).0, 404);
}

#[tokio::test]
async fn r_role_4_an_invitation_gives_a_collaborator_its_products_on_acceptance() {
    // R-ROLE-4, R-USER-1
    let server = TestServer::demo().await;
    let (owner, company, gmbh) = common::demo(&server).await;
    let drive = common::product(&owner, company, "Team drive").await;
    let elsewhere = common::product(&owner, gmbh, "demo-gmbh.de").await;
    let with = |email: &str, role: Role, product_ids: Vec<i64>| api::InvitationRequest {
        product_ids,
        ..invitation(email, role)
    };
    // An administrator reaches every product already; a product of another Organization is
    // not this one's to give. Both refused on the field, and nothing is sent.
    for (request, why) in [
        (with("adm@example.ch", Role::Admin, vec![drive.id]), "an administrator"),
        (with("col@example.ch", Role::Normal, vec![elsewhere.id]), "another Organization's"),
    ] {
        let refused = owner.invite(company, &request).await.unwrap_err();
        let api::ClientError::Api { status: 422, error } = refused else { panic!("{why}: {refused:?}") };
        assert_eq!(error.errors[0].context.attribute, "product_ids", "{why}");
    }
    assert!(owner.invitations(company).await.unwrap().is_empty(), "nothing sent");

    let sent = owner.invite(company, &with("lea@example.ch", Role::Normal, vec![drive.id])).await.unwrap();
    let with_password = AcceptInvitationRequest { password: Some(PASSWORD.into()), ..Default::default() };
    server.client().accept_invitation(&key_of(sent.url_accept), &with_password).await.unwrap();
    let members = owner.account_users(company, 1, 100, Some("lea@example.ch")).await.unwrap();
    let lea = members.items.iter().find(|u| u.email == "lea@example.ch").expect("a member");
    assert_eq!(lea.product_ids, [drive.id], "given on accepting");
}
