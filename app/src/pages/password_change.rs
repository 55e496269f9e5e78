//! The Security page's `Change your password`: the current password asked again, the new one
//! checked by the rule of sign-up before it is sent (the official `PATCH /2/profile`); every
//! other session of the account ends, this one stays.

use crate::components::{describe, field_error, focus_first_invalid, FormError, TextField};
use crate::i18n::t;
use crate::session::Session;
use api::{ClientError, ErrorBody, FieldError, UpdateProfileRequest};
use domain::account::validate_password;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ChangePassword() -> impl IntoView {
    let session = Session::get();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
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
        let (current_password, password) = (current.get_untracked(), new.get_untracked());
        let mut local = vec![];
        if current_password.is_empty() {
            local.push(FieldError::new("current_password", "required", "", Default::default()));
        }
        if let Err(problem) = validate_password(&password) {
            local.push(FieldError::from_rule("password", &problem));
        }
        let request = UpdateProfileRequest {
            current_password: Some(current_password),
            password: Some(password),
            ..Default::default()
        };
        if !local.is_empty() {
            let error = ErrorBody::local(local);
            focus_first_invalid(&error);
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        form_error.set(None);
        done.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.client().set_profile(&request).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    done.set(Some(t.password_changed.to_string()));
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
        <form class="card" on:submit=submit novalidate aria-labelledby="password-title">
            <h2 id="password-title">{t.change_password_title}</h2>
            <TextField
                label=t.current_password
                id="current_password"
                kind="password"
                value=current
                autocomplete="current-password"
                error=field_error(&errors, "current_password")
            />
            <TextField
                label=t.new_password
                id="password"
                kind="password"
                value=new
                autocomplete="new-password"
                hint=t.change_password_hint
                error=field_error(&errors, "password")
            />
            <FormError message=form_error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.changing_password } else { t.change_password }}
            </button>
            <p role="status">{move || done.get()}</p>
        </form>
    }
}
