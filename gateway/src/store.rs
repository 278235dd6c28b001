//! Objects on disk, safely.
//!
//! **Layout.** `{data_dir}/buckets/{bucket}/objects/` holds, for each object, a metadata
//! file `{h}.json` ([`ObjectMeta`]: the key itself, size, ETag, CRC-64, content type,
//! user metadata, tags, ACL) and the data file `{h}.{n}.data` it names, where `{h}` is the
//! SHA-256 of the key in hex. A key never becomes a path: `..`, `/`, NUL, a 1,023-byte key
//! and two Unicode normalisation twins are 64 hex digits each, and twins are two objects
//! (docs/SPEC.md section 2: keys are not normalised). The metadata keeps the key, and a lookup
//! whose metadata names another key finds nothing. The bucket name is checked by the
//! classifier and the configuration (`a-z0-9-`), so it is a safe file name.
//!
//! **Atomic writes.** Data is written to `{data_dir}/tmp/`, synced and renamed to a new
//! data file; then the metadata is written to `tmp/`, synced and renamed over `{h}.json`:
//! that rename is the commit, after which the old data file is removed. A crash before it
//! leaves the object as it was, plus an orphan that [`Store::open`] removes (with every
//! file of `tmp/`); a request whose body does not arrive whole never reaches the store.
//!
//! **Index.** Each bucket keeps its objects' metadata in memory (a `BTreeMap` by key,
//! loaded at start), so listing is a range scan; commits of one bucket are serialised.
//!
//! **Multipart.** `{data_dir}/buckets/{bucket}/uploads/{id}/` holds `upload.json` and
//! each part as `{n}.part` with `{n}.json`; the upload id is 32 hex digits, and any other
//! id is `NoSuchUpload` before it comes near a path.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use md5::{Digest as _, Md5};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::GatewayError;

/// CRC-64/XZ, the CRC-64 ECMA-182 variant of OSS's `x-oss-hash-crc64ecma`.
pub const CRC64: crc::Crc<u64> = crc::Crc::<u64>::new(&crc::CRC_64_XZ);

/// An object read whole: its metadata and data.
pub type Stored = (Arc<ObjectMeta>, Vec<u8>);

/// What is stored about an object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectMeta {
    /// The key, exactly as given.
    pub key: String,
    /// The data file's name in the bucket's `objects/` folder.
    pub data_file: String,
    /// The size in bytes.
    pub size: u64,
    /// The ETag, quoted (`"5EB63BBBE01EEED093CB22BB8F5ACDC3"`; `"...-N"` for multipart).
    pub etag: String,
    /// The CRC-64 ECMA of the data.
    pub crc64: u64,
    /// The content type.
    pub content_type: String,
    /// The user metadata (`x-oss-meta-*`, names lower-case, without the prefix).
    pub user_meta: Vec<(String, String)>,
    /// The tags.
    pub tags: Vec<(String, String)>,
    /// The object ACL (`default`, `private`, `public-read`, `public-read-write`).
    pub acl: String,
    /// The last modification, in seconds since 1970.
    pub last_modified: u64,
    /// Whether it was assembled from a multipart upload.
    pub multipart: bool,
}

/// What a writer sets besides the data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributes {
    /// The content type.
    pub content_type: String,
    /// The user metadata.
    pub user_meta: Vec<(String, String)>,
    /// The tags.
    pub tags: Vec<(String, String)>,
    /// The ACL.
    pub acl: String,
}

/// One part of a multipart upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartMeta {
    /// Its number (1 to 10,000).
    pub number: u32,
    /// Its ETag, quoted.
    pub etag: String,
    /// Its size.
    pub size: u64,
    /// Its CRC-64.
    pub crc64: u64,
    /// When it was uploaded.
    pub last_modified: u64,
}

/// An upload in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Upload {
    key: String,
    attributes: Attributes,
    initiated: u64,
}

/// The objects of one bucket.
#[derive(Debug)]
struct BucketStore {
    objects: PathBuf,
    uploads: PathBuf,
    index: RwLock<BTreeMap<String, Arc<ObjectMeta>>>,
    commit: Mutex<()>,
}

/// Every bucket's objects under one data folder.
#[derive(Debug)]
pub struct Store {
    tmp: PathBuf,
    buckets: HashMap<String, BucketStore>,
    counter: AtomicU64,
}

/// Seconds since 1970.
pub fn now_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The file-name stem of `key`: its SHA-256 in hex.
pub fn key_stem(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The quoted, upper-case hex MD5 of `data`, as OSS spells ETags.
pub fn etag_of(data: &[u8]) -> String {
    format!("\"{}\"", hex::encode_upper(Md5::digest(data)))
}

fn lock_failed() -> io::Error {
    io::Error::other("a store lock is poisoned")
}

impl Store {
    /// Opens (creating) the store under `data_dir` for `buckets`: removes what an
    /// interrupted write left and loads each bucket's index.
    ///
    /// # Errors
    /// A folder that cannot be created or read.
    pub fn open<'b>(data_dir: &Path, buckets: impl IntoIterator<Item = &'b str>) -> io::Result<Store> {
        let tmp = data_dir.join("tmp");
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        let mut stores = HashMap::new();
        for name in buckets {
            let root = data_dir.join("buckets").join(name);
            let (objects, uploads) = (root.join("objects"), root.join("uploads"));
            fs::create_dir_all(&objects)?;
            fs::create_dir_all(&uploads)?;
            let index = load_index(&objects)?;
            stores.insert(
                name.to_owned(),
                BucketStore { objects, uploads, index: RwLock::new(index), commit: Mutex::new(()) },
            );
        }
        Ok(Store { tmp, buckets: stores, counter: AtomicU64::new(0) })
    }

    fn bucket(&self, name: &str) -> Result<&BucketStore, GatewayError> {
        self.buckets
            .get(name)
            .ok_or_else(|| GatewayError::new("NoSuchBucket", 404, "The specified bucket does not exist."))
    }

    /// A name no other write of this process uses.
    fn unique(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", std::process::id())
    }

    /// Writes `data` to a new synced file of `tmp/`.
    fn write_temp(&self, data: &[u8]) -> io::Result<PathBuf> {
        let path = self.tmp.join(self.unique());
        let mut file = File::create(&path)?;
        file.write_all(data)?;
        file.sync_all()?;
        Ok(path)
    }

    /// The metadata of `bucket/key`.
    ///
    /// # Errors
    /// `NoSuchBucket`; an I/O failure.
    pub fn head(&self, bucket: &str, key: &str) -> Result<Option<Arc<ObjectMeta>>, GatewayError> {
        let store = self.bucket(bucket)?;
        let index = store.index.read().map_err(|_| lock_failed())?;
        Ok(index.get(key).cloned())
    }

    /// The metadata and data of `bucket/key`.
    ///
    /// # Errors
    /// `NoSuchBucket`; an I/O failure.
    pub fn get(&self, bucket: &str, key: &str) -> Result<Option<Stored>, GatewayError> {
        let store = self.bucket(bucket)?;
        // The file is opened under the read lock: a commit cannot remove it before, and
        // an open file stays readable after.
        let (meta, mut file) = {
            let index = store.index.read().map_err(|_| lock_failed())?;
            let Some(meta) = index.get(key).cloned() else { return Ok(None) };
            let file = File::open(store.objects.join(&meta.data_file))?;
            (meta, file)
        };
        let mut data = Vec::with_capacity(usize::try_from(meta.size).unwrap_or(0));
        file.read_to_end(&mut data)?;
        Ok(Some((meta, data)))
    }

    /// Stores `data` as `bucket/key`, replacing what was there.
    ///
    /// # Errors
    /// `NoSuchBucket`; an I/O failure (the object is then as it was).
    pub fn put(
        &self,
        bucket: &str,
        key: &str,
        data: &[u8],
        attributes: Attributes,
    ) -> Result<Arc<ObjectMeta>, GatewayError> {
        let store = self.bucket(bucket)?;
        let temp = self.write_temp(data)?;
        let meta = ObjectMeta {
            key: key.to_owned(),
            data_file: String::new(),
            size: data.len() as u64,
            etag: etag_of(data),
            crc64: CRC64.checksum(data),
            content_type: attributes.content_type,
            user_meta: attributes.user_meta,
            tags: attributes.tags,
            acl: attributes.acl,
            last_modified: now_seconds(),
            multipart: false,
        };
        self.commit(store, temp, meta)
    }

    /// Moves the data file `temp` into the bucket and commits `meta` for it.
    fn commit(
        &self,
        store: &BucketStore,
        temp: PathBuf,
        mut meta: ObjectMeta,
    ) -> Result<Arc<ObjectMeta>, GatewayError> {
        let stem = key_stem(&meta.key);
        meta.data_file = format!("{stem}.{}.data", self.unique());
        let data_path = store.objects.join(&meta.data_file);
        fs::rename(&temp, &data_path)?;
        self.write_meta(store, &stem, &meta).inspect_err(|_| {
            let _ = fs::remove_file(&data_path);
        })
    }

    /// Writes `meta` as `{stem}.json` (the commit) and updates the index.
    fn write_meta(&self, store: &BucketStore, stem: &str, meta: &ObjectMeta) -> Result<Arc<ObjectMeta>, GatewayError> {
        let text = serde_json::to_vec(meta).map_err(|e| io::Error::other(e.to_string()))?;
        let temp = self.write_temp(&text)?;
        let meta = Arc::new(meta.clone());
        let _commit = store.commit.lock().map_err(|_| lock_failed())?;
        fs::rename(&temp, store.objects.join(format!("{stem}.json")))?;
        let old = store.index.write().map_err(|_| lock_failed())?.insert(meta.key.clone(), Arc::clone(&meta));
        if let Some(old) = old.filter(|old| old.data_file != meta.data_file) {
            let _ = fs::remove_file(store.objects.join(&old.data_file));
        }
        Ok(meta)
    }

    /// Changes the metadata of `bucket/key` with `change`; `None` when there is no such
    /// object.
    ///
    /// # Errors
    /// `NoSuchBucket`; an I/O failure.
    pub fn update(
        &self,
        bucket: &str,
        key: &str,
        change: impl FnOnce(&mut ObjectMeta),
    ) -> Result<Option<Arc<ObjectMeta>>, GatewayError> {
        let store = self.bucket(bucket)?;
        let Some(current) = self.head(bucket, key)? else { return Ok(None) };
        let mut meta = (*current).clone();
        change(&mut meta);
        self.write_meta(store, &key_stem(key), &meta).map(Some)
    }

    /// Deletes `bucket/key`; whether it existed.
    ///
    /// # Errors
    /// `NoSuchBucket`; an I/O failure.
    pub fn delete(&self, bucket: &str, key: &str) -> Result<bool, GatewayError> {
        let store = self.bucket(bucket)?;
        let _commit = store.commit.lock().map_err(|_| lock_failed())?;
        let mut index = store.index.write().map_err(|_| lock_failed())?;
        let Some(old) = index.get(key).cloned() else { return Ok(false) };
        fs::remove_file(store.objects.join(format!("{}.json", key_stem(key))))?;
        index.remove(key);
        let _ = fs::remove_file(store.objects.join(&old.data_file));
        Ok(true)
    }

    /// Calls `f` with the bucket's index (for listing).
    ///
    /// # Errors
    /// `NoSuchBucket`.
    pub fn with_index<R>(
        &self,
        bucket: &str,
        f: impl FnOnce(&BTreeMap<String, Arc<ObjectMeta>>) -> R,
    ) -> Result<R, GatewayError> {
        let store = self.bucket(bucket)?;
        let index = store.index.read().map_err(|_| lock_failed())?;
        Ok(f(&index))
    }

    /// Starts a multipart upload of `bucket/key`; its id.
    ///
    /// # Errors
    /// `NoSuchBucket`; an I/O failure.
    pub fn initiate(&self, bucket: &str, key: &str, attributes: Attributes) -> Result<String, GatewayError> {
        let store = self.bucket(bucket)?;
        let seed = format!("{}:{}:{key}:{:?}", self.unique(), bucket, SystemTime::now());
        let id = hex::encode_upper(Md5::digest(seed.as_bytes()));
        let dir = store.uploads.join(&id);
        fs::create_dir_all(&dir)?;
        let upload = Upload { key: key.to_owned(), attributes, initiated: now_seconds() };
        let text = serde_json::to_vec(&upload).map_err(|e| io::Error::other(e.to_string()))?;
        fs::rename(self.write_temp(&text)?, dir.join("upload.json"))?;
        Ok(id)
    }

    /// The folder and record of upload `id` of `bucket/key`.
    fn upload(&self, bucket: &str, key: &str, id: &str) -> Result<(PathBuf, Upload), GatewayError> {
        let store = self.bucket(bucket)?;
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GatewayError::no_such_upload());
        }
        let dir = store.uploads.join(id);
        let text = fs::read(dir.join("upload.json")).map_err(|_| GatewayError::no_such_upload())?;
        let upload: Upload = serde_json::from_slice(&text).map_err(|_| GatewayError::internal())?;
        if upload.key != key {
            return Err(GatewayError::no_such_upload());
        }
        Ok((dir, upload))
    }

    /// Stores part `number` of upload `id`.
    ///
    /// # Errors
    /// `NoSuchUpload`; `InvalidArgument` for a number outside 1..=10000; an I/O failure.
    pub fn put_part(
        &self,
        bucket: &str,
        key: &str,
        id: &str,
        number: u32,
        data: &[u8],
    ) -> Result<PartMeta, GatewayError> {
        let (dir, _) = self.upload(bucket, key, id)?;
        if !(1..=10_000).contains(&number) {
            return Err(GatewayError::invalid_argument(
                "Part number must be an integer between 1 and 10000, inclusive.",
            ));
        }
        let part = PartMeta {
            number,
            etag: etag_of(data),
            size: data.len() as u64,
            crc64: CRC64.checksum(data),
            last_modified: now_seconds(),
        };
        let text = serde_json::to_vec(&part).map_err(|e| io::Error::other(e.to_string()))?;
        fs::rename(self.write_temp(data)?, dir.join(format!("{number}.part")))?;
        fs::rename(self.write_temp(&text)?, dir.join(format!("{number}.json")))?;
        Ok(part)
    }

    /// The parts of upload `id`, by number.
    ///
    /// # Errors
    /// `NoSuchUpload`; an I/O failure.
    pub fn list_parts(&self, bucket: &str, key: &str, id: &str) -> Result<Vec<PartMeta>, GatewayError> {
        let (dir, _) = self.upload(bucket, key, id)?;
        let mut parts = Vec::new();
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            let is_part = path.extension().is_some_and(|e| e == "json")
                && path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.parse::<u32>().is_ok());
            if is_part {
                let text = fs::read(&path)?;
                parts.push(serde_json::from_slice::<PartMeta>(&text).map_err(|_| GatewayError::internal())?);
            }
        }
        parts.sort_by_key(|p| p.number);
        Ok(parts)
    }

    /// Assembles upload `id` from `chosen` (part number, ETag), in ascending order, into
    /// `bucket/key` and removes the upload.
    ///
    /// # Errors
    /// `NoSuchUpload`; `InvalidPart` (a part missing, or another ETag);
    /// `InvalidPartOrder`; an I/O failure.
    pub fn complete(
        &self,
        bucket: &str,
        key: &str,
        id: &str,
        chosen: &[(u32, String)],
    ) -> Result<Arc<ObjectMeta>, GatewayError> {
        let store = self.bucket(bucket)?;
        let (dir, upload) = self.upload(bucket, key, id)?;
        if chosen.is_empty() {
            return Err(GatewayError::malformed_xml(
                "The XML you provided was not well-formed or did not validate against our published schema.",
            ));
        }
        if chosen.windows(2).any(|w| matches!(w, [a, b] if a.0 >= b.0)) {
            return Err(GatewayError::new("InvalidPartOrder", 400, "The list of parts was not in ascending order."));
        }
        let parts = self.list_parts(bucket, key, id)?;
        let path = self.tmp.join(self.unique());
        let mut out = File::create(&path)?;
        let (mut digest, mut crc, mut size) = (Md5::new(), CRC64.digest(), 0u64);
        for (number, etag) in chosen {
            let part = parts
                .iter()
                .find(|p| p.number == *number && p.etag.trim_matches('"').eq_ignore_ascii_case(etag.trim_matches('"')))
                .ok_or_else(|| GatewayError::new("InvalidPart", 400, "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag."))?;
            let data = fs::read(dir.join(format!("{}.part", part.number)))?;
            out.write_all(&data)?;
            crc.update(&data);
            digest.update(Md5::digest(&data));
            size += data.len() as u64;
        }
        out.sync_all()?;
        let meta = ObjectMeta {
            key: key.to_owned(),
            data_file: String::new(),
            size,
            etag: format!("\"{}-{}\"", hex::encode_upper(digest.finalize()), chosen.len()),
            crc64: crc.finalize(),
            content_type: upload.attributes.content_type,
            user_meta: upload.attributes.user_meta,
            tags: upload.attributes.tags,
            acl: upload.attributes.acl,
            last_modified: now_seconds(),
            multipart: true,
        };
        let committed = self.commit(store, path, meta)?;
        let _ = fs::remove_dir_all(&dir);
        Ok(committed)
    }

    /// Aborts upload `id`.
    ///
    /// # Errors
    /// `NoSuchUpload`; an I/O failure.
    pub fn abort(&self, bucket: &str, key: &str, id: &str) -> Result<(), GatewayError> {
        let (dir, _) = self.upload(bucket, key, id)?;
        fs::remove_dir_all(dir)?;
        Ok(())
    }
}

/// Loads the index of an `objects/` folder, removing data files no metadata names.
fn load_index(objects: &Path) -> io::Result<BTreeMap<String, Arc<ObjectMeta>>> {
    let mut index = BTreeMap::new();
    let mut data_files = Vec::new();
    for entry in fs::read_dir(objects)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if name.ends_with(".data") {
            data_files.push(name);
            continue;
        }
        let stem = name.strip_suffix(".json");
        let meta = fs::read(&path).ok().and_then(|text| serde_json::from_slice::<ObjectMeta>(&text).ok());
        match (stem, meta) {
            // A metadata file names its own key's data; any other is not trusted.
            (Some(stem), Some(meta)) if key_stem(&meta.key) == stem && meta.data_file.starts_with(stem) => {
                index.insert(meta.key.clone(), Arc::new(meta));
            }
            _ => eprintln!("store: ignoring {}", path.display()),
        }
    }
    let named: std::collections::HashSet<&str> = index.values().map(|meta| meta.data_file.as_str()).collect();
    for name in data_files {
        if !named.contains(name.as_str()) {
            fs::remove_file(objects.join(&name))?;
        }
    }
    Ok(index)
}
