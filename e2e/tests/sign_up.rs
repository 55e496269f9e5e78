//! Sign up, log in and see the new Organization: the walking skeleton through every layer.

use e2e::Console;

#[tokio::test]
async fn r_acc_2_signing_up_lands_in_the_console_with_the_new_organization_and_its_owner_role() {
    // R-ACC-2: signing up creates an Organization named after the person, with them as owner;
    // the person is signed in at once, without typing the password a second time.
    Console::run("sign_up_lands_in_the_console", async |console| {
        console.open("/signup").await?;
        console.fill("First name", "Lea").await?;
        console.fill("Last name", "Keller").await?;
        console.fill("Email", "lea@example.ch").await?;
        console.fill("Password", "a long enough password").await?;
        console.press("Create an account").await?;

        console.wait_for_path("/").await?;
        let notice = console.wait_for_text("Your account is ready").await?;
        assert_eq!(notice.attr("role").await?.as_deref(), Some("status"));
        let row =
            console.wait_for("//table[caption[normalize-space()='Organizations you belong to']]//tbody/tr").await?;
        let cells = row.find_all(fantoccini::Locator::XPath("./*")).await?;
        let mut texts = vec![];
        for cell in cells {
            texts.push(cell.text().await?);
        }
        assert_eq!(texts, ["Lea Keller", "Legal representative", "1"]);

        // A reload keeps the session (the token is in localStorage).
        console.browser.refresh().await?;
        console.wait_for_text("Lea Keller").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_short_password_is_refused_in_the_browser_before_anything_is_sent() {
    // The domain crate's password rule runs in the browser: the error shows, no account exists.
    Console::run("short_password", async |console| {
        console.open("/signup").await?;
        console.fill("First name", "Max").await?;
        console.fill("Last name", "Short").await?;
        console.fill("Email", "max@example.ch").await?;
        console.fill("Password", "too short").await?;
        console.press("Create an account").await?;

        let alert = console.wait_for("//p[@role='alert' and @id='password-error']").await?;
        assert_eq!(alert.text().await?, "Use at least 10 characters; this password has 9.");
        let field = console.field("Password").await?;
        assert_eq!(field.attr("aria-invalid").await?.as_deref(), Some("true"));
        assert_eq!(field.attr("aria-describedby").await?.as_deref(), Some("password-hint password-error"));
        assert_eq!(console.browser.current_url().await?.path(), "/signup");
        let focused = console.browser.active_element().await?;
        assert_eq!(focused.attr("id").await?.as_deref(), Some("password"), "focus moves to the field to fix");

        let login = console.api().log_in("max@example.ch", "too short", None).await;
        assert_eq!(login.unwrap_err().code(), Some("invalid_grant"), "no account was created");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_is_announced_on_the_log_in_page() {
    Console::run("wrong_password", async |console| {
        let registration = api::RegisterRequest {
            email: "eva@example.ch".into(),
            password: "the right password".into(),
            first_name: "Eva".into(),
            last_name: "Roth".into(),
            ..Default::default()
        };
        console.api().register(&registration).await?;

        console.open("/login").await?;
        console.fill("Email", "eva@example.ch").await?;
        console.fill("Password", "not the password").await?;
        console.press("Log in").await?;
        let alert = console.wait_for("//p[@role='alert']").await?;
        assert_eq!(alert.text().await?, "The email or the password is wrong.");
        assert_eq!(console.browser.current_url().await?.path(), "/login");
        Ok(())
    })
    .await;
}
