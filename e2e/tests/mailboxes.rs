//! Mailboxes in webmail on Security (R-ID-1, R-ID-2), against the demo data: a collaborator
//! whose login is a mailbox of her Organization's Mail Service uses it in webmail by its own
//! password (a wrong one said without telling which of the two was wrong), sees that it has a
//! password of its own, and unifies it with her login's.

use e2e::{literal, Console, DEMO_PASSWORD};

const ANNA: &str = "anna@assoziation.ch";
const MAILBOX_PASSWORD: &str = "the mailbox's own password";

#[tokio::test]
async fn r_id_2_a_mailbox_used_in_webmail_is_unified_with_the_login_password() {
    Console::run_demo("mailboxes", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        let service = e2e::order_mail_service(&demo, company, "assoziation.ch").await?;
        let mailbox = api::NewMailboxRequest { address: ANNA.into(), password: MAILBOX_PASSWORD.into() };
        demo.create_mailbox(company, service, &mailbox).await?;
        let (anna, anna_id) = e2e::join_as_collaborator(console, &demo, company, ANNA, ("Anna", "Keller")).await?;
        // She may change the service's passwords: it is given to her (R-ROLE-4).
        let give = api::UpdateAccountUserRequest { product_ids: Some(vec![service]), ..Default::default() };
        demo.update_account_user(company, anna_id, &give).await?;

        console.log_in(ANNA).await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.wait_for_text("You use no mailbox in webmail.").await?;
        console.fill("Mailbox address", ANNA).await?;
        console.fill("Mailbox password", DEMO_PASSWORD).await?;
        console.press("Use in webmail").await?;
        console.wait_for_text("The address or the mailbox password is wrong.").await?;
        console.fill("Mailbox password", MAILBOX_PASSWORD).await?;
        console.press("Use in webmail").await?;
        console.wait_for_text(&format!("{ANNA} is now in your webmail.")).await?;
        let card = format!("//div[@role='group'][@aria-label={}]", literal(ANNA));
        console.wait_for(&format!("{card}[contains(., 'It has its own password.')]")).await?;
        console.assert_accessible("security with a mailbox").await?;

        console.fill("Your login password", DEMO_PASSWORD).await?;
        console.press(&format!("Use my login password for {ANNA}")).await?;
        console.wait_for_text(&format!("{ANNA} now has your login password.")).await?;
        console.wait_for(&format!("{card}[contains(., 'the same password as your login')]")).await?;
        let listed = anna.my_mailboxes().await?;
        assert!(listed[0].unified, "unified on the server");
        Ok(())
    })
    .await;
}
