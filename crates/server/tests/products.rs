//! The catalog and an Organization's products (API.md, "Products"): listed by page, searched,
//! filtered by type and status, and only those the caller reaches (R-ROLE-4).

mod common;

use api::{ProductQuery, Role, UpdateAccountUserRequest};
use common::{join, TestServer};
use domain::lifecycle::ProductStatus;
use serde_json::Value;

#[tokio::test]
async fn r_renew_8_products_are_listed_with_their_status_and_filtered_by_it() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = common::demo(&server).await;
    let all = demo.products(company, &ProductQuery::default()).await.unwrap();
    assert_eq!(all.total, 7);
    // Ordered by expiry: the longest expired first.
    let names: Vec<&str> = all.items.iter().map(|p| p.customer_name.as_str()).collect();
    assert_eq!(names[..3], ["Old suite", "shop.demo-company.ch", "demo-company.ch"]);
    let status_of = |name: &str| all.items.iter().find(|p| p.customer_name == name).unwrap().status;
    assert_eq!(status_of("Old suite"), ProductStatus::Terminated, "45 days past expiry: past the grace period");
    assert_eq!(status_of("shop.demo-company.ch"), ProductStatus::Blocked, "5 days past expiry");
    assert_eq!(status_of("demo-company.ch"), ProductStatus::Active);
    assert!(all.items.iter().find(|p| p.customer_name == "shop.demo-company.ch").unwrap().is_locked);

    for (status, expected) in [(ProductStatus::Active, 5), (ProductStatus::Blocked, 1), (ProductStatus::Terminated, 1)]
    {
        let query = ProductQuery { status: Some(status), ..Default::default() };
        let page = demo.products(company, &query).await.unwrap();
        assert_eq!(page.total, expected, "{status:?}");
        assert!(page.items.iter().all(|p| p.status == status));
    }
    let other = demo.products(gmbh, &ProductQuery::default()).await.unwrap();
    assert_eq!(other.total, 3, "each Organization its own products");
}

#[tokio::test]
async fn products_are_searched_filtered_by_type_ordered_and_paged() {
    let server = TestServer::demo().await;
    let (demo, company, _) = common::demo(&server).await;
    let search = |text: &str| ProductQuery { search: Some(text.into()), ..Default::default() };
    let found = demo.products(company, &search("DEMO-COMPANY")).await.unwrap();
    assert_eq!(found.total, 4, "case does not matter");
    let domains = ProductQuery { service_name: Some("domain".into()), ..Default::default() };
    let found = demo.products(company, &domains).await.unwrap();
    assert_eq!(found.items.iter().map(|p| p.customer_name.as_str()).collect::<Vec<_>>(), ["demo-company.ch"]);
    let by_name = ProductQuery {
        order_by: Some("customer_name".into()),
        order_for: Some("desc".into()),
        per_page: Some(3),
        page: Some(2),
        ..Default::default()
    };
    let page = demo.products(company, &by_name).await.unwrap();
    assert_eq!((page.total, page.pages, page.items.len()), (7, 3, 3));
    let names: Vec<&str> = page.items.iter().map(|p| p.customer_name.as_str()).collect();
    assert_eq!(names, ["Old suite", "mail.demo-company.ch", "demo-company.ch"], "by name, whatever the case");
}

#[tokio::test]
async fn r_renew_9_a_product_says_its_periods_and_its_renewal_price_in_the_organizations_currency() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = common::demo(&server).await;
    let domains = ProductQuery { service_name: Some("domain".into()), ..Default::default() };
    let chf = &demo.products(company, &domains).await.unwrap().items[0];
    assert_eq!(chf.renewal_periods, domain::renewal::allowed_periods("domain"));
    let price = chf.renewal_price.as_ref().unwrap();
    assert_eq!((price.amount.as_str(), price.currency), ("13.00", api::Currency::Chf));
    let eur = &demo.products(gmbh, &domains).await.unwrap().items[0];
    let price = eur.renewal_price.as_ref().unwrap();
    assert_eq!((price.amount.as_str(), price.currency), ("13.50", api::Currency::Eur));
}

#[tokio::test]
async fn r_renew_9_the_catalog_prices_every_period_of_every_type_in_both_currencies() {
    let server = TestServer::start().await;
    let catalog = server.client().catalog().await.unwrap();
    assert_eq!(catalog.len(), domain::renewal::RENEWAL_PERIODS.len());
    for entry in catalog {
        let months: Vec<u32> = entry.periods.iter().map(|p| p.months).collect();
        assert_eq!(months, domain::renewal::allowed_periods(&entry.service_name), "{}", entry.service_name);
        for period in entry.periods {
            let currencies: Vec<api::Currency> = period.prices.iter().map(|p| p.currency).collect();
            assert_eq!(
                currencies,
                [api::Currency::Chf, api::Currency::Eur],
                "{} {}",
                entry.service_name,
                period.months
            );
        }
    }
}

#[tokio::test]
async fn r_role_4_a_collaborator_sees_only_the_products_given_to_them() {
    let server = TestServer::demo().await;
    let (demo, company, _) = common::demo(&server).await;
    let (collaborator, _) = join(&server, &demo, company, "col@example.ch", Role::Normal).await;
    let seen = collaborator.products(company, &ProductQuery::default()).await.unwrap();
    assert_eq!(seen.total, 0, "nothing given yet");
    let any = demo.products(company, &ProductQuery::default()).await.unwrap().items[0].id;
    let http = reqwest::Client::new();
    let one = http
        .get(server.url(&format!("/1/accounts/{company}/products/{any}")))
        .bearer_auth(collaborator.token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(one.status(), 404, "a product not given is not revealed");
    let owner_sees = http
        .get(server.url(&format!("/1/accounts/{company}/products/{any}")))
        .bearer_auth(demo.token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(owner_sees.status(), 200);
    let stranger = server.signed_in("zed@example.ch").await;
    let refused = stranger.products(company, &ProductQuery::default()).await.unwrap_err();
    assert_eq!(refused.code(), Some("object_not_found"), "another Organization's products do not exist for a stranger");
}

/// `ids` (ours): a picker names the products chosen before, wherever they are in a long list;
/// only those the caller reaches (R-ROLE-4), and a bad list is named.
#[tokio::test]
async fn products_asked_by_id_are_those_and_only_those_the_caller_reaches() {
    let server = TestServer::demo().await;
    let (demo, company, _) = common::demo(&server).await;
    let all = demo.products(company, &ProductQuery { per_page: Some(100), ..Default::default() }).await.unwrap();
    let (first, last) = (all.items[0].id, all.items[all.items.len() - 1].id);
    let asked = ProductQuery { ids: Some(format!("{last}, {first}")), ..Default::default() };
    let named = demo.products(company, &asked).await.unwrap();
    let mut ids: Vec<i64> = named.items.iter().map(|p| p.id).collect();
    ids.sort();
    let mut wanted = vec![first, last];
    wanted.sort();
    assert_eq!((ids, named.total), (wanted, 2));

    let (collaborator, collaborator_id) = join(&server, &demo, company, "col@example.ch", Role::Normal).await;
    let grant = UpdateAccountUserRequest { product_ids: Some(vec![first]), ..Default::default() };
    demo.update_account_user(company, collaborator_id, &grant).await.unwrap();
    let seen = collaborator.products(company, &asked).await.unwrap();
    assert_eq!(seen.items.iter().map(|p| p.id).collect::<Vec<_>>(), [first], "not the product not given");

    let many = (1..=101).map(|n| n.to_string()).collect::<Vec<_>>().join(",");
    let http = reqwest::Client::new();
    for bad in ["1,two", "", many.as_str()] {
        let answer = http
            .get(server.url(&format!("/1/accounts/{company}/products?ids={bad}")))
            .bearer_auth(demo.token().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 422, "{bad:?}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["error"]["errors"][0]["context"]["attribute"], "ids", "{bad:?}: {body}");
    }
}

#[tokio::test]
async fn a_bad_query_names_each_field_and_the_other_route_answers_the_same() {
    let server = TestServer::demo().await;
    let (demo, company, _) = common::demo(&server).await;
    let http = reqwest::Client::new();
    let get = |path: String| http.get(server.url(&path)).bearer_auth(demo.token().unwrap()).send();
    let bad: Value =
        get(format!("/1/accounts/{company}/products?status=sleeping&service_name=yacht&order_by=price&per_page=0"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let fields: Vec<&str> = bad["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["context"]["attribute"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["per_page", "service_name", "status", "order_by"]);
    let by_path: Value = get(format!("/1/accounts/{company}/products")).await.unwrap().json().await.unwrap();
    let by_query: Value = get(format!("/1/products?account_id={company}")).await.unwrap().json().await.unwrap();
    assert_eq!(by_path, by_query);
    let missing = get("/1/products".into()).await.unwrap();
    assert_eq!(missing.status(), 422);
}

#[tokio::test]
async fn products_answer_in_the_official_shape() {
    let server = TestServer::demo().await;
    let (demo, company, _) = common::demo(&server).await;
    let raw = server.get_json(&format!("/1/accounts/{company}/products"), demo.token().unwrap()).await;
    let official = common::official_schema("087adaad_Product");
    for product in raw["data"].as_array().unwrap() {
        assert_eq!(common::conformance_errors(&official, product), Vec::<String>::new());
    }
}

/// The count of an unfiltered page is kept with the Organization by the database's triggers
/// (migration 0021): it follows every write of `products`, whoever makes it.
#[tokio::test]
async fn the_kept_count_of_products_follows_every_write() {
    let server = TestServer::demo().await;
    let (demo, company, gmbh) = common::demo(&server).await;
    let total = |account: i64| {
        let demo = demo.clone();
        async move { demo.products(account, &ProductQuery::default()).await.unwrap().total }
    };
    assert_eq!((total(company).await, total(gmbh).await), (7, 3));
    // An order paid at once delivers a product.
    let item = api::OrderItemRequest { service_name: "drive".into(), customer_name: "More".into(), period_months: 1 };
    let methods = demo.payment_methods(company).await.unwrap();
    let card = api::PaymentChoice { payment_method_id: Some(methods[0].id), ..Default::default() };
    let order = api::OrderRequest { items: vec![item], payment: Some(card), use_prepaid: false };
    demo.order(company, &order).await.unwrap();
    assert_eq!(total(company).await, 8);
    // Written by hand, as an operator would: deleted, moved to the other Organization, removed.
    let sql = |statement: String| {
        let server = &server;
        async move { server.query::<(i64,)>(&format!("{statement} RETURNING id")).await }
    };
    sql("UPDATE products SET deleted_at = 1 WHERE customer_name = 'More'".into()).await;
    assert_eq!(total(company).await, 7);
    sql(format!("UPDATE products SET account_id = {gmbh} WHERE customer_name = 'Backups'")).await;
    assert_eq!((total(company).await, total(gmbh).await), (6, 4));
    sql("DELETE FROM products WHERE customer_name = 'Backups'".into()).await;
    assert_eq!(total(gmbh).await, 3);
    // A search counts the rows it finds, as before.
    let query = ProductQuery { search: Some("demo".into()), ..Default::default() };
    let found = demo.products(company, &query).await.unwrap();
    assert_eq!(found.total as usize, found.items.len());
}
