//! Security's `Log-ins waiting for your approval` (R-2FA-2): while the page is open, the
//! log-ins that wait for this device (asked again every few seconds), each with `Approve the
//! log-in` and `Refuse the log-in`. Who may answer, and when, is `domain::twofa::push`'s rule,
//! applied by the server: the list holds only what this device may answer.

use crate::components::{describe, FormError};
use crate::format::date;
use crate::i18n::t;
use crate::session::Session;
use api::WaitingLogIn;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How often the list is asked again while the page is open.
const EVERY_MS: u64 = 4000;

#[component]
pub fn PushApprovals() -> impl IntoView {
    let session = Session::get();
    let waiting = RwSignal::new(Vec::<WaitingLogIn>::new());
    let status = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<String>);
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
    let refresh = move || {
        spawn_local(async move {
            if let Ok(list) = session.client().waiting_log_ins().await {
                waiting.set(list);
            }
        });
    };
    refresh();
    // Asked again while the page is shown; the timer ends with it.
    fn again(alive: StoredValue<bool>, refresh: impl Fn() + Clone + 'static) {
        set_timeout(
            move || {
                if alive.get_value() {
                    refresh();
                    again(alive, refresh);
                }
            },
            std::time::Duration::from_millis(EVERY_MS),
        );
    }
    again(alive, refresh);
    let t = t();
    let answer = move |id: i64, approve: bool| {
        spawn_local(async move {
            match session.client().answer_log_in(id, approve).await {
                Ok(_) => {
                    error.set(None);
                    status.set(Some(if approve { t.log_in_approved } else { t.log_in_refused }));
                    waiting.update(|list| list.retain(|w| w.id != id));
                }
                Err(failure) => error.set(Some(describe(&failure))),
            }
        });
    };
    view! {
        <section aria-labelledby="push-title">
            <h2 id="push-title">{t.push_title}</h2>
            <p class="notice" role="status">{move || status.get()}</p>
            <FormError message=error />
            {move || {
                let list = waiting.get();
                if list.is_empty() {
                    return view! { <p>{t.push_none}</p> }.into_any();
                }
                list.into_iter()
                    .map(|log_in| {
                        let id = log_in.id;
                        let what = if log_in.client == "console" { t.session_console } else { t.session_script };
                        view! {
                            <div class="card" role="group" aria-label=t.push_title>
                                <p>{what}" — "{date(log_in.created_at)}</p>
                                <button type="button" on:click=move |_| answer(id, true)>{t.approve_log_in}</button>
                                <button type="button" class="danger" on:click=move |_| answer(id, false)>{t.refuse_log_in}</button>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
}
