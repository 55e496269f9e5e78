//! A card typed in: where the Payment methods page saves one and where a payment uses one
//! once. Its number and CVC stay only in these fields, emptied once the card was used.

use crate::components::TextField;
use crate::i18n::t;
use api::CardInput;
use leptos::prelude::*;

/// What the person typed, and the expiry's error.
#[derive(Clone, Copy)]
pub struct CardEntry {
    number: RwSignal<String>,
    expires: RwSignal<String>,
    cvc: RwSignal<String>,
    expiry_error: RwSignal<Option<String>>,
}

impl CardEntry {
    pub fn new() -> Self {
        CardEntry {
            number: RwSignal::new(String::new()),
            expires: RwSignal::new(String::new()),
            cvc: RwSignal::new(String::new()),
            expiry_error: RwSignal::new(None),
        }
    }

    /// The card as typed; None when its expiry is not a month of a year, then said under the
    /// field, which gets the focus. The number and CVC are the provider's to judge.
    pub fn read(&self) -> Option<CardInput> {
        let Some((exp_month, exp_year)) = expiry(&self.expires.get_untracked()) else {
            self.expiry_error.set(Some(t().field_card_expiry.into()));
            crate::components::focus_by_id("card_expiry");
            return None;
        };
        self.expiry_error.set(None);
        Some(CardInput { number: self.number.get_untracked(), exp_month, exp_year, cvc: self.cvc.get_untracked() })
    }

    /// Nothing of the card stays in the page.
    pub fn clear(&self) {
        self.number.set(String::new());
        self.expires.set(String::new());
        self.cvc.set(String::new());
    }
}

impl Default for CardEntry {
    fn default() -> Self {
        Self::new()
    }
}

/// The card's number, expiry (`MM/YY`) and CVC fields, with the browser's card autofill.
#[component]
pub fn CardFields(entry: CardEntry) -> impl IntoView {
    let t = t();
    view! {
        <TextField label=t.card_number id="card_number" value=entry.number autocomplete="cc-number" hint=t.card_hint />
        <TextField label=t.card_expiry id="card_expiry" value=entry.expires autocomplete="cc-exp" error=entry.expiry_error />
        <TextField label=t.card_cvc id="card_cvc" value=entry.cvc autocomplete="cc-csc" />
    }
}

/// `MM/YY` or `MM/YYYY` as month and four-digit year; None if it is not a month of a year.
fn expiry(text: &str) -> Option<(u32, u32)> {
    let (month, year) = text.trim().split_once('/')?;
    let month: u32 = month.trim().parse().ok().filter(|m| (1..=12).contains(m))?;
    let year: u32 = year.trim().parse().ok()?;
    let year = match year {
        0..=99 => 2000 + year,
        1000..=9999 => year,
        _ => return None,
    };
    Some((month, year))
}

#[cfg(test)]
mod tests {
    use super::expiry;

    #[test]
    fn an_expiry_is_a_month_and_a_year_as_cards_print_it() {
        assert_eq!(expiry("12/35"), Some((12, 2035)));
        assert_eq!(expiry(" 1 / 2031 "), Some((1, 2031)));
        for wrong in ["13/35", "0/35", "12", "ab/cd", "12/123", ""] {
            assert_eq!(expiry(wrong), None, "{wrong}");
        }
    }
}
