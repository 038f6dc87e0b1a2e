//! Single downloads over raw HTTP: set download mode, offered sizes, email tracking, names,
//! ranges and the log; every route and the check function refuse alike.

use crate::support::{TestApp, for_each_db};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn check(app: &TestApp, visitor: &Client, slug: &str, target: Value, size: Value) -> StatusCode {
    visitor
        .post(app.url("/api/downloads/check"))
        .json(&json!({ "slug": slug, "target": target, "size": size }))
        .send()
        .await
        .expect("check")
        .status()
}

async fn get(app: &TestApp, visitor: &Client, path: &str) -> StatusCode {
    visitor.get(app.url(path)).send().await.expect("request").status()
}

#[tokio::test]
async fn set_download_mode_refuses_other_sets_by_every_route_and_keeps_previews() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let (open, closed) = (app.make_set(&gallery, "Portraits").await, app.make_set(&gallery, "Party").await);
        let images = app.upload_tiny(&gallery, 3).await;
        for (image, set) in [(&images[0], &open), (&images[1], &closed)] {
            app.call_json("images/move", json!({ "gallery": gallery, "images": [image], "set": set })).await;
        }
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        let allowed = app.call_json("access/set_downloads", json!({ "id": gallery, "set": open, "allow": true })).await;
        assert_eq!(allowed.status(), StatusCode::OK);
        app.publish_publicly(&gallery).await;
        let guest = app.stranger();

        // The closed set's image and the unassigned one: refused everywhere, with a reason.
        for image in [&images[1], &images[2]] {
            assert_eq!(get(&app, &guest, &format!("/download/{image}/hd")).await, StatusCode::FORBIDDEN);
            assert_eq!(
                check(&app, &guest, "wedding", json!({ "Image": image }), json!("Hd")).await,
                StatusCode::FORBIDDEN
            );
            // The preview stays viewable.
            assert_eq!(get(&app, &guest, &format!("/media/{image}/480")).await, StatusCode::OK);
        }
        let refusal = guest.get(app.url(&format!("/download/{}/hd", images[1]))).send().await.expect("req");
        assert!(refusal.text().await.expect("body").contains("open only for some sets"));
        assert_eq!(get(&app, &guest, &format!("/zip/wedding/set-{closed}/hd")).await, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &guest, "/zip/wedding/all/hd").await, StatusCode::FORBIDDEN);
        assert_eq!(check(&app, &guest, "wedding", json!({ "Zip": "All" }), json!("Hd")).await, StatusCode::FORBIDDEN);
        // The open set: allowed, alone and as a ZIP.
        assert_eq!(get(&app, &guest, &format!("/download/{}/hd", images[0])).await, StatusCode::OK);
        assert_eq!(get(&app, &guest, &format!("/zip/wedding/set-{open}/hd")).await, StatusCode::OK);
        // The page's menu lists the enabled set instead of "Download all".
        let access: Value = crate::support::call_with(&guest, &app.base, "client/access", &[("slug", "wedding")])
            .await
            .json()
            .await
            .expect("access");
        assert_eq!(access["facts"]["downloads"]["download_sets"], json!([open]));
    })
    .await;
}

#[tokio::test]
async fn sizes_not_offered_are_refused_by_url_function_and_zip() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
            s["sizes"]["original"] = json!(false);
            s["sizes"]["four_k"] = json!(false);
        })
        .await;
        app.publish_publicly(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(get(&app, &client, &format!("/download/{image}/original")).await, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &client, &format!("/download/{image}/4k")).await, StatusCode::FORBIDDEN);
        assert_eq!(
            check(&app, &client, "wedding", json!({ "Image": image }), json!("Original")).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(get(&app, &client, "/zip/wedding/all/original").await, StatusCode::FORBIDDEN);
        // A custom size nobody chose is not a size at all.
        assert_eq!(get(&app, &client, &format!("/download/{image}/web-1234")).await, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &client, &format!("/download/{image}/enormous")).await, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &client, &format!("/download/{image}/hd")).await, StatusCode::OK);
        // Guests get web sizes only by default: HD yes, and high-res never even when offered.
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        let guest = app.stranger();
        assert_eq!(get(&app, &guest, &format!("/download/{image}/original")).await, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &guest, &format!("/download/{image}/hd")).await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn another_gallerys_image_answers_exactly_like_a_missing_id() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let mine = app.create_gallery("Mine", "mine").await;
        app.upload_tiny(&mine, 1).await;
        app.save_settings(&mine, |s| s["switches"]["downloads"] = json!(true)).await;
        app.publish_publicly(&mine).await;
        // Another studio's draft gallery with one image.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        let theirs: String = crate::support::call_with(
            &other,
            &app.base,
            "galleries/create",
            &[("title", "Theirs"), ("slug", "theirs"), ("event_date", "")],
        )
        .await
        .json()
        .await
        .expect("id");
        let upload = other
            .post(app.url(&format!("/api/galleries/{theirs}/images")))
            .header("X-File-Name", "secret.jpg")
            .body(crate::support::tiny_jpeg(99))
            .send()
            .await
            .expect("upload");
        let their_image = upload.json::<Value>().await.expect("json")["image"]["id"].as_str().expect("id").to_owned();
        app.run_jobs().await;
        let missing = uuid::Uuid::new_v4().to_string();
        for client in [&app.client, &app.stranger()] {
            for path in ["/download/{}/hd", "/download/{}/original", "/media/{}/480"] {
                let theirs = client.get(app.url(&path.replace("{}", &their_image))).send().await.expect("req");
                let nothing = client.get(app.url(&path.replace("{}", &missing))).send().await.expect("req");
                assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "{path}");
                assert_eq!(nothing.status(), StatusCode::NOT_FOUND, "{path}");
                assert_eq!(theirs.text().await.expect("body"), nothing.text().await.expect("body"), "{path}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn single_downloads_ask_for_an_email_name_the_file_resume_and_are_logged() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_ok(&gallery, "demo/ladybird.jpg").await;
        app.run_jobs().await;
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        app.publish_publicly(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let url = format!("/download/{image}/original");
        // Email tracking (on by default) asks first, over every route.
        let asked = client.get(app.url(&url)).send().await.expect("req");
        assert_eq!(asked.status(), StatusCode::UNAUTHORIZED);
        assert!(asked.text().await.expect("body").contains("email"));
        assert_eq!(
            check(&app, &client, "wedding", json!({ "Image": image }), json!("Original")).await,
            StatusCode::UNAUTHORIZED
        );
        let bad =
            crate::support::call_with(&client, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "nope")])
                .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let given = crate::support::call_with(
            &client,
            &app.base,
            "downloads/email",
            &[("slug", "wedding"), ("email", "Tom@Example.com")],
        )
        .await;
        assert_eq!(given.status(), StatusCode::OK);

        // A download manager's probe: the length, no body, and no log line.
        let probe = client.head(app.url(&url)).send().await.expect("req");
        assert_eq!(probe.status(), StatusCode::OK);
        let expected_len = std::fs::metadata(crate::support::corpus("demo/ladybird.jpg")).expect("corpus").len();
        assert_eq!(probe.headers()["content-length"].to_str().expect("ascii"), expected_len.to_string());
        let full = client.get(app.url(&url)).send().await.expect("req");
        assert_eq!(full.status(), StatusCode::OK);
        let disposition = full.headers()["content-disposition"].to_str().expect("ascii").to_owned();
        assert!(disposition.starts_with("attachment; filename=\"ladybird.jpg\""), "{disposition}");
        assert_eq!(full.headers()["content-type"], "image/jpeg");
        let etag = full.headers()["etag"].clone();
        let whole = full.bytes().await.expect("body");
        assert_eq!(whole.as_ref(), std::fs::read(crate::support::corpus("demo/ladybird.jpg")).expect("corpus"));
        // A dropped download resumes where it stopped, and the pieces make the same file.
        let rest = client
            .get(app.url(&url))
            .header("Range", "bytes=1000-")
            .header("If-Range", etag)
            .send()
            .await
            .expect("req");
        assert_eq!(rest.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(rest.bytes().await.expect("body").as_ref(), &whole[1000..]);
        // The HD file is named after the original.
        let hd = client.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("req");
        assert!(hd.headers()["content-disposition"].to_str().expect("ascii").contains("ladybird-hd.jpg"));

        // The log: one line per download (the resumed range is the same download), with the email.
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        let rows = log["lines"].as_array().expect("rows");
        assert_eq!(rows.len(), 2, "{log}");
        assert!(rows.iter().all(|r| r["email"] == "tom@example.com" && r["who"] == json!({ "Visitor": "MainClient" })));
        assert_eq!(rows[1]["bytes"], json!(whole.len()));
        assert_eq!(rows[1]["files"], json!(["ladybird.jpg"]));
        assert_eq!(log["totals"]["singles"], 2);
        assert_eq!(log["totals"]["zips"], 0);
        assert_eq!(log["totals"]["people"], 1);

        // Asking for every byte but the first (which every JPEG and ZIP shares) is a download
        // like any other, and is logged; only its own resume is not.
        let ann = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let given = crate::support::call_with(
            &ann,
            &app.base,
            "downloads/email",
            &[("slug", "wedding"), ("email", "ann@example.com")],
        )
        .await;
        assert_eq!(given.status(), StatusCode::OK);
        for (path, from) in [
            (url.as_str(), 1),
            (url.as_str(), 500),
            ("/zip/wedding/all/original", 1),
            ("/zip/wedding/all/original", 900),
        ] {
            let part = ann.get(app.url(path)).header("Range", format!("bytes={from}-")).send().await.expect("req");
            assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT, "{path} from {from}");
            part.bytes().await.expect("body");
        }
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        let ann_rows: Vec<_> =
            log["lines"].as_array().expect("rows").iter().filter(|r| r["email"] == "ann@example.com").collect();
        assert_eq!(ann_rows.len(), 2, "{log}");
        assert_eq!(log["totals"]["singles"], 3);
        assert_eq!(log["totals"]["zips"], 1);
        assert_eq!(log["totals"]["people"], 2);
    })
    .await;
}

#[tokio::test]
async fn custom_sizes_are_made_in_the_background_and_kept() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_ok(&gallery, "demo/ladybird.jpg").await;
        app.run_jobs().await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
            s["sizes"]["custom_web"] = json!(640);
            s["sizes"]["custom_box"] = json!([1000, 800]);
        })
        .await;
        app.publish_publicly(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        // Saving new custom sizes queued their making: in the background, before any download.
        let before = app.stored_files().await;
        assert_eq!(app.run_jobs().await, 1);
        assert_eq!(app.stored_files().await, before + 2, "one file per custom size");
        let made = app.stored_files().await;
        for (token, fits) in [("web-640", (640, 640)), ("box-1000x800", (1000, 800))] {
            let first = client.get(app.url(&format!("/download/{image}/{token}"))).send().await.expect("req");
            assert_eq!(first.status(), StatusCode::OK, "{token}");
            assert!(
                first.headers()["content-disposition"]
                    .to_str()
                    .expect("ascii")
                    .contains(&format!("ladybird-{token}.jpg"))
            );
            let bytes = first.bytes().await.expect("body");
            let picture = image::load_from_memory(&bytes).expect("a JPEG");
            let (w, h) = (picture.width(), picture.height());
            assert!(w <= fits.0 && h <= fits.1 && (w == fits.0 || h == fits.1), "{token}: {w}×{h}");
            // Asked again: the same bytes, from the kept file.
            let again = client.get(app.url(&format!("/download/{image}/{token}"))).send().await.expect("req");
            assert_eq!(again.bytes().await.expect("body"), bytes);
        }
        assert_eq!(app.stored_files().await, made, "downloads use the files made in the background");
        // A photo uploaded later gets its custom sizes with its renditions: one job, one decode.
        app.upload_bytes(&gallery, "late.jpg", crate::support::tiny_jpeg(5)).await;
        assert_eq!(app.run_jobs().await, 1, "the render job makes the custom sizes too");
        assert_eq!(
            app.stored_files().await,
            made + 1 + domain::rendition::RenditionSize::ALL.len() + 2,
            "original, every rendition, two custom sizes"
        );
    })
    .await;
}

#[tokio::test]
async fn the_4k_preview_is_served_only_to_those_who_may_take_the_4k_download_free() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        app.publish_publicly(&gallery).await;
        let four_k = format!("/media/{image}/4k");
        let hd = format!("/media/{image}/hd");
        // Guests may take web sizes only: the 4K rendition is the 4K download, so no.
        let guest = app.stranger();
        assert_eq!(get(&app, &guest, &hd).await, StatusCode::OK);
        assert_eq!(get(&app, &guest, &four_k).await, StatusCode::NOT_FOUND);
        let html = guest.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(!html.contains(&four_k), "the page must not offer the 4K rendition to a guest");
        // A main client may download 4K: the preview too.
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(get(&app, &client, &four_k).await, StatusCode::OK);
        // With a quota it would cost a free download: HD previews until the photo is counted.
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
            s["high_res_quota"] = json!(5);
        })
        .await;
        assert_eq!(get(&app, &client, &four_k).await, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &client, &format!("/download/{image}/4k")).await, StatusCode::OK);
        assert_eq!(get(&app, &client, &four_k).await, StatusCode::OK);
        // Downloads off: only the owner.
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(false)).await;
        assert_eq!(get(&app, &client, &four_k).await, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &app.client, &four_k).await, StatusCode::OK);
    })
    .await;
}

/// A range from byte 1 of a ZIP resumes only what was logged: after a ZIP of one set (whose first
/// photo is also the whole gallery's first), the whole gallery's ZIP asked for from byte 1 is a
/// new download of every other photo, and logged as one.
#[tokio::test]
async fn a_zip_from_byte_one_after_a_smaller_zip_logs_what_the_smaller_did_not_hold() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 4).await;
        let set = app.make_set(&gallery, "Ceremony").await;
        app.move_image(&gallery, &images[0], &set).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        app.publish(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let small = client.get(app.url(&format!("/zip/wedding/set-{set}/hd"))).send().await.expect("zip");
        assert_eq!(small.status(), StatusCode::OK);
        small.bytes().await.expect("body");
        let files = || async {
            let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
            log["totals"]["files"].as_u64().expect("files")
        };
        assert_eq!(files().await, 1);
        let whole = client.get(app.url("/zip/wedding/all/hd")).header("Range", "bytes=1-").send().await.expect("zip");
        assert_eq!(whole.status(), StatusCode::PARTIAL_CONTENT);
        whole.bytes().await.expect("body");
        assert_eq!(files().await, 4, "the three photos the set's ZIP did not hold are logged");
        // Its own resume adds nothing.
        let resumed =
            client.get(app.url("/zip/wedding/all/hd")).header("Range", "bytes=100-").send().await.expect("zip");
        assert_eq!(resumed.status(), StatusCode::PARTIAL_CONTENT);
        resumed.bytes().await.expect("body");
        assert_eq!(files().await, 4);
    })
    .await;
}

/// The download log keeps what was downloaded for the gallery's life, and whose address it was
/// only as long as the engagement report keeps its activity (13 months).
#[tokio::test]
async fn the_download_log_forgets_addresses_with_the_activity() {
    use backend::entities::download;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Log", "log").await;
        let images = app.upload_tiny(&gallery, 1).await;
        let now = chrono::Utc::now();
        let row = |age_days: i64| download::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            gallery_id: Set(gallery.parse().expect("id")),
            image_id: Set(images[0].parse().expect("id")),
            file_name: Set(Some("a.jpg".to_owned())),
            link_id: Set(None),
            role: Set(Some("main_client".to_owned())),
            email: Set(Some(format!("ana{age_days}@example.com"))),
            size: Set("hd".to_owned()),
            bytes: Set(1),
            in_zip: Set(false),
            created_at: Set(now - chrono::Duration::days(age_days)),
        };
        let ctx = &app.state.ctx;
        download::Entity::insert_many([row(800), row(3)]).exec_without_returning(&ctx.db).await.expect("log");
        backend::engagement::retention::forget(ctx, now).await.expect("forget");
        let mut left: Vec<(Option<String>, i64)> = download::Entity::find()
            .all(&ctx.db)
            .await
            .expect("log")
            .into_iter()
            .map(|d| (d.email, (now - d.created_at).num_days()))
            .collect();
        left.sort_by_key(|(_, days)| *days);
        assert_eq!(left, [(Some("ana3@example.com".to_owned()), 3), (None, 800)]);
    })
    .await;
}
