//! `quanze lsp`: a language server on stdio for editors (VS Code, neovim …). A thin adapter:
//! the workspace (`quanze::workspace`) checks each open plan with its chain, over the
//! editor's unsaved text, and `quanze::editor` places its diagnostics in the editor's
//! units; this module only speaks the protocol (lsp-server, lsp-types). So far: the
//! diagnostics as you type (with the related places: the other rule, the parent's rule),
//! hover on a name, go to a name's declaration, references and rename, completion of
//! keywords and names, a quick fix closing a gap, semantic tokens, and formatting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, References, Rename, Request as _,
    SemanticTokensFullRequest,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionParams, CompletionResponse, DiagnosticRelatedInformation,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentFormattingParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, Location, MarkupContent, MarkupKind, NumberOrString, OneOf, PublishDiagnosticsParams,
    ReferenceParams, RenameParams, SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensFullOptions,
    SemanticTokensLegend, SemanticTokensOptions, SemanticTokensParams, SemanticTokensResult,
    SemanticTokensServerCapabilities, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit,
    Url, WorkspaceEdit,
};
use quanze::editor::{self, Highlight, LineIndex, Position, Range};
use quanze::format::{Keywords, format};
use quanze::text::Lang;
use quanze::workspace::Workspace;

use super::Outcome;
use super::files::BaseOptions;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, lang: Lang) -> Outcome {
    let (connection, threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        document_formatting_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: LEGEND.iter().map(|(_, kind)| kind.clone()).collect(),
                    token_modifiers: Vec::new(),
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..SemanticTokensOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    };
    let served = serde_json::to_value(capabilities)
        .map_err(|error| error.to_string())
        .and_then(|capabilities| connection.initialize(capabilities).map_err(|error| error.to_string()))
        .and_then(|_| {
            Server::new(&connection, lang)
                .serve()
                .map_err(|error| error.to_string())
        });
    drop(connection);
    let joined = threads.join().map_err(|error| error.to_string());
    match served.and(joined) {
        Ok(()) => Outcome::Clean,
        Err(problem) => {
            match lang {
                Lang::Zh => eprintln!("错误：语言服务器中断：{problem}"),
                Lang::En => eprintln!("error: the language server stopped: {problem}"),
            }
            Outcome::Trouble
        }
    }
}

/// How each kind of token is told to the editor, in the legend's order: the protocol's
/// standard token types, so that every theme colours them.
const LEGEND: [(Highlight, SemanticTokenType); 11] = [
    (Highlight::Keyword, SemanticTokenType::KEYWORD),
    (Highlight::Comment, SemanticTokenType::COMMENT),
    (Highlight::Quotation, SemanticTokenType::STRING),
    (Highlight::Number, SemanticTokenType::NUMBER),
    (Highlight::Mark, SemanticTokenType::OPERATOR),
    (Highlight::Level, SemanticTokenType::CLASS),
    (Highlight::Dimension, SemanticTokenType::TYPE),
    (Highlight::Value, SemanticTokenType::ENUM_MEMBER),
    (Highlight::ValueSet, SemanticTokenType::ENUM),
    (Highlight::Matter, SemanticTokenType::FUNCTION),
    (Highlight::Label, SemanticTokenType::DECORATOR),
];

struct Server<'c> {
    connection: &'c Connection,
    lang: Lang,
    workspace: Workspace,
    /// The open documents' text, by their path.
    open: BTreeMap<PathBuf, String>,
}

type Served = Result<(), Box<dyn std::error::Error + Send + Sync>>;

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, lang: Lang) -> Self {
        Server {
            connection,
            lang,
            workspace: BaseOptions::default().workspace(),
            open: BTreeMap::new(),
        }
    }

    fn serve(&mut self) -> Served {
        for message in &self.connection.receiver {
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    self.answer(request)?;
                }
                Message::Notification(notification) => self.notice(notification)?,
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn answer(&mut self, request: Request) -> Served {
        let response = match request.method.as_str() {
            Formatting::METHOD => reply(request, |p: DocumentFormattingParams| self.format(&p.text_document.uri))?,
            HoverRequest::METHOD => reply(request, |p: HoverParams| self.hover(&p))?,
            GotoDefinition::METHOD => reply(request, |p: GotoDefinitionParams| self.definition(&p))?,
            SemanticTokensFullRequest::METHOD => reply(request, |p: SemanticTokensParams| {
                self.semantic_tokens(&p.text_document.uri)
            })?,
            CodeActionRequest::METHOD => reply(request, |p: CodeActionParams| self.code_actions(&p))?,
            Completion::METHOD => reply(request, |p: CompletionParams| self.complete(&p))?,
            References::METHOD => reply(request, |p: ReferenceParams| self.references(&p))?,
            Rename::METHOD => {
                let params: RenameParams = serde_json::from_value(request.params)?;
                match self.rename(&params) {
                    Ok(edit) => Response::new_ok(request.id, edit),
                    Err(reason) => Response::new_err(request.id, lsp_server::ErrorCode::RequestFailed as i32, reason),
                }
            }
            _ => Response::new_err(
                request.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("quanze lsp does not answer {}", request.method),
            ),
        };
        self.connection.sender.send(Message::Response(response))?;
        Ok(())
    }

    fn notice(&mut self, notification: Notification) -> Served {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = serde_json::from_value(notification.params)?;
                self.changed(&params.text_document.uri, params.text_document.text)
            }
            DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = serde_json::from_value(notification.params)?;
                // Full sync: the last change is the whole text.
                match params.content_changes.into_iter().last() {
                    Some(change) => self.changed(&params.text_document.uri, change.text),
                    None => Ok(()),
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = serde_json::from_value(notification.params)?;
                let Ok(path) = params.text_document.uri.to_file_path() else {
                    return Ok(());
                };
                self.open.remove(&path);
                self.workspace.forget(&path);
                self.publish(&params.text_document.uri, Vec::new())
            }
            _ => Ok(()),
        }
    }

    /// A document's new text: it and every open document that reads it are checked again.
    fn changed(&mut self, uri: &Url, text: String) -> Served {
        let Ok(path) = uri.to_file_path() else {
            return Ok(());
        };
        self.open.insert(path.clone(), text.clone());
        self.workspace.update(&path, text);
        let open: Vec<PathBuf> = self.open.keys().cloned().collect();
        for document in open {
            let Ok(uri) = Url::from_file_path(&document) else {
                continue;
            };
            let checked = self.workspace.check(&document);
            let diagnostics = editor::diagnostics_of(checked, &document, self.lang)
                .into_iter()
                .map(|d| to_lsp(d, &document))
                .collect();
            self.publish(&uri, diagnostics)?;
        }
        Ok(())
    }

    fn publish(&self, uri: &Url, diagnostics: Vec<lsp_types::Diagnostic>) -> Served {
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        };
        let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        self.connection.sender.send(Message::Notification(notification))?;
        Ok(())
    }

    /// What the name under the cursor is (`quanze::editor::hover`).
    fn hover(&mut self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let (path, _, offset) = open_at(&self.open, &at.text_document.uri, at.position)?;
        let checked = self.workspace.check(&path);
        let (range, words) = editor::hover(checked, &path, offset, self.lang)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::PlainText,
                value: words,
            }),
            range: Some(lsp_range(range)),
        })
    }

    /// Where the name under the cursor is declared (`quanze::editor::definition`).
    fn definition(&mut self, params: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let at = &params.text_document_position_params;
        let (path, _, offset) = open_at(&self.open, &at.text_document.uri, at.position)?;
        let checked = self.workspace.check(&path);
        let (file, range) = editor::definition(checked, &path, offset)?;
        // The parent's path as the workspace read it: relative ones from the open file's folder.
        let file = match path.parent() {
            Some(folder) if file.is_relative() => folder.join(file),
            _ => file,
        };
        Some(GotoDefinitionResponse::Scalar(Location {
            uri: Url::from_file_path(&file).ok()?,
            range: lsp_range(range),
        }))
    }

    /// The document's tokens coloured as what they are (`quanze::editor::highlights`), in
    /// the protocol's relative encoding: each from the one before, in UTF-16 units.
    fn semantic_tokens(&self, uri: &Url) -> Option<SemanticTokensResult> {
        let text = self.open.get(&uri.to_file_path().ok()?)?;
        let index = LineIndex::new(text);
        let mut data = Vec::new();
        let mut previous = Position { line: 0, character: 0 };
        for (span, highlight) in editor::highlights(text) {
            let Some(kind) = LEGEND.iter().position(|(h, _)| *h == highlight) else {
                continue;
            };
            let range = index.range(span);
            // A token the protocol cannot carry on one line (none should) is left out.
            if range.end.line != range.start.line {
                continue;
            }
            let delta_line = range.start.line.saturating_sub(previous.line);
            let delta_start = if delta_line == 0 {
                range.start.character.saturating_sub(previous.character)
            } else {
                range.start.character
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: range.end.character.saturating_sub(range.start.character),
                token_type: u32::try_from(kind).unwrap_or(0),
                token_modifiers_bitset: 0,
            });
            previous = range.start;
        }
        Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
    }

    /// The quick fixes of the diagnostics in the range asked (`quanze::editor::fixes`).
    fn code_actions(&mut self, params: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = &params.text_document.uri;
        let path = uri.to_file_path().ok()?;
        let text = self.open.get(&path)?.clone();
        let checked = self.workspace.check(&path);
        let index = LineIndex::new(&text);
        let asked = (
            (params.range.start.line, params.range.start.character),
            (params.range.end.line, params.range.end.character),
        );
        let actions = editor::fixes(checked, &text, &path, self.lang)
            .into_iter()
            .filter(|fix| {
                let (start, end) = (
                    (fix.answers.start.line, fix.answers.start.character),
                    (fix.answers.end.line, fix.answers.end.character),
                );
                start <= asked.1 && asked.0 <= end
            })
            .map(|fix| {
                let edits = fix
                    .edits
                    .into_iter()
                    .map(|(span, new_text)| TextEdit {
                        range: lsp_range(index.range(span)),
                        new_text,
                    })
                    .collect();
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(WorkspaceEdit {
                        // One document: the protocol's map holds one entry.
                        changes: Some(std::iter::once((uri.clone(), edits)).collect()),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                })
            })
            .collect();
        Some(actions)
    }

    /// What may complete the word being typed (`quanze::editor::completions`).
    fn complete(&self, params: &CompletionParams) -> Option<CompletionResponse> {
        let at = &params.text_document_position;
        let (_, text, offset) = open_at(&self.open, &at.text_document.uri, at.position)?;
        let items = editor::completions(text, offset, self.lang)
            .into_iter()
            .map(|(word, what)| CompletionItem {
                kind: Some(match what.as_str() {
                    "关键字" | "keyword" => CompletionItemKind::KEYWORD,
                    _ => CompletionItemKind::VALUE,
                }),
                label: word,
                detail: Some(what),
                ..CompletionItem::default()
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }

    /// Every place the document names what the name under the cursor names.
    fn references(&self, params: &ReferenceParams) -> Option<Vec<Location>> {
        let at = &params.text_document_position;
        let (_, text, offset) = open_at(&self.open, &at.text_document.uri, at.position)?;
        let document = quanze::syntax::parse(0, text).ok()?;
        let (_, places) = editor::references(&document, offset)?;
        let index = LineIndex::new(text);
        Some(
            places
                .into_iter()
                .map(|span| Location {
                    uri: at.text_document.uri.clone(),
                    range: lsp_range(index.range(span)),
                })
                .collect(),
        )
    }

    /// The edits renaming what the name under the cursor names, or why not.
    fn rename(&self, params: &RenameParams) -> Result<WorkspaceEdit, String> {
        let at = &params.text_document_position;
        let Some((_, text, offset)) = open_at(&self.open, &at.text_document.uri, at.position) else {
            return Err("the document is not open".to_string());
        };
        let edits =
            editor::rename(text, offset, &params.new_name).map_err(|reason| reason.get(self.lang).to_string())?;
        let index = LineIndex::new(text);
        let edits = edits
            .into_iter()
            .map(|(span, new_text)| TextEdit {
                range: lsp_range(index.range(span)),
                new_text,
            })
            .collect();
        // One document: the protocol's map holds one entry, so no order of it shows.
        Ok(WorkspaceEdit {
            changes: Some(std::iter::once((at.text_document.uri.clone(), edits)).collect()),
            ..WorkspaceEdit::default()
        })
    }

    /// The document laid out canonically, as one edit of the whole text; none when it is
    /// laid out already, or does not parse (the diagnostics say why).
    fn format(&self, uri: &Url) -> Option<Vec<TextEdit>> {
        let path = uri.to_file_path().ok()?;
        let text = self.open.get(&path)?;
        let formatted = format(0, text, Keywords::Keep).ok()?;
        if &formatted == text {
            return Some(Vec::new());
        }
        let index = LineIndex::new(text);
        Some(vec![TextEdit {
            range: lsp_range(Range {
                start: Position { line: 0, character: 0 },
                end: index.position(text.len()),
            }),
            new_text: formatted,
        }])
    }
}

/// The answer to `request`: its parameters read as `P`, answered by `answer`.
fn reply<P: serde::de::DeserializeOwned, R: serde::Serialize>(
    request: Request,
    answer: impl FnOnce(P) -> R,
) -> Result<Response, serde_json::Error> {
    let params: P = serde_json::from_value(request.params)?;
    Ok(Response::new_ok(request.id, answer(params)))
}

/// The path of an open document, its text, and the byte offset of a position in it.
fn open_at<'o>(
    open: &'o BTreeMap<PathBuf, String>,
    uri: &Url,
    position: lsp_types::Position,
) -> Option<(PathBuf, &'o String, usize)> {
    let path = uri.to_file_path().ok()?;
    let text = open.get(&path)?;
    let offset = LineIndex::new(text).offset(Position {
        line: position.line,
        character: position.character,
    });
    Some((path, text, offset))
}

fn lsp_range(range: Range) -> lsp_types::Range {
    let position = |p: Position| lsp_types::Position {
        line: p.line,
        character: p.character,
    };
    lsp_types::Range {
        start: position(range.start),
        end: position(range.end),
    }
}

fn to_lsp(diagnostic: editor::EditorDiagnostic, document: &Path) -> lsp_types::Diagnostic {
    let folder = document.parent().map(Path::to_path_buf).unwrap_or_default();
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .into_iter()
        .filter_map(|(file, range, message)| {
            let file = if file.is_absolute() {
                file
            } else {
                std::env::current_dir()
                    .ok()
                    .map_or_else(|| folder.join(&file), |here| here.join(&file))
            };
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: Url::from_file_path(file).ok()?,
                    range: lsp_range(range),
                },
                message,
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: lsp_range(diagnostic.range),
        severity: Some(if diagnostic.error {
            DiagnosticSeverity::ERROR
        } else {
            DiagnosticSeverity::WARNING
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        source: Some("quanze".to_string()),
        message: diagnostic.message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}
