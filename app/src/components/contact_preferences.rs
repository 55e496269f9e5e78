//! A member's `Mail <name> receives` (R-ROLE-8), in their row on the Users page: billing
//! mail, product and technical notices, administrative notices, each a box, saved together
//! (`PATCH /2/accounts/{a}/users/{u}` with `notifications`). Shown where the rules allow
//! (`authorize(ChangeContactPreferences)`: one's own, or a manager's for others).

use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AccountUser, ClientError, UpdateAccountUserRequest};
use domain::role::ContactPreferences;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MailPreferences(
    /// The member whose mail this is.
    user: AccountUser,
    /// Their Organization.
    account_id: i64,
    /// Saved: what to tell the person.
    on_done: Callback<String>,
    /// Refused or failed.
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let now = user.notifications.unwrap_or_default();
    let (billing, technical, administrative) =
        (RwSignal::new(now.billing), RwSignal::new(now.technical), RwSignal::new(now.administrative));
    let (id, name) = (user.user_id, user.display_name.clone());
    let save = {
        let name = name.clone();
        move |_| {
            let preferences = ContactPreferences {
                billing: billing.get_untracked(),
                technical: technical.get_untracked(),
                administrative: administrative.get_untracked(),
            };
            let request = UpdateAccountUserRequest { notifications: Some(preferences), ..Default::default() };
            let name = name.clone();
            spawn_local(async move {
                match session.client().update_account_user(account_id, id, &request).await {
                    Ok(_) => on_done.run(fill(t.mail_saved, &[("name", &name)])),
                    Err(error) => on_error.run(error),
                }
            });
        }
    };
    let boxes = [
        (billing, t.mail_about_billing, "billing"),
        (technical, t.mail_about_products, "technical"),
        (administrative, t.mail_about_administration, "administrative"),
    ];
    view! {
        <fieldset class="mail-preferences">
            <legend>{fill(t.mail_of, &[("name", &name)])}</legend>
            {boxes
                .into_iter()
                .map(|(chosen, label, kind)| {
                    let box_id = format!("mail-{kind}-{id}");
                    view! {
                        <div class="check">
                            <input
                                type="checkbox"
                                id=box_id.clone()
                                prop:checked=chosen
                                on:change:target=move |ev| chosen.set(ev.target().checked())
                            />
                            <label for=box_id>{label}</label>
                        </div>
                    }
                })
                .collect_view()}
            <button type="button" on:click=save>{t.save_mail}</button>
        </fieldset>
    }
}
