//! The Products page and a product's detail in the browser, against the real server with its
//! demo data (Demo Company SA: seven products, from 45 days expired to 400 days away).

use e2e::{literal, Console};

/// The product names the table shows, in order (read in one step: the table is drawn again
/// when an answer arrives).
async fn shown(console: &Console) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let names = console
        .browser
        .execute("return [...document.querySelectorAll('table tbody tr th')].map(th => th.textContent.trim());", vec![])
        .await?;
    Ok(serde_json::from_value(names)?)
}

/// Waits until the table shows exactly `expected` (the answer of a search or filter arrives
/// after the click).
async fn wait_for_rows(console: &Console, expected: &[&str]) -> e2e::Outcome {
    for _ in 0..50 {
        if shown(console).await? == expected {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(format!("the table shows {:?}, not {expected:?}", shown(console).await?).into())
}

#[tokio::test]
async fn products_are_searched_filtered_and_open_on_their_detail() {
    Console::run_demo("products", async |console| {
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Products']").await?;
        console.wait_for("//caption[normalize-space()='Products of Demo Company SA']").await?;
        // Ordered by expiry, the expired first (R-RENEW-8: blocked, then terminated).
        let all = [
            "Old suite",
            "shop.demo-company.ch",
            "demo-company.ch",
            "mail.demo-company.ch",
            "www.demo-company.ch",
            "Team drive",
            "Backups",
        ];
        wait_for_rows(console, &all).await?;
        console.wait_for_text("Page 1 of 1").await?;
        let next = console.wait_for("//nav[@aria-label='Pages']//button[normalize-space()='Next page']").await?;
        assert_eq!(next.attr("disabled").await?.as_deref(), Some("true"), "one page only");
        console.assert_accessible("products").await?;

        // A search by part of the name.
        console.fill("Search", "shop").await?;
        console.press("Search").await?;
        wait_for_rows(console, &["shop.demo-company.ch"]).await?;
        console.fill("Search", "").await?;
        console.press("Search").await?;
        wait_for_rows(console, &all).await?;

        // Filters: by status (blocked within the 30 days of grace, terminated after), by type.
        console.choose("Status", "Blocked").await?;
        wait_for_rows(console, &["shop.demo-company.ch"]).await?;
        console.choose("Status", "Terminated").await?;
        wait_for_rows(console, &["Old suite"]).await?;
        console.choose("Status", "All statuses").await?;
        console.choose("Type", "Domain name").await?;
        wait_for_rows(console, &["demo-company.ch"]).await?;
        console.choose("Type", "All types").await?;
        console.fill("Search", "nothing like this").await?;
        console.press("Search").await?;
        console.wait_for_text("No product matches.").await?;
        console.fill("Search", "").await?;
        console.press("Search").await?;

        // The name opens the detail.
        let link = format!("//table//a[normalize-space()={}]", literal("www.demo-company.ch"));
        console.click(&link).await?;
        console.wait_for("//h1[normalize-space()='www.demo-company.ch']").await?;
        let facts = console.wait_for("//dl").await?.text().await?;
        assert!(facts.contains("Active") && facts.contains("On"), "{facts}");
        console.wait_for_text("Nothing has happened to this product yet.").await?;
        console.assert_accessible("a product").await?;
        console.click("//a[normalize-space()='Back to products']").await?;
        console.wait_for("//caption[normalize-space()='Products of Demo Company SA']").await?;
        Ok(())
    })
    .await;
}
