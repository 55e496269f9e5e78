//! `/cancellations/:key`, the page the mailed link opens (R-CAN-1): it says what ends and asks
//! for the confirmation; once confirmed, what stays due (R-CAN-2). The link's key is the proof,
//! so the page works signed out too.

use crate::components::{describe, FormError, LoadError};
use crate::format::{date, money};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::Cancellation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConfirmCancellation() -> impl IntoView {
    let session = Session::get();
    let params = use_params_map();
    let key = move || params.with(|p| p.get("key").unwrap_or_default());
    let retry = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        retry.track();
        let key = key();
        async move { session.client().cancellation(&key).await }
    });
    let t = t();
    view! {
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(cancellation) => view! { <Confirm cancellation=cancellation key=key() /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t.cancellation_heading}</h1>
                        <LoadError error=error on_retry=move || retry.update(|r| *r += 1) />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Confirm(cancellation: Cancellation, key: String) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let product = cancellation.customer_name.clone();
    let names = [("product", product.as_str()), ("organization", cancellation.account_name.as_str())];
    let (title, text) = (fill(t.confirm_cancellation_title, &names), fill(t.confirm_cancellation_text, &names));
    let done =
        RwSignal::new(cancellation.confirmed_at.map(|at| fill(t.cancellation_was_confirmed, &[("date", &date(at))])));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (key, product) = (key.clone(), product.clone());
        spawn_local(async move {
            match session.client().confirm_cancellation(&key).await {
                Ok(confirmed) => {
                    let due = confirmed.fees_still_due.as_ref().map(money).unwrap_or_default();
                    done.set(Some(fill(t.cancellation_confirmed, &[("product", &product), ("amount", &due)])));
                }
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{title}</h1>
        <p id="cancellation-text">{text}</p>
        <button
            type="button"
            class="danger"
            hidden=move || done.with(Option::is_some)
            disabled=busy
            aria-busy=move || busy.get().to_string()
            aria-describedby="cancellation-text"
            on:click=confirm
        >
            {move || if busy.get() { t.cancelling } else { t.confirm_cancellation }}
        </button>
        <p role="status">{move || done.get()}</p>
        <FormError message=error />
    }
}
