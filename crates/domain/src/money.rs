//! Money in integer cents (R-PAY-*): never floating point.
//!
//! On the wire an amount is `{"amount": "12.50", "currency": "CHF"}`: a decimal string with
//! exactly two decimals. Deserializing holds the wire to that ([`Money::parse_wire`]), so a
//! client that sends a float or "12.5" learns at once; [`Money::parse`] is for what a person
//! types in a form ("12", "12.5", "12,50").

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The two billing currencies; each Organization bills in one of them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "CHF")]
    Chf,
}

impl Currency {
    pub fn as_str(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Chf => "CHF",
        }
    }

    pub fn parse(s: &str) -> Option<Currency> {
        match s {
            "EUR" => Some(Currency::Eur),
            "CHF" => Some(Currency::Chf),
            _ => None,
        }
    }
}

/// An exact amount: cents and a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub cents: i64,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum MoneyError {
    #[error("amounts in {left} and {right} cannot be combined")]
    CurrencyMismatch { left: Currency, right: Currency },
    #[error("\"{input}\" is not an amount: write it like 12.50")]
    InvalidAmount { input: String },
    #[error("the amount is too large")]
    Overflow,
}

impl MoneyError {
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::CurrencyMismatch { .. } => "currency_mismatch",
            MoneyError::InvalidAmount { .. } | MoneyError::Overflow => "invalid_amount",
        }
    }

    pub fn http_status(&self) -> u16 {
        422
    }
}

impl Money {
    pub const fn new(cents: i64, currency: Currency) -> Money {
        Money { cents, currency }
    }

    pub const fn zero(currency: Currency) -> Money {
        Money { cents: 0, currency }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.cents.checked_add(other.cents).map(|cents| Money::new(cents, self.currency)).ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.cents.checked_sub(other.cents).map(|cents| Money::new(cents, self.currency)).ok_or(MoneyError::Overflow)
    }

    /// The sum of amounts of one currency; zero of `currency` when there are none.
    pub fn sum(currency: Currency, amounts: impl IntoIterator<Item = Money>) -> Result<Money, MoneyError> {
        amounts.into_iter().try_fold(Money::zero(currency), Money::checked_add)
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch { left: self.currency, right: other.currency })
        }
    }

    /// The wire amount: "12.50", "-3.05", "0.00".
    pub fn amount(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let cents = self.cents.unsigned_abs();
        format!("{sign}{}.{:02}", cents / 100, cents % 100)
    }

    /// Parses an amount: digits, optionally a `.` or `,` and one or two decimals, optionally a
    /// leading `-`. No exponent, no thousands separators, no third decimal (no rounding).
    pub fn parse(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let invalid = || MoneyError::InvalidAmount { input: input.to_string() };
        let text = input.trim();
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (units, decimals) = match text.split_once(['.', ',']) {
            Some((units, decimals)) => (units, decimals),
            None => (text, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if units.is_empty()
            || !digits(units)
            || !digits(decimals)
            || decimals.len() > 2
            || (text.contains(['.', ',']) && decimals.is_empty())
        {
            return Err(invalid());
        }
        let units: i64 = units.parse().map_err(|_| MoneyError::Overflow)?;
        let decimals: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().map_err(|_| invalid())? * 10,
            _ => decimals.parse().map_err(|_| invalid())?,
        };
        let cents = units.checked_mul(100).and_then(|c| c.checked_add(decimals)).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(if negative { -cents } else { cents }, currency))
    }
}

impl Money {
    /// Parses the wire amount: an optional `-`, digits, a `.` and exactly two decimals.
    /// Nothing else: no spaces, no comma, no exponent, no `+`.
    pub fn parse_wire(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let unsigned = input.strip_prefix('-').unwrap_or(input);
        let well_formed =
            unsigned.split_once('.').is_some_and(|(units, decimals)| !units.is_empty() && decimals.len() == 2)
                && unsigned.bytes().filter(|b| *b != b'.').all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(MoneyError::InvalidAmount { input: input.to_string() });
        }
        Money::parse(input, currency)
    }

    pub fn is_negative(&self) -> bool {
        self.cents < 0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount(), self.currency.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Serialize, Deserialize)]
struct WireMoney {
    amount: String,
    currency: Currency,
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireMoney { amount: self.amount(), currency: self.currency }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let wire = WireMoney::deserialize(deserializer)?;
        Money::parse_wire(&wire.amount, wire.currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_format_with_exactly_two_decimals() {
        assert_eq!(Money::new(1250, Currency::Chf).amount(), "12.50");
        assert_eq!(Money::new(5, Currency::Eur).amount(), "0.05");
        assert_eq!(Money::new(-305, Currency::Eur).amount(), "-3.05");
        assert_eq!(Money::new(0, Currency::Eur).to_string(), "0.00 EUR");
        assert_eq!(
            serde_json::to_value(Money::new(999_900, Currency::Chf)).unwrap(),
            serde_json::json!({"amount": "9999.00", "currency": "CHF"})
        );
    }

    #[test]
    fn parsing_accepts_what_people_type_and_refuses_the_rest() {
        let chf = |s| Money::parse(s, Currency::Chf).map(|m| m.cents);
        assert_eq!(chf("12.50"), Ok(1250));
        assert_eq!(chf("12,5"), Ok(1250));
        assert_eq!(chf(" 12 "), Ok(1200));
        assert_eq!(chf("0.10"), Ok(10));
        assert_eq!(chf("-1.01"), Ok(-101));
        for bad in ["", "12.", ".5", "1.234", "1e3", "12a", "1 000", "--1", "1.2.3", "NaN"] {
            assert!(matches!(chf(bad), Err(MoneyError::InvalidAmount { .. })), "{bad:?}");
        }
        assert_eq!(chf("99999999999999999999"), Err(MoneyError::Overflow));
    }

    #[test]
    fn the_wire_takes_exactly_two_decimals() {
        let wire = |s| Money::parse_wire(s, Currency::Eur).map(|m| m.cents);
        assert_eq!(wire("12.50"), Ok(1250));
        assert_eq!(wire("-0.05"), Ok(-5));
        assert_eq!(wire("0.00"), Ok(0));
        for bad in ["12", "12.5", "12,50", "1.234", " 1.00", "+1.00", "1e3", "1.0e2", ".50", "-", "1.-5", "--1.00"] {
            assert!(matches!(wire(bad), Err(MoneyError::InvalidAmount { .. })), "{bad:?}");
        }
        let json = |v: serde_json::Value| serde_json::from_value::<Money>(v);
        assert_eq!(
            json(serde_json::json!({"amount": "0.10", "currency": "CHF"})).unwrap(),
            Money::new(10, Currency::Chf)
        );
        assert!(json(serde_json::json!({"amount": "0.1", "currency": "CHF"})).is_err());
        assert!(json(serde_json::json!({"amount": 0.1, "currency": "CHF"})).is_err(), "never a float");
        assert!(json(serde_json::json!({"amount": "1.00", "currency": "USD"})).is_err());
    }

    #[test]
    fn currencies_have_their_wire_names() {
        for (currency, name) in [(Currency::Eur, "EUR"), (Currency::Chf, "CHF")] {
            assert_eq!(Currency::parse(name), Some(currency));
            assert_eq!((currency.as_str(), currency.to_string()), (name, name.to_string()));
        }
        assert_eq!(Currency::parse("chf"), None);
        assert_eq!(Currency::parse("USD"), None);
    }

    #[test]
    fn a_negative_amount_is_below_zero_and_zero_is_not() {
        assert!(Money::new(-1, Currency::Chf).is_negative());
        assert!(!Money::new(0, Currency::Chf).is_negative());
        assert!(!Money::new(1, Currency::Chf).is_negative());
    }

    #[test]
    fn currencies_never_mix() {
        let e = Money::new(100, Currency::Eur).checked_add(Money::new(100, Currency::Chf)).unwrap_err();
        assert_eq!(e, MoneyError::CurrencyMismatch { left: Currency::Eur, right: Currency::Chf });
        assert_eq!(
            Money::sum(Currency::Eur, [Money::new(150, Currency::Eur), Money::new(250, Currency::Eur)]),
            Ok(Money::new(400, Currency::Eur))
        );
    }

    proptest! {
        #[test]
        fn format_and_parse_round_trip(cents in -10_000_000_000i64..10_000_000_000, chf: bool) {
            let currency = if chf { Currency::Chf } else { Currency::Eur };
            let money = Money::new(cents, currency);
            prop_assert_eq!(Money::parse(&money.amount(), currency), Ok(money));
            prop_assert_eq!(Money::parse_wire(&money.amount(), currency), Ok(money));
            let json = serde_json::to_string(&money).unwrap();
            prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        }
    }
}
