//! Letting Support read some of one's content (R-SUP-*).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-SUP-3: a grant closes by itself this many days after it was given.
pub const GRANT_DAYS: i64 = 7;

/// R-SUP-1: the kinds of content Support can be let in to. Each grant is one kind (R-SUP-2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The mail addresses of the mail web app.
    Mail,
    /// Chosen kDrive folders.
    Kdrive,
    /// Chosen kChat conversations.
    Kchat,
    /// One email, shared on its own.
    SingleEmail,
}

impl Scope {
    /// The kinds a person switches on and off as a whole (UI.md: one switch per kind); a
    /// single email is shared from the mail app, one at a time.
    pub const SWITCHES: [Scope; 3] = [Scope::Mail, Scope::Kdrive, Scope::Kchat];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Mail => "mail",
            Scope::Kdrive => "kdrive",
            Scope::Kchat => "kchat",
            Scope::SingleEmail => "single_email",
        }
    }

    pub fn parse(stored: &str) -> Option<Scope> {
        [Scope::Mail, Scope::Kdrive, Scope::Kchat, Scope::SingleEmail].into_iter().find(|s| s.as_str() == stored)
    }

    /// R-SUP-1: the product types whose content a kind reaches (a mail service's mailboxes, a
    /// kDrive's folders; a kSuite holds mail, a kDrive and kChat). None for a single email,
    /// which names one message, not a product.
    pub fn product_types(self) -> Option<&'static [&'static str]> {
        match self {
            Scope::Mail => Some(&["email_hosting", "ksuite"]),
            Scope::Kdrive => Some(&["drive", "ksuite"]),
            Scope::Kchat => Some(&["ksuite"]),
            Scope::SingleEmail => None,
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantStatus {
    Active,
    Expired,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: i64,
    pub user_id: i64,
    pub account_id: i64,
    pub scope: Scope,
    pub resource_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum SupportError {
    #[error("choose at least one item to share")]
    NothingChosen,
    #[error("a single email grant shares exactly one email, not {count}")]
    OneEmailOnly { count: usize },
    #[error("you can only grant access in an organization you belong to")]
    NotAMember,
    #[error("this grant is already closed")]
    AlreadyClosed { status: GrantStatus },
    /// R-SUP-2: a grant reaches its own kind only; this item is not of it, or not the
    /// Organization's.
    #[error("item {resource_id} is not a {scope:?} of this organization")]
    NotOfThisKind { resource_id: i64, scope: Scope },
}

impl SupportError {
    pub fn code(&self) -> &'static str {
        match self {
            SupportError::NothingChosen | SupportError::OneEmailOnly { .. } | SupportError::NotOfThisKind { .. } => {
                "validation_failed"
            }
            SupportError::NotAMember => "object_not_found",
            SupportError::AlreadyClosed { .. } => "support_access_already_closed",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            SupportError::NotAMember => 404,
            SupportError::AlreadyClosed { .. } => 409,
            _ => 422,
        }
    }
}

/// R-SUP-1, R-SUP-3: a new grant of one kind of content, closing by itself after 7 days.
/// `is_member`: the user belongs to the Organization (R-SUP-1, "in the Organizations they
/// belong to"). The id is the storage's to give; 0 until stored.
pub fn grant(
    user_id: i64,
    account_id: i64,
    is_member: bool,
    scope: Scope,
    resource_ids: Vec<i64>,
    now: DateTime<Utc>,
) -> Result<Grant, SupportError> {
    if !is_member {
        return Err(SupportError::NotAMember);
    }
    if resource_ids.is_empty() {
        return Err(SupportError::NothingChosen);
    }
    if scope == Scope::SingleEmail && resource_ids.len() != 1 {
        return Err(SupportError::OneEmailOnly { count: resource_ids.len() });
    }
    Ok(Grant {
        id: 0,
        user_id,
        account_id,
        scope,
        resource_ids,
        created_at: now,
        expires_at: now + Duration::days(GRANT_DAYS),
        revoked_at: None,
    })
}

/// R-SUP-1, R-SUP-2: every item of a grant is content of its kind in the Organization.
/// `products` are the Organization's, as (id, product type); a single email is not a product
/// and is not checked here.
pub fn check_items(scope: Scope, resource_ids: &[i64], products: &[(i64, &str)]) -> Result<(), SupportError> {
    let Some(types) = scope.product_types() else { return Ok(()) };
    match resource_ids.iter().find(|id| !products.iter().any(|(p, kind)| p == *id && types.contains(kind))) {
        Some(&resource_id) => Err(SupportError::NotOfThisKind { resource_id, scope }),
        None => Ok(()),
    }
}

impl Grant {
    /// R-SUP-3: an expired grant is expired, never active, whatever was stored.
    pub fn status(&self, now: DateTime<Utc>) -> GrantStatus {
        match self.revoked_at {
            Some(_) => GrantStatus::Revoked,
            None if now >= self.expires_at => GrantStatus::Expired,
            None => GrantStatus::Active,
        }
    }

    /// R-SUP-3: revoked at any time while active.
    pub fn revoke(mut self, now: DateTime<Utc>) -> Result<Grant, SupportError> {
        match self.status(now) {
            GrantStatus::Active => {
                self.revoked_at = Some(now);
                Ok(self)
            }
            status => Err(SupportError::AlreadyClosed { status }),
        }
    }

    /// R-SUP-2: what this grant lets Support read: its own kind and items, nothing else.
    pub fn allows(&self, scope: Scope, resource_id: i64, now: DateTime<Utc>) -> bool {
        self.status(now) == GrantStatus::Active && self.scope == scope && self.resource_ids.contains(&resource_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
    }

    #[test]
    fn r_sup_1_a_member_grants_one_kind_of_content() {
        // R-SUP-1
        let g = grant(1, 9, true, Scope::Kdrive, vec![11, 12], now()).unwrap();
        assert_eq!((g.scope, g.resource_ids.clone()), (Scope::Kdrive, vec![11, 12]));
        assert_eq!(grant(1, 9, false, Scope::Mail, vec![1], now()), Err(SupportError::NotAMember));
        assert_eq!(grant(1, 9, true, Scope::Mail, vec![], now()), Err(SupportError::NothingChosen));
        assert_eq!(
            grant(1, 9, true, Scope::SingleEmail, vec![1, 2], now()),
            Err(SupportError::OneEmailOnly { count: 2 })
        );
        assert!(grant(1, 9, true, Scope::SingleEmail, vec![5], now()).is_ok());
        assert_eq!(serde_json::to_value(Scope::SingleEmail).unwrap(), "single_email");
    }

    #[test]
    fn r_sup_2_a_grant_lets_in_to_its_own_kind_only() {
        // R-SUP-2
        let g = grant(1, 9, true, Scope::Mail, vec![3], now()).unwrap();
        assert!(g.allows(Scope::Mail, 3, now()));
        assert!(!g.allows(Scope::Kdrive, 3, now()));
        assert!(!g.allows(Scope::Kchat, 3, now()));
        assert!(!g.allows(Scope::Mail, 4, now()));
    }

    #[test]
    fn r_sup_2_each_kind_reaches_its_own_products_only() {
        // R-SUP-1, R-SUP-2
        let products = [(1, "email_hosting"), (2, "drive"), (3, "ksuite"), (4, "domain")];
        assert_eq!(check_items(Scope::Mail, &[1, 3], &products), Ok(()));
        assert_eq!(check_items(Scope::Kdrive, &[2, 3], &products), Ok(()));
        assert_eq!(check_items(Scope::Kchat, &[3], &products), Ok(()));
        assert_eq!(
            check_items(Scope::Mail, &[1, 2], &products),
            Err(SupportError::NotOfThisKind { resource_id: 2, scope: Scope::Mail })
        );
        assert_eq!(check_items(Scope::Kchat, &[4], &products).unwrap_err().code(), "validation_failed");
        assert_eq!(
            check_items(Scope::Kdrive, &[99], &products),
            Err(SupportError::NotOfThisKind { resource_id: 99, scope: Scope::Kdrive }),
            "another Organization's product, or none"
        );
        assert_eq!(check_items(Scope::SingleEmail, &[99], &products), Ok(()), "a message, not a product");
        assert!(Scope::SWITCHES.iter().all(|s| Scope::parse(s.as_str()) == Some(*s)));
    }

    #[test]
    fn r_sup_3_a_grant_closes_after_7_days_and_can_be_revoked_before() {
        // R-SUP-3
        let g = grant(1, 9, true, Scope::Kchat, vec![3], now()).unwrap();
        assert_eq!(g.expires_at, now() + Duration::days(7));
        assert_eq!(g.status(now() + Duration::days(7) - Duration::seconds(1)), GrantStatus::Active);
        assert_eq!(g.status(now() + Duration::days(7)), GrantStatus::Expired);
        assert!(!g.allows(Scope::Kchat, 3, now() + Duration::days(8)));
        let revoked = g.clone().revoke(now() + Duration::hours(1)).unwrap();
        assert_eq!(revoked.status(now() + Duration::hours(2)), GrantStatus::Revoked);
        assert_eq!(revoked.revoke(now()), Err(SupportError::AlreadyClosed { status: GrantStatus::Revoked }));
        assert_eq!(
            g.revoke(now() + Duration::days(9)),
            Err(SupportError::AlreadyClosed { status: GrantStatus::Expired })
        );
    }
}
