//! The signed-in user's Organizations, with their role in each (R-ACC-3).

use crate::components::describe;
use crate::session::Session;
use api::{Account, ClientError};
use domain::role::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;

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
    let session = Session::get();
    move || {
        if session.is_signed_in() {
            view! { <OrganizationList /> }.into_any()
        } else {
            view! { <Redirect path="/login" /> }.into_any()
        }
    }
}

#[component]
fn OrganizationList() -> impl IntoView {
    let session = Session::get();
    let accounts = LocalResource::new(move || async move { session.client().accounts().await });
    let log_out = move |_| {
        let client = session.client();
        leptos::task::spawn_local(async move {
            // Revoke on the server; sign out here whatever it answers.
            let _ = client.log_out().await;
        });
        session.sign_out();
    };
    view! {
        <header class="page-header">
            <h1>"Your organizations"</h1>
            <button type="button" on:click=log_out>"Log out"</button>
        </header>
        <Transition fallback=|| view! { <p role="status" aria-live="polite">"Loading your organizations…"</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) => view! { <OrganizationTable accounts=list /> }.into_any(),
                    Err(ClientError::Api { status: 401, .. }) => {
                        // The token expired or was revoked: back to the log-in page.
                        session.sign_out();
                        ().into_any()
                    }
                    Err(error) => view! { <p class="form-error" role="alert">{describe(&error)}</p> }.into_any(),
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
