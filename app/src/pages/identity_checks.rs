//! Security's `Identity verification` (kCheck, R-KC-*): the verifications asked of the person
//! (today, an order held until the payer's identity is confirmed), where each stands, the day
//! a held order is cancelled and refunded (R-KC-3) and the day what was sent is deleted if
//! unprocessed (R-KC-2); and, while one waits for it, a form to send a photo or a PDF of an
//! identity card or a passport. The file is checked with the server's own rule
//! (`domain::kcheck::document_format`) before it is sent. Shown when something was asked, and
//! while 2FA is on: who lost their app and backup codes asks there to turn it off (R-KC-1).

use crate::components::{describe, FormError, SelectField};
use crate::errors::{field_code_message, field_message};
use crate::format::date;
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{ClientError, IdentityCheck, IdentityCheckRequest, IdentityDocumentRequest};
use base64::Engine;
use domain::kcheck::{document_format, CheckStatus, DocumentType, KcheckError, VerificationReason, MAX_DOCUMENT_BYTES};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn IdentityChecks() -> impl IntoView {
    let session = Session::get();
    let version = RwSignal::new(0u32);
    let done = RwSignal::new(None::<&'static str>);
    let checks = LocalResource::new(move || {
        version.track();
        // Turning 2FA on or off changes what is offered below.
        session.two_factor_on.track();
        async move { session.client().identity_checks().await }
    });
    let t = t();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = checks.await.ok()?;
                // R-KC-1: with 2FA on, one may ask to turn it off by a verified identity,
                // unless such a verification is open already.
                let open = |c: &IdentityCheck| c.reason == VerificationReason::TurnOffTwoFactor && c.status.is_open();
                let offer = session.two_factor_on.get_untracked() == Some(true) && !list.iter().any(open);
                (offer || !list.is_empty()).then(|| view! {
                    <section aria-labelledby="identity-title">
                        <h2 id="identity-title">{t.identity_title}</h2>
                        <p class="notice" role="status">{move || done.get()}</p>
                        {offer.then(|| view! { <AskTurnOff version=version /> })}
                        {list.into_iter().map(|check| view! { <Check check=check version=version done=done /> }).collect_view()}
                    </section>
                })
            })}
        </Transition>
    }
}

/// `Confirm my identity to turn two-factor authentication off`, for who lost their app and
/// their backup codes (R-KC-1, R-2FA-6).
#[component]
fn AskTurnOff(version: RwSignal<u32>) -> impl IntoView {
    let (session, t) = (Session::get(), t());
    let failure = RwSignal::new(None::<String>);
    let ask = move |_| {
        let request = IdentityCheckRequest { reason: VerificationReason::TurnOffTwoFactor };
        spawn_local(async move {
            match session.client().ask_identity_check(&request).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(error) => failure.set(Some(describe(&error))),
            }
        });
    };
    view! {
        <div class="card">
            <p>{t.identity_lost_factor}</p>
            <button type="button" on:click=ask>{t.identity_ask_turn_off}</button>
            {move || failure.get().map(|why| view! { <p role="alert">{why}</p> })}
        </div>
    }
}

/// One verification: what it is for, where it stands, and the form while it waits for a
/// document.
#[component]
fn Check(check: IdentityCheck, version: RwSignal<u32>, done: RwSignal<Option<&'static str>>) -> impl IntoView {
    let t = t();
    let turn_off = check.reason == VerificationReason::TurnOffTwoFactor;
    let what = match check.order_id {
        Some(id) => fill(t.identity_for_order, &[("id", &id.to_string())]),
        None if turn_off => fill(t.identity_for_turn_off, &[("date", &date(check.asked_at))]),
        None => fill(t.identity_asked, &[("date", &date(check.asked_at))]),
    };
    let deadline = check.order_cancel_at.map(|at| fill(t.identity_cancel_on, &[("date", &date(at))]));
    let when = |at: Option<i64>| date(at.unwrap_or(check.asked_at));
    let state = match check.status {
        CheckStatus::Waiting => t.identity_waiting.to_string(),
        CheckStatus::Sent => {
            fill(t.identity_sent, &[("date", &when(check.sent_at)), ("deleted", &when(check.deleted_at))])
        }
        CheckStatus::Accepted if turn_off => t.identity_two_factor_off.to_string(),
        CheckStatus::Accepted => t.identity_accepted.to_string(),
        CheckStatus::Refused => t.identity_refused.to_string(),
        CheckStatus::Deleted => fill(t.identity_deleted, &[("date", &when(check.deleted_at))]),
    };
    let form =
        check.status.may_send().is_ok().then(|| view! { <SendDocument id=check.id version=version done=done /> });
    let label = what.clone();
    view! {
        <div class="card" role="group" aria-label=label>
            <p><strong>{what}</strong></p>
            {deadline.map(|deadline| view! { <p>{deadline}</p> })}
            <p>{state}</p>
            {form}
        </div>
    }
}

/// The bytes of a chosen file.
async fn read(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// An identity document being chosen: its type, its file, and what its field says is wrong
/// with it. Shared by the form of a verification asked and by a forgotten password's.
#[derive(Clone, Copy)]
pub(crate) struct DocumentChoice {
    kind: RwSignal<String>,
    file: NodeRef<Input>,
    error: RwSignal<Option<String>>,
}

impl DocumentChoice {
    pub(crate) fn new() -> Self {
        DocumentChoice {
            kind: RwSignal::new(DocumentType::IdentityCard.as_str().to_string()),
            file: NodeRef::new(),
            error: RwSignal::new(None),
        }
    }

    /// Says `message` on the file's field and moves there.
    pub(crate) fn refuse(self, message: String) {
        self.error.set(Some(message));
        if let Some(input) = self.file.get_untracked() {
            let _ = input.focus();
        }
    }

    /// The chosen document's type and content in base64, checked by the server's own rule
    /// (R-KC-2); or `None`, with the reason said on the file's field.
    pub(crate) async fn checked(self) -> Option<(DocumentType, String)> {
        let t = t();
        let rule = |problem: KcheckError| field_code_message(problem.code(), &Default::default());
        let Some(chosen) = self.file.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0))
        else {
            self.refuse(t.field_choose_file.into());
            return None;
        };
        // Too large is said before reading it all.
        if chosen.size() > MAX_DOCUMENT_BYTES as f64 {
            self.refuse(rule(KcheckError::DocumentTooLarge { maximum: MAX_DOCUMENT_BYTES }));
            return None;
        }
        let bytes = read(&chosen).await.unwrap_or_default();
        if let Err(problem) = document_format(&bytes) {
            self.refuse(rule(problem));
            return None;
        }
        self.error.set(None);
        let kind = if self.kind.get_untracked() == DocumentType::Passport.as_str() {
            DocumentType::Passport
        } else {
            DocumentType::IdentityCard
        };
        Some((kind, base64::engine::general_purpose::STANDARD.encode(&bytes)))
    }
}

/// The document's type and file fields; `id` makes their ids unique on the page.
#[component]
pub(crate) fn DocumentFields(id: String, choice: DocumentChoice) -> impl IntoView {
    let t = t();
    let types = DocumentType::ALL
        .iter()
        .map(|kind| {
            let text = if *kind == DocumentType::Passport { t.passport } else { t.identity_card };
            (kind.as_str().to_string(), text.to_string())
        })
        .collect();
    let input_id = format!("identity-document-{id}");
    let (hint_id, error_id) = (format!("{input_id}-hint"), format!("{input_id}-error"));
    let file_error = choice.error;
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if file_error.get().is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    view! {
        <SelectField label=t.document_type_label.into() id=format!("identity-type-{id}") value=choice.kind options=types />
        <div class="field" class:invalid=move || file_error.get().is_some()>
            <label for=input_id.clone()>{t.document_file_label}</label>
            <p class="hint" id=hint_id>{t.document_file_hint}</p>
            <input
                id=input_id.clone()
                name=input_id
                type="file"
                accept="image/jpeg,image/png,application/pdf"
                node_ref=choice.file
                aria-invalid=move || if file_error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            {move || file_error.get().map(|message| view! { <p class="field-error" id=error_id.clone() role="alert">{message}</p> })}
        </div>
    }
}

/// The document of a verification asked, then sent.
#[component]
fn SendDocument(id: i64, version: RwSignal<u32>, done: RwSignal<Option<&'static str>>) -> impl IntoView {
    let session = Session::get();
    let choice = DocumentChoice::new();
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        busy.set(true);
        spawn_local(async move {
            if let Some((document_type, content)) = choice.checked().await {
                let request = IdentityDocumentRequest { document_type, content };
                match session.client().send_identity_document(id, &request).await {
                    Ok(_) => {
                        done.set(Some(t.document_sent));
                        version.update(|v| *v += 1);
                    }
                    Err(ClientError::Api { error, .. }) if !error.errors.is_empty() => {
                        choice.refuse(field_message(&error.errors[0]))
                    }
                    Err(failure) => form_error.set(Some(describe(&failure))),
                }
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <DocumentFields id=id.to_string() choice=choice />
            <FormError message=form_error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.sending_document } else { t.send_document }}
            </button>
        </form>
    }
}
