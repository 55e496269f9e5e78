//! A real server on a free port with a fresh SQLite file, and a typed client for it.

#![allow(dead_code)]

use api::transport::ReqwestTransport;
use api::{Client, RegisterRequest};

pub struct TestServer {
    pub running: server::Running,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = server::Config { database: dir.path().join("test.sqlite"), dist: None, demo: false };
        let running = server::start(config, "127.0.0.1:0").await.expect("server starts");
        TestServer { running, _dir: dir }
    }

    pub fn client(&self) -> Client<ReqwestTransport> {
        Client::new(ReqwestTransport::default(), self.running.api_url())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.api_url())
    }

    /// Signs up and logs in; returns a client with the token.
    pub async fn signed_in(&self, email: &str) -> Client<ReqwestTransport> {
        self.client().register(&registration(email)).await.expect("sign-up");
        let token = self.client().log_in(email, PASSWORD, None).await.expect("log-in");
        self.client().with_token(Some(token.access_token))
    }
}

pub const PASSWORD: &str = "correct horse battery";

pub fn registration(email: &str) -> RegisterRequest {
    RegisterRequest {
        email: email.into(),
        password: PASSWORD.into(),
        first_name: "Ana".into(),
        last_name: "Muster".into(),
        ..RegisterRequest::default()
    }
}
