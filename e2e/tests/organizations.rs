//! The Organization switcher and the Users page, in the browser against the real server.

use api::{AcceptInvitationRequest, InvitationRequest, Role};
use e2e::{Console, DEMO_PASSWORD};

/// The row of the users table whose name is `name`.
fn row(name: &str) -> String {
    format!("//table[caption[starts-with(normalize-space(), 'Users of')]]//tr[th[normalize-space()='{name}']]")
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
        };
        let sent = lea.invite(account_id, &invitation).await?;
        let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).unwrap_or_default().to_string();
        let accept = AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
        console.api().accept_invitation(&key, &accept).await?;

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
        Ok(())
    })
    .await;
}
