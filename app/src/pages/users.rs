//! `Users`: the members of the current Organization, inviting (R-USER-1), changing roles
//! (R-ROLE-1, 2, 6) and removing (R-ROLE-3, R-USER-3). What the signed-in member may do is asked
//! of `domain::role::authorize`, the same function the server asks; a control they may not use
//! is disabled with the reason as its description.

use crate::components::{
    describe, focus_first_invalid, CheckList, CurrentAccount, LoadError, ProductPicker, RolePicker, TextField,
    UserTable,
};
use crate::errors::{denied_message, field_message};
use crate::i18n::{fill, language, t};
use crate::pages::invitations::PendingInvitations;
use crate::session::Session;
use api::{ClientError, ErrorBody, InvitationNotifications, InvitationPermissions, InvitationRequest};
use domain::role::{authorize, billing_access, Action, Member, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

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
        {move || me.get().zip(current.get()).map(|(me, account)| {
            let account_id = account.id;
            view! {
                <PendingInvitations
                    me=me
                    account_id=account_id
                    organization=account.name
                    version=page.version
                    on_done=Callback::new(move |message| page.done(account_id, message))
                    on_error=Callback::new(move |error: ClientError| page.failed(&error))
                />
            }
        })}
        <Transition fallback=move || view! { <p role="status">{t.loading_users}</p> }>
            {move || Suspend::new(async move {
                let name = current.with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                match (users.await, me.get()) {
                    (Ok(list), Some(me)) => {
                        let (list_for_leave, name_for_leave) = (list.clone(), name.clone());
                        let account_id = current.with_untracked(|a| a.as_ref().map(|a| a.id)).unwrap_or_default();
                        view! {
                            <UserTable
                                users=list
                                me=me
                                account_id=account_id
                                organization=name
                                on_done=move |message| page.done(account_id, message)
                                on_error=move |error: ClientError| page.failed(&error)
                            />
                            <LeaveOrganization users=list_for_leave me=me account_id=account_id organization=name_for_leave />
                        }
                        .into_any()
                    }
                    (Err(error), _) => view! {
                        <LoadError error=error on_retry=move |()| page.version.update(|v| *v += 1) />
                    }.into_any(),
                    (Ok(_), None) => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// The invitation form's fields, by the API's attribute names.
const INVITE_FIELDS: [&str; 4] = ["email", "first_name", "last_name", "product_ids"];

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
    // R-ROLE-5: billing rights follow the role unless chosen; the contact preferences
    // (R-ROLE-8) are the invited person's from the start.
    let billing = RwSignal::new(None::<bool>);
    let notify_billing = RwSignal::new(false);
    let notify_products = RwSignal::new(false);
    // The teams the person joins on accepting: offered to those who manage teams, once the
    // form is opened (the Organization's teams, asked then).
    let teams_chosen = RwSignal::new(Vec::<i64>::new());
    let manages_teams = authorize(&me, Action::ManageTeams).is_ok();
    let teams = LocalResource::new(move || {
        let wanted = open.get() && manages_teams;
        let account_id = current.with(|a| a.as_ref().map(|a| a.id));
        async move {
            match (wanted, account_id) {
                (true, Some(id)) => session.client().teams(id).await.unwrap_or_default(),
                _ => vec![],
            }
        }
    });
    // R-ROLE-4: the products a collaborator or an external is given on accepting (owners and
    // administrators reach them all).
    let products_chosen = RwSignal::new(Vec::<i64>::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let busy = RwSignal::new(false);
    let chosen_role = move || Role::parse(&role.get()).unwrap_or(Role::Normal);
    // The box shows what the invited person will have; a role that fixes it disables it,
    // with the rule's reason (`domain::role::billing_access`).
    let billing_shown =
        move || billing_access(chosen_role(), billing.get()).unwrap_or(chosen_role().default_billing_access());
    let billing_fixed = move || {
        let role = chosen_role();
        billing_access(role, Some(!role.default_billing_access())).err()
    };

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
            notifications: InvitationNotifications {
                billing: notify_billing.get_untracked(),
                products: notify_products.get_untracked(),
            },
            permissions: InvitationPermissions {
                billing: billing.get_untracked().filter(|_| billing_fixed().is_none()),
            },
            teams: teams_chosen.get_untracked(),
            product_ids: if Role::parse(&role.get_untracked()).unwrap_or(Role::Normal).has_sufficient_rights() {
                vec![]
            } else {
                products_chosen.get_untracked()
            },
        };
        busy.set(true);
        spawn_local(async move {
            match session.client().invite(account_id, &request).await {
                Ok(sent) => {
                    errors.set(None);
                    open.set(false);
                    email.set(String::new());
                    teams_chosen.set(vec![]);
                    products_chosen.set(vec![]);
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
            <RolePicker label=t.role_field id="invite-role" value=role me=me />
            <div class="check">
                <input
                    type="checkbox"
                    id="invite-billing"
                    prop:checked=billing_shown
                    disabled=move || billing_fixed().is_some()
                    aria-describedby="invite-billing-why"
                    on:change:target=move |ev| billing.set(Some(ev.target().checked()))
                />
                <label for="invite-billing">{t.billing_rights}</label>
                <span class="hint" id="invite-billing-why">{move || billing_fixed().map(|why| denied_message(&why))}</span>
            </div>
            <fieldset>
                <legend>{t.mail_they_receive}</legend>
                <div class="check">
                    <input type="checkbox" id="invite-notify-billing" prop:checked=notify_billing on:change:target=move |ev| notify_billing.set(ev.target().checked()) />
                    <label for="invite-notify-billing">{t.mail_about_billing}</label>
                </div>
                <div class="check">
                    <input type="checkbox" id="invite-notify-products" prop:checked=notify_products on:change:target=move |ev| notify_products.set(ev.target().checked()) />
                    <label for="invite-notify-products">{t.mail_about_products}</label>
                </div>
            </fieldset>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = teams.await;
                    (!list.is_empty()).then(|| view! {
                        <fieldset>
                            <legend>{t.invite_teams}</legend>
                            <CheckList
                                items=list.into_iter().map(|team| (team.id, team.name)).collect()
                                chosen=teams_chosen
                                prefix="invite-team"
                            />
                        </fieldset>
                    })
                })}
            </Suspense>
            // Shown while the role chosen is one that products are given to.
            {move || {
                let account_id = current.with(|a| a.as_ref().map(|a| a.id))?;
                (open.get() && !chosen_role().has_sufficient_rights()).then(|| view! {
                    <fieldset>
                        <legend>{t.invite_products}</legend>
                        <ProductPicker account_id=account_id chosen=products_chosen prefix="invite-product" />
                        {move || field("product_ids").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </fieldset>
                })
            }}
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.send_invitation}</button>
        </form>
    }
}

/// `Leave <Organization>` (R-USER-3: one's teams, product access and support grants go with
/// the membership), asked once more before it is done; disabled for the last owner, with
/// R-ROLE-3's reason (`domain::membership::Members`, the server's rule).
#[component]
fn LeaveOrganization(users: Vec<api::AccountUser>, me: Member, account_id: i64, organization: String) -> impl IntoView {
    let session = Session::get();
    let navigate = leptos_router::hooks::use_navigate();
    let members = domain::membership::Members::from_stored(
        users
            .iter()
            .map(|u| Member { user_id: u.user_id, role: u.role_type, has_billing_access: u.has_billing_access })
            .collect(),
    );
    let refusal = members
        .clone()
        .remove(me.user_id, me.user_id, domain::membership::Holdings::default())
        .err()
        .map(|refusal| crate::errors::membership_refusal(&refusal));
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let t = t();
    let title = fill(t.leave_organization, &[("organization", &organization)]);
    let leave = move |_| {
        busy.set(true);
        let (navigate, organization) = (navigate.clone(), organization.clone());
        spawn_local(async move {
            match session.client().remove_account_user(account_id, me.user_id).await {
                Ok(_) => {
                    session.members_changed(account_id);
                    session.reload_accounts();
                    session.notice.set(Some(fill(t.left_organization, &[("organization", &organization)])));
                    navigate("/", Default::default());
                }
                Err(failure) => {
                    error.set(Some(describe(&failure)));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="leave-title">
            <h2 id="leave-title">{title.clone()}</h2>
            <p id="leave-why">{refusal.unwrap_or(t.leave_explained)}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button
                        type="button"
                        class="danger"
                        aria-describedby="leave-why"
                        disabled=refusal.is_some()
                        on:click=move |_| confirming.set(true)
                    >
                        {t.leave_button}
                    </button>
                }
            >
                <p role="alert">{t.leave_confirm}</p>
                <button type="button" class="danger" aria-busy=move || busy.get().to_string() disabled=busy on:click=leave.clone()>
                    {t.leave_confirm_button}
                </button>
                <button type="button" on:click=move |_| confirming.set(false)>{t.stay}</button>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
