//! The console's words in its five languages (`domain::language::Language`).
//!
//! Every visible sentence, accessible name and error message is a field of [`Texts`], and
//! each language is one `const Texts` value: a language that misses a key, or has one too
//! many, does not compile. Sentences with values name them in braces (`{name}`), filled by
//! [`fill`]; a test checks that every language uses the same names as English.
//!
//! Why not `leptos_i18n`: it would bring leptos_meta, leptos-use, ICU's locale data and a build
//! script into a web app that has about 15 KB left of its 300 KB budget (BENCHMARKS.md); a
//! struct per language costs the sentences and nothing else, and the compiler checks the keys
//! all the same. Amounts and dates are written by `domain::language`, shared with the
//! server's mail.
//!
//! The language lives in a signal ([`I18n`]); changing it renders the app again (see `App`),
//! so pages read their words once with [`t`] and need no signal of their own.

// Natively (the tests, which also write the language files) every language is compiled in;
// the browser's build has none and fetches the one it shows (`app/languages/*.txt`, copied to
// `dist/languages/`), so that a sentence costs its bytes once, in one file, and a first visit
// downloads one language. An app that embeds the components without serving those files
// turns on the feature `built-in-english`.
#[cfg(not(target_arch = "wasm32"))]
mod de;
#[cfg(any(not(target_arch = "wasm32"), feature = "built-in-english"))]
mod en;
#[cfg(not(target_arch = "wasm32"))]
mod es;
#[cfg(not(target_arch = "wasm32"))]
mod fr;
#[cfg(not(target_arch = "wasm32"))]
mod it;

use domain::language::Language;
use domain::tour::MAIN_TOUR;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// One step of the tutorial in a language: the control it points at (its visible name, as
/// the page shows it in that language), its title and its text.
#[derive(Debug, Clone, Copy)]
pub struct StepText {
    pub control: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

/// As many as the tutorial has steps (the domain crate's `MAIN_TOUR`).
pub const TOUR_STEPS: usize = MAIN_TOUR.len();

/// The guides the app plays (`domain::tour::GUIDES`, by index): those whose pages exist.
/// Later pages add theirs here, and their words to every language.
pub const PLAYED_GUIDES: [usize; 13] = [
    ADD_USER,
    CREATE_ORGANIZATION,
    AUTO_RENEWAL_ONE,
    TOP_UP,
    AUTO_RENEWAL_ALL,
    PAY_SELECTION,
    DOWNLOAD_INVOICE,
    CHANGE_ROLE,
    CANCEL_PRODUCT,
    TWO_FACTOR,
    SUPPORT_ACCESS,
    API_TOKEN,
    CREATE_TEAM,
];
pub const ADD_USER: usize = 0;
pub const CREATE_ORGANIZATION: usize = 8;
pub const AUTO_RENEWAL_ONE: usize = 2;
pub const TOP_UP: usize = 5;
pub const AUTO_RENEWAL_ALL: usize = 3;
pub const PAY_SELECTION: usize = 4;
pub const DOWNLOAD_INVOICE: usize = 9;
pub const CHANGE_ROLE: usize = 1;
pub const CANCEL_PRODUCT: usize = 10;
pub const TWO_FACTOR: usize = 7;
pub const SUPPORT_ACCESS: usize = 6;
pub const API_TOKEN: usize = 11;
pub const CREATE_TEAM: usize = 12;

/// A guide in a language: its title, and each step's title and text (the control a step
/// points at is named by the page's own words, see `components::guide`).
#[derive(Debug, Clone, Copy)]
pub struct GuideText {
    pub title: &'static str,
    pub steps: &'static [StepText],
}

macro_rules! texts {
    ($($key:ident),* $(,)?) => {
        /// Every sentence of the app in one language.
        pub struct Texts {
            $(pub $key: &'static str,)*
            /// The tutorial's steps, in the domain crate's order.
            pub tour: [StepText; TOUR_STEPS],
            /// The guides of [`PLAYED_GUIDES`], in that order.
            pub guides: [GuideText; PLAYED_GUIDES.len()],
        }

        impl Texts {
            /// Every (key, sentence), in a fixed order: the fields, then each tutorial step's
            /// control, title and text.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                let mut all = vec![$((stringify!($key), self.$key)),*];
                for step in &self.tour {
                    all.extend([("tour.control", step.control), ("tour.title", step.title), ("tour.text", step.text)]);
                }
                for guide in &self.guides {
                    all.push(("guide.title", guide.title));
                    for step in guide.steps {
                        all.extend([("guide.step.title", step.title), ("guide.step.text", step.text)]);
                    }
                }
                all
            }

            /// The language file: one sentence a line, in the order of [`Texts::entries`].
            pub fn to_lines(&self) -> String {
                let mut file = String::new();
                for (_, sentence) in self.entries() {
                    file.push_str(sentence);
                    file.push('\n');
                }
                file
            }

            /// Reads a language file written by [`Texts::to_lines`]; None unless it has
            /// exactly one line per sentence.
            pub fn from_lines(file: &'static str) -> Option<Texts> {
                Texts::read(file, true)
            }

            /// No words at all (every sentence empty): what [`t`] answers before any language
            /// has arrived. Read from nothing by the one reader, which costs no code of its own.
            #[allow(dead_code)]
            fn blank() -> Texts {
                Texts::read("", false).unwrap_or_else(|| unreachable!("a lenient read always answers"))
            }

            /// `strict`: exactly one line per sentence; else missing lines are empty sentences.
            fn read(file: &'static str, strict: bool) -> Option<Texts> {
                let mut lines = file.strip_suffix('\n').unwrap_or(file).split('\n');
                let mut next = || lines.next().or((!strict).then_some(""));
                // The fields are read in one loop, then named: a read per field, written out
                // for each of several hundred, cost 17 KB of WASM (1.5 KB gzip) in the first download.
                const FIELDS: usize = [$(stringify!($key)),*].len();
                let mut sentences = [""; FIELDS];
                for sentence in &mut sentences {
                    *sentence = next()?;
                }
                let [$($key),*] = sentences;
                let texts = Texts {
                    $($key,)*
                    tour: {
                        let mut steps = [StepText { control: "", title: "", text: "" }; TOUR_STEPS];
                        for step in &mut steps {
                            *step = StepText { control: next()?, title: next()?, text: next()? };
                        }
                        steps
                    },
                    guides: {
                        let mut guides = [GuideText { title: "", steps: &[] }; PLAYED_GUIDES.len()];
                        for (guide, index) in guides.iter_mut().zip(PLAYED_GUIDES) {
                            let title = next()?;
                            let mut steps = vec![];
                            for step in domain::tour::GUIDES[index].steps {
                                steps.push(StepText { control: step.control, title: next()?, text: next()? });
                            }
                            *guide = GuideText { title, steps: Vec::leak(steps) };
                        }
                        guides
                    },
                };
                (!strict || next().is_none()).then_some(texts)
            }
        }
    };
}

texts! {
    // The shell.
    skip_link, nav_label, nav_dashboard, nav_users, log_out, language_label, waiting_for_limit,
    switcher_label, create_organization_link,
    // The tutorial and the guides.
    tour_step_count, tour_back, tour_next, tour_finish, tour_close, show_tutorial, help,
    guide_heading,
    // Log in and sign up.
    log_in_title, email, password, log_in_button, logging_in, log_in_missing, session_ended_notice,
    new_here, create_account_link, sign_up_title, sign_up_intro, first_name, last_name,
    password_hint, creating_account, sign_up_button, account_ready, account_ready_log_in,
    have_account, log_in_link,
    // Organizations.
    organizations_title, loading_organizations, organizations_caption, column_name,
    column_your_role, column_users,
    not_found_title, back_to_organizations, gallery_title, gallery_intro, gallery_switcher,
    gallery_role_picker, gallery_user_table, new_organization_title, new_organization_intro,
    organization_name, legal_form, legal_company, legal_individual, legal_public_body, currency,
    creating_organization, create_organization_button,
    // Users.
    users_title, loading_users, users_caption, column_email, column_role, column_billing,
    column_actions, yes, no, actions_for, new_role_for, change_role, remove_from_organization,
    confirm_removal, remove_question, yes_remove, cancel, role_changed, member_removed,
    invite_user, role_field, send_invitation, invitation_sent,
    // Why a control is disabled (domain::role::Denied).
    denied_insufficient_rights, denied_only_owner_manages_owners, denied_own_role,
    denied_own_billing_access, denied_only_legal_representative, denied_no_billing_rights,
    denied_external_without_billing, denied_owner_always_has_billing, denied_product_not_visible,
    // Failures (crate::errors): the network, the server, and every error code.
    try_again, err_offline, err_server, err_unreadable, err_log_in_failed, err_unknown,
    field_required, field_invalid_email, field_password_too_short, field_out_of_range_both,
    field_out_of_range_min, field_out_of_range, field_invalid_value, field_check,
    err_not_authorized, err_access_denied, err_object_not_found, err_method_not_found,
    err_validation_failed, err_already_member, err_object_already_exists, err_too_many_requests,
    err_too_many_attempts, err_last_owner, err_only_owner_manages_owners, err_cannot_change_own_role,
    err_auto_renewal_too_close, err_payment_method_not_compatible, err_payment_method_currency,
    err_top_up_out_of_range, err_renewal_period_not_available, err_otp_required, err_invalid_otp,
    err_partner_and_affiliate, err_partner_requirements, err_invitation_not_pending,
    err_insufficient_prepaid_balance, err_two_factor_state_conflict, err_two_factor_required, err_tour_move_not_allowed,
    err_currency_mismatch, err_invalid_amount, err_order_not_payable, err_product_not_active,
    err_invalid_grant, err_log_in_request, err_request_too_large, err_request_timeout,
    err_card_declined, err_payment_method_in_use,
    // Renewals and the prepaid account.
    nav_renewals, nav_prepaid, loading, next_two_months, show_all, renewals_period, renewals_caption, column_product, column_expires, column_status, column_auto_renewal, status_active, status_blocked, status_terminated, auto_renewal_on, auto_renewal_off, turn_auto_renewal_on, turn_auto_renewal_off, auto_renewal_now_on, auto_renewal_now_off, auto_renewal_needs_method, no_renewals, balance, top_up, amount, payment_method, method_postfinance, method_iban, topping_up, topped_up, top_up_pending, movements_caption, column_date, column_movement, movement_top_up, movement_payment, movement_surplus, no_movements,
    // Products.
    nav_products, search, product_type, all_types, all_statuses, products_caption, no_products, pages_label, previous_page, next_page, page_of, history, no_history, event_renewed, event_renewal_failed, back_to_products, renewal_periods, months, column_event,
    // Payment methods.
    nav_payment_methods, methods_caption, column_method, column_default, make_default, remove_method, add_card, card_number, card_expiry, card_cvc, card_hint, adding_card, card_added, method_removed, default_set, no_methods, field_card_expiry,
    // Invoices.
    nav_invoices, invoices_caption, column_number, column_total, invoice_paid, invoice_pending, pro_forma, download_pdf, downloading, no_invoices,
    // Renewals in bulk.
    select_all, select_row, manage_renewals, bulk_on, bulk_off, column_result, result_done, selected_count, bulk_summary, select_first,
    // Paying a selection
    pay_selection, pay_caption, column_period, column_price, period_for, use_prepaid, method_new_card, pay_total,
    pay_split, pay, paying, paid, payment_pending,
    // The dashboard's attention list
    needs_attention, nothing_needs_attention, attention_renewal_failed, attention_blocked, attention_unpaid_invoice,
    attention_expiring_soon,
    // Orders
    nav_orders, order_product, product_name, product_name_hint, pay_later, order_button, ordering, order_paid,
    order_pending, order_paid_later, orders_caption, column_order, order_number, order_blocked, order_cancelled, pay_order,
    no_orders,
    // Cancelling a product
    cancellation_heading, cancel_product, cancel_product_explained, cancellation_sent, product_has_ended,
    confirm_cancellation_title, confirm_cancellation_text, confirm_cancellation, cancelling, cancellation_confirmed,
    cancellation_was_confirmed, event_cancelled, err_cancellation_already_confirmed, err_product_already_terminated,
    movement_returned, gallery_renewals_table, gallery_top_up_form, gallery_guides, gallery_guides_intro,
    gallery_tutorial, gallery_tutorial_intro,
    // A forgotten password
    forgot_password_link, forgot_title, forgot_intro, send_link, forgot_sent, forgot_no_mailbox, forgot_identity_intro, forgot_reply_to, forgot_send_identity, forgot_identity_sent, reset_title, new_password, set_password, password_set, err_password_reset_link_not_valid,
    // Security
    nav_security, two_factor_title, two_factor_is_on, two_factor_is_off, turn_on_two_factor, scan_qr_code, qr_code_label, secret_as_text, authentication_code, confirm_code, two_factor_now_on, two_factor_now_off, fresh_code_needed, regenerate_backup_codes, turn_off_two_factor, backup_codes_regenerated, backup_codes_title, backup_codes_once, download, copy, copied, copy_failed, verify, otp_prompt,
    // Invitations
    pending_invitations_caption, column_valid_until, invitation_pending, invitation_expired, send_again, cancel_invitation, invitation_resent, invitation_cancelled, invitation_heading, join_title, join_text, join_new_account, join_existing_account, log_in_to_accept, accept_invitation, joining, invitation_was_accepted, invitation_was_cancelled, invitation_has_expired,
    invitation_link_unknown,
    // Support access
    nav_support_access, support_intro, support_switches, support_mail, support_kdrive, support_kchat, support_single_email, support_open_until, support_closed, support_nothing_to_share, support_now_open, support_now_closed, support_caption, column_content, column_given, column_closes, grant_active, grant_expired, grant_revoked, err_support_access_already_closed,
    // API tokens
    nav_api_tokens, api_tokens_intro, create_token, token_name, token_scopes, scope_accounts, scope_products, scope_billing, scope_user_info, scope_support, token_expiry, expiry_never, expiry_in_days, password_again, password_again_hint, creating_token, token_created, tokens_caption, column_scopes, column_created, column_last_used, never_used, token_expired, revoke_token, token_revoked, no_tokens, field_choose_one, field_wrong_password,
    // Teams
    nav_teams, teams_intro, create_team, team_name, create_the_team, team_created, teams_caption, leader, column_members, no_leader, no_teams, members_of, leader_of, products_of, save_team, delete_team, team_saved, team_deleted,
    // Active sessions
    sessions_title, sessions_caption, column_kind, column_signed_in, column_last_active, this_session, session_console, session_script, end_session, session_ended,
    // Changing the password
    change_password_title, current_password, change_password_hint, change_password, changing_password, password_changed,
    // Two-factor authentication required
    two_factor_required, two_factor_in, require_two_factor, two_factor_required_on, two_factor_required_off,
    // Partner program
    nav_partner, partner_intro, program_partner, program_affiliate, program_joined, program_joined_now, program_joined_already, partner_requirements, partner_requirements_missing, requirement_register, requirement_website, requirement_total, requirement_met, requirement_missing, join_as_partner, affiliate_intro, join_as_affiliate,
    // A forgotten login
    forgot_login_link, forgot_login_title, forgot_login_intro, mobile_number, mobile_number_hint, send_login_by, by_sms, by_recovery_email, recovery_email, send_login, forgot_login_sent, recovery_title, recovery_intro, save_recovery, recovery_saved, field_invalid_phone,
    // Leaving an Organization
    leave_organization, leave_explained, leave_button, leave_confirm, leave_confirm_button, stay, left_organization,
    // Reporting abuse
    abuse_title, abuse_intro, abuse_kind, abuse_spam, abuse_phishing, abuse_malware, abuse_copyright, abuse_illegal_content, abuse_other, abuse_what_happened, abuse_send, abuse_received, abuse_acknowledge_by, abuse_assess_by, abuse_investigate_by, abuse_correct_by, abuse_back,
    // A text's length
    field_length_out_of_range,
    // Push approval
    waiting_for_approval, waiting_for_approval_hint, log_in_refused_elsewhere, approval_expired, err_push_already_answered, push_title, push_none, approve_log_in, refuse_log_in, log_in_approved, log_in_refused,
    // Product access of a member
    save_products, products_saved, no_products_yet, find_product, no_product_found,
    // The invitation's rights and mail
    billing_rights, mail_they_receive, mail_about_billing, mail_about_products,
    // The invitation's teams
    invite_teams,
    // Identity verification (kCheck)
    identity_title, identity_for_order, identity_asked, identity_cancel_on, identity_waiting, identity_sent, identity_accepted, identity_refused, identity_lost_factor, identity_ask_turn_off, identity_for_turn_off, identity_two_factor_off, identity_deleted, document_type_label, identity_card, passport, document_file_label, document_file_hint, send_document, sending_document, document_sent, field_choose_file, field_document_empty, field_document_too_large, field_document_format, err_identity_not_waiting, confirm_identity_link, order_cancel_on, order_refunded,
    // A held order (kCheck)
    order_held,
    // The login email (R-REC-3)
    login_email_title, login_email_current, login_email_required_notice, new_login_email, change_login_email, changing_login_email, login_email_changed, field_email_taken, err_login_email_required,
    // The login email's password
    your_password,
    // Paying a pending order
    pay_order_with, needs_order_method,
    // Mailboxes in webmail (R-ID-*)
    mailboxes_title, mailboxes_none, mailbox_own_password, mailbox_unified, mailbox_primary, unify_passwords, unify_not_offered, passwords_unified, stop_using_mailbox, mailbox_address, mailbox_password, use_mailbox, mailbox_added,
    // A mailbox not proved
    mailbox_not_proved,
    // The login password, for a mailbox
    your_login_password,
    // The products an invitation gives
    invite_products,
    // A member's mail (R-ROLE-8)
    mail_of, mail_about_administration, save_mail, mail_saved,
    // Partners managing clients (R-PART-3)
    partners_title, no_partners, partner_manages_all, partner_manages_products, stop_partner, partner_stopped, partner_number, partner_number_hint, delegation_scope, scope_whole, scope_chosen_products, let_partner_in, partner_let_in, clients_title, your_partner_number, no_clients, acting_for, save_acting, acting_saved, err_not_a_partner,
}

/// The words of a language, once they are here ([`load`]); until then those of a language
/// that is, or none.
pub fn texts_of(language: Language) -> &'static Texts {
    loaded(language).unwrap_or_else(fallback)
}

#[cfg(not(target_arch = "wasm32"))]
fn loaded(language: Language) -> Option<&'static Texts> {
    Some(match language {
        Language::En => &en::EN,
        Language::Es => &es::ES,
        Language::Fr => &fr::FR,
        Language::De => &de::DE,
        Language::It => &it::IT,
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn fallback() -> &'static Texts {
    &en::EN
}

#[cfg(target_arch = "wasm32")]
fn loaded(language: Language) -> Option<&'static Texts> {
    #[cfg(feature = "built-in-english")]
    if language == Language::En {
        return Some(&en::EN);
    }
    LOADED.with(|loaded| loaded.borrow().iter().find(|(l, _)| *l == language).map(|(_, texts)| *texts))
}

#[cfg(target_arch = "wasm32")]
fn fallback() -> &'static Texts {
    #[cfg(feature = "built-in-english")]
    return &en::EN;
    #[allow(unreachable_code)]
    LOADED.with(|loaded| loaded.borrow().first().map(|(_, texts)| *texts)).unwrap_or_else(|| {
        thread_local! {
            static BLANK: &'static Texts = Box::leak(Box::new(Texts::blank()));
        }
        BLANK.with(|blank| *blank)
    })
}

/// Whether any language's words are here: false only when none could be fetched.
pub fn has_words() -> bool {
    Language::ALL.into_iter().any(|language| loaded(language).is_some())
}

thread_local! {
    /// The languages fetched so far. Each is read once and kept for the page's life (leaked
    /// on purpose: at most four, a few kilobytes each).
    static LOADED: RefCell<Vec<(Language, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

/// Makes sure the words of `language` are here, fetching its file if needed. False if they
/// could not be fetched or read (the app stays in the language it shows).
pub async fn load(language: Language) -> bool {
    if loaded(language).is_some() {
        return true;
    }
    use api::transport::{GlooTransport, HttpRequest, Method, Transport};
    let request = HttpRequest {
        method: Method::Get,
        url: format!("/languages/{}.txt", language.code()),
        bearer: None,
        body: None,
    };
    let Ok(response) = GlooTransport.send(request).await else { return false };
    if response.status != 200 {
        return false;
    }
    let file: &'static str = Box::leak(response.body.into_boxed_str());
    let Some(texts) = Texts::from_lines(file) else { return false };
    let texts: &'static Texts = Box::leak(Box::new(texts));
    // Two loads of one language may cross (a prefetch and a choice): the first one kept wins.
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        if !loaded.iter().any(|(l, _)| *l == language) {
            loaded.push((language, texts));
        }
    });
    true
}

thread_local! {
    /// The language shown now. The app runs on one thread; code outside any component (an
    /// error turned into a sentence in an async task) reads it here.
    static CURRENT: Cell<Language> = const { Cell::new(Language::En) };
}

/// The words of the language shown now.
pub fn t() -> &'static Texts {
    texts_of(language())
}

/// The language shown now.
pub fn language() -> Language {
    CURRENT.with(Cell::get)
}

/// Makes `language` the one [`t`] answers with (the app does it through [`I18n::set`]).
pub fn show(language: Language) {
    CURRENT.with(|current| current.set(language));
}

/// Fills `{name}` placeholders: `fill("Hello {name}", &[("name", "Ada")])`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The language as a signal, in context: the language control writes it, `App` renders again
/// when it changes, and `<html lang>` follows it.
#[derive(Clone, Copy)]
pub struct I18n {
    language: RwSignal<Language>,
    /// The first language's words are here: the app can be drawn.
    ready: RwSignal<bool>,
}

const LANGUAGE_KEY: &str = "console.language";

impl I18n {
    /// Chooses the first language: the one chosen before in this browser, else the browser's
    /// own preference. (A signed-in person's profile may then change it: see `Shell`.)
    pub fn provide() -> I18n {
        let stored = storage().and_then(|s| s.get_item(LANGUAGE_KEY).ok().flatten());
        let first = stored.as_deref().and_then(Language::from_tag).unwrap_or_else(browser_language);
        let i18n = I18n { language: RwSignal::new(Language::En), ready: RwSignal::new(false) };
        provide_context(i18n);
        if loaded(first).is_some() {
            i18n.switch_to(first);
            i18n.ready.set(true);
        } else {
            leptos::task::spawn_local(async move {
                // English when the first choice could not be fetched.
                for language in [first, Language::En] {
                    if load(language).await {
                        i18n.switch_to(language);
                        break;
                    }
                }
                i18n.ready.set(true);
            });
        }
        i18n
    }

    /// The first language's words have arrived, or could not be fetched.
    pub fn ready(&self) -> bool {
        self.ready.get()
    }

    pub fn get() -> I18n {
        expect_context::<I18n>()
    }

    /// The language, tracked: a closure that reads it runs again when it changes.
    pub fn language(&self) -> Language {
        self.language.get()
    }

    /// Shows the app in `language`, once its words are here, and remembers it in this browser.
    /// Nothing happens when it is the language already shown.
    pub async fn change(&self, language: Language) {
        if self.language.get_untracked() == language || !load(language).await {
            return;
        }
        if let Some(storage) = storage() {
            let _ = storage.set_item(LANGUAGE_KEY, language.code());
        }
        self.switch_to(language);
    }

    fn switch_to(&self, language: Language) {
        show(language);
        set_html_lang(language);
        self.language.set(language);
    }
}

fn browser_language() -> Language {
    let languages = window().navigator().languages();
    let tags: Vec<String> = languages.iter().filter_map(|tag| tag.as_string()).collect();
    Language::negotiate(tags.iter().map(String::as_str))
}

fn set_html_lang(language: Language) {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", language.code());
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `{names}` a sentence fills.
    fn placeholders(sentence: &str) -> BTreeSet<&str> {
        sentence.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn every_language_fills_the_same_values_as_english_and_leaves_nothing_empty() {
        let english = texts_of(Language::En).entries();
        for language in Language::ALL {
            let entries = texts_of(language).entries();
            assert_eq!(entries.len(), english.len());
            for ((key, sentence), (_, source)) in entries.iter().zip(&english) {
                assert!(!sentence.trim().is_empty(), "{language:?} {key} is empty");
                assert_eq!(placeholders(sentence), placeholders(source), "{language:?} {key}: {sentence}");
            }
        }
    }

    #[test]
    fn the_other_languages_are_translated_not_copied() {
        let english = texts_of(Language::En).entries();
        for language in [Language::Es, Language::Fr, Language::De, Language::It] {
            let entries = texts_of(language).entries();
            let same = entries.iter().zip(&english).filter(|((_, a), (_, b))| a == b).count();
            // A few words are the same in both (`Email`, `Status`), not a tenth of them.
            assert!(same * 10 < english.len(), "{language:?}: {same} of {} sentences are the English", english.len());
        }
    }

    #[test]
    fn english_tour_is_the_domain_crates() {
        for (step, text) in MAIN_TOUR.iter().zip(&texts_of(Language::En).tour) {
            assert_eq!((step.control, step.title, step.text), (text.control, text.title, text.text));
        }
    }

    #[test]
    fn the_tutorial_points_at_controls_by_the_names_the_pages_give_them() {
        for language in Language::ALL {
            let t = texts_of(language);
            for (step, text) in MAIN_TOUR.iter().zip(&t.tour) {
                // The pages that exist name their controls; the others are still to come.
                let Some(shown) = crate::components::controls::control_name(t, step.control) else { continue };
                assert_eq!(text.control, shown, "{language:?}: the step on {}", step.control);
            }
        }
    }

    #[test]
    fn the_language_files_the_browser_fetches_are_the_codes_and_read_back() {
        // `UPDATE_LANGUAGE_FILES=1 cargo test -p app i18n` writes them after a change.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("languages");
        for language in Language::ALL {
            let texts = texts_of(language);
            assert!(texts.entries().iter().all(|(_, sentence)| !sentence.contains('\n')), "one line each");
            let path = dir.join(format!("{}.txt", language.code()));
            let expected = texts.to_lines();
            if std::env::var_os("UPDATE_LANGUAGE_FILES").is_some() {
                std::fs::write(&path, &expected).unwrap();
            }
            let found = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                found == expected,
                "{} is out of date: run `UPDATE_LANGUAGE_FILES=1 cargo test -p app i18n`",
                path.display()
            );
            let read = Texts::from_lines(Box::leak(found.into_boxed_str())).expect("it reads back");
            assert_eq!(read.entries(), texts.entries());
        }
        assert!(Texts::from_lines("too\nshort\n").is_none(), "a file of the wrong length is refused");
    }

    #[test]
    fn every_language_has_each_played_guide_step_for_step() {
        for (index, id) in PLAYED_GUIDES.iter().zip([
            "add_user",
            "create_organization",
            "auto_renewal_one",
            "top_up",
            "auto_renewal_all",
            "pay_selection",
            "download_invoice",
            "change_role",
            "cancel_product",
            "two_factor",
            "support_access",
            "api_token",
            "create_team",
        ]) {
            assert_eq!(domain::tour::GUIDES[*index].id, id);
        }
        for language in Language::ALL {
            for (text, index) in texts_of(language).guides.iter().zip(PLAYED_GUIDES) {
                assert_eq!(text.steps.len(), domain::tour::GUIDES[index].steps.len(), "{language:?} {}", text.title);
            }
        }
    }

    #[test]
    fn fill_puts_each_value_in_its_place() {
        assert_eq!(
            fill("{name} is now {role}.", &[("name", "Ada"), ("role", "Administrator")]),
            "Ada is now Administrator."
        );
        assert_eq!(fill("No values.", &[]), "No values.");
    }
}
