//! What the app has fetched, kept for the session so that moving between pages costs no call
//! (issue: "few calls per page"). An answer is kept for [`FRESH_FOR_MS`]; the app forgets it
//! sooner when it changes the thing itself (a role changed, an Organization created). Two
//! identical requests made while the first is on its way share its answer: one call.
//!
//! The clock is an argument, so the rules of freshness are tested natively.

use api::ClientError;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;

/// How long a fetched answer is used without asking again.
pub const FRESH_FOR_MS: f64 = 60_000.0;

/// An answer, or the request still on its way, shared by everyone who asks for it.
type Answer<T> = Shared<LocalBoxFuture<'static, Result<T, ClientError>>>;

/// Answers by key (`()` for "the user's Organizations", an Organization's id for its
/// members), each with the time it was asked.
pub struct Cache<K, T: Clone> {
    entries: HashMap<K, (f64, Answer<T>)>,
}

impl<K, T: Clone> Default for Cache<K, T> {
    fn default() -> Self {
        Cache { entries: HashMap::new() }
    }
}

impl<K: Eq + Hash, T: Clone + 'static> Cache<K, T> {
    /// The answer for `key`: the one kept if it is fresh and was not a failure, the one on
    /// its way if there is one, else a new request made by `fetch`. The returned future is
    /// `'static`: await it after releasing the cache.
    pub fn get<F>(&mut self, key: K, now_ms: f64, fetch: impl FnOnce() -> F) -> Answer<T>
    where
        F: Future<Output = Result<T, ClientError>> + 'static,
    {
        if let Some((asked_at, answer)) = self.entries.get(&key) {
            let failed = matches!(answer.peek(), Some(Err(_)));
            if !failed && now_ms - asked_at < FRESH_FOR_MS {
                return answer.clone();
            }
        }
        let answer = fetch().boxed_local().shared();
        self.entries.insert(key, (now_ms, answer.clone()));
        answer
    }

    /// Asks again next time: the app changed it.
    pub fn forget(&mut self, key: &K) {
        self.entries.remove(key);
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use std::cell::Cell;
    use std::rc::Rc;

    /// A fetch that counts its calls and answers the count.
    fn counting(calls: &Rc<Cell<u32>>) -> impl FnOnce() -> LocalBoxFuture<'static, Result<u32, ClientError>> {
        let calls = calls.clone();
        move || {
            calls.set(calls.get() + 1);
            let n = calls.get();
            async move { Ok(n) }.boxed_local()
        }
    }

    #[test]
    fn an_answer_is_used_for_a_minute_then_asked_again() {
        let calls = Rc::new(Cell::new(0));
        let mut cache = Cache::<(), u32>::default();
        assert_eq!(block_on(cache.get((), 0.0, counting(&calls))), Ok(1));
        assert_eq!(block_on(cache.get((), 59_999.0, counting(&calls))), Ok(1), "still fresh");
        assert_eq!(calls.get(), 1);
        assert_eq!(block_on(cache.get((), 60_000.0, counting(&calls))), Ok(2), "a minute old");
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn identical_requests_on_their_way_are_made_once() {
        let calls = Rc::new(Cell::new(0));
        let mut cache = Cache::<i64, u32>::default();
        let first = cache.get(7, 0.0, counting(&calls));
        let second = cache.get(7, 1.0, counting(&calls));
        assert_eq!(block_on(async { (first.await, second.await) }), (Ok(1), Ok(1)));
        assert_eq!(calls.get(), 1);
        assert_eq!(block_on(cache.get(8, 2.0, counting(&calls))), Ok(2), "another key is asked");
    }

    #[test]
    fn a_change_or_a_failure_is_asked_again_at_once() {
        let calls = Rc::new(Cell::new(0));
        let mut cache = Cache::<(), u32>::default();
        block_on(cache.get((), 0.0, counting(&calls))).unwrap();
        cache.forget(&());
        assert_eq!(block_on(cache.get((), 1.0, counting(&calls))), Ok(2), "forgotten after a change");

        let mut failing = Cache::<(), u32>::default();
        let fail = || async { Err(ClientError::Unexpected { status: 500, message: "down".into() }) };
        assert!(block_on(failing.get((), 0.0, fail)).is_err());
        assert_eq!(block_on(failing.get((), 1.0, counting(&calls))), Ok(3), "a failure is not kept");
    }
}
