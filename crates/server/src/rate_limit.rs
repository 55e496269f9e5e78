//! R-API-2: at most 60 requests a minute per token (per client address without one), with
//! `X-RateLimit-Limit` / `X-RateLimit-Remaining` on every answer and `Retry-After` on a 429.
//! The console's own sessions have a person's limit instead (`ClientKind`, decided by the
//! domain crate and stored with the token when it is issued).

use crate::db::{Backend, Pool};
use crate::error::ApiError;
use crate::grants::{self, LookedUp};
use crate::secrets::token_hash;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::api_access::{ClientKind, RateLimit};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

pub type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// The limiters, and the database that says which kind of client a token is.
#[derive(Clone)]
pub struct Limits {
    store: Store,
    db: Pool,
}

/// Where the limiters keep their count.
#[derive(Clone)]
enum Store {
    /// One process (SQLite): governor's limiters in memory, one per kind of client.
    Memory { console: Arc<Limiter>, script: Arc<Limiter> },
    /// Several processes on one PostgreSQL: the same GCRA, its state a row per key in
    /// `rate_limits`, changed by one atomic statement per request, so that 60 a minute are 60
    /// whichever process answers.
    Shared,
}

/// What the limiter decided about one request.
struct Verdict {
    /// None: go on. Some: refused, try again after this many seconds.
    retry_after_seconds: Option<u64>,
    /// Requests the key may still make at once.
    remaining: u32,
}

impl Limits {
    /// New limiters. In memory, a task forgets idle keys every minute so memory stays
    /// bounded (needs a tokio runtime; the task ends with the limiters); in the database, the
    /// scheduler's `forget_rate_limits` job does.
    pub fn new(db: Pool, backend: Backend) -> Limits {
        if backend == Backend::Postgres {
            return Limits { store: Store::Shared, db };
        }
        let (console, script) = (limiter(ClientKind::Console.limit()), limiter(ClientKind::Script.limit()));
        let weak = [Arc::downgrade(&console), Arc::downgrade(&script)];
        tokio::spawn(async move {
            let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every_minute.tick().await;
                for limiter in &weak {
                    let Some(limiter) = limiter.upgrade() else { return };
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            }
        });
        Limits { store: Store::Memory { console, script }, db }
    }

    /// Who a request counts against, and with which limit: the token (hashed: raw tokens are
    /// kept nowhere) with the kind stored when it was issued, else the client's address as a
    /// script. A token the server does not know counts as a script; the handler refuses it.
    /// The grant found is returned for the request's extensions (grants.rs).
    async fn key_of(
        &self,
        token_hash: Option<String>,
        client: SocketAddr,
    ) -> Result<(String, ClientKind, Option<LookedUp>), ApiError> {
        let Some(hash) = token_hash else {
            return Ok((format!("address:{}", client.ip()), ClientKind::Script, None));
        };
        let grant = grants::by_access_hash(&self.db, &hash).await?;
        let kind = grant.as_ref().map_or(ClientKind::Script, |grant| grant.client);
        Ok((format!("token:{hash}"), kind, Some(LookedUp { token_hash: hash, grant })))
    }

    async fn check(&self, key: &str, kind: ClientKind) -> Result<Verdict, ApiError> {
        match &self.store {
            Store::Memory { console, script } => {
                let limiter = if kind == ClientKind::Console { console } else { script };
                Ok(match limiter.check_key(&key.to_string()) {
                    Ok(state) => Verdict { retry_after_seconds: None, remaining: state.remaining_burst_capacity() },
                    Err(refusal) => Verdict {
                        retry_after_seconds: Some(round_up(refusal.wait_time_from(limiter.clock().now()))),
                        remaining: 0,
                    },
                })
            }
            Store::Shared => check_shared(&self.db, key, kind.limit(), wall_clock_ms()).await,
        }
    }
}

/// The machine's time, not the demo clock: a limit is about how fast requests really come.
fn wall_clock_ms() -> i64 {
    use crate::clock::Clock;
    crate::clock::SystemClock.now().timestamp_millis()
}

/// Round up: a client that waits what it is told must get through.
fn round_up(wait: std::time::Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// GCRA in one statement. Per key, `tat_ms` is the "theoretical arrival time": when the key's
/// allowance would be whole again. A request at `now` moves it to `max(tat, now) + interval`,
/// allowed while that is at most `burst` intervals ahead of `now`: `burst` in a row, then one
/// per interval, the same as governor's in memory. A refused request changes nothing.
/// Written without `GREATEST` so that SQLite reads it too.
async fn check_shared(db: &Pool, key: &str, limit: RateLimit, now_ms: i64) -> Result<Verdict, ApiError> {
    let interval = 60_000 / i64::from(limit.per_minute);
    let tolerance = interval * i64::from(limit.burst);
    let admitted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO rate_limits (key, tat_ms) VALUES ($1, $2 + $3) ON CONFLICT (key) DO UPDATE \
         SET tat_ms = (CASE WHEN rate_limits.tat_ms > $2 THEN rate_limits.tat_ms ELSE $2 END) + $3 \
         WHERE (CASE WHEN rate_limits.tat_ms > $2 THEN rate_limits.tat_ms ELSE $2 END) + $3 - $2 <= $4 \
         RETURNING tat_ms",
    )
    .bind(key)
    .bind(now_ms)
    .bind(interval)
    .bind(tolerance)
    .fetch_optional(db)
    .await?;
    if let Some((tat,)) = admitted {
        let remaining = (now_ms + tolerance - tat) / interval;
        return Ok(Verdict { retry_after_seconds: None, remaining: u32::try_from(remaining).unwrap_or(0) });
    }
    let (tat,): (i64,) =
        sqlx::query_as("SELECT tat_ms FROM rate_limits WHERE key = $1").bind(key).fetch_one(db).await?;
    let wait_ms = u64::try_from(tat + interval - tolerance - now_ms).unwrap_or(0);
    Ok(Verdict { retry_after_seconds: Some(round_up(std::time::Duration::from_millis(wait_ms))), remaining: 0 })
}

/// The scheduler's `forget_rate_limits` job: a key whose time has passed is as good as new.
pub(crate) async fn forget_idle(db: &Pool, now_ms: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM rate_limits WHERE tat_ms < $1").bind(now_ms).execute(db).await?;
    Ok(())
}

fn limiter(limit: RateLimit) -> Arc<Limiter> {
    Arc::new(RateLimiter::keyed(quota(limit)).with_middleware::<StateInformationMiddleware>())
}

/// GCRA: `burst` in a row, then refilled at `per_minute` spread over the minute. For scripts
/// (R-API-2) a burst of 60 refilled at one a second: the 61st request in a row is refused and
/// a client that keeps to 60 a minute never is.
fn quota(limit: RateLimit) -> Quota {
    let not_zero = |n: u32| NonZeroU32::new(n).expect("limits are not zero");
    Quota::per_minute(not_zero(limit.per_minute)).allow_burst(not_zero(limit.burst))
}

pub async fn enforce(
    State(limits): State<Limits>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    // Hashed before any await: the request itself is not `Sync`.
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| token_hash(token.trim()));
    let (key, kind, looked_up) = match limits.key_of(bearer, client).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    let verdict = match limits.check(&key, kind).await {
        Ok(verdict) => verdict,
        Err(error) => return error.into_response(),
    };
    let mut request = request;
    if let Some(looked_up) = looked_up {
        request.extensions_mut().insert(looked_up);
    }
    let mut response = match verdict.retry_after_seconds {
        None => next.run(request).await,
        Some(retry_after_seconds) => ApiError::TooManyRequests { retry_after_seconds }.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(kind.limit().per_minute));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(verdict.remaining));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use governor::middleware::NoOpMiddleware;
    use governor::nanos::Nanos;
    use std::time::Duration;

    #[test]
    fn r_api_2_exactly_sixty_requests_a_minute_per_token() {
        // R-API-2, on a clock that does not move by itself: 59 or 61 would fail this.
        let clock = FakeRelativeClock::default();
        let limiter: RateLimiter<String, DefaultKeyedStateStore<String>, FakeRelativeClock, NoOpMiddleware<Nanos>> =
            RateLimiter::new(quota(ClientKind::Script.limit()), DefaultKeyedStateStore::default(), clock.clone());
        let key = "token:a".to_string();
        for n in 1..=60 {
            assert!(limiter.check_key(&key).is_ok(), "request {n} of the minute");
        }
        assert!(limiter.check_key(&key).is_err(), "the 61st is refused");
        assert!(limiter.check_key(&"token:b".to_string()).is_ok(), "another token has its own 60");
        clock.advance(Duration::from_millis(999));
        assert!(limiter.check_key(&key).is_err(), "not yet a second later");
        clock.advance(Duration::from_millis(1));
        assert!(limiter.check_key(&key).is_ok(), "one more each second");
        assert!(limiter.check_key(&key).is_err());
        clock.advance(Duration::from_secs(60));
        for n in 1..=60 {
            assert!(limiter.check_key(&key).is_ok(), "request {n} after a quiet minute");
        }
        assert!(limiter.check_key(&key).is_err(), "the limit cannot be raised by waiting longer");
    }

    #[test]
    fn a_console_session_gets_a_burst_of_150_and_600_a_minute() {
        let clock = FakeRelativeClock::default();
        let limiter: RateLimiter<String, DefaultKeyedStateStore<String>, FakeRelativeClock, NoOpMiddleware<Nanos>> =
            RateLimiter::new(quota(ClientKind::Console.limit()), DefaultKeyedStateStore::default(), clock.clone());
        let key = "token:console".to_string();
        for n in 1..=150 {
            assert!(limiter.check_key(&key).is_ok(), "request {n} in a row");
        }
        assert!(limiter.check_key(&key).is_err(), "the 151st in a row is refused");
        clock.advance(Duration::from_millis(100));
        assert!(limiter.check_key(&key).is_ok(), "ten a second come back");
        assert!(limiter.check_key(&key).is_err());
        clock.advance(Duration::from_secs(60));
        let mut in_a_minute = 0;
        for _ in 0..60 {
            while limiter.check_key(&key).is_ok() {
                in_a_minute += 1;
            }
            clock.advance(Duration::from_secs(1));
        }
        // A full burst, then ten a second for the 59 seconds after it.
        assert_eq!(in_a_minute, 150 + 59 * 10);
    }

    /// The shared store's GCRA, on a clock the test moves: the same answers as governor's.
    /// (Run here on SQLite; the statement is the one PostgreSQL runs.)
    #[tokio::test]
    async fn r_api_2_the_shared_store_allows_exactly_sixty_a_minute_per_key() {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) =
            crate::db::connect(&crate::db::DatabaseUrl::Sqlite(dir.path().join("limits.sqlite"))).await.unwrap();
        let script = ClientKind::Script.limit();
        let t0 = 1_800_000_000_000;
        for n in 1..=60 {
            let verdict = check_shared(&db, "token:a", script, t0).await.unwrap();
            assert_eq!(verdict.retry_after_seconds, None, "request {n} of the minute");
            assert_eq!(verdict.remaining, 60 - n);
        }
        let refused = check_shared(&db, "token:a", script, t0).await.unwrap();
        assert_eq!(refused.retry_after_seconds, Some(1), "the 61st is refused, for a second");
        assert!(check_shared(&db, "token:b", script, t0).await.unwrap().retry_after_seconds.is_none());
        assert!(check_shared(&db, "token:a", script, t0 + 999).await.unwrap().retry_after_seconds.is_some());
        assert!(check_shared(&db, "token:a", script, t0 + 1000).await.unwrap().retry_after_seconds.is_none());
        assert!(check_shared(&db, "token:a", script, t0 + 1000).await.unwrap().retry_after_seconds.is_some());
        let later = t0 + 120_000;
        assert_eq!(allowed_at_once(&db, "token:a", script, later).await, 60, "a quiet minute gives back 60, not more");
        forget_idle(&db, later + 60_001).await.unwrap();
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rate_limits").fetch_one(&db).await.unwrap();
        assert_eq!(left, 0, "idle keys are forgotten");

        let console = ClientKind::Console.limit();
        assert_eq!(allowed_at_once(&db, "token:console", console, t0).await, 150, "a console session's burst");
    }

    /// How many of 200 requests at the same instant the shared store lets through.
    async fn allowed_at_once(db: &Pool, key: &str, limit: RateLimit, now: i64) -> usize {
        let mut allowed = 0;
        for _ in 0..200 {
            if check_shared(db, key, limit, now).await.unwrap().retry_after_seconds.is_none() {
                allowed += 1;
            }
        }
        allowed
    }
}
