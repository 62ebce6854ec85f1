//! `polypress preview <doc> [--port N]`: a page on loopback showing two
//! language versions of a document side by side, rendered in the browser
//! by pdf.js (vendored, served from the binary), reloaded within a moment
//! of each save through server-sent events, with the diagnostic shown in
//! the page when a save breaks the source. Clicking a paragraph in one
//! version scrolls the other to the same segment: segments align by their
//! stable ids, and each render reports where each id landed.
//!
//! The server is a small one of its own on 127.0.0.1 (another address
//! only with `--bind`): a thread a connection, one request a connection
//! (`Connection: close`), the request read by httparse. tiny_http, used
//! before, kept every browser connection alive on a thread of a pool
//! that could leave a new connection queued behind the kept ones (its
//! count of idle threads lags their waking): under load one pane of the
//! page then waited for its PDF for minutes. The PDFs are kept in memory
//! and nothing is written to `out/` (`watch` writes files). Routes: `/` the page, `/info.json` the document,
//! its languages and versions, `/pdf/<lang>` a PDF, `/anchors/<lang>` where
//! its segments are, `/events` the event stream, `/pdfjs/…` pdf.js.

use polypress::project::Project;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;
use polypress::pipeline::{self, Resources};
use polypress::source;

use super::watch::{next_changes, watch_folders, Touched};
use super::{document_path, BAD_INPUT, FAILED};

const PAGE: &str = include_str!("index.html");
const PDFJS: &[u8] = include_bytes!("../../../vendor/pdfjs/pdf.min.mjs");
const PDFJS_WORKER: &[u8] = include_bytes!("../../../vendor/pdfjs/pdf.worker.min.mjs");

#[derive(Debug, Args)]
pub struct Preview {
    /// The document: a folder, or its name under documents/.
    document: String,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 7373)]
    port: u16,
    /// Address to listen on. The default, loopback, lets no other machine
    /// in; 0.0.0.0 shows the preview to the whole network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
}

/// One rendered language version.
struct Version {
    number: u64,
    pdf: Arc<[u8]>,
    /// `[{"id", "page", "top"}]` and the page height, as JSON.
    anchors: Arc<[u8]>,
}

/// What the server shows, shared between the renderer and the requests.
#[derive(Default)]
struct State {
    document: String,
    original: String,
    languages: Vec<String>,
    versions: BTreeMap<String, Version>,
    /// The diagnostics of the last render, when it failed (plain text).
    problem: Option<String>,
    /// Open event streams.
    clients: Vec<Sender<String>>,
    next_number: u64,
}

impl State {
    /// Sends an event to every open stream, forgetting closed ones.
    fn broadcast(&mut self, event: &str, data: &str) {
        let data = data.replace('\n', "\ndata: ");
        let message = format!("event: {event}\ndata: {data}\n\n");
        self.clients.retain(|c| c.send(message.clone()).is_ok());
    }

    fn info(&self) -> String {
        let versions: BTreeMap<&String, u64> =
            self.versions.iter().map(|(l, v)| (l, v.number)).collect();
        serde_json::json!({
            "document": self.document,
            "original": self.original,
            "languages": self.languages,
            "versions": versions,
            "problem": self.problem,
        })
        .to_string()
    }
}

impl Preview {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let root = &root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let folder = document_path(root, &self.document);
        let folder = folder.canonicalize().unwrap_or(folder);
        if !folder.join("document.yaml").is_file() {
            eprintln!(
                "error: no document at {} (no document.yaml there)",
                folder.display()
            );
            return BAD_INPUT;
        }
        let mut resources = match super::resources(project) {
            Ok(r) => r,
            Err(code) => return code,
        };
        let state = Arc::new(Mutex::new(State {
            document: source::document_id(&folder),
            ..State::default()
        }));
        let address = SocketAddr::new(self.bind, self.port);
        let listener = match TcpListener::bind(address) {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "error: cannot listen on {address}: {e}; choose another port with --port"
                );
                return FAILED;
            }
        };
        let url = match listener.local_addr() {
            Ok(a) => format!("http://{a}/"),
            Err(_) => format!("http://{address}/"),
        };
        if !self.bind.is_loopback() {
            eprintln!(
                "warning: listening on {}: other machines can see the preview",
                self.bind
            );
        }
        let Some((_watcher, events, _)) = watch_folders(root) else {
            return FAILED;
        };
        render(&folder, &resources, &state, None);
        {
            let state = state.clone();
            std::thread::spawn(move || serve(&listener, &state));
        }
        eprintln!(
            "preview of {} at {url}; Ctrl-C to stop",
            source::document_id(&folder)
        );
        while let Some(changes) = next_changes(root, &events) {
            if changes
                .iter()
                .any(|c| matches!(c, Touched::Everything | Touched::Language(_)))
            {
                match Resources::of(project.house()) {
                    Ok(fresh) => resources = fresh,
                    Err(diagnostics) => {
                        let text = super::plain_diagnostics(&diagnostics);
                        eprint!("{text}");
                        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                        state.problem = Some(text.clone());
                        state.broadcast("problem", &text);
                        continue;
                    }
                }
            }
            let touches_document = changes.iter().any(|c| match c {
                Touched::Document(f, _) => f == &folder,
                _ => true,
            });
            if touches_document {
                let only = changes.iter().find_map(|c| match c {
                    Touched::Document(_, Some(lang)) if changes.len() == 1 => Some(lang.clone()),
                    Touched::Language(lang) if changes.len() == 1 => Some(lang.clone()),
                    _ => None,
                });
                render(&folder, &resources, &state, only.as_deref());
            }
        }
        eprintln!("error: the watcher stopped (were the watched folders removed?)");
        FAILED
    }
}

/// Renders the document (in `only`, or in every language), keeps the
/// PDFs and tells the pages; a failure is shown in them instead.
fn render(folder: &Path, resources: &Resources, state: &Mutex<State>, only: Option<&str>) {
    // Most paragraphs and pages come out as they were: their lines and
    // compressed streams are taken from the render before.
    resources.caches.keep_set_paragraphs();
    polypress::pdf::keep_between_renders();
    let document = match source::load_document(folder, &resources.localizer.languages()) {
        Ok(d) => d,
        Err(diagnostics) => return problem(state, &diagnostics),
    };
    let languages: Vec<String> = document
        .facts
        .languages
        .iter()
        .filter(|l| only.is_none_or(|o| o == l.as_str()))
        .cloned()
        .collect();
    {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.languages = document.facts.languages.clone();
        state.original = document.facts.original_language.clone();
    }
    let mut problems = Vec::new();
    for lang in languages {
        let started = std::time::Instant::now();
        match pipeline::render_placed(&document, &lang, resources) {
            Ok(rendered) => {
                let anchors: Vec<_> = rendered
                    .anchors
                    .iter()
                    .map(|a| serde_json::json!({"id": a.id, "page": a.page, "top": a.top}))
                    .collect();
                let anchors = serde_json::json!({"height": rendered.height, "anchors": anchors});
                let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                state.next_number += 1;
                let number = state.next_number;
                state.versions.insert(
                    lang.clone(),
                    Version {
                        number,
                        pdf: rendered.bytes.into(),
                        anchors: anchors.to_string().into_bytes().into(),
                    },
                );
                let data = serde_json::json!({"lang": lang, "version": number}).to_string();
                state.broadcast("rendered", &data);
                eprintln!(
                    "rendered   {}.{lang} ({} ms)",
                    document.id,
                    started.elapsed().as_millis()
                );
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        if state.problem.take().is_some() {
            state.broadcast("fixed", "{}");
        }
    } else {
        problem(state, &problems);
    }
}

/// Shows diagnostics in the pages (and on standard error).
fn problem(state: &Mutex<State>, diagnostics: &[polypress::diagnostic::Diagnostic]) {
    let text = super::plain_diagnostics(diagnostics);
    eprint!("{text}");
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    state.problem = Some(text.clone());
    state.broadcast("problem", &text);
}

/// Answers connections until the listener fails, each on a thread of
/// its own: a page keeps one open for its events, and the others are
/// closed once answered.
fn serve(listener: &TcpListener, state: &Arc<Mutex<State>>) {
    for connection in listener.incoming() {
        let Ok(connection) = connection else {
            continue;
        };
        let state = state.clone();
        std::thread::spawn(move || connect(connection, &state));
    }
}

/// The longest request head read (a browser's is under 2 KiB).
const HEAD_LIMIT: usize = 16 * 1024;

/// What a request asks: its path (query included) and `Host`.
struct Request {
    target: String,
    host: Option<String>,
    /// HEAD: the answer without its body.
    head_only: bool,
}

/// Reads one request head from `connection`: None when the peer closed
/// it, timed out or sent no HTTP (then answered 400 where it can be).
fn read_request(connection: &mut TcpStream) -> Result<Request, Option<&'static str>> {
    let mut head = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        let n = connection.read(&mut chunk).map_err(|_| None)?;
        if n == 0 {
            return Err(None);
        }
        head.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("Host"))
                    .map(|h| String::from_utf8_lossy(h.value).into_owned());
                return match request.method {
                    Some("GET") | Some("HEAD") => Ok(Request {
                        target: request.path.unwrap_or("/").to_owned(),
                        host,
                        head_only: request.method == Some("HEAD"),
                    }),
                    _ => Err(Some("405 Method Not Allowed")),
                };
            }
            Ok(httparse::Status::Partial) if head.len() < HEAD_LIMIT => {}
            Ok(httparse::Status::Partial) => {
                return Err(Some("431 Request Header Fields Too Large"))
            }
            Err(_) => return Err(Some("400 Bad Request")),
        }
    }
}

/// Answers the one request of a connection.
fn connect(mut connection: TcpStream, state: &Mutex<State>) {
    let _ = connection.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = connection.set_nodelay(true);
    let request = match read_request(&mut connection) {
        Ok(request) => request,
        Err(Some(status)) => {
            return respond(
                &mut connection,
                status,
                "text/plain",
                status.as_bytes(),
                false,
            )
        }
        Err(None) => return,
    };
    if !request.host.as_deref().is_some_and(host_allowed) {
        // A page on another site that rebinds its name to this machine
        // must not read the drafts: only an address or `localhost`.
        let text = "polypress preview: use http://127.0.0.1:PORT/";
        return respond(
            &mut connection,
            "421 Misdirected Request",
            "text/plain",
            text.as_bytes(),
            request.head_only,
        );
    }
    if request.target == "/events" {
        let (sender, receiver) = mpsc::channel();
        {
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(problem) = &state.problem {
                let data = problem.replace('\n', "\ndata: ");
                let _ = sender.send(format!("event: problem\ndata: {data}\n\n"));
            }
            state.clients.push(sender);
        }
        stream(connection, &receiver);
    } else {
        answer(connection, &request, state);
    }
}

/// Whether a request's `Host` names this machine by address (`127.0.0.1`,
/// `[::1]`, the `--bind` address) or as `localhost`: never a domain name,
/// which a DNS-rebinding page could point here.
fn host_allowed(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
}

/// Keeps an event stream open, writing each event as it comes and a
/// comment now and then (so a closed page is noticed and dropped).
fn stream(mut writer: TcpStream, events: &mpsc::Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".to_owned(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Answers a request for the page, pdf.js, a PDF, anchors or the info.
fn answer(mut connection: TcpStream, request: &Request, state: &Mutex<State>) {
    let path = request.target.split('?').next().unwrap_or("");
    // The lock is held only to find the body, not while it is written.
    let found: Option<(Arc<[u8]>, &str)> = {
        let state = state.lock().unwrap_or_else(|e| e.into_inner());
        let version = |prefix: &str| {
            path.strip_prefix(prefix)
                .and_then(|lang| state.versions.get(lang))
        };
        match path {
            "/" => Some((PAGE.as_bytes().into(), "text/html; charset=utf-8")),
            "/info.json" => Some((state.info().into_bytes().into(), "application/json")),
            "/pdfjs/pdf.min.mjs" => Some((PDFJS.into(), "text/javascript")),
            "/pdfjs/pdf.worker.min.mjs" => Some((PDFJS_WORKER.into(), "text/javascript")),
            p if p.starts_with("/pdf/") => {
                version("/pdf/").map(|v| (v.pdf.clone(), "application/pdf"))
            }
            p if p.starts_with("/anchors/") => {
                version("/anchors/").map(|v| (v.anchors.clone(), "application/json"))
            }
            _ => None,
        }
    };
    let (status, body, kind) = match &found {
        Some((body, kind)) => ("200 OK", &body[..], *kind),
        None => ("404 Not Found", &b"not found"[..], "text/plain"),
    };
    respond(&mut connection, status, kind, body, request.head_only);
}

/// Writes a whole response and closes the connection.
fn respond(connection: &mut TcpStream, status: &str, kind: &str, body: &[u8], head_only: bool) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = connection
        .write_all(head.as_bytes())
        .and_then(|_| match head_only {
            true => Ok(()),
            false => connection.write_all(body),
        })
        .and_then(|_| connection.flush());
    let _ = connection.shutdown(std::net::Shutdown::Write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_and_localhost_are_served() {
        for host in [
            "127.0.0.1:7373",
            "localhost:7373",
            "[::1]:7373",
            "192.168.1.5:80",
            "LOCALHOST",
        ] {
            assert!(host_allowed(host), "{host}");
        }
        for host in [
            "evil.example:7373",
            "127.0.0.1.nip.io:7373",
            "",
            "localhost.evil.example",
        ] {
            assert!(!host_allowed(host), "{host}");
        }
    }
}
