//! Security's `Login email`: the login the person uses, and a new login email with the
//! current password (the official `PATCH /2/profile` with `email`). An account in recovery
//! (R-REC-3: its login mailbox was deleted, it logged in with a temporary login) is told why it
//! was brought here, and can do nothing else until this is done; the shell keeps it here.

use crate::components::{describe, field_error, focus_by_id, FormError, TextField};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{ClientError, ErrorBody, FieldError, UpdateProfileRequest};
use domain::account::validate_email;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Moves the focus to the first field the error names. The Security page has another form
/// with a current password, so the ids here are this form's own, not the API's attribute names.
fn focus_first_invalid(error: &ErrorBody) {
    if let Some(first) = error.errors.first() {
        focus_by_id(if first.context.attribute == "email" { "login_email" } else { "login_email_password" });
    }
}

#[component]
pub fn LoginEmail() -> impl IntoView {
    let session = Session::get();
    let version = RwSignal::new(0u32);
    let profile = LocalResource::new(move || {
        version.track();
        async move { session.client().profile().await }
    });
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (new_email, current) = (email.get_untracked().trim().to_string(), password.get_untracked());
        let mut local = vec![];
        if let Err(problem) = validate_email(&new_email) {
            local.push(FieldError::from_rule("email", &problem));
        }
        if current.is_empty() {
            local.push(FieldError::new("current_password", "required", "", Default::default()));
        }
        if !local.is_empty() {
            let error = ErrorBody::local(local);
            focus_first_invalid(&error);
            errors.set(Some(error));
            return;
        }
        let request = UpdateProfileRequest {
            email: Some(new_email.clone()),
            current_password: Some(current),
            ..Default::default()
        };
        errors.set(None);
        form_error.set(None);
        done.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.client().set_profile(&request).await {
                Ok(()) => {
                    email.set(String::new());
                    password.set(String::new());
                    session.login_email_required.set(Some(false));
                    done.set(Some(fill(t.login_email_changed, &[("email", &new_email)])));
                    version.update(|v| *v += 1);
                }
                Err(ClientError::Api { error, .. }) if !error.errors.is_empty() => {
                    focus_first_invalid(&error);
                    errors.set(Some(error));
                }
                Err(failure) => form_error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card" on:submit=submit novalidate aria-labelledby="login-email-title">
            <h2 id="login-email-title">{t.login_email_title}</h2>
            {move || {
                (session.login_email_required.get() == Some(true))
                    .then(|| view! { <p class="notice" role="alert">{t.login_email_required_notice}</p> })
            }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    profile.await.ok().map(|p| view! { <p>{fill(t.login_email_current, &[("login", &p.login)])}</p> })
                })}
            </Transition>
            <TextField
                label=t.new_login_email
                id="login_email"
                kind="email"
                value=email
                autocomplete="email"
                error=field_error(&errors, "email")
            />
            <TextField
                label=t.your_password
                id="login_email_password"
                kind="password"
                value=password
                autocomplete="current-password"
                error=field_error(&errors, "current_password")
            />
            <FormError message=form_error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.changing_login_email } else { t.change_login_email }}
            </button>
            <p role="status">{move || done.get()}</p>
        </form>
    }
}
