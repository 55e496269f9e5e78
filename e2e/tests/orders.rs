//! `Orders` (R-PAY-9, R-RENEW-9) against the demo data: Demo Company SA (CHF) with a saved
//! Visa card, its default.

use e2e::{account_id, literal, Console};

/// A domain ordered and paid at once becomes a product; another left to pay later waits in
/// the list until its `Pay` (with the default card), then is paid and becomes one too.
#[tokio::test]
async fn r_pay_9_an_order_is_paid_at_once_or_later_from_the_list() {
    Console::run_demo("orders", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Orders']").await?;
        console.wait_for("//h1[normalize-space()='Orders']").await?;
        console.wait_for_text("No order yet.").await?;

        // A name is needed: said before anything is sent.
        console.press("Order").await?;
        console.wait_for("//*[@id='order_name-error'][normalize-space()='Fill in this field.']").await?;
        console.assert_accessible("orders with an error").await?;

        console.choose("Type", "Domain name").await?;
        console.wait_for("//select[@id='order_period']/option[normalize-space()='12 months · CHF 13.00']").await?;
        console.fill("Name", "new-demo.ch").await?;
        console.choose("Payment method", "Visa •••• 4242").await?;
        console.press("Order").await?;
        let paid = console.wait_for_text("is paid: new-demo.ch is ready.").await?.text().await?;
        let orders = api.orders(company).await?;
        let first = orders.iter().find(|o| paid.contains(&format!("Order {} ", o.id))).ok_or("the order")?;
        assert_eq!((first.status.as_str(), first.total.amount.as_str(), first.product_ids.len()), ("paid", "13.00", 1));

        // A second saved method, to pay the next order with.
        let twint = api::NewPaymentMethod { kind: api::MethodType::Twint, card: None, label: None };
        api.add_payment_method(company, &twint).await?;
        console.fill("Name", "later-demo.ch").await?;
        console.choose("Payment method", "Pay later, from the list of orders").await?;
        console.press("Order").await?;
        console.wait_for_text("for later-demo.ch waits for its payment.").await?;
        let later = api.orders(company).await?.into_iter().find(|o| o.status == "pending").ok_or("a pending order")?;
        let row = format!("//tr[th[normalize-space()={}]]", literal(&format!("Order {}", later.id)));
        let cells = console.wait_for(&row).await?.text().await?;
        assert!(cells.contains("later-demo.ch") && cells.contains("Waiting for payment"), "{cells}");
        console.assert_accessible("orders with a pending one").await?;
        // Its row offers the saved methods that may pay it, the default first; Twint is chosen.
        let method = format!("Pay order {} with", later.id);
        let select = format!("//select[@id=//label[normalize-space()={}]/@for]", literal(&method));
        let offered = console.wait_for(&select).await?.text().await?;
        assert!(offered.find("Visa •••• 4242") < offered.find("Twint"), "the default first: {offered}");
        console.choose(&method, "Twint").await?;
        console.click(&format!("//button[@aria-label={}]", literal(&format!("Pay order {}", later.id)))).await?;
        console.wait_for_text(&format!("Order {} is paid.", later.id)).await?;
        console.wait_for(&format!("{row}/td[normalize-space()='Paid']")).await?;
        let now_paid = api.orders(company).await?.into_iter().find(|o| o.id == later.id).ok_or("the order")?;
        assert_eq!((now_paid.status.as_str(), now_paid.product_ids.len()), ("paid", 1));
        let invoice = api.invoices(company).await?.into_iter().find(|i| Some(i.id) == now_paid.invoice_id);
        assert_eq!(invoice.ok_or("its invoice")?.method.as_deref(), Some("twint"), "paid with the method chosen");
        Ok(())
    })
    .await;
}
