//! The partner program (R-PART-*): who may be a partner, partner or affiliate, and what a
//! client lets its partner manage.

use crate::money::Currency;
use serde::{Deserialize, Serialize};

/// R-PART-1: the yearly total of managed products a partner needs, in cents.
pub fn minimum_managed_cents(currency: Currency) -> i64 {
    match currency {
        Currency::Chf => 200_000,
        Currency::Eur => 180_000,
    }
}

/// What an applicant has, as far as R-PART-1 asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerApplicant {
    pub is_in_commercial_register: bool,
    pub has_active_website: bool,
    /// The yearly total of the products it manages, in cents of `currency`.
    pub managed_yearly_cents: i64,
    pub currency: Currency,
}

/// One unmet requirement of R-PART-1, with what a message needs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Shortfall {
    NotInCommercialRegister,
    NoActiveWebsite,
    ManagedTotalTooLow { managed_yearly_cents: i64, minimum_cents: i64, currency: Currency },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    Partner,
    Affiliate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum PartnerError {
    #[error("the partner program's requirements are not met")]
    RequirementsNotMet { reasons: Vec<Shortfall> },
    #[error("an organization cannot be partner and affiliate at the same time")]
    PartnerAndAffiliate { current: Program },
    #[error("this organization is already in this program")]
    AlreadyMember { current: Program },
    /// R-PART-3: only an Organization in the partner program manages clients, never itself.
    #[error("only another organization in the partner program can manage this account")]
    NotAPartner { program: Option<Program> },
    /// R-PART-3: a delegation of products names at least one, each the client's.
    #[error("choose products of this organization to let the partner manage")]
    ProductsNotDelegable { product_ids: Vec<i64> },
}

impl PartnerError {
    pub fn code(&self) -> &'static str {
        match self {
            PartnerError::RequirementsNotMet { .. } => "partner_requirements_not_met",
            PartnerError::PartnerAndAffiliate { .. } => "cannot_be_partner_and_affiliate",
            PartnerError::AlreadyMember { .. } => "object_already_exists",
            PartnerError::NotAPartner { .. } => "not_a_partner",
            PartnerError::ProductsNotDelegable { .. } => "validation_failed",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            PartnerError::AlreadyMember { .. } => 409,
            _ => 422,
        }
    }
}

/// Product types that are an active website (R-PART-1), as this console's catalog names them.
pub const WEBSITE_TYPES: [&str; 3] = ["hosting", "web_hosting", "website_builder"];

/// R-PART-1 read from what the console knows of an Organization (our choice, the knowledge
/// base names no data source): a company is taken to be in a commercial register; a website
/// is an active hosting or website-builder product; the managed total is the yearly price of
/// its active products.
pub fn applicant(
    legal_entity_type: crate::account::LegalEntityType,
    active_product_types: &[&str],
    managed_yearly_cents: i64,
    currency: Currency,
) -> PartnerApplicant {
    PartnerApplicant {
        is_in_commercial_register: legal_entity_type == crate::account::LegalEntityType::Company,
        has_active_website: active_product_types.iter().any(|t| WEBSITE_TYPES.contains(t)),
        managed_yearly_cents,
        currency,
    }
}

impl Program {
    pub fn as_str(self) -> &'static str {
        match self {
            Program::Partner => "partner",
            Program::Affiliate => "affiliate",
        }
    }

    pub fn parse(stored: &str) -> Option<Program> {
        [Program::Partner, Program::Affiliate].into_iter().find(|p| p.as_str() == stored)
    }
}

/// R-PART-1: every unmet requirement at once, so the applicant sees the whole list.
pub fn partner_shortfalls(applicant: &PartnerApplicant) -> Vec<Shortfall> {
    let minimum_cents = minimum_managed_cents(applicant.currency);
    let mut reasons = vec![];
    if !applicant.is_in_commercial_register {
        reasons.push(Shortfall::NotInCommercialRegister);
    }
    if !applicant.has_active_website {
        reasons.push(Shortfall::NoActiveWebsite);
    }
    if applicant.managed_yearly_cents < minimum_cents {
        reasons.push(Shortfall::ManagedTotalTooLow {
            managed_yearly_cents: applicant.managed_yearly_cents,
            minimum_cents,
            currency: applicant.currency,
        });
    }
    reasons
}

/// R-PART-1, R-PART-2: joining a program, given the program the Organization is in now.
pub fn join(current: Option<Program>, wanted: Program, applicant: &PartnerApplicant) -> Result<Program, PartnerError> {
    may_join(current, wanted, &partner_shortfalls(applicant))
}

/// R-PART-1, R-PART-2: [`join`] from the requirements already weighed (`shortfalls`, as the
/// server's answer lists them): what the page asks before offering a program.
pub fn may_join(current: Option<Program>, wanted: Program, shortfalls: &[Shortfall]) -> Result<Program, PartnerError> {
    match current {
        Some(current) if current == wanted => return Err(PartnerError::AlreadyMember { current }),
        Some(current) => return Err(PartnerError::PartnerAndAffiliate { current }),
        None => {}
    }
    if wanted == Program::Partner && !shortfalls.is_empty() {
        return Err(PartnerError::RequirementsNotMet { reasons: shortfalls.to_vec() });
    }
    Ok(wanted)
}

/// R-PART-3: what a client lets its partner manage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "scope")]
pub enum Delegation {
    /// The whole account, billing included.
    WholeAccount,
    /// Only these products, and no billing.
    Products { product_ids: Vec<i64> },
}

impl Delegation {
    pub fn covers_product(&self, product_id: i64) -> bool {
        match self {
            Delegation::WholeAccount => true,
            Delegation::Products { product_ids } => product_ids.contains(&product_id),
        }
    }

    pub fn covers_billing(&self) -> bool {
        matches!(self, Delegation::WholeAccount)
    }
}

/// R-PART-3: whether `client` may let `partner` (in `partner_program`) manage what
/// `delegation` says; `not_the_clients`: the delegated products that are not the client's.
pub fn may_delegate(
    client: i64,
    partner: i64,
    partner_program: Option<Program>,
    delegation: &Delegation,
    not_the_clients: &[i64],
) -> Result<(), PartnerError> {
    if client == partner || partner_program != Some(Program::Partner) {
        return Err(PartnerError::NotAPartner { program: partner_program.filter(|_| client != partner) });
    }
    match delegation {
        Delegation::Products { product_ids } if product_ids.is_empty() || !not_the_clients.is_empty() => {
            Err(PartnerError::ProductsNotDelegable { product_ids: not_the_clients.to_vec() })
        }
        _ => Ok(()),
    }
}

/// R-PART-3: a partner's user reaches a client's product when the client delegated it and the
/// partner chose this user for that client.
pub fn partner_user_reaches(delegation: &Delegation, user_chosen_by_partner: bool, product_id: i64) -> bool {
    user_chosen_by_partner && delegation.covers_product(product_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_part_1_an_organization_is_read_as_an_applicant() {
        // R-PART-1
        use crate::account::LegalEntityType;
        let company = super::applicant(LegalEntityType::Company, &["domain", "web_hosting"], 250_000, Currency::Chf);
        assert!(partner_shortfalls(&company).is_empty());
        let person = super::applicant(LegalEntityType::Individual, &["domain", "drive"], 100, Currency::Eur);
        assert_eq!(
            partner_shortfalls(&person),
            [
                Shortfall::NotInCommercialRegister,
                Shortfall::NoActiveWebsite,
                Shortfall::ManagedTotalTooLow {
                    managed_yearly_cents: 100,
                    minimum_cents: 180_000,
                    currency: Currency::Eur
                }
            ]
        );
        assert!(Program::parse(Program::Affiliate.as_str()) == Some(Program::Affiliate));
    }

    fn applicant(cents: i64, currency: Currency) -> PartnerApplicant {
        PartnerApplicant {
            is_in_commercial_register: true,
            has_active_website: true,
            managed_yearly_cents: cents,
            currency,
        }
    }

    #[test]
    fn r_part_1_a_partner_needs_a_register_entry_a_website_and_chf_2000_or_eur_1800() {
        // R-PART-1
        assert_eq!(join(None, Program::Partner, &applicant(200_000, Currency::Chf)), Ok(Program::Partner));
        assert_eq!(join(None, Program::Partner, &applicant(180_000, Currency::Eur)), Ok(Program::Partner));
        let short = join(None, Program::Partner, &applicant(199_999, Currency::Chf)).unwrap_err();
        assert_eq!(short.code(), "partner_requirements_not_met");
        assert_eq!(
            short,
            PartnerError::RequirementsNotMet {
                reasons: vec![Shortfall::ManagedTotalTooLow {
                    managed_yearly_cents: 199_999,
                    minimum_cents: 200_000,
                    currency: Currency::Chf
                }]
            }
        );
        let nothing = PartnerApplicant {
            is_in_commercial_register: false,
            has_active_website: false,
            managed_yearly_cents: 0,
            currency: Currency::Eur,
        };
        assert_eq!(partner_shortfalls(&nothing).len(), 3, "every reason at once");
        // Affiliates have no such requirements.
        assert_eq!(join(None, Program::Affiliate, &nothing), Ok(Program::Affiliate));
    }

    #[test]
    fn r_part_2_never_partner_and_affiliate_at_once() {
        // R-PART-2
        let a = applicant(500_000, Currency::Chf);
        let error = join(Some(Program::Affiliate), Program::Partner, &a).unwrap_err();
        assert_eq!(error.code(), "cannot_be_partner_and_affiliate");
        assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"current": "affiliate"}));
        assert_eq!(
            join(Some(Program::Partner), Program::Affiliate, &a).unwrap_err().code(),
            "cannot_be_partner_and_affiliate"
        );
        assert_eq!(error.http_status(), 422);
        for program in [Program::Partner, Program::Affiliate] {
            let again = join(Some(program), program, &a).unwrap_err();
            assert_eq!(again, PartnerError::AlreadyMember { current: program });
            assert_eq!((again.code(), again.http_status()), ("object_already_exists", 409));
        }
        let short = join(None, Program::Partner, &applicant(0, Currency::Chf)).unwrap_err();
        assert_eq!(short.http_status(), 422);
    }

    #[test]
    fn r_part_3_a_client_delegates_everything_or_chosen_products() {
        // R-PART-3
        let all = Delegation::WholeAccount;
        assert!(all.covers_product(1) && all.covers_billing());
        let some = Delegation::Products { product_ids: vec![3, 4] };
        assert!(some.covers_product(3) && !some.covers_product(5) && !some.covers_billing());
        assert!(partner_user_reaches(&some, true, 4));
        assert!(!partner_user_reaches(&some, false, 4), "the partner chooses which of its users");
    }

    #[test]
    fn r_part_3_only_another_partner_is_let_in_to_the_clients_own_products() {
        // R-PART-3
        let all = Delegation::WholeAccount;
        assert_eq!(may_delegate(1, 2, Some(Program::Partner), &all, &[]), Ok(()));
        for program in [None, Some(Program::Affiliate)] {
            assert_eq!(may_delegate(1, 2, program, &all, &[]), Err(PartnerError::NotAPartner { program }));
        }
        assert_eq!(
            may_delegate(1, 1, Some(Program::Partner), &all, &[]),
            Err(PartnerError::NotAPartner { program: None }),
            "not itself"
        );
        let some = Delegation::Products { product_ids: vec![7, 8] };
        assert_eq!(may_delegate(1, 2, Some(Program::Partner), &some, &[]), Ok(()));
        assert_eq!(
            may_delegate(1, 2, Some(Program::Partner), &some, &[8]),
            Err(PartnerError::ProductsNotDelegable { product_ids: vec![8] })
        );
        let none = Delegation::Products { product_ids: vec![] };
        assert!(may_delegate(1, 2, Some(Program::Partner), &none, &[]).is_err(), "at least one");
        assert!(partner_user_reaches(&some, true, 7) && !partner_user_reaches(&some, false, 7));
        assert!(!some.covers_billing() && all.covers_billing());
    }
}
