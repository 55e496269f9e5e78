//! The online tutorial (R-TOUR-*): the tour of the main sections, the guides of the
//! knowledge base's procedures, and where a person stands in them.
//!
//! R-TOUR-2 (the `Show the tutorial` button on every page) is the web app's; here it is
//! [`TourState::replay`], allowed from every state. R-TOUR-3 (kept per user on the server) is
//! the server's storage of [`TourProgress`]; here is the state it stores and its checks.

use serde::{Deserialize, Serialize};

/// One step: what it says and which control of which page it points at. Controls are named
/// as `UI.md` names them (accessible names), so the app finds them as a screen reader does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The page's path in the app.
    pub page: &'static str,
    /// The accessible name of the control the step points at.
    pub control: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

const fn step(page: &'static str, control: &'static str, title: &'static str, text: &'static str) -> Step {
    Step { page, control, title, text }
}

/// The tour of the main sections (R-TOUR-1), offered on the first visit.
pub const MAIN_TOUR: &[Step] = &[
    step("/", "Organization switcher", "Your organizations", "Everything you see belongs to the organization shown here. Open this list to switch to another one, or to create a new one."),
    step("/", "Dashboard", "Dashboard", "The dashboard sums up what needs your attention: renewals coming up, unpaid invoices, security advice."),
    step("/products", "Products", "Products", "Every product of the organization, with its expiry date and its state."),
    step("/renewals", "Renewals", "Renewals", "What expires in the next two months, with automatic renewal on or off for each product."),
    step("/invoices", "Invoices", "Orders and invoices", "Pending orders can be paid from here, and every invoice can be downloaded as a PDF."),
    step("/prepaid", "Prepaid account", "Prepaid account", "Top up a balance that pays invoices, in full or in part."),
    step("/users", "Users", "Users", "Invite people, choose their role and the products they reach."),
    step("/teams", "Teams", "Teams", "Group users into teams that share access to chosen products."),
    step("/security", "Security", "Security", "Protect your account with two-factor authentication and keep your backup codes safe."),
    step("/support-access", "Support access", "Support access", "Let Support look at one kind of your content when you ask for help; it closes by itself after 7 days."),
    step("/", "Show the tutorial", "Come back any time", "This button, at the bottom right of every page, plays this tour again."),
];

/// A procedure of the knowledge base, played as a guide on the real pages (UI.md, Guides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Guide {
    pub id: &'static str,
    pub title: &'static str,
    pub steps: &'static [Step],
}

pub const GUIDES: &[Guide] = &[
    Guide {
        id: "add_user",
        title: "Add a user",
        steps: &[
            step("/users", "Users", "Open Users", "The users of the organization are listed here."),
            step("/users", "Invite a user", "Invite", "Invite someone by email, with or without an account already."),
            step(
                "/users",
                "Role",
                "Choose the role",
                "Administrators manage everything; collaborators reach only the products you give them.",
            ),
            step("/users", "Send the invitation", "Send", "The invitation waits for 7 days for an answer."),
        ],
    },
    Guide {
        id: "change_role",
        title: "Change a user's role",
        steps: &[
            step("/users", "Users", "Open Users", "Find the person in the list."),
            step("/users", "Actions for", "Open the actions", "Each row has its own actions menu."),
            step(
                "/users",
                "Change role",
                "Change the role",
                "Only a legal representative can give or take the legal representative role.",
            ),
        ],
    },
    Guide {
        id: "auto_renewal_one",
        title: "Turn automatic renewal on for one product",
        steps: &[
            step("/renewals", "Renewals", "Open Renewals", "Products that expire soon come first."),
            step(
                "/renewals",
                "Turn auto-renewal on",
                "Turn it on",
                "It needs a card or a Twint profile, and at least 14 days before expiry.",
            ),
        ],
    },
    Guide {
        id: "auto_renewal_all",
        title: "Turn automatic renewal on for all products",
        steps: &[
            step("/renewals", "Renewals", "Open Renewals", "Show every product, not only the next two months."),
            step("/renewals", "Select all", "Select everything", "Tick every product at once."),
            step("/renewals", "Manage renewals", "Change them together", "The result is shown for each product."),
        ],
    },
    Guide {
        id: "pay_selection",
        title: "Pay a selection",
        steps: &[
            step("/renewals", "Renewals", "Open Renewals", "Choose what to pay now, including renewals due later."),
            step("/renewals", "Select all", "Select", "Tick the products to pay together: one payment, one invoice."),
            step("/renewals", "Pay selection", "Pay", "Choose the payment method; the prepaid balance can pay a part."),
        ],
    },
    Guide {
        id: "top_up",
        title: "Top up the prepaid account",
        steps: &[
            step("/prepaid", "Prepaid account", "Open the prepaid account", "The balance and its movements are here."),
            step(
                "/prepaid",
                "Top up",
                "Top up",
                "Between 0.10 and 9999.00, by card, PostFinance card or bank transfer.",
            ),
        ],
    },
    Guide {
        id: "support_access",
        title: "Give Support access",
        steps: &[
            step(
                "/support-access",
                "Support access",
                "Open Support access",
                "Each kind of content has its own switch.",
            ),
            step(
                "/support-access",
                "Mail",
                "Choose what Support may read",
                "Granting one kind grants nothing else; it closes by itself after 7 days.",
            ),
        ],
    },
    Guide {
        id: "two_factor",
        title: "Turn on two-factor authentication",
        steps: &[
            step("/security", "Security", "Open Security", "Your account's protection is set here."),
            step(
                "/security",
                "Turn on two-factor authentication",
                "Turn it on",
                "Scan the code with an authenticator app, then type the code it shows.",
            ),
            step(
                "/security",
                "Download",
                "Keep your backup codes",
                "They are shown once: keep them somewhere safe, away from your phone.",
            ),
        ],
    },
    Guide {
        id: "create_organization",
        title: "Create an organization",
        steps: &[
            step("/", "Organization switcher", "Open the list", "Your organizations are listed here."),
            step(
                "/",
                "Create an organization",
                "Create",
                "You become its legal representative; switching between organizations needs no new log-in.",
            ),
        ],
    },
    Guide {
        id: "download_invoice",
        title: "Download an invoice",
        steps: &[
            step("/invoices", "Invoices", "Open Invoices", "One invoice per payment, the newest first."),
            step(
                "/invoices",
                "Download PDF",
                "Download it",
                "The PDF has the lines, the periods, the VAT and the total.",
            ),
        ],
    },
    Guide {
        id: "cancel_product",
        title: "Cancel a product",
        steps: &[
            step("/products", "Products", "Open Products", "Every product of the organization is listed here."),
            step("/products", "A product", "Open the product", "A product's name opens its details."),
            step(
                "/products/:id",
                "Cancel this product",
                "Cancel it",
                "A link to confirm is mailed to you; nothing ends until you follow it. Then the product and its backups are deleted for good.",
            ),
        ],
    },
    Guide {
        id: "api_token",
        title: "Create an API token",
        steps: &[
            step("/api-tokens", "API tokens", "Open API tokens", "Your personal tokens are listed here, with their last use."),
            step("/api-tokens", "Token name", "Name it", "A name that says which script uses it helps when you revoke it."),
            step(
                "/api-tokens",
                "Create a token",
                "Choose and create",
                "Give it only the scopes the script needs. The token is shown once: copy it then.",
            ),
        ],
    },
    Guide {
        id: "create_team",
        title: "Create a team",
        steps: &[
            step("/teams", "Teams", "Open Teams", "A team gives all its members access to the products you choose."),
            step("/teams", "Team name", "Name it", "A name that says what the team works on."),
            step(
                "/teams",
                "Create the team",
                "Create it",
                "Then open its actions to choose several members at once, its leader among them, and its products.",
            ),
        ],
    },
];

/// The guide with this id.
pub fn guide(id: &str) -> Option<&'static Guide> {
    GUIDES.iter().find(|g| g.id == id)
}

/// Where a person stands in a tour of `steps` steps (R-TOUR-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "TourProgress", try_from = "TourProgress")]
pub enum TourState {
    NotStarted,
    /// Showing step `step` (from 0).
    Running {
        step: u32,
    },
    Completed,
    Dismissed,
}

/// The wire form: `{"status": "running", "step": 3}`; `step` is 0 unless running.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourProgress {
    pub status: TourStatus,
    #[serde(default)]
    pub step: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TourStatus {
    NotStarted,
    Running,
    Completed,
    Dismissed,
}

impl From<TourState> for TourProgress {
    fn from(state: TourState) -> TourProgress {
        let (status, step) = match state {
            TourState::NotStarted => (TourStatus::NotStarted, 0),
            TourState::Running { step } => (TourStatus::Running, step),
            TourState::Completed => (TourStatus::Completed, 0),
            TourState::Dismissed => (TourStatus::Dismissed, 0),
        };
        TourProgress { status, step }
    }
}

impl From<TourProgress> for TourState {
    fn from(progress: TourProgress) -> TourState {
        match progress.status {
            TourStatus::NotStarted => TourState::NotStarted,
            TourStatus::Running => TourState::Running { step: progress.step },
            TourStatus::Completed => TourState::Completed,
            TourStatus::Dismissed => TourState::Dismissed,
        }
    }
}

/// A move that does not fit where the tour stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum TourError {
    #[error("the tour is not running")]
    NotRunning,
    #[error("this is the first step")]
    AtFirstStep,
    #[error("this is the last step: finish the tour instead")]
    AtLastStep { step: u32 },
    #[error("the tour can only be finished from its last step ({last}), not from step {step}")]
    NotAtLastStep { step: u32, last: u32 },
    #[error("step {step} does not exist: the tour has {steps} steps")]
    StepOutOfRange { step: u32, steps: u32 },
}

impl TourError {
    pub fn code(&self) -> &'static str {
        match self {
            TourError::StepOutOfRange { .. } => "validation_failed",
            _ => "tour_move_not_allowed",
        }
    }

    pub fn http_status(&self) -> u16 {
        422
    }
}

impl TourState {
    /// R-TOUR-1: the tour is offered on a first visit, and only then.
    pub fn offer_on_visit(self) -> bool {
        self == TourState::NotStarted
    }

    /// R-TOUR-2: play the tour (again) from its first step, from any state.
    pub fn replay(self) -> TourState {
        TourState::Running { step: 0 }
    }

    pub fn next(self, steps: u32) -> Result<TourState, TourError> {
        let step = self.running_step()?;
        match step.checked_add(1) {
            Some(next) if next < steps => Ok(TourState::Running { step: next }),
            _ => Err(TourError::AtLastStep { step }),
        }
    }

    pub fn back(self) -> Result<TourState, TourError> {
        match self.running_step()? {
            0 => Err(TourError::AtFirstStep),
            step => Ok(TourState::Running { step: step - 1 }),
        }
    }

    /// `Finish`, on the last step only: records `completed`.
    pub fn finish(self, steps: u32) -> Result<TourState, TourError> {
        let step = self.running_step()?;
        let last = steps.saturating_sub(1);
        if step != last {
            return Err(TourError::NotAtLastStep { step, last });
        }
        Ok(TourState::Completed)
    }

    /// `Close` (or Esc, or declining the first-visit offer): records `dismissed`.
    pub fn close(self) -> TourState {
        match self {
            TourState::Completed => TourState::Completed,
            _ => TourState::Dismissed,
        }
    }

    /// R-TOUR-3: the step to show after a reload or on another device; None when the tour is
    /// not running. A step beyond the end (the tour got shorter since) resumes at the last.
    pub fn resume(self, steps: u32) -> Option<u32> {
        match self {
            TourState::Running { step } if steps > 0 => Some(step.min(steps - 1)),
            _ => None,
        }
    }

    /// Checks a state sent by a client before it is stored (`PUT .../onboarding`).
    pub fn validate(self, steps: u32) -> Result<TourState, TourError> {
        match self {
            TourState::Running { step } if step >= steps => Err(TourError::StepOutOfRange { step, steps }),
            state => Ok(state),
        }
    }

    fn running_step(self) -> Result<u32, TourError> {
        match self {
            TourState::Running { step } => Ok(step),
            _ => Err(TourError::NotRunning),
        }
    }
}

/// The number of steps of the main tour.
pub fn main_tour_steps() -> u32 {
    MAIN_TOUR.len() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn r_tour_1_the_tour_is_offered_on_a_first_visit_only() {
        // R-TOUR-1
        assert!(TourState::NotStarted.offer_on_visit());
        for state in [TourState::Running { step: 2 }, TourState::Completed, TourState::Dismissed] {
            assert!(!state.offer_on_visit(), "{state:?}");
        }
        assert!(MAIN_TOUR.len() >= 8, "the tour goes through the main sections");
    }

    #[test]
    fn r_tour_1_the_tour_walks_forward_and_back_and_finishes_on_its_last_step() {
        // R-TOUR-1
        let n = main_tour_steps();
        let mut state = TourState::NotStarted.replay();
        assert_eq!(state.back(), Err(TourError::AtFirstStep));
        for expected in 1..n {
            state = state.next(n).unwrap();
            assert_eq!(state, TourState::Running { step: expected });
        }
        assert_eq!(state.next(n), Err(TourError::AtLastStep { step: n - 1 }));
        for expected in (0..n - 1).rev() {
            assert_eq!(state.back(), Ok(TourState::Running { step: expected }));
            state = state.back().unwrap();
        }
        assert_eq!(state.back(), Err(TourError::AtFirstStep));
        assert_eq!(TourState::Dismissed.back(), Err(TourError::NotRunning));
        for _ in 1..n {
            state = state.next(n).unwrap();
        }
        assert_eq!(TourState::Running { step: 1 }.finish(n), Err(TourError::NotAtLastStep { step: 1, last: n - 1 }));
        assert_eq!(state.finish(n), Ok(TourState::Completed));
        assert_eq!(TourState::Completed.next(n), Err(TourError::NotRunning));
    }

    #[test]
    fn r_tour_3_a_step_at_the_end_of_the_numbers_is_the_last_step_not_a_panic() {
        // R-TOUR-3: a stored state can say anything; `next` answers, it never overflows.
        let at_max = TourState::Running { step: u32::MAX };
        assert_eq!(at_max.next(u32::MAX), Err(TourError::AtLastStep { step: u32::MAX }));
        assert_eq!(at_max.next(3), Err(TourError::AtLastStep { step: u32::MAX }));
        assert_eq!(
            TourState::Running { step: u32::MAX - 1 }.next(u32::MAX),
            Err(TourError::AtLastStep { step: u32::MAX - 1 })
        );
        assert_eq!(
            TourState::Running { step: u32::MAX - 2 }.next(u32::MAX),
            Ok(TourState::Running { step: u32::MAX - 1 })
        );
    }

    #[test]
    fn r_tour_2_the_tour_can_be_replayed_from_any_state() {
        // R-TOUR-2
        for state in [TourState::NotStarted, TourState::Running { step: 4 }, TourState::Completed, TourState::Dismissed]
        {
            assert_eq!(state.replay(), TourState::Running { step: 0 });
        }
        assert_eq!(MAIN_TOUR.last().unwrap().control, "Show the tutorial");
    }

    #[test]
    fn r_tour_3_closing_records_dismissed_and_a_finished_tour_stays_completed() {
        // R-TOUR-3
        assert_eq!(TourState::Running { step: 3 }.close(), TourState::Dismissed);
        assert_eq!(TourState::NotStarted.close(), TourState::Dismissed);
        assert_eq!(TourState::Completed.close(), TourState::Completed);
    }

    #[test]
    fn r_tour_3_progress_survives_the_wire_and_resumes_at_the_same_step() {
        // R-TOUR-3
        let state = TourState::Running { step: 3 };
        let json = serde_json::to_value(state).unwrap();
        assert_eq!(json, serde_json::json!({"status": "running", "step": 3}));
        let back: TourState = serde_json::from_value(json).unwrap();
        assert_eq!(back.resume(main_tour_steps()), Some(3));
        assert_eq!(
            serde_json::to_value(TourState::Dismissed).unwrap(),
            serde_json::json!({"status": "dismissed", "step": 0})
        );
        let not_started: TourState = serde_json::from_value(serde_json::json!({"status": "not_started"})).unwrap();
        assert_eq!(not_started, TourState::NotStarted);
        // A tour that got shorter since resumes at its new last step.
        assert_eq!(TourState::Running { step: 40 }.resume(5), Some(4));
        assert_eq!(TourState::Completed.resume(5), None);
        assert_eq!(TourState::Running { step: 4 }.resume(5), Some(4));
        assert_eq!(TourState::Running { step: 0 }.resume(0), None, "a tour without steps shows none");
    }

    #[test]
    fn r_tour_3_a_stored_step_must_exist() {
        // R-TOUR-3
        let n = main_tour_steps();
        assert_eq!(TourState::Running { step: n }.validate(n), Err(TourError::StepOutOfRange { step: n, steps: n }));
        assert_eq!(TourState::Running { step: n - 1 }.validate(n), Ok(TourState::Running { step: n - 1 }));
    }

    #[test]
    fn every_procedure_of_ui_md_has_a_guide() {
        let ids: Vec<&str> = GUIDES.iter().map(|g| g.id).collect();
        assert_eq!(
            ids,
            [
                "add_user",
                "change_role",
                "auto_renewal_one",
                "auto_renewal_all",
                "pay_selection",
                "top_up",
                "support_access",
                "two_factor",
                "create_organization",
                "download_invoice",
                "cancel_product",
                "api_token",
                "create_team"
            ]
        );
        assert!(GUIDES.iter().all(|g| !g.steps.is_empty()));
        assert_eq!(guide("top_up").unwrap().steps[1].control, "Top up");
        assert!(guide("nothing").is_none());
    }

    #[derive(Debug, Clone)]
    enum Move {
        Next,
        Back,
        Finish,
        Close,
        Replay,
    }

    proptest! {
        #[test]
        fn r_tour_3_no_sequence_of_moves_reaches_a_step_outside_the_tour(
            steps in 1u32..15,
            moves in proptest::collection::vec(prop_oneof![
                Just(Move::Next), Just(Move::Back), Just(Move::Finish), Just(Move::Close), Just(Move::Replay)
            ], 0..60)
        ) {
            // R-TOUR-3
            let mut state = TourState::NotStarted;
            for m in moves {
                let next = match m {
                    Move::Next => state.next(steps),
                    Move::Back => state.back(),
                    Move::Finish => state.finish(steps),
                    Move::Close => Ok(state.close()),
                    Move::Replay => Ok(state.replay()),
                };
                if let Ok(next) = next {
                    state = next;
                }
                if let TourState::Running { step } = state {
                    prop_assert!(step < steps);
                }
                prop_assert_eq!(state.validate(steps), Ok(state));
            }
        }
    }
}
