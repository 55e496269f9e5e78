//! Look-ups of who belongs to an Organization, with which role, for every resource that asks
//! before acting (users, Organizations, invitations, and the ones to come).

use crate::db::{Executor, Flag, Transaction};
use crate::error::ApiError;
use domain::membership::Members;
use domain::role::{Member, Role};

/// A user's membership of an Organization. Not a member: not found, so that another
/// Organization's existence is not revealed (R-ACC-3).
pub(crate) async fn membership(db: impl Executor<'_>, account_id: i64, user_id: i64) -> Result<Member, ApiError> {
    let row: Option<(String, Flag)> =
        sqlx::query_as("SELECT role, has_billing_access FROM memberships WHERE account_id = $1 AND user_id = $2")
            .bind(account_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    let (role, Flag(has_billing_access)) = row.ok_or(ApiError::ObjectNotFound)?;
    Ok(Member { user_id, role: parse_role(&role)?, has_billing_access })
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
