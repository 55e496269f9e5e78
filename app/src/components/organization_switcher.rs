use api::{Account, ClientError};
use leptos::prelude::*;

/// The `Organization: <name>` button and the list it opens: choosing one switches everything
/// without a new log-in (R-ACC-3); `Create an organization` ends the list. Esc closes it.
/// Needs a [`crate::session::Session`] in context, unless `on_choose` is given.
///
/// ```no_run
/// use app::components::OrganizationSwitcher;
/// use app::session::Session;
/// use leptos::prelude::*;
///
/// # fn sample() -> impl IntoView {
/// let session = Session::provide();
/// let accounts = session.accounts();
/// let current = Memo::new(move |_| {
///     let list = accounts.get().and_then(Result::ok).unwrap_or_default();
///     app::session::current(&list, session.chosen_account()).cloned()
/// });
/// view! { <OrganizationSwitcher accounts=accounts current=current /> }
/// # }
/// ```
#[component]
pub fn OrganizationSwitcher(
    /// The user's Organizations.
    accounts: LocalResource<Result<Vec<Account>, ClientError>>,
    /// The one shown now.
    current: Memo<Option<Account>>,
    /// What choosing one does; by default, the session switches to it.
    #[prop(optional, into)]
    on_choose: Option<Callback<i64>>,
) -> impl IntoView {
    let session = crate::session::Session::get();
    let choose = on_choose.unwrap_or_else(|| Callback::new(move |id| session.choose_account(id)));
    let open = RwSignal::new(false);
    let t = crate::i18n::t();
    let label = move || {
        let name = current.with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
        crate::i18n::fill(t.switcher_label, &[("name", &name)])
    };
    let list = move || {
        let current_id = current.with(|a| a.as_ref().map(|a| a.id));
        accounts
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|account| {
                let id = account.id;
                let is_current = Some(id) == current_id;
                view! {
                    <li>
                        <button
                            type="button"
                            aria-current=if is_current { Some("true") } else { None }
                            on:click=move |_| {
                                choose.run(id);
                                open.set(false);
                            }
                        >
                            {account.name}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div
            class="switcher"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="switcher-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="organization-list"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <ul id="organization-list" class="switcher-list" hidden=move || !open.get()>
                {list}
                <li>
                    <a href="/organizations/new" on:click=move |_| open.set(false)>{t.create_organization_link}</a>
                </li>
            </ul>
        </div>
    }
}
