//! The edge to the card networks: a payment provider takes a card and gives back a token to
//! charge later, so that the console never keeps a card's number or its CVC. No card network
//! is reachable here, so the built-in provider is a test double behind the trait a real
//! adapter (Datatrans, Stripe, ...) would implement: it takes the usual test cards.

use api::CardInput;
use domain::payment::CardBrand;

/// A card as the provider keeps it for us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCard {
    pub token: String,
    pub brand: CardBrand,
    pub last4: String,
}

/// Why the provider would not take a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardRefused {
    /// The issuer said no.
    Declined,
    /// Not a card number (its check digit, its length) or not a brand we take.
    InvalidNumber,
    /// Its month is past, or the month or year is not one.
    Expired,
    InvalidCvc,
}

impl CardRefused {
    /// As the API says it; `field` is where the card is in the body (`payment`), or empty.
    pub(crate) fn into_api(self, field: &str) -> crate::error::ApiError {
        use crate::error::ApiError;
        let at = |name: &str| if field.is_empty() { name.to_string() } else { format!("{field}.{name}") };
        let invalid = |name: &str, why: &str| {
            ApiError::Validation(vec![api::FieldError::new(&at(name), "invalid_value", why, serde_json::json!({}))])
        };
        match self {
            CardRefused::Declined => ApiError::Rule {
                status: axum::http::StatusCode::PAYMENT_REQUIRED,
                code: "card_declined",
                description: "The card's issuer declined it: nothing was paid or saved. Try another card.".into(),
                context: Default::default(),
            },
            CardRefused::InvalidNumber => invalid("card.number", "This is not a card number we can take."),
            CardRefused::Expired => invalid("card.exp_month", "This card has expired."),
            CardRefused::InvalidCvc => invalid("card.cvc", "The security code is 3 or 4 digits."),
        }
    }
}

pub trait PaymentProvider: Send + Sync {
    /// Takes `card` (typed by a person now; `month` is this month as year × 12 + month - 1)
    /// and answers the token to charge it with later.
    fn save_card(&self, card: &CardInput, month: u32) -> Result<SavedCard, CardRefused>;

    /// Charges `cents` to the method behind `token` (a saved card's, or a Twint, PayPal or
    /// PostFinance reference); answers the provider's reference of the charge.
    fn charge(&self, token: &str, cents: i64) -> Result<String, CardRefused>;

    /// Pays `cents` of the charge `charge_reference` back to the method it came from
    /// (R-KC-3); answers the provider's reference of the refund.
    fn refund(&self, charge_reference: &str, cents: i64) -> Result<String, RefundRefused>;
}

/// The provider did not take a refund: the charge is not one of its own, or the amount is
/// more than it charged. Nothing was paid back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRefused;

/// The provider of these machines: the test cards of the card networks' sandboxes.
/// 4242 4242 4242 4242 (Visa) and 5555 5555 5555 4444 (Mastercard) are taken,
/// 4000 0000 0000 0002 is declined, any other number that passes the check digit is taken
/// when its brand is one we take.
pub struct TestProvider;

impl PaymentProvider for TestProvider {
    fn save_card(&self, card: &CardInput, month: u32) -> Result<SavedCard, CardRefused> {
        let digits: String = card.number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if !(12..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) || !luhn(&digits) {
            return Err(CardRefused::InvalidNumber);
        }
        let brand = if digits.starts_with('4') {
            CardBrand::Visa
        } else if ["51", "52", "53", "54", "55"].iter().any(|p| digits.starts_with(p)) {
            CardBrand::Mastercard
        } else {
            return Err(CardRefused::InvalidNumber);
        };
        if !(1..=12).contains(&card.exp_month) || card.exp_year * 12 + card.exp_month - 1 < month {
            return Err(CardRefused::Expired);
        }
        if !(3..=4).contains(&card.cvc.len()) || !card.cvc.chars().all(|c| c.is_ascii_digit()) {
            return Err(CardRefused::InvalidCvc);
        }
        if digits == "4000000000000002" {
            return Err(CardRefused::Declined);
        }
        Ok(SavedCard {
            token: format!("test_tok_{}", crate::secrets::new_token()),
            brand,
            last4: digits[digits.len() - 4..].to_string(),
        })
    }

    fn charge(&self, token: &str, cents: i64) -> Result<String, CardRefused> {
        if token.starts_with(Self::DECLINING_TOKEN_PREFIX) || cents <= 0 {
            return Err(CardRefused::Declined);
        }
        Ok(format!("test_charge_{}", crate::secrets::new_token()))
    }

    fn refund(&self, charge_reference: &str, cents: i64) -> Result<String, RefundRefused> {
        if !charge_reference.starts_with("test_charge_") || cents <= 0 {
            return Err(RefundRefused);
        }
        Ok(format!("test_refund_{}", crate::secrets::new_token()))
    }
}

impl TestProvider {
    /// A token whose charges the test provider declines: for a card saved in the demo data or
    /// a test that wants a renewal to fail.
    pub const DECLINING_TOKEN_PREFIX: &'static str = "test_declines_";
}

/// The card numbers' check digit (ISO/IEC 7812). Written here: a dozen lines, and the test
/// provider is its only user.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(number: &str) -> CardInput {
        CardInput { number: number.into(), exp_month: 12, exp_year: 2030, cvc: "123".into() }
    }

    #[test]
    fn the_test_cards_are_taken_or_declined_as_the_sandboxes_do() {
        let now = 2026 * 12 + 10;
        let visa = TestProvider.save_card(&card("4242 4242 4242 4242"), now).unwrap();
        assert_eq!((visa.brand, visa.last4.as_str()), (CardBrand::Visa, "4242"));
        assert!(!visa.token.contains("4242424242424242"), "the token is not the number");
        assert_eq!(TestProvider.save_card(&card("5555555555554444"), now).unwrap().brand, CardBrand::Mastercard);
        assert_eq!(TestProvider.save_card(&card("4000 0000 0000 0002"), now), Err(CardRefused::Declined));
        assert_eq!(TestProvider.save_card(&card("4242 4242 4242 4241"), now), Err(CardRefused::InvalidNumber));
        let expired = CardInput { exp_month: 10, exp_year: 2026, ..card("4242424242424242") };
        assert_eq!(TestProvider.save_card(&expired, now), Err(CardRefused::Expired));
        let this_month = CardInput { exp_month: 11, exp_year: 2026, ..card("4242424242424242") };
        assert!(TestProvider.save_card(&this_month, now).is_ok(), "valid to the end of its month");
    }
}
