//! The partner program (R-PART-1, R-PART-2) and abuse reports (R-ABUSE-1) over real HTTP and
//! the database.

mod common;

use api::{AbuseReportRequest, Role};
use chrono::{DateTime, Datelike, Weekday};
use common::{api_error, demo, join, TestServer};
use domain::partner::{Program, Shortfall};

#[tokio::test]
async fn r_part_1_eligibility_says_each_reason_and_only_an_eligible_company_becomes_partner() {
    // R-PART-1
    let server = TestServer::demo().await;
    let (owner, company, _) = demo(&server).await;
    let standing = owner.partnership(company).await.unwrap();
    // Demo Company SA: a company with a website, whose active products total less than CHF 2000.
    assert_eq!(standing.program, None);
    assert_eq!(standing.minimum_yearly.amount, "2000.00");
    assert!(
        matches!(standing.reasons.as_slice(), [Shortfall::ManagedTotalTooLow { minimum_cents: 200_000, .. }]),
        "{:?}",
        standing.reasons
    );
    let (status, code, context) = api_error(owner.join_program(company, Program::Partner).await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "partner_requirements_not_met"));
    assert_eq!(context["reasons"][0]["reason"], "managed_total_too_low");
    assert_eq!(owner.partnership(company).await.unwrap().program, None, "nothing changed");

    // An individual, with no website and nothing managed: every reason at once.
    let ana = server.signed_in("ana@example.ch").await;
    let own = ana.accounts().await.unwrap()[0].id;
    let reasons = ana.partnership(own).await.unwrap().reasons;
    assert_eq!(reasons.len(), 3, "{reasons:?}");
}

#[tokio::test]
async fn r_part_2_never_partner_and_affiliate() {
    // R-PART-2, R-ACC-4
    let server = TestServer::demo().await;
    let (owner, company, _) = demo(&server).await;
    let (admin, _) = join(&server, &owner, company, "adm@example.ch", Role::Admin).await;
    assert_eq!(api_error(admin.join_program(company, Program::Affiliate).await.unwrap_err()).1, "access_denied");
    let joined = owner.join_program(company, Program::Affiliate).await.unwrap();
    assert_eq!(joined.program, Some(Program::Affiliate));
    assert!(joined.joined_at.is_some());
    let (status, code, context) = api_error(owner.join_program(company, Program::Partner).await.unwrap_err());
    assert_eq!(
        (status, code.as_str(), context["current"].as_str()),
        (422, "cannot_be_partner_and_affiliate", Some("affiliate"))
    );
    assert_eq!(api_error(owner.join_program(company, Program::Affiliate).await.unwrap_err()).0, 409);
    let (collaborator, _) = join(&server, &owner, company, "col@example.ch", Role::Normal).await;
    assert_eq!(api_error(collaborator.partnership(company).await.unwrap_err()).0, 403);
}

#[tokio::test]
async fn r_abuse_1_a_report_gets_its_four_deadlines_in_working_days() {
    // R-ABUSE-1
    let server = TestServer::start().await;
    let request =
        AbuseReportRequest { category: "phishing".into(), description: "A mail pretending to be my bank.".into() };
    let report = server.client().report_abuse(&request).await.unwrap();
    assert_eq!(report.acknowledge_by - report.received_at, 24 * 3600);
    let day = |at: i64| DateTime::from_timestamp(at, 0).unwrap();
    for deadline in [report.assess_by, report.investigate_by, report.correct_by] {
        assert!(![Weekday::Sat, Weekday::Sun].contains(&day(deadline).weekday()), "a working day");
    }
    // 5, 30 and 60 working days: at least 7, 42 and 84 calendar days, less a weekend's start.
    assert!(report.assess_by - report.received_at >= 5 * 86_400);
    assert!(report.investigate_by - report.received_at >= 40 * 86_400);
    assert!(report.correct_by - report.received_at >= 82 * 86_400);
    assert_eq!(report.assess_by, domain::abuse::deadlines(day(report.received_at)).assess_by.timestamp());

    for (category, description, field) in
        [("weather", "A long enough description.", "category"), ("spam", "short", "description")]
    {
        let bad = AbuseReportRequest { category: category.into(), description: description.into() };
        let error = server.client().report_abuse(&bad).await.unwrap_err();
        let api::ClientError::Api { status, error } = error else { panic!("{error:?}") };
        assert_eq!((status, error.errors[0].context.attribute.as_str()), (422, field));
    }
}

#[tokio::test]
async fn r_part_3_a_client_lets_a_partner_manage_its_account_or_chosen_products_through_chosen_members() {
    // R-PART-3
    let server = TestServer::demo().await;
    let (client, company, _) = demo(&server).await;
    let paul = server.signed_in("paul@partner.ch").await;
    let partner = paul.accounts().await.unwrap()[0].id;
    // Made a partner as an operator would (R-PART-1's requirements are tested above).
    let _: Vec<(i64,)> = server
        .query(&format!("UPDATE accounts SET partner_program = 'partner' WHERE id = {partner} RETURNING id"))
        .await;
    let (pia, pia_id) = join(&server, &paul, partner, "pia@partner.ch", Role::Normal).await;
    let ana = server.signed_in("ana@example.ch").await; // no partner
    let not_partner = ana.accounts().await.unwrap()[0].id;
    let drive = common::product(&client, company, "Team drive").await;
    let request = |partner_account_id: i64, scope: &str, product_ids: Vec<i64>| api::PartnerDelegationRequest {
        partner_account_id,
        scope: scope.into(),
        product_ids,
    };

    // Only the legal representative lets a partner in, and only a partner.
    let (admin, _) = join(&server, &client, company, "adm@example.ch", Role::Admin).await;
    let refused =
        api_error(admin.delegate_to_partner(company, &request(partner, "whole_account", vec![])).await.unwrap_err());
    assert_eq!((refused.0, refused.1.as_str()), (403, "access_denied"));
    let refused = api_error(
        client.delegate_to_partner(company, &request(not_partner, "whole_account", vec![])).await.unwrap_err(),
    );
    assert_eq!((refused.0, refused.1.as_str()), (422, "not_a_partner"));
    let delegation = client.delegate_to_partner(company, &request(partner, "products", vec![drive.id])).await.unwrap();
    assert_eq!((delegation.scope.as_str(), delegation.product_ids.clone()), ("products", vec![drive.id]));
    let again = client.delegate_to_partner(company, &request(partner, "products", vec![drive.id])).await;
    assert_eq!(api_error(again.unwrap_err()).0, 409);

    // The partner chooses who acts for the client; until then, nobody does.
    let query = api::ProductQuery { per_page: Some(100), ..Default::default() };
    assert_eq!(api_error(pia.products(company, &query).await.unwrap_err()).0, 404);
    let listed = paul.clients(partner).await.unwrap();
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), [delegation.id]);
    let outsider = api::DelegationUsersRequest { user_ids: vec![pia_id, 1] };
    assert_eq!(api_error(paul.choose_client_users(partner, delegation.id, &outsider).await.unwrap_err()).0, 422);
    let chosen = api::DelegationUsersRequest { user_ids: vec![pia_id] };
    assert_eq!(paul.choose_client_users(partner, delegation.id, &chosen).await.unwrap().user_ids, [pia_id]);

    // Chosen products only: exactly those, and no billing.
    let seen = pia.products(company, &query).await.unwrap();
    assert_eq!(seen.items.iter().map(|p| p.id).collect::<Vec<_>>(), [drive.id]);
    assert_eq!(api_error(pia.invoices(company).await.unwrap_err()).0, 403, "billing is the whole account's");

    // The whole account: every product, and the invoices.
    assert!(client.revoke_partner(company, delegation.id).await.unwrap());
    assert_eq!(api_error(pia.products(company, &query).await.unwrap_err()).0, 404, "revoked: nothing");
    let whole = client.delegate_to_partner(company, &request(partner, "whole_account", vec![])).await.unwrap();
    paul.choose_client_users(partner, whole.id, &chosen).await.unwrap();
    let all = client.products(company, &query).await.unwrap().items.len();
    assert_eq!(pia.products(company, &query).await.unwrap().items.len(), all);
    assert_eq!(pia.invoices(company).await.unwrap().len(), client.invoices(company).await.unwrap().len());
    assert_eq!(client.partners(company).await.unwrap()[0].partner_name, paul.accounts().await.unwrap()[0].name);
}
