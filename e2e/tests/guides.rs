//! In-app guides (UI.md, Guides): chosen from the `Help` menu, played on the real pages; each
//! step marks its control and moves on when the person uses it.

use e2e::Console;
use serde_json::Value;

/// The guide's current step title.
async fn step_title(console: &Console, title: &str) -> e2e::Outcome {
    console.wait_for(&format!("//aside[@aria-labelledby='guide-title']//h2[normalize-space()='{title}']")).await?;
    Ok(())
}

/// The marked control's visible name (or, for a field, its id), once one is marked.
async fn marked(console: &Console) -> Result<String, Box<dyn std::error::Error>> {
    console.wait_for("//*[contains(concat(' ', @class, ' '), ' tour-target ')]").await?;
    let name = console
        .browser
        .execute(
            "const e = document.querySelector('.tour-target');
             return ['SELECT', 'INPUT'].includes(e.tagName) ? e.id : e.textContent.trim();",
            vec![],
        )
        .await?;
    Ok(name.as_str().unwrap_or_default().to_string())
}

async fn focused_id_or_text(console: &Console) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(console
        .browser
        .execute("const e = document.activeElement; return e.id || e.textContent.trim();", vec![])
        .await?)
}

#[tokio::test]
async fn the_add_a_user_guide_walks_the_users_page_and_moves_on_as_each_control_is_used() {
    Console::run("guide_add_user", async |console| {
        console.sign_up_and_log_in("gia@example.ch", "Gia", "Moser").await?;
        console.press("Help").await?;
        console.press("Add a user").await?;

        // Step 1: the guide goes to Users and marks its link, which gets the focus.
        step_title(console, "Open Users").await?;
        console.wait_for_path("/users").await?;
        assert_eq!(marked(console).await?, "Users");
        assert_eq!(focused_id_or_text(console).await?, "Users");
        console.assert_accessible("users page with a guide open").await?;
        console.click("//nav//a[normalize-space()='Users']").await?;

        // Step 2: using `Invite a user` moves on to the role.
        step_title(console, "Invite").await?;
        assert_eq!(marked(console).await?, "Invite a user");
        console.press("Invite a user").await?;
        step_title(console, "Choose the role").await?;
        assert_eq!(marked(console).await?, "invite-role");
        console.choose("Role", "Administrator").await?;

        // Step 4, the last: Finish ends the guide and unmarks the page.
        step_title(console, "Send").await?;
        assert_eq!(marked(console).await?, "Send the invitation");
        console.press("Finish").await?;
        let left: Value = console
            .browser
            .execute("return document.querySelectorAll('aside.guide, .tour-target').length;", vec![])
            .await?;
        assert_eq!(left, 0, "the guide is gone and nothing stays marked");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_create_an_organization_guide_opens_the_switcher_and_ends_on_the_form() {
    Console::run("guide_new_organization", async |console| {
        console.sign_up_and_log_in("oli@example.ch", "Oli", "Baer").await?;
        console.press("Help").await?;
        console.press("Create an organization").await?;
        step_title(console, "Open the list").await?;
        assert!(marked(console).await?.starts_with("Organization: "));
        console.click("//button[starts-with(normalize-space(), 'Organization: ')]").await?;
        step_title(console, "Create").await?;
        assert_eq!(marked(console).await?, "Create an organization");
        console.click("//ul[@id='organization-list']//a[normalize-space()='Create an organization']").await?;
        console.wait_for_path("/organizations/new").await?;
        console.wait_for("//h1[normalize-space()='Create an organization']").await?;
        let guide: Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");

        // Esc closes a guide from the keyboard.
        console.press("Help").await?;
        console.press("Add a user").await?;
        step_title(console, "Open Users").await?;
        console
            .browser
            .execute(
                "document.querySelector('aside.guide').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));",
                vec![],
            )
            .await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await? != 0 {
            assert!(std::time::Instant::now() < deadline, "Esc did not close the guide");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Ok(())
    })
    .await;
}

/// The top-up guide on the real prepaid page (with the demo data: a saved card to pay with):
/// it opens the page, marks `Top up`, and ends when the top-up is sent.
#[tokio::test]
async fn the_top_up_guide_opens_the_prepaid_account_and_ends_when_topping_up() {
    Console::run_demo("guide_top_up", async |console| {
        console.log_in_as_demo_user().await?;
        console.press("Help").await?;
        console.press("Top up the prepaid account").await?;
        step_title(console, "Open the prepaid account").await?;
        console.wait_for_path("/prepaid").await?;
        assert_eq!(marked(console).await?, "Prepaid account");
        console.click("//nav//a[normalize-space()='Prepaid account']").await?;
        step_title(console, "Top up").await?;
        assert_eq!(marked(console).await?, "Top up");
        console.assert_accessible("prepaid account with a guide open").await?;
        console.fill("Amount", "5.00").await?;
        console.press("Top up").await?;
        console.wait_for_text("CHF 5.00 added").await?;
        let guide: Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}

/// The `Pay a selection` guide: Renewals, `Select all` (a checkbox, found by its name), then
/// `Pay selection`, which opens the payment form and ends the guide.
#[tokio::test]
async fn the_pay_a_selection_guide_selects_the_renewals_and_opens_the_payment() {
    Console::run_demo("guide_pay_selection", async |console| {
        console.log_in_as_demo_user().await?;
        console.press("Help").await?;
        console.press("Pay a selection").await?;
        step_title(console, "Open Renewals").await?;
        assert_eq!(marked(console).await?, "Renewals");
        console.click("//nav//a[normalize-space()='Renewals']").await?;
        step_title(console, "Select").await?;
        console
            .wait_for("//input[@aria-label='Select all'][contains(concat(' ', @class, ' '), ' tour-target ')]")
            .await?;
        console.click("//input[@aria-label='Select all']").await?;
        step_title(console, "Pay").await?;
        assert_eq!(marked(console).await?, "Pay selection");
        console.assert_accessible("renewals with a guide open").await?;
        console.press("Pay selection").await?;
        console.wait_for("//form//h2[normalize-space()='Pay selection']").await?;
        let guide: Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}

/// The `Download an invoice` guide: Invoices, then `Download PDF` of the newest invoice (the
/// demo's top-up), which hands over the PDF and ends the guide.
#[tokio::test]
async fn the_download_an_invoice_guide_ends_with_the_pdf_downloaded() {
    Console::run_demo("guide_download_invoice", async |console| {
        console.log_in_as_demo_user().await?;
        console.press("Help").await?;
        console.press("Download an invoice").await?;
        step_title(console, "Open Invoices").await?;
        assert_eq!(marked(console).await?, "Invoices");
        console.click("//nav//a[normalize-space()='Invoices']").await?;
        step_title(console, "Download it").await?;
        assert_eq!(marked(console).await?, "Download PDF");
        console.assert_accessible("invoices with a guide open").await?;
        console.catch_downloads().await?;
        console.click("//button[contains(concat(' ', @class, ' '), ' tour-target ')]").await?;
        let (kind, text) = console.first_download().await?;
        assert!(kind == "application/pdf" && text.starts_with("%PDF-"), "a PDF: {kind}");
        let guide: Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}

/// The `Change a user's role` guide on the Users page: its second step marks the first row's
/// `Actions for <name>` (a name that carries the row), its third the `Change role` of the
/// menu that opened.
#[tokio::test]
async fn the_change_a_role_guide_opens_a_rows_actions_and_marks_change_role() {
    Console::run_demo("guide_change_role", async |console| {
        console.log_in_as_demo_user().await?;
        console.press("Help").await?;
        console.press("Change a user's role").await?;
        step_title(console, "Open Users").await?;
        assert_eq!(marked(console).await?, "Users");
        console.click("//nav//a[normalize-space()='Users']").await?;
        step_title(console, "Open the actions").await?;
        assert_eq!(marked(console).await?, "Actions for Ada Demo");
        console.click("//button[contains(concat(' ', @class, ' '), ' tour-target ')]").await?;
        step_title(console, "Change the role").await?;
        assert_eq!(marked(console).await?, "Change role");
        console.assert_accessible("users with the change-role guide open").await?;
        Ok(())
    })
    .await;
}

/// The `Cancel a product` guide: Products, then the first product that has not ended (the
/// demo's terminated `Old suite` is skipped), then its `Cancel this product`, which mails the
/// link and ends the guide.
#[tokio::test]
async fn the_cancel_a_product_guide_opens_a_product_and_ends_on_its_cancellation() {
    Console::run_demo("guide_cancel_product", async |console| {
        console.log_in_as_demo_user().await?;
        console.press("Help").await?;
        console.press("Cancel a product").await?;
        step_title(console, "Open Products").await?;
        assert_eq!(marked(console).await?, "Products");
        console.click("//nav//a[normalize-space()='Products']").await?;
        step_title(console, "Open the product").await?;
        assert_eq!(marked(console).await?, "shop.demo-company.ch");
        console.click("//a[contains(concat(' ', @class, ' '), ' tour-target ')]").await?;
        step_title(console, "Cancel it").await?;
        console.wait_for("//h1[normalize-space()='shop.demo-company.ch']").await?;
        assert_eq!(marked(console).await?, "Cancel this product");
        console.assert_accessible("a product with the cancel guide open").await?;
        console.click("//button[contains(concat(' ', @class, ' '), ' tour-target ')]").await?;
        console.wait_for_text(&format!("We sent the confirmation link to {}.", e2e::DEMO_USER.0)).await?;
        let guide: Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}
