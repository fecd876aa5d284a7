//! `onboard serve` started for a test: on a free port of 127.0.0.1, in a scratch folder,
//! stopped (and its log collected) when dropped.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running server.
pub struct Served {
    pub addr: SocketAddr,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// `onboard serve --listen 127.0.0.1:0 ARGS` in `cwd`; waits (at most 20 s) for the line
    /// that names its address.
    pub fn start(cwd: &Path, args: &[&str]) -> Served {
        Served::start_with_env(cwd, args, &[])
    }

    /// [`start`](Served::start) with environment variables set (e.g. `TMPDIR`).
    pub fn start_with_env(cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> Served {
        let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let mut command = super::command(cwd, &all);
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start onboard serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("http://").nth(1)
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(url.trim().to_owned());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(addr) => addr.parse().expect("an address"),
            Err(_) => {
                let _ = child.kill();
                panic!("onboard serve did not start: {:?}", log.lock().unwrap());
            }
        };
        Served { addr, child, log }
    }

    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Sends SIGTERM and returns at once.
    #[cfg(unix)]
    pub fn send_sigterm(&self) {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
    }

    /// Sends SIGTERM and waits (at most 20 s) for the exit status.
    #[cfg(unix)]
    pub fn terminate(self) -> std::process::ExitStatus {
        self.terminate_keeping_log().0
    }

    /// [`terminate`](Served::terminate), and everything it wrote to stderr.
    #[cfg(unix)]
    pub fn terminate_keeping_log(mut self) -> (std::process::ExitStatus, Vec<String>) {
        self.send_sigterm();
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread gets the last lines once the pipe closes.
                std::thread::sleep(Duration::from_millis(100));
                return (status, self.log());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("onboard serve did not stop on SIGTERM");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
