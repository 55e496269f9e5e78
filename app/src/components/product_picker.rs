//! The Organization's products to choose from (a member's, a team's, an invitation's, a
//! partner's), one checkbox each. An Organization can hold 100,000 products: the first 100 by
//! name are listed, and past them `Find a product` asks the server; what was chosen stays
//! listed, by its name, whatever the search (the names of what was chosen before are asked
//! once, with `ids`).

use crate::components::CheckList;
use crate::i18n::t;
use crate::session::Session;
use api::ProductQuery;
use leptos::prelude::*;

/// The products a list asks for: 100, by name.
fn by_name(search: Option<String>, ids: Option<String>) -> ProductQuery {
    ProductQuery { per_page: Some(100), order_by: Some("customer_name".into()), search, ids, ..Default::default() }
}

/// Checkboxes for the Organization's products, with a search when they are more than listed.
#[component]
pub fn ProductPicker(
    /// The Organization whose products these are.
    account_id: i64,
    /// The ids chosen, two-way bound.
    chosen: RwSignal<Vec<i64>>,
    /// Makes the boxes' and the search's ids unique on the page.
    #[prop(into)]
    prefix: String,
) -> impl IntoView {
    let (session, t) = (Session::get(), t());
    let search = RwSignal::new(String::new());
    // Every product named so far, so that one chosen in an earlier search stays listed.
    let seen = StoredValue::new(Vec::<(i64, String)>::new());
    let long_list = RwSignal::new(false);
    let before = chosen.get_untracked();
    let found = LocalResource::new(move || {
        let search = search.get().trim().to_string();
        let before = before.clone();
        async move {
            let client = session.client();
            if seen.with_value(Vec::is_empty) && !before.is_empty() {
                let ids = before.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let named = client.products(account_id, &by_name(None, Some(ids))).await?.items;
                seen.update_value(|seen| seen.extend(named.into_iter().map(|p| (p.id, p.customer_name))));
            }
            let page = client.products(account_id, &by_name((!search.is_empty()).then_some(search), None)).await?;
            if page.total > page.items.len() as u64 {
                long_list.set(true);
            }
            let listed: Vec<(i64, String)> = page.items.into_iter().map(|p| (p.id, p.customer_name)).collect();
            seen.update_value(|seen| {
                seen.extend(
                    listed.iter().filter(|(id, _)| !seen.iter().any(|(s, _)| s == id)).cloned().collect::<Vec<_>>(),
                )
            });
            Ok::<_, api::ClientError>(listed)
        }
    });
    let search_id = format!("{prefix}-search");
    view! {
        {move || long_list.get().then(|| view! {
            <label for=search_id.clone()>{t.find_product}</label>
            <input
                type="search"
                id=search_id.clone()
                prop:value=search
                on:input:target=move |ev| search.set(ev.target().value())
                // A field emptied by a script or a driver may tell only `change`.
                on:change:target=move |ev| search.set(ev.target().value())
                // Enter searches; it does not send the form the picker is in.
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default() }
            />
        })}
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || {
                let prefix = prefix.clone();
                Suspend::new(async move {
                    match found.await {
                        Ok(listed) => {
                            let chosen_now = chosen.get_untracked();
                            let mut items: Vec<(i64, String)> = seen.with_value(|seen| {
                                seen.iter()
                                    .filter(|(id, _)| chosen_now.contains(id) && !listed.iter().any(|(l, _)| l == id))
                                    .cloned()
                                    .collect()
                            });
                            let none = (items.is_empty() && listed.is_empty()).then(|| {
                                if search.with_untracked(|s| s.trim().is_empty()) { t.no_products_yet } else { t.no_product_found }
                            });
                            items.extend(listed);
                            view! {
                                <CheckList items=items chosen=chosen prefix=prefix />
                                {none.map(|sentence| view! { <p>{sentence}</p> })}
                            }
                            .into_any()
                        }
                        Err(error) => view! { <p role="alert">{crate::components::describe(&error)}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
