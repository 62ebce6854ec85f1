//! `polypress preview` in a real browser: headless Chromium, driven
//! through the DevTools protocol, opens the page, sees both language
//! versions drawn by pdf.js, sees a save reload the edited version within
//! seconds, the diagnostic of a broken save in the page, and a click on a
//! paragraph of one version scroll the other to the same segment.
//!
//! Skipped, with a message, where Chromium is absent (`.ci/run` installs
//! Debian's `chromium`; `POLYPRESS_CHROMIUM` names another binary).

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{copy_dir, repo, Running};
use serde_json::{json, Value};

const REPORT: &str = "a-hrc-wg6-7-ita-1";

/// `polypress preview` of the report in `root` on any free port, and its
/// address.
fn preview(root: &Path) -> (Running, String) {
    let mut preview = Running::start(
        Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("--root")
            .arg(root)
            .args(["--color", "never", "preview", REPORT, "--port", "0"]),
    );
    let line = preview.line_with("preview of");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("a loopback address in {line:?}"))
        .trim_end_matches(';')
        .to_owned();
    (preview, url)
}

/// `127.0.0.1:PORT` of the preview's address.
fn host_of(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("POLYPRESS_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// The body of a GET over plain HTTP (the DevTools target list, the
/// preview), read up to its Content-Length.
fn get_bytes(host: &str, path: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let mut chunk = [0u8; 65536];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
        if let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&response[..at]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|length| response.len() >= at + 4 + length) {
                break;
            }
        }
    }
    match response.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(at) => response[at + 4..].to_vec(),
        None => Vec::new(),
    }
}

fn get(host: &str, path: &str) -> String {
    String::from_utf8_lossy(&get_bytes(host, path)).into_owned()
}

/// A page driven through the DevTools protocol.
struct Page {
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next: u64,
    /// What the page logged (console, exceptions, the browser's log), told
    /// when a wait fails.
    log: Vec<String>,
}

impl Page {
    /// Evaluates `expression` in the page (awaiting a promise) and
    /// returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        self.next += 1;
        let id = self.next;
        let call = json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": {"expression": expression, "returnByValue": true, "awaitPromise": true}
        });
        self.socket
            .send(tungstenite::Message::text(call.to_string()))
            .unwrap();
        loop {
            let message = self.socket.read().unwrap();
            let Ok(text) = message.to_text() else {
                continue;
            };
            let reply: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if reply["id"] == id {
                return reply["result"]["result"]["value"].clone();
            }
            self.note(&reply);
        }
    }

    /// Keeps an event the page sent of itself: a console message, an
    /// uncaught exception or an entry of the browser's log.
    fn note(&mut self, event: &Value) {
        let params = &event["params"];
        let line = match event["method"].as_str() {
            Some("Runtime.consoleAPICalled") => format!(
                "console.{}: {}",
                params["type"].as_str().unwrap_or("?"),
                params["args"]
                    .as_array()
                    .map(|args| args
                        .iter()
                        .map(|a| a["value"].as_str().map_or_else(
                            || a["description"].as_str().unwrap_or("?").to_owned(),
                            str::to_owned
                        ))
                        .collect::<Vec<_>>()
                        .join(" "))
                    .unwrap_or_default()
            ),
            Some("Runtime.exceptionThrown") => format!(
                "exception: {}",
                params["exceptionDetails"]["exception"]["description"]
                    .as_str()
                    .or(params["exceptionDetails"]["text"].as_str())
                    .unwrap_or("?")
            ),
            Some("Log.entryAdded") => format!(
                "log {}: {} {}",
                params["entry"]["level"].as_str().unwrap_or("?"),
                params["entry"]["text"].as_str().unwrap_or("?"),
                params["entry"]["url"].as_str().unwrap_or("")
            ),
            _ => return,
        };
        self.log.push(line);
    }

    /// Waits until `expression` is true in the page; panics after `limit`
    /// with `what`.
    fn wait_until(&mut self, expression: &str, limit: Duration, what: &str) -> Duration {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.eval(expression) == Value::Bool(true) {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // The page's text, and what each pane says of itself (its text
        // aside): its language, version and any error.
        let text = self.eval(
            "document.body.innerText.slice(0, 2000) + ['left', 'right'].map((side) => \
             ` | ${side}: ` + JSON.stringify(Object.fromEntries(Object.entries(\
             document.getElementById(side).dataset).filter(([k]) => k !== 'text')))).join('')",
        );
        panic!(
            "{what}: not within {limit:?}; the page shows: {text}; the page logged: {:?}",
            self.log
        );
    }
}

fn scratch_root(name: &str) -> PathBuf {
    let root = common::scratch(&format!("preview-{name}"));
    for dir in ["locales", "templates"] {
        copy_dir(&repo().join(dir), &root.join(dir));
    }
    copy_dir(
        &repo().join("documents").join(REPORT),
        &root.join("documents").join(REPORT),
    );
    std::os::unix::fs::symlink(repo().join("fonts"), root.join("fonts")).unwrap();
    root
}

fn replace_in(path: &Path, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    text
}

#[test]
fn the_preview_shows_both_versions_reloads_on_save_shows_problems_and_aligns_segments() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: no Chromium (apt-get install chromium, or set POLYPRESS_CHROMIUM); \
             .ci/run installs it"
        );
        return;
    };
    let root = scratch_root("browser");
    let (_preview, url) = preview(&root);

    let profile = root.join("chromium-profile");
    let mut browser = Running::start(
        Command::new(&chromium)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                // Containers give /dev/shm a few megabytes: use /tmp instead.
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--window-size=1400,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("{url}?left=en&right=fr")),
    );
    let listening = browser.line_with("DevTools listening on ws://");
    let host = listening
        .split("ws://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let targets: Value = {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let list: Value =
                serde_json::from_str(&get(&host, "/json/list")).unwrap_or(Value::Null);
            let has_page = list
                .as_array()
                .is_some_and(|l| l.iter().any(|t| t["type"] == "page"));
            if has_page || Instant::now() > deadline {
                break list;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let socket_url = targets
        .as_array()
        .and_then(|l| l.iter().find(|t| t["type"] == "page"))
        .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        .unwrap_or_else(|| panic!("a page target in {targets}"))
        .to_owned();
    let (socket, _) = tungstenite::connect(socket_url).unwrap();
    let mut page = Page {
        socket,
        next: 0,
        log: Vec::new(),
    };
    for method in ["Runtime.enable", "Log.enable"] {
        page.next += 1;
        let call = json!({"id": page.next, "method": method, "params": {}});
        page.socket
            .send(tungstenite::Message::text(call.to_string()))
            .unwrap();
    }

    // Both versions drawn by pdf.js, with their own text: every page of
    // two 20-page reports drawn by a software renderer while the rest of
    // the suite runs on the same cores. Once in about ten runs of the
    // suite this took over 60 s (the English side drawn, the French not
    // yet); a wait ends as soon as the condition holds.
    let text = |side: &str| format!("(document.getElementById('{side}').dataset.text || '')");
    page.wait_until(
        &format!(
            "{}.includes('Methodology and consultation process') && {}.includes('Méthodologie')",
            text("left"),
            text("right")
        ),
        Duration::from_secs(180),
        "the English and French versions drawn",
    );
    let right_version = page.eval("document.getElementById('right').dataset.version");

    // A save of the English text: the English side reloads with the new
    // words; the French side is not rendered again.
    let en = root.join("documents").join(REPORT).join("en.yaml");
    let good = replace_in(
        &en,
        "Methodology and consultation process",
        "Approach and consultation process",
    );
    let took = page.wait_until(
        &format!(
            "{}.includes('Approach and consultation process')",
            text("left")
        ),
        Duration::from_secs(20),
        "the edited English version shown",
    );
    let shown = page.eval("document.getElementById('left').dataset.shownMs");
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "optimised"
    };
    eprintln!(
        "a save reached the page in {took:?} ({build} build, every page redrawn, polled \
         every 50 ms); the page showed the new version {shown} ms after the event"
    );
    assert_eq!(
        page.eval("document.getElementById('right').dataset.version"),
        right_version,
        "the French version was not rendered again"
    );

    // A broken save: the diagnostic in the page, with the file and line.
    std::fs::write(&en, good.replacen("title:", "title: [unclosed\nx:", 1)).unwrap();
    page.wait_until(
        "document.body.dataset.problem === 'yes' && \
         document.getElementById('problem').textContent.includes('en.yaml:')",
        Duration::from_secs(20),
        "the diagnostic shown in the page",
    );
    std::fs::write(&en, &good).unwrap();
    page.wait_until(
        &format!(
            "document.body.dataset.problem === 'no' && {}.includes('Methodology')",
            text("left")
        ),
        Duration::from_secs(20),
        "the problem cleared once fixed",
    );

    // A click on paragraph p5 of the English side scrolls the French side
    // to p5.
    let clicked = page.eval(
        "(async () => {
            const places = await fetch('/anchors/en').then(r => r.json());
            const p = places.anchors.find(a => a.id === 'p5');
            const box = document.querySelector(`#left .page[data-page=\"${p.page}\"]`);
            box.scrollIntoView();
            const scale = Number(box.dataset.scale);
            const r = box.getBoundingClientRect();
            box.dispatchEvent(new MouseEvent('click', {bubbles: true,
                clientX: r.left + 100, clientY: r.top + (p.top + 6) * scale}));
            return document.getElementById('right').dataset.revealed;
        })()",
    );
    assert_eq!(clicked, json!("p5"), "the French side shows segment p5");
    let shown = page.eval(
        "(() => {
            const pane = document.getElementById('right');
            const mark = pane.querySelector('.mark');
            if (!mark) return false;
            const m = mark.getBoundingClientRect(), v = pane.getBoundingClientRect();
            return m.top >= v.top && m.bottom <= v.bottom;
        })()",
    );
    assert_eq!(shown, json!(true), "the segment is scrolled into view");

    // POLYPRESS_PREVIEW_SCREENSHOT=page.png keeps a picture of the page.
    if let Ok(path) = std::env::var("POLYPRESS_PREVIEW_SCREENSHOT") {
        page.next += 1;
        let call = json!({"id": page.next, "method": "Page.captureScreenshot", "params": {}});
        page.socket
            .send(tungstenite::Message::text(call.to_string()))
            .unwrap();
        loop {
            let reply: Value =
                serde_json::from_str(page.socket.read().unwrap().to_text().unwrap_or(""))
                    .unwrap_or(Value::Null);
            if reply["id"] == page.next {
                let data = reply["result"]["data"].as_str().unwrap_or_default();
                std::fs::write(&path, base64_decode(data)).unwrap();
                break;
            }
        }
    }
}

/// Standard base64, as the DevTools protocol sends screenshots.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|c| *c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |n, d| n << 6 | u32::from(*d)) << (6 * (4 - c.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(c.len().saturating_sub(1))
        })
        .collect()
}

#[test]
fn the_preview_listens_on_loopback_unless_told_otherwise() {
    let root = scratch_root("loopback");
    let (_preview, url) = preview(&root);
    let host = host_of(&url);
    assert!(host.starts_with("127.0.0.1:"), "{url}");
    let info: Value = serde_json::from_str(&get(&host, "/info.json")).unwrap();
    assert_eq!(info["document"], REPORT);
    assert_eq!(info["languages"], json!(["en", "fr"]));
    assert!(get_bytes(&host, "/pdf/fr").starts_with(b"%PDF-"));
}

/// A browser opens several connections at once and keeps them open: each
/// is answered, and closed once answered, so none waits behind another
/// (the preview's PDFs once waited minutes behind a browser's kept-alive
/// connections, on a server that held a thread for each).
#[test]
fn the_preview_answers_connections_opened_at_once_and_closes_each() {
    let root = scratch_root("connections");
    let (_preview, url) = preview(&root);
    let host = host_of(&url);
    let mut sockets: Vec<TcpStream> = (0..24)
        .map(|n| {
            let mut socket = TcpStream::connect(&host).unwrap();
            let path = ["/info.json", "/pdf/en", "/anchors/fr", "/pdfjs/pdf.min.mjs"][n % 4];
            write!(
                socket,
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n"
            )
            .unwrap();
            socket
                .set_read_timeout(Some(Duration::from_secs(20)))
                .unwrap();
            socket
        })
        .collect();
    for (n, socket) in sockets.iter_mut().enumerate() {
        // Read to the end: the server closes the connection after its
        // answer, though the request asked to keep it alive.
        let mut response = Vec::new();
        socket
            .read_to_end(&mut response)
            .unwrap_or_else(|e| panic!("connection {n}: not answered and closed: {e}"));
        let text = String::from_utf8_lossy(&response);
        assert!(
            text.starts_with("HTTP/1.1 200 OK\r\n"),
            "connection {n}: {text:.200}"
        );
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains("Connection: close"), "{head}");
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("a length in {head}"));
        assert_eq!(response.len() - head.len() - 4, length, "connection {n}");
        assert!(!body.is_empty());
    }
    // A request that is not HTTP, and one of another method: refused.
    for (request, status) in [
        ("HELLO\r\n\r\n", "400"),
        ("POST /info.json HTTP/1.1\r\nHost: x\r\n\r\n", "405"),
    ] {
        let mut socket = TcpStream::connect(&host).unwrap();
        socket.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        socket.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with(&format!("HTTP/1.1 {status}")),
            "{request:?}: {response}"
        );
    }
}
