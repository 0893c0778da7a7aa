//! `quanze serve`, the workbench, tested through its HTTP requests as a page and as an
//! intruder would send them (raw HTTP over a socket: what arrives is exactly what is
//! written here), and in a real browser (tests/js/workbench-check.mjs: Debian's chromium
//! driven by playwright-core, skipped with a message where chromium or the npm packages are
//! missing, a failure under QUANZE_EXTERNAL_TESTS=require as in .ci/run).

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

mod common;

const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies");
const JS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js");
const PLAN: &str = "nmg-ip-2024-48.qz";

/// A running `quanze serve` on a copy of the real plans; stopped when dropped.
struct Served {
    child: Child,
    /// Taken out only to start the server again on it.
    folder: Option<tempfile::TempDir>,
    port: u16,
    token: String,
    address: String,
}

impl Served {
    fn start() -> Served {
        let folder = tempfile::tempdir().expect("temp dir");
        copy_folder(Path::new(POLICIES), folder.path());
        Served::start_in(folder)
    }

    fn start_in(folder: tempfile::TempDir) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quanze"))
            .args(["serve", "--port", "0"])
            .arg(folder.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("quanze serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("the address is printed");
        let address = first[first.find("http://").expect("an address")..].trim().to_string();
        let port = address["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .expect("a port");
        let token = address.split("token=").nth(1).expect("a token").to_string();
        Served {
            child,
            folder: Some(folder),
            port,
            token,
            address,
        }
    }

    fn folder(&self) -> &Path {
        self.folder.as_ref().expect("the folder").path()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.folder().join(name)
    }

    /// The server stopped as by a crash (killed), and started again on the same folder.
    fn restart(mut self) -> Served {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let folder = self.folder.take().expect("the folder");
        Served::start_in(folder)
    }

    /// Sends one request as written: its status, headers and body.
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.write_all(request.as_bytes()).expect("sends");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("reads");
        let answer = String::from_utf8(answer).expect("UTF-8");
        let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head.to_string(), body.to_string())
    }

    /// A request as the page sends it (its Host, the token), with a JSON body for a POST.
    fn ask(&self, method: &str, target: &str, body: Option<&Value>) -> (u16, Value) {
        let body = body.map(Value::to_string).unwrap_or_default();
        // HTTP/1.0: the answer comes whole, not in chunks, and the connection then closes.
        let (status, _, answer) = self.raw(&format!(
            "{method} {target} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nX-Quanze-Token: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            self.token,
            body.len()
        ));
        (status, serde_json::from_str(&answer).expect("JSON"))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn edit(path: &str, text: &str) -> Value {
    serde_json::json!({ "path": path, "text": text })
}

#[test]
fn the_page_is_served_with_its_assets_and_limits_itself_to_the_server() {
    let served = Served::start();
    assert!(served.address.starts_with("http://127.0.0.1:"), "{}", served.address);
    assert_eq!(served.token.len(), 32);
    let get = |target: &str| {
        served.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.port
        ))
    };
    let (status, head, page) = get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<script type=\"module\" src=\"/app.js\">"), "{page}");
    // The page may load nothing but from its server, and no other site may frame it.
    assert!(
        head.contains("default-src 'none'; script-src 'self'") && head.contains("frame-ancestors 'none'"),
        "{head}"
    );
    let (status, head, script) = get("/app.js");
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript") && script.len() > 100_000, "{head}");
    assert_eq!(get("/style.css").0, 200);
    assert_eq!(get("/nothing").0, 404);
}

#[test]
fn the_real_plan_opens_and_checks_with_its_tables_and_its_official_text() {
    let served = Served::start();
    let (status, files) = served.ask("GET", "/api/files", None);
    assert_eq!(status, 200);
    let listed: Vec<(&str, bool)> = files["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["source"].as_bool().unwrap()))
        .collect();
    assert!(listed.contains(&(PLAN, true)), "{listed:?}");
    assert!(listed.contains(&("nmg-ip-league-sample.qz", false)), "{listed:?}");

    let (status, opened) = served.ask("GET", &format!("/api/open?path={PLAN}"), None);
    assert_eq!(status, 200);
    assert_eq!(opened["source"], "sources/nmg-ip-2024-48.txt");
    assert!(opened["recovered"].is_null());
    let text = opened["text"].as_str().unwrap();
    let (status, view) = served.ask("POST", "/api/check", Some(&edit(PLAN, text)));
    assert_eq!(status, 200);
    assert_eq!(view["findings"], serde_json::json!([]));
    assert_eq!(view["levels"], serde_json::json!(["自治区", "盟市"]));
    let matters = view["matters"].as_array().unwrap();
    assert_eq!(matters.len(), 33);
    // The first matter: 战略规划政策, by 范围, one row per value, each going to its rule.
    let first = &matters[0];
    assert_eq!(first["name"], "战略规划政策");
    assert_eq!(
        first["cells"][0],
        serde_json::json!({ "power": "some", "pays": "some" })
    );
    let rows = first["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let rule_line = |row: &Value| row["at"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        text.lines()
            .nth(rule_line(&rows[0]))
            .unwrap()
            .contains("全区性 => 自治区")
    );
    assert!(
        text.lines()
            .nth(rule_line(&rows[1]))
            .unwrap()
            .contains("盟市   => 盟市")
    );
    let paragraphs = view["paragraphs"].as_array().unwrap();
    let cited = paragraphs
        .iter()
        .find(|p| p["id"] == "一(一)2")
        .expect("paragraph 一(一)2");
    assert!(cited["cited_by"][0]["matter"] == "战略规划政策" && cited["uncovered"] == false);
    assert!(!view["highlights"].as_array().unwrap().is_empty());

    // A rule deleted: the gap is a finding with its quick fix, and the fix closes it.
    let gap = text.replace(
        "    盟市   => 盟市    § \"一(一)2\" \"将制定实施盟市知识产权战略、规划、政策……确认为盟市财政事权，由盟市承担支出责任\"\n",
        "",
    );
    let (_, view) = served.ask("POST", "/api/check", Some(&edit(PLAN, &gap)));
    assert_eq!(view["findings"][0]["code"], "E0008", "{view}");
    // The matter is withheld from the tables, not from the official text: its other rule
    // still cites 一(一)1 (found in use: the whole paragraph showed as cited by no rule).
    assert_eq!(view["withheld"], serde_json::json!(["战略规划政策"]));
    let paragraph = |view: &Value, id: &str| {
        view["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        paragraph(&view, "一(一)1")["uncovered"],
        false,
        "{}",
        paragraph(&view, "一(一)1")
    );
    assert_eq!(paragraph(&view, "一(一)1")["cited_by"][0]["matter"], "战略规划政策");
    assert_eq!(paragraph(&view, "一(一)2")["uncovered"], true);
    let fix = &view["fixes"][0];
    assert_eq!(fix["answers"], view["findings"][0]["range"]);
    let insertion = &fix["edits"][0];
    assert_eq!(insertion["range"]["start"], insertion["range"]["end"], "an insertion");
    let at = insertion["range"]["start"]["line"].as_u64().unwrap() as usize;
    let mut fixed: Vec<&str> = gap.lines().collect();
    fixed.insert(at, insertion["text"].as_str().unwrap().trim_end_matches('\n'));
    let (_, view) = served.ask("POST", "/api/check", Some(&edit(PLAN, &(fixed.join("\n") + "\n"))));
    assert!(
        view["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "E0008"),
        "{view}"
    );

    // English on request, as the page's language switch asks.
    let mut english = edit(PLAN, &gap);
    english["lang"] = "en".into();
    let (_, view) = served.ask("POST", "/api/check", Some(&english));
    assert!(
        view["findings"][0]["message"].as_str().unwrap().contains("gap"),
        "{view}"
    );
}

#[test]
fn a_request_from_elsewhere_is_refused() {
    let served = Served::start();
    let plan = served.path(PLAN);
    let before = std::fs::read_to_string(&plan).unwrap();
    let body = edit(PLAN, "被篡改").to_string();
    let post = |host: &str, token: Option<&str>, extra: &str| {
        let token = token.map(|t| format!("X-Quanze-Token: {t}\r\n")).unwrap_or_default();
        served.raw(&format!(
            "POST /api/save HTTP/1.1\r\nHost: {host}\r\n{token}{extra}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
    };
    let ours = format!("127.0.0.1:{}", served.port);
    // A page of another site reaching the port under its own name (DNS rebinding).
    let (status, _, said) = post(&format!("evil.example:{}", served.port), Some(&served.token), "");
    assert_eq!(status, 403, "{said}");
    assert!(said.contains("主机名"), "{said}");
    // Without the token, or with a wrong one.
    assert_eq!(post(&ours, None, "").0, 403);
    assert_eq!(post(&ours, Some("0123456789abcdef0123456789abcdef"), "").0, 403);
    // With the token but from another site's page.
    assert_eq!(
        post(&ours, Some(&served.token), "Origin: http://evil.example\r\n").0,
        403
    );
    // Reading is guarded as writing: the drafts are confidential.
    let (status, _, _) = served.raw(&format!(
        "GET /api/open?path={PLAN} HTTP/1.1\r\nHost: {ours}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 403);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before, "nothing was written");

    // A path out of the folder, however spelled.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.qz");
    std::fs::write(&secret, "机密").unwrap();
    std::os::unix::fs::symlink(&secret, served.path("link.qz")).unwrap();
    let escapes = [
        "../secret.qz".to_string(),
        secret.display().to_string(),
        "link.qz".to_string(),
        "sources/nmg-ip-2024-48.txt".to_string(),
    ];
    for asked in &escapes {
        let (status, said) = served.ask("POST", "/api/save", Some(&edit(asked, "被篡改")));
        assert_eq!(status, 403, "{asked}: {said}");
        let (status, said) = served.ask("GET", &format!("/api/open?path={asked}"), None);
        assert_eq!(status, 403, "{asked}: {said}");
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "机密");

    // A body past the limit is refused before it is read.
    let (status, _, _) = served.raw(&format!(
        "POST /api/check HTTP/1.1\r\nHost: {ours}\r\nX-Quanze-Token: {}\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n",
        served.token
    ));
    assert_eq!(status, 413);
}

#[test]
fn unsaved_text_survives_a_restart_and_a_save_is_atomic() {
    let served = Served::start();
    let plan = served.path(PLAN);
    let original = std::fs::read_to_string(&plan).unwrap();
    let edited = format!("{original}# 未保存的修改\n");
    let (status, _) = served.ask("POST", "/api/recover", Some(&edit(PLAN, &edited)));
    assert_eq!(status, 200);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        original,
        "the plan itself is untouched"
    );

    // The server stops (a crash, a closed terminal) and starts again on the same folder.
    let served = served.restart();
    let (_, opened) = served.ask("GET", &format!("/api/open?path={PLAN}"), None);
    assert_eq!(opened["recovered"], edited.as_str());
    assert_eq!(opened["text"], original.as_str());

    let (status, _) = served.ask("POST", "/api/save", Some(&edit(PLAN, &edited)));
    assert_eq!(status, 200);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), edited);
    // Saved: nothing is left to recover, and no temporary file is left beside the plan.
    let (_, opened) = served.ask("GET", &format!("/api/open?path={PLAN}"), None);
    assert!(opened["recovered"].is_null());
    let names: Vec<String> = std::fs::read_dir(served.folder())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".qz") && name != "sources" && name != ".quanze-recovery")
        .collect();
    assert!(names.is_empty(), "{names:?}");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&plan).unwrap().permissions());
    assert_eq!(mode & 0o077, 0o044 & mode, "ordinary permissions kept: {mode:o}");

    // Formatting answers the text laid out, or why not.
    let (status, formatted) = served.ask("POST", "/api/format", Some(&edit(PLAN, "层级   甲 >  乙\n")));
    assert_eq!((status, formatted["text"].as_str()), (200, Some("层级 甲 > 乙\n")));
    let (status, refused) = served.ask("POST", "/api/format", Some(&edit(PLAN, "层级 甲 >\n")));
    assert_eq!(status, 422);
    // In words, by line: no compiler drawing (found in use: box-drawing characters and a
    // command to run were shown to the drafter).
    let said = refused["error"].as_str().unwrap();
    assert!(said.starts_with("有语法错误，未排版：\n第 1 行："), "{refused}");
    assert!(!said.contains("│") && !said.contains("quanze explain"), "{refused}");
}

#[test]
fn a_folder_that_is_not_one_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_quanze"))
        .args(["serve", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("不是一个目录"));
}

#[test]
fn the_workbench_works_in_a_real_browser() {
    let Some(chromium) = common::browser() else {
        return;
    };
    let served = Served::start();
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("workbench.png");
    let output = Command::new("node")
        .arg(Path::new(JS).join("workbench-check.mjs"))
        .arg(format!("{}&file={PLAN}", served.address))
        .arg(&screenshot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    eprintln!("keystroke to marker (ms): {said}");
    assert!(
        std::fs::metadata(&screenshot).is_ok_and(|m| m.len() > 10_000),
        "a screenshot"
    );
}

/// Found in review: with tiny_http, a request declaring a huge body crashed the server (it
/// allocated the declared length), and one promising a body it never sent held the one
/// thread that served every request. Neither needs the token.
#[test]
fn a_hostile_connection_neither_stops_nor_holds_the_server() {
    let served = Served::start();
    let ours = format!("127.0.0.1:{}", served.port);
    let (status, _, _) = served.raw(&format!(
        "GET / HTTP/1.1\r\nHost: {ours}\r\nContent-Length: 9000000000000000000\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 413);
    // A body promised and never sent, the connection kept open.
    let mut silent = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    silent
        .write_all(format!("POST /api/check HTTP/1.1\r\nHost: {ours}\r\nContent-Length: 2000\r\n\r\n").as_bytes())
        .unwrap();
    // Answers never read, on another connection.
    let mut unread = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    for _ in 0..200 {
        let _ = unread.write_all(format!("GET /app.js HTTP/1.1\r\nHost: {ours}\r\n\r\n").as_bytes());
    }
    let started = std::time::Instant::now();
    let (status, files) = served.ask("GET", "/api/files", None);
    assert_eq!(status, 200, "{files}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop((silent, unread));
}

/// Found in review: the recovery folder or file, or an official text, linked out of the
/// folder (a folder received from elsewhere may carry such links) was followed: a file
/// outside was written, or read into the page.
#[test]
fn links_in_the_recovery_folder_or_the_sources_lead_nowhere() {
    let served = Served::start();
    let outside = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(served.path(PLAN)).unwrap();
    let changed = format!("{text}# 修改\n");

    // The recovery folder is a link out: nothing is written there.
    std::os::unix::fs::symlink(outside.path(), served.path(".quanze-recovery")).unwrap();
    let (status, said) = served.ask("POST", "/api/recover", Some(&edit(PLAN, &changed)));
    assert_ne!(status, 200, "{said}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    std::fs::remove_file(served.path(".quanze-recovery")).unwrap();

    // A recovery file that is a link to another file: neither read nor written.
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "机密").unwrap();
    std::fs::create_dir(served.path(".quanze-recovery")).unwrap();
    std::os::unix::fs::symlink(&victim, served.path(&format!(".quanze-recovery/{PLAN}.recovery"))).unwrap();
    let (_, opened) = served.ask("GET", &format!("/api/open?path={PLAN}"), None);
    assert!(opened["recovered"].is_null(), "{opened}");
    let (status, _) = served.ask("POST", "/api/recover", Some(&edit(PLAN, &changed)));
    assert_ne!(status, 200);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "机密");

    // The official text beside the plan, a link out: not read.
    let source = served.path("sources/nmg-ip-2024-48.txt");
    std::fs::rename(&source, outside.path().join("text.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("text.txt"), &source).unwrap();
    let (_, opened) = served.ask("GET", &format!("/api/open?path={PLAN}"), None);
    assert!(opened["source"].is_null(), "{opened}");
    let (_, view) = served.ask("POST", "/api/check", Some(&edit(PLAN, &text)));
    assert_eq!(view["paragraphs"], serde_json::json!([]));
}
