//! The console's five languages, and amounts and dates written as each of them writes them.
//!
//! Shared by the web app (its pages) and the server (its mail), so both write an amount the
//! same way. The conventions are CLDR's for each language without a region (`fr`, not
//! `fr-CH`), written here as a small table rather than taken from ICU's data: five languages
//! need a few separators and twelve month names each, while ICU's number and date data for
//! them would cost tens of kilobytes of the web app's 300 KB budget (BENCHMARKS.md).

use crate::money::{Currency, Money};
use crate::role::Role;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
    Fr,
    De,
    It,
}

impl Language {
    /// In the order the language control lists them.
    pub const ALL: [Language; 5] = [Language::En, Language::Es, Language::Fr, Language::De, Language::It];

    /// The BCP 47 tag (`<html lang>`, the profile's `language`).
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr",
            Language::De => "de",
            Language::It => "it",
        }
    }

    /// The language's name in itself, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Es => "Español",
            Language::Fr => "Français",
            Language::De => "Deutsch",
            Language::It => "Italiano",
        }
    }

    /// The locale the public API writes for the language (an invitation's `locale`).
    pub fn locale(self) -> &'static str {
        match self {
            Language::En => "en_GB",
            Language::Es => "es_ES",
            Language::Fr => "fr_FR",
            Language::De => "de_DE",
            Language::It => "it_IT",
        }
    }

    /// The public API's number for the language (`language_id`).
    pub fn id(self) -> i64 {
        match self {
            Language::Fr => 1,
            Language::De => 2,
            Language::It => 3,
            Language::En => 4,
            Language::Es => 5,
        }
    }

    pub fn from_id(id: i64) -> Option<Language> {
        Language::ALL.into_iter().find(|language| language.id() == id)
    }

    /// The language of a tag or locale: `fr`, `fr-CH`, `fr_CH`, `FR` are French. None for a
    /// language the console does not speak.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Language::ALL.into_iter().find(|language| language.code() == primary)
    }

    /// The first of the browser's preferred languages that the console speaks, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Language {
        preferred.into_iter().find_map(Language::from_tag).unwrap_or_default()
    }

    /// A role's name (R-ROLE-1), as the pages and the mail say it.
    pub fn role_name(self, role: Role) -> &'static str {
        let names = match self {
            Language::En => ["Legal representative", "Administrator", "Collaborator", "External"],
            Language::Es => ["Representante legal", "Administrador", "Colaborador", "Externo"],
            Language::Fr => ["Représentant légal", "Administrateur", "Collaborateur", "Externe"],
            Language::De => ["Gesetzlicher Vertreter", "Administrator", "Mitarbeiter", "Extern"],
            Language::It => ["Rappresentante legale", "Amministratore", "Collaboratore", "Esterno"],
        };
        names[match role {
            Role::Owner => 0,
            Role::Admin => 1,
            Role::Normal => 2,
            Role::External => 3,
        }]
    }

    /// An amount as this language writes it, with its currency: `€1,234.56`, `1 234,56 €`,
    /// `1.234,56 CHF`.
    pub fn format_money(self, money: Money) -> String {
        let negative = money.cents < 0;
        let cents = money.cents.unsigned_abs();
        let (units, hundredths) = (cents / 100, cents % 100);
        let (group, decimal) = match self {
            Language::En => (",", "."),
            // A narrow no-break space groups thousands in French.
            Language::Fr => ("\u{202f}", ","),
            Language::Es | Language::De | Language::It => (".", ","),
        };
        // Spanish groups only from five digits on (CLDR's minimum grouping digits: 2).
        let grouped =
            if self == Language::Es && units < 10_000 { units.to_string() } else { group_digits(units, group) };
        let number = format!("{}{grouped}{decimal}{hundredths:02}", if negative { "-" } else { "" });
        match (self, money.currency) {
            (Language::En, Currency::Eur) => format!("€{number}"),
            (Language::En, Currency::Chf) => format!("CHF {number}"),
            // The others put the symbol after, with a no-break space.
            (_, Currency::Eur) => format!("{number}\u{a0}€"),
            (_, Currency::Chf) => format!("{number}\u{a0}CHF"),
        }
    }

    /// A date as this language writes it in full: `25 November 2026`, `25 de noviembre de
    /// 2026`, `25 novembre 2026`, `25. November 2026`, `25 novembre 2026`.
    pub fn format_date(self, date: NaiveDate) -> String {
        let month = MONTHS[self as usize][date.month0() as usize];
        let (day, year) = (date.day(), date.year());
        match self {
            Language::En | Language::Fr | Language::It => format!("{day} {month} {year}"),
            Language::Es => format!("{day} de {month} de {year}"),
            Language::De => format!("{day}. {month} {year}"),
        }
    }
}

fn group_digits(units: u64, separator: &str) -> String {
    let digits = units.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// Month names, in the order of [`Language::ALL`] (which is the enum's order).
const MONTHS: [[&str; 12]; 5] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
];

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(cents: i64) -> Money {
        Money::new(cents, Currency::Eur)
    }

    fn chf(cents: i64) -> Money {
        Money::new(cents, Currency::Chf)
    }

    #[test]
    fn english_writes_amounts_and_dates() {
        let l = Language::En;
        assert_eq!(l.format_money(eur(123_456)), "€1,234.56");
        assert_eq!(l.format_money(chf(999_900)), "CHF 9,999.00");
        assert_eq!(l.format_money(chf(10)), "CHF 0.10");
        assert_eq!(l.format_date(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()), "25 November 2026");
    }

    #[test]
    fn spanish_writes_amounts_and_dates() {
        let l = Language::Es;
        assert_eq!(l.format_money(eur(123_456)), "1234,56\u{a0}€", "no grouping under five digits");
        assert_eq!(l.format_money(eur(1_234_567)), "12.345,67\u{a0}€");
        assert_eq!(l.format_money(chf(999_900)), "9999,00\u{a0}CHF");
        assert_eq!(l.format_date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), "1 de marzo de 2026");
    }

    #[test]
    fn french_writes_amounts_and_dates() {
        let l = Language::Fr;
        assert_eq!(l.format_money(eur(123_456)), "1\u{202f}234,56\u{a0}€");
        assert_eq!(l.format_money(chf(999_900)), "9\u{202f}999,00\u{a0}CHF");
        assert_eq!(l.format_date(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap()), "15 août 2026");
    }

    #[test]
    fn german_writes_amounts_and_dates() {
        let l = Language::De;
        assert_eq!(l.format_money(eur(123_456)), "1.234,56\u{a0}€");
        assert_eq!(l.format_money(chf(100_000_000)), "1.000.000,00\u{a0}CHF");
        assert_eq!(l.format_date(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()), "2. März 2026");
    }

    #[test]
    fn italian_writes_amounts_and_dates() {
        let l = Language::It;
        assert_eq!(l.format_money(eur(-123_456)), "-1.234,56\u{a0}€");
        assert_eq!(l.format_money(chf(5)), "0,05\u{a0}CHF");
        assert_eq!(l.format_date(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()), "31 dicembre 2026");
    }

    #[test]
    fn the_browsers_first_language_the_console_speaks_wins() {
        assert_eq!(Language::negotiate(["pt-BR", "fr-CH", "de"]), Language::Fr);
        assert_eq!(Language::negotiate(["de_CH"]), Language::De);
        assert_eq!(Language::negotiate(["pt", "ja"]), Language::En, "else English");
        assert_eq!(Language::negotiate([]), Language::En);
        assert_eq!(Language::from_tag("IT"), Some(Language::It));
        assert_eq!(Language::from_tag(""), None);
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.code()), Some(language));
            assert_eq!(Language::from_id(language.id()), Some(language));
            assert_eq!(Language::from_tag(language.locale()), Some(language));
        }
    }
}
