//! `Partner program` (R-PART-1, R-PART-2) in the browser against the real server: a new
//! Organization meets none of the partner's requirements, each is listed as missing and
//! `Join as partner` says why it is disabled; joining as affiliate works, after which
//! partner is refused for R-PART-2's reason.

use e2e::Console;

#[tokio::test]
async fn r_part_the_requirements_are_listed_and_affiliate_excludes_partner() {
    Console::run("partner_program", async |console| {
        console.sign_up_and_log_in("pia@example.ch", "Pia", "Roth").await?;
        console.click("//nav//a[normalize-space()='Partner program']").await?;
        console.wait_for("//main//h1[normalize-space()='Partner program']").await?;
        // R-PART-1: every requirement, each with its state; the total in the locale's format.
        let missing = "//ul[@class='requirements']/li[@class='missing']";
        console.wait_for(&format!("({missing})[3]")).await?;
        console.wait_for(&format!("{missing}[contains(., 'CHF') or contains(., '€')][contains(., 'a year')]")).await?;
        let partner = "//button[normalize-space()='Join as partner']";
        console.wait_for(&format!("{partner}[@disabled]")).await?;
        console.wait_for("//span[@id='join-partner-why'][contains(., 'Not every requirement is met')]").await?;
        console.assert_accessible("the partner program").await?;

        console.press("Join as affiliate").await?;
        console.wait_for_text("Welcome to the program.").await?;
        console.wait_for_text("This organization is in the program: Affiliate").await?;
        // R-PART-2: never both.
        console
            .wait_for("//span[@id='join-partner-why'][contains(., 'cannot be partner and affiliate at once')]")
            .await?;
        console.wait_for("//button[normalize-space()='Join as affiliate'][@disabled]").await?;
        console.wait_for("//span[@id='join-affiliate-why'][contains(., 'in this program already')]").await?;
        Ok(())
    })
    .await;
}

/// R-PART-3 in the browser: a partner (made one through the API: a company with 17 hostings,
/// CHF 2,040 a year) shows its partner number; the demo's legal representative lets it manage
/// one chosen product by that number; the partner chooses a member to act; that member then
/// reaches exactly that product of the client.
#[tokio::test]
async fn r_part_3_a_client_lets_a_partner_manage_a_chosen_product() {
    Console::run_demo("partner_clients", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        // The partner: a company that meets R-PART-1, joined through the API.
        let registration = api::RegisterRequest {
            email: "paul@partner.ch".into(),
            password: e2e::DEMO_PASSWORD.into(),
            first_name: "Paul".into(),
            last_name: "Weber".into(),
            organization_name: Some("Weber Web AG".into()),
            legal_entity_type: Some(api::LegalEntityType::Company),
            ..Default::default()
        };
        console.api().register(&registration).await?;
        let token = console.api().log_in("paul@partner.ch", e2e::DEMO_PASSWORD, None).await?;
        let paul = console.api().with_token(Some(token.access_token));
        let partner = paul.accounts().await?[0].id;
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        paul.set_onboarding(&dismissed).await?;
        let hosting = |n: usize| api::OrderItemRequest {
            service_name: "hosting".into(),
            customer_name: format!("site{n}.ch"),
            period_months: 12,
        };
        let order = api::OrderRequest {
            items: (0..17).map(hosting).collect(),
            payment: Some(api::PaymentChoice { kind: Some(api::MethodType::Twint), ..Default::default() }),
            use_prepaid: false,
        };
        paul.order(partner, &order).await?;
        paul.join_program(partner, domain::partner::Program::Partner).await?;
        let (pia, pia_id) =
            e2e::join_as_collaborator(console, &paul, partner, "pia@partner.ch", ("Pia", "Roth")).await?;

        // The client lets the partner in, by its number, for one product.
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Partner program']").await?;
        console.wait_for_text("No partner manages this organization.").await?;
        console.fill("Partner number", &partner.to_string()).await?;
        console.choose("What they manage", "Chosen products").await?;
        console
            .click("//input[@id=//label[normalize-space()='Team drive']/@for][starts-with(@id, 'delegate-product-')]")
            .await?;
        console.assert_accessible("partner program, letting a partner in").await?;
        console.press("Let the partner manage").await?;
        console.wait_for_text("Weber Web AG now manages this organization.").await?;
        console.wait_for_text("Weber Web AG manages 1 chosen products.").await?;

        // The partner chooses who acts; then she reaches exactly that product.
        let query = api::ProductQuery { per_page: Some(100), ..Default::default() };
        assert!(pia.products(company, &query).await.is_err(), "nobody acts yet");
        console.press("Log out").await?;
        console.log_in("paul@partner.ch").await?;
        console.click("//nav//a[normalize-space()='Partner program']").await?;
        console.wait_for_text(&format!("Your partner number is {partner}")).await?;
        let client = "//fieldset[legend[normalize-space()='Members who act for Demo Company SA']]";
        console
            .click(&format!(
                "{client}//input[@id=//label[normalize-space()='Invited Person' or normalize-space()='Pia Roth']/@for]"
            ))
            .await?;
        console.click(&format!("{client}//button[normalize-space()='Save who acts for Demo Company SA']")).await?;
        console.wait_for_text("Saved who acts for Demo Company SA.").await?;
        let seen = pia.products(company, &query).await?;
        assert_eq!(seen.items.iter().map(|p| p.customer_name.as_str()).collect::<Vec<_>>(), ["Team drive"]);
        let delegation = &paul.clients(partner).await?[0];
        assert_eq!(delegation.user_ids, [pia_id]);
        Ok(())
    })
    .await;
}
