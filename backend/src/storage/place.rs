//! Where a store keeps its objects: a local folder, or a bucket (and a prefix in it) of
//! S3-compatible object storage. `PROOFROOM_STORAGE` and `PROOFROOM_ARCHIVE` are parsed here,
//! and the S3 settings are checked with one sentence per wrong setting before anything starts.

use std::path::{Path, PathBuf};

/// A store's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A local folder (created when missing).
    Folder(PathBuf),
    /// S3-compatible object storage.
    Bucket(Bucket),
}

/// A bucket of S3-compatible object storage, a prefix in it, and how to reach it. Its `Debug`
/// hides the values of secrets (keys, tokens).
#[derive(Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    /// The folder-like prefix every object name starts with (`""`: the whole bucket).
    pub prefix: String,
    /// The S3 client's settings by object_store's names (`aws_endpoint`, `aws_region`,
    /// `aws_access_key_id`, `aws_allow_http`, …): in production the `AWS_*` environment.
    pub options: Vec<(String, String)>,
    /// The S3 storage class new objects are written with (`STANDARD_IA`, `GLACIER_IR`), when set.
    pub storage_class: Option<String>,
}

/// Storage classes whose objects read at once. Classes that need an S3 restore before a read
/// (`GLACIER`, `DEEP_ARCHIVE`) would make every download of an archived photo fail.
pub const INSTANT_CLASSES: [&str; 6] =
    ["STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "REDUCED_REDUNDANCY"];

impl Place {
    /// `s3://bucket/prefix` is a bucket (its client settings added by the caller); anything
    /// else is a folder.
    pub fn parse(value: &str) -> Result<Self, String> {
        let Some(rest) = value.strip_prefix("s3://") else { return Ok(Self::Folder(PathBuf::from(value))) };
        let (name, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if !is_bucket_name(name) {
            return Err(format!(
                "\"{name}\" is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit (for example s3://proofroom-photos/originals)."
            ));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|part| part == "." || part == "..") {
            return Err(format!("The prefix \"{prefix}\" in s3://{name}/{prefix} may not hold . or .. parts."));
        }
        Ok(Self::Bucket(Bucket {
            name: name.to_owned(),
            prefix: prefix.to_owned(),
            options: Vec::new(),
            storage_class: None,
        }))
    }

    /// The folder, for a local store.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Self::Folder(path) => Some(path),
            Self::Bucket(_) => None,
        }
    }

    /// Whether two places share objects: the same folder or bucket prefix, or one inside the
    /// other (`relative folders` compared as given: the caller makes them absolute).
    pub fn overlaps(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Folder(a), Self::Folder(b)) => a.starts_with(b) || b.starts_with(a),
            (Self::Bucket(a), Self::Bucket(b)) => {
                let inside = |x: &str, y: &str| y.is_empty() || x == y || x.starts_with(&format!("{y}/"));
                a.name == b.name && (inside(&a.prefix, &b.prefix) || inside(&b.prefix, &a.prefix))
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Folder(path) => write!(f, "{}", path.display()),
            Self::Bucket(b) if b.prefix.is_empty() => write!(f, "s3://{}", b.name),
            Self::Bucket(b) => write!(f, "s3://{}/{}", b.name, b.prefix),
        }
    }
}

impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let options: Vec<(&str, &str)> =
            self.options.iter().map(|(k, v)| (k.as_str(), if is_secret(k) { "…" } else { v.as_str() })).collect();
        f.debug_struct("Bucket")
            .field("name", &self.name)
            .field("prefix", &self.prefix)
            .field("options", &options)
            .field("storage_class", &self.storage_class)
            .finish()
    }
}

/// Whether an option's value is a secret (never printed).
fn is_secret(key: &str) -> bool {
    key.contains("secret") || key.contains("token") || key.contains("key_id") || key.contains("customer_key")
}

/// Options that would name another bucket than the one in the URL: refused, since the overlap
/// check between the live store and the archive reads the URLs.
const BUCKET_OPTIONS: [&str; 4] = ["aws_bucket", "aws_bucket_name", "bucket", "bucket_name"];

impl Bucket {
    /// Whether `key` names the bucket (see `BUCKET_OPTIONS`).
    pub fn names_the_bucket(key: &str) -> bool {
        BUCKET_OPTIONS.contains(&key)
    }

    /// The value of an option (`aws_region`).
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The S3 client's settings taken from `AWS_*` variables (as `AmazonS3Builder::from_env`
    /// reads them), lower-cased.
    pub fn with_env(mut self, vars: impl IntoIterator<Item = (String, String)>) -> Self {
        for (key, value) in vars {
            if key.starts_with("AWS_") {
                self.options.push((key.to_ascii_lowercase(), value));
            }
        }
        self
    }

    /// What is wrong with the settings, one sentence each (empty: nothing).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let key = self.option("aws_access_key_id").is_some();
        let secret = self.option("aws_secret_access_key").is_some();
        if key != secret {
            problems.push(
                "S3 storage needs both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (to use the machine's role)."
                    .to_owned(),
            );
        }
        let endpoint = ["aws_endpoint_url_s3", "aws_endpoint_url", "aws_endpoint"].iter().find_map(|k| self.option(k));
        if let Some(endpoint) = endpoint {
            let allow_http = self.option("aws_allow_http").is_some_and(|v| v.eq_ignore_ascii_case("true"));
            if endpoint.starts_with("http://") && !allow_http {
                problems.push(format!(
                    "The S3 endpoint {endpoint} is plain http: use https, or set AWS_ALLOW_HTTP=true for a server on a private network."
                ));
            } else if !endpoint.starts_with("http://") && !endpoint.starts_with("https://") {
                problems.push(format!(
                    "The S3 endpoint must start with https:// (or http://), for example https://s3.eu-central-1.amazonaws.com; it is \"{endpoint}\"."
                ));
            }
        }
        if let Some(value) = self.option("aws_allow_http")
            && !(value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"))
        {
            problems.push(format!("AWS_ALLOW_HTTP must be true or false; it is \"{value}\"."));
        }
        if endpoint.is_none() && self.option("aws_region").or_else(|| self.option("aws_default_region")).is_none() {
            problems.push(
                "An Amazon S3 bucket needs AWS_REGION, its region (for example eu-central-1); another S3-compatible server needs AWS_ENDPOINT_URL."
                    .to_owned(),
            );
        }
        if let Some((key, _)) = self.options.iter().find(|(k, _)| Self::names_the_bucket(k)) {
            problems.push(format!(
                "{} must not be set: the bucket is named in PROOFROOM_STORAGE and PROOFROOM_ARCHIVE (s3://bucket/prefix).",
                key.to_ascii_uppercase()
            ));
        }
        if let Some(class) = &self.storage_class
            && !INSTANT_CLASSES.contains(&class.as_str())
        {
            problems.push(format!(
                "The storage class \"{class}\" cannot be read without an S3 restore first; use one of {}.",
                INSTANT_CLASSES.join(", ")
            ));
        }
        problems
    }
}

/// S3's rule for bucket names (the common subset every S3-compatible server accepts).
fn is_bucket_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && !name.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(url: &str, env: &[(&str, &str)]) -> Bucket {
        match Place::parse(url).expect(url) {
            Place::Bucket(b) => b.with_env(env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))),
            Place::Folder(_) => panic!("{url} is a bucket"),
        }
    }

    #[test]
    fn a_place_is_a_folder_unless_it_names_a_bucket() {
        assert_eq!(Place::parse("data/objects"), Ok(Place::Folder(PathBuf::from("data/objects"))));
        let b = bucket("s3://photos/live/", &[]);
        assert_eq!((b.name.as_str(), b.prefix.as_str()), ("photos", "live"));
        assert_eq!(bucket("s3://photos", &[]).prefix, "");
        for bad in ["s3://", "s3://Photos", "s3://a", "s3://-photos", "s3://pho..tos", "s3://photos/a/../b"] {
            assert!(Place::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_wrong_s3_setting_gets_its_own_sentence() {
        let fine = bucket("s3://photos", &[("AWS_REGION", "eu-central-1"), ("HOME", "/root")]);
        assert_eq!(fine.problems(), Vec::<String>::new());
        assert_eq!(fine.options, vec![("aws_region".to_owned(), "eu-central-1".to_owned())]);
        let local = bucket(
            "s3://photos",
            &[
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"),
                ("AWS_ALLOW_HTTP", "true"),
                ("AWS_ACCESS_KEY_ID", "k"),
                ("AWS_SECRET_ACCESS_KEY", "s"),
            ],
        );
        assert!(local.problems().is_empty());
        let mut wrong = bucket(
            "s3://photos",
            &[("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"), ("AWS_ACCESS_KEY_ID", "k"), ("AWS_ALLOW_HTTP", "yes")],
        );
        wrong.storage_class = Some("DEEP_ARCHIVE".to_owned());
        let problems = wrong.problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("AWS_SECRET_ACCESS_KEY"));
        assert!(problems[1].contains("plain http"));
        assert!(problems[2].contains("AWS_ALLOW_HTTP"));
        assert!(problems[3].contains("DEEP_ARCHIVE"));
        assert!(bucket("s3://photos", &[]).problems()[0].contains("AWS_REGION"));
        // Another bucket by variable would slip past the live/archive overlap check.
        let other = bucket("s3://photos/live", &[("AWS_REGION", "eu-central-1"), ("AWS_BUCKET", "cold")]);
        assert!(other.problems()[0].starts_with("AWS_BUCKET must not be set"), "{:?}", other.problems());
        // Secrets never reach a log line.
        let keyed = bucket("s3://photos", &[("AWS_SECRET_ACCESS_KEY", "hunter2"), ("AWS_SESSION_TOKEN", "t0ken")]);
        let shown = format!("{keyed:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("t0ken"), "{shown}");
    }

    #[test]
    fn places_overlap_when_one_holds_the_other() {
        let at = |s: &str| Place::parse(s).expect(s);
        assert!(at("s3://photos").overlaps(&at("s3://photos/archive")));
        assert!(at("s3://photos/live").overlaps(&at("s3://photos/live/old")));
        assert!(!at("s3://photos/live").overlaps(&at("s3://photos/lively")));
        assert!(!at("s3://photos/live").overlaps(&at("s3://cold/live")));
        assert!(at("/srv/a").overlaps(&at("/srv/a/b")));
        assert!(!at("/srv/a").overlaps(&at("s3://srv/a")));
    }
}
