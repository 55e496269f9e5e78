//! `Support access` (R-SUP-*): one switch per kind of content of the current Organization,
//! with the date an open access closes by itself, and the accesses given there. A switch
//! turned on lets Support read every item of its kind (the Organization's products of the
//! types `domain::support::Scope::product_types` names, that have not ended); turned off,
//! it closes the open accesses of that kind at once.

use crate::components::{CurrentAccount, LoadError, OutcomeNotices, PageOutcome};
use crate::format::date;
use crate::i18n::{fill, t, Texts};
use crate::session::Session;
use api::{Client, ClientError, Product, ProductQuery, SupportAccess, SupportAccessRequest};
use domain::lifecycle::ProductStatus;
use domain::support::{GrantStatus, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A kind's name on the page.
fn kind_name(t: &Texts, scope: Scope) -> &'static str {
    match scope {
        Scope::Mail => t.support_mail,
        Scope::Kdrive => t.support_kdrive,
        Scope::Kchat => t.support_kchat,
        Scope::SingleEmail => t.support_single_email,
    }
}

/// What the page shows for one Organization: the items of each kind, and the accesses given.
#[derive(Clone)]
struct Loaded {
    items: Vec<(Scope, Vec<i64>)>,
    grants: Vec<SupportAccess>,
}

/// The Organization's items of each kind that Support could read: its products of the kind's
/// types that have not ended, every page of them (a switch shares them all, not the first
/// hundred).
async fn load<T: api::Transport>(client: &Client<T>, account_id: i64) -> Result<Loaded, ClientError> {
    // The most the products list gives a page.
    const PER_PAGE: u64 = 100;
    let mut products: Vec<Product> = vec![];
    for kind in ["email_hosting", "drive", "ksuite"] {
        let mut page = 1;
        loop {
            let query = ProductQuery {
                service_name: Some(kind.into()),
                per_page: Some(PER_PAGE),
                page: Some(page),
                ..Default::default()
            };
            let found = client.products(account_id, &query).await?;
            let last = (found.items.len() as u64) < PER_PAGE || page * PER_PAGE >= found.total;
            products.extend(found.items);
            if last {
                break;
            }
            page += 1;
        }
    }
    let items = Scope::SWITCHES
        .into_iter()
        .map(|scope| {
            let types = scope.product_types().unwrap_or_default();
            let ids = products
                .iter()
                .filter(|p| types.contains(&p.service_name.as_str()) && p.status != ProductStatus::Terminated)
                .map(|p| p.id)
                .collect();
            (scope, ids)
        })
        .collect();
    Ok(Loaded { items, grants: client.support_accesses(account_id).await? })
}

#[component]
pub fn SupportAccessPage() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page = PageOutcome::new();
    let loaded = LocalResource::new(move || {
        page.version.track();
        let account_id = current.with(|a| a.as_ref().map(|a| a.id));
        async move {
            match account_id {
                Some(id) => load(&session.client(), id).await.map(|l| Some((id, l))),
                None => Ok(None),
            }
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_support_access}</h1>
        <p>{t.support_intro}</p>
        <OutcomeNotices outcome=page />
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let organization = current.with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                match loaded.await {
                    Ok(Some((account_id, loaded))) => {
                        let on_done = Callback::new(move |message: String| page.done(message));
                        let on_error = Callback::new(move |failure: ClientError| page.failed(&failure));
                        view! {
                            <Switches account_id=account_id organization=organization.clone() loaded=loaded.clone() on_done=on_done on_error=on_error />
                            <Given organization=organization grants=loaded.grants />
                        }
                        .into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(failure) => view! { <LoadError error=failure on_retry=move |()| page.reload() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One switch per kind (UI.md), on while an access of that kind is open.
#[component]
fn Switches(
    account_id: i64,
    organization: String,
    loaded: Loaded,
    on_done: Callback<String>,
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let busy = RwSignal::new(false);
    let t = t();
    let switches = loaded
        .items
        .into_iter()
        .map(|(scope, items)| {
            let open: Vec<&SupportAccess> =
                loaded.grants.iter().filter(|g| g.scope == scope && g.status == GrantStatus::Active).collect();
            let closes = open.iter().map(|g| g.expires_at).max();
            let open_ids: Vec<i64> = open.iter().map(|g| g.id).collect();
            let on = closes.is_some();
            let nothing = items.is_empty() && !on;
            let state_id = format!("support-{}", scope.as_str());
            let state = match closes {
                Some(until) => fill(t.support_open_until, &[("date", &date(until))]),
                None if nothing => t.support_nothing_to_share.to_string(),
                None => t.support_closed.to_string(),
            };
            let toggle = move |_| {
                if busy.get_untracked() {
                    return;
                }
                busy.set(true);
                let (items, open_ids) = (items.clone(), open_ids.clone());
                spawn_local(async move {
                    let client = session.client();
                    let t = crate::i18n::t();
                    let kind = kind_name(t, scope);
                    let outcome = if on {
                        let mut closed = Ok(());
                        for id in open_ids {
                            if let Err(e) = client.revoke_support_access(id).await {
                                closed = Err(e);
                                break;
                            }
                        }
                        closed.map(|()| fill(t.support_now_closed, &[("kind", kind)]))
                    } else {
                        let request = SupportAccessRequest { account_id, scope, resource_ids: items };
                        client
                            .grant_support_access(&request)
                            .await
                            .map(|g| fill(t.support_now_open, &[("kind", kind), ("date", &date(g.expires_at))]))
                    };
                    busy.set(false);
                    match outcome {
                        Ok(message) => on_done.run(message),
                        Err(failure) => on_error.run(failure),
                    }
                });
            };
            view! {
                <li>
                    <button
                        type="button"
                        role="switch"
                        class="switch"
                        aria-checked=on.to_string()
                        aria-describedby=state_id.clone()
                        aria-busy=move || busy.get().to_string()
                        disabled=move || nothing || busy.get()
                        on:click=toggle
                    >
                        {kind_name(t, scope)}
                    </button>
                    <span class="hint" id=state_id>{state}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="support-switches">
            <h2 id="support-switches">{fill(t.support_switches, &[("organization", &organization)])}</h2>
            <ul class="switches">{switches}</ul>
        </section>
    }
}

/// The accesses given in this Organization, newest first, each with when it closes.
#[component]
fn Given(organization: String, grants: Vec<SupportAccess>) -> impl IntoView {
    let t = t();
    (!grants.is_empty()).then(|| {
        let rows = grants
            .into_iter()
            .map(|grant| {
                let status = match grant.status {
                    GrantStatus::Active => t.grant_active,
                    GrantStatus::Expired => t.grant_expired,
                    GrantStatus::Revoked => t.grant_revoked,
                };
                let closes = grant.revoked_at.unwrap_or(grant.expires_at);
                view! {
                    <tr>
                        <th scope="row">{kind_name(t, grant.scope)}</th>
                        <td>{date(grant.created_at)}</td>
                        <td>{date(closes)}</td>
                        <td>{status}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <caption>{fill(t.support_caption, &[("organization", &organization)])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.column_content}</th>
                        <th scope="col">{t.column_given}</th>
                        <th scope="col">{t.column_closes}</th>
                        <th scope="col">{t.column_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    })
}
