//! Security's `Mailboxes in webmail` (R-ID-*): the mailboxes the person uses, each saying
//! whether its password is its own or the login's; `Use my login password for …` when the
//! server offers it (R-ID-2, decided by `domain::recovery::unification`), disabled with the
//! rule's reason otherwise; `Stop using … in webmail`; and a form to use another mailbox,
//! proved by its own password.

use crate::components::{describe, FormError, TextField};
use crate::errors::field_message;
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AttachMailboxRequest, ClientError, Mailbox, UnifyPasswordsRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Mailboxes() -> impl IntoView {
    let session = Session::get();
    let version = RwSignal::new(0u32);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let mailboxes = LocalResource::new(move || {
        version.track();
        async move { session.client().my_mailboxes().await }
    });
    let t = t();
    let done = move |message: String| {
        error.set(None);
        status.set(Some(message));
        version.update(|v| *v += 1);
    };
    view! {
        <section aria-labelledby="mailboxes-title">
            <h2 id="mailboxes-title">{t.mailboxes_title}</h2>
            <p class="notice" role="status">{move || status.get()}</p>
            <FormError message=error />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match mailboxes.await {
                        Ok(list) if list.is_empty() => view! { <p>{t.mailboxes_none}</p> }.into_any(),
                        Ok(list) => list
                            .into_iter()
                            .map(|mailbox| view! { <MailboxCard mailbox=mailbox done=done error=error /> })
                            .collect_view()
                            .into_any(),
                        Err(failure) => view! { <p class="form-error" role="alert">{describe(&failure)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <UseMailbox done=done />
        </section>
    }
}

/// One mailbox: its password's state and what can be done with it.
#[component]
fn MailboxCard(
    mailbox: Mailbox,
    done: impl Fn(String) + Copy + 'static,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let password = RwSignal::new(String::new());
    let (id, email) = (mailbox.id, mailbox.email.clone());
    let unify = {
        let email = email.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = UnifyPasswordsRequest { current_password: password.get_untracked() };
            let email = email.clone();
            spawn_local(async move {
                match session.client().unify_mailbox_password(id, &request).await {
                    Ok(_) => done(fill(t.passwords_unified, &[("email", &email)])),
                    Err(ClientError::Api { error: body, .. }) if !body.errors.is_empty() => {
                        error.set(Some(field_message(&body.errors[0])))
                    }
                    Err(failure) => error.set(Some(describe(&failure))),
                }
            });
        }
    };
    let unlink = move |_| {
        spawn_local(async move {
            match session.client().unlink_mailbox(id).await {
                Ok(_) => done(String::new()),
                Err(failure) => error.set(Some(describe(&failure))),
            }
        });
    };
    let reason_id = format!("unify-reason-{id}");
    let state = if mailbox.unified { t.mailbox_unified } else { t.mailbox_own_password };
    let offer = (!mailbox.unified).then(|| {
        let offered = mailbox.may_unify;
        view! {
            <form on:submit=unify novalidate>
                {offered.then(|| view! {
                    <TextField label=t.your_login_password id="unify_password" kind="password" value=password autocomplete="current-password" />
                })}
                <button
                    type="submit"
                    disabled=!offered
                    aria-describedby=(!offered).then(|| reason_id.clone())
                >
                    {fill(t.unify_passwords, &[("email", &email)])}
                </button>
                {(!offered).then(|| view! { <p class="reason" id=reason_id.clone()>{t.unify_not_offered}</p> })}
            </form>
        }
    });
    view! {
        <div class="card" role="group" aria-label=mailbox.email.clone()>
            <p>
                <strong>{mailbox.email.clone()}</strong>
                {mailbox.is_primary.then(|| view! { " · " {t.mailbox_primary} })}
            </p>
            <p>{state}</p>
            {offer}
            <button type="button" class="secondary" on:click=unlink>
                {fill(t.stop_using_mailbox, &[("email", &mailbox.email)])}
            </button>
        </div>
    }
}

/// Another mailbox, proved by its own password (the same answer whether the address or the
/// password is wrong).
#[component]
fn UseMailbox(done: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let address = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let email = address.get_untracked().trim().to_string();
        let request =
            AttachMailboxRequest { email: email.clone(), password: password.get_untracked(), is_primary: None };
        busy.set(true);
        spawn_local(async move {
            match session.client().attach_mailbox(&request).await {
                Ok(_) => {
                    address.set(String::new());
                    password.set(String::new());
                    error.set(None);
                    done(fill(t.mailbox_added, &[("email", &email)]));
                }
                // Whichever was wrong, the server does not say: neither does the page.
                Err(ClientError::Api { status: 422, .. }) => error.set(Some(t.mailbox_not_proved.into())),
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <TextField label=t.mailbox_address id="mailbox_address" kind="email" value=address autocomplete="off" />
            <TextField label=t.mailbox_password id="mailbox_password" kind="password" value=password autocomplete="off" />
            <FormError message=error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.use_mailbox}</button>
        </form>
    }
}
