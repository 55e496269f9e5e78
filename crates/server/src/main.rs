use clap::Parser;
use std::path::PathBuf;

/// mimalloc rather than glibc's allocator: under load, a tenth of the server's time went to
/// glibc's arenas (`_int_malloc`, `malloc_consolidate`, their locks) across the threads
/// SQLite's connections run on (BENCHMARKS.md, load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The account console: the API under /api and the web app at /.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// The database: a SQLite file (sqlite://PATH, or a bare path; created if missing) or
    /// PostgreSQL (postgres://USER:PASSWORD@HOST:PORT/NAME).
    #[arg(long, default_value = "console.sqlite")]
    database: server::db::DatabaseUrl,
    /// The built web app to serve at / (dist/ of `cargo xtask build-app`).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Seed demo data.
    #[arg(long)]
    demo: bool,
    /// Where people reach the console, for links in mail (default: http://<addr>).
    #[arg(long)]
    public_url: Option<String>,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    let demo = args.demo;
    let config = server::Config {
        database: args.database,
        dist: args.dist,
        demo,
        public_url: args.public_url,
        request_timeout: None,
    };
    let running = match server::start(config, &args.addr).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("console-server: {e}");
            std::process::exit(1);
        }
    };
    println!("\nThe console is running at http://{}/", running.addr);
    if demo {
        println!("Demo log-in: {} / {}", server::DEMO_EMAIL, server::DEMO_PASSWORD);
    }
    println!("Stop it with Ctrl-C.\n");
    tokio::select! {
        _ = running.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
