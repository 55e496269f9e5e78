//! `Report abuse` (R-ABUSE-1), signed in or not: the kind of abuse and what happened, then the
//! four deadlines the report is handled by, as dates (the server's, from
//! `domain::abuse::deadlines`). The kinds and the length allowed are the domain's, checked
//! here before anything is sent.

use crate::components::{describe, field_error, focus_first_invalid, FormError, LanguagePicker, SelectField};
use crate::format::date;
use crate::i18n::{fill, t, Texts};
use crate::session::Session;
use api::{AbuseReport, AbuseReportRequest, ClientError, ErrorBody, FieldError};
use domain::abuse::{description_length_ok, CATEGORIES, DESCRIPTION_CHARS};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn category_label(t: &Texts, category: &str) -> &'static str {
    match category {
        "spam" => t.abuse_spam,
        "phishing" => t.abuse_phishing,
        "malware" => t.abuse_malware,
        "copyright" => t.abuse_copyright,
        "illegal_content" => t.abuse_illegal_content,
        _ => t.abuse_other,
    }
}

#[component]
pub fn ReportAbuse() -> impl IntoView {
    let session = Session::get();
    let category = RwSignal::new(CATEGORIES[0].to_string());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ErrorBody>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let received = RwSignal::new(None::<AbuseReport>);
    let t = t();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request =
            AbuseReportRequest { category: category.get_untracked(), description: description.get_untracked() };
        if let Err(length) = description_length_ok(&request.description) {
            let (minimum, maximum) = DESCRIPTION_CHARS;
            let details = serde_json::json!({"minimum": minimum, "maximum": maximum, "length": length});
            let body = ErrorBody::local(vec![FieldError::new("description", "length_out_of_range", "", details)]);
            focus_first_invalid(&body);
            errors.set(Some(body));
            return;
        }
        errors.set(None);
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.client().report_abuse(&request).await {
                Ok(report) => {
                    description.set(String::new());
                    received.set(Some(report));
                }
                Err(ClientError::Api { error: body, .. }) if !body.errors.is_empty() => {
                    focus_first_invalid(&body);
                    errors.set(Some(body));
                }
                Err(failure) => error.set(Some(describe(&failure))),
            }
            busy.set(false);
        });
    };
    let options = CATEGORIES.iter().map(|c| (c.to_string(), category_label(t, c).to_string())).collect();
    let description_error = field_error(&errors, "description");
    view! {
        <LanguagePicker />
        <section class="card" aria-labelledby="abuse-title">
            <h1 id="abuse-title">{t.abuse_title}</h1>
            <p>{t.abuse_intro}</p>
            <form on:submit=submit novalidate>
                <SelectField label=t.abuse_kind.to_string() id="category".to_string() value=category options=options />
                <div class="field">
                    <label for="description">{t.abuse_what_happened}</label>
                    <textarea
                        id="description"
                        rows="6"
                        aria-describedby="description-error"
                        aria-invalid=move || description_error.get().is_some().to_string()
                        prop:value=description
                        on:input:target=move |ev| description.set(ev.target().value())
                    ></textarea>
                    <p class="field-error" id="description-error" role="alert">{move || description_error.get()}</p>
                </div>
                <FormError message=error />
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>{t.abuse_send}</button>
            </form>
            {move || received.get().map(|report| view! {
                <section aria-labelledby="abuse-received">
                    <p id="abuse-received" role="status">{fill(t.abuse_received, &[("id", &report.id.to_string())])}</p>
                    <dl class="deadlines">
                        <dt>{t.abuse_acknowledge_by}</dt><dd>{date(report.acknowledge_by)}</dd>
                        <dt>{t.abuse_assess_by}</dt><dd>{date(report.assess_by)}</dd>
                        <dt>{t.abuse_investigate_by}</dt><dd>{date(report.investigate_by)}</dd>
                        <dt>{t.abuse_correct_by}</dt><dd>{date(report.correct_by)}</dd>
                    </dl>
                </section>
            })}
            <p><a href="/">{t.abuse_back}</a></p>
        </section>
    }
}
