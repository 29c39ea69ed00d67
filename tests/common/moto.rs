//! A moto server for the tests: installed from PyPI into a venv under the target directory on
//! first use, started on a free 127.0.0.1 port, stopped when the test process ends.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const MOTO: &str = "moto[server]==5.2.5";

/// Kills moto when the test process goes away: the guard reads stdin until EOF, which comes
/// when the parent exits however it exits, then stops the server.
const GUARD: &str = "import subprocess, sys\n\
p = subprocess.Popen(sys.argv[1:])\n\
sys.stdin.read()\n\
p.terminate()\n\
try:\n    p.wait(5)\nexcept Exception:\n    p.kill()\n";

pub struct Moto {
    pub endpoint: String,
    /// Where moto's request recorder writes, once a test starts it.
    recording: PathBuf,
    _guard: std::sync::Mutex<Child>,
    next_region: AtomicUsize,
}

/// Regions handed out one per test: moto keeps separate state per region, so tests sharing
/// one server never see each other's groups.
const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "sa-east-1",
    "eu-south-1",
    "af-south-1",
    "me-south-1",
    "ap-east-1",
    "eu-central-2",
    "ap-south-2",
    "il-central-1",
    "ap-southeast-3",
    "me-central-1",
    "eu-south-2",
    "ap-southeast-4",
    "ca-west-1",
    "ap-southeast-5",
    "mx-central-1",
    "ap-southeast-7",
];

/// The one moto server of this test binary.
pub fn moto() -> &'static Moto {
    static MOTO_SERVER: OnceLock<Moto> = OnceLock::new();
    MOTO_SERVER.get_or_init(Moto::start)
}

impl Moto {
    fn start() -> Self {
        let (python, server) = installed();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port on 127.0.0.1")
            .port();
        let log = File::create(work_dir().join(format!("moto-{port}.log"))).expect("moto log file");
        let recording = work_dir().join(format!("moto-{port}.recording.jsonl"));
        let _ = std::fs::remove_file(&recording);
        let child = Command::new(python)
            .env("MOTO_RECORDER_FILEPATH", &recording)
            .arg("-c")
            .arg(GUARD)
            .arg(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
        let endpoint = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        while http(&endpoint, "GET", "/moto-api/").is_err() {
            assert!(
                Instant::now() < deadline,
                "moto did not answer on {endpoint} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            endpoint,
            recording,
            _guard: std::sync::Mutex::new(child),
            next_region: AtomicUsize::new(0),
        }
    }

    /// Starts moto's request recorder: every request from now on is kept (across all regions,
    /// so a test that reads it should be alone in its test binary).
    pub fn start_recording(&self) {
        http(&self.endpoint, "POST", "/moto-api/recorder/start-recording")
            .expect("start moto's recorder");
    }

    /// The form bodies of the EC2 requests recorded so far (`Action=…&…`).
    pub fn recorded_bodies(&self) -> Vec<String> {
        use base64::Engine;
        let text = std::fs::read_to_string(&self.recording).unwrap_or_default();
        text.lines()
            .map(|line| {
                let entry: serde_json::Value =
                    serde_json::from_str(line).expect("a recorded request");
                let body = entry["body"].as_str().unwrap_or_default();
                if entry["body_encoded"].as_bool() == Some(true) {
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(body)
                        .expect("base64 body");
                    String::from_utf8_lossy(&bytes).into_owned()
                } else {
                    body.to_string()
                }
            })
            .collect()
    }

    /// A region no other test of this binary uses.
    pub fn fresh_region(&self) -> &'static str {
        let i = self.next_region.fetch_add(1, Ordering::SeqCst);
        REGIONS.get(i).unwrap_or_else(|| {
            panic!(
                "more than {} moto tests in one binary: add regions",
                REGIONS.len()
            )
        })
    }
}

/// A minimal HTTP/1.0 request, enough to see that moto answers.
fn http(endpoint: &str, method: &str, path: &str) -> std::io::Result<String> {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: 0\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if answer.starts_with("HTTP/1.") && answer.contains(" 200 ") {
        Ok(answer)
    } else {
        Err(std::io::Error::other(answer))
    }
}

fn work_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&dir).expect("target tmp dir");
    dir
}

/// Python and moto_server, installing moto into a venv once (guarded by a file lock, since
/// test binaries may run at the same time). `SGTUI_MOTO_SERVER` names an existing moto_server.
fn installed() -> (PathBuf, PathBuf) {
    if let Ok(server) = std::env::var("SGTUI_MOTO_SERVER") {
        return (PathBuf::from("python3"), PathBuf::from(server));
    }
    let dir = work_dir();
    let venv = dir.join("moto-venv");
    let (python, server) = (venv.join("bin/python"), venv.join("bin/moto_server"));
    let marker = venv.join(".sgtui-installed");
    let lock = File::create(dir.join("moto-venv.lock")).expect("lock file");
    lock.lock().expect("lock the moto venv");
    let wanted = MOTO.as_bytes();
    if std::fs::read(&marker).ok().as_deref() != Some(wanted) {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            MOTO,
        ]));
        std::fs::write(&marker, wanted).expect("marker");
    }
    lock.unlock().ok();
    assert!(
        server.exists(),
        "{} is missing after the install",
        server.display()
    );
    (python, server)
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e} (is python3 installed?)"));
    assert!(
        status.success(),
        "{command:?} failed: {status} (PyPI must be reachable to install moto)"
    );
}
