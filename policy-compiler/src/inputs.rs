//! The files a command is given: a path, a directory (every `*.json` under it, in path
//! order), or `-` for standard input.
//!
//! A file that cannot be read is an input with an error, not the end of the run: a tool
//! that checks many files reports the unreadable one and goes on.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::PolicyBytes;

/// One input: its name as shown in messages, and its text (or the `syntax` error of bytes
/// that are not UTF-8: [`PolicyBytes`]) or why it could not be read.
#[derive(Debug)]
pub struct Input {
    /// The path as given or found, or `-` (shown as `<stdin>`).
    pub name: String,
    /// The text, or the reason it could not be read.
    pub text: Result<PolicyBytes, String>,
}

/// The file at `path`, read.
fn read(path: &Path) -> Result<PolicyBytes, String> {
    PolicyBytes::read(path).map_err(|e| e.to_string())
}

/// The inputs `arguments` name, in order: each file, each directory's `*.json` files
/// (recursively, sorted by path), standard input for `-` (read once).
pub fn expand(arguments: &[String]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for argument in arguments {
        if argument == "-" {
            let mut bytes = Vec::new();
            let read =
                std::io::stdin().read_to_end(&mut bytes).map(|_| PolicyBytes::decode(bytes)).map_err(|e| e.to_string());
            inputs.push(Input { name: "<stdin>".to_owned(), text: read });
            continue;
        }
        let path = Path::new(argument);
        if path.is_dir() {
            let mut files = Vec::new();
            match json_files(path, &mut files) {
                Ok(()) => {
                    files.sort();
                    inputs.extend(
                        files.into_iter().map(|file| Input { name: file.display().to_string(), text: read(&file) }),
                    );
                }
                Err(error) => inputs.push(Input { name: argument.clone(), text: Err(error.to_string()) }),
            }
        } else {
            inputs.push(Input { name: argument.clone(), text: read(path) });
        }
    }
    inputs
}

/// Every `*.json` file under `dir`. Symbolic links to directories are not followed, so
/// a link cycle cannot loop.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
    Ok(())
}
