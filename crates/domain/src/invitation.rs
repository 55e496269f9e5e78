//! Inviting people into an Organization (R-USER-1, R-USER-2).

use crate::account::{validate_email, AccountError};
use crate::role::{authorize, billing_access, Action, ContactPreferences, Denied, Member, Role};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-USER-2: an invitation waits this many days for an answer (our choice).
pub const INVITATION_DAYS: i64 = 7;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Cancelled,
    Expired,
}

/// R-USER-1: an invitation carries the role, the product access and the contact preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub account_id: i64,
    pub email: String,
    pub role: Role,
    pub product_ids: Vec<i64>,
    pub has_billing_access: bool,
    pub contact: ContactPreferences,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// How an accepted invitation joins the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Joining {
    /// No account had this email: one is created with the given password.
    NewAccount,
    /// An existing account joins this Organization as well.
    ExistingAccount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum InvitationError {
    #[error(transparent)]
    Denied(Denied),
    #[error(transparent)]
    Invalid(AccountError),
    #[error("{email} already has a pending invitation to this organization")]
    AlreadyInvited { email: String },
    #[error("{email} is already a member of this organization")]
    AlreadyMember { email: String },
    #[error("this invitation is {status:?}")]
    NotPending { status: InvitationStatus },
}

impl InvitationError {
    pub fn code(&self) -> &'static str {
        match self {
            InvitationError::Denied(d) => d.code(),
            InvitationError::Invalid(_) => "validation_failed",
            InvitationError::AlreadyInvited { .. } | InvitationError::AlreadyMember { .. } => "object_already_exists",
            InvitationError::NotPending { .. } => "invitation_not_pending",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            InvitationError::Denied(d) => d.http_status(),
            InvitationError::AlreadyInvited { .. }
            | InvitationError::AlreadyMember { .. }
            | InvitationError::NotPending { .. } => 409,
            InvitationError::Invalid(e) => e.http_status(),
        }
    }
}

impl Invitation {
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.created_at + Duration::days(INVITATION_DAYS)
    }

    /// R-USER-2: pending until accepted, cancelled or expired.
    pub fn status(&self, now: DateTime<Utc>) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.cancelled_at.is_some() {
            InvitationStatus::Cancelled
        } else if now >= self.expires_at() {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    /// R-USER-1: accepting, by a new account or an existing one.
    pub fn accept(&self, account_exists: bool, now: DateTime<Utc>) -> Result<(Invitation, Joining), InvitationError> {
        self.pending(now)?;
        let joining = if account_exists { Joining::ExistingAccount } else { Joining::NewAccount };
        Ok((Invitation { accepted_at: Some(now), ..self.clone() }, joining))
    }

    pub fn cancel(&self, actor: &Member, now: DateTime<Utc>) -> Result<Invitation, InvitationError> {
        authorize(actor, Action::AddUser { role: self.role }).map_err(InvitationError::Denied)?;
        self.pending(now)?;
        Ok(Invitation { cancelled_at: Some(now), ..self.clone() })
    }

    /// R-USER-2: sent again with a new link, waiting its 7 days from now. A pending invitation
    /// may be resent, and so may an expired one unless another to the same address is pending;
    /// an accepted or cancelled one is done with.
    pub fn resend(
        &self,
        actor: &Member,
        others: &[Invitation],
        now: DateTime<Utc>,
    ) -> Result<Invitation, InvitationError> {
        authorize(actor, Action::AddUser { role: self.role }).map_err(InvitationError::Denied)?;
        match self.status(now) {
            InvitationStatus::Pending => {}
            InvitationStatus::Expired => {
                let pending_elsewhere = others.iter().any(|o| {
                    o != self
                        && o.account_id == self.account_id
                        && o.email.eq_ignore_ascii_case(&self.email)
                        && o.status(now) == InvitationStatus::Pending
                });
                if pending_elsewhere {
                    return Err(InvitationError::AlreadyInvited { email: self.email.clone() });
                }
            }
            status => return Err(InvitationError::NotPending { status }),
        }
        Ok(Invitation { created_at: now, ..self.clone() })
    }

    /// The member the invitation makes.
    pub fn member(&self, user_id: i64) -> Member {
        Member { user_id, role: self.role, has_billing_access: self.has_billing_access }
    }

    fn pending(&self, now: DateTime<Utc>) -> Result<(), InvitationError> {
        match self.status(now) {
            InvitationStatus::Pending => Ok(()),
            status => Err(InvitationError::NotPending { status }),
        }
    }
}

/// What an inviter fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvitation {
    pub email: String,
    pub role: Role,
    pub product_ids: Vec<i64>,
    /// R-ROLE-5: None gives the role's default (admins have billing rights unless removed).
    pub has_billing_access: Option<bool>,
    pub contact: ContactPreferences,
}

/// R-USER-1, R-USER-2: a new invitation, if `actor` may send it, the email is new to the
/// Organization, and no invitation to it is pending.
pub fn invite(
    actor: &Member,
    account_id: i64,
    new: NewInvitation,
    member_emails: &[&str],
    invitations: &[Invitation],
    now: DateTime<Utc>,
) -> Result<Invitation, InvitationError> {
    authorize(actor, Action::AddUser { role: new.role }).map_err(InvitationError::Denied)?;
    let email = new.email.trim().to_string();
    validate_email(&email).map_err(InvitationError::Invalid)?;
    let has_billing_access = billing_access(new.role, new.has_billing_access).map_err(InvitationError::Denied)?;
    if member_emails.iter().any(|m| m.eq_ignore_ascii_case(&email)) {
        return Err(InvitationError::AlreadyMember { email });
    }
    let pending = |i: &&Invitation| {
        i.account_id == account_id && i.email.eq_ignore_ascii_case(&email) && i.status(now) == InvitationStatus::Pending
    };
    if invitations.iter().any(|i| pending(&i)) {
        return Err(InvitationError::AlreadyInvited { email });
    }
    Ok(Invitation {
        account_id,
        email,
        role: new.role,
        product_ids: new.product_ids,
        has_billing_access,
        contact: new.contact,
        created_at: now,
        accepted_at: None,
        cancelled_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
    }

    fn owner() -> Member {
        Member::new(1, Role::Owner)
    }

    fn new(email: &str, role: Role) -> NewInvitation {
        NewInvitation {
            email: email.into(),
            role,
            product_ids: vec![5],
            has_billing_access: None,
            contact: ContactPreferences::default(),
        }
    }

    #[test]
    fn r_user_1_an_invitation_carries_role_products_and_preferences() {
        // R-USER-1
        let inv = invite(&owner(), 9, new("lea@example.ch", Role::Normal), &[], &[], now()).unwrap();
        assert_eq!(
            (inv.role, inv.product_ids.clone(), inv.contact),
            (Role::Normal, vec![5], ContactPreferences::default())
        );
        assert_eq!(inv.accept(false, now()).unwrap().1, Joining::NewAccount);
        assert_eq!(inv.accept(true, now()).unwrap().1, Joining::ExistingAccount);
        assert_eq!(inv.member(42), Member { user_id: 42, role: Role::Normal, has_billing_access: false });
        let e = invite(&owner(), 9, new("ana@example.ch", Role::Admin), &["Ana@example.ch"], &[], now()).unwrap_err();
        assert_eq!(e.code(), "object_already_exists");
        assert_eq!(
            invite(&Member::new(2, Role::Normal), 9, new("x@example.ch", Role::Normal), &[], &[], now())
                .unwrap_err()
                .code(),
            "access_denied"
        );
        assert_eq!(
            invite(&Member::new(2, Role::Admin), 9, new("x@example.ch", Role::Owner), &[], &[], now())
                .unwrap_err()
                .code(),
            "only_owner_can_manage_owners"
        );
        assert_eq!(
            invite(&owner(), 9, new("not an email", Role::Normal), &[], &[], now()).unwrap_err().code(),
            "validation_failed"
        );
    }

    #[test]
    fn r_user_2_pending_for_7_days_and_one_per_email() {
        // R-USER-2
        let inv = invite(&owner(), 9, new("lea@example.ch", Role::Normal), &[], &[], now()).unwrap();
        assert_eq!(inv.status(now() + Duration::days(7) - Duration::seconds(1)), InvitationStatus::Pending);
        assert_eq!(inv.status(now() + Duration::days(7)), InvitationStatus::Expired);
        assert_eq!(
            inv.accept(false, now() + Duration::days(8)).unwrap_err(),
            InvitationError::NotPending { status: InvitationStatus::Expired }
        );

        let again = invite(&owner(), 9, new("LEA@example.ch", Role::Admin), &[], std::slice::from_ref(&inv), now())
            .unwrap_err();
        assert_eq!(again, InvitationError::AlreadyInvited { email: "LEA@example.ch".into() });
        // Another Organization, or once the first expired: fine.
        assert!(
            invite(&owner(), 10, new("lea@example.ch", Role::Admin), &[], std::slice::from_ref(&inv), now()).is_ok()
        );
        assert!(invite(
            &owner(),
            9,
            new("lea@example.ch", Role::Admin),
            &[],
            std::slice::from_ref(&inv),
            now() + Duration::days(7)
        )
        .is_ok());

        let cancelled = inv.cancel(&owner(), now()).unwrap();
        assert_eq!(cancelled.status(now()), InvitationStatus::Cancelled);
        let (accepted, _) = inv.accept(true, now()).unwrap();
        assert_eq!(accepted.status(now() + Duration::days(30)), InvitationStatus::Accepted);
        assert_eq!(accepted.cancel(&owner(), now()).unwrap_err().code(), "invitation_not_pending");
    }

    #[test]
    fn r_user_2_a_resent_invitation_waits_7_days_from_the_resending() {
        // R-USER-2
        let inv = invite(&owner(), 9, new("lea@example.ch", Role::Normal), &[], &[], now()).unwrap();
        let later = now() + Duration::days(10);
        assert_eq!(inv.status(later), InvitationStatus::Expired);
        let resent = inv.resend(&owner(), std::slice::from_ref(&inv), later).unwrap();
        assert_eq!(resent.status(later), InvitationStatus::Pending);
        assert_eq!(resent.expires_at(), later + Duration::days(7));
        // A collaborator may not; an administrator may not resend an owner's invitation.
        assert_eq!(inv.resend(&Member::new(2, Role::Normal), &[], now()).unwrap_err().code(), "access_denied");
        let to_owner = invite(&owner(), 9, new("o@example.ch", Role::Owner), &[], &[], now()).unwrap();
        assert_eq!(
            to_owner.resend(&Member::new(2, Role::Admin), &[], now()).unwrap_err().code(),
            "only_owner_can_manage_owners"
        );
        // Expired, while a newer one to the same address is pending: that one is the one.
        let newer = invite(&owner(), 9, new("lea@example.ch", Role::Admin), &[], &[], later).unwrap();
        assert_eq!(inv.resend(&owner(), &[inv.clone(), newer], later).unwrap_err().code(), "object_already_exists");
        // Accepted or cancelled: done with.
        let (accepted, _) = inv.accept(true, now()).unwrap();
        assert_eq!(accepted.resend(&owner(), &[], now()).unwrap_err().code(), "invitation_not_pending");
        let cancelled = inv.cancel(&owner(), now()).unwrap();
        assert_eq!(cancelled.resend(&owner(), &[], now()).unwrap_err().code(), "invitation_not_pending");
    }

    #[test]
    fn r_role_5_an_invitation_without_billing_rights_named_gets_the_role_default() {
        // R-ROLE-5: an administrator invited without `has_billing_access` has billing rights.
        let billing = |role, asked| {
            let new = NewInvitation { has_billing_access: asked, ..new("lea@example.ch", role) };
            invite(&owner(), 9, new, &[], &[], now())
                .map(|inv| (inv.has_billing_access, inv.member(42).billing_rights()))
        };
        assert_eq!(billing(Role::Admin, None), Ok((true, true)));
        assert_eq!(billing(Role::Owner, None), Ok((true, true)));
        assert_eq!(billing(Role::Normal, None), Ok((false, false)));
        assert_eq!(billing(Role::External, None), Ok((false, false)));
        assert_eq!(billing(Role::Admin, Some(false)), Ok((false, false)), "removed from the start");
        assert_eq!(billing(Role::Normal, Some(true)), Ok((true, true)));
        // R-ROLE-4: externals cannot hold billing rights; owners cannot be without them.
        let e = billing(Role::External, Some(true)).unwrap_err();
        assert_eq!((e.code(), e.http_status()), ("validation_failed", 422));
        assert_eq!(e, InvitationError::Denied(Denied::ExternalWithoutBilling));
        assert_eq!(billing(Role::Owner, Some(false)), Err(InvitationError::Denied(Denied::OwnerAlwaysHasBilling)));
    }
}
