//! Serving the built web app, with every unknown path answered by `index.html` so that the
//! app's own router handles deep links (`/login`, `/signup`).

use std::path::PathBuf;
use tower_http::services::{ServeDir, ServeFile};

pub fn spa(dist: PathBuf) -> ServeDir<ServeFile> {
    let index = dist.join("index.html");
    ServeDir::new(dist).fallback(ServeFile::new(index))
}
