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
