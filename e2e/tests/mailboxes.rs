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
        let order = api::OrderRequest {
            items: vec![api::OrderItemRequest {
                service_name: "email_hosting".into(),
                customer_name: "assoziation.ch".into(),
                period_months: 12,
            }],
            payment: Some(api::PaymentChoice { kind: Some(api::MethodType::Twint), ..Default::default() }),
            use_prepaid: false,
        };
        let service = demo.order(company, &order).await?.product_ids[0];
        let mailbox = api::NewMailboxRequest { address: ANNA.into(), password: MAILBOX_PASSWORD.into() };
        demo.create_mailbox(company, service, &mailbox).await?;
        let invitation = api::InvitationRequest {
            email: ANNA.into(),
            first_name: "Anna".into(),
            last_name: "Keller".into(),
            locale: "en_GB".into(),
            role_type: api::Role::Normal,
            notifications: Default::default(),
            permissions: Default::default(),
            teams: vec![],
        };
        let sent = demo.invite(company, &invitation).await?;
        let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).unwrap_or_default().to_string();
        let accept = api::AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
        console.api().accept_invitation(&key, &accept).await?;
        let token = console.api().log_in(ANNA, DEMO_PASSWORD, None).await?;
        let anna = console.api().with_token(Some(token.access_token));
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        anna.set_onboarding(&dismissed).await?;
        // She may change the service's passwords: it is given to her (R-ROLE-4).
        let give = api::UpdateAccountUserRequest { product_ids: Some(vec![service]), ..Default::default() };
        demo.update_account_user(company, token.user_id, &give).await?;

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
