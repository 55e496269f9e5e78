//! A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary directory, started on
//! a free port of the loopback, stopped and removed when dropped. PostgreSQL refuses to run as
//! root, so as root the cluster belongs to the `postgres` user (or `nobody`).

use crate::{output, run, step};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    owner: Option<&'static str>,
    /// A database of the cluster from which the tests create their own.
    pub url: String,
}

impl Cluster {
    pub fn start() -> Result<Cluster, String> {
        let bin = crate::setup::postgres_bin_dir()
            .ok_or("PostgreSQL is not installed (cargo xtask setup --browser installs it)")?;
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let dir = std::env::temp_dir().join(format!("console-test-postgres-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let root = output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
        let owner = root.then(|| if output("id", &["postgres"]).is_some() { "postgres" } else { "nobody" });
        if let Some(owner) = owner {
            run(Command::new("chown").arg(format!("{owner}:")).arg(&dir))?;
        }
        step(&format!("starting a throwaway PostgreSQL cluster on port {port}"));
        let cluster = Cluster { url: format!("postgres://postgres@127.0.0.1:{port}/postgres"), dir, bin, owner };
        let data = cluster.dir.join("data");
        let data = data.to_str().ok_or("the temporary directory's name is not UTF-8")?;
        cluster.run_as_owner(
            "initdb",
            &["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"],
        )?;
        let socket_dir = cluster.dir.to_str().unwrap_or_default();
        // fsync off: the tests kill server processes, never the database, and the cluster is
        // thrown away; it makes creating a database per test several times quicker.
        let options =
            format!("-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300");
        let log = format!("{socket_dir}/postgres.log");
        cluster.run_as_owner("pg_ctl", &["-D", data, "-o", &options, "-l", &log, "-w", "start"])?;
        Ok(cluster)
    }

    fn run_as_owner(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(program);
        let mut command = match self.owner {
            Some(owner) => {
                let mut command = Command::new("runuser");
                command.args(["-u", owner, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        };
        // runuser keeps the working directory, which the owner may not be allowed to read.
        command.args(args).current_dir(&self.dir).stdout(std::process::Stdio::null());
        run(&mut command)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run_as_owner("pg_ctl", &["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
