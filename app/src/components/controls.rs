//! Finding a control as a person finds it, by its visible name, and marking it: shared by the
//! tutorial and the guides.

use crate::i18n::Texts;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::Element;

const MARK: &str = "tour-target";
/// The ids of the explanations a marked control may be described by: the guide's, the tour's.
const EXPLANATIONS: [&str; 2] = ["guide-text", "tour-text"];

/// The page's own words for a control that UI.md names in English (the domain crate's steps
/// name controls that way). None for a control of a page that does not exist yet.
pub fn control_name(t: &Texts, control: &str) -> Option<&'static str> {
    Some(match control {
        "Dashboard" => t.nav_dashboard,
        "Users" => t.nav_users,
        "Show the tutorial" => t.show_tutorial,
        "Invite a user" => t.invite_user,
        "Role" => t.role_field,
        "Send the invitation" => t.send_invitation,
        "Create an organization" => t.create_organization_link,
        "Products" => t.nav_products,
        "Renewals" => t.nav_renewals,
        "Invoices" => t.nav_invoices,
        "Prepaid account" => t.nav_prepaid,
        "Turn auto-renewal on" => t.turn_auto_renewal_on,
        "Top up" => t.top_up,
        "Select all" => t.select_all,
        "Manage renewals" => t.manage_renewals,
        "Pay selection" => t.pay_selection,
        "Download PDF" => t.download_pdf,
        "Change role" => t.change_role,
        "Cancel this product" => t.cancel_product,
        "Security" => t.nav_security,
        "Turn on two-factor authentication" => t.turn_on_two_factor,
        "Download" => t.download,
        "Support access" => t.nav_support_access,
        "Mail" => t.support_mail,
        "API tokens" => t.nav_api_tokens,
        "Partner program" => t.nav_partner,
        "Teams" => t.nav_teams,
        "Team name" => t.team_name,
        "Create the team" => t.create_the_team,
        "Token name" => t.token_name,
        "Create a token" => t.create_token,
        _ => return None,
    })
}

/// The control a step names (in English, as the domain crate does), on the page as it is now.
/// The Organization switcher's name carries the Organization, so it is found by its class.
pub fn find_step_control(t: &Texts, control: &str) -> Option<Element> {
    if control == "Organization switcher" {
        return document().query_selector(".switcher-button").ok().flatten();
    }
    // A row's actions are named after the row (`Actions for Ada Demo`): the first row's.
    if control == "Actions for" {
        let prefix = t.actions_for.split("{name}").next().unwrap_or_default();
        return find_button_starting_with(prefix);
    }
    // A product's name in the list opens it: the first row's that has not ended.
    if control == "A product" {
        return document().query_selector("main table tr:not(.ended) a[href^='/products/']").ok().flatten();
    }
    find_control(control_name(t, control)?)
}

/// A visible link or button named `name`, else the field of the label that says `name`, else
/// a control named by its `aria-label` (a row's checkbox).
pub fn find_control(name: &str) -> Option<Element> {
    let document = document();
    let all = |selector: &str| {
        let found = document.query_selector_all(selector).ok();
        found
            .map(|list| (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let visible = |e: &Element| e.closest("[hidden]").ok().flatten().is_none();
    let named = |e: &Element| e.text_content().is_some_and(|text| text.trim() == name);
    if let Some(control) = all("a, button").into_iter().find(|e| named(e) && visible(e)) {
        return Some(control);
    }
    if let Some(label) = all("label").into_iter().find(|e| named(e) && visible(e)) {
        return document.get_element_by_id(&label.get_attribute("for")?);
    }
    all("[aria-label]").into_iter().find(|e| e.get_attribute("aria-label").as_deref() == Some(name) && visible(e))
}

/// The first visible button whose name starts with `prefix` (not empty).
fn find_button_starting_with(prefix: &str) -> Option<Element> {
    if prefix.trim().is_empty() {
        return None;
    }
    let buttons = document().query_selector_all("button").ok()?;
    (0..buttons.length()).filter_map(|i| buttons.item(i)?.dyn_into::<Element>().ok()).find(|button| {
        button.closest("[hidden]").ok().flatten().is_none()
            && button.text_content().is_some_and(|text| text.trim().starts_with(prefix))
    })
}

/// Marks `target` (and unmarks whatever was marked), describing it by the explanation on
/// screen (the element `explanation`) so that a screen reader says what to do with it.
pub fn mark(target: Option<&Element>, explanation: &str) {
    if let Ok(marked) = document().query_selector_all(&format!(".{MARK}")) {
        for element in (0..marked.length()).filter_map(|i| marked.item(i)?.dyn_into::<Element>().ok()) {
            let _ = element.class_list().remove_1(MARK);
            let described: Vec<String> = element
                .get_attribute("aria-describedby")
                .unwrap_or_default()
                .split_whitespace()
                .filter(|id| !EXPLANATIONS.contains(id))
                .map(str::to_string)
                .collect();
            let _ = match described.is_empty() {
                true => element.remove_attribute("aria-describedby"),
                false => element.set_attribute("aria-describedby", &described.join(" ")),
            };
        }
    }
    if let Some(target) = target {
        let _ = target.class_list().add_1(MARK);
        let described = target.get_attribute("aria-describedby").unwrap_or_default();
        let _ = target.set_attribute("aria-describedby", format!("{described} {explanation}").trim());
    }
}
