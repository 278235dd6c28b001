//! The repository's documentation, checked the way a reader follows it: every file it
//! points to is in the repository, and every vendor document it cites by name is in the
//! sources table of `docs/SPEC.md`.
//!
//! A [`Document`] is the prose of one file: a Markdown file whole, or the doc comments
//! (`///`, `//!`) of a Rust file. [`Repository::check`] reports, for each line:
//!
//! * a path that leaves the repository: one that climbs above the workspace root into a
//!   sibling folder, or an absolute path of the development machine, or a mention of a
//!   folder shared beside the repository — anywhere, code blocks included;
//! * a Markdown link whose target is not a file or folder of the repository (web
//!   addresses, anchors and rustdoc's intra-doc paths such as `crate::ir` are not files);
//! * a backquoted path (`` `data/oss-actions.txt` ``, `` `benches/src/cases.rs` ``) that
//!   does not exist — a path is resolved against the document's folder, its crate's folder
//!   and the workspace root, and `*` or `{name}` in it match any one path segment part;
//! * a file name in prose (`SPEC.md section 3`) that resolves to no file, unless it is a
//!   vendor document of the sources table (`bucket-policy.txt scenario 2`).
//!
//! Outside fenced code blocks only, for the last three: code shows object keys that look
//! like file names, and they are no references.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The line of `docs/SPEC.md` after which its text is the specification itself.
pub const SPEC_MARKER: &str = "<!-- specification: the text below this line is the specification, verbatim -->";

/// File endings that make a bare name, backquoted (`` `README.md` ``) or in prose
/// (`SPEC.md section 3`), a reference to a document. Other bare names (`policies.rs` in
/// `OUT_DIR`, a user's `gateway.toml`) name files the reader makes, not files to find.
const DOCUMENT_ENDINGS: &[&str] = &[".md", ".txt", ".tsv"];

/// The prose of one file, line by line.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file, relative to the workspace root, `/`-separated.
    pub path: String,
    /// (line number from 1, text) of each line of prose.
    pub lines: Vec<(usize, String)>,
}

impl Document {
    /// A Markdown file: every line.
    pub fn markdown(path: &str, text: &str) -> Document {
        let lines = text.lines().enumerate().map(|(i, line)| (i + 1, line.to_owned())).collect();
        Document { path: path.to_owned(), lines }
    }

    /// A Rust file: the text of its `///` and `//!` comments.
    pub fn rust(path: &str, source: &str) -> Document {
        let lines = source
            .lines()
            .enumerate()
            .filter_map(|(i, line)| {
                let trimmed = line.trim_start();
                let text = trimmed.strip_prefix("///").or_else(|| trimmed.strip_prefix("//!"))?;
                // `////` is an ordinary comment.
                (!text.starts_with('/')).then(|| (i + 1, text.strip_prefix(' ').unwrap_or(text).to_owned()))
            })
            .collect();
        Document { path: path.to_owned(), lines }
    }
}

/// A reference that does not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the workspace root.
    pub path: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// What references resolve against: the repository's files and folders, its crates, and
/// the vendor documents of the sources table.
#[derive(Clone, Debug, Default)]
pub struct Repository {
    /// Every file and folder, relative to the root, `/`-separated, without a trailing `/`.
    pub entries: BTreeSet<String>,
    /// The folders that hold a `Cargo.toml` (the root is `""`).
    pub crates: BTreeSet<String>,
    /// The names of the sources table (`bucket-policy.txt`, `seeds/`).
    pub vendor: BTreeSet<String>,
}

impl Repository {
    /// Scans the workspace at `root`: every file and folder but hidden ones and those the
    /// root `.gitignore` names (build output, fuzzing corpora, a gateway's data), and the
    /// sources table of `docs/SPEC.md`.
    pub fn scan(root: &Path) -> Result<Repository, String> {
        let mut repository = Repository::default();
        let ignored = Ignored::read(root);
        scan_folder(root, "", &ignored, &mut repository.entries)?;
        repository.crates = repository
            .entries
            .iter()
            .filter_map(|entry| match entry.rsplit_once('/') {
                Some((folder, "Cargo.toml")) => Some(folder.to_owned()),
                None if entry == "Cargo.toml" => Some(String::new()),
                _ => None,
            })
            .collect();
        let spec = fs::read_to_string(root.join("docs/SPEC.md")).map_err(|e| format!("docs/SPEC.md: {e}"))?;
        repository.vendor = sources_table(&spec)?;
        Ok(repository)
    }

    /// The documents of the workspace: every Markdown file and the doc comments of every
    /// Rust file.
    pub fn documents(&self, root: &Path) -> Result<Vec<Document>, String> {
        let mut documents = Vec::new();
        for entry in &self.entries {
            let read = || fs::read_to_string(root.join(entry)).map_err(|e| format!("{entry}: {e}"));
            if entry.ends_with(".md") {
                documents.push(Document::markdown(entry, &read()?));
            } else if entry.ends_with(".rs") {
                documents.push(Document::rust(entry, &read()?));
            }
        }
        Ok(documents)
    }

    /// The references of `document` that do not resolve.
    pub fn check(&self, document: &Document) -> Vec<Problem> {
        let bases = self.bases(&document.path);
        let mut problems = Vec::new();
        let mut in_code = false;
        for (line, text) in &document.lines {
            let mut report =
                |message: String| problems.push(Problem { path: document.path.clone(), line: *line, message });
            for outside in ["../shared", "/work/"] {
                if text.contains(outside) {
                    report(format!("refers to `{outside}`, outside the repository"));
                }
            }
            if text.to_ascii_lowercase().contains("shared folder") {
                report("refers to a shared folder a reader does not have".to_owned());
            }
            if text.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            for target in link_targets(text) {
                if is_file_target(&target) && !self.resolves(&bases, &target) {
                    report(format!("link to `{target}`, which is not in the repository"));
                }
            }
            let (code, prose) = split_code_spans(text);
            for span in code {
                if self.is_path_like(&bases, span) && !self.resolves_or_vendor(&bases, span) {
                    report(format!("`{span}` is not a file of the repository nor a source of docs/SPEC.md"));
                }
            }
            for word in prose.split(|c: char| c.is_whitespace() || "(),;\"'[]".contains(c)) {
                let word = word.trim_end_matches(['.', ':', '!', '?']);
                if names_document(word) && !word.contains("://") && !self.resolves_or_vendor(&bases, word) {
                    report(format!("{word} is not a file of the repository nor a source of docs/SPEC.md"));
                }
            }
        }
        problems
    }

    /// The folders a path in `document` may be relative to: its own, its crate's, the root.
    fn bases(&self, document: &str) -> Vec<String> {
        let folder = document.rsplit_once('/').map(|(folder, _)| folder).unwrap_or("");
        let mut bases = vec![folder.to_owned()];
        let mut up = folder;
        loop {
            if self.crates.contains(up) {
                bases.push(up.to_owned());
                break;
            }
            match up.rsplit_once('/') {
                Some((parent, _)) => up = parent,
                None if !up.is_empty() => up = "",
                None => break,
            }
        }
        bases.push(String::new());
        bases
    }

    /// Whether a backquoted span names a path: `./` or `../` first, a first segment that
    /// is a file or folder of one of `bases`, or a bare name of a document.
    fn is_path_like(&self, bases: &[String], span: &str) -> bool {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_.-/*{}".contains(c);
        if span.is_empty() || !span.chars().all(allowed) || span.starts_with('/') || span.contains("//") {
            return false;
        }
        if span.starts_with("./") || span.starts_with("../") {
            return true;
        }
        match span.split_once('/') {
            Some((first, _)) => bases.iter().any(|base| self.entries.contains(&join(base, first))),
            None => names_document(span) && !span.contains(['*', '{']),
        }
    }

    fn resolves_or_vendor(&self, bases: &[String], path: &str) -> bool {
        let name = path.rsplit('/').find(|segment| !segment.is_empty()).unwrap_or(path);
        self.vendor.contains(path) || self.vendor.contains(name) || self.resolves(bases, path)
    }

    /// Whether `path` (without any `#anchor`) is a file or folder relative to one of `bases`.
    fn resolves(&self, bases: &[String], path: &str) -> bool {
        let path = path.split('#').next().unwrap_or(path).trim_end_matches('/');
        bases.iter().any(|base| {
            normalise(&join(base, path)).is_some_and(|full| {
                if full.contains(['*', '{']) {
                    self.entries.iter().any(|entry| glob(&full, entry))
                } else {
                    full.is_empty() || self.entries.contains(&full)
                }
            })
        })
    }
}

/// The plain entries of the root `.gitignore`: `/a/b` (a path from the root) and `name/`
/// or `name` (that name anywhere). Patterns with wildcards or `!` are left out, so a file
/// they ignore is checked like any other.
#[derive(Default)]
struct Ignored {
    paths: BTreeSet<String>,
    names: BTreeSet<String>,
}

impl Ignored {
    fn read(root: &Path) -> Ignored {
        let mut ignored = Ignored::default();
        let text = fs::read_to_string(root.join(".gitignore")).unwrap_or_default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with(['#', '!']) || line.contains(['*', '?', '[']) {
                continue;
            }
            let entry = line.trim_end_matches('/');
            match entry.strip_prefix('/') {
                Some(path) => ignored.paths.insert(path.to_owned()),
                None => ignored.names.insert(entry.to_owned()),
            };
        }
        ignored
    }

    fn contains(&self, path: &str, name: &str) -> bool {
        name.starts_with('.') || self.paths.contains(path) || self.names.contains(name)
    }
}

fn scan_folder(root: &Path, relative: &str, ignored: &Ignored, entries: &mut BTreeSet<String>) -> Result<(), String> {
    let folder: PathBuf = root.join(relative);
    let listing = fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    for item in listing {
        let item = item.map_err(|e| format!("{}: {e}", folder.display()))?;
        let name = item.file_name().to_string_lossy().into_owned();
        let path = join(relative, &name);
        if ignored.contains(&path, &name) {
            continue;
        }
        if item.file_type().map_err(|e| format!("{path}: {e}"))?.is_dir() {
            scan_folder(root, &path, ignored, entries)?;
        }
        entries.insert(path);
    }
    Ok(())
}

/// Whether `name` ends like a document (`.md`, `.txt`, `.tsv`) and has a name before it.
fn names_document(name: &str) -> bool {
    DOCUMENT_ENDINGS.iter().any(|ending| name.len() > ending.len() && name.ends_with(ending))
}

fn join(base: &str, path: &str) -> String {
    if base.is_empty() { path.to_owned() } else { format!("{base}/{path}") }
}

/// `a/./b/../c` as `a/c`; `None` when `..` leaves the root.
fn normalise(path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            segment => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

/// `pattern` over `path` segment by segment: `*` and `{name}` match any run of characters
/// inside one segment.
fn glob(pattern: &str, path: &str) -> bool {
    let patterns: Vec<&str> = pattern.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    patterns.len() == segments.len() && patterns.iter().zip(&segments).all(|(p, s)| glob_segment(p, s))
}

fn glob_segment(pattern: &str, text: &str) -> bool {
    // `{name}` is a wildcard too: split the pattern at wildcards into literal pieces.
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut in_brace = false;
    for c in pattern.chars() {
        match (c, in_brace) {
            ('{', false) => in_brace = true,
            ('}', true) => in_brace = false,
            (_, true) => continue,
            ('*', false) => {}
            (c, false) => {
                piece.push(c);
                continue;
            }
        }
        pieces.push(std::mem::take(&mut piece));
    }
    pieces.push(piece);
    let (first, rest) = pieces.split_first().map(|(f, r)| (f.as_str(), r)).unwrap_or(("", &[]));
    let Some(mut tail) = text.strip_prefix(first) else { return false };
    let Some((last, middle)) = rest.split_last() else { return tail.is_empty() };
    for piece in middle {
        match tail.find(piece.as_str()) {
            Some(at) => tail = &tail[at + piece.len()..],
            None => return false,
        }
    }
    tail.len() >= last.len() && tail.ends_with(last.as_str())
}

/// The targets of the Markdown links of a line: `[text](target)` and `[label]: target`.
fn link_targets(line: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        targets.push(rest[..end].trim().to_owned());
        rest = &rest[end..];
    }
    // A reference definition is a whole line: `[label]: target`, the target one word.
    let trimmed = line.trim();
    if let Some((_, target)) = trimmed.split_once("]: ").filter(|(label, target)| {
        label.starts_with('[') && !label.contains(']') && !target.is_empty() && !target.contains(' ')
    }) {
        targets.push(target.to_owned());
    }
    targets
}

/// Whether a link target names a file: not a web address, an anchor, or a rustdoc path.
fn is_file_target(target: &str) -> bool {
    let web = ["http://", "https://", "mailto:"].iter().any(|scheme| target.starts_with(scheme));
    // `crate::ir`, `Foo`, and paths with a disambiguator (`mod@checks`, `fn@http`).
    let rust_path = target.contains("::")
        || target.split_once('@').map_or(target, |(_, path)| path).chars().all(|c| c.is_alphanumeric() || c == '_');
    !(web || rust_path || target.starts_with('#') || target.starts_with('<') || target.is_empty())
}

/// A line's backquoted spans but those that are the text of a link (its target is
/// checked as a link), and the rest of the line without link targets.
fn split_code_spans(line: &str) -> (Vec<&str>, String) {
    let mut code = Vec::new();
    let mut prose = String::new();
    let parts: Vec<&str> = line.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            if !parts.get(i + 1).is_some_and(|next| next.starts_with("](")) {
                code.push(*part);
            }
        } else {
            prose.push_str(part);
            prose.push(' ');
        }
    }
    while let Some(at) = prose.find("](") {
        let end = prose[at..].find(')').map_or(prose.len(), |end| at + end + 1);
        prose.replace_range(at + 1..end, " ");
    }
    (code, prose)
}

/// The names of the sources table of `docs/SPEC.md`: the backquoted first cell of each
/// row of the table under `## Sources`.
pub fn sources_table(spec: &str) -> Result<BTreeSet<String>, String> {
    let section = spec.split_once("\n## Sources\n").ok_or("docs/SPEC.md has no `## Sources` section")?.1;
    let names: BTreeSet<String> = section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .filter_map(|row| {
            let cell = row.trim_start_matches('|').split('|').next()?.trim();
            Some(cell.strip_prefix('`')?.strip_suffix('`')?.to_owned())
        })
        .collect();
    if names.is_empty() {
        return Err("docs/SPEC.md: the sources table names no document".to_owned());
    }
    Ok(names)
}

/// The specification in `docs/SPEC.md`: its text below [`SPEC_MARKER`] and the blank
/// line after it.
pub fn spec_text(spec: &str) -> Option<&str> {
    let (_, text) = spec.split_once(&format!("\n{SPEC_MARKER}\n"))?;
    text.strip_prefix('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository() -> Repository {
        let entries = ["Cargo.toml", "README.md", "data", "data/oss-actions.txt", "docs", "docs/SPEC.md"];
        let crates = ["", "runtime"];
        let more = ["runtime", "runtime/Cargo.toml", "runtime/src", "runtime/src/lib.rs", "examples"];
        let policies = ["examples/policies", "examples/policies/ap-x-delegate-y.json"];
        Repository {
            entries: entries.iter().chain(&more).chain(&policies).map(|e| e.to_string()).collect(),
            crates: crates.iter().map(|c| c.to_string()).collect(),
            vendor: ["bucket-policy.txt", "seeds/"].iter().map(|v| v.to_string()).collect(),
        }
    }

    fn problems(path: &str, text: &str) -> Vec<usize> {
        let document = if path.ends_with(".rs") { Document::rust(path, text) } else { Document::markdown(path, text) };
        repository().check(&document).into_iter().map(|problem| problem.line).collect()
    }

    #[test]
    fn sound_references_pass() {
        let text = "See docs/SPEC.md section 3 and [the table](data/oss-actions.txt).\n\
                    bucket-policy.txt scenario 2, `seeds/`, `data/oss-actions.txt`.\n\
                    The key `hangzhou/2020/` and [`Foo`](crate::Foo), <https://example.com/a.md>.\n\
                    ```\nlet key = \"a.txt\";\n```\n\
                    `examples/policies/ap-*-delegate-*.json`, `policies/{name}.json` from examples.\n\
                    [`SPEC.md`](docs/SPEC.md), [`checks`](mod@checks), `*.json`, `gateway.toml`.\n\
                    [`Prepared`]: a request with what every check reads, worked out once.";
        assert_eq!(problems("README.md", text), Vec::<usize>::new());
        let rust = "//! See `src/lib.rs`, `data/oss-actions.txt` and ../README.md.\n/// And docs/SPEC.md.\nfn f() {}";
        assert_eq!(problems("runtime/src/lib.rs", rust), Vec::<usize>::new());
    }

    #[test]
    fn each_bad_reference_is_reported_on_its_line() {
        let text = "SPEC.md section 3\n\
                    `DESIGN.md`\n\
                    see ../shared/SPEC.md\n\
                    the project's shared folder\n\
                    ram-policy.txt scenario 8\n\
                    [spec](docs/MISSING.md)\n\
                    `data/missing.txt`\n\
                    ```\n/work/shared/seeds\n```\n\
                    `examples/policies/ram-*.json`";
        assert_eq!(problems("README.md", text), vec![1, 2, 3, 3, 4, 5, 6, 7, 9, 11]);
    }

    #[test]
    fn only_doc_comments_of_rust_count() {
        let rust =
            "// SPEC.md in an ordinary comment\n//// nor here: SPEC.md\nlet s = \"SPEC.md\";\n/// but here: SPEC.md";
        assert_eq!(problems("runtime/src/lib.rs", rust), vec![4]);
    }

    #[test]
    fn paths_resolve_against_the_document_its_crate_and_the_root() {
        // `../README.md` from runtime/ resolves; `../../README.md` leaves the root.
        assert_eq!(problems("runtime/notes.md", "../README.md `src/lib.rs`"), Vec::<usize>::new());
        assert_eq!(problems("runtime/notes.md", "../../README.md"), vec![1]);
    }

    #[test]
    fn the_sources_table_and_the_text_are_read_from_the_spec() {
        let spec = format!(
            "# t\n\n## Sources\n\n| cited as | page |\n| --- | --- |\n| `a.txt` | A |\n| `b/` | B |\n\n{SPEC_MARKER}\n\n# Body\n"
        );
        let names: Vec<String> = sources_table(&spec).unwrap().into_iter().collect();
        assert_eq!(names, ["a.txt", "b/"]);
        assert_eq!(spec_text(&spec), Some("# Body\n"));
        assert!(sources_table("# no table\n").is_err());
        assert_eq!(spec_text("# no marker\n"), None);
    }

    #[test]
    fn globs_match_within_segments() {
        assert!(glob("examples/policies/ap-*-delegate-*.json", "examples/policies/ap-x-delegate-y.json"));
        assert!(glob("fuzz/seeds/{target}", "fuzz/seeds/http"));
        assert!(!glob("fuzz/*", "fuzz/seeds/http"));
        assert!(!glob("ap-*.json", "ap-x.toml"));
    }
}
