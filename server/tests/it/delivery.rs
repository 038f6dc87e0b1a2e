//! Delivery sets over HTTP: a recipient's link reaches exactly its package — the page, the
//! previews, each photo in the package's sizes, the ZIP — and nothing else of the gallery by any
//! route, whatever the gallery's own settings; revoking, ending or deleting stops it at its next
//! request; only the gallery's studio manages packages; every file is logged under the link.

use crate::support::{TestApp, corpus, for_each_db, post_json, zip_names};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// A draft gallery (downloads off, as for every new gallery) with one real photo and two small
/// ones, and a package "Finals" of the real photo and the first small one in Original and HD.
async fn package(app: &TestApp) -> (String, Vec<String>, String) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Garden wedding", "garden").await;
    let big = app.upload_ok(&gallery, "demo/garden.jpg").await;
    let mut images = vec![big];
    images.extend(app.upload_tiny(&gallery, 2).await);
    let sizes = json!({ "original": true, "four_k": false, "hd": true, "custom_web": null, "custom_box": null });
    let made = app
        .call_json(
            "delivery/create",
            json!({ "gallery": gallery, "form": { "name": " Finals ", "sizes": sizes, "ends_on": null } }),
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let package: String = made.json().await.expect("package id");
    let added = app
        .call_json("delivery/add", json!({ "gallery": gallery, "package": package, "images": [images[0], images[1]] }))
        .await;
    assert_eq!(added.status(), StatusCode::OK, "{}", added.text().await.unwrap_or_default());
    (gallery, images, package)
}

/// Makes a link for `label`; answers its token.
async fn link(app: &TestApp, gallery: &str, package: &str, label: &str) -> String {
    let made = app
        .call_json(
            "delivery/link",
            json!({ "gallery": gallery, "package": package, "label": label, "expires_on": null }),
        )
        .await;
    let status = made.status();
    let body: Value = made.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{body}");
    body["path"].as_str().expect("path").trim_start_matches("/d/").to_owned()
}

async fn get(app: &TestApp, client: &Client, path: &str) -> (StatusCode, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.expect("request");
    (response.status(), response.bytes().await.expect("body").to_vec())
}

async fn page(app: &TestApp, client: &Client, token: &str) -> (StatusCode, Value) {
    let response = post_json(client, &app.base, "delivery/page", json!({ "token": token })).await;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test]
async fn a_delivery_link_reaches_exactly_its_package_by_every_route() {
    for_each_db(|app| async move {
        let (gallery, images, package_id) = package(&app).await;
        let token = link(&app, &gallery, &package_id, "Anna").await;
        let recipient = app.stranger();

        // The page: the package's photos in its order, its sizes, the studio's name.
        app.publish(&gallery).await;
        let (status, shown) = page(&app, &recipient, &token).await;
        assert_eq!(status, StatusCode::OK, "{shown}");
        assert_eq!(shown["name"], "Finals");
        assert_eq!(shown["recipient"], "Anna");
        let ids: Vec<&str> =
            shown["images"].as_array().expect("images").iter().map(|i| i["id"].as_str().expect("id")).collect();
        assert_eq!(ids, vec![images[0].as_str(), images[1].as_str()]);
        // Each size with what "Download all" weighs: the originals exactly, HD as made or estimated.
        assert_eq!(shown["sizes"][0][0], "Original");
        assert_eq!(shown["sizes"][1][0], "Hd");
        assert_eq!(shown["sizes"].as_array().map(Vec::len), Some(2));
        let bytes = |i: usize| shown["images"][i]["bytes"].as_u64().expect("bytes");
        assert_eq!(shown["sizes"][0][1], json!({ "photos": 2, "bytes": bytes(0) + bytes(1), "exact": true }));
        assert_eq!(shown["sizes"][1][1]["photos"], 2);
        let (status, html) = get(&app, &recipient, &format!("/d/{token}")).await;
        assert_eq!(status, StatusCode::OK);
        let html = String::from_utf8_lossy(&html);
        assert!(html.contains("Finals") && html.contains("Download all"), "the page renders on the server");

        // Its photos: the original byte for byte, HD, the previews; resumable.
        let files = format!("/delivery-files/{token}");
        let (status, original) = get(&app, &recipient, &format!("{files}/{}/original", images[0])).await;
        assert_eq!(status, StatusCode::OK);
        let uploaded = std::fs::read(corpus("demo/garden.jpg")).expect("corpus");
        assert_eq!(original, uploaded, "the original as uploaded");
        assert_eq!(get(&app, &recipient, &format!("{files}/{}/hd", images[1])).await.0, StatusCode::OK);
        let preview = recipient.get(app.url(&format!("{files}/{}/480", images[0]))).send().await.expect("preview");
        assert_eq!(preview.status(), StatusCode::OK);
        assert_eq!(preview.headers()["content-type"], "image/jpeg");
        // Asked again on every view (a revoked link shows nothing more), but its ETag answers 304.
        assert_eq!(preview.headers()["cache-control"], "private, no-cache");
        let etag = preview.headers()["etag"].clone();
        let again = recipient
            .get(app.url(&format!("{files}/{}/480", images[0])))
            .header("if-none-match", etag)
            .send()
            .await
            .expect("preview");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let ranged = recipient
            .get(app.url(&format!("{files}/{}/original", images[0])))
            .header("range", "bytes=10-19")
            .send()
            .await
            .expect("range");
        assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(ranged.bytes().await.expect("bytes").as_ref(), &uploaded[10..20]);
        // A download manager's probe is not a download either.
        let probe = recipient.head(app.url(&format!("{files}/{}/original", images[0]))).send().await.expect("head");
        assert_eq!(probe.status(), StatusCode::OK);

        // A size the package is not delivered in is refused with a sentence.
        let refused = recipient.get(app.url(&format!("{files}/{}/4k", images[0]))).send().await.expect("4k");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(refused.text().await.unwrap_or_default().contains("This delivery comes in Original, HD"));

        // The whole package as one ZIP, holding the original as uploaded.
        let (status, zip) = get(&app, &recipient, &format!("{files}/zip/original")).await;
        assert_eq!(status, StatusCode::OK);
        let mut names = zip_names(&zip);
        names.sort();
        assert_eq!(names, vec!["SHA256SUMS.txt", "garden.jpg", "photo-000.jpg"]);
        let head = &uploaded[..64];
        let at = zip.windows(64).position(|w| w == head).expect("the original is stored in the ZIP");
        assert_eq!(&zip[at..at + uploaded.len()], uploaded.as_slice());
        assert_eq!(get(&app, &recipient, &format!("{files}/zip/4k")).await.0, StatusCode::FORBIDDEN);

        // The photo outside the package, by its routes, and the package's photos by the gallery's
        // routes (published, but its public link off: the gallery is for its clients only), and
        // the token at every other door that takes one: nothing.
        let outside = &images[2];
        for path in [
            format!("{files}/{outside}/hd"),
            format!("{files}/{outside}/original"),
            format!("{files}/{outside}/480"),
            format!("/media/{}/480", images[0]),
            format!("/media/{}/hd", images[0]),
            format!("/download/{}/hd", images[0]),
            format!("/download/{}/original", images[0]),
            "/zip/garden/all/original".to_owned(),
            "/contact-sheet/garden/all".to_owned(),
            "/g/garden".to_owned(),
            format!("/l/{token}"),
            format!("/order-files/{}/zip", token.repeat(2)),
        ] {
            assert_eq!(get(&app, &recipient, &path).await.0, StatusCode::NOT_FOUND, "{path}");
        }
        for (endpoint, form) in [
            ("client/gallery", [("slug", "garden")]),
            ("delivery/list", [("gallery", gallery.as_str())]),
            ("downloads/log", [("id", gallery.as_str())]),
        ] {
            let response = crate::support::call_with(&recipient, &app.base, endpoint, &form).await;
            assert!(
                matches!(response.status(), StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED),
                "{endpoint}: {}",
                response.status()
            );
        }
        // Another site's page cannot start a download with the recipient's link.
        let cross = recipient
            .get(app.url(&format!("{files}/{}/original", images[0])))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .expect("cross-site");
        assert_eq!(cross.status(), StatusCode::FORBIDDEN);

        // The photographer sees who opened it and what was downloaded, under the link's name.
        let listed: Value = app.call("delivery/list", &[("gallery", &gallery)]).await.json().await.expect("list");
        let finals = &listed[0];
        assert_eq!(finals["images"].as_array().map(Vec::len), Some(2));
        let opened: chrono::DateTime<chrono::Utc> =
            finals["last_opened_at"].as_str().expect("opened").parse().expect("a time");
        assert!(chrono::Utc::now() - opened < chrono::Duration::minutes(1), "{opened}");
        assert_eq!(finals["links"][0]["label"], "Anna");
        // The original, the HD, and the ZIP's two: the ranged original and the HEAD are not new.
        assert_eq!(finals["files"], 4, "{finals}");
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert!(log.to_string().contains("Delivery “Finals” · Anna"), "{log}");
        // The whole log as CSV, a row per file, for the studio only (with a BOM for Excel).
        let csv_path = format!("/export/galleries/{gallery}/downloads.csv");
        let csv = app.client.get(app.url(&csv_path)).send().await.expect("csv").bytes().await.expect("bytes");
        let csv = std::str::from_utf8(&csv).expect("utf-8");
        assert!(csv.starts_with("\u{feff}time_utc,email,role,link,file_name,size,bytes,in_zip\r\n"), "{csv}");
        assert_eq!(csv.lines().count(), 5, "{csv}");
        assert!(csv.contains("Delivery “Finals” · Anna"), "{csv}");
        assert_eq!(csv.lines().filter(|l| l.ends_with(",yes")).count(), 2, "the ZIP's two files: {csv}");
        for outsider in [app.stranger(), recipient.clone()] {
            let refused = outsider.get(app.url(&csv_path)).send().await.expect("csv");
            assert!(
                matches!(refused.status(), StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED),
                "{}",
                refused.status()
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_package_ignores_the_gallerys_switches_and_store_mode_but_not_deletions() {
    for_each_db(|app| async move {
        let (gallery, images, package) = package(&app).await;
        let token = link(&app, &gallery, &package, "Agency").await;
        app.publish(&gallery).await;
        app.open_shop(&gallery).await;
        let recipient = app.stranger();
        let files = format!("/delivery-files/{token}");
        // A shop: visitors buy, but the package is delivered clean, original included.
        assert_eq!(get(&app, &recipient, &format!("{files}/{}/original", images[0])).await.0, StatusCode::OK);
        let (status, preview) = get(&app, &recipient, &format!("{files}/{}/480", images[0])).await;
        assert_eq!(status, StatusCode::OK);
        let (_, clean) = get(&app, &app.client, &format!("/media/{}/480", images[0])).await;
        assert_eq!(preview, clean, "the package's previews carry no watermark");
        // A photo deleted from the gallery leaves the package at once.
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[1]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        assert_eq!(get(&app, &recipient, &format!("{files}/{}/hd", images[1])).await.0, StatusCode::NOT_FOUND);
        let (_, shown) = page(&app, &recipient, &token).await;
        assert_eq!(shown["images"].as_array().map(Vec::len), Some(1));
        let (status, zip) = get(&app, &recipient, &format!("{files}/zip/hd")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(zip_names(&zip).len(), 2, "one photo and the checksums");
    })
    .await;
}

#[tokio::test]
async fn revoking_ending_or_deleting_stops_an_open_link_at_once() {
    for_each_db(|app| async move {
        let (gallery, images, package) = package(&app).await;
        let anna = link(&app, &gallery, &package, "Anna").await;
        let ben = link(&app, &gallery, &package, "Ben").await;
        let recipient = app.stranger();
        let file = |token: &str| format!("/delivery-files/{token}/{}/hd", images[0]);
        assert_eq!(page(&app, &recipient, &anna).await.0, StatusCode::OK);

        // Revoked: the page and the files say so from the next request on; Ben's link still works.
        let listed: Value = app.call("delivery/list", &[("gallery", &gallery)]).await.json().await.expect("list");
        let anna_id =
            listed[0]["links"].as_array().expect("links").iter().find(|l| l["label"] == "Anna").expect("Anna")["id"]
                .clone();
        let revoked = app.call_json("delivery/revoke", json!({ "gallery": gallery, "link": anna_id })).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        let (status, body) = page(&app, &recipient, &anna).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.to_string().contains("revoked"), "{body}");
        assert_eq!(get(&app, &recipient, &file(&anna)).await.0, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &recipient, &file(&ben)).await.0, StatusCode::OK);

        // The package's last day passed: every link stops; a new last day opens them again.
        set_package_end(&app, &package, Some(chrono::Utc::now() - chrono::Duration::minutes(1))).await;
        let (status, body) = page(&app, &recipient, &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.to_string().contains("This delivery has ended"), "{body}");
        assert_eq!(get(&app, &recipient, &file(&ben)).await.0, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &recipient, &format!("/delivery-files/{ben}/zip/hd")).await.0, StatusCode::FORBIDDEN);
        let next_year = (chrono::Utc::now() + chrono::Duration::days(365)).date_naive().to_string();
        let sizes = json!({ "original": true, "four_k": false, "hd": true, "custom_web": null, "custom_box": null });
        let form = json!({ "name": "Finals", "sizes": sizes, "ends_on": next_year });
        let updated =
            app.call_json("delivery/update", json!({ "gallery": gallery, "package": package, "form": form })).await;
        assert_eq!(updated.status(), StatusCode::OK, "{}", updated.text().await.unwrap_or_default());
        assert_eq!(get(&app, &recipient, &file(&ben)).await.0, StatusCode::OK);

        // A link's own last day, in the past, is refused when it is made.
        let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive().to_string();
        let stale = app
            .call_json(
                "delivery/link",
                json!({ "gallery": gallery, "package": package, "label": "Old", "expires_on": yesterday }),
            )
            .await;
        assert_eq!(stale.status(), StatusCode::BAD_REQUEST);

        // A link's own last day passing stops that link alone.
        let carl = link(&app, &gallery, &package, "Carl").await;
        set_link_end(&app, &carl, chrono::Utc::now() - chrono::Duration::seconds(1)).await;
        let (status, body) = page(&app, &recipient, &carl).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.to_string().contains("expired"), "{body}");
        assert_eq!(get(&app, &recipient, &file(&ben)).await.0, StatusCode::OK);

        // Deleted: the links lead nowhere; the photos stay in the gallery. A page still open keeps
        // asking for its previews: "not found", never counted as guessing (no 429 for its address).
        let deleted = app.call_json("delivery/delete", json!({ "gallery": gallery, "package": package })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        assert_eq!(page(&app, &recipient, &ben).await.0, StatusCode::NOT_FOUND);
        for _ in 0..25 {
            assert_eq!(get(&app, &recipient, &file(&ben)).await.0, StatusCode::NOT_FOUND);
        }
        assert_eq!(app.photos(&gallery, "", 1).await["total"], 3);
        let listed: Value = app.call("delivery/list", &[("gallery", &gallery)]).await.json().await.expect("list");
        assert_eq!(listed, json!([]));
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert!(log.to_string().contains("Delivery “Finals” · Ben"), "the log still names the deleted delivery: {log}");
    })
    .await;
}

async fn set_link_end(app: &TestApp, token: &str, at: chrono::DateTime<chrono::Utc>) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    backend::entities::delivery_link::Entity::update_many()
        .col_expr(backend::entities::delivery_link::Column::ExpiresAt, Expr::value(Some(at)))
        .filter(backend::entities::delivery_link::Column::Token.eq(token))
        .exec(&app.state.ctx.db)
        .await
        .expect("update");
}

async fn set_package_end(app: &TestApp, package: &str, at: Option<chrono::DateTime<chrono::Utc>>) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let id: uuid::Uuid = package.parse().expect("uuid");
    backend::entities::delivery_set::Entity::update_many()
        .col_expr(backend::entities::delivery_set::Column::EndsAt, Expr::value(at))
        .filter(backend::entities::delivery_set::Column::Id.eq(id))
        .exec(&app.state.ctx.db)
        .await
        .expect("update");
}

#[tokio::test]
async fn only_the_gallerys_studio_manages_its_packages_and_bad_input_is_refused() {
    for_each_db(|app| async move {
        let (gallery, images, package) = package(&app).await;
        // Another studio: every operation on this gallery's packages is "not found".
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "ben@example.com").await;
        let sizes = json!({ "original": true, "four_k": true, "hd": true, "custom_web": null, "custom_box": null });
        let listed = crate::support::call_with(&other, &app.base, "delivery/list", &[("gallery", &gallery)]).await;
        assert_eq!(listed.status(), StatusCode::NOT_FOUND);
        for (endpoint, body) in [
            (
                "delivery/create",
                json!({ "gallery": gallery, "form": { "name": "Mine", "sizes": sizes, "ends_on": null } }),
            ),
            ("delivery/add", json!({ "gallery": gallery, "package": package, "images": [images[2]] })),
            ("delivery/remove", json!({ "gallery": gallery, "package": package, "images": [images[0]] })),
            ("delivery/link", json!({ "gallery": gallery, "package": package, "label": "Me", "expires_on": null })),
            ("delivery/update", json!({ "gallery": gallery, "package": package, "form": { "name": "Mine", "sizes": sizes, "ends_on": null } })),
            ("delivery/arrange", json!({ "gallery": gallery, "package": package, "images": [images[1], images[0]] })),
            ("delivery/revoke", json!({ "gallery": gallery, "link": package })),
            ("delivery/delete", json!({ "gallery": gallery, "package": package })),
        ] {
            let response = post_json(&other, &app.base, endpoint, body).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{endpoint}");
        }
        // A photo of another gallery cannot be put in this package.
        let elsewhere = other_gallery_photo(&app, &other).await;
        let added = app
            .call_json("delivery/add", json!({ "gallery": gallery, "package": package, "images": [elsewhere] }))
            .await;
        assert_eq!(added.status(), StatusCode::NOT_FOUND);

        // No name, no size: a sentence each, nothing made.
        let none = json!({ "original": false, "four_k": false, "hd": false, "custom_web": 800, "custom_box": null });
        for (form, words) in [
            (json!({ "name": "  ", "sizes": sizes, "ends_on": null }), "Give the delivery a name"),
            (json!({ "name": "Finals", "sizes": none, "ends_on": null }), "Choose at least one size"),
        ] {
            let response = app.call_json("delivery/create", json!({ "gallery": gallery, "form": form })).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST);
            assert!(response.text().await.unwrap_or_default().contains(words), "{words}");
        }
        let listed: Value = app.call("delivery/list", &[("gallery", &gallery)]).await.json().await.expect("list");
        assert_eq!(listed.as_array().map(Vec::len), Some(1));

        // Arranging must name exactly the package's photos; then the page follows the order.
        let wrong = app
            .call_json("delivery/arrange", json!({ "gallery": gallery, "package": package, "images": [images[0]] }))
            .await;
        assert_eq!(wrong.status(), StatusCode::CONFLICT);
        let arranged = app
            .call_json(
                "delivery/arrange",
                json!({ "gallery": gallery, "package": package, "images": [images[1], images[0]] }),
            )
            .await;
        assert_eq!(arranged.status(), StatusCode::OK);
        let token = link(&app, &gallery, &package, "").await;
        let order = |app: &TestApp, token: String| {
            let client = app.stranger();
            let base = app.base.clone();
            async move {
                let shown: Value = post_json(&client, &base, "delivery/page", json!({ "token": token }))
                    .await
                    .json()
                    .await
                    .expect("page");
                shown["images"].as_array().expect("images").iter().map(|i| i["id"].as_str().expect("id").to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(order(&app, token.clone()).await, vec![images[1].clone(), images[0].clone()]);
        let (_, shown) = page(&app, &app.stranger(), &token).await;
        assert_eq!(shown["recipient"], "Recipient");

        // Taken out, then another added: the new one comes last, whatever gaps removal left.
        let removed = app.call_json("delivery/remove", json!({ "gallery": gallery, "package": package, "images": [images[1]] })).await;
        assert_eq!(removed.status(), StatusCode::OK);
        let added = app.call_json("delivery/add", json!({ "gallery": gallery, "package": package, "images": [images[2], images[1]] })).await;
        assert_eq!(added.status(), StatusCode::OK);
        assert_eq!(order(&app, token.clone()).await, vec![images[0].clone(), images[2].clone(), images[1].clone()]);
        // A photo deleted from the gallery: the rest can still be arranged.
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[0]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let arranged = app
            .call_json("delivery/arrange", json!({ "gallery": gallery, "package": package, "images": [images[1], images[2]] }))
            .await;
        assert_eq!(arranged.status(), StatusCode::OK, "{}", arranged.text().await.unwrap_or_default());
        assert_eq!(order(&app, token.clone()).await, vec![images[1].clone(), images[2].clone()]);
        // Restored to the gallery, it is back in the package, after the others.
        let restored = app.call_json("images/restore", json!({ "gallery": gallery, "images": [images[0]] })).await;
        assert_eq!(restored.status(), StatusCode::OK);
        assert_eq!(order(&app, token).await, vec![images[1].clone(), images[2].clone(), images[0].clone()]);
    })
    .await;
}

/// A photo in a gallery of the studio signed in on `client`.
async fn other_gallery_photo(app: &TestApp, client: &Client) -> String {
    let form = [("title", "Other"), ("slug", "other"), ("event_date", "2026-06-14")];
    let made = crate::support::call_with(client, &app.base, "galleries/create", &form).await;
    let gallery: String = made.json().await.expect("gallery id");
    let upload = client
        .post(app.url(&format!("/api/galleries/{gallery}/images")))
        .header("X-File-Name", "other.jpg")
        .body(crate::support::tiny_jpeg(7))
        .send()
        .await
        .expect("upload");
    let body: Value = upload.json().await.expect("json");
    body["image"]["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn guessed_delivery_tokens_are_throttled() {
    for_each_db(|app| async move {
        let guesser = app.stranger();
        let mut statuses = Vec::new();
        for n in 0..24u32 {
            let token = format!("{n:032x}");
            statuses.push(get(&app, &guesser, &format!("/delivery-files/{token}/zip/hd")).await.0);
        }
        assert_eq!(statuses[0], StatusCode::NOT_FOUND);
        assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    })
    .await;
}
