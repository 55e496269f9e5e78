//! One module per page.

mod log_in;
mod not_found;
mod organizations;
mod sign_up;

pub use log_in::LogIn;
pub use not_found::NotFound;
pub use organizations::Organizations;
pub use sign_up::SignUp;
