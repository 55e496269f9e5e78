//! A product's `Cancel this product` (R-CAN-1): the server mails the person a link to confirm,
//! and nothing changes before it is followed (`pages::cancellation`). Owners and admins only
//! (`Action::CancelProduct`, the rule the server asks too); an ended product says so instead.

use crate::components::{describe, CurrentAccount, FormError};
use crate::errors::denied_message;
use crate::i18n::{fill, t};
use crate::session::Session;
use domain::role::{authorize, Action, Member};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CancelProduct(
    /// The product shown.
    product_id: i64,
    /// It is terminated already: nothing to cancel.
    ended: bool,
) -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let t = t();
    // Why the button cannot be used, said beside it (disabled, described by the reason).
    let refusal = move || -> Option<&'static str> {
        if ended {
            return Some(t.product_has_ended);
        }
        let me = current.with(|account| {
            let account = account.as_ref()?;
            Some(Member { user_id: session.user_id()?, role: account.role, has_billing_access: account.billing })
        })?;
        authorize(&me, Action::CancelProduct).err().map(|why| denied_message(&why))
    };
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let ask = move |_| {
        let Some(account_id) = current.with_untracked(|a| a.as_ref().map(|a| a.id)) else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match session.client().request_cancellation(account_id, product_id).await {
                Ok(asked) => sent.set(Some(fill(t.cancellation_sent, &[("email", &asked.email)]))),
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="cancellation-heading">
            <h2 id="cancellation-heading">{t.cancellation_heading}</h2>
            <p id="cancel-explained">{t.cancel_product_explained}</p>
            <button
                type="button"
                class="danger"
                disabled=move || refusal().is_some() || busy.get()
                aria-busy=move || busy.get().to_string()
                aria-describedby=move || if refusal().is_some() { "cancel-explained cancel-reason" } else { "cancel-explained" }
                on:click=ask
            >
                {t.cancel_product}
            </button>
            {move || refusal().map(|why| view! { <p class="hint" id="cancel-reason">{why}</p> })}
            <p role="status">{move || sent.get()}</p>
            <FormError message=error />
        </section>
    }
}
