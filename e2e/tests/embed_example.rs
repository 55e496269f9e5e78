//! The example app of `examples/embed`, a Leptos app of its own, embeds the Organization
//! switcher and the user table: they work against the demo server with only the session (the
//! API client) in context.

use e2e::Console;

#[tokio::test]
async fn another_leptos_app_embeds_the_switcher_and_the_user_table() {
    Console::run_embed_example("embed_example", async |console| {
        console.open("/").await?;
        console.wait_for("//h1[normalize-space()=\"My own app, with the console's components\"]").await?;
        console.press("Log in as the demo user").await?;
        // The demo data's Organization, and its members in the embedded table.
        let switcher = console.wait_for("//button[starts-with(normalize-space(), 'Organization: ')]").await?;
        assert!(switcher.text().await?.len() > "Organization: ".len());
        console.wait_for("//table//td[normalize-space()='demo@example.com']").await?;
        console.assert_accessible("the example app with the embedded components").await?;
        Ok(())
    })
    .await;
}
