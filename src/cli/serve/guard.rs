//! Who may ask the workbench what. It listens on 127.0.0.1 only, but a page of any web site
//! open in the drafter's browser can still send requests there, and another user of the
//! machine can connect: so a request must name the server by its own address (a foreign
//! `Host` is a DNS-rebinding page), every request for a file carries the token printed at
//! the start (which no other page can know), and a file named in a request must be a plan
//! of the served folder, however it is spelled (`..`, a symbolic link out).

use std::path::{Component, Path, PathBuf};

use quanze::text::Text;

/// A token of 128 bits from the system's random source, as 32 hexadecimal digits.
pub fn new_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether the `Host` header names this server: `127.0.0.1:PORT` or `localhost:PORT`.
pub fn host_is_ours(host: Option<&str>, port: u16) -> bool {
    host.is_some_and(|host| host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}"))
}

/// Whether `given` is the token, compared in time independent of where they differ.
pub fn token_matches(given: Option<&str>, token: &str) -> bool {
    let Some(given) = given else {
        return false;
    };
    given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0
}

/// The real path of the plan `asked` (a path relative to the served folder, with `/`),
/// refused unless it names an existing `.qz` file inside `root` (canonical) once every
/// link is followed.
pub fn plan_path(root: &Path, asked: &str) -> Result<PathBuf, Text> {
    let relative = Path::new(asked);
    let plain = !asked.is_empty()
        && relative
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    if !plain {
        return Err(Text::new(
            format!("`{asked}` 不是工作台目录中的文件名（不能是绝对路径，也不能含 `..`）"),
            format!("`{asked}` is not a file name inside the workbench's folder (no absolute path, no `..`)"),
        ));
    }
    if relative.extension().is_none_or(|extension| extension != "qz") {
        return Err(Text::new(
            format!("`{asked}` 不是方案文件（.qz）"),
            format!("`{asked}` is not a plan file (.qz)"),
        ));
    }
    let real = root.join(relative).canonicalize().map_err(|_| {
        Text::new(
            format!("工作台目录中没有 `{asked}`"),
            format!("there is no `{asked}` in the workbench's folder"),
        )
    })?;
    if !real.starts_with(root) || !real.is_file() {
        return Err(Text::new(
            format!("`{asked}` 指向工作台目录之外（符号链接），不予打开或写入"),
            format!("`{asked}` leads outside the workbench's folder (a symbolic link): not opened or written"),
        ));
    }
    Ok(real)
}

/// The value of `name` in a URL's query (`?token=…&path=…`), percent-decoded.
pub fn query_value(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| {
            percent_encoding::percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_server_s_own_names_are_accepted_as_host() {
        assert!(host_is_ours(Some("127.0.0.1:8080"), 8080));
        assert!(host_is_ours(Some("localhost:8080"), 8080));
        assert!(!host_is_ours(Some("evil.example:8080"), 8080));
        assert!(!host_is_ours(Some("127.0.0.1:8081"), 8080));
        assert!(!host_is_ours(None, 8080));
    }

    #[test]
    fn the_token_must_be_given_whole() {
        assert!(token_matches(Some("ab12"), "ab12"));
        assert!(!token_matches(Some("ab1"), "ab12"));
        assert!(!token_matches(Some("ab13"), "ab12"));
        assert!(!token_matches(None, "ab12"));
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_value("/api/open?token=x&path=%E6%96%B9%E6%A1%88.qz", "path").as_deref(),
            Some("方案.qz")
        );
        assert_eq!(query_value("/api/open?token=x", "path"), None);
    }
}
