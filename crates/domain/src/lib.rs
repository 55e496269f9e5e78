//! The rules of the account console (`shared/spec/RULES.md`), as plain data and pure functions.
//!
//! This crate is the "functional core": it never reads a clock, a network or a disk, so it
//! compiles to `wasm32-unknown-unknown` and gives the same answer in the browser and on the
//! server. Time is passed in as `now: DateTime<Utc>`; randomness is passed in as an RNG.
//!
//! Every rule id of RULES.md appears in the tests of the module that implements it, so that
//! `grep -r R-RENEW-3` finds the rule's code and its tests.
//!
//! Each module returns its own error enum. Every error has a wire `code()` (the `code` of the
//! API's error answers) and serializes (`serde`, untagged) to the `context` object a client
//! needs to explain it, e.g. `{"days_left": 9, "minimum_days": 14}`.

pub mod account;
pub mod api_access;
pub mod invitation;
pub mod membership;
pub mod partner;
pub mod recovery;
pub mod role;
pub mod support;
pub mod team;
pub mod tour;

pub mod abuse;
pub mod cancellation;
pub mod kcheck;
pub mod login;
pub mod money;
pub mod payment;
pub mod renewal;
pub mod twofa;
