//! Browser test support (to be written).
