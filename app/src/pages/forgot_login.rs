//! A forgotten login (R-REC-2). Signed out, `/login/forgot` asks for the account's mobile
//! number and where to send its login (by SMS, or to the recovery email, typed again), and
//! says the same whatever the number (the server does too). Signed in, the Security page's
//! `Recovery options` keep that number and that address (the official `reminder_phone` and
//! `reminder_email`), checked by `domain::account` before they are sent.

use crate::components::{describe, field_error, focus_first_invalid, FormError, LanguagePicker, TextField};
use crate::i18n::t;
use crate::session::Session;
use api::{ClientError, ErrorBody, FieldError, ForgotLoginRequest, UpdateProfileRequest};
use domain::account::{normalize_phone, validate_email};
use domain::recovery::Channel;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The page's own checks, as the server's field errors.
fn check(phone: &str, email: Option<&str>) -> Vec<FieldError> {
    let mut errors = vec![];
    if let Err(problem) = normalize_phone(phone) {
        errors.push(FieldError::from_rule("phone", &problem));
    }
    if let Some(Err(problem)) = email.map(validate_email) {
        errors.push(FieldError::from_rule("recovery_email", &problem));
    }
    errors
}

#[component]
pub fn ForgotLogin() -> impl IntoView {
    let session = Session::get();
    let phone = RwSignal::new(String::new());
    let by_email = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed_email = by_email.get_untracked().then(|| email.get_untracked().trim().to_string());
        let local = check(&phone.get_untracked(), typed_email.as_deref());
        if !local.is_empty() {
            let body = ErrorBody::local(local);
            focus_first_invalid(&body);
            errors.set(Some(body));
            return;
        }
        let request = ForgotLoginRequest {
            phone: phone.get_untracked(),
            channel: Some(if typed_email.is_some() { Channel::RecoveryEmail } else { Channel::Sms }),
            recovery_email: typed_email,
        };
        errors.set(None);
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.client().forgot_login(&request).await {
                Ok(_) => sent.set(Some(t.forgot_login_sent)),
                Err(ClientError::Api { error: body, .. }) if !body.errors.is_empty() => errors.set(Some(body)),
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <LanguagePicker />
        <section class="card" aria-labelledby="forgot-login-title">
            <h1 id="forgot-login-title">{t.forgot_login_title}</h1>
            <p>{t.forgot_login_intro}</p>
            <form on:submit=submit novalidate>
                <TextField
                    label=t.mobile_number
                    id="phone"
                    kind="tel"
                    value=phone
                    autocomplete="tel"
                    hint=t.mobile_number_hint
                    error=field_error(&errors, "phone")
                />
                <fieldset>
                    <legend>{t.send_login_by}</legend>
                    <div class="check">
                        <input type="radio" id="by-sms" name="channel" prop:checked=move || !by_email.get() on:change=move |_| by_email.set(false) />
                        <label for="by-sms">{t.by_sms}</label>
                    </div>
                    <div class="check">
                        <input type="radio" id="by-email" name="channel" prop:checked=by_email on:change=move |_| by_email.set(true) />
                        <label for="by-email">{t.by_recovery_email}</label>
                    </div>
                </fieldset>
                <Show when=move || by_email.get()>
                    <TextField
                        label=t.recovery_email
                        id="recovery_email"
                        kind="email"
                        value=email
                        autocomplete="email"
                        error=field_error(&errors, "recovery_email")
                    />
                </Show>
                <FormError message=error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.send_login}</button>
            </form>
            <p role="status">{move || sent.get()}</p>
            <p><a href="/login">{t.log_in_link}</a></p>
        </section>
    }
}

/// Security's `Recovery options`: the mobile number and the recovery email a forgotten login
/// can be sent to. An empty field removes it.
#[component]
pub fn RecoveryOptions(phone: Option<String>, email: Option<String>) -> impl IntoView {
    let session = Session::get();
    let phone = RwSignal::new(phone.unwrap_or_default());
    let email = RwSignal::new(email.unwrap_or_default());
    let errors = RwSignal::new(None::<ErrorBody>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (typed_phone, typed_email) =
            (phone.get_untracked().trim().to_string(), email.get_untracked().trim().to_string());
        // An empty field removes it; a filled one must be right.
        let mut local = vec![];
        if let Some(Err(problem)) = (!typed_phone.is_empty()).then(|| normalize_phone(&typed_phone)) {
            local.push(FieldError::from_rule("reminder_phone", &problem));
        }
        if let Some(Err(problem)) = (!typed_email.is_empty()).then(|| validate_email(&typed_email)) {
            local.push(FieldError::from_rule("reminder_email", &problem));
        }
        if !local.is_empty() {
            let body = ErrorBody::local(local);
            focus_first_invalid(&body);
            errors.set(Some(body));
            return;
        }
        let request = UpdateProfileRequest {
            reminder_phone: Some(typed_phone),
            reminder_email: Some(typed_email),
            ..Default::default()
        };
        errors.set(None);
        error.set(None);
        saved.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.client().update_profile(&request).await {
                Ok(profile) => {
                    phone.set(profile.reminder_phone.unwrap_or_default());
                    email.set(profile.reminder_email.unwrap_or_default());
                    saved.set(Some(t.recovery_saved));
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
        <form class="card" on:submit=submit novalidate aria-labelledby="recovery-title">
            <h2 id="recovery-title">{t.recovery_title}</h2>
            <p>{t.recovery_intro}</p>
            <TextField
                label=t.mobile_number
                id="reminder_phone"
                kind="tel"
                value=phone
                autocomplete="tel"
                hint=t.mobile_number_hint
                error=field_error(&errors, "reminder_phone")
            />
            <TextField
                label=t.recovery_email
                id="reminder_email"
                kind="email"
                value=email
                autocomplete="email"
                error=field_error(&errors, "reminder_email")
            />
            <FormError message=error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.save_recovery}</button>
            <p role="status">{move || saved.get()}</p>
        </form>
    }
}
