//! Work teams (R-TEAM-*, R-ROLE-4) over real HTTP and the database: the official endpoints,
//! several users at once, a leader among the members, the products a team gives, and a
//! collaborator who sees exactly what their teams and grants give them.

mod common;

use api::{ProductQuery, Role, TeamRequest, UpdateAccountUserRequest};
use common::{api_error, conformance_errors, demo, join, official_schema, product, TestServer};

fn named(name: &str) -> TeamRequest {
    TeamRequest { name: Some(name.into()), ..Default::default() }
}

async fn visible(client: &common::Api, account: i64) -> Vec<String> {
    let page = client.products(account, &ProductQuery { per_page: Some(100), ..Default::default() }).await.unwrap();
    let mut names: Vec<String> = page.items.into_iter().map(|p| p.customer_name).collect();
    names.sort();
    names
}

#[tokio::test]
async fn r_team_1_r_team_3_a_collaborator_sees_exactly_the_products_of_their_teams() {
    // R-TEAM-1, R-TEAM-2, R-TEAM-3, R-ROLE-4
    let server = TestServer::demo().await;
    let (owner, company, _) = demo(&server).await;
    let (lea, lea_id) = join(&server, &owner, company, "lea@example.ch", Role::Normal).await;
    let (_, max_id) = join(&server, &owner, company, "max@example.ch", Role::Normal).await;
    assert!(visible(&lea, company).await.is_empty(), "a collaborator without grants or teams sees nothing");

    let drive = product(&owner, company, "Team drive").await;
    let mail = product(&owner, company, "mail.demo-company.ch").await;
    let request = TeamRequest { product_ids: Some(vec![drive.id, mail.id]), ..named("Web") };
    let team = owner.create_team(company, &request).await.unwrap();
    assert_eq!((team.name.as_str(), team.user_count, team.product_count), ("Web", 0, 2));
    assert!(owner.add_team_users(company, team.id, &[lea_id, max_id]).await.unwrap());
    let team = owner.teams(company).await.unwrap().remove(0);
    assert_eq!(team.user_ids, [lea_id.min(max_id), lea_id.max(max_id)], "two at once");
    let leader = TeamRequest { owned_by_id: Some(Some(lea_id)), ..Default::default() };
    assert_eq!(owner.update_team(company, team.id, &leader).await.unwrap().owned_by_id, Some(lea_id));

    assert_eq!(visible(&lea, company).await, ["Team drive", "mail.demo-company.ch"]);
    let mut everything = visible(&owner, company).await;
    everything.retain(|name| name != "Team drive" && name != "mail.demo-company.ch");
    assert!(!everything.is_empty(), "the owner sees every product (R-ROLE-4)");

    // R-TEAM-3: the product leaving the team, or Lea leaving it, ends that access.
    let only_drive = TeamRequest { product_ids: Some(vec![drive.id]), ..Default::default() };
    owner.update_team(company, team.id, &only_drive).await.unwrap();
    assert_eq!(visible(&lea, company).await, ["Team drive"]);
    assert!(owner.remove_team_users(company, team.id, &[lea_id]).await.unwrap());
    assert!(visible(&lea, company).await.is_empty());
    let after = owner.teams(company).await.unwrap();
    assert_eq!(
        (after[0].owned_by_id, after[0].user_ids.clone()),
        (None, vec![max_id]),
        "a leader who left leads no more"
    );
    // Lea sees no team of hers now; the owner sees them all.
    assert!(lea.teams(company).await.unwrap().is_empty());
    assert_eq!(api_error(lea.team_users(company, team.id).await.unwrap_err()).0, 404);
    assert!(owner.delete_team(company, team.id).await.unwrap());
    assert!(owner.teams(company).await.unwrap().is_empty());
}

#[tokio::test]
async fn r_team_2_refusals_change_nothing() {
    // R-TEAM-1, R-TEAM-2, R-ROLE-1
    let server = TestServer::demo().await;
    let (owner, company, gmbh) = demo(&server).await;
    let (lea, lea_id) = join(&server, &owner, company, "lea@example.ch", Role::Normal).await;
    let stranger = server.signed_in("eve@example.ch").await;
    let stranger_id = stranger.profile().await.unwrap().id;
    let team = owner.create_team(company, &named("Web")).await.unwrap();

    assert_eq!(api_error(lea.create_team(company, &named("Mine")).await.unwrap_err()).1, "access_denied");
    assert_eq!(api_error(stranger.teams(company).await.unwrap_err()).0, 404);
    let elsewhere = product(&owner, gmbh, "demo-gmbh.de").await;
    let foreign = TeamRequest { product_ids: Some(vec![elsewhere.id]), ..Default::default() };
    let (status, code, context) = api_error(owner.update_team(company, team.id, &foreign).await.unwrap_err());
    assert_eq!(
        (status, code.as_str(), context["product_ids"][0].as_i64()),
        (422, "validation_failed", Some(elsewhere.id))
    );
    let (status, _, context) =
        api_error(owner.add_team_users(company, team.id, &[lea_id, stranger_id]).await.unwrap_err());
    assert_eq!((status, context["user_ids"][0].as_i64()), (422, Some(stranger_id)), "all or none");
    let not_member = TeamRequest { owned_by_id: Some(Some(lea_id)), ..Default::default() };
    assert_eq!(api_error(owner.update_team(company, team.id, &not_member).await.unwrap_err()).0, 422);
    assert_eq!(api_error(owner.create_team(company, &named(&"x".repeat(129))).await.unwrap_err()).0, 422);
    assert_eq!(api_error(owner.create_team(company, &TeamRequest::default()).await.unwrap_err()).0, 422, "a name");
    let unchanged = owner.teams(company).await.unwrap();
    assert_eq!((unchanged.len(), unchanged[0].user_count, unchanged[0].product_count), (1, 0, 0));
    assert_eq!(api_error(owner.delete_team(gmbh, team.id).await.unwrap_err()).0, 404, "another Organization's");

    // A leader named on creation becomes the first member.
    let led =
        owner.create_team(company, &TeamRequest { owned_by_id: Some(Some(lea_id)), ..named("Led") }).await.unwrap();
    assert_eq!((led.owned_by_id, led.user_ids), (Some(lea_id), vec![lea_id]));
}

#[tokio::test]
async fn r_user_3_a_removed_member_leaves_their_teams() {
    // R-USER-3
    let server = TestServer::demo().await;
    let (owner, company, _) = demo(&server).await;
    let (_, lea_id) = join(&server, &owner, company, "lea@example.ch", Role::Normal).await;
    let team =
        owner.create_team(company, &TeamRequest { owned_by_id: Some(Some(lea_id)), ..named("Web") }).await.unwrap();
    assert!(owner.remove_account_user(company, lea_id).await.unwrap());
    let after = owner.teams(company).await.unwrap();
    assert_eq!((after[0].id, after[0].owned_by_id, after[0].user_count), (team.id, None, 0));
}

#[tokio::test]
async fn a_team_answers_in_the_official_shape() {
    // R-TEAM-1: the official `Team` and `TeamUser`.
    let server = TestServer::demo().await;
    let (owner, company, _) = demo(&server).await;
    let (_, lea_id) = join(&server, &owner, company, "lea@example.ch", Role::Normal).await;
    let team =
        owner.create_team(company, &TeamRequest { owned_by_id: Some(Some(lea_id)), ..named("Web") }).await.unwrap();
    let token = owner.token().unwrap().to_string();
    let http = reqwest::Client::new();
    let read = |path: String| http.get(server.url(&path)).bearer_auth(token.clone()).send();
    let one: serde_json::Value =
        read(format!("/1/accounts/{company}/teams/{}", team.id)).await.unwrap().json().await.unwrap();
    assert_eq!(conformance_errors(&official_schema("087adaad_Team"), &one["data"]), Vec::<String>::new());
    let users: serde_json::Value =
        read(format!("/1/accounts/{company}/teams/{}/users", team.id)).await.unwrap().json().await.unwrap();
    assert_eq!(conformance_errors(&official_schema("087adaad_TeamUser"), &users["data"][0]), Vec::<String>::new());
}

#[tokio::test]
async fn r_role_4_a_manager_gives_a_collaborator_products_directly() {
    // R-ROLE-4
    let server = TestServer::demo().await;
    let (owner, company, gmbh) = demo(&server).await;
    let (lea, lea_id) = join(&server, &owner, company, "lea@example.ch", Role::Normal).await;
    let (admin, admin_id) = join(&server, &owner, company, "adm@example.ch", Role::Admin).await;
    let drive = product(&owner, company, "Team drive").await;
    let mail = product(&owner, company, "mail.demo-company.ch").await;
    let give = |ids: Vec<i64>| UpdateAccountUserRequest { product_ids: Some(ids), ..Default::default() };

    // Given by an administrator, listed with the member, reached by her.
    let updated = admin.update_account_user(company, lea_id, &give(vec![mail.id, drive.id])).await.unwrap();
    let mut expected = vec![drive.id, mail.id];
    expected.sort();
    assert_eq!(updated.product_ids, expected);
    let listed = owner.account_users(company, 1, 50, None).await.unwrap();
    assert_eq!(listed.items.iter().find(|u| u.user_id == lea_id).unwrap().product_ids, expected);
    assert_eq!(visible(&lea, company).await.len(), 2);

    // Refused, changing nothing: another Organization's product, an administrator (who
    // reaches them all), a collaborator giving, a stranger.
    let foreign = product(&owner, gmbh, "demo-gmbh.de").await.id;
    let (status, code, _) =
        api_error(owner.update_account_user(company, lea_id, &give(vec![foreign])).await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "validation_failed"));
    let (status, _, _) =
        api_error(owner.update_account_user(company, admin_id, &give(vec![drive.id])).await.unwrap_err());
    assert_eq!(status, 422, "an administrator reaches every product already");
    let (status, _, _) = api_error(lea.update_account_user(company, lea_id, &give(vec![])).await.unwrap_err());
    assert_eq!(status, 403, "a collaborator does not give products, even to herself");
    assert_eq!(visible(&lea, company).await.len(), 2, "nothing changed");

    // Taken back: all of them.
    assert!(owner.update_account_user(company, lea_id, &give(vec![])).await.unwrap().product_ids.is_empty());
    assert!(visible(&lea, company).await.is_empty());
}

#[tokio::test]
async fn r_user_1_an_invitation_names_the_teams_its_person_joins() {
    // R-USER-1, R-TEAM-3
    let server = TestServer::demo().await;
    let (owner, company, gmbh) = demo(&server).await;
    let drive = product(&owner, company, "Team drive").await;
    let request = TeamRequest { product_ids: Some(vec![drive.id]), ..named("Drive") };
    let team = owner.create_team(company, &request).await.unwrap();
    let elsewhere = owner.create_team(gmbh, &named("Elsewhere")).await.unwrap();

    // A team of another Organization is refused, and nobody is invited.
    let mut foreign = common::invitation("ivy@example.ch", Role::Normal);
    foreign.teams = vec![elsewhere.id];
    let (status, code, _) = api_error(owner.invite(company, &foreign).await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "validation_failed"));
    assert!(owner.invitations(company).await.unwrap().iter().all(|i| i.email != "ivy@example.ch"));

    // Accepted: Ivy is in the team, and reaches its product.
    let mut request = common::invitation("ivy@example.ch", Role::Normal);
    request.teams = vec![team.id];
    let sent = owner.invite(company, &request).await.unwrap();
    let key = sent.url_accept.as_deref().and_then(|url| url.rsplit('/').next()).unwrap().to_string();
    let accept = api::AcceptInvitationRequest { password: Some(common::PASSWORD.into()), ..Default::default() };
    server.client().accept_invitation(&key, &accept).await.unwrap();
    let token = server.client().log_in("ivy@example.ch", common::PASSWORD, None).await.unwrap();
    let ivy = server.client().with_token(Some(token.access_token));
    assert_eq!(owner.teams(company).await.unwrap().iter().find(|t| t.id == team.id).unwrap().user_ids, [token.user_id]);
    assert_eq!(visible(&ivy, company).await, ["Team drive"]);
}
