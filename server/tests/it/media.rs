//! `/media/...`: rendition bytes only after the access check; ETag, private caching, Range; the
//! client gallery page for visitors; health.

use crate::support::{Db, TestApp, for_each_db};
use reqwest::StatusCode;

#[tokio::test]
async fn renditions_follow_the_gallery_status() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Media", "media-test").await;
        let image = app.upload_ok(&gallery, "demo/storm.jpg").await;
        // Processing: not served yet, even to the owner.
        assert_eq!(
            app.client.get(app.url(&format!("/media/{image}/hd"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );
        app.run_jobs().await;

        // The owner sees renditions of a draft.
        let owner = app.client.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req");
        assert_eq!(owner.status(), StatusCode::OK);
        assert_eq!(owner.headers()["content-type"], "image/jpeg");
        assert!(owner.headers()["cache-control"].to_str().expect("ascii").starts_with("private"));
        let etag = owner.headers()["etag"].to_str().expect("ascii").to_owned();
        let bytes = owner.bytes().await.expect("bytes");
        let decoded = image::load_from_memory(&bytes).expect("a JPEG");
        assert_eq!((decoded.width(), decoded.height()), (480, 320));

        // A stranger gets exactly what a missing image gets.
        let stranger = app.stranger();
        let hidden = stranger.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req");
        let missing =
            stranger.get(app.url("/media/0191d3c4-0000-7000-8000-000000000000/480")).send().await.expect("req");
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(hidden.text().await.expect("body"), missing.text().await.expect("body"));
        let page = stranger.get(app.url("/g/media-test")).send().await.expect("req");
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
        assert!(!page.text().await.expect("body").contains(&image));

        // Published: the stranger sees it, the page lists it, and the bytes come with validators.
        // Downloads are off, so the HD rendition (the HD download) is no preview for them: the
        // screen size is.
        app.publish_publicly(&gallery).await;
        let visible = stranger.get(app.url(&format!("/media/{image}/1600"))).send().await.expect("req");
        assert_eq!(visible.status(), StatusCode::OK);
        let hd = stranger.get(app.url(&format!("/media/{image}/hd"))).send().await.expect("req");
        assert_eq!(hd.status(), StatusCode::NOT_FOUND);
        let page = stranger.get(app.url("/g/media-test")).send().await.expect("req");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("body");
        assert!(html.contains(&format!("/media/{image}/480")), "the grid links the rendition");
        assert!(html.contains("srcset="));
        let not_modified = stranger
            .get(app.url(&format!("/media/{image}/480")))
            .header("If-None-Match", etag.clone())
            .send()
            .await
            .expect("req");
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);

        // Range: a resumed download gets exactly the missing bytes.
        let full = stranger
            .get(app.url(&format!("/media/{image}/1600")))
            .send()
            .await
            .expect("req")
            .bytes()
            .await
            .expect("bytes");
        let tail = stranger
            .get(app.url(&format!("/media/{image}/1600")))
            .header("Range", "bytes=1000-")
            .send()
            .await
            .expect("req");
        assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(tail.headers()["content-range"], format!("bytes 1000-{}/{}", full.len() - 1, full.len()));
        assert_eq!(tail.bytes().await.expect("bytes"), full.slice(1000..));
        let beyond = stranger
            .get(app.url(&format!("/media/{image}/1600")))
            .header("Range", format!("bytes={}-", full.len()))
            .send()
            .await
            .expect("req");
        assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

        // Unknown sizes and malformed ids are simply not found.
        for path in [format!("/media/{image}/original"), "/media/not-an-id/480".to_owned()] {
            assert_eq!(
                stranger.get(app.url(&path)).send().await.expect("req").status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }

        // Deleted: gone for visitors at once; the owner still sees it in the undo list.
        let deleted =
            app.call_json("images/delete", serde_json::json!({ "gallery": gallery, "images": [image] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        assert_eq!(
            stranger.get(app.url(&format!("/media/{image}/1600"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.client.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::OK
        );
    })
    .await;
}

#[tokio::test]
async fn client_page_is_server_rendered_with_sets_and_deep_links() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Garden <Party>", "garden").await;
        let set: String =
            app.call("sets/create", &[("gallery", &gallery), ("name", "Flowers")]).await.json().await.expect("id");
        let a = app.upload_ok(&gallery, "demo/freshflower.jpg").await;
        let b = app.upload_ok(&gallery, "demo/garden.jpg").await;
        app.call_json("images/move", serde_json::json!({ "gallery": gallery, "images": [a], "set": set })).await;
        app.run_jobs().await;
        app.publish_publicly(&gallery).await;

        let visitor = app.stranger();
        let html = visitor.get(app.url("/g/garden")).send().await.expect("req").text().await.expect("body");
        // The title is escaped, sets become sections, images carry their size (no layout shift).
        assert!(html.contains("Garden &lt;Party&gt;"));
        assert!(!html.contains("Garden <Party>"));
        assert!(html.contains("Flowers"));
        assert!(html.contains(&format!("href=\"/g/garden?image={a}\"")));
        assert!(html.contains("width=\"480\""));
        assert!(html.contains("loading=\"lazy\"") || html.contains("loading=\"eager\""));
        // A deep link opens the lightbox on the server too.
        let deep = visitor
            .get(app.url(&format!("/g/garden?image={b}")))
            .send()
            .await
            .expect("req")
            .text()
            .await
            .expect("body");
        assert!(deep.contains("class=\"lightbox\""));
        assert!(deep.contains(&format!("/media/{b}/1600")), "a guest without downloads views the screen size");
        assert!(!deep.contains(&format!("/media/{b}/hd")), "never the HD download");
        assert!(deep.contains("aria-label=\"Previous photo\""));

        // A title made to break out of <title> stays text.
        let update = app
            .call(
                "galleries/update",
                &[
                    ("id", &gallery),
                    ("title", "</title><script>alert(1)</script>"),
                    ("slug", "garden"),
                    ("event_date", ""),
                ],
            )
            .await;
        assert_eq!(update.status(), StatusCode::OK);
        let html = visitor.get(app.url("/g/garden")).send().await.expect("req").text().await.expect("body");
        assert!(!html.contains("<script>alert(1)"), "title escaped everywhere");
    })
    .await;
}

/// A bucket whose server takes the connection and never answers: the health check says so
/// within seconds, instead of waiting out the S3 client's retries.
#[tokio::test]
async fn healthz_is_unhealthy_when_the_bucket_does_not_answer() {
    use backend::storage::place::{Bucket, Place};
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let endpoint = format!("http://{}", silent.local_addr().expect("addr"));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((connection, _)) = silent.accept().await {
            held.push(connection);
        }
    });
    let options = [("aws_endpoint", endpoint.as_str()), ("aws_allow_http", "true"), ("aws_region", "us-east-1")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec();
    let bucket = Bucket { name: "nobody".to_owned(), prefix: "live".to_owned(), options, storage_class: None };
    let app = TestApp::start_configured(Db::Sqlite, false, |config| config.storage = Place::Bucket(bucket)).await;
    let started = std::time::Instant::now();
    let response = reqwest::get(app.url("/healthz")).await.expect("req");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text().await.expect("body"), "storage unavailable");
    assert!(started.elapsed() < std::time::Duration::from_secs(8), "answered in {:?}", started.elapsed());
}

#[tokio::test]
async fn healthz_answers_when_database_and_storage_do() {
    for_each_db(|app| async move {
        let response = reqwest::get(app.url("/healthz")).await.expect("req");
        assert_eq!(response.status(), StatusCode::OK);
        let Some(root) = app.state.ctx.config.storage.folder() else {
            eprintln!("on S3: the unreachable bucket has its own test");
            return;
        };
        // Storage unusable (its folder replaced by a file): unhealthy.
        std::fs::remove_dir_all(root).expect("remove storage");
        std::fs::write(root, b"not a folder").expect("block storage");
        let response = reqwest::get(app.url("/healthz")).await.expect("req");
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    })
    .await;
}

/// Phones get a 640 px tile; photos rendered before that size existed answer its URL with their
/// 960 px file rather than a broken tile.
#[tokio::test]
async fn the_phone_tile_size_is_made_and_older_photos_stand_in_with_960() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Tiles", "tiles").await;
        let image = app.upload_ok(&gallery, "demo/storm.jpg").await;
        app.run_jobs().await;
        let tile = app.client.get(app.url(&format!("/media/{image}/640"))).send().await.expect("req");
        assert_eq!(tile.status(), StatusCode::OK);
        let decoded = image::load_from_memory(&tile.bytes().await.expect("bytes")).expect("a JPEG");
        assert_eq!(decoded.width().max(decoded.height()), 640);

        let id = domain::ids::ImageId(image.parse().expect("id"));
        let storage = &app.state.ctx.storage;
        storage
            .delete(backend::storage::StorageKey::Rendition(id, domain::rendition::RenditionSize::Grid640))
            .await
            .expect("delete");
        let older = app.client.get(app.url(&format!("/media/{image}/640"))).send().await.expect("req");
        assert_eq!(older.status(), StatusCode::OK);
        let decoded = image::load_from_memory(&older.bytes().await.expect("bytes")).expect("a JPEG");
        assert_eq!(decoded.width().max(decoded.height()), 960);
        let other = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        app.run_jobs().await;
        let page = app.client.get(app.url("/g/tiles")).send().await.expect("req").text().await.expect("html");
        // The cover's own tile goes without it: a phone takes the cover's 960 px file instead.
        let hero = page.find(r#"class="hero-image""#).expect("a cover");
        let tag = &page[page[..hero].rfind("<img").expect("its tag")..hero];
        let cover = tag.split(r#"src="/media/"#).nth(1).and_then(|rest| rest.get(..36)).expect("the cover's photo");
        assert!(cover == image || cover == other, "the cover is one of the two");
        let tile = if cover == image { &other } else { &image };
        assert!(page.contains(&format!("/media/{tile}/640 640w")), "the grid offers the phone size");
        assert!(!page.contains(&format!("/media/{cover}/640 640w")), "but not for the cover's tile");
        assert!(page.contains(&format!("/media/{cover}/960 960w")));
    })
    .await;
}
