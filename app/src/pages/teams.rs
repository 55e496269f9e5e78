//! `Teams` (R-TEAM-*): the Organization's teams with their leader, members and products.
//! Owners and admins create one, and in its row's actions choose several members at once, the
//! leader among them, and the products the team gives access to (R-ROLE-4); other members
//! see the teams they are in. What may be done is `domain::role::authorize`'s.

use crate::components::{
    CheckList, CurrentAccount, LoadError, OutcomeNotices, PageOutcome, ProductPicker, SelectField, TextField,
};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AccountUser, ClientError, Team, TeamRequest};
use domain::role::{authorize, Action, Member};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the page shows for one Organization.
#[derive(Clone)]
struct Loaded {
    account_id: i64,
    teams: Vec<Team>,
    members: Vec<AccountUser>,
}

#[component]
pub fn Teams() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page = PageOutcome::new();
    let manager = Memo::new(move |_| {
        let account = current.get()?;
        let me = Member { user_id: session.user_id()?, role: account.role, has_billing_access: account.billing };
        Some(authorize(&me, Action::ManageTeams).is_ok())
    });
    let loaded = LocalResource::new(move || {
        page.version.track();
        let account_id = current.with(|a| a.as_ref().map(|a| a.id));
        let manages = manager.get().unwrap_or(false);
        async move {
            let Some(account_id) = account_id else { return Ok(None) };
            let client = session.client();
            let teams = client.teams(account_id).await?;
            // Those who manage teams choose among the members (and the products, in each row).
            let members = if manages { session.members(account_id).await? } else { vec![] };
            Ok::<_, ClientError>(Some(Loaded { account_id, teams, members }))
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_teams}</h1>
        <p>{t.teams_intro}</p>
        {move || (manager.get() == Some(true)).then(|| view! { <CreateTeam page=page /> })}
        <OutcomeNotices outcome=page />
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let organization = current.with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                match loaded.await {
                    Ok(Some(loaded)) if loaded.teams.is_empty() => view! { <p>{t.no_teams}</p> }.into_any(),
                    Ok(Some(loaded)) => {
                        let manages = manager.get_untracked() == Some(true);
                        view! { <TeamTable loaded=loaded organization=organization manages=manages page=page /> }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(failure) => view! { <LoadError error=failure on_retry=move |()| page.reload() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `Create a team`: a name.
#[component]
fn CreateTeam(page: PageOutcome) -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(account_id) = current.with_untracked(|a| a.as_ref().map(|a| a.id)) else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let request = TeamRequest { name: Some(name.get_untracked()), ..Default::default() };
        spawn_local(async move {
            match session.client().create_team(account_id, &request).await {
                Ok(team) => {
                    name.set(String::new());
                    page.done(fill(t().team_created, &[("name", &team.name)]));
                }
                Err(failure) => page.failed(&failure),
            }
            busy.set(false);
        });
    };
    let t = t();
    view! {
        <form class="card" on:submit=submit aria-labelledby="create-team-title">
            <h2 id="create-team-title">{t.create_team}</h2>
            <TextField label=t.team_name id="team-name" value=name />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.create_the_team}</button>
        </form>
    }
}

#[component]
fn TeamTable(loaded: Loaded, organization: String, manages: bool, page: PageOutcome) -> impl IntoView {
    let t = t();
    let name_of = {
        let members = loaded.members.clone();
        move |id: i64| members.iter().find(|m| m.user_id == id).map(|m| m.display_name.clone())
    };
    let rows = loaded
        .teams
        .iter()
        .map(|team| {
            let leader = team.owned_by_id.and_then(&name_of).unwrap_or_else(|| t.no_leader.to_string());
            view! {
                <TeamRow team=team.clone() leader=leader loaded=loaded.clone() manages=manages page=page />
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.teams_caption, &[("organization", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_name}</th>
                    <th scope="col">{t.leader}</th>
                    <th scope="col">{t.column_members}</th>
                    <th scope="col">{t.nav_products}</th>
                    {manages.then(|| view! { <th scope="col">{t.column_actions}</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A team's row; its actions choose the members (several at once), the leader among them
/// and the products, saved together, or delete the team.
#[component]
fn TeamRow(team: Team, leader: String, loaded: Loaded, manages: bool, page: PageOutcome) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let chosen_members = RwSignal::new(team.user_ids.clone());
    let chosen_products = RwSignal::new(team.product_ids.clone());
    let chosen_leader = RwSignal::new(team.owned_by_id.map(|id| id.to_string()).unwrap_or_default());
    let (account_id, team_id, name) = (loaded.account_id, team.id, team.name.clone());
    let before = team.user_ids.clone();

    let save = {
        let name = name.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let members = chosen_members.get_untracked();
            let added: Vec<i64> = members.iter().copied().filter(|id| !before.contains(id)).collect();
            let removed: Vec<i64> = before.iter().copied().filter(|id| !members.contains(id)).collect();
            // A leader who is no longer chosen as a member is no longer the leader.
            let leader = chosen_leader.get_untracked().parse::<i64>().ok().filter(|id| members.contains(id));
            let request = TeamRequest {
                owned_by_id: Some(leader),
                product_ids: Some(chosen_products.get_untracked()),
                ..Default::default()
            };
            let name = name.clone();
            spawn_local(async move {
                let client = session.client();
                let outcome = async {
                    if !added.is_empty() {
                        client.add_team_users(account_id, team_id, &added).await?;
                    }
                    if !removed.is_empty() {
                        client.remove_team_users(account_id, team_id, &removed).await?;
                    }
                    client.update_team(account_id, team_id, &request).await
                }
                .await;
                busy.set(false);
                match outcome {
                    Ok(_) => page.done(fill(t.team_saved, &[("name", &name)])),
                    Err(failure) => page.failed(&failure),
                }
            });
        }
    };
    let delete = {
        let name = name.clone();
        move |_| {
            let name = name.clone();
            spawn_local(async move {
                match session.client().delete_team(account_id, team_id).await {
                    Ok(_) => page.done(fill(t.team_deleted, &[("name", &name)])),
                    Err(failure) => page.failed(&failure),
                }
            });
        }
    };

    let member_boxes = view! {
        <CheckList
            items=loaded.members.iter().map(|m| (m.user_id, m.display_name.clone())).collect()
            chosen=chosen_members
            prefix=format!("team-{team_id}-member")
        />
    };
    // Asked of the server once the row's actions are open.
    let product_boxes = move || {
        open.get().then(|| {
            view! { <ProductPicker account_id=account_id chosen=chosen_products prefix=format!("team-{team_id}-product") /> }
        })
    };
    // The leader is one of the members chosen (R-TEAM-2).
    let members = loaded.members.clone();
    let leader_options = Signal::derive(move || {
        let chosen = chosen_members.get();
        std::iter::once((String::new(), t.no_leader.to_string()))
            .chain(
                members
                    .iter()
                    .filter(|m| chosen.contains(&m.user_id))
                    .map(|m| (m.user_id.to_string(), m.display_name.clone())),
            )
            .collect::<Vec<_>>()
    });
    let members_legend = fill(t.members_of, &[("name", &team.name)]);
    let leader_label = fill(t.leader_of, &[("name", &team.name)]);
    let products_legend = fill(t.products_of, &[("name", &team.name)]);
    view! {
        <tr>
            <th scope="row">{team.name.clone()}</th>
            <td>{leader}</td>
            <td>{team.user_count}</td>
            <td>{team.product_count}</td>
            {manages.then(|| view! {
                <td>
                    <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                        {fill(t.actions_for, &[("name", &name)])}
                    </button>
                    <div class="row-actions" hidden=move || !open.get()>
                        <fieldset>
                            <legend>{members_legend}</legend>
                            {member_boxes}
                        </fieldset>
                        {move || view! {
                            <SelectField
                                label=leader_label.clone()
                                id=format!("team-{team_id}-leader")
                                value=chosen_leader
                                options=leader_options.get()
                            />
                        }}
                        <fieldset>
                            <legend>{products_legend}</legend>
                            {product_boxes}
                        </fieldset>
                        <button type="button" aria-busy=move || busy.get().to_string() disabled=busy on:click=save>{t.save_team}</button>
                        <button type="button" class="danger" on:click=delete>{t.delete_team}</button>
                    </div>
                </td>
            })}
        </tr>
    }
}
