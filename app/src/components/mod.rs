//! Small components shared by the pages.

mod card_fields;
pub mod controls;
mod copy_button;
mod field;
mod focus_on_navigation;
mod form_error;
mod guide;
mod language_picker;
mod organization_switcher;
mod page_outcome;
mod product_access;
mod renewals_table;
mod role_picker;
mod select;
mod shell;
mod top_up_form;
mod tutorial;
mod user_table;

pub use card_fields::{CardEntry, CardFields};
pub use copy_button::CopyButton;
pub use field::TextField;
pub use focus_on_navigation::FocusOnNavigation;
pub use form_error::{describe, field_error, focus_by_id, focus_first_invalid, FormError, LoadError};
pub use guide::{GuidePlayer, GuideRun, Guides, HelpMenu};
pub use language_picker::LanguagePicker;
pub use organization_switcher::OrganizationSwitcher;
pub use page_outcome::{OutcomeNotices, PageOutcome};
pub(crate) use product_access::ProductAccess;
pub use renewals_table::{default_method, RenewalsTable};
pub use role_picker::RolePicker;
pub use select::SelectField;
pub use shell::{Accounts, CurrentAccount, Shell};
pub use top_up_form::TopUpForm;
pub use tutorial::Tutorial;
pub use user_table::UserTable;
