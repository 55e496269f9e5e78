//! The invitations of the Users page that wait for an answer, or expired without one
//! (R-USER-2): each row's actions send it again (a new link, 7 more days) or cancel it. Only
//! those who may invite see the table; a row they may not act on (an invitation to be owner,
//! for an administrator, R-ROLE-2) has its controls disabled with the reason.

use crate::errors::denied_message;
use crate::format::date;
use crate::i18n::{fill, t};
use crate::pages::organizations::role_label;
use crate::session::Session;
use api::{ClientError, Invitation};
use domain::invitation::InvitationStatus;
use domain::role::{authorize, Action, Member, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn PendingInvitations(
    /// The signed-in member: the table is shown only if they may invite.
    me: Member,
    account_id: i64,
    /// The Organization's name, for the caption.
    organization: String,
    /// Bumped when the invitations may have changed (one was sent): they are asked again.
    version: RwSignal<u32>,
    /// A change went through: what to tell the person.
    on_done: Callback<String>,
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let may_invite = authorize(&me, Action::AddUser { role: Role::Normal }).is_ok();
    let invitations = LocalResource::new(move || {
        version.track();
        async move {
            if may_invite {
                session.invitations(account_id).await
            } else {
                Ok(vec![])
            }
        }
    });
    let t = t();
    view! {
        <Transition fallback=|| ()>
            {move || {
                let organization = organization.clone();
                Suspend::new(async move {
                    // A failure to list them is not the page's failure: the members are there.
                    let list = invitations.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <table>
                            <caption>{fill(t.pending_invitations_caption, &[("organization", &organization)])}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t.column_email}</th>
                                    <th scope="col">{t.column_role}</th>
                                    <th scope="col">{t.column_status}</th>
                                    <th scope="col">{t.column_valid_until}</th>
                                    <th scope="col">{t.column_actions}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|invitation| view! {
                                        <InvitationRow
                                            invitation=invitation
                                            me=me
                                            account_id=account_id
                                            on_done=on_done
                                            on_error=on_error
                                        />
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    })
                })
            }}
        </Transition>
    }
}

#[component]
fn InvitationRow(
    invitation: Invitation,
    me: Member,
    account_id: i64,
    on_done: Callback<String>,
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = invitation.id;
    let email = invitation.email.clone();
    // R-ROLE-2: an invitation to be owner is an owner's to manage.
    let refusal = authorize(&me, Action::AddUser { role: invitation.role_type }).err();
    let refused = refusal.is_some();
    let reason_id = format!("invitation-reason-{id}");
    let described_by = refusal.as_ref().map(|_| reason_id.clone());

    let act = move |resend: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let email = email.clone();
        spawn_local(async move {
            let client = session.client();
            let outcome = if resend {
                client
                    .resend_invitation(account_id, id)
                    .await
                    .map(|sent| fill(t().invitation_resent, &[("email", &email), ("date", &date(sent.expired_at))]))
            } else {
                client
                    .cancel_invitation(account_id, id)
                    .await
                    .map(|_| fill(t().invitation_cancelled, &[("email", &email)]))
            };
            busy.set(false);
            match outcome {
                Ok(message) => on_done.run(message),
                Err(error) => on_error.run(error),
            }
        });
    };
    let (resend, cancel) = (act.clone(), act);

    let t = t();
    let status = match invitation.status {
        InvitationStatus::Expired => t.invitation_expired,
        _ => t.invitation_pending,
    };
    view! {
        <tr>
            <th scope="row">{invitation.email.clone()}</th>
            <td>{role_label(invitation.role_type)}</td>
            <td>{status}</td>
            <td>{date(invitation.expired_at)}</td>
            <td>
                <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                    {fill(t.actions_for, &[("name", &invitation.email)])}
                </button>
                <div class="row-actions" hidden=move || !open.get()>
                    <button
                        type="button"
                        disabled=move || refused || busy.get()
                        aria-describedby=described_by.clone()
                        on:click=move |_| resend(true)
                    >
                        {t.send_again}
                    </button>
                    <button
                        type="button"
                        class="danger"
                        disabled=move || refused || busy.get()
                        aria-describedby=described_by
                        on:click=move |_| cancel(false)
                    >
                        {t.cancel_invitation}
                    </button>
                    {refusal.map(|why| view! { <p class="hint" id=reason_id>{denied_message(&why)}</p> })}
                </div>
            </td>
        </tr>
    }
}
