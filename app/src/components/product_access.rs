//! `Products of <name>` in a member's row (R-ROLE-4): the Organization's products, one
//! checkbox each, the member's direct grants checked, saved together. Shown only where the
//! rules allow (`authorize(ChangeProductAccess)`, and `domain::membership::direct_grants`: a
//! collaborator or an external; owners and administrators reach every product already).

use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AccountUser, ClientError, ProductQuery, UpdateAccountUserRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The editor of one member's products: it fetches the Organization's products when shown.
#[component]
pub fn ProductAccess(
    /// The member whose products these are.
    user: AccountUser,
    /// Their Organization.
    account_id: i64,
    /// Saved: what to tell the person.
    on_done: Callback<String>,
    /// Refused or failed.
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let chosen = RwSignal::new(user.product_ids.clone());
    let products = LocalResource::new(move || async move {
        // The first hundred, by name: enough for the Organizations a person manages by hand.
        let query = ProductQuery { per_page: Some(100), ..Default::default() };
        session.client().products(account_id, &query).await.map(|page| page.items)
    });
    let t = t();
    let (id, name) = (user.user_id, user.display_name.clone());
    let save = {
        let name = name.clone();
        move |_| {
            let name = name.clone();
            let request = UpdateAccountUserRequest { product_ids: Some(chosen.get_untracked()), ..Default::default() };
            spawn_local(async move {
                match session.client().update_account_user(account_id, id, &request).await {
                    Ok(_) => on_done.run(fill(t.products_saved, &[("name", &name)])),
                    Err(error) => on_error.run(error),
                }
            });
        }
    };
    view! {
        <fieldset class="product-access">
            <legend>{fill(t.products_of, &[("name", &name)])}</legend>
            <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(list) if list.is_empty() => view! { <p>{t.no_products_yet}</p> }.into_any(),
                        Ok(list) => view! {
                            <super::CheckList
                                items=list.into_iter().map(|p| (p.id, p.customer_name)).collect()
                                chosen=chosen
                                prefix=format!("grant-{id}")
                            />
                        }
                        .into_any(),
                        Err(error) => view! { <p role="alert">{crate::components::describe(&error)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <button type="button" on:click=save>{t.save_products}</button>
        </fieldset>
    }
}
