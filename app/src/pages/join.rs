//! `/invitations/:key`, the page an invitation's link opens (R-USER-1, R-USER-2). It says who
//! invites the person to what, then: someone without an account gives a name and a password
//! and is signed in; someone with one logs in (the page comes back after) and accepts. A link
//! that was accepted, cancelled or expired says so and what to do.

use crate::components::{describe, field_error, focus_first_invalid, FormError, LoadError, TextField};
use crate::format::date;
use crate::i18n::{fill, t};
use crate::pages::organizations::role_label;
use crate::session::{login_path, Session};
use api::{AcceptInvitationRequest, ClientError, ErrorBody, FieldError, InvitationPreview};
use domain::account::{validate_password, validate_required};
use domain::invitation::InvitationStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn JoinOrganization() -> impl IntoView {
    let session = Session::get();
    let params = use_params_map();
    let key = move || params.with(|p| p.get("key").unwrap_or_default());
    let retry = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        retry.track();
        let key = key();
        async move { session.client().invitation_preview(&key).await }
    });
    let t = t();
    view! {
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(invitation) => view! { <Invited invitation=invitation key=key() /> }.into_any(),
                    // A key that names nothing: most often an old link, replaced when sent again.
                    Err(ClientError::Api { status: 404, .. }) => view! {
                        <h1>{t.invitation_heading}</h1>
                        <p role="alert">{t.invitation_link_unknown}</p>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <h1>{t.invitation_heading}</h1>
                        <LoadError error=error on_retry=move || retry.update(|r| *r += 1) />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Invited(invitation: InvitationPreview, key: String) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let organization = invitation.account_name.clone();
    let text = fill(
        t.join_text,
        &[
            ("organization", &organization),
            ("role", role_label(invitation.role_type)),
            ("email", &invitation.email),
            ("date", &date(invitation.expired_at)),
        ],
    );
    let answer = match invitation.status {
        InvitationStatus::Pending if !invitation.has_account => {
            view! { <NewAccount invitation=invitation.clone() key=key /> }.into_any()
        }
        InvitationStatus::Pending if session.is_signed_in() => {
            view! { <AcceptButton account_id=invitation.account_id key=key /> }.into_any()
        }
        InvitationStatus::Pending => {
            let here = format!("/invitations/{key}");
            view! {
                <p>{fill(t.join_existing_account, &[("email", &invitation.email)])}</p>
                <a class="button" href=login_path(&here, "")>{t.log_in_to_accept}</a>
            }
            .into_any()
        }
        InvitationStatus::Accepted => view! { <p role="status">{t.invitation_was_accepted}</p> }.into_any(),
        InvitationStatus::Cancelled => view! { <p role="status">{t.invitation_was_cancelled}</p> }.into_any(),
        InvitationStatus::Expired => {
            let text = fill(t.invitation_has_expired, &[("date", &date(invitation.expired_at))]);
            view! { <p role="status">{text}</p> }.into_any()
        }
    };
    let pending = invitation.status == InvitationStatus::Pending;
    view! {
        <section class="card" aria-labelledby="join-title">
            <h1 id="join-title">{fill(t.join_title, &[("organization", &organization)])}</h1>
            {pending.then(|| view! { <p id="join-text">{text}</p> })}
            {answer}
        </section>
    }
}

/// Signed in already, with an account of the invited address: one button.
#[component]
fn AcceptButton(account_id: i64, key: String) -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let accept = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (key, navigate) = (key.clone(), navigate.clone());
        spawn_local(async move {
            match session.client().accept_invitation(&key, &AcceptInvitationRequest::default()).await {
                Ok(_) => {
                    session.choose_account(account_id);
                    session.reload_accounts();
                    navigate("/", Default::default());
                }
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    let t = t();
    view! {
        <button type="button" aria-describedby="join-text" aria-busy=move || busy.get().to_string() disabled=busy on:click=accept>
            {move || if busy.get() { t.joining } else { t.accept_invitation }}
        </button>
        <FormError message=error />
    }
}

/// No account with the invited address yet: name and password create it, and sign in.
#[component]
fn NewAccount(invitation: InvitationPreview, key: String) -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let first_name = RwSignal::new(invitation.first_name.clone());
    let last_name = RwSignal::new(invitation.last_name.clone());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (email, account_id) = (invitation.email.clone(), invitation.account_id);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = AcceptInvitationRequest {
            password: Some(password.get_untracked()),
            first_name: Some(first_name.get_untracked()),
            last_name: Some(last_name.get_untracked()),
        };
        // The server's own checks, before anything is sent.
        let local: Vec<FieldError> = [
            ("first_name", validate_required(request.first_name.as_deref().unwrap_or_default())),
            ("last_name", validate_required(request.last_name.as_deref().unwrap_or_default())),
            ("password", validate_password(request.password.as_deref().unwrap_or_default())),
        ]
        .into_iter()
        .filter_map(|(attribute, result)| result.err().map(|e| FieldError::from_rule(attribute, &e)))
        .collect();
        if !local.is_empty() {
            let error = ErrorBody::local(local);
            focus_first_invalid(&error);
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        form_error.set(None);
        busy.set(true);
        let (key, email, navigate) = (key.clone(), email.clone(), navigate.clone());
        spawn_local(async move {
            match session.client().accept_invitation(&key, &request).await {
                // Signed in at once with what was just typed.
                Ok(_) => {
                    match session.client().log_in(&email, request.password.as_deref().unwrap_or_default(), None).await {
                        Ok(token) => {
                            session.sign_in(&token);
                            session.choose_account(account_id);
                            navigate("/", Default::default());
                        }
                        Err(_) => navigate("/login", Default::default()),
                    }
                }
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
        <p>{t.join_new_account}</p>
        <form on:submit=submit novalidate aria-labelledby="join-title">
            <TextField label=t.first_name id="first_name" value=first_name autocomplete="given-name" error=field_error(&errors, "first_name") />
            <TextField label=t.last_name id="last_name" value=last_name autocomplete="family-name" error=field_error(&errors, "last_name") />
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
                {move || if busy.get() { t.joining } else { t.accept_invitation }}
            </button>
        </form>
    }
}
