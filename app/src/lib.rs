//! The web app (to be written).
