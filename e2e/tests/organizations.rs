//! The Organization switcher and the Users page, in the browser against the real server.

use api::{AcceptInvitationRequest, InvitationRequest, Role};
use e2e::{Console, DEMO_PASSWORD};

/// The row of the users table whose name is `name`.
fn row(name: &str) -> String {
    format!("//table[caption[starts-with(normalize-space(), 'Users of')]]//tr[th[normalize-space()='{name}']]")
}

/// Lea (signed up) invites Max Brun as a collaborator, and Max accepts as a new account (the
/// mailed link's key, taken from the API): Lea's client and her Organization.
async fn lea_invites_max(console: &Console) -> Result<(e2e::ApiClient, i64), Box<dyn std::error::Error>> {
    let token = console.api().log_in("lea@example.ch", DEMO_PASSWORD, None).await?;
    let lea = console.api().with_token(Some(token.access_token));
    let account_id = lea.accounts().await?[0].id;
    let invitation = InvitationRequest {
        email: "max@example.ch".into(),
        first_name: "Max".into(),
        last_name: "Brun".into(),
        locale: "en_GB".into(),
        role_type: Role::Normal,
        notifications: Default::default(),
        permissions: Default::default(),
        teams: vec![],
        product_ids: vec![],
    };
    let sent = lea.invite(account_id, &invitation).await?;
    let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).unwrap_or_default().to_string();
    let accept = AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
    console.api().accept_invitation(&key, &accept).await?;
    Ok((lea, account_id))
}

#[tokio::test]
async fn r_acc_3_create_an_organization_and_switch_without_logging_in_again() {
    // R-ACC-3
    Console::run("switch_organization", async |console| {
        console.sign_up_and_log_in("lea@example.ch", "Lea", "Keller").await?;
        console.press("Organization: Lea Keller").await?;
        console.click("//a[normalize-space()='Create an organization']").await?;
        console.wait_for_path("/organizations/new").await?;
        console.fill("Name", "Keller Consulting SA").await?;
        console.choose("Currency", "EUR").await?;
        console.press("Create the organization").await?;

        console.wait_for_path("/").await?;
        console.wait_for("//button[normalize-space()='Organization: Keller Consulting SA']").await?;
        let rows = console.browser.find_all(fantoccini::Locator::XPath("//table/tbody/tr")).await?;
        assert_eq!(rows.len(), 2, "both Organizations are listed");

        console.press("Organization: Keller Consulting SA").await?;
        console
            .wait_for("//ul[@id='organization-list']//button[normalize-space()='Lea Keller']")
            .await?
            .click()
            .await?;
        console.wait_for("//button[normalize-space()='Organization: Lea Keller']").await?;
        assert_eq!(console.browser.current_url().await?.path(), "/", "no new log-in");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn r_role_1_r_role_6_users_are_managed_from_their_rows_and_own_role_is_locked() {
    // R-ROLE-1, R-ROLE-6, R-USER-1, R-USER-3
    Console::run("manage_users", async |console| {
        console.sign_up_and_log_in("lea@example.ch", "Lea", "Keller").await?;
        // A collaborator joins through an invitation (the mailed link, taken from the API).
        let (lea, account_id) = lea_invites_max(console).await?;

        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        console.wait_for_path("/users").await?;
        console.wait_for(&row("Max Brun")).await?;

        // Her own role cannot be changed, and the page says why (R-ROLE-6).
        console.button_in(&row("Lea Keller"), "Actions for Lea Keller").await?.click().await?;
        let own = console.button_in(&row("Lea Keller"), "Change role").await?;
        assert_eq!(own.attr("disabled").await?.as_deref(), Some("true"));
        let reason_id = own.attr("aria-describedby").await?.unwrap_or_default();
        let reason = console.wait_for(&format!("//*[@id='{reason_id}']")).await?.text().await?;
        let english = app::i18n::texts_of(domain::language::Language::En);
        assert_eq!(reason, english.denied_own_role);

        // Max becomes an administrator (R-ROLE-1).
        console.button_in(&row("Max Brun"), "Actions for Max Brun").await?.click().await?;
        console.choose("New role for Max Brun", "Administrator").await?;
        console.button_in(&row("Max Brun"), "Change role").await?.click().await?;
        console.wait_for_text("Max Brun is now Administrator.").await?;
        let role = console.wait_for(&format!("{}/td[2][normalize-space()='Administrator']", row("Max Brun"))).await?;
        assert_eq!(role.text().await?, "Administrator");

        // Removed, after a confirmation (R-USER-3).
        console.button_in(&row("Max Brun"), "Actions for Max Brun").await?.click().await?;
        console.button_in(&row("Max Brun"), "Remove from organization").await?.click().await?;
        console.button_in(&row("Max Brun"), "Yes, remove").await?.click().await?;
        console.wait_for_text("Max Brun was removed from the organization.").await?;
        let users = lea.account_users(account_id, 1, 10, None).await?;
        assert_eq!(users.total, 1);

        // Inviting from the page; the same address twice is refused (R-USER-2).
        for expected in ["Invitation sent to zoe@example.ch", "already has a pending invitation"] {
            console.press("Invite a user").await?;
            console.fill("Email", "zoe@example.ch").await?;
            console.fill("First name", "Zoe").await?;
            console.fill("Last name", "Favre").await?;
            console.press("Send the invitation").await?;
            console.wait_for_text(expected).await?;
        }
        let alert = console.wait_for("//p[@role='alert']").await?.text().await?;
        assert_eq!(
            alert,
            "zoe@example.ch already has a pending invitation or is already a member of this organization."
        );

        // Billing rights follow the role (R-ROLE-5): fixed, with the reason, for a legal
        // representative; chosen for a collaborator, with the mail she receives (R-ROLE-8).
        console.fill("Email", "ivy@example.ch").await?;
        console.fill("First name", "Ivy").await?;
        console.fill("Last name", "Roth").await?;
        console.choose("Role", "Legal representative").await?;
        console.wait_for("//input[@id='invite-billing'][@disabled]").await?;
        console.wait_for_text("The legal representatives always have billing rights.").await?;
        console.choose("Role", "Collaborator").await?;
        console.wait_for("//input[@id='invite-billing'][not(@disabled)]").await?;
        for choice in ["Billing rights (pays, sees invoices)", "About billing"] {
            console.click(&format!("//input[@id=//label[normalize-space()='{choice}']/@for]")).await?;
        }
        console.assert_accessible("users, inviting with billing rights").await?;
        console.press("Send the invitation").await?;
        console.wait_for_text("Invitation sent to ivy@example.ch").await?;
        let invited = lea.invitations(account_id).await?;
        let ivy = invited.iter().find(|i| i.email == "ivy@example.ch").ok_or("ivy's invitation")?;
        assert_eq!(
            (ivy.role_type, ivy.has_billing, ivy.has_billing_mailing, ivy.has_mailing),
            (Role::Normal, true, true, false)
        );
        Ok(())
    })
    .await;
}

/// Leaving an Organization (R-USER-3) from the Users page, after a confirmation; the last
/// owner's button is disabled with R-ROLE-3's reason.
#[tokio::test]
async fn r_user_3_a_member_leaves_an_organization_and_the_last_owner_cannot() {
    Console::run("leave_organization", async |console| {
        // Lea's Organization, Max invited as a collaborator (the link accepted from the API).
        console.sign_up("lea@example.ch", "Lea", "Keller").await?;
        let (lea, account_id) = lea_invites_max(console).await?;

        let organization = lea.accounts().await?[0].name.clone();
        // Neither is shown the tutorial.
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        lea.set_onboarding(&dismissed).await?;
        let max = console.api().log_in("max@example.ch", DEMO_PASSWORD, None).await?;
        console.api().with_token(Some(max.access_token)).set_onboarding(&dismissed).await?;

        // Max's only Organization is Lea's: he leaves it, after saying yes once more.
        console.log_in("max@example.ch").await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        console.wait_for(&row("Max Brun")).await?;
        console.wait_for(&format!("//h2[normalize-space()='Leave {organization}']")).await?;
        console.assert_accessible("users, leaving").await?;
        console.press("Leave this organization").await?;
        console.wait_for_text("Leave it now?").await?;
        console.press("Yes, leave").await?;
        console.wait_for_path("/").await?;
        console.wait_for_text(&format!("You left {organization}.")).await?;
        assert_eq!(lea.account_users(account_id, 1, 10, None).await?.total, 1, "Lea alone");

        // Lea, the last owner, cannot: the button is disabled with R-ROLE-3's reason.
        console.press("Log out").await?;
        console.wait_for_path("/login").await?;
        console.log_in("lea@example.ch").await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        let leave = console.wait_for("//button[normalize-space()='Leave this organization'][@disabled]").await?;
        assert_eq!(leave.attr("aria-describedby").await?.as_deref(), Some("leave-why"));
        let english = app::i18n::texts_of(domain::language::Language::En);
        assert_eq!(console.wait_for("//*[@id='leave-why']").await?.text().await?, english.err_last_owner);
        Ok(())
    })
    .await;
}

/// R-ROLE-4 from the invitation: a collaborator invited on the Users page with a product
/// chosen reaches it once she accepts; the products are not offered for an administrator,
/// who reaches them all.
#[tokio::test]
async fn r_role_4_an_invitation_gives_the_products_chosen_in_the_form() {
    Console::run_demo("invite_products", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.press("Invite a user").await?;
        console.fill("Email", "nia@example.ch").await?;
        console.fill("First name", "Nia").await?;
        console.fill("Last name", "Keller").await?;
        console.choose("Role", "Administrator").await?;
        console
            .wait_for("//form[@aria-label='Invite a user'][not(.//legend[normalize-space()='Products they reach'])]")
            .await?;
        console.choose("Role", "Collaborator").await?;
        console.wait_for("//legend[normalize-space()='Products they reach']").await?;
        console
            .click("//input[@id=//label[normalize-space()='Team drive']/@for][starts-with(@id, 'invite-product-')]")
            .await?;
        console.assert_accessible("users, inviting with a product").await?;
        console.press("Send the invitation").await?;
        console.wait_for_text("Invitation sent to nia@example.ch").await?;

        let link = console.mailed_link("nia@example.ch", "/invitations/").await?;
        let key = link.rsplit('/').next().ok_or("a key")?;
        let accept = AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
        console.api().accept_invitation(key, &accept).await?;
        let users = demo.account_users(company, 1, 10, Some("nia@example.ch")).await?;
        let nia = users.items.iter().find(|u| u.email == "nia@example.ch").ok_or("Nia")?;
        let drive = demo.products(company, &api::ProductQuery { per_page: Some(100), ..Default::default() }).await?;
        let drive = drive.items.iter().find(|p| p.customer_name == "Team drive").ok_or("the drive")?;
        assert_eq!(nia.product_ids, [drive.id], "given on accepting");
        Ok(())
    })
    .await;
}

/// R-ROLE-8: the mail a member receives, chosen in their row on the Users page (one's own
/// here) and kept on the server.
#[tokio::test]
async fn r_role_8_the_mail_a_member_receives_is_chosen_in_their_row() {
    Console::run_demo("mail_preferences", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.press("Actions for Ada Demo").await?;
        let fieldset = "//fieldset[legend[normalize-space()='Mail Ada Demo receives']]";
        console.wait_for(fieldset).await?;
        console
            .click(&format!("{fieldset}//input[@id=//label[normalize-space()='Administrative notices']/@for]"))
            .await?;
        console.assert_accessible("users, a member's mail").await?;
        console.click(&format!("{fieldset}//button[normalize-space()='Save the mail choices']")).await?;
        console.wait_for_text("The mail Ada Demo receives is saved.").await?;
        let users = demo.account_users(company, 1, 10, Some(e2e::DEMO_USER.0)).await?;
        let ada = users.items.first().ok_or("Ada")?;
        let kept = ada.notifications.ok_or("her preferences")?;
        assert!(!kept.administrative, "administrative notices turned off");
        Ok(())
    })
    .await;
}
