//! `Users`: the members of the current Organization, inviting (R-USER-1), changing roles
//! (R-ROLE-1, 2, 6) and removing (R-ROLE-3, R-USER-3). What the signed-in member may do is asked
//! of `domain::role::authorize`, the same function the server asks; a control they may not use
//! is disabled with the reason as its description.

use crate::components::{describe, focus_first_invalid, CurrentAccount, LoadError, SelectField, TextField};
use crate::errors::{denied_message, field_message};
use crate::i18n::{fill, language, t};
use crate::pages::organizations::role_label;
use crate::session::Session;
use api::{AccountUser, ClientError, ErrorBody, InvitationRequest, UpdateAccountUserRequest};
use domain::role::{authorize, Action, Member, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The roles as a select's options: (value, name in the language shown).
fn role_options() -> Vec<(&'static str, &'static str)> {
    Role::ALL.into_iter().map(|role| (role.as_str(), role_label(role))).collect()
}

/// Shared by the page's parts: reload the list after a change, and say what happened.
/// Holds the session because its methods run in async tasks, where context lookups fail.
#[derive(Clone, Copy)]
struct UsersPage {
    session: Session,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl UsersPage {
    /// A change went through: the members (and the Organizations' member counts) are asked
    /// again.
    fn done(&self, account_id: i64, message: String) {
        self.error.set(None);
        self.status.set(Some(message));
        self.session.members_changed(account_id);
        self.version.update(|v| *v += 1);
        self.session.reload_accounts();
    }

    fn failed(&self, error: &ClientError) {
        self.status.set(None);
        self.error.set(Some(describe(error)));
    }
}

#[component]
pub fn Users() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page =
        UsersPage { session, version: RwSignal::new(0), status: RwSignal::new(None), error: RwSignal::new(None) };
    let users = LocalResource::new(move || {
        page.version.track();
        let account_id = current.with(|a| a.as_ref().map(|a| a.id));
        async move {
            match account_id {
                Some(id) => session.members(id).await,
                None => Ok(vec![]),
            }
        }
    });
    // The signed-in member, as the rules see them.
    let me = Memo::new(move |_| {
        let account = current.get()?;
        Some(Member { user_id: session.user_id()?, role: account.role, has_billing_access: account.billing })
    });
    let t = t();
    view! {
        <h1>{t.users_title}</h1>
        {move || page.status.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
        {move || page.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || me.get().map(|me| view! { <InviteUser me=me page=page /> })}
        <Transition fallback=move || view! { <p role="status">{t.loading_users}</p> }>
            {move || Suspend::new(async move {
                let name = current.with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                match (users.await, me.get()) {
                    (Ok(list), Some(me)) => view! { <UserTable users=list me=me organization=name page=page /> }.into_any(),
                    (Err(error), _) => view! {
                        <LoadError error=error on_retry=move |()| page.version.update(|v| *v += 1) />
                    }.into_any(),
                    (Ok(_), None) => ().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserTable(users: Vec<AccountUser>, me: Member, organization: String, page: UsersPage) -> impl IntoView {
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
                {users.into_iter().map(|user| view! { <UserRow user=user me=me page=page /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserRow(user: AccountUser, me: Member, page: UsersPage) -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
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
        .map(|to| authorize(&me, Action::ChangeRole { target, to }))
        .collect();
    let role_refusal =
        if attempts.iter().all(Result::is_err) { attempts.into_iter().find_map(Result::err) } else { None };
    let remove_refusal = authorize(&me, Action::RemoveUser { target }).err();
    let id = user.user_id;
    let role_reason_id = format!("role-reason-{id}");
    let remove_reason_id = format!("remove-reason-{id}");

    let change_role = {
        let name = name.clone();
        move |_| {
            let Some(to) = Role::parse(&new_role.get_untracked()) else { return };
            let Some(account_id) = current.with_untracked(|a| a.as_ref().map(|a| a.id)) else { return };
            let name = name.clone();
            spawn_local(async move {
                let request = UpdateAccountUserRequest { role_type: Some(to), ..Default::default() };
                match session.client().update_account_user(account_id, id, &request).await {
                    Ok(_) => {
                        page.done(account_id, fill(t().role_changed, &[("name", &name), ("role", role_label(to))]))
                    }
                    Err(error) => page.failed(&error),
                }
            });
        }
    };
    let remove = {
        let name = name.clone();
        move |_| {
            let Some(account_id) = current.with_untracked(|a| a.as_ref().map(|a| a.id)) else { return };
            let name = name.clone();
            spawn_local(async move {
                match session.client().remove_account_user(account_id, id).await {
                    Ok(_) => page.done(account_id, fill(t().member_removed, &[("name", &name)])),
                    Err(error) => page.failed(&error),
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
                    <SelectField label=fill(t.new_role_for, &[("name", &user.display_name)]) id=format!("role-{id}") value=new_role options=role_options() />
                    <button
                        type="button"
                        disabled=role_refusal.is_some()
                        aria-describedby=role_refusal.as_ref().map(|_| role_reason_id.clone())
                        on:click=change_role
                    >
                        {t.change_role}
                    </button>
                    {role_refusal.map(|why| view! { <p class="hint" id=role_reason_id.clone()>{denied_message(&why)}</p> })}
                    <button
                        type="button"
                        class="danger"
                        disabled=remove_refusal.is_some()
                        aria-describedby=remove_refusal.as_ref().map(|_| remove_reason_id.clone())
                        on:click=move |_| confirming.set(true)
                    >
                        {t.remove_from_organization}
                    </button>
                    {remove_refusal.map(|why| view! { <p class="hint" id=remove_reason_id.clone()>{denied_message(&why)}</p> })}
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

/// The invitation form's fields, by the API's attribute names.
const INVITE_FIELDS: [&str; 3] = ["email", "first_name", "last_name"];

/// `Invite a user`: email, name, role (R-USER-1). The roles offered are those `me` may give.
#[component]
fn InviteUser(me: Member, page: UsersPage) -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let refusal = authorize(&me, Action::AddUser { role: Role::Normal }).err();
    let open = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let role = RwSignal::new("normal".to_string());
    let errors = RwSignal::new(None::<ErrorBody>);
    let busy = RwSignal::new(false);
    let options: Vec<(&'static str, &'static str)> = role_options()
        .into_iter()
        .filter(|(value, _)| Role::parse(value).is_some_and(|role| authorize(&me, Action::AddUser { role }).is_ok()))
        .collect();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(account_id) = current.with_untracked(|a| a.as_ref().map(|a| a.id)) else { return };
        if busy.get_untracked() {
            return;
        }
        let request = InvitationRequest {
            email: email.get_untracked().trim().to_string(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            // The invitation's mail speaks the language the inviter is using.
            locale: language().locale().into(),
            role_type: Role::parse(&role.get_untracked()).unwrap_or(Role::Normal),
            notifications: Default::default(),
            permissions: Default::default(),
        };
        busy.set(true);
        spawn_local(async move {
            match session.client().invite(account_id, &request).await {
                Ok(sent) => {
                    errors.set(None);
                    open.set(false);
                    email.set(String::new());
                    page.done(account_id, fill(t().invitation_sent, &[("email", &sent.email)]));
                }
                // Shown next to the fields, when they are fields of this form.
                Err(ClientError::Api { error, .. })
                    if !error.errors.is_empty()
                        && error.errors.iter().all(|e| INVITE_FIELDS.contains(&e.context.attribute.as_str())) =>
                {
                    focus_first_invalid(&error);
                    errors.set(Some(error));
                }
                Err(error) => page.failed(&error),
            }
            busy.set(false);
        });
    };
    let field = move |attribute: &'static str| {
        Signal::derive(move || errors.with(|e| e.as_ref().and_then(|e| e.field(attribute)).map(field_message)))
    };

    let t = t();
    view! {
        <div class="toolbar">
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                disabled=refusal.is_some()
                aria-describedby=refusal.as_ref().map(|_| "invite-reason")
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t.invite_user}
            </button>
            {refusal.map(|why| view! { <p class="hint" id="invite-reason">{denied_message(&why)}</p> })}
        </div>
        <form class="card" hidden=move || !open.get() on:submit=submit novalidate aria-label=t.invite_user>
            <TextField label=t.email id="email" kind="email" value=email error=field("email") />
            <TextField label=t.first_name id="first_name" value=first_name error=field("first_name") />
            <TextField label=t.last_name id="last_name" value=last_name error=field("last_name") />
            <SelectField label=t.role_field.into() id="invite-role".into() value=role options=options />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.send_invitation}</button>
        </form>
    }
}
