//! Issue 9, journey 2: a team made on the Teams page, two users added at once, a leader set,
//! two products given; a collaborator of that team sees exactly those products (R-TEAM-*,
//! R-ROLE-4).

use api::Role;
use e2e::{literal, Console, DEMO_PASSWORD};

/// The row of the teams' table for `name`.
fn team_row(name: &str) -> String {
    format!("//table[caption[starts-with(normalize-space(), 'Teams of')]]//tr[th[normalize-space()={}]]", literal(name))
}

/// Invites `email` into the demo user's Demo Company SA and accepts, through the API.
async fn member(console: &Console, email: &str, first: &str, last: &str) -> e2e::Outcome {
    let demo = console.demo_api().await?;
    let company = e2e::account_id(&demo, "Demo Company SA").await?;
    let invitation = api::InvitationRequest {
        email: email.into(),
        first_name: first.into(),
        last_name: last.into(),
        locale: "en_GB".into(),
        role_type: Role::Normal,
        notifications: Default::default(),
        permissions: Default::default(),
        teams: vec![],
        product_ids: vec![],
    };
    let sent = demo.invite(company, &invitation).await?;
    let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).unwrap_or_default().to_string();
    let accept = api::AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
    console.api().accept_invitation(&key, &accept).await?;
    Ok(())
}

/// The products `email` (a member with the demo password) sees on the Products page, logged
/// in in a browser of their own, sorted by name. Waits for `Team drive`, which each test gives.
async fn products_seen_by(console: &Console, email: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let other = console.second_session().await;
    let token = console.api().log_in(email, DEMO_PASSWORD, None).await?;
    let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
    console.api().with_token(Some(token.access_token)).set_onboarding(&dismissed).await?;
    other.open("/login").await?;
    other.fill("Email", email).await?;
    other.fill("Password", DEMO_PASSWORD).await?;
    other.press("Log in").await?;
    other.wait_for_path("/").await?;
    other.click("//nav[@aria-label='Main']//a[normalize-space()='Products']").await?;
    other.wait_for("//main//table//a[normalize-space()='Team drive']").await?;
    let names = other.browser.find_all(fantoccini::Locator::XPath("//main//table/tbody/tr/th")).await?;
    let mut seen = vec![];
    for name in names {
        seen.push(name.text().await?);
    }
    seen.sort();
    Ok(seen)
}

#[tokio::test]
async fn journey_2_a_team_gives_its_members_exactly_its_products() {
    // R-TEAM-1, R-TEAM-2, R-TEAM-3, R-ROLE-4
    Console::run_demo("journey_teams", async |console| {
        member(console, "lea@example.ch", "Lea", "Keller").await?;
        member(console, "max@example.ch", "Max", "Brun").await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Teams']").await?;
        console.wait_for_path("/teams").await?;
        console.wait_for_text("No teams yet.").await?;

        console.fill("Team name", "Web").await?;
        console.press("Create the team").await?;
        console.wait_for_text("Team Web created").await?;
        let row = team_row("Web");
        console.click(&format!("{row}//button[normalize-space()='Actions for Web']")).await?;
        // Two users at once, the leader among them, two products.
        for name in ["Lea Keller", "Max Brun", "Team drive", "mail.demo-company.ch"] {
            console.click(&format!("{row}//input[@id=//label[normalize-space()={}]/@for]", literal(name))).await?;
        }
        console.choose("Leader of Web", "Lea Keller").await?;
        console.click(&format!("{row}//button[normalize-space()='Save the team']")).await?;
        console.wait_for_text("Team Web saved.").await?;
        let cells = |n: usize| format!("{}/td[{n}]", team_row("Web"));
        assert_eq!(console.wait_for(&cells(1)).await?.text().await?, "Lea Keller");
        assert_eq!(console.wait_for(&cells(2)).await?.text().await?, "2");
        assert_eq!(console.wait_for(&cells(3)).await?.text().await?, "2");
        console.assert_accessible("teams").await?;

        // Max, a collaborator of the team, sees exactly its two products.
        assert_eq!(products_seen_by(console, "max@example.ch").await?, ["Team drive", "mail.demo-company.ch"]);
        Ok(())
    })
    .await;
}

/// The `Create a team` guide: Teams, the name, then `Create the team`, which ends it.
#[tokio::test]
async fn the_create_a_team_guide_ends_when_the_team_is_created() {
    Console::run("guide_create_team", async |console| {
        console.sign_up_and_log_in("uma@example.ch", "Uma", "Frei").await?;
        console.press("Help").await?;
        console.press("Create a team").await?;
        let step =
            |title: &'static str| format!("//aside[@aria-labelledby='guide-title']//h2[normalize-space()='{title}']");
        console.wait_for(&step("Open Teams")).await?;
        console.click("//nav//a[normalize-space()='Teams']").await?;
        console.wait_for(&step("Name it")).await?;
        console.fill("Team name", "Support").await?;
        // Leaving the field (a change) moves the guide on.
        console.click("//main//h1").await?;
        console.wait_for(&step("Create it")).await?;
        console.click("//main//button[@type='submit'][normalize-space()='Create the team']").await?;
        console.wait_for_text("Team Support created").await?;
        let guide: serde_json::Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}

/// R-ROLE-4 from the Users page: `Products of <name>` in a collaborator's row gives her
/// products directly; she then sees exactly those. An administrator's row has no such
/// choice: administrators reach every product.
#[tokio::test]
async fn r_role_4_products_given_to_a_collaborator_on_the_users_page_are_what_she_sees() {
    Console::run_demo("product_access", async |console| {
        member(console, "lea@example.ch", "Lea", "Keller").await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        let row = "//table//tr[th[normalize-space()='Lea Keller']]";
        console.click(&format!("{row}//button[normalize-space()='Actions for Lea Keller']")).await?;
        console.wait_for(&format!("{row}//fieldset[legend[normalize-space()='Products of Lea Keller']]")).await?;
        for name in ["Team drive", "www.demo-company.ch"] {
            console.click(&format!("{row}//input[@id=//label[normalize-space()={}]/@for]", literal(name))).await?;
        }
        console.assert_accessible("users, a collaborator's products").await?;
        console.click(&format!("{row}//button[normalize-space()='Save the products']")).await?;
        console.wait_for_text("Lea Keller now reaches the products chosen.").await?;
        // The demo user, an owner, has no such choice in their own row.
        let own = "//table//tr[th[normalize-space()='Ada Demo']]";
        assert!(console
            .browser
            .find(fantoccini::Locator::XPath(&format!("{own}//fieldset[@class='product-access']")))
            .await
            .is_err());

        assert_eq!(products_seen_by(console, "lea@example.ch").await?, ["Team drive", "www.demo-company.ch"]);
        Ok(())
    })
    .await;
}

/// An Organization with more products than a list shows (the first 100 by name): `Find a
/// product` asks the server; the product found and chosen stays chosen, and listed, once the
/// search is cleared, and is the one given (R-ROLE-4).
#[tokio::test]
async fn r_role_4_a_product_past_the_first_hundred_is_found_by_search_and_given() {
    Console::run_demo("product_search", async |console| {
        member(console, "max@example.ch", "Max", "Frei").await?;
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        // A hundred archives, named before every demo product but a few.
        let items = (1..=100)
            .map(|n| api::OrderItemRequest {
                service_name: "drive".into(),
                customer_name: format!("Archive {n:03}"),
                period_months: 1,
            })
            .collect();
        let twint = api::PaymentChoice { kind: Some(api::MethodType::Twint), ..Default::default() };
        demo.order(company, &api::OrderRequest { items, payment: Some(twint), use_prepaid: false }).await?;

        console.log_in_as_demo_user().await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        let row = "//table//tr[th[normalize-space()='Max Frei']]";
        console.click(&format!("{row}//button[normalize-space()='Actions for Max Frei']")).await?;
        let picker = format!("{row}//fieldset[legend[normalize-space()='Products of Max Frei']]");
        console.wait_for(&format!("{picker}//label[normalize-space()='Archive 001']")).await?;
        let wanted = format!("{picker}//input[@id=//label[normalize-space()='Team drive']/@for]");
        assert!(console.browser.find(fantoccini::Locator::XPath(&wanted)).await.is_err(), "past the first hundred");

        console.fill("Find a product", "team d").await?;
        console.click(&wanted).await?;
        console.assert_accessible("users, a product found by search").await?;
        console.fill("Find a product", "").await?;
        console.wait_for(&format!("{picker}//label[normalize-space()='Archive 001']")).await?;
        let still: serde_json::Value = console
            .browser
            .execute(
                "return document.getElementById(Array.from(document.querySelectorAll('label'))\
                 .find(l => l.textContent.trim() === 'Team drive').htmlFor).checked;",
                vec![],
            )
            .await?;
        assert_eq!(still, true, "the product chosen stays listed and chosen");
        console.click(&format!("{row}//button[normalize-space()='Save the products']")).await?;
        console.wait_for_text("Max Frei now reaches the products chosen.").await?;
        assert_eq!(products_seen_by(console, "max@example.ch").await?, ["Team drive"]);
        Ok(())
    })
    .await;
}

/// An invitation names the teams its person joins (the official `teams`): the team chosen in
/// the Users page's form is the one the person is in once they accept.
#[tokio::test]
async fn r_user_1_the_team_chosen_when_inviting_is_joined_on_accepting() {
    Console::run_demo("invite_into_team", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        let team =
            demo.create_team(company, &api::TeamRequest { name: Some("Support".into()), ..Default::default() }).await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        console.press("Invite a user").await?;
        console.fill("Email", "zed@example.ch").await?;
        console.fill("First name", "Zed").await?;
        console.fill("Last name", "Kunz").await?;
        console.wait_for("//fieldset[legend[normalize-space()='Teams they join']]").await?;
        console.click("//input[@id=//label[normalize-space()='Support']/@for]").await?;
        console.press("Send the invitation").await?;
        console.wait_for_text("Invitation sent to zed@example.ch").await?;
        let link = console.mailed_link("zed@example.ch", "/invitations/").await?;
        let key = link.rsplit('/').next().unwrap_or_default().to_string();
        let accept = api::AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
        let joined = console.api().accept_invitation(&key, &accept).await;
        assert!(joined.is_ok(), "{joined:?}");
        let teams = demo.teams(company).await?;
        let support = teams.iter().find(|t| t.id == team.id).ok_or("the team")?;
        assert_eq!(support.user_count, 1, "Zed joined Support");
        Ok(())
    })
    .await;
}
