//! Problems finding the plan a plan refines (E0027). The CLI looks for the file; these
//! say what went wrong, on the child's own `细化` line.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

/// No usable plan where the header says. `place` is the file name or 文号 in `细化`.
pub fn not_found(file: FileId, place: Span, looked_for: &str, reason: Text) -> Diagnostic {
    Diagnostic::new(
        Code::E0027,
        tr!("找不到上级方案 `{looked_for}`", "cannot find the parent plan `{looked_for}`"),
    )
    .primary(file, place, reason)
    .note(tr!(
        "在文件头写明上级方案的文号和文件：`细化 \"文号\" \"上级方案.qz\"`；文件相对于本方案所在目录",
        "name the parent's number and file in the header: `refines \"number\" \"parent.qz\"`, the file relative to this plan's folder"
    ))
}

/// How many plans a chain may hold, the plan checked and those above it: real chains
/// have three or four (国务院, 省, 市, 县); the bound keeps a loop of generated files from
/// costing without end.
pub const MAX_CHAIN: usize = 64;

/// E0018: the chain of `细化` above the plan would hold more than [`MAX_CHAIN`] plans.
pub fn too_deep(file: FileId, place: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E0018,
        tr!(
            "方案链超过 {MAX_CHAIN} 层：不再读取更上级的方案",
            "the chain of plans is more than {MAX_CHAIN} deep: no plan further up is read"
        ),
    )
    .primary(file, place, tr!("这一级的上级已超出限制", "this plan's parent is past the limit"))
    .note(tr!(
        "方案链（本方案及其各级上级方案）最多 {MAX_CHAIN} 个方案；检查 `细化` 是否指向了意料之外的文件",
        "a chain (a plan and the plans above it) holds at most {MAX_CHAIN} plans; check that `细化` names the file you mean"
    ))
}

/// The file found is an amendment: its spans are those of a consolidated text that no
/// one can open, so it cannot serve as a parent.
pub fn is_amendment(file: FileId, place: Span, path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0027,
        tr!(
            "上级方案 `{path}` 是修正案，不是方案",
            "the parent `{path}` is an amendment, not a plan"
        ),
    )
    .primary(file, place, tr!("这里指向一个修正案", "this names an amendment"))
    .note(tr!(
        "先用 `quanze consolidate` 生成修正后的方案，再细化它",
        "consolidate it first (`quanze consolidate`), then refine the consolidated plan"
    ))
}

/// The chain of `细化` comes back to a plan already in it.
pub fn cycle(file: FileId, place: Span, path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0027,
        tr!(
            "方案的细化关系成环：`{path}` 已在链中",
            "plans refine each other in a circle: `{path}` is already in the chain"
        ),
    )
    .primary(file, place, tr!("又回到了链中的方案", "this leads back into the chain"))
    .note(tr!(
        "每个方案只能细化它的上级方案，链的顶端是不细化任何方案的方案",
        "each plan refines the plan above it; the top of the chain refines none"
    ))
}

/// The parent has errors: the child cannot be checked against it.
pub fn has_errors(file: FileId, place: Span, path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0027,
        tr!(
            "上级方案 `{path}` 有错误，无法据以检查本方案",
            "the parent plan `{path}` has errors: this plan cannot be checked against it"
        ),
    )
    .primary(file, place, tr!("上级方案", "the parent plan"))
    .note(tr!(
        "先改正上级方案的错误（见上）",
        "fix the parent's errors first (above)"
    ))
}
