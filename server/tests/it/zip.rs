//! ZIPs: streamed with a known length, read back by `unzip -t` and Python's zipfile, resumable
//! with Range (the pieces make the identical file), with names made unique and a checksum file
//! that matches what is inside.

use crate::support::for_each_db;
use reqwest::StatusCode;
use serde_json::json;
use std::process::Command;

#[tokio::test]
async fn zips_read_back_resume_identically_and_carry_matching_checksums() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.upload_ok(&gallery, "demo/ladybird.jpg").await;
        // Two different photos with the same name: both kept, under distinct names.
        for seed in [1, 2] {
            let response = app.upload_bytes(&gallery, "same name.jpg", crate::support::tiny_jpeg(seed)).await;
            assert_eq!(response.status(), StatusCode::CREATED);
        }
        // A photo named like the checksum file: a JPEG, it is sent named as one, and the checksum
        // file keeps its name.
        let response = app.upload_bytes(&gallery, "SHA256SUMS.txt", crate::support::tiny_jpeg(3)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        app.run_jobs().await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        app.publish(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;

        let full = client.get(app.url("/zip/wedding/all/original")).send().await.expect("zip");
        assert_eq!(full.status(), StatusCode::OK);
        assert_eq!(full.headers()["content-type"], "application/zip");
        assert!(full.headers()["content-disposition"].to_str().expect("ascii").contains("wedding-all-original.zip"));
        let length: usize = full.headers()["content-length"].to_str().expect("ascii").parse().expect("number");
        let etag = full.headers()["etag"].clone();
        let whole = full.bytes().await.expect("body");
        assert_eq!(whole.len(), length);

        // Resume from the middle: the pieces make the identical file.
        let cut = whole.len() / 2;
        let rest = client
            .get(app.url("/zip/wedding/all/original"))
            .header("Range", format!("bytes={cut}-"))
            .header("If-Range", etag.clone())
            .send()
            .await
            .expect("resume");
        assert_eq!(rest.status(), StatusCode::PARTIAL_CONTENT);
        let mut resumed = whole[..cut].to_vec();
        resumed.extend_from_slice(&rest.bytes().await.expect("body"));
        assert_eq!(resumed, whole.to_vec());
        // Asking again gives the same bytes (deterministic) and the same tag.
        let again = client.get(app.url("/zip/wedding/all/original")).send().await.expect("zip");
        assert_eq!(again.headers()["etag"], etag);
        assert_eq!(again.bytes().await.expect("body"), whole);

        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("wedding.zip");
        std::fs::write(&path, &whole).expect("write");
        let unzip = Command::new("unzip").arg("-t").arg(&path).output().expect("unzip is installed");
        assert!(unzip.status.success(), "{}", String::from_utf8_lossy(&unzip.stdout));
        let python = Command::new("python3")
            .arg("-c")
            .arg(
                r#"
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
print("\n".join(names))
sums = dict(reversed(line.split("  ", 1)) for line in z.read("SHA256SUMS.txt").decode().splitlines())
assert sorted(sums) == sorted(n for n in names if n != "SHA256SUMS.txt"), sums
for name, digest in sums.items():
    assert hashlib.sha256(z.read(name)).hexdigest() == digest, name
assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
"#,
            )
            .arg(&path)
            .output()
            .expect("python3 is installed");
        let listed = String::from_utf8_lossy(&python.stdout).to_string();
        assert!(python.status.success(), "{listed}{}", String::from_utf8_lossy(&python.stderr));
        let names: Vec<&str> = listed.lines().collect();
        assert_eq!(
            names,
            ["ladybird.jpg", "same name.jpg", "same name (2).jpg", "SHA256SUMS.txt.jpg", "SHA256SUMS.txt"]
        );
        // A set of another gallery, or none at all: not found.
        let missing = uuid::Uuid::new_v4();
        let other = client.get(app.url(&format!("/zip/wedding/set-{missing}/original"))).send().await.expect("req");
        assert_eq!(other.status(), StatusCode::NOT_FOUND);
        let ladybird = std::fs::read(crate::support::corpus("demo/ladybird.jpg")).expect("corpus");
        assert!(whole.windows(ladybird.len()).any(|w| w == ladybird.as_slice()), "originals are stored as uploaded");

        // The log: each ZIP sent from its first byte is one line listing its photos (the resumed
        // range is not another download), with totals over all of them.
        let log: serde_json::Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        let lines = log["lines"].as_array().expect("lines");
        assert_eq!(lines.len(), 2, "{log}");
        for line in lines {
            assert_eq!(line["zip"], true);
            assert_eq!(line["files"], json!(["ladybird.jpg", "same name.jpg", "same name.jpg", "SHA256SUMS.txt"]));
        }
        assert_eq!(
            log["totals"],
            json!({ "zips": 2, "singles": 0, "files": 8, "bytes": log["totals"]["bytes"], "people": 0 })
        );
        let per_zip = lines[0]["bytes"].as_u64().expect("bytes");
        assert_eq!(log["totals"]["bytes"].as_u64(), Some(2 * per_zip));
        assert!(per_zip > ladybird.len() as u64);
    })
    .await;
}

/// "Download all" of a gallery with more photos than one database statement can log (SQLite
/// binds at most 32,766 values, and a log line takes 11) is sent, and every file is logged.
#[tokio::test]
async fn a_zip_of_thousands_of_photos_is_sent_and_logged_whole() {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    const PHOTOS: u32 = 3_000;
    for_each_db(|app| async move {
        let big = crate::client_pages::big_gallery_of(&app, PHOTOS).await;
        let guest = app.stranger();
        let given = crate::support::call_with(
            &guest,
            &app.base,
            "downloads/email",
            &[("slug", "big"), ("email", "ben@example.com")],
        )
        .await;
        assert_eq!(given.status(), StatusCode::OK);
        let zip = guest.get(app.url("/zip/big/all/hd")).send().await.expect("zip");
        let status = zip.status();
        let body = zip.bytes().await.expect("body");
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body[..body.len().min(300)]));
        let logged = backend::entities::download::Entity::find()
            .filter(backend::entities::download::Column::GalleryId.eq(uuid::Uuid::parse_str(&big).expect("id")))
            .count(&app.state.ctx.db)
            .await
            .expect("count");
        assert_eq!(logged, u64::from(PHOTOS));
    })
    .await;
}
