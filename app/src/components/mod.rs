//! Small components shared by the pages.

mod field;
mod form_error;

pub use field::TextField;
pub use form_error::{describe, field_error, focus_first_invalid, FormError};
