//! `quanze serve [DIR]`: the drafter's workbench, a page in the browser with the official
//! text, the plan in an editor, and the result (findings, matrix, decision table) updating
//! as the drafter types. A thin adapter: the workspace checks the edited text with its
//! chain, `quanze::editor::workbench` says what the panes show; this module only serves
//! the page (every asset is in the binary) and answers its requests, after `guard` has
//! let them through.

mod files;
mod guard;
mod http;

use std::io::Write;
use std::path::{Path, PathBuf};

use quanze::editor::{self, LineIndex, Position};
use quanze::format::{Keywords, NotFormatted, format};
use quanze::text::{Lang, Text};
use quanze::workspace::{Resolving, Workspace};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Outcome;
use files::{WorkbenchFiles, existing_recovery, plans_under, read_text, recovery_to_write, write_atomically};
use http::{Answer, Asked, Job};

#[derive(clap::Args)]
pub struct Args {
    /// 方案所在目录（默认当前目录）/ the folder of the plans (default: the current folder)
    #[arg(default_value = ".")]
    dir: PathBuf,

    /// 端口（默认由系统选一个空闲端口）/ the port (default: a free one chosen by the system)
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// 原文（纯文本，UTF-8；默认为方案旁 sources/ 中同名的 .txt）/ the official text (plain text, UTF-8; default: the plan's namesake .txt in sources/ beside it)
    #[arg(long, value_name = "TEXT")]
    source: Option<PathBuf>,
}

/// The page and its assets, built from `web/` (see web/README.md) and kept in the binary:
/// the workbench loads nothing from the network.
const PAGE: &str = include_str!("web/index.html");
const SCRIPT: &str = include_str!("web/dist/app.js");
const STYLE: &str = include_str!("web/style.css");

pub fn run(args: &Args, lang: Lang) -> Outcome {
    let root = match args.dir.canonicalize() {
        Ok(root) if root.is_dir() => root,
        _ => {
            return super::refuse(
                &Text::new(
                    format!("`{}` 不是一个目录", args.dir.display()),
                    format!("`{}` is not a folder", args.dir.display()),
                ),
                None,
                lang,
            );
        }
    };
    if let Some(source) = &args.source
        && let Err(problem) = read_text(source)
    {
        return super::refuse(
            &Text::new(
                format!("不能读取原文 `{}`：{}", source.display(), problem.zh),
                format!("cannot read the official text `{}`: {}", source.display(), problem.en),
            ),
            None,
            lang,
        );
    }
    let token = match guard::new_token() {
        Ok(token) => token,
        Err(error) => {
            return super::refuse(
                &Text::new(
                    format!("无法生成访问口令：{error}"),
                    format!("cannot make the access token: {error}"),
                ),
                None,
                lang,
            );
        }
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(listener) => listener,
        Err(error) => {
            return super::refuse(
                &Text::new(
                    format!("无法在 127.0.0.1:{} 上启动：{error}", args.port),
                    format!("cannot listen on 127.0.0.1:{}: {error}", args.port),
                ),
                Some(&Text::new(
                    "换一个端口（--port），或不写 --port 由系统选择",
                    "choose another port (--port), or leave it out for a free one",
                )),
                lang,
            );
        }
    };
    let Ok(port) = listener.local_addr().map(|address| address.port()) else {
        return Outcome::Trouble;
    };
    let address = format!("http://127.0.0.1:{port}/?token={token}");
    let mut out = std::io::stdout();
    let said = match lang {
        Lang::Zh => writeln!(
            out,
            "quanze 工作台：{address}\n（只在本机可用；地址中含访问口令，请勿外传；按 Ctrl-C 结束）"
        ),
        Lang::En => writeln!(
            out,
            "quanze workbench: {address}\n(this machine only; the address holds the access token: keep it to yourself; Ctrl-C to stop)"
        ),
    };
    if said.and_then(|()| out.flush()).is_err() {
        return Outcome::Trouble;
    }
    // The workspace is not shared between threads: one thread holds it and answers every
    // request in turn, while the connections wait on the HTTP side.
    let (jobs, queue) = std::sync::mpsc::channel::<Job>();
    let source = args.source.clone();
    std::thread::spawn(move || {
        let mut bench = Workbench {
            workspace: Workspace::new(
                WorkbenchFiles,
                Resolving {
                    base: None,
                    root: Some(root.clone()),
                },
            ),
            root,
            port,
            token,
            source,
            lang,
            editing: None,
            edited_text: String::new(),
        };
        for (asked, reply) in queue {
            // A page gone before its answer is no reason to stop serving the others.
            let _ = reply.send(bench.answer(&asked));
        }
    });
    match http::serve(listener, jobs) {
        Ok(()) => Outcome::Clean,
        Err(error) => super::refuse(
            &Text::new(
                format!("工作台中断：{error}"),
                format!("the workbench stopped: {error}"),
            ),
            None,
            lang,
        ),
    }
}

struct Workbench {
    root: PathBuf,
    port: u16,
    token: String,
    source: Option<PathBuf>,
    lang: Lang,
    workspace: Workspace,
    /// The plan whose unsaved text the workspace holds, and that text.
    editing: Option<PathBuf>,
    edited_text: String,
}

const JSON: &str = "application/json; charset=utf-8";

/// A request of the page about the plan it edits.
#[derive(Deserialize)]
struct Edit {
    path: String,
    text: String,
    #[serde(default)]
    lang: Option<String>,
    /// The cursor, for hover and completion.
    #[serde(default)]
    at: Option<Position>,
}

impl Workbench {
    fn answer(&mut self, asked: &Asked) -> Answer {
        // A page of another site reaching this port through its own name (DNS rebinding).
        if !guard::host_is_ours(asked.host.as_deref(), self.port) {
            return self.refused(
                403,
                Text::new("请求的主机名不是本工作台", "the request's Host is not this workbench"),
            );
        }
        let url = asked.target.as_str();
        let route = url.split('?').next().unwrap_or_default();
        match (asked.method.as_str(), route) {
            ("GET", "/" | "/index.html") => return (200, PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
            ("GET", "/app.js") => return (200, SCRIPT.as_bytes().to_vec(), "text/javascript; charset=utf-8"),
            ("GET", "/style.css") => return (200, STYLE.as_bytes().to_vec(), "text/css; charset=utf-8"),
            _ => {}
        }
        if !route.starts_with("/api/") {
            return self.refused(404, Text::new("没有这个页面", "no such page"));
        }
        let token = asked.token.clone().or_else(|| guard::query_value(url, "token"));
        if !guard::token_matches(token.as_deref(), &self.token) {
            return self.refused(
                403,
                Text::new(
                    "缺少或错误的访问口令：请用启动时显示的完整地址打开工作台",
                    "missing or wrong access token: open the workbench by the whole address printed at its start",
                ),
            );
        }
        // A write comes from the workbench's own page, never from another origin.
        if asked.origin.as_ref().is_some_and(|origin| {
            *origin != format!("http://127.0.0.1:{}", self.port) && *origin != format!("http://localhost:{}", self.port)
        }) {
            return self.refused(
                403,
                Text::new("请求来自其他网页", "the request comes from another page"),
            );
        }
        match (asked.method.as_str(), route) {
            ("GET", "/api/files") => self.files(),
            ("GET", "/api/open") => match guard::query_value(url, "path") {
                Some(path) => self.open(&path),
                None => self.refused(400, Text::new("缺少文件名", "no file named")),
            },
            ("POST", route) => {
                let edit = match read_edit(&asked.body) {
                    Ok(edit) => edit,
                    Err(answer) => return answer,
                };
                match route {
                    "/api/check" => self.check(&edit),
                    "/api/format" => self.format(&edit),
                    "/api/save" => self.save(&edit),
                    "/api/recover" => self.keep_for_recovery(&edit),
                    "/api/discard" => self.discard_recovery(&edit),
                    "/api/hover" => self.hover(&edit),
                    "/api/complete" => self.complete(&edit),
                    _ => self.refused(404, Text::new("没有这个请求", "no such request")),
                }
            }
            _ => self.refused(405, Text::new("不接受这种请求", "this request is not accepted")),
        }
    }

    fn refused(&self, status: u16, reason: Text) -> Answer {
        self.refused_in(self.lang, status, reason)
    }

    fn refused_in(&self, lang: Lang, status: u16, reason: Text) -> Answer {
        answer_json(status, &json!({ "error": reason.get(lang) }))
    }

    fn lang_of(&self, edit: &Edit) -> Lang {
        match edit.lang.as_deref() {
            Some("en") => Lang::En,
            Some("zh") => Lang::Zh,
            _ => self.lang,
        }
    }

    fn files(&self) -> Answer {
        let folder = self
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lang = match self.lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        let files: Vec<Value> = plans_under(&self.root)
            .into_iter()
            .map(|plan| {
                let has_source = self.source_of(&self.root.join(&plan)).0.is_some();
                json!({ "path": plan, "source": has_source })
            })
            .collect();
        answer_json(200, &json!({ "folder": folder, "lang": lang, "files": files }))
    }

    fn open(&mut self, asked: &str) -> Answer {
        let path = match guard::plan_path(&self.root, asked) {
            Ok(path) => path,
            Err(reason) => return self.refused(403, reason),
        };
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(reason) => return self.refused(422, reason),
        };
        if let Some(previous) = self.editing.take() {
            self.workspace.forget(&previous);
        }
        // The unsaved text of the last session, when it differs from the file.
        let recovered = existing_recovery(&self.root, asked)
            .and_then(|kept| read_text(&kept).ok())
            .filter(|kept| *kept != text);
        let (source_name, source) = self.source_of(&path);
        answer_json(
            200,
            &json!({
                "path": asked,
                "text": text,
                "recovered": recovered,
                "source": source_name,
                "sourceError": source.as_ref().err().map(|e| e.get(self.lang).to_string()),
            }),
        )
    }

    /// The official text of the plan at `path`: the one given with `--source`, or
    /// `sources/NAME.txt` beside the plan `NAME.qz`; its name as shown, and its text.
    fn source_of(&self, path: &Path) -> (Option<String>, Result<String, Text>) {
        // Beside the plan, and inside the folder once links are followed: a folder received
        // from elsewhere may link its sources to any file.
        let beside = || {
            let stem = path.file_stem()?;
            let candidate = path.parent()?.join("sources").join(stem).with_extension("txt");
            let real = candidate.canonicalize().ok()?;
            (real.starts_with(&self.root) && real.is_file()).then_some(real)
        };
        let Some(source) = self.source.clone().or_else(beside) else {
            return (None, Err(Text::new("没有原文", "no official text")));
        };
        let shown = source.strip_prefix(&self.root).unwrap_or(&source).display().to_string();
        (Some(shown), read_text(&source))
    }

    fn check(&mut self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        let path = match guard::plan_path(&self.root, &edit.path) {
            Ok(path) => path,
            Err(reason) => return self.refused_in(lang, 403, reason),
        };
        self.edit(&path, &edit.text);
        let source = self.source_of(&path).1.ok();
        let checked = self.workspace.check(&path);
        let mut view = editor::workbench::view(checked, &path, &edit.text, source.as_deref(), lang);
        // Other files by their name in the folder, as the drafter knows them.
        for finding in &mut view.findings {
            for related in &mut finding.related {
                if let Ok(relative) = Path::new(&related.file).strip_prefix(&self.root) {
                    related.file = relative.display().to_string();
                }
            }
        }
        match serde_json::to_value(&view) {
            Ok(value) => answer_json(200, &value),
            Err(error) => self.refused_in(lang, 500, Text::new(error.to_string(), error.to_string())),
        }
    }

    /// The workspace reads `text` for the plan at `path`, the one being edited (the last one
    /// edited reads its file again), unless it reads that text already.
    fn edit(&mut self, path: &Path, text: &str) {
        if self.editing.as_deref().is_some_and(|editing| editing != path)
            && let Some(previous) = self.editing.take()
        {
            self.workspace.forget(&previous);
        }
        if self.editing.as_deref() != Some(path) || self.edited_text != text {
            self.workspace.update(path, text.to_string());
            self.edited_text = text.to_string();
        }
        self.editing = Some(path.to_path_buf());
    }

    fn format(&self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        match format(0, &edit.text, Keywords::Keep) {
            Ok(text) => answer_json(200, &json!({ "text": text })),
            Err(NotFormatted::SyntaxErrors(errors)) => {
                // In words, a line each, as the drafter reads them (the findings mark them).
                let index = LineIndex::new(&edit.text);
                let lines: Vec<String> = errors
                    .iter()
                    .map(|error| {
                        let line = error
                            .primary
                            .as_ref()
                            .map_or(0, |l| index.position(l.span.start).line + 1);
                        match lang {
                            Lang::Zh => format!("第 {line} 行：{}", error.message.zh),
                            Lang::En => format!("line {line}: {}", error.message.en),
                        }
                    })
                    .collect();
                let lines = lines.join("\n");
                let reason = Text::new(
                    format!("有语法错误，未排版：\n{lines}"),
                    format!("not formatted: the text has syntax errors\n{lines}"),
                );
                self.refused_in(lang, 422, reason)
            }
            Err(NotFormatted::MeaningChanged(what)) => self.refused_in(lang, 422, what),
        }
    }

    fn save(&self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        let path = match guard::plan_path(&self.root, &edit.path) {
            Ok(path) => path,
            Err(reason) => return self.refused_in(lang, 403, reason),
        };
        if let Err(reason) = write_atomically(&path, &edit.text) {
            return self.refused_in(lang, 500, reason);
        }
        // Saved: nothing is left to recover.
        if let Some(kept) = existing_recovery(&self.root, &edit.path) {
            let _ = std::fs::remove_file(kept);
        }
        answer_json(200, &json!({ "saved": edit.path }))
    }

    fn keep_for_recovery(&self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        if let Err(reason) = guard::plan_path(&self.root, &edit.path) {
            return self.refused_in(lang, 403, reason);
        }
        match recovery_to_write(&self.root, &edit.path).and_then(|kept| write_atomically(&kept, &edit.text)) {
            Ok(()) => answer_json(200, &json!({ "kept": edit.path })),
            Err(reason) => self.refused_in(lang, 500, reason),
        }
    }

    fn discard_recovery(&self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        if let Err(reason) = guard::plan_path(&self.root, &edit.path) {
            return self.refused_in(lang, 403, reason);
        }
        if let Some(kept) = existing_recovery(&self.root, &edit.path) {
            let _ = std::fs::remove_file(kept);
        }
        answer_json(200, &json!({ "discarded": edit.path }))
    }

    fn hover(&mut self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        let Ok(path) = guard::plan_path(&self.root, &edit.path) else {
            return answer_json(200, &Value::Null);
        };
        let offset = LineIndex::new(&edit.text).offset(edit.at.unwrap_or(Position { line: 0, character: 0 }));
        // The plan as the hover's text has it: the position counts in that text.
        self.edit(&path, &edit.text);
        let checked = self.workspace.check(&path);
        match editor::hover(checked, &path, offset, lang) {
            Some((range, text)) => answer_json(200, &json!({ "range": range, "text": text })),
            None => answer_json(200, &Value::Null),
        }
    }

    fn complete(&self, edit: &Edit) -> Answer {
        let lang = self.lang_of(edit);
        let offset = LineIndex::new(&edit.text).offset(edit.at.unwrap_or(Position { line: 0, character: 0 }));
        let offered: Vec<Value> = editor::completions(&edit.text, offset, lang)
            .into_iter()
            .map(|(label, detail)| json!({ "label": label, "detail": detail }))
            .collect();
        answer_json(200, &Value::Array(offered))
    }
}

fn answer_json(status: u16, value: &Value) -> Answer {
    (status, value.to_string().into_bytes(), JSON)
}

/// The request's body as an edit.
fn read_edit(body: &[u8]) -> Result<Edit, Answer> {
    serde_json::from_slice(body).map_err(|error| {
        answer_json(
            400,
            &json!({ "error": format!("请求无法读取 / the request cannot be read: {error}") }),
        )
    })
}
