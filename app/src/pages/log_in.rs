//! `Log in` with email and password (R-ACC-1), then, when the server answers `otp_required`
//! (R-2FA-1), the `Authentication code` (from the app, or a backup code) and `Verify`; when it
//! also offers push (R-2FA-2: a device of the person is signed in), `Waiting for approval`
//! while the log-in asks again every few seconds whether that device approved it.

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
    // Asked for once the server said the account has 2FA.
    let otp = RwSignal::new(String::new());
    let needs_code = RwSignal::new(false);
    // The push challenge this log-in waits on; cleared when answered, refused or expired.
    let push = RwSignal::new(None::<String>);
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
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
        let code = needs_code.get_untracked().then(|| otp.get_untracked().trim().to_string());
        if code.as_ref().is_some_and(String::is_empty) {
            form_error.set(Some(t().err_otp_required.into()));
            crate::components::focus_by_id("otp");
            return;
        }
        form_error.set(None);
        if code.is_some() {
            push.set(None); // a code typed instead: the waiting stops
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.client().log_in(&address, &secret, code.as_deref()).await {
                Ok(token) => {
                    push.set(None);
                    session.sign_in(&token);
                    navigate(&after_login(query.with_untracked(|q| q.get("next"))), Default::default());
                }
                // The password was right: now the second factor.
                Err(api::ClientError::OAuth { error, .. }) if error.error == "otp_required" => {
                    needs_code.set(true);
                    set_timeout(|| crate::components::focus_by_id("otp"), std::time::Duration::from_millis(50));
                    if let Some(key) = error.push_challenge_id {
                        push.set(Some(key.clone()));
                        wait_for_approval(WaitingLogIn {
                            session,
                            address,
                            secret,
                            key,
                            push,
                            alive,
                            form_error,
                            navigate: navigate.clone(),
                            next: query.with_untracked(|q| q.get("next")),
                        });
                    }
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
                {move || push.get().map(|_| view! {
                    <p class="notice" role="status" aria-busy="true"><strong>{t.waiting_for_approval}</strong>" "{t.waiting_for_approval_hint}</p>
                })}
                {move || needs_code.get().then(|| view! {
                    <p class="notice" role="status">{t.otp_prompt}</p>
                    <TextField label=t.authentication_code id="otp" value=otp autocomplete="one-time-code" />
                })}
                <FormError message=form_error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                    {move || match (busy.get(), needs_code.get()) {
                        (true, _) => t.logging_in,
                        (false, true) => t.verify,
                        (false, false) => t.log_in_button,
                    }}
                </button>
            </form>
            <p><a href="/password/forgot">{t.forgot_password_link}</a></p>
            <p><a href="/login/forgot">{t.forgot_login_link}</a></p>
            <p><a href="/report-abuse">{t.abuse_title}</a></p>
            <p>{t.new_here}" "<a href="/signup">{t.create_account_link}</a></p>
        </section>
    }
}

/// What a log-in waiting on a push needs to ask again.
struct WaitingLogIn<N: Fn(&str, leptos_router::NavigateOptions) + Clone + 'static> {
    session: Session,
    address: String,
    secret: String,
    key: String,
    push: RwSignal<Option<String>>,
    alive: StoredValue<bool>,
    form_error: RwSignal<Option<String>>,
    navigate: N,
    next: Option<String>,
}

/// How often a log-in waiting on a push asks again (the token endpoint is limited per
/// address: 20 a minute at most from here).
const ASK_AGAIN_MS: u64 = 3000;

/// Asks the token endpoint again, every few seconds, until the device answers, the request
/// expires, a code is typed instead (the challenge cleared) or the page is left.
fn wait_for_approval<N: Fn(&str, leptos_router::NavigateOptions) + Clone + 'static>(waiting: WaitingLogIn<N>) {
    set_timeout(
        move || {
            let still =
                waiting.alive.get_value() && waiting.push.get_untracked().as_deref() == Some(waiting.key.as_str());
            if !still {
                return;
            }
            let session = waiting.session;
            spawn_local(async move {
                match session.client().log_in_approved(&waiting.address, &waiting.secret, &waiting.key).await {
                    Ok(token) => {
                        waiting.push.set(None);
                        session.sign_in(&token);
                        (waiting.navigate)(&after_login(waiting.next.clone()), Default::default());
                    }
                    Err(error) if error.code() == Some("authorization_pending") => wait_for_approval(waiting),
                    Err(error) => {
                        waiting.push.set(None);
                        let said = match error.code() {
                            Some("access_denied") => t().log_in_refused_elsewhere.to_string(),
                            Some("expired_token") => t().approval_expired.to_string(),
                            _ => describe(&error),
                        };
                        waiting.form_error.set(Some(said));
                    }
                }
            });
        },
        std::time::Duration::from_millis(ASK_AGAIN_MS),
    );
}
