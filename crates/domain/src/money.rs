//! Money in integer cents (R-PAY-*): never floating point.

use serde::{Deserialize, Serialize};

/// The two billing currencies; each Organization bills in one of them.
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
