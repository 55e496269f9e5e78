//! The Security page's `Active sessions`: where the account is signed in (each log-in, with
//! when it began and was last renewed), and ending one, which logs it out wherever it is.

use crate::components::{LoadError, OutcomeNotices, PageOutcome};
use crate::format::date;
use crate::i18n::t;
use crate::session::Session;
use api::ActiveSession;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ActiveSessions() -> impl IntoView {
    let session = Session::get();
    let page = PageOutcome::new();
    let sessions = LocalResource::new(move || {
        page.version.track();
        async move { session.client().sessions().await }
    });
    let t = t();
    view! {
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t.sessions_title}</h2>
            <OutcomeNotices outcome=page />
            <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => {
                            let rows = list
                                .into_iter()
                                .map(|s| view! { <SessionRow active=s page=page /> })
                                .collect_view();
                            view! {
                                <table>
                                    <caption>{t.sessions_caption}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.column_kind}</th>
                                            <th scope="col">{t.column_signed_in}</th>
                                            <th scope="col">{t.column_last_active}</th>
                                            <th scope="col">{t.column_actions}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }
                            .into_any()
                        }
                        Err(failure) => view! { <LoadError error=failure on_retry=move || page.reload() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionRow(active: ActiveSession, page: PageOutcome) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let kind = match (active.current, active.client.as_str()) {
        (true, _) => t.this_session,
        (false, "console") => t.session_console,
        _ => t.session_script,
    };
    let id = active.id;
    let end = move |_| {
        spawn_local(async move {
            match session.client().end_session(id).await {
                Ok(_) => page.done(t.session_ended.to_string()),
                Err(failure) => page.failed(&failure),
            }
        });
    };
    view! {
        <tr>
            <th scope="row">{kind}</th>
            <td>{date(active.signed_in_at)}</td>
            <td>{date(active.last_active_at)}</td>
            <td><button type="button" class="danger" on:click=end>{t.end_session}</button></td>
        </tr>
    }
}
