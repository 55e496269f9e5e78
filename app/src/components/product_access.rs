//! `Products of <name>` in a member's row (R-ROLE-4): the Organization's products
//! (`ProductPicker`), the member's direct grants checked, saved together. Shown only where the
//! rules allow (`authorize(ChangeProductAccess)`, and `domain::membership::direct_grants`: a
//! collaborator or an external; owners and administrators reach every product already).

use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AccountUser, ClientError, UpdateAccountUserRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The editor of one member's products.
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
            <super::ProductPicker account_id=account_id chosen=chosen prefix=format!("grant-{id}") />
            <button type="button" on:click=save>{t.save_products}</button>
        </fieldset>
    }
}
