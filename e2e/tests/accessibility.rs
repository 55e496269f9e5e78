//! Every page, in each of its states, checked with axe-core against WCAG 2.1 A and AA.

use e2e::Console;

#[tokio::test]
async fn the_pages_signed_out_have_no_accessibility_violation() {
    Console::run("accessible_signed_out", async |console| {
        console.open("/login").await?;
        console.wait_for("//h1[normalize-space()='Log in']").await?;
        console.assert_accessible("log-in page").await?;
        console.press("Log in").await?;
        console.wait_for("//p[@role='alert']").await?;
        console.assert_accessible("log-in page with an error").await?;

        console.open("/signup").await?;
        console.wait_for("//h1[normalize-space()='Create an account']").await?;
        console.assert_accessible("sign-up page").await?;
        console.press("Create an account").await?;
        console.wait_for("//p[@role='alert' and @id='email-error']").await?;
        console.assert_accessible("sign-up page with field errors").await?;

        console.open("/no-such-page").await?;
        console.wait_for("//h1[normalize-space()='Page not found']").await?;
        console.assert_accessible("page not found").await
    })
    .await;
}

#[tokio::test]
async fn the_pages_signed_in_have_no_accessibility_violation() {
    Console::run("accessible_signed_in", async |console| {
        console.sign_up("ada@example.ch", "Ada", "Berg").await?;
        // First visit: the tutorial is open over the dashboard.
        console.log_in("ada@example.ch").await?;
        console.wait_for("//*[@role='dialog']").await?;
        console.assert_accessible("dashboard with the tutorial open").await?;
        console.press("Close").await?;
        console.wait_for("//h1[normalize-space()='Your organizations']").await?;
        console.wait_for_text("Ada Berg").await?;
        console.assert_accessible("dashboard with data").await?;

        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for("//h1[normalize-space()='Users']").await?;
        console.wait_for_text("ada@example.ch").await?;
        console.assert_accessible("users page").await?;

        console.open("/organizations/new").await?;
        console.wait_for("//h1[normalize-space()='Create an organization']").await?;
        console.assert_accessible("new organization page").await
    })
    .await;
}

#[tokio::test]
async fn the_check_can_fail_it_names_a_violation_when_there_is_one() {
    // The check above proves something only if it can fail: an image without a text
    // alternative and a field without a label are found and named.
    Console::run("accessibility_check_fails", async |console| {
        console.open("/login").await?;
        console.wait_for("//h1[normalize-space()='Log in']").await?;
        let spoil = "const img = document.createElement('img'); img.src = '/nothing.png';
            document.querySelector('main').appendChild(img);
            document.querySelector('main').appendChild(document.createElement('input'));";
        console.browser.execute(spoil, vec![]).await?;
        let found = console.assert_accessible("spoiled log-in page").await.expect_err("violations are found");
        let found = found.to_string();
        assert!(found.contains("\"image-alt\"") && found.contains("\"label\""), "{found}");
        Ok(())
    })
    .await;
}
