//! The server's only source of time; the domain crate takes `now` as an argument.

use chrono::{DateTime, Utc};
use std::time::{SystemTime, UNIX_EPOCH};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        // chrono is built without its "clock" feature (see the workspace Cargo.toml), so the
        // time comes from std.
        let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        DateTime::from_timestamp(since_epoch.as_secs() as i64, since_epoch.subsec_nanos()).unwrap_or_default()
    }
}

/// The demo's clock: the machine's, moved forward by `POST /api/dev/clock` (demo mode only),
/// so that a person trying the console sees what time does (expiries, renewals) at once.
#[derive(Default)]
pub struct DemoClock {
    /// Milliseconds added to the machine's clock.
    ahead_ms: std::sync::atomic::AtomicI64,
}

impl DemoClock {
    /// Moves the clock to `to`; never backwards (what already happened stays done). Returns
    /// false, changing nothing, for a time before now.
    pub fn move_to(&self, to: DateTime<Utc>) -> bool {
        let now = self.now();
        if to < now {
            return false;
        }
        self.ahead_ms.fetch_add((to - now).num_milliseconds(), std::sync::atomic::Ordering::SeqCst);
        true
    }
}

impl Clock for DemoClock {
    fn now(&self) -> DateTime<Utc> {
        let ahead = self.ahead_ms.load(std::sync::atomic::Ordering::SeqCst);
        SystemClock.now() + chrono::Duration::milliseconds(ahead)
    }
}
