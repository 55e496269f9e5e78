//! The members of an Organization as a table, with each row's actions: change the role
//! (R-ROLE-1, 2, 6) and remove (R-ROLE-3, R-USER-3). What the signed-in member may do is asked
//! of `domain::membership::Members`, the functions the server asks (the role rules and the
//! last legal representative's, R-ROLE-3); a control they may not use is disabled with the
//! reason as its description.

use crate::components::RolePicker;
use crate::errors::membership_refusal;
use crate::i18n::{fill, t};
use crate::pages::organizations::role_label;
use crate::session::Session;
use api::{AccountUser, ClientError, UpdateAccountUserRequest};
use domain::membership::{Holdings, Members};
use domain::role::{authorize, Action, Member, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Needs a [`Session`] in context (the API client); after a change it calls `on_done` with a
/// sentence saying what changed, and the host loads the members again.
///
/// ```no_run
/// use app::components::UserTable;
/// use domain::role::{Member, Role};
/// use leptos::prelude::*;
///
/// # fn sample(users: Vec<api::AccountUser>) -> impl IntoView {
/// let me = Member { user_id: 1, role: Role::Owner, has_billing_access: true };
/// view! {
///     <UserTable
///         users=users
///         me=me
///         account_id=42
///         organization="Acme".to_string()
///         on_done=|message: String| leptos::logging::log!("{message}")
///         on_error=|_| ()
///     />
/// }
/// # }
/// ```

#[component]
pub fn UserTable(
    /// The members to show.
    users: Vec<AccountUser>,
    /// The signed-in member, as the rules see them: decides which controls are enabled.
    me: Member,
    /// The Organization the members belong to.
    account_id: i64,
    /// Its name, for the table's caption.
    organization: String,
    /// A change went through: what to tell the person.
    #[prop(into)]
    on_done: Callback<String>,
    /// A change was refused or failed.
    #[prop(into)]
    on_error: Callback<ClientError>,
) -> impl IntoView {
    // The members as the rules see them: the last owner is known from the list.
    let members = Members::from_stored(
        users
            .iter()
            .map(|u| Member { user_id: u.user_id, role: u.role_type, has_billing_access: u.has_billing_access })
            .collect(),
    );
    let t = t();
    view! {
        <table>
            <caption>{fill(t.users_caption, &[("organization", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_name}</th>
                    <th scope="col">{t.column_email}</th>
                    <th scope="col">{t.column_role}</th>
                    <th scope="col">{t.column_billing}</th>
                    <th scope="col">{t.column_actions}</th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|user| view! { <UserRow user=user me=me members=members.clone() account_id=account_id on_done=on_done on_error=on_error /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserRow(
    user: AccountUser,
    me: Member,
    members: Members,
    account_id: i64,
    on_done: Callback<String>,
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let target = Member { user_id: user.user_id, role: user.role_type, has_billing_access: user.has_billing_access };
    let name = user.display_name.clone();
    let open = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let new_role = RwSignal::new(user.role_type.as_str().to_string());

    // Why a control is disabled, if it is. "Change role" is disabled only when no other role
    // may be given (its reason: the first refusal); a refused choice is explained on saving.
    let attempts: Vec<_> = Role::ALL
        .into_iter()
        .filter(|to| *to != target.role)
        .map(|to| members.clone().change_role(me.user_id, target.user_id, to))
        .collect();
    let role_refusal =
        if attempts.iter().all(Result::is_err) { attempts.into_iter().find_map(Result::err) } else { None };
    let remove_refusal = members.clone().remove(me.user_id, target.user_id, Holdings::default()).err();
    // R-ROLE-4: products are given to a collaborator or an external, by a manager.
    let gives_products = authorize(&me, Action::ChangeProductAccess { target }).is_ok()
        && domain::membership::direct_grants(target.role, &[], &Default::default()).is_ok();
    let member_for_products = user.clone();
    // R-ROLE-8: one's own mail, or a manager's choice for another.
    let sets_mail = authorize(&me, Action::ChangeContactPreferences { target }).is_ok();
    let member_for_mail = user.clone();
    let id = user.user_id;
    let role_reason_id = format!("role-reason-{id}");
    let remove_reason_id = format!("remove-reason-{id}");

    let change_role = {
        let name = name.clone();
        move |_| {
            let Some(to) = Role::parse(&new_role.get_untracked()) else { return };
            let name = name.clone();
            spawn_local(async move {
                let request = UpdateAccountUserRequest { role_type: Some(to), ..Default::default() };
                match session.client().update_account_user(account_id, id, &request).await {
                    Ok(_) => on_done.run(fill(t().role_changed, &[("name", &name), ("role", role_label(to))])),
                    Err(error) => on_error.run(error),
                }
            });
        }
    };
    let remove = {
        let name = name.clone();
        move |_| {
            let name = name.clone();
            spawn_local(async move {
                match session.client().remove_account_user(account_id, id).await {
                    Ok(_) => on_done.run(fill(t().member_removed, &[("name", &name)])),
                    Err(error) => on_error.run(error),
                }
            });
        }
    };

    let t = t();
    view! {
        <tr>
            <th scope="row">{user.display_name.clone()}</th>
            <td>{user.email.clone()}</td>
            <td>{role_label(user.role_type)}</td>
            <td>{if user.has_billing_access { t.yes } else { t.no }}</td>
            <td>
                <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                    {fill(t.actions_for, &[("name", &name)])}
                </button>
                <div class="row-actions" hidden=move || !open.get()>
                    <RolePicker label=fill(t.new_role_for, &[("name", &user.display_name)]) id=format!("role-{id}") value=new_role />
                    <button
                        type="button"
                        disabled=role_refusal.is_some()
                        aria-describedby=role_refusal.as_ref().map(|_| role_reason_id.clone())
                        on:click=change_role
                    >
                        {t.change_role}
                    </button>
                    {role_refusal.map(|why| view! { <p class="hint" id=role_reason_id.clone()>{membership_refusal(&why)}</p> })}
                    <button
                        type="button"
                        class="danger"
                        disabled=remove_refusal.is_some()
                        aria-describedby=remove_refusal.as_ref().map(|_| remove_reason_id.clone())
                        on:click=move |_| confirming.set(true)
                    >
                        {t.remove_from_organization}
                    </button>
                    {remove_refusal.map(|why| view! { <p class="hint" id=remove_reason_id.clone()>{membership_refusal(&why)}</p> })}
                    // Asks the server for products only once the row's actions are open.
                    {move || (gives_products && open.get()).then(|| view! {
                        <super::ProductAccess user=member_for_products.clone() account_id=account_id on_done=on_done on_error=on_error />
                    })}
                    {sets_mail.then(|| view! {
                        <super::MailPreferences user=member_for_mail account_id=account_id on_done=on_done on_error=on_error />
                    })}
                    <div role="group" aria-label=t.confirm_removal hidden=move || !confirming.get()>
                        <p>{fill(t.remove_question, &[("name", &user.display_name)])}</p>
                        <button type="button" class="danger" on:click=remove>{t.yes_remove}</button>
                        <button type="button" class="quiet" on:click=move |_| confirming.set(false)>{t.cancel}</button>
                    </div>
                </div>
            </td>
        </tr>
    }
}
