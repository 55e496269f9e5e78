//! The dashboard: the signed-in user's Organizations, with their role in each (R-ACC-3).

use crate::components::{Accounts, LoadError};
use crate::session::Session;
use api::Account;
use domain::role::Role;
use leptos::prelude::*;

/// The role's name as people read it, in the language shown.
pub fn role_label(role: Role) -> &'static str {
    crate::i18n::language().role_name(role)
}

#[component]
pub fn Organizations() -> impl IntoView {
    let Accounts(accounts) = expect_context::<Accounts>();
    let session = Session::get();
    let t = crate::i18n::t();
    view! {
        <h1>{t.organizations_title}</h1>
        <super::attention::NeedsAttention />
        <Transition fallback=move || view! { <p role="status">{t.loading_organizations}</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) => view! { <OrganizationTable accounts=list /> }.into_any(),
                    Err(error) => view! { <LoadError error=error on_retry=move |()| session.reload_accounts() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The Organizations as a table: name, the user's role, the number of users.
#[component]
pub fn OrganizationTable(accounts: Vec<Account>) -> impl IntoView {
    let t = crate::i18n::t();
    view! {
        <table>
            <caption>{t.organizations_caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_name}</th>
                    <th scope="col">{t.column_your_role}</th>
                    <th scope="col">{t.column_users}</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|account| {
                        view! {
                            <tr>
                                <th scope="row">{account.name}</th>
                                <td>{role_label(account.role)}</td>
                                <td>{account.nb_users}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
