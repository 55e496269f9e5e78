//! `/gallery`: every embeddable component alone, with sample data, accessible.

use e2e::Console;

#[tokio::test]
async fn the_gallery_shows_each_embeddable_component_with_sample_data() {
    Console::run("gallery", async |console| {
        console.open("/gallery").await?;
        console.wait_for("//h1[normalize-space()='Component gallery']").await?;

        // The switcher lists the sample Organizations and switches among them, on this page only.
        console.click("//button[normalize-space()='Organization: Acme SA']").await?;
        console.click("//ul[@id='organization-list']//button[normalize-space()='Beta Sàrl']").await?;
        console.wait_for("//button[normalize-space()='Organization: Beta Sàrl']").await?;

        // The role picker offers the four roles; the user table shows the sample members, and
        // the rules already disable what "me" (the legal representative Ada) may not do.
        for role in ["Legal representative", "Administrator", "Collaborator", "External"] {
            console.wait_for(&format!("//select[@id='gallery-role']/option[normalize-space()='{role}']")).await?;
        }
        console.wait_for("//caption[normalize-space()='Users of Acme SA']").await?;
        for name in ["Ada Keller", "Ben Rossi", "Cleo Martin", "Dario Weber"] {
            console.wait_for(&format!("//tbody/tr[th[normalize-space()='{name}']]")).await?;
        }
        let own = console.button_in("//tbody/tr[th[normalize-space()='Ada Keller']]", "Change role").await?;
        assert_eq!(own.attr("disabled").await?.as_deref(), Some("true"), "R-ROLE-6: not one's own role");

        // The renewals table: the product 9 days from expiry cannot get auto-renewal, and says
        // why (R-RENEW-3); the one 40 days away can; rows are selected one by one or all.
        console.wait_for("//caption[normalize-space()='Renewals of Acme SA']").await?;
        let close = console
            .button_in("//tbody/tr[th[starts-with(normalize-space(), 'acme.example')]]", "Turn auto-renewal on")
            .await?;
        assert_eq!(close.attr("disabled").await?.as_deref(), Some("true"), "R-RENEW-3: 9 days is too close");
        let far = console
            .button_in("//tbody/tr[th[starts-with(normalize-space(), 'www.acme.example')]]", "Turn auto-renewal on")
            .await?;
        assert_eq!(far.attr("disabled").await?, None, "40 days away, with a saved card");
        console.click("//input[@aria-label='Select all']").await?;
        for name in ["acme.example", "www.acme.example", "Team drive"] {
            let row = console.wait_for(&format!("//input[@aria-label='Select {name}']")).await?;
            assert_eq!(row.prop("checked").await?.as_deref(), Some("true"), "{name} selected by Select all");
        }

        // The top-up form: the methods allowed in CHF (R-PAY-5), and an amount under the
        // minimum refused with the rule's sentence before anything is sent (R-PAY-6).
        for method in ["Visa •••• 4242", "PostFinance card", "Bank transfer"] {
            console.wait_for(&format!("//select[@id='top_up_method']/option[normalize-space()='{method}']")).await?;
        }
        console.fill("Amount", "0.05").await?;
        console.click("//section[h2='Top-up form']//button[normalize-space()='Top up']").await?;
        console.wait_for_text("A top-up is between CHF 0.10 and CHF 9,999.00.").await?;

        // The Help menu lists the guides; the tutorial, kept in the page, opens and closes.
        console.press("Help").await?;
        for guide in ["Add a user", "Pay a selection", "Cancel a product"] {
            console.wait_for(&format!("//ul[@id='guide-list']//button[normalize-space()='{guide}']")).await?;
        }
        console.press("Help").await?;
        console.press("Show the tutorial").await?;
        console.wait_for("//div[@role='dialog']//p[starts-with(normalize-space(), 'Step 1 of ')]").await?;
        console.assert_accessible("the component gallery with the tutorial open").await?;
        console.click("//div[@role='dialog']//button[normalize-space()='Close']").await?;
        let open: serde_json::Value =
            console.browser.execute("return document.querySelectorAll('[role=dialog]').length;", vec![]).await?;
        assert_eq!(open, 0, "closed");
        console.assert_accessible("the component gallery").await?;
        Ok(())
    })
    .await;
}
