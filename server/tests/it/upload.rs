//! Upload over HTTP: every corpus format accepted with its facts read, every bad file refused
//! with its own sentence and nothing left behind, duplicates detected.

use crate::support::{TestApp, for_each_db};
use reqwest::StatusCode;
use serde_json::Value;

const ORIGINALS: [&str; 9] = [
    "originals/boats-24mp-grain.jpg",
    "originals/elephants-18mp-prog.jpg",
    "originals/kleiber-20mp-orient6.jpg",
    "originals/kleiber-20mp-p3.jpg",
    "originals/kleiber-20mp.jpg",
    "originals/kleiber-3014px-16bit.tif",
    "originals/kleiber-3014px.png",
    "originals/kleiber-45mp-grain.jpg",
    "originals/storm-gps-camera.jpg",
];

#[tokio::test]
async fn every_corpus_format_is_accepted_and_rendered() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Formats", "").await;
        let mut answers = Vec::new();
        for path in ORIGINALS {
            let answer = app.upload(&gallery, path).await;
            assert_eq!(answer.status(), StatusCode::CREATED, "{path}");
            answers.push(answer.json::<Value>().await.expect("json")["image"].clone());
        }
        let before = app.editor(&gallery).await;
        let listed = before["images"].as_array().expect("images");
        assert!(listed.iter().all(|i| i["card"]["status"] == "Processing"));
        // Each upload's answer is the card of the row it saved, as the editor lists it.
        for answer in &answers {
            let row = listed.iter().find(|i| i["card"]["id"] == answer["id"]).expect("the answered photo is listed");
            assert_eq!(&row["card"], answer);
        }
        assert_eq!(app.run_jobs().await, ORIGINALS.len());
        let view = app.editor(&gallery).await;
        let images = view["images"].as_array().expect("images");
        assert_eq!(images.len(), ORIGINALS.len());
        for image in images {
            assert_eq!(image["card"]["status"], "Ready", "{image}");
        }
        let by_name = |name: &str| images.iter().find(|i| i["card"]["file_name"] == name).expect(name).clone();
        // Orientation 6: stored portrait, shown landscape.
        let rotated = by_name("kleiber-20mp-orient6.jpg");
        assert_eq!((rotated["card"]["width"].as_u64(), rotated["card"]["height"].as_u64()), (Some(6016), Some(3391)));
        // EXIF facts.
        let storm = by_name("storm-gps-camera.jpg");
        assert_eq!(storm["camera"], "NIKON D850");
        assert_eq!(storm["captured_at"], "2026-06-14T16:32:05");
        assert_eq!(by_name("kleiber-3014px-16bit.tif")["card"]["width"], 3014);
        // The original is stored byte for byte.
        let original = std::fs::read(crate::support::corpus("originals/storm-gps-camera.jpg")).expect("file");
        let id = storm["card"]["id"].as_str().expect("id");
        assert_eq!(app.live_original(id).await.expect("stored original"), original);
    })
    .await;
}

async fn assert_refused(app: &TestApp, gallery: &str, name: &str, bytes: Vec<u8>, expected: &str) {
    let response = app.upload_bytes(gallery, name, bytes).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
    let body: Value = response.json().await.expect("json");
    let error = body["error"].as_str().expect("error sentence");
    assert!(error.to_lowercase().contains(expected), "{name}: {error}");
}

#[tokio::test]
async fn bad_files_are_refused_with_their_reason_and_leave_nothing() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Bad files", "").await;
        let read = |p: &str| std::fs::read(crate::support::corpus(p)).expect("corpus file");
        let cases: [(&str, Vec<u8>, &str); 5] = [
            ("empty.jpg", read("bad/empty.jpg"), "empty"),
            ("text-named.jpg", read("bad/text-named.jpg"), "not a jpeg, png, tiff or webp"),
            ("truncated.jpg", read("bad/truncated.jpg"), "incomplete"),
            ("four-bytes.jpg", read("bad/four-bytes.jpg"), "four-bytes.jpg"),
            ("../../../etc/passwd.jpg", b"root:x:0:0:root:/root:/bin/bash\n".to_vec(), "passwd.jpg"),
        ];
        let mut sentences = Vec::new();
        for (name, bytes, expected) in cases {
            assert_refused(&app, &gallery, name, bytes.clone(), expected).await;
            let body: Value = app.upload_bytes(&gallery, name, bytes).await.json().await.expect("json");
            sentences.push(body["error"].as_str().unwrap_or_default().to_owned());
        }
        // Each bad corpus file gets its own explanation.
        let mut distinct = sentences[..4].to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "{sentences:?}");
        // Nothing stays: no rows, no objects, no temporary files.
        assert_eq!(app.image_rows().await, 0);
        assert_eq!(app.stored_files().await, 0);
        // A good file after the bad ones still goes in.
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        assert_eq!(app.image_rows().await, 1);
    })
    .await;
}

#[tokio::test]
async fn oversized_declared_length_is_refused_before_reading() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    for_each_db(|app| async move {
        // A client without a cookie jar, so the session cookie can be written by hand below.
        let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        crate::support::call_with(
            &plain,
            &app.base,
            "auth/sign_up",
            &[("studio_name", "Big"), ("email", "big@example.com"), ("password", "a long password 1")],
        )
        .await;
        let token = app.emailed_token("big@example.com", "/signup/confirm/").await;
        let signed_up = crate::support::call_with(&plain, &app.base, "auth/confirm_sign_up", &[("token", &token), ("password", "a long password 1")]).await;
        let cookie = signed_up.headers()["set-cookie"].to_str().expect("ascii").split(';').next().unwrap_or_default().to_owned();
        let created = plain
            .post(app.url("/api/galleries/create"))
            .header("Cookie", &cookie)
            .form(&[("title", "Big"), ("slug", ""), ("event_date", "")])
            .send()
            .await
            .expect("request");
        let gallery: String = created.json().await.expect("gallery id");
        // Announce 300 MB and send none of it: the answer must come from the header alone.
        let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.expect("connect");
        let head = format!(
            "POST /api/galleries/{gallery}/images HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-File-Name: huge.jpg\r\nContent-Length: 300000000\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.expect("write");
        let mut answer = vec![0u8; 4096];
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
            .await
            .expect("an answer before any body byte")
            .expect("read");
        let answer = String::from_utf8_lossy(&answer[..read]).into_owned();
        assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
        assert!(answer.contains("200 MB"), "{answer}");
        assert_eq!(app.image_rows().await, 0);
        assert_eq!(app.stored_files().await, 0);
    })
    .await;
}

/// `PROOFROOM_MAX_UPLOAD_MB` is the limit the server keeps and the one the upload panel is told
/// (it says it, and refuses a larger file before sending it).
#[tokio::test]
async fn the_configured_upload_limit_is_kept_and_told() {
    crate::support::for_each_db_configured(
        |config| config.limits.max_bytes = 1_100_000,
        |app| async move {
            app.sign_up("limit@example.com").await;
            let gallery = app.create_gallery("Limit", "").await;
            assert_eq!(app.editor(&gallery).await["max_upload_bytes"], 1_100_000, "the editor is told");
            // 1.16 MB: over the limit, though far under the default 200 MB.
            let bytes = std::fs::read(crate::support::corpus("demo/blinds.jpg")).expect("corpus file");
            assert!(bytes.len() > 1_100_000);
            assert_refused(&app, &gallery, "blinds.jpg", bytes, "larger than 1 mb").await;
            app.upload_ok(&gallery, "demo/dune.jpg").await;
            assert_eq!(app.image_rows().await, 1);
        },
    )
    .await;
}

/// A client that stops sending halfway (a dropped connection, a closed laptop) leaves nothing:
/// no row, no object, no temporary file, and on object storage no unfinished upload holding the
/// parts that had already gone to the bucket.
#[tokio::test]
async fn an_upload_its_client_abandons_leaves_nothing() {
    use futures::StreamExt;
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Cut off", "").await;
        let original = std::fs::read(crate::support::corpus("originals/kleiber-45mp-grain.jpg")).expect("corpus file");
        // Sent with its length (the JPEG is then read while it arrives) and without.
        for declared in [Some(original.len()), None] {
            // More than one 5 MiB part, so on S3 a part is in the bucket before the client stops.
            let sent: Vec<Result<Vec<u8>, std::io::Error>> =
                original[..9 << 20].chunks(1 << 20).map(|c| Ok(c.to_vec())).collect();
            let body = futures::stream::iter(sent)
                .chain(futures::stream::once(async { Err(std::io::Error::other("the client went away")) }));
            let mut request = app
                .client
                .post(app.url(&format!("/api/galleries/{gallery}/images")))
                .header("X-File-Name", "cut-off.jpg");
            if let Some(len) = declared {
                request = request.header("Content-Length", len);
            }
            let response = request.body(reqwest::Body::wrap_stream(body)).send().await;
            assert!(response.is_err(), "the request cannot complete ({declared:?})");
            // The server finds the body cut short and clears up on its own.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while app.stored_files().await > 0 {
                assert!(std::time::Instant::now() < deadline, "something of the abandoned upload stays");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert_eq!(app.image_rows().await, 0);
            // The read that followed the bytes ends too, rather than waiting for the rest.
            while app.state.ctx.early_reads.running() > 0 {
                assert!(std::time::Instant::now() < deadline, "the early read still waits for the lost bytes");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        assert_eq!(app.image_rows().await, 1);
    })
    .await;
}

/// A photo arriving in small pieces, as over a slow link, is read strictly while it arrives (when
/// its length is declared: an early read is seen running) and once whole (when it is not: none
/// is): the same whole photo is accepted with the same size, and the same photo cut short (an
/// end marker appended, so only its scans can tell) is refused as cut short, either way. Every
/// early read has ended by the time its answer comes.
#[tokio::test]
async fn a_photo_trickling_in_is_read_strictly_with_or_without_its_length() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let whole = std::fs::read(crate::support::corpus("originals/kleiber-20mp.jpg")).expect("corpus file");
        let mut cut = whole[..whole.len() * 2 / 3].to_vec();
        cut.extend_from_slice(&[0xFF, 0xD9]);
        let mut sizes = Vec::new();
        for declared in [true, false] {
            // A gallery each: the same bytes twice in one gallery would be a duplicate.
            let gallery = app.create_gallery(&format!("Slow link {declared}"), "").await;
            let send = |name: &str, bytes: &[u8]| {
                let pieces: Vec<Result<Vec<u8>, std::io::Error>> =
                    bytes.chunks(256 << 10).map(|c| Ok(c.to_vec())).collect();
                let body = futures::StreamExt::then(futures::stream::iter(pieces), |piece| async {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    piece
                });
                let mut request = app
                    .client
                    .post(app.url(&format!("/api/galleries/{gallery}/images")))
                    .header("X-File-Name", format!("{name}.jpg"));
                if declared {
                    request = request.header("Content-Length", bytes.len());
                }
                let sending = tokio::spawn(request.body(reqwest::Body::wrap_stream(body)).send());
                async {
                    let mut read_early = false;
                    while !sending.is_finished() {
                        read_early |= app.state.ctx.early_reads.running() > 0;
                        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    }
                    assert_eq!(read_early, declared, "an early read runs exactly when the length is declared");
                    let answer = sending.await.expect("request task").expect("answer");
                    assert_eq!(app.state.ctx.early_reads.running(), 0, "the early read ended before the answer");
                    answer
                }
            };
            let before = app.stored_files().await;
            let refused = send("cut", &cut).await;
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "declared: {declared}");
            let error: Value = refused.json().await.expect("json");
            let error = error["error"].as_str().unwrap_or_default().to_lowercase();
            assert!(error.starts_with("cut.jpg") && error.contains("incomplete"), "declared: {declared}: {error}");
            assert_eq!(app.stored_files().await, before, "declared: {declared}: the refused file left something");
            let accepted = send("whole", &whole).await;
            assert_eq!(accepted.status(), StatusCode::CREATED, "declared: {declared}");
            let card: Value = accepted.json().await.expect("json");
            sizes.push((card["image"]["width"].as_u64(), card["image"]["height"].as_u64()));
        }
        assert!(sizes[0].0.is_some_and(|w| w > 0), "{sizes:?}");
        assert_eq!(sizes[0], sizes[1]);
        assert_eq!(app.image_rows().await, 2);
    })
    .await;
}

#[tokio::test]
async fn identical_bytes_are_a_duplicate() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Dupes", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let again = app.upload(&gallery, "demo/aqua.jpg").await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let body: Value = again.json().await.expect("json");
        assert!(body["error"].as_str().unwrap_or_default().contains("already in the gallery"));
        assert_eq!(app.image_rows().await, 1);
        // Another gallery may hold the same file.
        let other = app.create_gallery("Other", "").await;
        app.upload_ok(&other, "demo/aqua.jpg").await;
        // Stored: two originals, nothing else (renditions come with jobs).
        assert_eq!(app.stored_files().await, 2);
    })
    .await;
}

/// A photo whose stored original was found damaged, or whose previews could not be made, is
/// told to be uploaded again: the same bytes then mend it in place (same id, so its selects and
/// comments stay) instead of being refused as a duplicate.
#[tokio::test]
async fn the_same_file_again_mends_a_damaged_or_failed_photo() {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Mended", "").await;
        let id = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        app.run_jobs().await;
        let uuid: uuid::Uuid = id.parse().expect("uuid");
        let db = &app.state.ctx.db;
        async fn image_row(db: &sea_orm::DatabaseConnection, id: uuid::Uuid) -> backend::entities::image::Model {
            backend::entities::image::Entity::find_by_id(id).one(db).await.expect("read").expect("row")
        }
        for (status, damaged) in [("ready", true), ("failed", false)] {
            let mut broken: backend::entities::image::ActiveModel = image_row(db, uuid).await.into();
            broken.status = Set(status.to_owned());
            broken.damaged_at = Set(damaged.then(chrono::Utc::now));
            broken.update(db).await.expect("break");
            app.put_live_original(&id, b"not the photo any more".to_vec()).await;
            let again = app.upload(&gallery, "demo/aqua.jpg").await;
            assert_eq!(again.status(), StatusCode::CREATED, "{status}");
            let body: Value = again.json().await.expect("json");
            assert_eq!(body["image"]["id"], id.as_str(), "the same photo, mended");
            assert_eq!(app.image_rows().await, 1);
            app.run_jobs().await;
            let mended = image_row(db, uuid).await;
            assert_eq!((mended.status.as_str(), mended.damaged_at), ("ready", None));
            let original = app.live_original(&id).await.expect("original");
            assert_eq!(original, std::fs::read(crate::support::corpus("demo/aqua.jpg")).expect("corpus"));
        }
        // A deleted photo is restored, not uploaded again.
        let mut gone: backend::entities::image::ActiveModel = image_row(db, uuid).await.into();
        gone.damaged_at = Set(Some(chrono::Utc::now()));
        gone.deleted_at = Set(Some(chrono::Utc::now()));
        gone.update(db).await.expect("delete");
        assert_eq!(app.upload(&gallery, "demo/aqua.jpg").await.status(), StatusCode::CONFLICT);
    })
    .await;
}

#[tokio::test]
async fn unicode_names_are_kept_and_paths_dropped() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Names", "").await;
        let bytes = std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("file");
        let response = app.upload_bytes(&gallery, "..%2F..%2FZo%C3%AB%20am%20Meer.jpg", bytes).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["image"]["file_name"], "Zoë am Meer.jpg");
    })
    .await;
}

#[tokio::test]
async fn concurrent_uploads_all_land() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Busy", "").await;
        let files = [
            "demo/aqua.jpg",
            "demo/blinds.jpg",
            "demo/dune.jpg",
            "demo/freshflower.jpg",
            "demo/garden.jpg",
            "demo/greenmeadow.jpg",
            "demo/ladybird.jpg",
            "demo/raindrops.jpg",
        ];
        // Eight browsers' worth of uploads at once: none may meet "database is locked".
        let uploads = files.iter().map(|f| app.upload(&gallery, f));
        for response in futures::future::join_all(uploads).await {
            let status = response.status();
            assert_eq!(status, StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
        }
        assert_eq!(app.image_rows().await, files.len() as u64);
        assert_eq!(app.run_jobs().await, files.len());
    })
    .await;
}

#[tokio::test]
async fn names_lose_bidi_overrides_and_invisible_characters() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Spoofs", "").await;
        let bytes = std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("file");
        // "invoice" RLO "gpj.exe" is shown by browsers as "invoiceexe.jpg".
        let response = app.upload_bytes(&gallery, "invoice%E2%80%AEgpj%E2%80%8B.exe", bytes).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["image"]["file_name"], "invoicegpj.exe");
    })
    .await;
}

#[tokio::test]
async fn the_instances_unfinished_uploads_are_emptied_at_start() {
    for db in crate::support::databases() {
        let own = std::sync::Mutex::new(None);
        let app = TestApp::start_configured(db, false, |config| {
            // What a crash of this instance left, minutes ago, and what another instance sharing
            // the folder is receiving right now.
            let mine = config.upload_tmp.join(&config.instance);
            std::fs::create_dir_all(&mine).expect("own folder");
            std::fs::write(mine.join("crashed.part"), b"half a photo").expect("leftover");
            let theirs = config.upload_tmp.join("another-instance");
            std::fs::create_dir_all(&theirs).expect("their folder");
            std::fs::write(theirs.join("receiving.part"), b"a photo in flight").expect("theirs");
            *own.lock().expect("lock") = Some((mine, theirs));
        })
        .await;
        let (mine, theirs) = own.lock().expect("lock").take().expect("configured");
        assert!(!mine.join("crashed.part").exists(), "{db:?}: this instance's leftovers are removed at start");
        assert!(theirs.join("receiving.part").exists(), "{db:?}: another instance's upload in flight stays");
        // A one-off `server migrate` beside the running instance (the same name) opens the same
        // context: what this instance is receiving stays.
        std::fs::write(mine.join("receiving.part"), b"a photo in flight").expect("in flight");
        let config = (*app.state.ctx.config).clone();
        let _migrating = backend::Ctx::new(app.state.ctx.db.clone(), config).expect("ctx");
        assert!(mine.join("receiving.part").exists(), "{db:?}: opening the context again leaves uploads alone");
    }
}
