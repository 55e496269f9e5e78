//! `Partner program` (R-PART-1, R-PART-2): the program the Organization is in, and the two it
//! may join. Becoming a partner lists each requirement, met or not (a commercial register, an
//! active website, the yearly total of its products against the minimum); a program that
//! cannot be joined has its button disabled with the reason (`domain::partner::may_join`, the
//! server's rule), and only the legal representative joins (R-ACC-4). R-PART-3's partners
//! and clients are `partner_clients.rs`.

use crate::components::{CurrentAccount, LoadError, OutcomeNotices, PageOutcome};
use crate::errors::denied_message;
use crate::format::{date, money};
use crate::i18n::{fill, t, Texts};
use crate::session::Session;
use api::Partnership;
use domain::partner::{may_join, PartnerError, Program, Shortfall};
use domain::role::{authorize, Action, Member};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn PartnerProgram() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page = PageOutcome::new();
    let standing = LocalResource::new(move || {
        page.version.track();
        let account = current.get();
        async move {
            match account {
                Some(account) => session.client().partnership(account.id).await.map(|p| Some((account, p))),
                None => Ok(None),
            }
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_partner}</h1>
        <p>{t.partner_intro}</p>
        <OutcomeNotices outcome=page />
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match standing.await {
                    Ok(None) => ().into_any(),
                    Ok(Some((account, partnership))) => {
                        let me = session.user_id().map(|user_id| Member {
                            user_id,
                            role: account.role,
                            has_billing_access: account.billing,
                        });
                        // Only the legal representative joins (R-ACC-4): the others read why.
                        let denied = match me {
                            Some(me) => authorize(&me, Action::EditOrganization).err().map(|d| denied_message(&d)),
                            None => Some(t.denied_only_legal_representative),
                        };
                        // R-PART-3: the partners this Organization lets in, and a partner's clients.
                        let (account_id, may_edit) = (account.id, denied.is_none());
                        let is_partner = partnership.program == Some(Program::Partner);
                        let manages = me.is_some_and(|me| authorize(&me, Action::ManageTeams).is_ok());
                        view! {
                            <Standing partnership=partnership denied=denied page=page />
                            <super::partner_clients::LetPartnersIn account_id=account_id may_edit=may_edit page=page />
                            {(is_partner && manages).then(|| view! { <super::partner_clients::Clients account_id=account_id page=page /> })}
                        }
                        .into_any()
                    }
                    Err(failure) => view! { <LoadError error=failure on_retry=move || page.reload() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Why a program cannot be joined, as the page says it.
fn refusal(t: &Texts, error: &PartnerError) -> &'static str {
    match error {
        PartnerError::AlreadyMember { .. } => t.program_joined_already,
        PartnerError::PartnerAndAffiliate { .. } => t.err_partner_and_affiliate,
        PartnerError::RequirementsNotMet { .. } => t.partner_requirements_missing,
        // Refusals of a delegation to a partner (R-PART-3): never a reason not to join.
        PartnerError::NotAPartner { .. } | PartnerError::ProductsNotDelegable { .. } => t.err_unknown,
    }
}

/// The program joined, the requirements of R-PART-1 one by one, and a button per program.
#[component]
fn Standing(partnership: Partnership, denied: Option<&'static str>, page: PageOutcome) -> impl IntoView {
    let t = t();
    let joined = partnership.program.map(|program| {
        let name = if program == Program::Partner { t.program_partner } else { t.program_affiliate };
        let since = partnership.joined_at.map(date).unwrap_or_default();
        view! { <p role="status">{fill(t.program_joined, &[("program", name), ("date", &since)])}</p> }
    });
    let unmet = |wanted: &Shortfall| {
        partnership.reasons.iter().any(|reason| std::mem::discriminant(reason) == std::mem::discriminant(wanted))
    };
    let total = fill(
        t.requirement_total,
        &[("managed", &money(&partnership.managed_yearly)), ("minimum", &money(&partnership.minimum_yearly))],
    );
    let requirements = [
        (t.requirement_register, unmet(&Shortfall::NotInCommercialRegister)),
        (t.requirement_website, unmet(&Shortfall::NoActiveWebsite)),
        (
            total.as_str(),
            partnership.reasons.iter().any(|reason| matches!(reason, Shortfall::ManagedTotalTooLow { .. })),
        ),
    ]
    .into_iter()
    .map(|(text, missing)| {
        let state = if missing { t.requirement_missing } else { t.requirement_met };
        view! { <li class=if missing { "missing" } else { "met" }>{text.to_string()}" — "<strong>{state}</strong></li> }
    })
    .collect_view();
    let (account_id, session) = (partnership.account_id, Session::get());
    let button = |program: Program, label: &'static str, id: &'static str| {
        let reason = denied
            .or_else(|| may_join(partnership.program, program, &partnership.reasons).err().map(|e| refusal(t, &e)));
        let busy = RwSignal::new(false);
        let join = move |_| {
            busy.set(true);
            spawn_local(async move {
                match session.client().join_program(account_id, program).await {
                    Ok(_) => page.done(t.program_joined_now.to_string()),
                    Err(failure) => page.failed(&failure),
                }
                busy.set(false);
            });
        };
        view! {
            <button
                type="button"
                aria-describedby=id
                aria-busy=move || busy.get().to_string()
                disabled=move || reason.is_some() || busy.get()
                on:click=join
            >
                {label}
            </button>
            <span class="hint" id=id>{reason}</span>
        }
    };
    view! {
        {joined}
        <section class="card" aria-labelledby="partner-title">
            <h2 id="partner-title">{t.program_partner}</h2>
            <p>{t.partner_requirements}</p>
            <ul class="requirements">{requirements}</ul>
            {button(Program::Partner, t.join_as_partner, "join-partner-why")}
        </section>
        <section class="card" aria-labelledby="affiliate-title">
            <h2 id="affiliate-title">{t.program_affiliate}</h2>
            <p>{t.affiliate_intro}</p>
            {button(Program::Affiliate, t.join_as_affiliate, "join-affiliate-why")}
        </section>
    }
}
