//! `Log in` with email and password (R-ACC-1). The second factor comes with the 2FA issue.

use crate::components::{describe, FormError, LanguagePicker, TextField};
use crate::i18n::t;
use crate::session::{after_login, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn LogIn() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let notice = session.notice.get_untracked();
    session.notice.set(None);
    // Sent here from a page the session no longer reached: back there after logging in.
    let query = use_query_map();
    let returning = query.with_untracked(|q| q.get("next").is_some());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (address, secret) = (email.get_untracked().trim().to_string(), password.get_untracked());
        if address.is_empty() || secret.is_empty() {
            form_error.set(Some(t().log_in_missing.into()));
            return;
        }
        form_error.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.client().log_in(&address, &secret, None).await {
                Ok(token) => {
                    session.sign_in(&token);
                    navigate(&after_login(query.with_untracked(|q| q.get("next"))), Default::default());
                }
                Err(error) => form_error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };

    let t = t();
    view! {
        <LanguagePicker />
        <section class="card" aria-labelledby="log-in-title">
            <h1 id="log-in-title">{t.log_in_title}</h1>
            {notice.map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
            {returning.then(|| view! {
                <p class="notice" role="status">{t.session_ended_notice}</p>
            })}
            <form on:submit=submit novalidate>
                <TextField label=t.email id="email" kind="email" value=email autocomplete="username" />
                <TextField label=t.password id="password" kind="password" value=password autocomplete="current-password" />
                <FormError message=form_error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                    {move || if busy.get() { t.logging_in } else { t.log_in_button }}
                </button>
            </form>
            <p>{t.new_here}" "<a href="/signup">{t.create_account_link}</a></p>
        </section>
    }
}
