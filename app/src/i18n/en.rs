//! English: the source language. UI.md's control names are English and are the contract; the
//! other languages translate them.

use super::{GuideText, StepText, Texts, ADD_USER, CREATE_ORGANIZATION, TOUR_STEPS};
use domain::tour::{Step, GUIDES, MAIN_TOUR};

/// Steps as the domain crate writes them (the tutorial's, a guide's), copied at compile time:
/// English is the domain's own words.
const fn steps<const N: usize>(steps: &'static [Step]) -> [StepText; N] {
    let mut out = [StepText { control: "", title: "", text: "" }; N];
    let mut i = 0;
    while i < N {
        out[i] = StepText { control: steps[i].control, title: steps[i].title, text: steps[i].text };
        i += 1;
    }
    out
}

const TOUR: [StepText; TOUR_STEPS] = steps(MAIN_TOUR);
const ADD_USER_STEPS: [StepText; GUIDES[ADD_USER].steps.len()] = steps(GUIDES[ADD_USER].steps);
const CREATE_ORGANIZATION_STEPS: [StepText; GUIDES[CREATE_ORGANIZATION].steps.len()] =
    steps(GUIDES[CREATE_ORGANIZATION].steps);

pub const EN: Texts = Texts {
    skip_link: "Skip to the page",
    nav_label: "Main",
    nav_dashboard: "Dashboard",
    nav_users: "Users",
    log_out: "Log out",
    language_label: "Language",
    waiting_for_limit: "Many requests at once: the console goes on by itself in {seconds} seconds.",
    switcher_label: "Organization: {name}",
    create_organization_link: "Create an organization",

    tour_step_count: "Step {step} of {steps}",
    tour_back: "Back",
    tour_next: "Next",
    tour_finish: "Finish",
    tour_close: "Close",
    show_tutorial: "Show the tutorial",
    help: "Help",
    guide_heading: "Guide: {title}",

    log_in_title: "Log in",
    email: "Email",
    password: "Password",
    log_in_button: "Log in",
    logging_in: "Logging in…",
    log_in_missing: "Enter your email and your password.",
    session_ended_notice: "Your session ended. Log in again to go back to the page you were on.",
    new_here: "New here?",
    create_account_link: "Create an account",
    sign_up_title: "Create an account",
    sign_up_intro: "Your account comes with its own organization, of which you are the legal representative.",
    first_name: "First name",
    last_name: "Last name",
    password_hint: "At least 10 characters.",
    creating_account: "Creating your account…",
    sign_up_button: "Create an account",
    account_ready: "Your account is ready, and so is the organization {name}.",
    account_ready_log_in: "Your account is ready, and so is the organization {name}. Log in to continue.",
    have_account: "Already have an account?",
    log_in_link: "Log in",

    organizations_title: "Your organizations",
    loading_organizations: "Loading your organizations…",
    organizations_caption: "Organizations you belong to",
    column_name: "Name",
    column_your_role: "Your role",
    column_users: "Users",
    not_found_title: "Page not found",
    back_to_organizations: "Back to your organizations",
    gallery_title: "Component gallery",
    gallery_intro: "Each component a Leptos app can embed, alone, with sample data.",
    gallery_switcher: "Organization switcher",
    gallery_role_picker: "Role picker",
    gallery_user_table: "User table",
    new_organization_title: "Create an organization",
    new_organization_intro:
        "You will be its legal representative. Switching between your organizations needs no new log-in.",
    organization_name: "Name",
    legal_form: "Legal form",
    legal_company: "Company",
    legal_individual: "Individual",
    legal_public_body: "Public body",
    currency: "Currency",
    creating_organization: "Creating…",
    create_organization_button: "Create the organization",

    users_title: "Users",
    loading_users: "Loading the users…",
    users_caption: "Users of {organization}",
    column_email: "Email",
    column_role: "Role",
    column_billing: "Billing rights",
    column_actions: "Actions",
    yes: "Yes",
    no: "No",
    actions_for: "Actions for {name}",
    new_role_for: "New role for {name}",
    change_role: "Change role",
    remove_from_organization: "Remove from organization",
    confirm_removal: "Confirm the removal",
    remove_question: "Remove {name} from the organization? Their account stays.",
    yes_remove: "Yes, remove",
    cancel: "Cancel",
    role_changed: "{name} is now {role}.",
    member_removed: "{name} was removed from the organization.",
    invite_user: "Invite a user",
    role_field: "Role",
    send_invitation: "Send the invitation",
    invitation_sent: "Invitation sent to {email}. It is valid for 7 days.",

    denied_insufficient_rights: "Only the legal representatives and administrators can do this.",
    denied_only_owner_manages_owners:
        "Only a legal representative can give the legal representative role or change another one.",
    denied_own_role: "Nobody can change their own role: ask another legal representative or administrator.",
    denied_own_billing_access:
        "Nobody can change their own billing rights: ask another legal representative or administrator.",
    denied_only_legal_representative: "Only the legal representative can change the organization's details.",
    denied_no_billing_rights: "Billing is for members with billing rights.",
    denied_external_without_billing: "External users cannot have billing rights.",
    denied_owner_always_has_billing: "The legal representatives always have billing rights.",
    denied_product_not_visible: "This product does not exist, or is not yours to see.",

    try_again: "Try again",
    err_offline: "The console cannot reach the server. Check your connection, then try again.",
    err_server: "Something went wrong on our side. Try again in a moment.",
    err_unreadable: "The server's answer could not be read. Try again; if it happens again, reload the page.",
    err_log_in_failed: "The log-in did not work. Check your email and password, then try again.",
    err_unknown: "This could not be done. Reload the page to see where things stand, then try again.",
    field_required: "Fill in this field.",
    field_invalid_email: "Enter an email address, like name@example.ch.",
    field_password_too_short: "Use at least {minimum} characters; this password has {length}.",
    field_out_of_range_both: "Choose a number from {minimum} to {maximum}.",
    field_out_of_range_min: "Choose a number of at least {minimum}.",
    field_out_of_range: "Choose a number in the allowed range.",
    field_invalid_value: "Choose one of the offered values.",
    field_check: "Check this field.",
    err_not_authorized: "Your session ended. Log in again.",
    err_access_denied:
        "Your role in this organization does not allow this. Ask a legal representative or an administrator.",
    err_object_not_found: "This does not exist, or is not yours to see. Reload the page.",
    err_method_not_found: "The console asked the server for something it does not know. Reload the page.",
    err_validation_failed: "Some fields need fixing: see the messages next to them.",
    err_already_member: "{email} already has a pending invitation or is already a member of this organization.",
    err_object_already_exists: "This already exists. Reload the page to see it.",
    err_too_many_requests: "You went faster than the console allows. Wait a few seconds, then try again.",
    err_too_many_attempts: "Too many failed attempts. Wait a minute, then try again.",
    err_last_owner:
        "An organization needs a legal representative: name another one first, then change or remove this one.",
    err_only_owner_manages_owners:
        "Only a legal representative can give that role, or change another legal representative.",
    err_cannot_change_own_role:
        "Nobody changes their own role or billing rights: ask another legal representative or administrator.",
    err_auto_renewal_too_close:
        "This product expires in {days_left} days; automatic renewal needs at least {minimum_days}. Renew it now instead.",
    err_payment_method_not_compatible:
        "This payment method cannot be used for this. Choose a card, or another method offered.",
    err_payment_method_currency: "The PostFinance card pays in CHF only. Choose another method.",
    err_top_up_out_of_range: "A top-up is between {min} and {max}.",
    err_renewal_period_not_available: "This product cannot be paid for that period. Choose one of the periods offered.",
    err_otp_required: "Enter the code from your authenticator app, or a backup code.",
    err_invalid_otp: "This code is wrong, expired or already used. Enter the current code from your app.",
    err_partner_and_affiliate:
        "An organization cannot be partner and affiliate at once: leave the other program first.",
    err_partner_requirements: "The partner program's requirements are not met yet: see what is missing.",
    err_invitation_not_pending: "This invitation was already accepted, cancelled, or it expired. Ask for a new one.",
    err_insufficient_prepaid_balance:
        "The prepaid balance is not enough. Top it up, or pay the rest with another method.",
    err_two_factor_state_conflict: "Two-factor authentication changed meanwhile. Reload the page.",
    err_tour_move_not_allowed: "The tutorial moved on meanwhile. Close it and show it again.",
    err_currency_mismatch: "Amounts in EUR and CHF cannot be combined.",
    err_invalid_amount: "Write the amount like 12.50.",
    err_order_not_payable: "This order cannot be paid any more. Reload the orders.",
    err_product_not_active: "This product is blocked or terminated: renew it first.",
    err_invalid_grant: "The email or the password is wrong.",
    err_log_in_request: "The log-in did not work. Reload the page, then try again.",
    err_request_too_large: "What you sent is too large (over 1 MiB). Send less at once.",
    err_request_timeout: "The connection was too slow and the server stopped waiting. Try again.",
    err_card_declined: "The card was declined and nothing was paid. Try another card or another way to pay.",
    err_payment_method_in_use: "Automatic renewal still charges this payment method. Choose another one for those products first.",

    tour: TOUR,
    guides: [
        GuideText { title: GUIDES[ADD_USER].title, steps: &ADD_USER_STEPS },
        GuideText { title: GUIDES[CREATE_ORGANIZATION].title, steps: &CREATE_ORGANIZATION_STEPS },
    ],
};
