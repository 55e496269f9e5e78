//! The dashboard: the signed-in user's Organizations, with their role in each (R-ACC-3).

use crate::components::{Accounts, LoadError};
use crate::session::Session;
use api::Account;
use domain::role::Role;
use leptos::prelude::*;

/// The role's name as people read it.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Owner => "Legal representative",
        Role::Admin => "Administrator",
        Role::Normal => "Collaborator",
        Role::External => "External",
    }
}

#[component]
pub fn Organizations() -> impl IntoView {
    let Accounts(accounts) = expect_context::<Accounts>();
    let session = Session::get();
    view! {
        <h1>"Your organizations"</h1>
        <Transition fallback=|| view! { <p role="status">"Loading your organizations…"</p> }>
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
    view! {
        <table>
            <caption>"Organizations you belong to"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Your role"</th>
                    <th scope="col">"Users"</th>
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
