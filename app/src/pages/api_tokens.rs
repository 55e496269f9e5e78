//! `API tokens` (R-API-4): create a personal token with a name, scopes and an expiry (the
//! password asked again), see it once with `Copy`, list the tokens with their last use, and
//! revoke one. The scopes offered are `domain::api_access::TOKEN_SCOPES`, the server's own.

use crate::components::{
    describe, field_error, focus_first_invalid, CopyButton, FormError, LoadError, OutcomeNotices, PageOutcome,
    SelectField, TextField,
};
use crate::format::{date, now};
use crate::i18n::{fill, t, Texts};
use crate::session::Session;
use api::{ApiToken, ApiTokenRequest, ClientError, ErrorBody, FieldError};
use domain::api_access::TOKEN_SCOPES;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A scope's name on the page.
fn scope_label(t: &Texts, scope: &str) -> &'static str {
    match scope {
        "accounts" => t.scope_accounts,
        "products" => t.scope_products,
        "billing" => t.scope_billing,
        "user_info" => t.scope_user_info,
        _ => t.scope_support,
    }
}

/// The expiries offered, in days from now; 0 is never.
const EXPIRIES: [i64; 4] = [0, 30, 90, 365];

#[component]
pub fn ApiTokens() -> impl IntoView {
    let session = Session::get();
    let page = PageOutcome::new();
    let tokens = LocalResource::new(move || {
        page.version.track();
        async move { session.client().api_tokens().await }
    });
    let on_revoked = Callback::new(move |message: String| page.done(message));
    let on_error = Callback::new(move |failure: ClientError| page.failed(&failure));
    let t = t();
    view! {
        <h1>{t.nav_api_tokens}</h1>
        <p>{t.api_tokens_intro}</p>
        <CreateToken on_created=Callback::new(move |()| page.reload()) />
        <OutcomeNotices outcome=page />
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(list) if list.is_empty() => view! { <p>{t.no_tokens}</p> }.into_any(),
                    Ok(list) => view! { <TokenTable tokens=list on_revoked=on_revoked on_error=on_error /> }.into_any(),
                    Err(failure) => view! { <LoadError error=failure on_retry=move |()| page.reload() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The form; once a token is made, it is shown with `Copy`, this once.
#[component]
fn CreateToken(on_created: Callback<()>) -> impl IntoView {
    let session = Session::get();
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<&'static str>::new());
    let expiry = RwSignal::new("90".to_string());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let made = RwSignal::new(None::<ApiToken>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let days: i64 = expiry.get_untracked().parse().unwrap_or(0);
        let request = ApiTokenRequest {
            name: name.get_untracked().trim().to_string(),
            scopes: chosen.get_untracked().into_iter().map(String::from).collect(),
            expires_at: (days > 0).then(|| now().timestamp() + days * 86_400),
            password: password.get_untracked(),
        };
        // The same checks as the server's for what the page can know, before sending.
        let mut local = vec![];
        if request.name.is_empty() {
            local.push(FieldError::new("name", "required", "", Default::default()));
        }
        if request.scopes.is_empty() {
            local.push(FieldError::new("scopes", "choose_one", "", Default::default()));
        }
        if !local.is_empty() {
            let error = ErrorBody::local(local);
            focus_first_invalid(&error);
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        form_error.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.client().create_api_token(&request).await {
                Ok(token) => {
                    password.set(String::new());
                    name.set(String::new());
                    made.set(Some(token));
                    on_created.run(());
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
    let t = t();
    let expiries = EXPIRIES
        .iter()
        .map(|days| {
            let text = if *days == 0 {
                t.expiry_never.to_string()
            } else {
                fill(t.expiry_in_days, &[("days", &days.to_string())])
            };
            (days.to_string(), text)
        })
        .collect();
    let scopes_error = move || {
        errors.with(|e| {
            e.as_ref().and_then(|e| e.field("scopes")).map(|f| match f.code.as_str() {
                "choose_one" | "required" => t.field_choose_one.to_string(),
                _ => crate::errors::field_message(f),
            })
        })
    };
    view! {
        <form class="card" on:submit=submit novalidate aria-labelledby="create-token-title">
            <h2 id="create-token-title">{t.create_token}</h2>
            <TextField label=t.token_name id="name" value=name error=field_error(&errors, "name") />
            <fieldset id="scopes" tabindex="-1" aria-describedby="scopes-error">
                <legend>{t.token_scopes}</legend>
                {TOKEN_SCOPES
                    .into_iter()
                    .map(|scope| {
                        let id = format!("scope-{scope}");
                        view! {
                            <div class="check">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=move || chosen.with(|c| c.contains(&scope))
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        chosen.update(|c| {
                                            c.retain(|s| *s != scope);
                                            if on {
                                                c.push(scope);
                                            }
                                        });
                                    }
                                />
                                <label for=id>{scope_label(t, scope)}</label>
                            </div>
                        }
                    })
                    .collect_view()}
                <p class="field-error" id="scopes-error" role="alert">{scopes_error}</p>
            </fieldset>
            <SelectField label=t.token_expiry.to_string() id="expiry".to_string() value=expiry options=expiries />
            <TextField
                label=t.password_again
                id="password"
                kind="password"
                value=password
                autocomplete="current-password"
                hint=t.password_again_hint
                error=field_error(&errors, "password")
            />
            <FormError message=form_error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.creating_token } else { t.create_token }}
            </button>
        </form>
        {move || made.get().map(|token| {
            let secret = token.token.clone().unwrap_or_default();
            view! {
                <section class="card" aria-labelledby="token-made">
                    <p id="token-made" role="status">{fill(t.token_created, &[("name", &token.name)])}</p>
                    <p><code class="secret">{secret.clone()}</code></p>
                    <CopyButton text=secret />
                </section>
            }
        })}
    }
}

/// The tokens, each with its scopes, dates and last use, and `Revoke the token` in its actions.
#[component]
fn TokenTable(tokens: Vec<ApiToken>, on_revoked: Callback<String>, on_error: Callback<ClientError>) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let rows = tokens
        .into_iter()
        .map(|token| {
            let open = RwSignal::new(false);
            let scopes = token.scopes.iter().map(|s| scope_label(t, s)).collect::<Vec<_>>().join(", ");
            let expires = match (token.active, token.expires_at) {
                (false, _) => t.token_expired.to_string(),
                (true, Some(at)) => date(at),
                (true, None) => t.expiry_never.to_string(),
            };
            let (id, name) = (token.id, token.name.clone());
            let revoke = move |_| {
                let name = name.clone();
                spawn_local(async move {
                    match session.client().revoke_api_token(id).await {
                        Ok(_) => on_revoked.run(fill(t.token_revoked, &[("name", &name)])),
                        Err(failure) => on_error.run(failure),
                    }
                });
            };
            view! {
                <tr>
                    <th scope="row">{token.name.clone()}</th>
                    <td>{scopes}</td>
                    <td>{date(token.created_at)}</td>
                    <td>{expires}</td>
                    <td>{token.last_used_at.map(date).unwrap_or_else(|| t.never_used.to_string())}</td>
                    <td>
                        <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                            {fill(t.actions_for, &[("name", &token.name)])}
                        </button>
                        <div class="row-actions" hidden=move || !open.get()>
                            <button type="button" class="danger" on:click=revoke>{t.revoke_token}</button>
                        </div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{t.tokens_caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_name}</th>
                    <th scope="col">{t.column_scopes}</th>
                    <th scope="col">{t.column_created}</th>
                    <th scope="col">{t.token_expiry}</th>
                    <th scope="col">{t.column_last_used}</th>
                    <th scope="col">{t.column_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
