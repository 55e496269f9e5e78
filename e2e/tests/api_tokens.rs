//! Issue 9, journey 6: a personal API token made on the page, used to call the API, revoked,
//! and refused after (R-API-4).

use e2e::{literal, Console, DEMO_PASSWORD};

/// The row of the tokens' table for `name`.
fn token_row(name: &str) -> String {
    format!("//table[caption='Your API tokens']//tr[th[normalize-space()={}]]", literal(name))
}

#[tokio::test]
async fn journey_6_create_an_api_token_call_the_api_with_it_revoke_it_and_see_it_refused() {
    // R-API-4
    Console::run("journey_api_tokens", async |console| {
        console.sign_up_and_log_in("lea@example.ch", "Lea", "Keller").await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='API tokens']").await?;
        console.wait_for_path("/api-tokens").await?;
        console.wait_for_text("You have no API tokens.").await?;

        // The page refuses before sending what it can check, and the server the password.
        console.press("Create a token").await?;
        console.wait_for("//p[@id='name-error' and normalize-space()]").await?;
        console.wait_for("//p[@id='scopes-error' and normalize-space()='Choose at least one.']").await?;
        console.fill("Token name", "Inventory script").await?;
        console.click("//input[@id='scope-products']").await?;
        console.choose("Expires", "In 30 days").await?;
        console.fill("Your password", "not my password").await?;
        console.press("Create a token").await?;
        console
            .wait_for("//p[@id='password-error' and normalize-space()='This is not the password of your account.']")
            .await?;

        console.fill("Your password", DEMO_PASSWORD).await?;
        console.press("Create a token").await?;
        console.wait_for_text("Token Inventory script created. Copy it now").await?;
        let secret = console.wait_for("//code[@class='secret']").await?.text().await?;
        assert!(secret.len() >= 32, "a real secret: {secret}");
        console.wait_for(&token_row("Inventory script")).await?;
        let last_used = console.wait_for(&format!("{}/td[4]", token_row("Inventory script"))).await?.text().await?;
        assert_eq!(last_used, "Never");

        // The token calls the API as Lea, within its scope only.
        let script = console.api().with_token(Some(secret.clone()));
        let lea_api = {
            let token = console.api().log_in("lea@example.ch", DEMO_PASSWORD, None).await?;
            console.api().with_token(Some(token.access_token))
        };
        let account = lea_api.accounts().await?[0].id;
        let products = script.products(account, &Default::default()).await?;
        assert_eq!(products.total, 0);
        let refused = script.accounts().await.expect_err("outside its scope");
        assert!(matches!(refused, api::ClientError::Api { status: 403, .. }), "{refused:?}");
        console.open("/api-tokens").await?;
        let used = console.wait_for(&format!("{}/td[4]", token_row("Inventory script"))).await?.text().await?;
        assert_ne!(used, "Never", "its last use is shown");
        console.assert_accessible("api tokens").await?;

        // Revoked from its row: the next call is refused.
        console
            .click(&format!(
                "{}//button[normalize-space()='Actions for Inventory script']",
                token_row("Inventory script")
            ))
            .await?;
        console
            .click(&format!("{}//button[normalize-space()='Revoke the token']", token_row("Inventory script")))
            .await?;
        console.wait_for_text("Inventory script was revoked").await?;
        console.wait_for_text("You have no API tokens.").await?;
        let after = script.products(account, &Default::default()).await.expect_err("revoked");
        assert!(matches!(after, api::ClientError::Api { status: 401, .. }), "{after:?}");
        Ok(())
    })
    .await;
}

/// The `Create an API token` guide: the page's link, the name, then `Create a token`.
#[tokio::test]
async fn the_api_token_guide_ends_when_the_token_is_created() {
    Console::run("guide_api_token", async |console| {
        console.sign_up_and_log_in("uma@example.ch", "Uma", "Frei").await?;
        console.press("Help").await?;
        console.press("Create an API token").await?;
        let step =
            |title: &'static str| format!("//aside[@aria-labelledby='guide-title']//h2[normalize-space()='{title}']");
        console.wait_for(&step("Open API tokens")).await?;
        console.click("//nav//a[normalize-space()='API tokens']").await?;
        console.wait_for(&step("Name it")).await?;
        console.fill("Token name", "Backups").await?;
        // Leaving the field (a change) moves the guide on.
        console.click("//input[@id='scope-billing']").await?;
        console.wait_for(&step("Choose and create")).await?;
        console.fill("Your password", DEMO_PASSWORD).await?;
        console.click("//main//button[@type='submit'][normalize-space()='Create a token']").await?;
        console.wait_for_text("Token Backups created.").await?;
        let guide: serde_json::Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}
