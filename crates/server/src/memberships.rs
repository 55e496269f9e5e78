//! Look-ups of who belongs to an Organization, with which role, for every resource that asks
//! before acting (users, Organizations, invitations, and the ones to come).

use crate::db::{Executor, Flag, Transaction};
use crate::error::ApiError;
use domain::membership::Members;
use domain::money::Currency;
use domain::role::{Member, Role};

/// A user's membership of an Organization, for acting in it. Not a member: not found, so that
/// another Organization's existence is not revealed (R-ACC-3). A member without two-factor
/// authentication in an Organization that requires it: refused (`two_factor_required`,
/// `domain::twofa::may_work_in`), read in the same query.
pub(crate) async fn membership(db: impl Executor<'_>, account_id: i64, user_id: i64) -> Result<Member, ApiError> {
    membership_in(db, account_id, user_id).await.map(|(member, _)| member)
}

/// What a list of the Organization's products also needs of it, read with the membership in
/// one query: a page of products is the console's most frequent read (BENCHMARKS.md, load).
pub(crate) struct OrganizationFacts {
    pub currency: Currency,
    /// Kept by triggers (migration 0021).
    pub live_products: i64,
}

/// An Organization's currency as stored (`EUR`, `CHF`).
pub(crate) fn stored_currency(account_id: i64, stored: &str) -> Result<Currency, ApiError> {
    Currency::parse(stored).ok_or_else(|| ApiError::Internal(format!("account {account_id}: bad currency {stored:?}")))
}

/// `membership`, with the Organization's [`OrganizationFacts`].
pub(crate) async fn membership_in(
    db: impl Executor<'_>,
    account_id: i64,
    user_id: i64,
) -> Result<(Member, OrganizationFacts), ApiError> {
    let row: Option<(String, Flag, Flag, String, String, i64)> = sqlx::query_as(
        "SELECT m.role, m.has_billing_access, a.has_2fa_required, u.totp_state, a.currency, a.live_products \
         FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN users u ON u.id = m.user_id \
         WHERE m.account_id = $1 AND m.user_id = $2",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let (role, Flag(has_billing_access), Flag(two_factor_required), totp_state, currency, live_products) =
        row.ok_or(ApiError::ObjectNotFound)?;
    domain::twofa::may_work_in(two_factor_required, totp_state == "on").map_err(|e| ApiError::rule(&e))?;
    let member = Member { user_id, role: parse_role(&role)?, has_billing_access };
    Ok((member, OrganizationFacts { currency: stored_currency(account_id, &currency)?, live_products }))
}

/// `membership`'s two-factor check alone, for the changes that read every member instead
/// (`members_of`): a role changed, someone else removed. Leaving stays open.
pub(crate) async fn may_work_in(db: impl Executor<'_>, account_id: i64, user_id: i64) -> Result<(), ApiError> {
    membership(db, account_id, user_id).await.map(|_| ())
}

pub(crate) fn parse_role(role: &str) -> Result<Role, ApiError> {
    Role::parse(role).ok_or_else(|| ApiError::Internal(format!("bad role {role:?} in the database")))
}

/// Starts the transaction's write at once. SQLite's default transactions only lock for
/// writing at their first write, so two concurrent changes could both read "two owners" and
/// both demote one (R-ROLE-3); taking the lock first makes the second wait and read the truth.
pub(crate) async fn lock_for_writing(tx: &mut Transaction, account_id: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE accounts SET id = id WHERE id = $1").bind(account_id).execute(&mut **tx).await?;
    Ok(())
}

pub(crate) async fn members_of(tx: &mut Transaction, account_id: i64) -> Result<Members, ApiError> {
    let rows: Vec<(i64, String, Flag)> =
        sqlx::query_as("SELECT user_id, role, has_billing_access FROM memberships WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&mut **tx)
            .await?;
    let members = rows
        .into_iter()
        .map(|(user_id, role, Flag(has_billing_access))| {
            Ok(Member { user_id, role: parse_role(&role)?, has_billing_access })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Members::from_stored(members))
}
