//! Issue 9, journey 1: a user invited from the Users page accepts in another browser, as a new
//! account; their role changes; an administrator cannot make anyone owner; the last owner
//! cannot be removed and the page says why; the user is removed.

use api::{AcceptInvitationRequest, InvitationRequest, Role};
use domain::language::Language;
use e2e::{literal, Console, DEMO_PASSWORD};

/// The row of the users table whose name is `name`.
fn member(name: &str) -> String {
    format!("//table[caption[starts-with(normalize-space(), 'Users of')]]//tr[th[normalize-space()={}]]", literal(name))
}

/// The row of the pending invitations' table for `email`.
fn invited(email: &str) -> String {
    format!(
        "//table[caption[starts-with(normalize-space(), 'Invitations waiting')]]//tr[th[normalize-space()={}]]",
        literal(email)
    )
}

/// The reason given, as its description, for the disabled button `element`.
async fn reason(
    console: &Console,
    element: &fantoccini::elements::Element,
) -> Result<String, Box<dyn std::error::Error>> {
    assert_eq!(element.attr("disabled").await?.as_deref(), Some("true"), "the control is disabled");
    let id = element.attr("aria-describedby").await?.ok_or("the disabled control gives no reason")?;
    Ok(console.wait_for(&format!("//*[@id='{id}']")).await?.text().await?)
}

#[tokio::test]
async fn journey_1_invite_accept_elsewhere_change_role_and_remove() {
    // R-USER-1, R-USER-2, R-ROLE-1, R-ROLE-2, R-ROLE-3, R-USER-3
    Console::run_demo("journey_invitations", async |console| {
        let english = app::i18n::texts_of(Language::En);
        console.sign_up_and_log_in("lea@example.ch", "Lea", "Keller").await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        console.wait_for(&member("Lea Keller")).await?;

        // Invited from the page; the invitation waits in its own table.
        console.press("Invite a user").await?;
        console.fill("Email", "max@example.ch").await?;
        console.fill("First name", "Max").await?;
        console.fill("Last name", "Brun").await?;
        console.press("Send the invitation").await?;
        console.wait_for_text("Invitation sent to max@example.ch").await?;
        let status = console.wait_for(&format!("{}/td[2]", invited("max@example.ch"))).await?;
        assert_eq!(status.text().await?, "Waiting for an answer");

        // Max opens the mailed link in a browser of his own and creates his account there.
        let link = console.mailed_link("max@example.ch", "/invitations/").await?;
        let max = console.second_session().await;
        max.open(&link).await?;
        max.wait_for("//h1[normalize-space()='Join Lea Keller']").await?;
        let text = max.wait_for("//p[@id='join-text']").await?.text().await?;
        assert!(text.contains("as Collaborator") && text.contains("max@example.ch"), "{text}");
        assert_eq!(max.field("First name").await?.prop("value").await?.as_deref(), Some("Max"), "as invited");
        max.fill("Password", "short").await?;
        max.press("Accept the invitation").await?;
        max.wait_for("//p[@role='alert' and contains(., 'at least 10 characters')]").await?;
        max.fill("Password", DEMO_PASSWORD).await?;
        max.press("Accept the invitation").await?;
        max.wait_for_path("/").await?;
        max.wait_for("//button[normalize-space()='Organization: Lea Keller']").await?;
        // The link, used, says so.
        max.open(&link).await?;
        max.wait_for_text(english.invitation_was_accepted).await?;

        // Lea sees Max as a member; the invitation is no longer waiting.
        console.open("/users").await?;
        console.wait_for(&member("Max Brun")).await?;
        let waiting = console.browser.find_all(fantoccini::Locator::XPath(&invited("max@example.ch"))).await?;
        assert!(waiting.is_empty(), "the accepted invitation left the table");

        // Max becomes an administrator.
        console.button_in(&member("Max Brun"), "Actions for Max Brun").await?.click().await?;
        console.choose("New role for Max Brun", "Administrator").await?;
        console.button_in(&member("Max Brun"), "Change role").await?.click().await?;
        console.wait_for_text("Max Brun is now Administrator.").await?;

        // The last owner cannot leave, and the page says why before any click (R-ROLE-3).
        console.button_in(&member("Lea Keller"), "Actions for Lea Keller").await?.click().await?;
        let leave = console.button_in(&member("Lea Keller"), "Remove from organization").await?;
        assert_eq!(reason(console, &leave).await?, english.err_last_owner);

        // A third member, to be acted on by Max.
        let token = console.api().log_in("lea@example.ch", DEMO_PASSWORD, None).await?;
        let lea = console.api().with_token(Some(token.access_token));
        let account_id = lea.accounts().await?[0].id;
        let zoe = InvitationRequest {
            email: "zoe@example.ch".into(),
            first_name: "Zoe".into(),
            last_name: "Favre".into(),
            locale: "en_GB".into(),
            role_type: Role::Normal,
            notifications: Default::default(),
            permissions: Default::default(),
            teams: vec![],
            product_ids: vec![],
        };
        let sent = lea.invite(account_id, &zoe).await?;
        let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).unwrap_or_default().to_string();
        let accept = AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
        console.api().accept_invitation(&key, &accept).await?;

        // Max, administrator, cannot make anyone owner (R-ROLE-2): not offered when inviting,
        // refused with the rule's sentence on a row, and Lea's row is not his to change.
        // (His tour is put aside: it is tested on its own.)
        let token = console.api().log_in("max@example.ch", DEMO_PASSWORD, None).await?;
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        console.api().with_token(Some(token.access_token)).set_onboarding(&dismissed).await?;
        max.open("/users").await?;
        max.wait_for(&member("Zoe Favre")).await?;
        max.press("Invite a user").await?;
        let offered = max.browser.find_all(fantoccini::Locator::XPath("//select[@id='invite-role']/option")).await?;
        let mut roles = vec![];
        for option in offered {
            roles.push(option.text().await?);
        }
        assert!(!roles.is_empty() && !roles.iter().any(|r| r == "Legal representative"), "offered: {roles:?}");
        max.button_in(&member("Lea Keller"), "Actions for Lea Keller").await?.click().await?;
        let lea_role = max.button_in(&member("Lea Keller"), "Change role").await?;
        assert_eq!(reason(&max, &lea_role).await?, english.denied_only_owner_manages_owners);
        max.button_in(&member("Zoe Favre"), "Actions for Zoe Favre").await?.click().await?;
        max.choose("New role for Zoe Favre", "Legal representative").await?;
        max.button_in(&member("Zoe Favre"), "Change role").await?.click().await?;
        let refused = max.wait_for("//p[@role='alert']").await?.text().await?;
        assert_eq!(refused, english.err_only_owner_manages_owners);
        assert_eq!(
            lea.account_users(account_id, 1, 10, None)
                .await?
                .items
                .iter()
                .filter(|u| u.role_type == Role::Owner)
                .count(),
            1
        );

        // Lea removes Max, after a confirmation (R-USER-3).
        console.open("/users").await?;
        console.button_in(&member("Max Brun"), "Actions for Max Brun").await?.click().await?;
        console.button_in(&member("Max Brun"), "Remove from organization").await?.click().await?;
        console.button_in(&member("Max Brun"), "Yes, remove").await?.click().await?;
        console.wait_for_text("Max Brun was removed from the organization.").await?;
        let mut left: Vec<String> =
            lea.account_users(account_id, 1, 10, None).await?.items.into_iter().map(|u| u.email).collect();
        left.sort();
        assert_eq!(left, ["lea@example.ch", "zoe@example.ch"]);
        console.assert_accessible("users with an invitation").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn r_user_2_an_invitation_is_sent_again_or_cancelled_from_its_row() {
    // R-USER-2
    Console::run_demo("invitation_rows", async |console| {
        console.sign_up_and_log_in("lea@example.ch", "Lea", "Keller").await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Users']").await?;
        for email in ["ana@example.ch", "ben@example.ch"] {
            console.press("Invite a user").await?;
            console.fill("Email", email).await?;
            console.fill("First name", "Someone").await?;
            console.fill("Last name", "Else").await?;
            console.press("Send the invitation").await?;
            console.wait_for(&invited(email)).await?;
        }
        let first_link = console.mailed_link("ana@example.ch", "/invitations/").await?;

        console.button_in(&invited("ana@example.ch"), "Actions for ana@example.ch").await?.click().await?;
        console.button_in(&invited("ana@example.ch"), "Send again").await?.click().await?;
        console.wait_for_text("The invitation to ana@example.ch was sent again").await?;
        let new_link = console.mailed_link("ana@example.ch", "/invitations/").await?;
        assert_ne!(first_link, new_link, "a new link");
        console.open(&first_link).await?;
        console.wait_for_text("This link leads to no invitation").await?;
        console.open("/users").await?;

        console.button_in(&invited("ben@example.ch"), "Actions for ben@example.ch").await?.click().await?;
        console.button_in(&invited("ben@example.ch"), "Cancel the invitation").await?.click().await?;
        console.wait_for_text("The invitation to ben@example.ch was cancelled").await?;
        console.wait_for(&invited("ana@example.ch")).await?;
        let gone = console.browser.find_all(fantoccini::Locator::XPath(&invited("ben@example.ch"))).await?;
        assert!(gone.is_empty(), "the cancelled invitation left the table");
        let ben_link = console.mailed_link("ben@example.ch", "/invitations/").await?;
        console.open(&ben_link).await?;
        console.wait_for_text("This invitation was cancelled.").await?;
        Ok(())
    })
    .await;
}
