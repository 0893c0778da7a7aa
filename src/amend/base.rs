//! Problems finding the amended plan (E0022, E0023). The CLI looks for the file; these
//! say what went wrong, on the amendment's own words.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

/// E0022: no usable plan where the amendment (or `--base`) says. `place` is the file
/// name or 文号 in the amendment's header; `reason` says what was found instead.
pub fn not_found(file: FileId, place: Span, looked_for: &str, reason: Text) -> Diagnostic {
    let (zh, en) = (reason.zh, reason.en);
    Diagnostic::new(
        Code::E0022,
        tr!("找不到被修正的方案 `{looked_for}`", "cannot find the amended plan `{looked_for}`"),
    )
    .primary(file, place, tr!("{zh}", "{en}"))
    .note(tr!(
        "用 `--base 文件` 指定被修正的方案，或在修正案的文件头写明：`修正 \"文号\" \"文件.qz\"`",
        "give the amended plan with `--base FILE`, or name it in the amendment's header: `amends \"number\" \"file.qz\"`"
    ))
}

/// E0022: the file found is itself an amendment.
pub fn base_is_amendment(file: FileId, place: Span, path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0022,
        tr!("`{path}` 是修正案，不是方案", "`{path}` is an amendment, not a plan"),
    )
    .primary(file, place, tr!("这里指向一个修正案", "this names an amendment"))
    .note(tr!(
        "先用 `quanze consolidate` 生成它的合并文本，再修正合并文本",
        "consolidate it first (`quanze consolidate`), then amend the consolidated plan"
    ))
}

/// E0023: the path leaves the project folder.
pub fn outside_root(file: FileId, place: Span, path: &str, root: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0023,
        tr!(
            "`{path}` 位于项目目录 `{root}` 之外",
            "`{path}` lies outside the project folder `{root}`"
        ),
    )
    .primary(
        file,
        place,
        tr!(
            "不能读取项目目录之外的文件",
            "files outside the project folder are not read"
        ),
    )
    .note(tr!(
        "把被引用的文件放进项目目录，或用 `--root 目录` 指定更大的项目目录",
        "move the file into the project folder, or name a wider one with `--root DIR`"
    ))
}
