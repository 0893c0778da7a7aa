//! The workbench's HTTP: axum on tokio's single-threaded runtime. Each connection waits on a
//! task of its own, so a slow or silent client (a body promised and never sent, answers
//! never read) holds nothing but itself; a body is read at most [`MAX_BODY`] bytes and
//! [`BODY_TIME`] long. What a request asks is answered by the one thread that holds the
//! workbench (its workspace is not shared between threads), one request after another.

use std::net::TcpListener;
use std::sync::mpsc::Sender;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::serve::ListenerExt;

/// The most a request's body may hold: a plan of 16 MiB (the page sends the whole text).
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// How long a request's body may take to arrive.
const BODY_TIME: Duration = Duration::from_secs(30);

/// What a request asks, as the workbench reads it.
pub struct Asked {
    pub method: String,
    /// The path and the query.
    pub target: String,
    pub host: Option<String>,
    pub token: Option<String>,
    pub origin: Option<String>,
    pub body: Vec<u8>,
}

/// An answer: its status, body and type.
pub type Answer = (u16, Vec<u8>, &'static str);

/// A request for the workbench's thread, and where its answer goes.
pub type Job = (Asked, tokio::sync::oneshot::Sender<Answer>);

/// What no page may do with what the server sends: load from anywhere but the server,
/// be framed by another site, be guessed as another type.
const SECURITY: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("cache-control", "no-store"),
    ("referrer-policy", "no-referrer"),
];

/// Serves `listener` until the process ends, each request answered by the thread at the
/// other end of `jobs`.
pub fn serve(listener: TcpListener, jobs: Sender<Job>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        // Each answer goes out at once: with Nagle's algorithm, an answer written in two
        // pieces waited for the browser's delayed acknowledgement, up to 40 ms a keystroke.
        let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|connection| {
            let _ = connection.set_nodelay(true);
        });
        let app = Router::new().fallback(handle).with_state(jobs);
        axum::serve(listener, app).await
    })
}

async fn handle(State(jobs): State<Sender<Job>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    // Refused before a byte of it is read, when it says it is too large.
    let declared = header("content-length").and_then(|length| length.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return too_large();
    }
    let body = match tokio::time::timeout(BODY_TIME, axum::body::to_bytes(body, MAX_BODY)).await {
        Ok(Ok(bytes)) => bytes.to_vec(),
        Ok(Err(_)) => return too_large(),
        Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "请求超时 / the request took too long"),
    };
    let asked = Asked {
        method: parts.method.as_str().to_string(),
        target: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string()),
        host: header("host"),
        token: header("x-quanze-token"),
        origin: header("origin"),
        body,
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    if jobs.send((asked, reply)).is_err() {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "工作台已停止 / the workbench stopped",
        );
    }
    match answer.await {
        Ok((status, body, kind)) => response(status, body, kind),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "工作台已停止 / the workbench stopped",
        ),
    }
}

fn too_large() -> Response {
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        "请求过大（上限 16 MiB）/ the request is too large (at most 16 MiB)",
    )
}

fn plain(status: StatusCode, words: &str) -> Response {
    let body = serde_json::json!({ "error": words }).to_string().into_bytes();
    response(status.as_u16(), body, "application/json; charset=utf-8")
}

fn response(status: u16, body: Vec<u8>, kind: &'static str) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers: &mut HeaderMap = response.headers_mut();
    for (name, value) in SECURITY.iter().chain(std::iter::once(&("content-type", kind))) {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    response
}
