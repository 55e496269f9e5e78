//! Issue 9, journey 5: Support access (R-SUP-*) in the browser against the demo server: a
//! switch per kind of content with the date it closes; the demo clock moved 8 days closes it.

use domain::language::Language;
use e2e::{literal, Console};

/// The switch named `name` on the page (not the guides' controls of the Help menu).
fn switch(name: &str) -> String {
    format!("//main//button[@role='switch' and normalize-space()={}]", literal(name))
}

/// The text that describes the switch `name`: its state.
async fn state(console: &Console, name: &str) -> Result<String, Box<dyn std::error::Error>> {
    let button = console.wait_for(&switch(name)).await?;
    let id = button.attr("aria-describedby").await?.ok_or("a switch without its state")?;
    Ok(console.wait_for(&format!("//*[@id='{id}']")).await?.text().await?)
}

#[tokio::test]
async fn journey_5_support_access_opens_for_7_days_and_closes_by_itself() {
    // R-SUP-1, R-SUP-2, R-SUP-3
    Console::run_demo("journey_support_access", async |console| {
        let english = app::i18n::texts_of(Language::En);
        console.log_in_as_demo_user().await?;
        console.click("//nav[@aria-label='Main']//a[normalize-space()='Support access']").await?;
        console.wait_for_path("/support-access").await?;
        assert_eq!(state(console, "Mail").await?, english.support_closed);
        // Demo Company SA's kSuite has ended: no kChat to share, and the switch says so.
        let kchat = console.wait_for(&switch("kChat")).await?;
        assert_eq!(kchat.attr("disabled").await?.as_deref(), Some("true"));
        assert_eq!(state(console, "kChat").await?, english.support_nothing_to_share);

        // On: open for 7 days, from the server's clock.
        console.click(&switch("Mail")).await?;
        console.wait_for_text("Support can read Mail until").await?;
        let on = console.wait_for(&format!("{}[@aria-checked='true']", switch("Mail"))).await?;
        assert_eq!(on.text().await?, "Mail");
        let api = console.demo_api().await?;
        let company = e2e::account_id(&api, "Demo Company SA").await?;
        let grants = api.support_accesses(company).await?;
        assert_eq!(grants.len(), 1, "one grant, of one kind (R-SUP-2)");
        let closes = Language::En
            .format_date(chrono::DateTime::from_timestamp(grants[0].expires_at, 0).unwrap_or_default().date_naive());
        assert_eq!(grants[0].expires_at - grants[0].created_at, 7 * 86_400);
        assert_eq!(state(console, "Mail").await?, format!("Open to Support until {closes}."));
        assert_eq!(state(console, "kDrive").await?, english.support_closed, "granting one kind grants nothing else");
        let row = "//table[caption[starts-with(normalize-space(), 'Support accesses you gave')]]//tr[th='Mail']";
        assert_eq!(console.wait_for(&format!("{row}/td[2]")).await?.text().await?, closes);
        assert_eq!(console.wait_for(&format!("{row}/td[3]")).await?.text().await?, english.grant_active);
        console.assert_accessible("support access open").await?;

        // Eight days on, it has closed by itself.
        console.move_clock(8).await?;
        console.browser.execute("localStorage.clear();", vec![]).await?;
        console.log_in_as_demo_user().await?;
        console.open("/support-access").await?;
        console.wait_for(&format!("{}[@aria-checked='false']", switch("Mail"))).await?;
        assert_eq!(state(console, "Mail").await?, english.support_closed);
        assert_eq!(console.wait_for(&format!("{row}/td[3]")).await?.text().await?, english.grant_expired);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn r_sup_3_a_switch_turned_off_closes_the_access_at_once() {
    // R-SUP-3
    Console::run_demo("support_access_off", async |console| {
        console.log_in_as_demo_user().await?;
        console.open("/support-access").await?;
        console.click(&switch("kDrive")).await?;
        console.wait_for(&format!("{}[@aria-checked='true']", switch("kDrive"))).await?;
        console.click(&switch("kDrive")).await?;
        console.wait_for_text("Support can no longer read kDrive.").await?;
        console.wait_for(&format!("{}[@aria-checked='false']", switch("kDrive"))).await?;
        let row = "//table[caption[starts-with(normalize-space(), 'Support accesses you gave')]]//tr[th='kDrive']";
        assert_eq!(console.wait_for(&format!("{row}/td[3]")).await?.text().await?, "Closed by you");
        Ok(())
    })
    .await;
}

/// The `Give Support access` guide: the page's link, then the `Mail` switch, which ends it.
#[tokio::test]
async fn the_support_access_guide_ends_when_a_switch_is_used() {
    Console::run_demo("guide_support_access", async |console| {
        console.log_in_as_demo_user().await?;
        console.press("Help").await?;
        console.press("Give Support access").await?;
        let marked = "//*[contains(concat(' ', @class, ' '), ' tour-target ')]";
        let step =
            |title: &'static str| format!("//aside[@aria-labelledby='guide-title']//h2[normalize-space()='{title}']");
        console.wait_for(&step("Open Support access")).await?;
        console.click("//nav//a[normalize-space()='Support access']").await?;
        console.wait_for(&step("Choose what Support may read")).await?;
        console.click(&format!("{marked}[@role='switch'][normalize-space()='Mail']")).await?;
        console.wait_for(&format!("{}[@aria-checked='true']", switch("Mail"))).await?;
        let guide: serde_json::Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}

/// R-SUP-1: a switch shares every item of its kind, past the hundred products a page of the
/// list holds: an Organization with 105 more kDrives grants them all.
#[tokio::test]
async fn r_sup_1_a_switch_shares_every_item_of_its_kind_past_the_first_hundred() {
    Console::run_demo("support_access_many", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        let twint = api::PaymentChoice { kind: Some(api::MethodType::Twint), ..Default::default() };
        for names in [1..=100, 101..=105] {
            let items = names
                .map(|n| api::OrderItemRequest {
                    service_name: "drive".into(),
                    customer_name: format!("Archive {n:03}"),
                    period_months: 1,
                })
                .collect();
            demo.order(company, &api::OrderRequest { items, payment: Some(twint.clone()), use_prepaid: false }).await?;
        }
        let query = api::ProductQuery { search: Some("Archive 105".into()), ..Default::default() };
        let last = demo.products(company, &query).await?.items.pop().ok_or("Archive 105")?;

        console.log_in_as_demo_user().await?;
        console.open("/support-access").await?;
        console.click(&switch("kDrive")).await?;
        console.wait_for_text("Support can read kDrive until").await?;
        let grants = demo.support_accesses(company).await?;
        assert_eq!(grants.len(), 1);
        assert!(grants[0].resource_ids.len() > 105, "every kDrive: {}", grants[0].resource_ids.len());
        assert!(grants[0].resource_ids.contains(&last.id), "the last by name too");
        Ok(())
    })
    .await;
}
