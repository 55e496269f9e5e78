//! `Products`: what the Organization owns that the signed-in member reaches (R-ROLE-4, the
//! server's filter), searched by name, filtered by type and status, a page at a time; a
//! product's name opens its detail with its history (renewals, failures, blocking).

use crate::components::{CurrentAccount, LoadError, SelectField};
use crate::format::{date, product_status};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{CatalogEntry, Product, ProductQuery};
use domain::lifecycle::ProductStatus;
use leptos::prelude::*;
use leptos_router::components::A;

mod cancel;
mod detail;

pub use detail::ProductDetail;

/// Rows a page shows.
const PER_PAGE: u64 = 20;

#[component]
pub fn Products() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let search_field = NodeRef::<leptos::html::Input>::new();
    // What the table shows: the search once submitted, the filters as soon as chosen.
    let search = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let retry = RwSignal::new(0u32);
    let catalog = LocalResource::new(move || async move { session.client().catalog().await.unwrap_or_default() });
    let products = LocalResource::new(move || {
        retry.track();
        let account = current.with(|a| a.as_ref().map(|a| a.id));
        let query = ProductQuery {
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
            search: Some(search.get()).filter(|s| !s.trim().is_empty()),
            service_name: Some(service.get()).filter(|s| !s.is_empty()),
            status: status_of(&status.get()),
            ..Default::default()
        };
        async move {
            match account {
                Some(id) => session.client().products(id, &query).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // A new search or filter starts again at the first page.
    Effect::new(move |_| {
        search.track();
        service.track();
        status.track();
        if page.get_untracked() != 1 {
            page.set(1);
        }
    });
    let t = t();
    let statuses = vec![
        (String::new(), t.all_statuses.to_string()),
        ("active".into(), t.status_active.into()),
        ("blocked".into(), t.status_blocked.into()),
        ("terminated".into(), t.status_terminated.into()),
    ];
    view! {
        <h1>{t.nav_products}</h1>
        <form class="filters" role="search" on:submit=move |ev| {
            ev.prevent_default();
            // The field as it is now, however it was changed (typed, pasted, cleared).
            if let Some(field) = search_field.get_untracked() {
                search.set(field.value());
            }
        }>
            <div class="field">
                <label for="product-search">{t.search}</label>
                <input id="product-search" type="search" node_ref=search_field />
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let types = type_options(&catalog.await);
                    view! { <SelectField label=t.product_type.into() id="product-type".into() value=service options=types /> }
                })}
            </Transition>
            <SelectField label=t.column_status.into() id="product-status".into() value=status options=statuses />
            <button type="submit">{t.search}</button>
        </form>
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let names = catalog.await;
                match products.await {
                    Ok(Some(found)) if found.items.is_empty() => view! { <p role="status">{t.no_products}</p> }.into_any(),
                    Ok(Some(found)) => {
                        let organization = current.with_untracked(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                        let pages = found.pages.max(1);
                        view! {
                            <ProductTable products=found.items organization=organization catalog=names />
                            <nav aria-label=t.pages_label class="pages">
                                <button type="button" disabled={found.page <= 1} on:click=move |_| page.update(|p| *p -= 1)>
                                    {t.previous_page}
                                </button>
                                <span>{fill(t.page_of, &[("page", &found.page.to_string()), ("pages", &pages.to_string())])}</span>
                                <button type="button" disabled={found.page >= pages} on:click=move |_| page.update(|p| *p += 1)>
                                    {t.next_page}
                                </button>
                            </nav>
                        }
                        .into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <LoadError error=error on_retry=move || retry.update(|r| *r += 1) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn status_of(value: &str) -> Option<ProductStatus> {
    match value {
        "active" => Some(ProductStatus::Active),
        "blocked" => Some(ProductStatus::Blocked),
        "terminated" => Some(ProductStatus::Terminated),
        _ => None,
    }
}

fn type_options(catalog: &[CatalogEntry]) -> Vec<(String, String)> {
    let all = (String::new(), t().all_types.to_string());
    std::iter::once(all).chain(catalog.iter().map(|entry| (entry.service_name.clone(), entry.name.clone()))).collect()
}

/// The catalog's name of a product type, or its wire name.
fn type_name(catalog: &[CatalogEntry], service_name: &str) -> String {
    catalog.iter().find(|e| e.service_name == service_name).map_or_else(|| service_name.to_string(), |e| e.name.clone())
}

#[component]
fn ProductTable(products: Vec<Product>, organization: String, catalog: Vec<CatalogEntry>) -> impl IntoView {
    let t = t();
    let rows = products
        .into_iter()
        .map(|product| {
            // A guide's "open a product" step skips the ended ones (`controls`).
            let ended = product.status == ProductStatus::Terminated;
            view! {
                <tr class:ended=ended>
                    <th scope="row"><A href=format!("/products/{}", product.id)>{product.customer_name.clone()}</A></th>
                    <td>{type_name(&catalog, &product.service_name)}</td>
                    <td>{date(product.expired_at)}</td>
                    <td>{product_status(product.status)}</td>
                    <td>{if product.auto_renewal.enabled { t.auto_renewal_on } else { t.auto_renewal_off }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.products_caption, &[("name", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_product}</th>
                    <th scope="col">{t.product_type}</th>
                    <th scope="col">{t.column_expires}</th>
                    <th scope="col">{t.column_status}</th>
                    <th scope="col">{t.column_auto_renewal}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
