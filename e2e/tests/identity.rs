//! Identity verification (kCheck, R-KC-*) in the browser, on the demo data: an order whose
//! name uses the provider's brand is paid and held (R-KC-1); the Orders page says where to
//! confirm the identity and the day it is cancelled otherwise (R-KC-3); Security takes the
//! document, refusing a file of another kind with the rule's sentence before sending it, and
//! says when what was sent is deleted (R-KC-2); accepted by the provider's staff (the demo
//! route), the order is paid and its product made.

use e2e::{account_id, literal, Console};

#[tokio::test]
async fn r_kc_1_a_held_order_is_released_once_the_identity_document_is_sent_and_accepted() {
    Console::run_demo("identity", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Orders']").await?;
        console.wait_for("//h1[normalize-space()='Orders']").await?;
        console.choose("Type", "Domain name").await?;
        console.wait_for("//select[@id='order_period']/option[normalize-space()='12 months · CHF 13.00']").await?;
        console.fill("Name", "infomaniak-help.ch").await?;
        console.choose("Payment method", "Visa •••• 4242").await?;
        console.press("Order").await?;
        let said = console.wait_for_text("is paid and held until your identity is confirmed").await?.text().await?;
        let held = api.orders(company).await?.into_iter().find(|o| o.status == "blocked").ok_or("a held order")?;
        assert!(said.contains(&format!("Order {} ", held.id)), "{said}");
        let row = format!("//tr[th[normalize-space()={}]]", literal(&format!("Order {}", held.id)));
        let cells = console.wait_for(&row).await?.text().await?;
        assert!(
            cells.contains("Blocked for an identity check") && cells.contains("Cancelled and refunded in full on"),
            "{cells}"
        );
        console.assert_accessible("orders with a held one").await?;

        console.click(&format!("{row}//a[normalize-space()='Confirm your identity']")).await?;
        console.wait_for("//h1[normalize-space()='Security']").await?;
        let card = format!(
            "//div[@role='group'][@aria-label={}]",
            literal(&format!("Order {} is held until your identity is confirmed.", held.id))
        );
        let text = console.wait_for(&card).await?.text().await?;
        assert!(text.contains("Nothing sent yet.") && text.contains("Unless it is confirmed"), "{text}");

        // A file of another kind: the rule's sentence, before anything is sent.
        let dir = tempfile::tempdir()?;
        let gif = dir.path().join("card.gif");
        std::fs::write(&gif, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")?;
        let png = dir.path().join("passport.png");
        std::fs::write(&png, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])?;
        console.choose("Document", "Passport").await?;
        console.field("Photo or PDF of the document").await?.send_keys(&gif.display().to_string()).await?;
        console.press("Send the document").await?;
        console.wait_for_text("Send a photo (JPEG or PNG) or a PDF.").await?;
        let check = &api.identity_checks().await?[0];
        assert_eq!(check.status, domain::kcheck::CheckStatus::Waiting, "nothing was sent");
        console.assert_accessible("security with a refused file").await?;

        console.field("Photo or PDF of the document").await?.send_keys(&png.display().to_string()).await?;
        console.press("Send the document").await?;
        console.wait_for_text("The document is sent.").await?;
        let text = console.wait_for(&format!("{card}[contains(., 'If it is not processed by')]")).await?.text().await?;
        assert!(text.contains("it is deleted"), "{text}");
        let sent = &api.identity_checks().await?[0];
        assert_eq!(
            (sent.status, sent.document_type),
            (domain::kcheck::CheckStatus::Sent, Some(domain::kcheck::DocumentType::Passport))
        );

        // The staff accept it: the order is paid, its product made.
        let url = format!("{}/dev/identity_checks/{}", console.server.api_url(), sent.id);
        let answer = reqwest::Client::new().post(url).json(&serde_json::json!({"accepted": true})).send().await?;
        assert_eq!(answer.status(), 200);
        console.click("//nav//a[normalize-space()='Orders']").await?;
        console.wait_for(&format!("{row}/td[normalize-space()='Paid']")).await?;
        let released = api.orders(company).await?.into_iter().find(|o| o.id == held.id).ok_or("the order")?;
        assert_eq!((released.status.as_str(), released.product_ids.len()), ("paid", 1));
        Ok(())
    })
    .await;
}

/// R-KC-1 (turning 2FA off): who lost their authenticator app and backup codes, still signed
/// in, asks on Security to confirm their identity instead; once the document sent is
/// accepted, two-factor authentication is off, and the page says why.
#[tokio::test]
async fn r_kc_1_a_confirmed_identity_turns_two_factor_off_without_a_code() {
    Console::run_demo("identity_two_factor", async |console| {
        console.sign_up_and_log_in("noa@example.ch", "Noa", "Frei").await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.click("//main//button[normalize-space()='Turn on two-factor authentication']").await?;
        let secret = console.wait_for("//code[@class='secret']").await?.text().await?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
        console.fill("Authentication code", &domain::twofa::code_at(&secret, now)?).await?;
        console.press("Confirm").await?;
        console.wait_for_text("Two-factor authentication is on").await?;
        // The page as it is after a reload, with 2FA on from the start.
        console.open("/security").await?;
        console.wait_for_text("Lost your authenticator app and your backup codes?").await?;
        console.press("Confirm my identity to turn two-factor authentication off").await?;
        let card = "//div[@role='group'][starts-with(@aria-label, 'To turn two-factor authentication off')]";
        console.wait_for(&format!("{card}[contains(., 'Nothing sent yet.')]")).await?;
        console.assert_accessible("security, a verification to turn 2FA off").await?;

        let dir = tempfile::tempdir()?;
        let pdf = dir.path().join("identity-card.pdf");
        std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
        console.choose("Document", "Identity card").await?;
        console.field("Photo or PDF of the document").await?.send_keys(&pdf.display().to_string()).await?;
        console.press("Send the document").await?;
        console.wait_for_text("The document is sent.").await?;

        // The test's own session, with the next code (the browser's was used).
        let code = domain::twofa::code_at(&secret, now + 30)?;
        let token = console.api().log_in("noa@example.ch", e2e::DEMO_PASSWORD, Some(&code)).await?;
        let api = console.api().with_token(Some(token.access_token));
        let check = api.identity_checks().await?.remove(0);
        let url = format!("{}/dev/identity_checks/{}", console.server.api_url(), check.id);
        let answer = reqwest::Client::new().post(url).json(&serde_json::json!({"accepted": true})).send().await?;
        assert_eq!(answer.status(), 200);
        console.open("/security").await?;
        console.wait_for_text("Your identity is confirmed: two-factor authentication is off.").await?;
        console.wait_for("//main//button[normalize-space()='Turn on two-factor authentication']").await?;
        assert!(!api.profile().await?.double_auth, "off on the server");
        Ok(())
    })
    .await;
}
