//! A forgotten password (R-REC-1), signed out: `/password/forgot` asks for the login email and
//! says the same whatever it is (the server does too), or, for who can no longer read that
//! mailbox, takes an identity document and an address they read now (R-KC-1);
//! `/password/reset/:key`, the page the mailed link opens, sets the new password once.

use crate::components::{describe, field_error, focus_first_invalid, FormError, LanguagePicker, TextField};
use crate::i18n::{fill, t};
use crate::pages::identity_checks::{DocumentChoice, DocumentFields};
use crate::session::Session;
use api::ClientError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let session = Session::get();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_string();
        if address.is_empty() {
            error.set(Some(crate::errors::field_code_message("required", &Default::default())));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match session.client().forgot_password(&address).await {
                Ok(_) => sent.set(Some(fill(t.forgot_sent, &[("email", &address)]))),
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <LanguagePicker />
        <section class="card" aria-labelledby="forgot-title">
            <h1 id="forgot-title">{t.forgot_title}</h1>
            <p>{t.forgot_intro}</p>
            <form on:submit=submit novalidate>
                <TextField label=t.email id="email" kind="email" value=email autocomplete="username" />
                <FormError message=error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.send_link}</button>
            </form>
            <p role="status">{move || sent.get()}</p>
            <ByIdentity />
            <p><a href="/login">{t.log_in_link}</a></p>
        </section>
    }
}

/// `I can no longer read this mailbox`: the login, an address read now and an identity
/// document; once the staff confirm the identity, the link goes to that address (R-KC-1).
#[component]
fn ByIdentity() -> impl IntoView {
    let session = Session::get();
    let email = RwSignal::new(String::new());
    let reply_to = RwSignal::new(String::new());
    let choice = DocumentChoice::new();
    let errors = RwSignal::new(None::<api::ErrorBody>);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (login, answer_at) =
            (email.get_untracked().trim().to_string(), reply_to.get_untracked().trim().to_string());
        busy.set(true);
        error.set(None);
        errors.set(None);
        sent.set(None);
        spawn_local(async move {
            if let Some((document_type, content)) = choice.checked().await {
                let request = api::ForgottenPasswordCheckRequest {
                    email: login.clone(),
                    reply_to: answer_at.clone(),
                    document_type,
                    content,
                };
                match session.client().forgot_password_by_identity(&request).await {
                    Ok(_) => {
                        sent.set(Some(fill(t.forgot_identity_sent, &[("email", &login), ("reply_to", &answer_at)])))
                    }
                    Err(ClientError::Api { error: body, .. })
                        if body.errors.iter().any(|e| e.context.attribute == "content") =>
                    {
                        choice.refuse(crate::errors::field_message(&body.errors[0]))
                    }
                    Err(ClientError::Api { error: body, .. }) if !body.errors.is_empty() => {
                        focus_first_invalid(&body);
                        errors.set(Some(body));
                    }
                    Err(failure) => error.set(Some(describe(&failure))),
                }
            }
            busy.set(false);
        });
    };
    view! {
        <details>
            <summary>{t.forgot_no_mailbox}</summary>
            <p>{t.forgot_identity_intro}</p>
            <form on:submit=submit novalidate>
                <TextField label=t.login_email_title id="identity-email" kind="email" value=email autocomplete="username" />
                <TextField
                    label=t.forgot_reply_to
                    id="reply_to"
                    kind="email"
                    value=reply_to
                    autocomplete="email"
                    error=field_error(&errors, "reply_to")
                />
                <DocumentFields id="forgotten".to_string() choice=choice />
                <FormError message=error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                    {move || if busy.get() { t.sending_document } else { t.forgot_send_identity }}
                </button>
            </form>
            <p role="status">{move || sent.get()}</p>
        </details>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let session = Session::get();
    let params = use_params_map();
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<api::ErrorBody>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let key = params.with_untracked(|p| p.get("key").unwrap_or_default());
        let chosen = password.get_untracked();
        busy.set(true);
        error.set(None);
        errors.set(None);
        spawn_local(async move {
            match session.client().reset_password(&key, &chosen).await {
                Ok(_) => {
                    // Every session ended with the old password, this browser's too.
                    session.sign_out();
                    done.set(true);
                }
                Err(ClientError::Api { error: body, .. }) if !body.errors.is_empty() => {
                    focus_first_invalid(&body);
                    errors.set(Some(body));
                }
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <LanguagePicker />
        <section class="card" aria-labelledby="reset-title">
            <h1 id="reset-title">{t.reset_title}</h1>
            <form on:submit=submit novalidate hidden=done>
                <TextField
                    label=t.new_password
                    id="password"
                    kind="password"
                    value=password
                    autocomplete="new-password"
                    hint=t.password_hint
                    error=field_error(&errors, "password")
                />
                <FormError message=error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.set_password}</button>
            </form>
            <p role="status">{move || done.get().then_some(t.password_set)}</p>
            <p><a href="/login">{t.log_in_link}</a></p>
        </section>
    }
}
