//! `vigie serve`: a local preview on 127.0.0.1. The site is built in memory, rebuilt when a
//! file under the site changes (only what the change reaches, `src/preview.rs`), and each
//! open page reloads itself after a rebuild. When a
//! build fails, every page shows its errors instead of a stale site, and so does the
//! terminal: each rebuild prints what `vigie check` would, in place of the last one's.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::build::{Outcome, Request};
use crate::diagnostic::Error;
use crate::model::Audience;
use crate::preview::{Extent, Preview, Timings};

/// What the server serves: the latest build, or why it failed.
#[derive(Default)]
struct State {
    /// The outputs of the last build that rendered.
    preview: Preview,
    /// The site's base path (`/` or `/status/`), stripped from request paths.
    base: String,
    /// Counts builds; pages poll it and reload when it moves.
    version: u64,
    /// The diagnostics of a failed build, as printed by `vigie check`.
    failure: Option<String>,
    /// The line that says where the site is served, printed again above each report.
    banner: String,
    /// When the preview was last used: a page asked for, or a file saved.
    used: Option<std::time::Instant>,
}

/// Serves the site at `root`, as `audience` reads it (the public, the team or one
/// client's room), on 127.0.0.1:`port` until the process ends. Prints the address first
/// (port 0 picks a free one).
pub fn serve(
    root: &Path,
    port: u16,
    now: Option<&str>,
    audience: Audience<'_>,
) -> Result<(), Error> {
    // The server runs until the process ends: its audience lives as long.
    let audience = lasting(audience);
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| Error::new(format!("cannot listen on 127.0.0.1:{port}")).caused_by(&e))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::new("cannot read the server's address").caused_by(&e))?;
    let state = Arc::new(Mutex::new(State {
        preview: Preview::new(),
        ..State::default()
    }));
    // Changed files are named with the absolute path of the site.
    let shown_root = root;
    let root = &std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    watch_and_rebuild(root, now, audience, &state);
    rebuild(root, now, audience, &state, &BTreeSet::new());
    if now.is_none() {
        follow_the_clock(root, audience, &state);
    }
    let banner = {
        let mut state = lock(&state);
        state.banner = format!(
            "serving {}{} on http://{address}{} (Ctrl-C to stop)",
            shown_root.display(),
            whose(audience),
            state.base
        );
        state.banner.clone()
    };
    println!("{banner}");
    let _ = std::io::stdout().flush();
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = answer(stream, &state);
        });
    }
    Ok(())
}

/// Rebuilds the preview whenever a file of the site changes, from another thread; returns
/// once the watcher sees every change, so that none made after the first build is missed.
fn watch_and_rebuild(
    root: &Path,
    now: Option<&str>,
    audience: Audience<'static>,
    state: &Arc<Mutex<State>>,
) {
    let watcher_state = Arc::clone(state);
    let watched_root = root.to_path_buf();
    let now_text = now.map(str::to_string);
    let (armed, is_armed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let armed = move || {
            let _ = armed.send(());
        };
        crate::watch::watch(&watched_root, armed, |changed| {
            rebuild(
                &watched_root,
                now_text.as_deref(),
                audience,
                &watcher_state,
                changed,
            );
        });
    });
    // Should the watcher's thread end first, the sender is dropped and this returns.
    let _ = is_armed.recv();
}

/// How long after its last use the preview still follows the clock.
const IN_USE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Renders the preview again at each new minute of the computer's clock while it is in
/// use, from another thread: every page shows the time of its build, so a save in a new
/// minute would otherwise render everything. The save then finds the site already
/// rendered at its minute, and renders only what it reaches.
fn follow_the_clock(root: &Path, audience: Audience<'static>, state: &Arc<Mutex<State>>) {
    let state = Arc::clone(state);
    let root = root.to_path_buf();
    let ticking = std::thread::Builder::new().name("clock".into());
    let _ = ticking.spawn(move || {
        loop {
            std::thread::sleep(until_next_minute());
            let in_use = lock(&state).used.is_some_and(|at| at.elapsed() < IN_USE);
            if in_use {
                rebuild(&root, None, audience, &state, &BTreeSet::new());
            }
        }
    });
}

/// The time left until just after the clock's next minute.
fn until_next_minute() -> std::time::Duration {
    use chrono::Timelike;
    let now = chrono::Utc::now();
    let into_minute =
        std::time::Duration::new(u64::from(now.second()), now.nanosecond().min(999_999_999));
    std::time::Duration::from_secs(60).saturating_sub(into_minute)
        + std::time::Duration::from_millis(20)
}

/// `audience` for the life of the process.
fn lasting(audience: Audience<'_>) -> Audience<'static> {
    match audience {
        Audience::Public => Audience::Public,
        Audience::Internal => Audience::Internal,
        Audience::Client(id) => Audience::Client(Box::leak(id.to_string().into_boxed_str())),
    }
}

/// What the banner says of whose site is served: nothing for the public's.
fn whose(audience: Audience<'_>) -> String {
    match audience {
        Audience::Public => String::new(),
        Audience::Internal => " as the team reads it".to_string(),
        Audience::Client(id) => format!(" as the room of client `{id}`"),
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Builds the site again after `changed` files changed, in memory, and makes it (or its
/// errors) what is served.
fn rebuild(
    root: &Path,
    now: Option<&str>,
    audience: Audience<'_>,
    state: &Mutex<State>,
    changed: &BTreeSet<PathBuf>,
) {
    let request = Request {
        root,
        base_url: None,
        now,
        strict: false,
        audience,
    };
    let mut state = lock(state);
    if !changed.is_empty() {
        state.used = Some(std::time::Instant::now());
    }
    let (diagnostics, outcome, extent) = state.preview.rebuild(&request, changed);
    let mut printed = Vec::new();
    crate::diagnostic::report(&diagnostics, &mut printed);
    // Only config.toml says the base path: no need to read the whole site a second time.
    let base =
        crate::load::config::load_config(root, &mut crate::diagnostic::Diagnostics::default())
            .map(|config| config.base_path())
            .unwrap_or_else(|_| "/".to_string());
    state.version += 1;
    state.base = base;
    let summary = match outcome {
        Outcome::Rendered(_) => {
            state.failure = None;
            match extent {
                Extent::Full => format!(
                    "rebuilt: {} files, the preview is up to date ({})",
                    state.preview.files.len(),
                    took(state.preview.timings())
                ),
                Extent::Partial(count) => format!(
                    "rebuilt: {count} of {} files rendered again, the preview is up to date ({})",
                    state.preview.files.len(),
                    took(state.preview.timings())
                ),
            }
        }
        Outcome::Invalid => {
            state.failure = Some(String::from_utf8_lossy(&printed).into_owned());
            DOES_NOT_BUILD.to_string()
        }
        Outcome::Failed(error) => {
            let mut text = String::from_utf8_lossy(&printed).into_owned();
            text.push_str(&format!("error: {error}\n"));
            printed = text.clone().into_bytes();
            state.failure = Some(text);
            DOES_NOT_BUILD.to_string()
        }
    };
    tell(&state.banner, &printed, &summary);
}

/// What a rebuild's steps took: `read 1 file 2 ms, check 3 ms, render 31 ms`.
fn took(timings: Timings) -> String {
    let files = match (timings.read_everything, timings.files_read) {
        (true, _) => "every file".to_string(),
        (false, 1) => "1 file".to_string(),
        (false, n) => format!("{n} files"),
    };
    let ms = |d: std::time::Duration| d.as_millis();
    format!(
        "read {files} {} ms, check {} ms, render {} ms",
        ms(timings.read),
        ms(timings.check),
        ms(timings.render)
    )
}

const DOES_NOT_BUILD: &str =
    "the site does not build: fix the errors above and save (the preview shows them too)";

/// Prints a rebuild's diagnostics and outcome on stderr. On a terminal, the screen is
/// cleared first: warnings of an earlier rebuild that no longer apply do not linger.
fn tell(banner: &str, printed: &[u8], summary: &str) {
    use std::io::IsTerminal;
    let mut err = std::io::stderr().lock();
    if err.is_terminal() && !banner.is_empty() {
        let _ = writeln!(err, "\x1b[2J\x1b[H{banner}");
    }
    let at = chrono::Local::now().format("%H:%M:%S");
    let _ = err.write_all(printed);
    let _ = writeln!(err, "[{at}] {summary}");
    let _ = err.flush();
}

/// Answers one HTTP request.
fn answer(mut stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut state = lock(state);
    state.used = Some(std::time::Instant::now());
    if path == "/__vigie/version" {
        return respond(
            &mut stream,
            200,
            "text/plain",
            state.version.to_string().as_bytes(),
        );
    }
    if path == "/__vigie/reload.js" {
        return respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_SCRIPT.as_bytes(),
        );
    }
    if let Some(failure) = &state.failure {
        let page = error_page(failure, state.version);
        return respond(
            &mut stream,
            500,
            "text/html; charset=utf-8",
            page.as_bytes(),
        );
    }
    let relative = path
        .strip_prefix(state.base.as_str())
        .or_else(|| path.strip_prefix('/'));
    let key = match relative.map(percent_decode) {
        Some(r) if r.is_empty() || r.ends_with('/') => format!("{r}index.html"),
        Some(r) => r,
        None => String::new(),
    };
    let found = state
        .preview
        .files
        .get(&key)
        .map(|bytes| (200, key.as_str(), bytes))
        .or_else(|| {
            state
                .preview
                .files
                .get(&format!("{key}/index.html"))
                .map(|bytes| (200, "index.html", bytes))
        })
        .or_else(|| {
            state
                .preview
                .files
                .get("404.html")
                .map(|bytes| (404, "404.html", bytes))
        });
    match found {
        Some((status, name, bytes)) => {
            let kind = content_type(name);
            if kind.starts_with("text/html") {
                let page = with_reload(&String::from_utf8_lossy(bytes), state.version);
                respond(&mut stream, status, kind, page.as_bytes())
            } else {
                respond(&mut stream, status, kind, bytes)
            }
        }
        None => respond(&mut stream, 404, "text/plain", b"not found"),
    }
}

fn respond(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8]) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

/// The script that reloads a page once the site has been rebuilt (preview only), served
/// from the site's own address: the pages' Content-Security-Policy allows no inline script.
const RELOAD_SCRIPT: &str = "(function(){var v=new URL(document.currentScript.src).searchParams.get(\"v\");setInterval(function(){fetch(\"/__vigie/version\",{cache:\"no-store\"}).then(function(r){return r.text()}).then(function(t){if(t!==v)location.reload()}).catch(function(){})},700)})();";

/// The tag that loads `RELOAD_SCRIPT` into a page built as `version`.
fn reload_script(version: u64) -> String {
    format!("<script src=\"/__vigie/reload.js?v={version}\"></script>")
}

/// A page as the preview serves it: with the reload script, and a Content-Security-Policy
/// that lets that script ask the preview for the site's version.
fn with_reload(html: &str, version: u64) -> String {
    let script = reload_script(version);
    let html = html.replacen(
        "script-src 'self';",
        "script-src 'self'; connect-src 'self';",
        1,
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

/// The page every request gets while the site does not build.
fn error_page(failure: &str, version: u64) -> String {
    let escaped = failure
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    with_reload(
        &format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>vigie: the site does not build</title>\
             <style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}pre{{white-space:pre-wrap;background:#fbe6e4;border:1px solid #b3261e;padding:1rem}}</style></head>\
             <body><h1>The site does not build</h1><p>Fix the errors below and save: this page reloads by itself.</p><pre>{escaped}</pre></body></html>"
        ),
        version,
    )
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%xx` escapes of a request path (accented slugs, spaces).
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(value) = u8::from_str_radix(hex, 16)
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
