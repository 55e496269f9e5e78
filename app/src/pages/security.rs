//! `Security`: two-factor authentication (R-2FA-1, 3, 4, 6). Turning it on shows the QR code
//! (an SVG the server draws with a QR crate) and the secret as text for those who cannot scan,
//! asks for a code from the app, then shows the 10 backup codes once, with `Download` and
//! `Copy`. With 2FA on, a current code (or a backup code) regenerates the backup codes or turns
//! 2FA off. The decisions are the server's, which asks `domain::twofa`.

use crate::components::{describe, CopyButton, CurrentAccount, FormError, LoadError, TextField};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{OtpEnrolment, UpdateAccountRequest};
use domain::role::{authorize, Action, Member};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;

/// What the page shows besides the state read from the profile.
#[derive(Clone, Copy)]
struct SecurityPage {
    /// Asks the profile again (2FA turned on or off).
    version: RwSignal<u32>,
    /// The secret and QR code while turning 2FA on.
    enrolment: RwSignal<Option<OtpEnrolment>>,
    /// The backup codes just issued: shown once, until the page is left.
    codes: RwSignal<Option<Vec<String>>>,
    /// The code typed (from the app, or a backup code).
    code: RwSignal<String>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

#[component]
pub fn Security() -> impl IntoView {
    let session = Session::get();
    let page = SecurityPage {
        version: RwSignal::new(0),
        enrolment: RwSignal::new(None),
        codes: RwSignal::new(None),
        code: RwSignal::new(String::new()),
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let profile = LocalResource::new(move || {
        page.version.track();
        async move { session.client().profile().await }
    });
    let t = t();
    view! {
        <h1>{t.nav_security}</h1>
        // First: in recovery (R-REC-3), nothing else can be done before it.
        <super::login_email::LoginEmail />
        <section aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">{t.two_factor_title}</h2>
            <RequiredNotice />
            <p role="status">{move || page.status.get()}</p>
            <FormError message=page.error />
            <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(profile) if profile.double_auth => {
                            session.two_factor_on.set(Some(true));
                            let left = profile.remaining_rescue_code.to_string();
                            view! {
                                <p>{fill(t.two_factor_is_on, &[("count", &left)])}</p>
                                <ChangeWithCode page=page />
                            }
                            .into_any()
                        }
                        Ok(_) => {
                            session.two_factor_on.set(Some(false));
                            view! { <TurnOn page=page /> }.into_any()
                        }
                        Err(error) => view! {
                            <LoadError error=error on_retry=move || page.version.update(|v| *v += 1) />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            {move || page.codes.get().map(|codes| view! { <BackupCodes codes=codes /> })}
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                profile.await.ok().map(|profile| view! {
                    <super::forgot_login::RecoveryOptions phone=profile.reminder_phone email=profile.reminder_email />
                })
            })}
        </Transition>
        <RequireForEveryMember />
        // Only a device with 2FA on has log-ins to approve (R-2FA-2).
        {move || (session.two_factor_on.get() == Some(true)).then(|| view! { <super::push_approvals::PushApprovals /> })}
        <super::identity_checks::IdentityChecks />
        <super::mailboxes::Mailboxes />
        <super::password_change::ChangePassword />
        <super::sessions::ActiveSessions />
    }
}

/// Said while the Organization shown requires two-factor authentication and the person has it
/// off: why they were brought here.
#[component]
fn RequiredNotice() -> impl IntoView {
    let (session, CurrentAccount(current)) = (Session::get(), expect_context::<CurrentAccount>());
    move || {
        let account = current.get().filter(|a| a.has_2fa_required)?;
        (session.two_factor_on.get() == Some(false)).then(
            || view! { <p class="notice" role="alert">{fill(t().two_factor_required, &[("name", &account.name)])}</p> },
        )
    }
}

/// For whoever may change the Organization (R-ACC-4): a switch that requires two-factor
/// authentication of every member.
#[component]
fn RequireForEveryMember() -> impl IntoView {
    let (session, CurrentAccount(current)) = (Session::get(), expect_context::<CurrentAccount>());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let t = t();
    move || {
        let account = current.get()?;
        let me = Member { user_id: session.user_id()?, role: account.role, has_billing_access: account.billing };
        authorize(&me, Action::EditOrganization).ok()?;
        let on = account.has_2fa_required;
        let toggle = move |_| {
            busy.set(true);
            error.set(None);
            let request = UpdateAccountRequest { has_2fa_required: Some(!on), ..Default::default() };
            spawn_local(async move {
                match session.client().update_account(account.id, &request).await {
                    Ok(_) => session.reload_accounts(),
                    Err(failure) => error.set(Some(describe(&failure))),
                }
                busy.set(false);
            });
        };
        let state = if on { t.two_factor_required_on } else { t.two_factor_required_off };
        Some(view! {
            <section aria-labelledby="require-title">
                <h2 id="require-title">{fill(t.two_factor_in, &[("name", &account.name)])}</h2>
                <button
                    type="button"
                    role="switch"
                    class="switch"
                    aria-checked=on.to_string()
                    aria-describedby="require-state"
                    aria-busy=move || busy.get().to_string()
                    disabled=busy
                    on:click=toggle
                >
                    {t.require_two_factor}
                </button>
                <span class="hint" id="require-state">{state}</span>
                <FormError message=error />
            </section>
        })
    }
}

/// Runs one call of the page: busy meanwhile, its failure said in the page's alert.
fn run<T: 'static>(
    page: SecurityPage,
    call: impl std::future::Future<Output = Result<T, api::ClientError>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    if page.busy.get_untracked() {
        return;
    }
    page.busy.set(true);
    page.error.set(None);
    page.status.set(None);
    spawn_local(async move {
        match call.await {
            Ok(answer) => done(answer),
            Err(error) => page.error.set(Some(describe(&error))),
        }
        page.busy.set(false);
    });
}

/// 2FA off: `Turn on two-factor authentication`, then the QR code, the secret and the code.
#[component]
fn TurnOn(page: SecurityPage) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let start = move |_| {
        run(page, async move { session.client().start_two_factor().await }, move |enrolment| {
            page.enrolment.set(Some(enrolment));
            page.code.set(String::new());
            set_timeout(|| crate::components::focus_by_id("otp-code"), std::time::Duration::from_millis(50));
        })
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = page.code.get_untracked().trim().to_string();
        if code.is_empty() {
            page.error.set(Some(t.err_otp_required.into()));
            return;
        }
        run(page, async move { session.client().confirm_two_factor(&code).await }, move |issued| {
            page.enrolment.set(None);
            page.code.set(String::new());
            page.codes.set(Some(issued.backup_codes));
            page.status.set(Some(t.two_factor_now_on.into()));
            page.version.update(|v| *v += 1);
        })
    };
    view! {
        <p>{t.two_factor_is_off}</p>
        {move || match page.enrolment.get() {
            None => view! {
                <button type="button" on:click=start aria-busy=move || page.busy.get().to_string()>
                    {t.turn_on_two_factor}
                </button>
            }
            .into_any(),
            Some(enrolment) => view! {
                <form class="card" on:submit=confirm novalidate aria-labelledby="scan-title">
                    <h3 id="scan-title">{t.turn_on_two_factor}</h3>
                    <p>{t.scan_qr_code}</p>
                    <div class="qr" role="img" aria-label=t.qr_code_label inner_html=enrolment.qr_svg.clone()></div>
                    <p>{t.secret_as_text}" "<code class="secret">{enrolment.secret.clone()}</code></p>
                    <TextField label=t.authentication_code id="otp-code" value=page.code autocomplete="one-time-code" />
                    <button type="submit" aria-busy=move || page.busy.get().to_string() disabled=page.busy>
                        {t.confirm_code}
                    </button>
                </form>
            }
            .into_any(),
        }}
    }
}

/// 2FA on: a fresh code regenerates the backup codes or turns 2FA off (R-2FA-6).
#[component]
fn ChangeWithCode(page: SecurityPage) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let code = move || {
        let code = page.code.get_untracked().trim().to_string();
        if code.is_empty() {
            page.error.set(Some(t.err_otp_required.into()));
            crate::components::focus_by_id("otp-code");
            return None;
        }
        Some(code)
    };
    let regenerate = move |_| {
        let Some(code) = code() else { return };
        run(page, async move { session.client().regenerate_backup_codes(&code).await }, move |issued| {
            page.code.set(String::new());
            page.codes.set(Some(issued.backup_codes));
            page.status.set(Some(t.backup_codes_regenerated.into()));
            page.version.update(|v| *v += 1);
        })
    };
    let turn_off = move |_| {
        let Some(code) = code() else { return };
        run(page, async move { session.client().turn_off_two_factor(&code).await }, move |_| {
            page.code.set(String::new());
            page.codes.set(None);
            page.status.set(Some(t.two_factor_now_off.into()));
            page.version.update(|v| *v += 1);
        })
    };
    view! {
        <p>{t.fresh_code_needed}</p>
        <TextField label=t.authentication_code id="otp-code" value=page.code autocomplete="one-time-code" />
        <div class="buttons">
            <button type="button" on:click=regenerate disabled=page.busy>{t.regenerate_backup_codes}</button>
            <button type="button" class="danger" on:click=turn_off disabled=page.busy>{t.turn_off_two_factor}</button>
        </div>
    }
}

/// The backup codes just issued, once: a list, `Download` (a text file) and `Copy`.
#[component]
fn BackupCodes(codes: Vec<String>) -> impl IntoView {
    let t = t();
    let text = codes.join("\n");
    let for_copy = text.clone();
    let download = move |_| save_text(&text, "backup-codes.txt");
    view! {
        <section class="card" aria-labelledby="backup-codes-title">
            <h3 id="backup-codes-title">{t.backup_codes_title}</h3>
            <p>{t.backup_codes_once}</p>
            <ul class="backup-codes">{codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}</ul>
            <div class="buttons">
                <button type="button" on:click=download>{t.download}</button>
                <CopyButton text=for_copy />
            </div>
        </section>
    }
}

/// Hands `text` to the browser as a file named `name` (a link to an object URL, clicked once).
fn save_text(text: &str, name: &str) {
    let parts = js_sys::Array::of1(&leptos::wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(link) =
        document().create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
