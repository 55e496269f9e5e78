//! `Partner program` (R-PART-1, R-PART-2) in the browser against the real server: a new
//! Organization meets none of the partner's requirements, each is listed as missing and
//! `Join as partner` says why it is disabled; joining as affiliate works, after which
//! partner is refused for R-PART-2's reason.

use e2e::Console;

#[tokio::test]
async fn r_part_the_requirements_are_listed_and_affiliate_excludes_partner() {
    Console::run("partner_program", async |console| {
        console.sign_up_and_log_in("pia@example.ch", "Pia", "Roth").await?;
        console.click("//nav//a[normalize-space()='Partner program']").await?;
        console.wait_for("//main//h1[normalize-space()='Partner program']").await?;
        // R-PART-1: every requirement, each with its state; the total in the locale's format.
        let missing = "//ul[@class='requirements']/li[@class='missing']";
        console.wait_for(&format!("({missing})[3]")).await?;
        console.wait_for(&format!("{missing}[contains(., 'CHF') or contains(., '€')][contains(., 'a year')]")).await?;
        let partner = "//button[normalize-space()='Join as partner']";
        console.wait_for(&format!("{partner}[@disabled]")).await?;
        console.wait_for("//span[@id='join-partner-why'][contains(., 'Not every requirement is met')]").await?;
        console.assert_accessible("the partner program").await?;

        console.press("Join as affiliate").await?;
        console.wait_for_text("Welcome to the program.").await?;
        console.wait_for_text("This organization is in the program: Affiliate").await?;
        // R-PART-2: never both.
        console
            .wait_for("//span[@id='join-partner-why'][contains(., 'cannot be partner and affiliate at once')]")
            .await?;
        console.wait_for("//button[normalize-space()='Join as affiliate'][@disabled]").await?;
        console.wait_for("//span[@id='join-affiliate-why'][contains(., 'in this program already')]").await?;
        Ok(())
    })
    .await;
}
