//! One module per page.

mod attention;
mod cancellation;
pub mod gallery;
mod invitations;
mod invoices;
mod join;
mod log_in;
mod new_organization;
mod not_found;
mod orders;
pub mod organizations;
mod payment_methods;
mod prepaid;
mod products;
mod recovery;
mod renewals;
mod security;
mod sign_up;
mod users;

pub use cancellation::ConfirmCancellation;
pub use gallery::Gallery;
pub use invoices::Invoices;
pub use join::JoinOrganization;
pub use log_in::LogIn;
pub use new_organization::NewOrganization;
pub use not_found::NotFound;
pub use orders::Orders;
pub use organizations::Organizations;
pub use payment_methods::PaymentMethods;
pub use prepaid::PrepaidAccount;
pub use products::{ProductDetail, Products};
pub use recovery::{ForgotPassword, ResetPassword};
pub use renewals::Renewals;
pub use security::Security;
pub use sign_up::SignUp;
pub use users::Users;
