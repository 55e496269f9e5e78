//! `Create an account` (R-ACC-1, R-ACC-2).

use crate::components::{describe, field_error, focus_first_invalid, FormError, LanguagePicker, TextField};
use crate::i18n::{fill, language, t};
use crate::session::Session;
use api::{ClientError, ErrorBody, RegisterRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SignUp() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = RegisterRequest {
            email: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            // The language shown becomes the profile's: the console and its mail speak it.
            locale: Some(language().code().into()),
            ..RegisterRequest::default()
        };
        form_error.set(None);
        // The same checks as the server's, before anything is sent.
        let local = request.field_errors();
        if !local.is_empty() {
            let error = ErrorBody::local(local);
            focus_first_invalid(&error);
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.client().register(&request).await {
                // Signed in at once with what was just typed: nobody types it twice.
                Ok(registered) => match session.client().log_in(&request.email, &request.password, None).await {
                    Ok(token) => {
                        session.sign_in(&token);
                        session.notice.set(Some(fill(t().account_ready, &[("name", &registered.account.name)])));
                        navigate("/", Default::default());
                    }
                    Err(_) => {
                        session.notice.set(Some(fill(t().account_ready_log_in, &[("name", &registered.account.name)])));
                        navigate("/login", Default::default());
                    }
                },
                Err(ClientError::Api { error, .. }) if !error.errors.is_empty() => {
                    focus_first_invalid(&error);
                    errors.set(Some(error));
                }
                Err(error) => form_error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };

    let t = t();
    view! {
        <LanguagePicker />
        <section class="card" aria-labelledby="sign-up-title">
            <h1 id="sign-up-title">{t.sign_up_title}</h1>
            <p>{t.sign_up_intro}</p>
            <form on:submit=submit novalidate>
                <TextField label=t.first_name id="first_name" value=first_name autocomplete="given-name" error=field_error(&errors, "first_name") />
                <TextField label=t.last_name id="last_name" value=last_name autocomplete="family-name" error=field_error(&errors, "last_name") />
                <TextField label=t.email id="email" kind="email" value=email autocomplete="email" error=field_error(&errors, "email") />
                <TextField
                    label=t.password
                    id="password"
                    kind="password"
                    value=password
                    autocomplete="new-password"
                    hint=t.password_hint
                    error=field_error(&errors, "password")
                />
                <FormError message=form_error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                    {move || if busy.get() { t.creating_account } else { t.sign_up_button }}
                </button>
            </form>
            <p>{t.have_account}" "<a href="/login">{t.log_in_link}</a></p>
        </section>
    }
}
