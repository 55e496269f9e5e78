//! The console's components inside another Leptos app: what a frontend developer writes to
//! embed them. The app provides the session (the API client) and decides the layout; the
//! components bring their behaviour and the rules of the domain crate with them.

use app::components::{OrganizationSwitcher, UserTable};
use app::session::{current, Session};
use domain::role::Member;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The demo data's login, as `cargo xtask demo` prints it.
const DEMO_EMAIL: &str = "demo@example.com";
const DEMO_PASSWORD: &str = "demo-password";

fn main() {
    leptos::mount::mount_to_body(Embedded);
}

#[component]
fn Embedded() -> impl IntoView {
    let session = Session::provide();
    let failed = RwSignal::new(None::<String>);
    let log_in = move |_| {
        spawn_local(async move {
            match session.client().log_in(DEMO_EMAIL, DEMO_PASSWORD, None).await {
                Ok(token) => session.sign_in(&token),
                Err(error) => failed.set(Some(app::components::describe(&error))),
            }
        });
    };
    view! {
        <h1>"My own app, with the console's components"</h1>
        {move || failed.get().map(|f| view! { <p role="alert">{f}</p> })}
        <Show
            when=move || session.is_signed_in()
            fallback=move || view! { <button type="button" on:click=log_in>"Log in as the demo user"</button> }
        >
            <Members />
        </Show>
    }
}

/// The switcher, and the members of the Organization it shows.
#[component]
fn Members() -> impl IntoView {
    let session = Session::get();
    let accounts = session.accounts();
    let shown = Memo::new(move |_| {
        let list = accounts.get().and_then(Result::ok).unwrap_or_default();
        current(&list, session.chosen_account()).cloned()
    });
    let version = RwSignal::new(0);
    let members = LocalResource::new(move || {
        version.track();
        let account = shown.get();
        async move {
            match account {
                Some(account) => session.members(account.id).await.map(|users| Some((account, users))),
                None => Ok(None),
            }
        }
    });
    view! {
        <OrganizationSwitcher accounts=accounts current=shown />
        <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(None) => ().into_any(),
                    Ok(Some((account, users))) => {
                        let me = Member {
                            user_id: session.user_id().unwrap_or_default(),
                            role: account.role,
                            has_billing_access: account.billing,
                        };
                        let account_id = account.id;
                        view! {
                            <UserTable
                                users=users
                                me=me
                                account_id=account_id
                                organization=account.name
                                on_done=move |_| {
                                    session.members_changed(account_id);
                                    version.update(|v| *v += 1);
                                }
                                on_error=|_| ()
                            />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <p role="alert">{app::components::describe(&error)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
