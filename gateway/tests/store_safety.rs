//! Storage safety: hostile keys stay inside `data_dir` and are each their own object;
//! an interrupted write leaves no object and no partial file after a restart — what a
//! crash leaves, laid out by hand, and the real binary killed (SIGKILL) while uploading.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::fs;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use oss_policy_gateway::store::{Attributes, Store, key_stem};
use support::{GatewayProcess, exchange};

mod support;

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(files_under(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn hostile_keys_never_leave_the_data_folder_and_twins_are_two_objects() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let store = Store::open(&data, ["b"]).unwrap();
    let long = "k".repeat(1023);
    let keys = [
        "..",
        "../../escape",
        "/abs/path",
        "a/../b",
        "b",
        "nul\0byte",
        "e\u{301}",
        "\u{e9}",
        long.as_str(),
        "con",
        "x/",
    ];
    for (i, key) in keys.iter().enumerate() {
        store.put("b", key, format!("{i}").as_bytes(), Attributes::default()).unwrap();
    }
    for (i, key) in keys.iter().enumerate() {
        let (meta, body) = store.get("b", key).unwrap().unwrap();
        assert_eq!((meta.key.as_str(), body), (*key, format!("{i}").into_bytes()), "{key:?}");
    }
    // Every file is inside data/, named by hex digests only.
    for path in files_under(root.path()) {
        assert!(path.starts_with(&data), "{}", path.display());
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'), "{name}");
    }
    assert!(!root.path().join("escape").exists());
    // The normalisation twins are two objects; `a/../b` is not `b`.
    assert_ne!(store.get("b", "e\u{301}").unwrap().unwrap().1, store.get("b", "\u{e9}").unwrap().unwrap().1);
    assert_ne!(store.get("b", "a/../b").unwrap().unwrap().1, store.get("b", "b").unwrap().unwrap().1);
    // After a restart the index is the same.
    drop(store);
    let store = Store::open(&data, ["b"]).unwrap();
    assert_eq!(store.with_index("b", |index| index.len()).unwrap(), keys.len());
}

#[test]
fn an_interrupted_write_leaves_no_object_and_no_partial_file() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let store = Store::open(&data, ["b"]).unwrap();
    store.put("b", "kept", b"old", Attributes::default()).unwrap();
    drop(store);
    // What a crash mid-upload leaves: a half-written temporary file, and a data file
    // renamed into place whose metadata was never committed (for a new key and for an
    // existing one).
    fs::write(data.join("tmp").join("123-4"), b"half").unwrap();
    let objects = data.join("buckets/b/objects");
    fs::write(objects.join(format!("{}.9-9.data", key_stem("new"))), b"partial").unwrap();
    fs::write(objects.join(format!("{}.9-8.data", key_stem("kept"))), b"partial").unwrap();
    // A metadata file that names another key is not trusted.
    fs::write(objects.join(format!("{}.json", key_stem("forged"))), br#"{"key":"kept"}"#).unwrap();
    let store = Store::open(&data, ["b"]).unwrap();
    assert!(store.get("b", "new").unwrap().is_none());
    assert!(store.get("b", "forged").unwrap().is_none());
    assert_eq!(store.get("b", "kept").unwrap().unwrap().1, b"old");
    assert_eq!(fs::read_dir(data.join("tmp")).unwrap().count(), 0);
    let data_files = files_under(&objects).into_iter().filter(|p| p.extension().is_some_and(|e| e == "data")).count();
    assert_eq!(data_files, 1);
}

#[test]
fn etag_and_crc64_are_those_the_sdks_check() {
    let root = tempfile::tempdir().unwrap();
    let store = Store::open(root.path(), ["b"]).unwrap();
    let meta = store.put("b", "k", b"hello world", Attributes::default()).unwrap();
    // MD5("hello world") and CRC-64/XZ("123456789") = 0x995DC9BBDF1939FA (the catalogue's check value).
    assert_eq!(meta.etag, "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"");
    assert_eq!(oss_policy_gateway::store::CRC64.checksum(b"123456789"), 0x995D_C9BB_DF19_39FA);
}

/// An anonymous PutObject of `body` to `path`; the status, or the I/O error of a gateway
/// that went away.
fn try_put(address: SocketAddr, path: &str, body: &[u8]) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let status = answer.get(9..12).and_then(|code| std::str::from_utf8(code).ok()?.parse().ok());
    status.ok_or_else(|| std::io::Error::other("no status line"))
}

#[test]
fn a_gateway_killed_while_uploading_restarts_with_whole_objects_only() {
    const OWNER: &str = "1746495857602745";
    const SIZE: usize = 256 << 10;
    const WRITERS: usize = 4;
    // More rounds than 300 ms can hold: the kill interrupts the writers.
    const ROUNDS: usize = 10_000;
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bucket.json"),
        format!(r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":["oss:PutObject","oss:GetObject"],"Principal":["*"],"Resource":["acs:oss:*:{OWNER}:crash/*"]}}]}}"#),
    )
    .unwrap();
    let config = dir.path().join("gw.toml");
    fs::write(
        &config,
        format!("listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\naudit_log = \"audit.jsonl\"\nregion = \"cn-hangzhou\"\nendpoint = \"oss-cn-hangzhou.aliyuncs.com\"\n[[bucket]]\nname = \"crash\"\nowner = \"{OWNER}\"\npolicy = \"bucket.json\"\n"),
    )
    .unwrap();
    let gateway = GatewayProcess::start(&config);
    let address = gateway.address;
    for writer in 0..WRITERS {
        assert_eq!(try_put(address, &format!("/crash/k{writer}"), &vec![1; SIZE]).unwrap(), 200);
    }
    // An upload whose body is half sent when the gateway dies.
    let mut half = TcpStream::connect(address).unwrap();
    half.write_all(format!("PUT /crash/half HTTP/1.1\r\nHost: {address}\r\nContent-Length: {SIZE}\r\n\r\n").as_bytes())
        .unwrap();
    half.write_all(&vec![7; SIZE / 2]).unwrap();
    // Writers replace their object again and again, each version one byte value.
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            std::thread::spawn(move || {
                let mut written = 0;
                for round in 0..ROUNDS {
                    let version = u8::try_from(round % 250).unwrap() + 2;
                    match try_put(address, &format!("/crash/k{writer}"), &vec![version; SIZE]) {
                        Ok(200) => written += 1,
                        _ => break,
                    }
                }
                written
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(gateway); // SIGKILL, and waited for.
    let written: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert!(written < WRITERS * ROUNDS, "the writers finished before the kill");
    drop(half);

    let gateway = GatewayProcess::start(&config);
    for writer in 0..WRITERS {
        let (status, _, body) = exchange(gateway.address, "GET", &format!("/crash/k{writer}"), &[], b"");
        assert_eq!(status, 200, "k{writer} was written before the kill");
        assert_eq!(body.len(), SIZE, "k{writer}");
        assert!(body.iter().all(|b| *b == body[0]), "k{writer} mixes versions");
    }
    assert_eq!(exchange(gateway.address, "GET", "/crash/half", &[], b"").0, 404);
    let objects = dir.path().join("data/buckets/crash/objects");
    let data_files = files_under(&objects).into_iter().filter(|p| p.extension().is_some_and(|e| e == "data")).count();
    assert_eq!(data_files, WRITERS, "no data file is left without its object ({written} replacements before the kill)");
}
