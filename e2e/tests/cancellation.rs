//! Cancelling a product in the browser (R-CAN-*), against the real server with its demo data:
//! asked on the product's page, confirmed on the page the mailed link opens.

use domain::lifecycle::ProductStatus;
use e2e::{literal, Console};

#[tokio::test]
async fn a_product_is_cancelled_by_the_mailed_link_and_nothing_ends_before() {
    Console::run_demo("cancel_product", async |console| {
        console.log_in_as_demo_user().await?;
        let api = console.demo_api().await?;
        let company = e2e::account_id(&api, "Demo Company SA").await?;
        console.click("//nav//a[normalize-space()='Products']").await?;
        console.click(&format!("//table//a[normalize-space()={}]", literal("Team drive"))).await?;
        console.wait_for("//h1[normalize-space()='Team drive']").await?;
        console.wait_for("//section/h2[normalize-space()='Cancellation']").await?;
        console.press("Cancel this product").await?;
        console
            .wait_for_text(&format!(
                "We sent the confirmation link to {}. Nothing changes until you follow it.",
                e2e::DEMO_USER.0
            ))
            .await?;
        console.assert_accessible("a product with its cancellation asked").await?;
        // R-CAN-1: asked only.
        let query = api::ProductQuery { search: Some("Team drive".into()), ..Default::default() };
        let drive = api.products(company, &query).await?.items.remove(0);
        assert_eq!(drive.status, ProductStatus::Active);

        // The link, opened as a person opens it from their mail.
        let link = console.mailed_link(e2e::DEMO_USER.0, "/cancellations/").await?;
        console.open(&link).await?;
        console.wait_for("//h1[normalize-space()='Cancel Team drive']").await?;
        console.wait_for_text("Team drive (Demo Company SA) ends now, with its backups").await?;
        console.assert_accessible("the cancellation link's page").await?;
        console.press("Confirm the cancellation").await?;
        console.wait_for_text("Team drive was cancelled. Still due: CHF 0.00.").await?;
        let drive = api.product(company, drive.id).await?;
        assert_eq!((drive.status, drive.auto_renewal.enabled), (ProductStatus::Terminated, false));

        // The product's page says it ended, and cannot be cancelled again.
        console.open(&format!("/products/{}", drive.id)).await?;
        console.wait_for("//h1[normalize-space()='Team drive']").await?;
        console.wait_for("//td[normalize-space()='Cancelled']").await?;
        let button = console.wait_for("//button[normalize-space()='Cancel this product']").await?;
        assert_eq!(button.attr("disabled").await?.as_deref(), Some("true"));
        console.wait_for("//p[@id='cancel-reason'][normalize-space()='This product has ended.']").await?;
        // The link a second time: the page says when it was confirmed; nothing to press.
        console.open(&link).await?;
        console.wait_for_text("This cancellation was confirmed on").await?;
        let confirm = console.wait_for("//button[normalize-space()='Confirm the cancellation']").await?;
        assert_eq!(confirm.attr("hidden").await?.as_deref(), Some("true"));
        Ok(())
    })
    .await;
}
