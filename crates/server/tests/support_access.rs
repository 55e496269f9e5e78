//! Support access (R-SUP-*) over real HTTP and the database: granting one kind of content,
//! the owners told, closing by hand, closing by itself after 7 days (the scheduler, moved by
//! the demo clock), and going with a member who leaves (R-USER-3).

mod common;

use api::{GrantStatus, Role, Scope, SupportAccessRequest};
use common::{api_error, demo, join, later_by, product, TestServer};

fn request(account_id: i64, scope: Scope, resource_ids: Vec<i64>) -> SupportAccessRequest {
    SupportAccessRequest { account_id, scope, resource_ids }
}

#[tokio::test]
async fn r_sup_1_a_member_lets_support_read_one_kind_and_the_owners_are_told() {
    // R-SUP-1, R-SUP-3
    let server = TestServer::demo().await;
    let (demo_user, company, gmbh) = demo(&server).await;
    let mail = product(&demo_user, company, "mail.demo-company.ch").await;
    let granted = demo_user.grant_support_access(&request(company, Scope::Mail, vec![mail.id])).await.unwrap();
    assert_eq!(
        (granted.scope, granted.status, granted.resource_ids.clone()),
        (Scope::Mail, GrantStatus::Active, vec![mail.id])
    );
    assert_eq!(granted.expires_at - granted.created_at, 7 * 24 * 3600, "R-SUP-3: 7 days");
    let told = server.outbox().await;
    let (_, subject, body) = told
        .iter()
        .rev()
        .find(|(to, subject, _)| to == server::DEMO_EMAIL && subject.contains("Support access"))
        .unwrap();
    assert_eq!(subject, "Support access given in Demo Company SA");
    assert!(body.contains("the mail") && body.contains("closes by itself on"), "{body}");

    let listed = demo_user.support_accesses(company).await.unwrap();
    assert_eq!(listed.iter().map(|g| g.id).collect::<Vec<_>>(), [granted.id]);
    assert!(demo_user.support_accesses(gmbh).await.unwrap().is_empty(), "per Organization");

    // Not an Organization of the caller: not there.
    let stranger = server.signed_in("eve@example.ch").await;
    let refused =
        api_error(stranger.grant_support_access(&request(company, Scope::Mail, vec![mail.id])).await.unwrap_err());
    assert_eq!((refused.0, refused.1.as_str()), (404, "object_not_found"));
    assert_eq!(api_error(stranger.support_accesses(company).await.unwrap_err()).0, 404);
}

#[tokio::test]
async fn r_sup_2_a_grant_reaches_its_own_kind_only() {
    // R-SUP-2
    let server = TestServer::demo().await;
    let (demo_user, company, gmbh) = demo(&server).await;
    let mail = product(&demo_user, company, "mail.demo-company.ch").await;
    let drive = product(&demo_user, company, "Team drive").await;
    let elsewhere = product(&demo_user, gmbh, "demo-gmbh.de").await;
    for (scope, items, why) in [
        (Scope::Kdrive, vec![mail.id], "a mail service is not a kDrive"),
        (Scope::Mail, vec![mail.id, drive.id], "one kind per grant"),
        (Scope::Kdrive, vec![elsewhere.id], "another Organization's product"),
        (Scope::Kchat, vec![], "nothing chosen"),
        (Scope::SingleEmail, vec![1, 2], "one email only"),
    ] {
        let (status, code, _) =
            api_error(demo_user.grant_support_access(&request(company, scope, items)).await.unwrap_err());
        assert_eq!((status, code.as_str()), (422, "validation_failed"), "{why}");
    }
    assert!(demo_user.support_accesses(company).await.unwrap().is_empty(), "nothing was granted");
    let drive_grant = demo_user.grant_support_access(&request(company, Scope::Kdrive, vec![drive.id])).await.unwrap();
    assert_eq!(drive_grant.scope, Scope::Kdrive);
}

#[tokio::test]
async fn r_sup_3_closed_by_hand_or_by_itself_after_7_days() {
    // R-SUP-3
    let server = TestServer::demo().await;
    let (demo_user, company, _) = demo(&server).await;
    let drive = product(&demo_user, company, "Team drive").await;
    let by_hand = demo_user.grant_support_access(&request(company, Scope::Kdrive, vec![drive.id])).await.unwrap();
    let revoked = demo_user.revoke_support_access(by_hand.id).await.unwrap();
    assert_eq!(revoked.status, GrantStatus::Revoked);
    let again = api_error(demo_user.revoke_support_access(by_hand.id).await.unwrap_err());
    assert_eq!(
        (again.0, again.1.as_str(), again.2["status"].as_str()),
        (409, "support_access_already_closed", Some("revoked"))
    );
    let stranger = server.signed_in("eve@example.ch").await;
    let by_itself = demo_user.grant_support_access(&request(company, Scope::SingleEmail, vec![42])).await.unwrap();
    assert_eq!(api_error(stranger.revoke_support_access(by_itself.id).await.unwrap_err()).0, 404, "not hers");

    let jobs = later_by(&server, 8 * 24 * 3600).await;
    assert!(jobs.as_array().unwrap().iter().any(|j| j == "close_support_accesses"), "{jobs}");
    let (demo_user, company, _) = demo(&server).await;
    let listed = demo_user.support_accesses(company).await.unwrap();
    let statuses: Vec<GrantStatus> = listed.iter().map(|g| g.status).collect();
    assert_eq!(statuses, [GrantStatus::Expired, GrantStatus::Revoked], "newest first; expired, never active");
    let closed: Vec<(Option<i64>,)> =
        server.query(&format!("SELECT closed_at FROM support_accesses WHERE id = {}", by_itself.id)).await;
    assert!(closed[0].0.is_some(), "the scheduler recorded it closed");
    let late = api_error(demo_user.revoke_support_access(by_itself.id).await.unwrap_err());
    assert_eq!((late.0, late.2["status"].as_str()), (409, Some("expired")));
}

#[tokio::test]
async fn r_user_3_a_member_who_leaves_takes_their_grants_with_them() {
    // R-USER-3
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let account = ana.accounts().await.unwrap()[0].id;
    let (max, max_id) = join(&server, &ana, account, "max@example.ch", Role::Normal).await;
    let given = max.grant_support_access(&request(account, Scope::SingleEmail, vec![9])).await.unwrap();
    assert!(ana.remove_account_user(account, max_id).await.unwrap());
    let all = max.support_accesses_everywhere().await.unwrap();
    assert_eq!(all.iter().find(|g| g.id == given.id).map(|g| g.status), Some(GrantStatus::Revoked));
}
