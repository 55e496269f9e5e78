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
        console.assert_accessible("the component gallery").await?;
        Ok(())
    })
    .await;
}
