//! The `policy!` macro's expansion, here so that the macro crate is a shell of one call
//! and the expansion is testable without `proc_macro`.
//!
//! ```text
//! policy!(pub ReadMarketing, kind = ram, json = r#"{"Version":"1","Statement":[...]}"#);
//! policy!(
//!     /// The bucket's policy.
//!     pub(crate) BucketPolicy,
//!     kind = bucket,
//!     file = "policies/bucket.json",
//!     limits = none,
//! );
//! ```
//!
//! Arguments after the name, in any order: `kind` (`ram`, `bucket`, `access-point`),
//! exactly one of `json` (the policy as a string literal) and `file` (a path relative to
//! the crate's directory, `CARGO_MANIFEST_DIR`), and optionally `limits` (`default`, the
//! cloud service's limits, or `none`), `deny_warnings` (the policy's warnings, docs/SPEC.md
//! section 7, are errors) and `allow(code, ...)` (warning codes silenced here, such as
//! `allow(placeholder-value)`), and `crate = path` (the path generated code names the
//! runtime by: `::oss_policy_runtime` unless the caller gives another, as the `oss-policy`
//! facade does with its own path).
//!
//! Without `deny_warnings`, each warning is made visible in the user's build on stable
//! Rust the way the `proc-macro-warning` crate does it: a `#[deprecated(note = ...)]`
//! constant, spanned at the policy, used once, so that rustc prints the note as a
//! `deprecated` warning (`warning: use of deprecated constant ...: policy
//! warning[unknown-condition-key] at line 10, column 24 of the JSON: ...`).
//!
//! Every problem becomes **one** `compile_error!` beside a stub of the type (so that uses
//! of the type raise no further errors): a bad argument spans that argument; a policy
//! error spans the JSON literal (or the file argument) — a proc-macro cannot point
//! inside a string literal on stable Rust — and its message gives the line and column
//! inside the JSON, the docs/SPEC.md code, the offending line and the suggestion. A file is
//! included with `include_str!`, so that editing it rebuilds the crate.

use std::path::Path;

use oss_policy_runtime::PolicyKind;
use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitStr, Token, Visibility};

use super::{Codegen, Item};
use crate::lint::{self, LintSettings, Warning, WarningCode};
use crate::parse::suggest::closest;
use crate::{Limits, PolicyErrors, diagnostic, parse_policy};

const ARGUMENTS: [&str; 7] = ["kind", "json", "file", "limits", "deny_warnings", "allow", "crate"];
const KINDS: [&str; 3] = ["ram", "bucket", "access-point"];
const LIMITS: [&str; 2] = ["default", "none"];

/// Expands `policy!(...)`: `input` is the macro's input; `manifest_dir` is the directory
/// `file` paths are relative to (the invoking crate's `CARGO_MANIFEST_DIR`). Never
/// panics: every problem is a `compile_error!` in the output.
pub fn expand_policy_macro(input: TokenStream, manifest_dir: Option<&Path>) -> TokenStream {
    expand_policy_macro_in(super::default_runtime_path(), input, manifest_dir)
}

/// [`expand_policy_macro`] for a crate that re-exports the runtime: generated code names
/// the runtime by `runtime` (such as `$crate` in a `macro_rules!` forwarding to the
/// proc-macro) unless the input gives `crate = path`.
pub fn expand_policy_macro_in(runtime: TokenStream, input: TokenStream, manifest_dir: Option<&Path>) -> TokenStream {
    let header: Header = match syn::parse2(input) {
        Ok(header) => header,
        Err(error) => return error.into_compile_error(),
    };
    let runtime = header.runtime_path().unwrap_or(runtime);
    let codegen = Codegen::from_item(Item {
        attributes: header.attributes.iter().map(ToTokens::to_token_stream).collect(),
        visibility: header.visibility.to_token_stream(),
        name: header.name.clone(),
        runtime,
        source: None,
    });
    let arguments = match check_arguments(&header) {
        Ok(arguments) => arguments,
        Err(error) => {
            let stub = codegen.stub(header.kind_hint());
            let error = error.into_compile_error();
            return quote!(#error #stub);
        }
    };
    let (text, origin, tracking) = match &arguments.source {
        Source::Json(literal) => (literal.value(), "the JSON".to_owned(), TokenStream::new()),
        Source::File(literal) => match read_file(literal, manifest_dir) {
            Ok((text, tracking)) => (text, format!("`{}`", literal.value()), tracking),
            Err(error) => {
                let stub = codegen.stub(arguments.kind);
                let error = error.into_compile_error();
                return quote!(#error #stub);
            }
        },
    };
    let codegen = match &arguments.source {
        Source::File(literal) => codegen.source(&literal.value()),
        Source::Json(_) => codegen,
    };
    match parse_policy(&text, arguments.kind, &arguments.limits) {
        Ok(policy) => {
            let generated = codegen.generate(&policy);
            let warnings = arguments.lint.filter(lint::lint(&policy, &text));
            let span = arguments.source.span();
            if arguments.lint.fails(&warnings) {
                let message = format!(
                    "{}\nwarnings are denied (`deny_warnings`); silence a reviewed code with `allow(code)`",
                    described(&origin, &text, &warnings)
                );
                let error = syn::Error::new(span, message).into_compile_error();
                let stub = codegen.stub(arguments.kind);
                return quote!(#tracking #error #stub);
            }
            let shown = warnings.iter().map(|warning| deprecation(&origin, warning, span));
            quote!(#tracking #generated #(#shown)*)
        }
        Err(errors) => {
            let message = policy_errors(&origin, &text, &errors);
            let error = syn::Error::new(arguments.source.span(), message).into_compile_error();
            let stub = codegen.stub(arguments.kind);
            quote!(#tracking #error #stub)
        }
    }
}

/// Every error of a policy in one message: each with its place inside the JSON, its
/// code, the line with a caret and the help.
fn policy_errors(origin: &str, text: &str, errors: &PolicyErrors) -> String {
    let count = errors.len();
    let lines = diagnostic::Lines::new(text);
    let mut message = String::new();
    for (i, error) in errors.iter().take(diagnostic::MAX_PRINTED).enumerate() {
        if i > 0 {
            message.push('\n');
        }
        message.push_str(&format!(
            "policy error[{}] at line {}, column {} of {origin}: {}\n",
            error.code(),
            error.line(),
            error.column(),
            error.message()
        ));
        message.push_str(&lines.snippet(error));
    }
    if let Some(more) = diagnostic::left_out(errors) {
        message.push_str(&more);
    }
    if count > 1 {
        message.insert_str(0, &format!("the policy has {count} errors\n"));
    }
    message.trim_end().to_owned()
}

/// Every warning in one message, as [`policy_errors`] writes errors.
fn described(origin: &str, text: &str, warnings: &[Warning]) -> String {
    let mut message = String::new();
    for warning in warnings {
        message.push_str(&format!("{}\n", heading(origin, warning)));
        message.push_str(&diagnostic::warning_snippet(text, warning));
    }
    message.trim_end().to_owned()
}

/// `policy warning[CODE] at line L, column C of ORIGIN: message; help`.
fn heading(origin: &str, warning: &Warning) -> String {
    let mut heading = format!(
        "policy warning[{}] at line {}, column {} of {origin}: {}",
        warning.code(),
        warning.line(),
        warning.column(),
        warning.message()
    );
    if let Some(help) = warning.help() {
        heading.push_str(&format!("; {help}"));
    }
    heading
}

/// A warning the user's build prints: a deprecated constant, used, spanned at `span`.
fn deprecation(origin: &str, warning: &Warning, span: Span) -> TokenStream {
    let note = heading(origin, warning);
    quote::quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const policy_warning: () = ();
            policy_warning
        };
    }
}

/// Reads `file` relative to `manifest_dir`; with the text, an `include_str!` of it so
/// that editing the file rebuilds the crate.
fn read_file(literal: &LitStr, manifest_dir: Option<&Path>) -> Result<(String, TokenStream), syn::Error> {
    let relative = literal.value();
    let path = match manifest_dir {
        Some(dir) => dir.join(&relative),
        None => Path::new(&relative).to_path_buf(),
    };
    let fail = |why: &str| {
        syn::Error::new(
            literal.span(),
            format!(
                "cannot read `{relative}`: {why} (paths are relative to the crate's directory, `CARGO_MANIFEST_DIR`)"
            ),
        )
    };
    let text = std::fs::read_to_string(&path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => fail("no such file"),
        std::io::ErrorKind::InvalidData => fail("the file is not UTF-8 text"),
        _ => fail(&error.to_string()),
    })?;
    let absolute = path.to_str().ok_or_else(|| fail("the path is not UTF-8"))?;
    let absolute = Literal::string(absolute);
    Ok((
        text,
        quote!(
            const _: &str = ::core::include_str!(#absolute);
        ),
    ))
}

/// The macro's input up to the name, and its raw arguments.
struct Header {
    attributes: Vec<Attribute>,
    visibility: Visibility,
    name: Ident,
    arguments: Vec<Argument>,
}

/// `key = value`.
struct Argument {
    key: Ident,
    value: Value,
}

enum Value {
    Ident(Ident),
    Str(LitStr),
    Other(TokenStream),
    /// A bare name (`deny_warnings`).
    Flag,
    /// `(a-b, c)`: names that may contain `-`, with their spans.
    List(Vec<(String, Span)>),
    /// A path (`crate = ::oss_policy`).
    Path(syn::Path),
}

/// Whether the input holds exactly one more token tree.
fn peek_end_after_one(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    fork.parse::<proc_macro2::TokenTree>().is_ok() && fork.is_empty()
}

/// The comma-separated names of `allow(...)`, each joined from its tokens
/// (`consecutive-wildcards` is three tokens).
fn codes(input: ParseStream<'_>) -> syn::Result<Vec<(String, Span)>> {
    let mut codes = Vec::new();
    while !input.is_empty() {
        let mut name = String::new();
        let mut span = None;
        while !input.is_empty() && !input.peek(Token![,]) {
            let tree: proc_macro2::TokenTree = input.parse()?;
            span.get_or_insert(tree.span());
            name.push_str(&tree.to_string());
        }
        if let Some(span) = span {
            codes.push((name, span));
        }
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(codes)
}

impl Parse for Header {
    fn parse(input: ParseStream<'_>) -> syn::Result<Header> {
        let attributes = input.call(Attribute::parse_outer)?;
        let visibility: Visibility = input.parse()?;
        let name: Ident = input.parse().map_err(|error| {
            syn::Error::new(error.span(), "expected the name of the type to generate, as in `policy!(pub BucketPolicy, kind = bucket, file = \"policy.json\")`")
        })?;
        let mut arguments = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key = Ident::parse_any(input)?;
            if key == "crate" && input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                let path = syn::Path::parse_mod_style(input).map_err(|error| {
                    syn::Error::new(error.span(), "`crate` takes a path, as in `crate = ::oss_policy`")
                })?;
                arguments.push(Argument { key, value: Value::Path(path) });
                continue;
            }
            if input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                arguments.push(Argument { key, value: Value::List(codes(&content)?) });
                continue;
            }
            if input.is_empty() || input.peek(Token![,]) {
                arguments.push(Argument { key, value: Value::Flag });
                continue;
            }
            input.parse::<Token![=]>()?;
            let value = if input.peek(LitStr) {
                Value::Str(input.parse()?)
            } else if input.peek(Ident) && (input.peek2(Token![,]) || peek_end_after_one(input)) {
                Value::Ident(input.parse()?)
            } else {
                let mut other = TokenStream::new();
                while !input.is_empty() && !input.peek(Token![,]) {
                    let tree: proc_macro2::TokenTree = input.parse()?;
                    other.extend([tree]);
                }
                Value::Other(other)
            };
            arguments.push(Argument { key, value });
        }
        Ok(Header { attributes, visibility, name, arguments })
    }
}

impl Header {
    /// The runtime path the arguments give (`crate = path`), if any, for every expansion,
    /// stubs included.
    fn runtime_path(&self) -> Option<TokenStream> {
        self.arguments.iter().find_map(|argument| match &argument.value {
            Value::Path(path) if argument.key == "crate" => Some(path.to_token_stream()),
            _ => None,
        })
    }

    /// The kind the arguments name, if they name a valid one (for a stub).
    fn kind_hint(&self) -> PolicyKind {
        self.arguments
            .iter()
            .filter(|argument| argument.key == "kind")
            .find_map(|argument| match &argument.value {
                Value::Ident(ident) => kind(&ident.to_string()),
                Value::Other(tokens) => kind(&tokens.to_string().replace(' ', "")),
                _ => None,
            })
            .unwrap_or(PolicyKind::Ram)
    }
}

/// Where the policy text comes from.
enum Source {
    Json(LitStr),
    File(LitStr),
}

impl Source {
    fn span(&self) -> Span {
        match self {
            Source::Json(literal) | Source::File(literal) => literal.span(),
        }
    }
}

/// The checked arguments.
struct Arguments {
    kind: PolicyKind,
    source: Source,
    limits: Limits,
    lint: LintSettings,
}

fn kind(name: &str) -> Option<PolicyKind> {
    match name {
        "ram" => Some(PolicyKind::Ram),
        "bucket" => Some(PolicyKind::Bucket),
        "access-point" => Some(PolicyKind::AccessPoint),
        _ => None,
    }
}

/// ``one of `a`, `b` or `c` ``, with a "did you mean" when `found` is close to one.
fn expected(found: &str, choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|choice| format!("`{choice}`")).collect();
    let (last, rest) = quoted.split_last().map_or((String::new(), &[][..]), |(last, rest)| (last.clone(), rest));
    let list = if rest.is_empty() { last } else { format!("{} or {last}", rest.join(", ")) };
    match closest(found, choices.iter().copied()) {
        Some(close) => format!("expected {list}; did you mean `{close}`"),
        None => format!("expected {list}"),
    }
}

/// Checks every argument, collecting every error into one.
fn check_arguments(header: &Header) -> Result<Arguments, syn::Error> {
    let mut errors: Option<syn::Error> = None;
    let mut fail = |error: syn::Error| match &mut errors {
        Some(all) => all.combine(error),
        None => errors = Some(error),
    };
    let mut kind_found: Option<PolicyKind> = None;
    let mut source: Option<Source> = None;
    let mut limits: Option<Limits> = None;
    let mut lint = LintSettings::default();
    let mut seen: Vec<String> = Vec::new();
    let mut unknown = false;
    for Argument { key, value } in &header.arguments {
        let name = key.to_string();
        if seen.contains(&name) {
            fail(syn::Error::new(key.span(), format!("`{name}` is given twice")));
            continue;
        }
        seen.push(name.clone());
        match (name.as_str(), value) {
            ("kind", Value::Ident(ident)) => match kind(&ident.to_string()) {
                Some(found) => kind_found = Some(found),
                None => fail(syn::Error::new(
                    ident.span(),
                    format!("unknown policy kind `{ident}`: {}", expected(&ident.to_string(), &KINDS)),
                )),
            },
            ("limits", Value::Ident(ident)) => match ident.to_string().as_str() {
                "default" => limits = Some(Limits::default()),
                "none" => limits = Some(Limits::none()),
                other => fail(syn::Error::new(
                    ident.span(),
                    format!("unknown limits `{other}`: {}", expected(other, &LIMITS)),
                )),
            },
            ("kind", Value::Other(tokens)) if kind(&tokens.to_string().replace(' ', "")).is_some() => {
                kind_found = kind(&tokens.to_string().replace(' ', ""));
            }
            // Read by `Header::runtime_path`.
            ("crate", Value::Path(_)) => {}
            ("crate", value) => {
                fail(syn::Error::new_spanned(value_tokens(value), "`crate` takes a path, as in `crate = ::oss_policy`"))
            }
            ("deny_warnings", Value::Flag) => lint.deny_warnings = true,
            ("allow", Value::List(names)) => {
                for (code, span) in names {
                    match WarningCode::from_name(code) {
                        Some(code) => lint.allow.push(code),
                        None => {
                            let known: Vec<&str> = WarningCode::ALL.iter().map(|code| code.as_str()).collect();
                            let message = format!("unknown warning code `{code}`: {}", expected(code, &known));
                            fail(syn::Error::new(*span, message));
                        }
                    }
                }
            }
            ("deny_warnings", value) => {
                fail(syn::Error::new_spanned(value_tokens(value), "`deny_warnings` takes no value"));
            }
            ("allow", value) => fail(syn::Error::new_spanned(
                value_tokens(value),
                "`allow` takes a list of warning codes, as in `allow(placeholder-value)`",
            )),
            (_, Value::Flag | Value::List(_)) if ARGUMENTS.contains(&name.as_str()) => {
                fail(syn::Error::new(key.span(), format!("`{name}` takes a value: `{name} = ...`")));
            }
            ("json" | "file", Value::Str(literal)) if source.is_some() => {
                fail(syn::Error::new(literal.span(), "give the policy once: either `json` or `file`"));
            }
            ("json", Value::Str(literal)) => source = Some(Source::Json(literal.clone())),
            ("file", Value::Str(literal)) => source = Some(Source::File(literal.clone())),
            ("kind" | "limits", value) => fail(syn::Error::new_spanned(
                value_tokens(value),
                format!("`{name}` takes a name: {}", expected("", if name == "kind" { &KINDS } else { &LIMITS })),
            )),
            ("json" | "file", value) => {
                fail(syn::Error::new_spanned(value_tokens(value), format!("`{name}` takes a string literal")));
            }
            (other, _) => {
                unknown = true;
                let message = format!("unknown argument `{other}`: {}", expected(other, &ARGUMENTS));
                fail(syn::Error::new(key.span(), message));
            }
        }
    }
    // An unknown argument is most likely the missing one misspelt: say that alone.
    let call_site = header.name.span();
    if !unknown && kind_found.is_none() && !seen.iter().any(|name| name == "kind") {
        fail(syn::Error::new(call_site, "missing `kind = ram`, `kind = bucket` or `kind = access-point`"));
    }
    if !unknown && source.is_none() && !seen.iter().any(|name| name == "json" || name == "file") {
        fail(syn::Error::new(call_site, "missing the policy: `json = \"...\"` or `file = \"path/to/policy.json\"`"));
    }
    match (errors, kind_found, source) {
        (None, Some(kind), Some(source)) => Ok(Arguments { kind, source, limits: limits.unwrap_or_default(), lint }),
        (Some(errors), _, _) => Err(errors),
        (None, _, _) => Err(syn::Error::new(call_site, "incomplete arguments")),
    }
}

fn value_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Ident(ident) => ident.to_token_stream(),
        Value::Str(literal) => literal.to_token_stream(),
        Value::Other(tokens) => tokens.clone(),
        Value::Path(path) => path.to_token_stream(),
        Value::Flag | Value::List(_) => TokenStream::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(input: TokenStream) -> String {
        expand_policy_macro(input, Some(Path::new(env!("CARGO_MANIFEST_DIR")))).to_string()
    }

    const VALID: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}"#;

    #[test]
    fn a_valid_policy_expands_to_its_type() {
        let out = expand(quote!(pub(crate) ReadAll, kind = ram, json = #VALID,));
        assert!(out.contains("pub (crate) struct ReadAll ;"), "{out}");
        assert!(out.contains("impl rt :: PolicyEngine for ReadAll"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn argument_errors_are_one_compile_error_beside_a_stub() {
        let rows: Vec<(TokenStream, &str)> = vec![
            (
                quote!(A, kind = ram, jsn = #VALID),
                "unknown argument `jsn`: expected `kind`, `json`, `file`, `limits`, `deny_warnings`, `allow` or `crate`; did you mean `json`",
            ),
            (quote!(A, kind = bukket, json = #VALID), "unknown policy kind `bukket`"),
            (quote!(A, json = #VALID), "missing `kind = ram`"),
            (quote!(A, kind = ram), "missing the policy"),
            (quote!(A, kind = ram, json = #VALID, file = "x.json"), "give the policy once"),
            (quote!(A, kind = ram, kind = ram, json = #VALID), "`kind` is given twice"),
            (quote!(A, kind = "ram", json = #VALID), "`kind` takes a name"),
            (quote!(A, kind = ram, json = 12), "`json` takes a string literal"),
            (quote!(A, kind = ram, limits = never, json = #VALID), "unknown limits `never`"),
        ];
        for (input, want) in rows {
            let out = expand(input);
            assert!(out.contains(want), "{want}: {out}");
            assert!(out.contains("struct A ;"), "no stub: {out}");
        }
        let out = expand(quote!(pub, kind = ram));
        assert!(out.contains("expected the name of the type"), "{out}");
        let out = expand(quote!(A, kind = ram, jsn = #VALID));
        assert_eq!(out.matches("compile_error").count(), 1, "an unknown argument alone, not also a missing one: {out}");
    }

    #[test]
    fn policy_errors_give_line_column_code_and_help() {
        let json = "{\"Version\": \"1\",\n \"Statement\": [{\"Effect\": \"Allow\",\n  \"Action\": \"oss:GetObjet\", \"Resource\": \"*\"}]}";
        let out = expand(quote!(A, kind = ram, json = #json));
        assert!(out.contains("policy error[unknown-action] at line 3, column 13 of the JSON"), "{out}");
        assert!(out.contains("did you mean `oss:GetObject`"), "{out}");
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
        assert!(out.contains("struct A ;"), "{out}");
    }

    #[test]
    fn files_are_read_from_the_manifest_dir_and_tracked() {
        let out = expand(quote!(A, kind = bucket, file = "../examples/policies/bucket-s02-readonly-folders.json"));
        assert!(out.contains("include_str !"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
        let out = expand(quote!(A, kind = bucket, file = "no/such.json"));
        assert!(out.contains("cannot read `no/such.json`: no such file"), "{out}");
        let out = expand(quote!(A, kind = ram, file = "../examples/policies/bucket-s02-readonly-folders.json"));
        assert!(out.contains("principal-not-allowed"), "{out}");
        assert!(out.contains("include_str !"), "a bad file is still tracked: {out}");
    }

    #[test]
    fn warnings_are_deprecation_notes_or_denied_or_allowed() {
        let json = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Resource":"*",
"Condition":{"IpAddress":{"acs:SourceIP4":"203.0.113.0/24"}}}]}"#;
        let shown = expand(quote!(A, kind = ram, json = #json));
        assert!(shown.contains("deprecated"), "{shown}");
        assert!(shown.contains("policy warning[unknown-condition-key] at line 2, column 27 of the JSON"), "{shown}");
        assert!(shown.contains("did you mean `acs:SourceIp`"), "{shown}");
        assert!(!shown.contains("compile_error"), "{shown}");
        let denied = expand(quote!(A, kind = ram, deny_warnings, json = #json));
        assert!(denied.contains("compile_error") && denied.contains("warnings are denied"), "{denied}");
        let allowed = expand(quote!(A, kind = ram, deny_warnings, allow(unknown-condition-key), json = #json));
        assert!(!allowed.contains("compile_error") && !allowed.contains("deprecated"), "{allowed}");
        let misspelt = expand(quote!(A, kind = ram, allow(unknown-key), json = #json));
        assert!(misspelt.contains("unknown warning code `unknown-key`"), "{misspelt}");
        let hyphen = expand(quote!(A, kind = access-point, json = #VALID));
        assert!(hyphen.contains("PolicyKind :: AccessPoint") && !hyphen.contains("takes a name"), "{hyphen}");
    }

    #[test]
    fn the_kind_is_spelt_access_point_with_a_hyphen() {
        let out = expand(quote!(A, kind = access_point, json = #VALID));
        assert!(out.contains("unknown policy kind `access_point`"), "{out}");
        assert!(out.contains("did you mean `access-point`"), "{out}");
        let stub = expand(quote!(A, kind = access-point, limits = never, json = #VALID));
        assert!(stub.contains("PolicyKind :: AccessPoint"), "the stub has the kind given: {stub}");
    }

    #[test]
    fn generated_code_names_the_runtime_by_the_crate_path() {
        let default = expand(quote!(A, kind = ram, json = #VALID));
        assert!(default.contains("use :: oss_policy_runtime :: __private_v0_1 as rt ;"), "{default}");
        let given = expand(quote!(A, kind = ram, json = #VALID, crate = ::oss_policy));
        assert!(given.contains("use :: oss_policy :: __private_v0_1 as rt ;"), "{given}");
        assert!(!given.contains(":: oss_policy_runtime ::"), "{given}");
        let facade = expand_policy_macro_in(quote!(::facade), quote!(A, kind = ram, json = #VALID), None).to_string();
        assert!(facade.contains("use :: facade :: __private_v0_1 as rt ;"), "{facade}");
        let overridden =
            expand_policy_macro_in(quote!(::facade), quote!(A, kind = ram, crate = other, json = #VALID), None)
                .to_string();
        assert!(overridden.contains("use other :: __private_v0_1 as rt ;"), "{overridden}");
        let stub = expand(quote!(A, kind = ram, json = 12, crate = ::oss_policy));
        assert!(stub.contains("use :: oss_policy :: __private_v0_1 as rt ;"), "stubs too: {stub}");
        let bad = expand(quote!(A, kind = ram, json = #VALID, crate = "oss_policy"));
        assert!(bad.contains("`crate` takes a path"), "{bad}");
        let twice = expand(quote!(A, kind = ram, json = #VALID, crate = a, crate = b));
        assert!(twice.contains("`crate` is given twice"), "{twice}");
    }
}
