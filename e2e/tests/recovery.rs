//! A forgotten password in the browser (R-REC-1), issue 9's journey 4: the link from the demo
//! outbox sets a new password, the old one fails, the link fails a second time.

use e2e::Console;

const EMAIL: &str = "vera@example.ch";
const NEW_PASSWORD: &str = "a much better passphrase";

#[tokio::test]
async fn r_rec_1_the_mailed_link_sets_a_new_password_once_and_the_old_one_fails() {
    Console::run_demo("forgot_password", async |console| {
        console.sign_up(EMAIL, "Vera", "Baumann").await?;
        console.open("/login").await?;
        console.click("//a[normalize-space()='Forgot your password?']").await?;
        console.wait_for("//h1[normalize-space()='Forgot your password']").await?;
        console.fill("Email", EMAIL).await?;
        console.press("Send the link").await?;
        console.wait_for_text(&format!("If an account uses {EMAIL}, a link is on its way to it.")).await?;
        console.assert_accessible("forgot password, sent").await?;

        let link = console.mailed_link(EMAIL, "/password/reset/").await?;
        console.open(&link).await?;
        console.wait_for("//h1[normalize-space()='Set a new password']").await?;
        console.fill("New password", "short").await?;
        console.press("Set the password").await?;
        console.wait_for("//*[@id='password-error'][contains(., '10 characters')]").await?;
        console.fill("New password", NEW_PASSWORD).await?;
        console.press("Set the password").await?;
        console.wait_for_text("Your password was changed and every session was ended.").await?;
        console.assert_accessible("reset password, done").await?;

        // The old password fails; the new one opens the console.
        let old = console.api().log_in(EMAIL, e2e::DEMO_PASSWORD, None).await;
        assert!(old.is_err(), "the old password no longer works");
        console.open("/login").await?;
        console.fill("Email", EMAIL).await?;
        console.fill("Password", NEW_PASSWORD).await?;
        console.press("Log in").await?;
        console.wait_for_path("/").await?;

        // The link a second time says why it no longer works.
        console.open(&link).await?;
        console.fill("New password", "yet another passphrase").await?;
        console.press("Set the password").await?;
        console.wait_for_text("This link was used already or is more than an hour old.").await?;
        Ok(())
    })
    .await;
}
