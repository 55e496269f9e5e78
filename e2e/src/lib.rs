//! The harness of the browser tests: a real server (real SQLite file, the built app from
//! `dist/`), ChromeDriver, and headless Chromium with the flags of `shared/TOOLCHAIN.md`.
//!
//! Tests find things as a person or a screen reader does: fields by their label, buttons and
//! links by their visible name (`shared/spec/UI.md`), never by CSS class. A failing test leaves
//! a screenshot in `target/e2e/<test>.png`.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub type Outcome = Result<(), Box<dyn std::error::Error>>;
/// A client of the server's API.
pub type ApiClient = api::Client<api::transport::ReqwestTransport>;

/// The id of the Organization named `name` among the user's.
pub async fn account_id(api: &ApiClient, name: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let accounts = api.accounts().await?;
    Ok(accounts.iter().find(|a| a.name == name).ok_or("no such Organization")?.id)
}

/// Orders a Mail Service named after `domain` in `account`, paid at once (Twint); its id.
pub async fn order_mail_service(
    api: &ApiClient,
    account: i64,
    domain: &str,
) -> Result<i64, Box<dyn std::error::Error>> {
    let order = api::OrderRequest {
        items: vec![api::OrderItemRequest {
            service_name: "email_hosting".into(),
            customer_name: domain.into(),
            period_months: 12,
        }],
        payment: Some(api::PaymentChoice { kind: Some(api::MethodType::Twint), ..Default::default() }),
        use_prepaid: false,
    };
    Ok(api.order(account, &order).await?.product_ids.first().copied().ok_or("no product")?)
}

/// Invites `email` into `account` as a collaborator and accepts as a new account with
/// [`DEMO_PASSWORD`], its tour put aside; answers its API client and user id.
pub async fn join_as_collaborator(
    console: &Console,
    inviter: &ApiClient,
    account: i64,
    email: &str,
    (first_name, last_name): (&str, &str),
) -> Result<(ApiClient, i64), Box<dyn std::error::Error>> {
    let invitation = api::InvitationRequest {
        email: email.into(),
        first_name: first_name.into(),
        last_name: last_name.into(),
        locale: "en_GB".into(),
        role_type: api::Role::Normal,
        notifications: Default::default(),
        permissions: Default::default(),
        teams: vec![],
        product_ids: vec![],
    };
    let sent = inviter.invite(account, &invitation).await?;
    let key = sent.url_accept.as_deref().and_then(|u| u.rsplit('/').next()).ok_or("no key")?.to_string();
    let accept = api::AcceptInvitationRequest { password: Some(DEMO_PASSWORD.into()), ..Default::default() };
    console.api().accept_invitation(&key, &accept).await?;
    let token = console.api().log_in(email, DEMO_PASSWORD, None).await?;
    let joined = console.api().with_token(Some(token.access_token));
    let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
    joined.set_onboarding(&dismissed).await?;
    Ok((joined, token.user_id))
}

/// The password of the accounts the tests make.
pub const DEMO_PASSWORD: &str = "a long enough password";
/// The user of the server's demo data (`--demo`): email and password.
pub const DEMO_USER: (&str, &str) = ("demo@example.com", "demo-password");

/// How long to wait for something to appear: generous, since CI machines are slow.
const PATIENCE: Duration = Duration::from_secs(15);

pub struct Console {
    /// Shared with a [`Console::second_session`].
    pub server: Arc<server::Running>,
    pub browser: Client,
    driver: ChildGuard,
    _dir: Arc<tempfile::TempDir>,
}

/// Stops ChromeDriver and the Chromium it started, however the test ends. ChromeDriver runs
/// as the leader of a process group of its own (`process_group(0)` below), and the whole
/// group is killed: killed alone, it left its Chromium running whenever the session had not
/// been closed first (a second session, a test that panicked), five headless browsers after
/// one `cargo xtask test`.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let group = i32::try_from(self.0.id()).expect("a process id fits a pid_t");
        // SAFETY: kill(2) with a negative id signals the process group of that id; the group
        // is ChromeDriver's own, made for it at spawn, so nothing else is in it.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// Starts ChromeDriver and a headless Chromium with its profile in `profile`.
async fn open_browser(profile: &Path, extra_args: &[&str]) -> (ChildGuard, Client) {
    let chromedriver = find_binary(&["chromedriver"]).expect("chromedriver on PATH: run `cargo xtask setup --browser`");
    let chromium = find_binary(&["chromium", "chromium-browser", "google-chrome"]).expect("chromium on PATH");
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra_args.iter().map(|a| a.to_string()));
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": args,
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };

    // Tests run in parallel, each with its own ChromeDriver: a port can be taken between
    // choosing it and ChromeDriver binding it, and ChromeDriver opens its port a moment
    // before it accepts sessions. So: a new port when it dies, retries until it answers.
    let deadline = Instant::now() + PATIENCE;
    let (driver, browser) = loop {
        let port = free_port();
        let mut driver = ChildGuard(
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let session = loop {
            if driver.0.try_wait().ok().flatten().is_some() {
                break None; // it died, most likely for want of the port
            }
            let connected = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            match connected {
                Ok(browser) => break Some(browser),
                Err(e) if Instant::now() > deadline => panic!("no Chromium session through ChromeDriver: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        if let Some(browser) = session {
            break (driver, browser);
        }
        assert!(Instant::now() < deadline, "chromedriver would not start");
    };
    (driver, browser)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("e2e is in the workspace").to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn find_binary(names: &[&str]) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).flat_map(|dir| names.iter().map(move |name| dir.join(name))).find(|p| p.is_file())
}

impl Console {
    /// Starts the server, ChromeDriver and a fresh headless Chromium.
    pub async fn start() -> Console {
        Console::start_with(&[]).await
    }

    /// [`Console::start`], with Chromium given `extra_args` too (a preferred color scheme).
    pub async fn start_with(extra_args: &[&str]) -> Console {
        Console::launch(workspace_root().join("dist"), false, extra_args).await
    }

    /// The server serving the built app in `dist` (the console's, or the example's of
    /// `examples/embed`), with the demo data if `demo`, and a browser.
    async fn launch(dist: PathBuf, demo: bool, extra_args: &[&str]) -> Console {
        assert!(
            dist.join("index.html").is_file(),
            "{} has no built app: run `cargo xtask test`, which builds it before the tests",
            dist.display()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let config = server::Config {
            database: server::db::DatabaseUrl::Sqlite(dir.path().join("e2e.sqlite")),
            dist: Some(dist),
            demo,
            public_url: None,
            request_timeout: None,
        };
        let server = server::start(config, "127.0.0.1:0").await.expect("the server starts");
        let (driver, browser) = open_browser(&dir.path().join("chromium-profile"), extra_args).await;
        Console { server: Arc::new(server), browser, driver, _dir: Arc::new(dir) }
    }

    /// Another person at another computer: a Chromium of its own (its own profile, so its
    /// own storage and session) on the same server.
    pub async fn second_session(&self) -> Console {
        let profile = tempfile::tempdir_in(self._dir.path()).expect("a second profile");
        let (driver, browser) = open_browser(profile.path(), &[]).await;
        // The profile lives in the first session's directory, removed with it.
        let _ = profile.keep();
        Console { server: self.server.clone(), browser, driver, _dir: self._dir.clone() }
    }

    /// Runs a test body; when it fails (an error or a failed assertion) saves a screenshot to
    /// `target/e2e/<name>.png`, then fails with the address the browser was at.
    pub async fn run(name: &str, body: impl AsyncFnOnce(&Console) -> Outcome) {
        Console::run_with(name, &[], body).await
    }

    /// [`Console::run`] in a Chromium started with `extra_args` too.
    pub async fn run_with(name: &str, extra_args: &[&str], body: impl AsyncFnOnce(&Console) -> Outcome) {
        let console = Console::start_with(extra_args).await;
        Console::run_started(name, console, body).await
    }

    /// [`Console::run`] against the server with its demo data, serving the example app of
    /// `examples/embed` (built by `cargo xtask test`) instead of the console.
    pub async fn run_embed_example(name: &str, body: impl AsyncFnOnce(&Console) -> Outcome) {
        let console = Console::launch(workspace_root().join("examples/embed/dist"), true, &[]).await;
        Console::run_started(name, console, body).await
    }

    /// [`Console::run`] against the server with its demo data (`--demo`: two Organizations
    /// with products, saved cards and a prepaid balance), serving the console.
    pub async fn run_demo(name: &str, body: impl AsyncFnOnce(&Console) -> Outcome) {
        let console = Console::launch(workspace_root().join("dist"), true, &[]).await;
        Console::run_started(name, console, body).await
    }

    /// Logs in as the demo data's user through the page, the tour put aside, and waits for
    /// the dashboard.
    pub async fn log_in_as_demo_user(&self) -> Outcome {
        let token = self.api().log_in(DEMO_USER.0, DEMO_USER.1, None).await?;
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        self.api().with_token(Some(token.access_token)).set_onboarding(&dismissed).await?;
        self.open("/login").await?;
        self.fill("Email", DEMO_USER.0).await?;
        self.fill("Password", DEMO_USER.1).await?;
        self.press("Log in").await?;
        self.wait_for_path("/").await
    }

    async fn run_started(name: &str, console: Console, body: impl AsyncFnOnce(&Console) -> Outcome) {
        let outcome = AssertUnwindSafe(body(&console)).catch_unwind().await;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(error.to_string()),
            Err(panic) => Some(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "the test panicked".into()),
            ),
        };
        if let Some(failure) = failure {
            let dir = workspace_root().join("target/e2e");
            let shot = dir.join(format!("{name}.png"));
            let saved = match console.browser.screenshot().await {
                Ok(png) => std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&shot, png)).is_ok(),
                Err(_) => false,
            };
            let url = console.browser.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            let _ = console.close().await;
            let shot = if saved { format!("screenshot: {}", shot.display()) } else { "no screenshot".into() };
            panic!("{name} failed at {url}:\n{failure}\n{shot}");
        }
        console.close().await.expect("the browser closes");
    }

    async fn close(self) -> Result<(), fantoccini::error::CmdError> {
        let Console { browser, driver, .. } = self;
        let closed = browser.close().await;
        drop(driver);
        closed
    }

    /// A client for the same API, to check what the browser did.
    pub fn api(&self) -> ApiClient {
        api::Client::new(api::transport::ReqwestTransport::default(), self.server.api_url())
    }

    /// The demo user's API client (signed in), to check what the page did.
    pub async fn demo_api(&self) -> Result<ApiClient, Box<dyn std::error::Error>> {
        let token = self.api().log_in(DEMO_USER.0, DEMO_USER.1, None).await?;
        Ok(self.api().with_token(Some(token.access_token)))
    }

    /// Moves the demo server's clock forward by `days` (`POST /api/dev/clock`), running the
    /// jobs that became due. The browser's session does not outlive a move of days: log in
    /// again after it.
    pub async fn move_clock(&self, days: i64) -> Outcome {
        let http = reqwest::Client::new();
        let url = format!("{}/dev/clock", self.server.api_url());
        let now: serde_json::Value = http.get(&url).send().await?.json().await?;
        let now = now["data"]["now"].as_i64().ok_or("no clock")?;
        let moved = http.post(&url).json(&serde_json::json!({ "now": now + days * 86_400 })).send().await?;
        assert_eq!(moved.status(), 200);
        Ok(())
    }

    /// The path of the newest link mailed to `to` whose path starts with `marker`
    /// (`/cancellations/`, `/password/reset/`), read from the demo outbox.
    pub async fn mailed_link(&self, to: &str, marker: &str) -> Result<String, Box<dyn std::error::Error>> {
        let outbox: serde_json::Value =
            reqwest::get(format!("{}/dev/outbox", self.server.api_url())).await?.json().await?;
        let mail = outbox["data"].as_array().into_iter().flatten().filter(|m| m["recipient"] == to);
        let link = mail
            .filter_map(|m| m["body"].as_str())
            .flat_map(str::split_whitespace)
            .find_map(|word| word.find(marker).map(|at| word[at..].to_string()))
            .ok_or_else(|| format!("no link to {marker} mailed to {to}"))?;
        Ok(link)
    }

    /// From now on, keeps every file the page hands to the browser to download (a `Blob`
    /// given an object URL), for [`Console::first_download`].
    pub async fn catch_downloads(&self) -> Outcome {
        self.browser
            .execute(
                "window.downloads = []; const create = URL.createObjectURL; \
                 URL.createObjectURL = blob => { window.downloads.push(blob); return create.call(URL, blob); };",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// The first file caught since [`Console::catch_downloads`] (waiting for it): its type,
    /// and its bytes read as Latin-1 (a PDF's text is readable so).
    pub async fn first_download(&self) -> Result<(String, String), Box<dyn std::error::Error>> {
        let found = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const look = () => window.downloads.length \
                   ? window.downloads[0].arrayBuffer().then(b => done([window.downloads[0].type, new TextDecoder('latin1').decode(b)])) \
                   : setTimeout(look, 50); \
                 look();",
                vec![],
            )
            .await?;
        let text = |i: usize| found[i].as_str().unwrap_or_default().to_string();
        Ok((text(0), text(1)))
    }

    /// Checks the page as it is now with axe-core (installed by `cargo xtask setup --browser`)
    /// against WCAG 2.1 A and AA, and fails listing every violation: the rule, what to do,
    /// and the elements. `state` names what is checked ("log-in page with an error").
    pub async fn assert_accessible(&self, state: &str) -> Outcome {
        let axe = workspace_root().join(".tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .map_err(|e| format!("{}: {e}: run `cargo xtask setup --browser`", axe.display()))?;
        // Injected through WebDriver, which the page's Content-Security-Policy does not govern.
        self.browser.execute(&format!("{source}\n;return true;"), vec![]).await?;
        let run = "const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ')) }))))
               .catch(e => done([{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: [] }]));";
        let violations = self.browser.execute_async(run, vec![]).await?;
        let violations = violations.as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = violations
            .iter()
            .map(|v| format!("  {} ({}): {} at {}", v["id"], v["impact"], v["help"], v["nodes"]))
            .collect();
        Err(format!("{state}: {} accessibility violation(s):\n{}", violations.len(), list.join("\n")).into())
    }

    /// Opens a path of the app, e.g. `/signup`.
    pub async fn open(&self, path: &str) -> Outcome {
        Ok(self.browser.goto(&format!("http://{}{path}", self.server.addr)).await?)
    }

    /// Waits for an element by XPath.
    pub async fn wait_for(&self, xpath: &str) -> Result<Element, Box<dyn std::error::Error>> {
        let found = self.browser.wait().at_most(PATIENCE).for_element(Locator::XPath(xpath)).await;
        found.map_err(|e| format!("nothing matches {xpath}: {e}").into())
    }

    /// The input labelled `label` (its `<label for>`).
    pub async fn field(&self, label: &str) -> Result<Element, Box<dyn std::error::Error>> {
        self.wait_for(&format!("//input[@id=//label[normalize-space()={}]/@for]", literal(label))).await
    }

    /// Types into the field labelled `label`, replacing what it held.
    pub async fn fill(&self, label: &str, text: &str) -> Outcome {
        let field = self.field(label).await?;
        field.clear().await?;
        Ok(field.send_keys(text).await?)
    }

    /// Clicks the button named `name`.
    pub async fn press(&self, name: &str) -> Outcome {
        self.click(&format!("//button[normalize-space()={}]", literal(name))).await
    }

    /// Clicks the element `xpath` finds. A page may draw a part again while its data arrives
    /// (a lazy page, a language file): an element found just before that is gone, so it is
    /// found again, up to three times.
    pub async fn click(&self, xpath: &str) -> Outcome {
        let mut tries = 0;
        loop {
            // In the middle of the window, as a person scrolls to it: at its bottom edge the
            // tutorial's fixed button would take the click.
            let element = self.wait_for(xpath).await?;
            let centred = self
                .browser
                .execute("arguments[0].scrollIntoView({ block: 'center' });", vec![serde_json::to_value(&element)?])
                .await;
            match centred.and(Ok(())) {
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference && tries < 3 =>
                {
                    tries += 1;
                    continue;
                }
                other => other?,
            }
            match element.click().await {
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference && tries < 3 =>
                {
                    tries += 1;
                }
                other => return Ok(other?),
            }
        }
    }

    /// Picks the option showing `text` in the select labelled `label`.
    pub async fn choose(&self, label: &str, text: &str) -> Outcome {
        let select = format!("//select[@id=//label[normalize-space()={}]/@for]", literal(label));
        let option = self.wait_for(&format!("{select}/option[normalize-space()={}]", literal(text))).await?;
        Ok(option.click().await?)
    }

    /// The button named `name` inside the element `scope` (an XPath), e.g. a table row.
    pub async fn button_in(&self, scope: &str, name: &str) -> Result<Element, Box<dyn std::error::Error>> {
        self.wait_for(&format!("{scope}//button[normalize-space()={}]", literal(name))).await
    }

    /// Signs up through the API (quick), puts the tour aside (it is tested on its own), and logs
    /// in through the page.
    pub async fn sign_up_and_log_in(&self, email: &str, first_name: &str, last_name: &str) -> Outcome {
        self.sign_up(email, first_name, last_name).await?;
        let token = self.api().log_in(email, DEMO_PASSWORD, None).await?;
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        self.api().with_token(Some(token.access_token)).set_onboarding(&dismissed).await?;
        self.log_in(email).await
    }

    /// Signs up through the API.
    pub async fn sign_up(&self, email: &str, first_name: &str, last_name: &str) -> Outcome {
        let registration = api::RegisterRequest {
            email: email.into(),
            password: DEMO_PASSWORD.into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            ..Default::default()
        };
        self.api().register(&registration).await?;
        Ok(())
    }

    /// Logs in through the page with [`DEMO_PASSWORD`] and waits for the dashboard.
    pub async fn log_in(&self, email: &str) -> Outcome {
        self.open("/login").await?;
        self.fill("Email", email).await?;
        self.fill("Password", DEMO_PASSWORD).await?;
        self.press("Log in").await?;
        self.wait_for_path("/").await
    }

    /// Waits for an element whose text contains `text`, and returns it.
    pub async fn wait_for_text(&self, text: &str) -> Result<Element, Box<dyn std::error::Error>> {
        self.wait_for(&format!("//*[contains(normalize-space(text()), {})]", literal(text))).await
    }

    /// Chooses `language` in the `Language` control (found by its id: its label is
    /// translated) and waits for the page drawn again in it.
    pub async fn choose_language(&self, language: domain::language::Language) -> Outcome {
        let option = format!("//select[@id='language']/option[@value='{}']", language.code());
        self.click(&option).await?;
        let t = app::i18n::texts_of(language);
        self.wait_for(&format!("//nav[@aria-label={}]", literal(t.nav_label))).await?;
        Ok(())
    }

    /// Waits (up to 5 s) for the signed-in person's profile on the server to hold `language`:
    /// the page saves a choice on its own, after showing it, and every page load and log-in
    /// applies the profile's.
    pub async fn profile_speaks(&self, language: domain::language::Language) -> Outcome {
        let token = self.browser.execute("return localStorage.getItem('console.access_token');", vec![]).await?;
        let client = self.api().with_token(token.as_str().map(str::to_string));
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let profile = client.profile().await?;
            if profile.language == language.code() {
                assert_eq!(profile.language_id, language.id());
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the profile speaks {}, not {}", profile.language, language.code()).into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the address to end with `path`.
    pub async fn wait_for_path(&self, path: &str) -> Outcome {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let url = self.browser.current_url().await?;
            if url.path() == path {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("still at {url}, expected {path}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// An XPath string literal for any text (XPath 1.0 has no escapes).
pub fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
