//! `cargo xtask fuzz`: schemathesis (from PyPI, in `.tools/venv`) against the running server's
//! own OpenAPI document: generated requests to every operation, failing on any 5xx and on any
//! answer that does not match the document (status, content type, schema). Bounded: a fixed
//! number of examples per operation.

use crate::{run, step};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The schemathesis release the figures of BENCHMARKS.md were taken with.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";
/// Examples generated per operation and phase.
const EXAMPLES: &str = "30";
/// Left out: the token endpoint (random passwords would lock the demo login, R-2FA-7), the
/// 2FA routes (turning 2FA on would lock the run's own token out) and the demo clock (moving
/// time forward changes what the other operations find). Their own tests cover them.
const EXCLUDED: &str = "token|security|dev/clock";

/// Stops the server however the run ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run_fuzz(root: &Path) -> Result<(), String> {
    let venv = root.join(".tools/venv");
    let python = venv.join("bin/python");
    if !venv.join("bin/st").is_file() {
        step("installing schemathesis from PyPI into .tools/venv");
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(&python).args(["-m", "pip", "install", "--quiet", SCHEMATHESIS]))?;
    }
    step("building and starting the server with the demo data");
    run(Command::new("cargo").args(["build", "--release", "-p", "server"]))?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let base = format!("http://127.0.0.1:{port}");
    let database = root.join("target/fuzz.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    let _server = Server(
        Command::new(root.join("target/release/console-server"))
            .args(["--demo", "--addr", &format!("127.0.0.1:{port}"), "--database"])
            .arg(&database)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?,
    );
    // The demo user's token, as the console's own client (a person's rate limit).
    let log_in = format!(
        "import json, time, urllib.request\n\
         for _ in range(100):\n\
         \x20   try:\n\
         \x20       answer = urllib.request.urlopen('{base}/api/token', b'grant_type=password&username=demo@example.com&password=demo-password&client_id=console')\n\
         \x20       print(json.load(answer)['access_token']); break\n\
         \x20   except OSError:\n\
         \x20       time.sleep(0.1)\n"
    );
    let started = Instant::now();
    let token = loop {
        let output = Command::new(&python).args(["-c", &log_in]).output().map_err(|e| e.to_string())?;
        let token = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if !token.is_empty() {
            break token;
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err("the server did not answer within 30 s".into());
        }
    };
    step(&format!("schemathesis: {EXAMPLES} examples per operation, every check of the document"));
    run(Command::new(venv.join("bin/st"))
        .args(["run", &format!("{base}/api/openapi.json"), "--url", &base])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--max-examples", EXAMPLES, "--rate-limit", "8/s", "--seed", "1"])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--exclude-path-regex", EXCLUDED]))
}
