//! The archive tier over HTTP: archiving moves originals (checked) and keeps previews live;
//! every download that needs an archived original answers the restore prompt, never bytes; a
//! restore request says what it takes, the job restores and emails a link that serves the ZIP
//! the live gallery served, checked as a live download; requests for the same images share one
//! restore; the window ends and the files go back; a crash between any two steps leaves a checked
//! copy and the step finishes when run again.

use crate::support::{TestApp, for_each_db, post_json};
use backend::entities::{image, restore_request, tier_move};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A published gallery "garden" with one real photo and one small one, downloads on, emails
/// tracked; answers the gallery id, the image ids and a main client who gave their address.
async fn gallery(app: &TestApp) -> (String, Vec<String>, Client) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Garden wedding", "garden").await;
    let mut images = vec![app.upload_ok(&gallery, "demo/garden.jpg").await];
    images.extend(app.upload_tiny(&gallery, 1).await);
    app.run_jobs().await;
    app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
    app.publish(&gallery).await;
    let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
    let given = crate::support::call_with(
        &client,
        &app.base,
        "downloads/email",
        &[("slug", "garden"), ("email", "ben@example.com"), ("name", "Ben")],
    )
    .await;
    assert_eq!(given.status(), StatusCode::OK);
    (gallery, images, client)
}

async fn row(app: &TestApp, id: &str) -> image::Model {
    image::Entity::find_by_id(uuid::Uuid::parse_str(id).expect("uuid"))
        .one(&app.state.ctx.db)
        .await
        .expect("db")
        .expect("row")
}

async fn get(app: &TestApp, client: &Client, path: &str) -> (StatusCode, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.expect("request");
    (response.status(), response.bytes().await.expect("body").to_vec())
}

const ALL_ORIGINALS: &str = "/zip/garden/all/original";

fn wish_all() -> Value {
    json!({ "target": { "Zip": "All" }, "size": "Original" })
}

/// Ben (the main client of `gallery`) asks for `wish` to be restored, the link to be emailed to
/// ben@example.com.
async fn ben_asks(app: &TestApp, client: &Client, wish: Value) -> reqwest::Response {
    post_json(client, &app.base, "restore/ask", json!({ "slug": "garden", "wish": wish, "email": "ben@example.com" }))
        .await
}

/// Anna (a delivery set's recipient, by her link's `token`) asks for its originals to be
/// restored, the link to be emailed to anna@couple.example.
async fn anna_asks(app: &TestApp, recipient: &Client, token: &str) -> reqwest::Response {
    let wish = json!({ "token": token, "size": "Original", "email": "anna@couple.example" });
    post_json(recipient, &app.base, "delivery/restore_ask", wish).await
}

/// A new delivery link to `package`, labelled `label`: its token.
async fn delivery_token(app: &TestApp, gallery: &str, package: &str, label: &str) -> String {
    let link: Value = app
        .call_json(
            "delivery/link",
            json!({ "gallery": gallery, "package": package, "label": label, "expires_on": null }),
        )
        .await
        .json()
        .await
        .expect("link");
    link["path"].as_str().expect("path").trim_start_matches("/d/").to_owned()
}

/// `gallery` with a third photo, archived: a photo to lose from the archive and two others.
async fn archived_gallery_of_three(app: &TestApp) -> (String, Vec<String>, Client) {
    let (gallery, mut images, client) = gallery(app).await;
    images.push(app.upload_ok_bytes(&gallery, "extra.jpg", crate::support::tiny_jpeg(7)).await);
    app.run_jobs().await;
    archive_now(app, &gallery).await;
    (gallery, images, client)
}

/// Archives the gallery by the photographer's hand, as the editor does.
async fn archive_now(app: &TestApp, gallery: &str) {
    let response = app.call("galleries/archive", &[("id", gallery)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    app.run_jobs().await;
}

#[tokio::test]
async fn archived_originals_are_restored_on_request_and_the_emailed_link_serves_the_same_zip() {
    for_each_db(|app| async move {
        let (gallery, images, client) = gallery(&app).await;
        let (status, live_zip) = get(&app, &client, ALL_ORIGINALS).await;
        assert_eq!(status, StatusCode::OK);
        let garden = std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("corpus");

        archive_now(&app, &gallery).await;
        // Moved and checked: the archive holds the original byte for byte, the live tier nothing.
        assert_eq!(app.archived_original(&images[0]).await.expect("archived copy"), garden);
        for id in &images {
            assert!(app.live_original(id).await.is_none(), "the live copy is gone");
            let found = row(&app, id).await;
            assert!(found.archived_at.is_some() && !found.original_live);
        }
        let storage: Value = app.call("galleries/storage", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(storage["archived_photos"], 2);
        assert_eq!(storage["live_photos"], 0);
        assert_eq!(
            storage["archived_bytes"].as_u64(),
            Some(garden.len() as u64 + row(&app, &images[1]).await.byte_size as u64)
        );

        // Previews stay live: the gallery looks the same and HD still downloads.
        let (status, _) = get(&app, &client, &format!("/download/{}/hd", images[0])).await;
        assert_eq!(status, StatusCode::OK);
        // Every way to an archived original answers the restore prompt, never bytes: the check
        // before a download, the single file, the ZIP, its summary, and the photographer too.
        let check = post_json(
            &client,
            &app.base,
            "downloads/check",
            json!({ "slug": "garden", "target": { "Image": images[0] }, "size": "Original" }),
        )
        .await;
        assert_eq!(check.status(), StatusCode::UNAUTHORIZED);
        assert!(check.text().await.expect("body").contains("Restore"));
        for (who, path) in [
            (&client, format!("/download/{}/original", images[0])),
            (&client, ALL_ORIGINALS.to_owned()),
            (&app.client, format!("/download/{}/original", images[0])),
        ] {
            let (status, body) = get(&app, who, &path).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
            assert!(!body.windows(64).any(|w| garden.windows(64).next() == Some(w)), "{path} sent bytes");
            assert!(String::from_utf8_lossy(&body).contains("archive"), "{path}");
        }
        let summary = post_json(
            &client,
            &app.base,
            "downloads/zip_summary",
            json!({ "slug": "garden", "contents": "All", "size": "Original" }),
        )
        .await;
        assert_eq!(summary.status(), StatusCode::UNAUTHORIZED);

        // What a restore takes, before asking: the photos, their bytes, a time, their address.
        let estimate: Value =
            post_json(&client, &app.base, "restore/estimate", json!({ "slug": "garden", "wish": wish_all() }))
                .await
                .json()
                .await
                .expect("estimate");
        assert_eq!(estimate["photos"], 2, "{estimate}");
        assert_eq!(estimate["bytes"], storage["archived_bytes"]);
        assert!(estimate["seconds"].as_u64().expect("seconds") >= 1);
        assert_eq!(estimate["email"], "ben@example.com");
        assert_eq!(estimate["window_days"], 7, "the link works for the server's restore window");

        // Asked (twice: one request, one mail), restored by the job, emailed.
        for _ in 0..2 {
            let asked = ben_asks(&app, &client, wish_all()).await;
            assert_eq!(asked.status(), StatusCode::OK);
        }
        assert_eq!(restore_request::Entity::find().count(&app.state.ctx.db).await.expect("db"), 1);
        app.run_jobs().await;
        let mail = app.mail_to("ben@example.com").await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].subject.contains("Garden wedding"));
        // Neither the photographer's sign-in address nor the secret is stored with the request:
        // the link's secret is kept as its hash only.
        assert_eq!(mail[0].reply_to, None);
        let token = app.emailed_token("ben@example.com", "/restored/").await;
        let stored = restore_request::Entity::find().one(&app.state.ctx.db).await.expect("db").expect("request");
        assert_eq!(stored.token_hash.as_deref(), Some(hex::encode(Sha256::digest(token.as_bytes())).as_str()));
        assert!(!stored.requester.contains(&token));
        for id in &images {
            let found = row(&app, id).await;
            assert!(found.original_live && found.restored_until.is_some());
        }

        // The link works from anywhere (another browser, no session) and serves the same ZIP.
        let (status, restored_zip) = get(&app, &app.stranger(), &format!("/restored/{token}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(restored_zip, live_zip);
        // A resumed range of it is the same bytes.
        let ranged = app
            .stranger()
            .get(app.url(&format!("/restored/{token}")))
            .header("Range", "bytes=100-")
            .send()
            .await
            .expect("range");
        assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(ranged.bytes().await.expect("body").to_vec(), live_zip[100..].to_vec());
        // Logged as the requester's download.
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert_eq!(log["lines"][0]["email"], "ben@example.com", "{log}");
        // Restored for everyone meanwhile: the gallery's own download works again.
        let (status, _) = get(&app, &client, &format!("/download/{}/original", images[0])).await;
        assert_eq!(status, StatusCode::OK);

        // The window ends: the files go back to the archive only, and the link says so.
        let later = chrono::Utc::now() + chrono::Duration::days(8);
        backend::archive::tiering::expire_restores(&app.state.ctx, later).await.expect("expire");
        for id in &images {
            assert!(app.live_original(id).await.is_none());
            assert!(!row(&app, id).await.original_live);
        }
        assert_eq!(app.archived_original(&images[0]).await.expect("archived copy"), garden);
        let (status, body) = get(&app, &app.stranger(), &format!("/restored/{token}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(String::from_utf8_lossy(&body).contains("run out"));

        // A guessed token leads nowhere.
        let (status, _) = get(&app, &app.stranger(), "/restored/0123456789abcdef0123456789abcdef").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A month on, the request (its address, the visitor's session it kept) is forgotten.
        let month = chrono::Utc::now() + chrono::Duration::days(31);
        backend::archive::tiering::expire_restores(&app.state.ctx, month).await.expect("expire");
        assert_eq!(restore_request::Entity::find().count(&app.state.ctx.db).await.expect("db"), 0);
    })
    .await;
}

/// A requester's address the outbox cannot send to (kept before addresses were checked as
/// strictly) closes that request alone: everyone else waiting in the gallery is still served.
#[tokio::test]
async fn one_requester_the_outbox_refuses_does_not_hold_up_the_others() {
    for_each_db(|app| async move {
        let (gallery, images, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        let other = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let form = [("slug", "garden"), ("email", "cy@example.com"), ("name", "Cy")];
        crate::support::call_with(&other, &app.base, "downloads/email", &form).await;
        let one = json!({ "target": { "Image": images[0] }, "size": "Original" });
        for (who, email) in [(&other, "cy@example.com"), (&client, "ben@example.com")] {
            let wish = json!({ "slug": "garden", "wish": one.clone(), "email": email });
            assert_eq!(post_json(who, &app.base, "restore/ask", wish).await.status(), StatusCode::OK);
        }
        // Cy's address, as an older release might have kept it.
        use sea_orm::sea_query::Expr;
        restore_request::Entity::update_many()
            .col_expr(restore_request::Column::Email, Expr::value("cy..typo@example.com"))
            .filter(restore_request::Column::Email.eq("cy@example.com"))
            .exec(&app.state.ctx.db)
            .await
            .expect("spoil");
        app.run_jobs().await;
        let ben = app.emailed_token("ben@example.com", "/restored/").await;
        assert_eq!(get(&app, &app.stranger(), &format!("/restored/{ben}")).await.0, StatusCode::OK);
        let cy = restore_request::Entity::find()
            .filter(restore_request::Column::Email.eq("cy..typo@example.com"))
            .one(&app.state.ctx.db)
            .await
            .expect("db")
            .expect("cy's request");
        assert_eq!(cy.status, "failed");
    })
    .await;
}

#[tokio::test]
async fn requests_share_one_restore_and_the_link_is_checked_like_a_live_download() {
    for_each_db(|app| async move {
        let (gallery, images, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        // A second visitor asks for one of the same photos.
        let other = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        crate::support::call_with(
            &other,
            &app.base,
            "downloads/email",
            &[("slug", "garden"), ("email", "cy@example.com"), ("name", "Cy")],
        )
        .await;
        for (who, email, wish) in [
            (&client, "ben@example.com", wish_all()),
            (&other, "cy@example.com", json!({ "target": { "Image": images[0] }, "size": "Original" })),
        ] {
            let asked =
                post_json(who, &app.base, "restore/ask", json!({ "slug": "garden", "wish": wish, "email": email }))
                    .await;
            let status = asked.status();
            let body: Value = asked.json().await.expect("json");
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["email"], email);
        }
        app.run_jobs().await;
        // One restore moved the bytes; both were told.
        let moves = tier_move::Entity::find()
            .filter(tier_move::Column::Direction.eq("restore"))
            .count(&app.state.ctx.db)
            .await
            .expect("db");
        assert_eq!(moves, 1);
        let ben = app.emailed_token("ben@example.com", "/restored/").await;
        let cy = app.emailed_token("cy@example.com", "/restored/").await;
        let (status, photo) = get(&app, &app.stranger(), &format!("/restored/{cy}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(photo, std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("corpus"));

        // The same checks as a live download: the photographer turns downloads off, and the
        // link stops at once; on again, it works again.
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(false)).await;
        let (status, _) = get(&app, &app.stranger(), &format!("/restored/{ben}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        let (status, _) = get(&app, &app.stranger(), &format!("/restored/{ben}")).await;
        assert_eq!(status, StatusCode::OK);

        // Nobody else archives or reads this gallery's storage.
        let stranger = app.stranger();
        crate::support::sign_up_with(&stranger, &app, "eve@example.com").await;
        for endpoint in ["galleries/archive", "galleries/restore", "galleries/storage"] {
            let response = crate::support::call_with(&stranger, &app.base, endpoint, &[("id", &gallery)]).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{endpoint}");
        }
        // A visitor asking with someone else's malformed address is refused with a sentence.
        let bad = post_json(
            &client,
            &app.base,
            "restore/ask",
            json!({ "slug": "garden", "wish": wish_all(), "email": "not an address" }),
        )
        .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn the_photographer_restores_a_gallery_for_good_and_age_leaves_it_live() {
    for_each_db(|app| async move {
        let (gallery, images, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        let response = app.call("galleries/restore", &[("id", &gallery)]).await;
        assert_eq!(response.status(), StatusCode::OK);
        app.run_jobs().await;
        for id in &images {
            let found = row(&app, id).await;
            assert!(found.original_live && found.restored_until.is_none(), "live for good");
            assert!(app.live_original(id).await.is_some());
        }
        let (status, _) = get(&app, &client, ALL_ORIGINALS).await;
        assert_eq!(status, StatusCode::OK);
        // Age does not archive a gallery restored by hand, nor does a restore's end.
        let much_later = chrono::Utc::now() + chrono::Duration::days(800);
        backend::archive::tiering::archive_old(&app.state.ctx, much_later).await.expect("archive old");
        backend::archive::tiering::expire_restores(&app.state.ctx, much_later).await.expect("expire");
        assert!(row(&app, &images[0]).await.original_live);
        let storage: Value = app.call("galleries/storage", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(storage["keep_live"], true);
        assert_eq!(storage["archived_photos"], 0);
    })
    .await;
}

#[tokio::test]
async fn age_archives_old_images_only_and_a_crash_between_any_two_steps_loses_nothing() {
    for_each_db(|app| async move {
        let (_gallery, images, client) = gallery(&app).await;
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now();
        // Younger than the configured age: nothing moves.
        backend::archive::tiering::archive_old(ctx, now).await.expect("archive old");
        assert!(row(&app, &images[0]).await.original_live);
        let garden = std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("corpus");
        let sha = hex::encode(Sha256::digest(&garden));

        // Crash after the copy, before the row: the live copy still serves; running again
        // finishes, reading back the copy already there.
        let found = row(&app, &images[0]).await;
        let files = backend::archive::files::tier_files(ctx, &found).await.expect("files");
        backend::archive::moves::copy_checked(&ctx.storage, &ctx.archive, &files[0]).await.expect("copy");
        let (status, _) = get(&app, &client, &format!("/download/{}/original", images[0])).await;
        assert_eq!(status, StatusCode::OK);
        // A copy spoilt in the archive meanwhile is found out and written anew, never trusted.
        app.put_archived_original(&images[0], vec![0u8; garden.len()]).await;
        let year_later = now + chrono::Duration::days(366);
        backend::archive::tiering::archive_old(ctx, year_later).await.expect("archive old");
        assert_eq!(hex::encode(Sha256::digest(app.archived_original(&images[0]).await.expect("copy"))), sha);
        assert!(!row(&app, &images[0]).await.original_live);

        // Crash after the row, before the delete: the row says archived, so nothing is served
        // from the leftover live copy, and the sweep removes it once it is past the grace.
        let small = row(&app, &images[1]).await;
        let small_files = backend::archive::files::tier_files(ctx, &small).await.expect("files");
        assert!(!small.original_live, "archived by age with the other");
        app.put_live_original(&images[1], app.archived_original(&images[1]).await.expect("archived")).await;
        let (status, _) = get(&app, &client, &format!("/download/{}/original", images[1])).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // A copy to the archive cut off by a crash is swept there too.
        // (A local archive only: on S3 an unfinished upload shows no object at all.)
        let half = ctx.config.archive.folder().map(|root| root.join("incoming").join(uuid::Uuid::new_v4().to_string()));
        if let Some(half) = &half {
            std::fs::create_dir_all(half.parent().expect("folder")).expect("folder");
            std::fs::write(half, b"half a copy").expect("leftover");
        }
        let swept = backend::storage::sweep::sweep_storage(ctx, now + chrono::Duration::days(1)).await.expect("sweep");
        assert!(swept.unreferenced >= 1 && swept.incoming >= usize::from(half.is_some()), "{swept:?}");
        assert!(app.live_original(&images[1]).await.is_none());
        assert!(half.is_none_or(|half| !half.exists()));
        // Checked copies in the archive stay, the live image's spare among them.
        assert!(app.archived_original(&images[1]).await.is_some());
        assert!(app.archived_original(&images[0]).await.is_some());

        // Crash in a restore after the copy back, before the row: the request waits; the job run
        // again checks the copy already there and serves it once.
        let asked = ben_asks(&app, &client, json!({ "target": { "Image": images[1] }, "size": "Original" })).await;
        assert_eq!(asked.status(), StatusCode::OK);
        backend::archive::moves::copy_checked(&ctx.archive, &ctx.storage, &small_files[0]).await.expect("copy back");
        app.run_jobs().await;
        assert_eq!(app.mail_to("ben@example.com").await.len(), 1);
        assert!(row(&app, &images[1]).await.original_live);
        // A damaged copy in the archive is never restored as good: the job fails and retries,
        // the request waits, nothing is mailed.
        let gallery_id = small.gallery_id;
        backend::archive::tiering::archive_gallery(ctx, gallery_id, now).await.expect("archive again");
        app.put_archived_original(&images[0], b"spoilt".to_vec()).await;
        let asked = ben_asks(&app, &client, json!({ "target": { "Image": images[0] }, "size": "Original" })).await;
        assert_eq!(asked.status(), StatusCode::OK);
        let served = backend::archive::restoring::serve_restores(ctx, gallery_id).await;
        assert!(served.is_err());
        assert!(app.live_original(&images[0]).await.is_none());
        assert_eq!(app.mail_to("ben@example.com").await.len(), 1);
        // It is marked damaged and its photographer told; run again, the request is answered
        // and its link says what happened instead of waiting for ever.
        assert!(row(&app, &images[0]).await.damaged_at.is_some());
        assert!(app.mail_to("anna@example.com").await.iter().any(|m| m.body_text.contains("garden.jpg")));
        backend::archive::restoring::serve_restores(ctx, gallery_id).await.expect("served");
        let link = app.emailed_token("ben@example.com", "/restored/").await;
        let (status, body) = get(&app, &app.stranger(), &format!("/restored/{link}")).await;
        assert!(status.is_server_error() || status.is_client_error(), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("garden.jpg"), "{}", String::from_utf8_lossy(&body));
    })
    .await;
}

#[tokio::test]
async fn a_delivery_recipient_asks_for_archived_originals_and_the_link_serves_their_package() {
    for_each_db(|app| async move {
        let (gallery, images, _client) = gallery(&app).await;
        let ids: Vec<&str> = images.iter().map(String::as_str).collect();
        let package = app.make_package(&gallery, &ids).await;
        let token = delivery_token(&app, &gallery, &package, "Anna").await;
        archive_now(&app, &gallery).await;

        // The page says which sizes wait; their ZIP answers the restore prompt, HD still downloads.
        let recipient = app.stranger();
        let shown: Value = post_json(&recipient, &app.base, "delivery/page", json!({ "token": token }))
            .await
            .json()
            .await
            .expect("page");
        assert_eq!(shown["restore"], json!(["Original"]), "{shown}");
        assert_eq!(shown["images"][0]["archived"], true);
        let (status, _) = get(&app, &recipient, &format!("/delivery-files/{token}/zip/original")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = get(&app, &recipient, &format!("/delivery-files/{token}/zip/hd")).await;
        assert_eq!(status, StatusCode::OK);

        let estimate: Value = post_json(
            &recipient,
            &app.base,
            "delivery/restore_estimate",
            json!({ "token": token, "size": "Original" }),
        )
        .await
        .json()
        .await
        .expect("estimate");
        assert_eq!(estimate["photos"], 2, "{estimate}");
        let asked = anna_asks(&app, &recipient, &token).await;
        assert_eq!(asked.status(), StatusCode::OK);
        // A guessed delivery token asks for nothing.
        let guessed = anna_asks(&app, &recipient, "0123456789abcdef0123456789abcdef").await;
        assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
        app.run_jobs().await;
        let restored = app.emailed_token("anna@couple.example", "/restored/").await;
        let (status, from_link) = get(&app, &app.stranger(), &format!("/restored/{restored}")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, live_zip) = get(&app, &recipient, &format!("/delivery-files/{token}/zip/original")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(from_link, live_zip, "the emailed link serves the package's own ZIP");

        // Revoking the recipient's link stops the emailed one too.
        let listed: Value = app.call("delivery/list", &[("gallery", &gallery)]).await.json().await.expect("list");
        let link_id = listed[0]["links"][0]["id"].clone();
        let revoked = app.call_json("delivery/revoke", json!({ "gallery": gallery, "link": link_id })).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        let (status, _) = get(&app, &app.stranger(), &format!("/restored/{restored}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Back in the archive, asked for through a new link; the package is deleted before the
        // restore runs: nobody is mailed a link that could only be refused.
        backend::archive::tiering::expire_restores(&app.state.ctx, chrono::Utc::now() + chrono::Duration::days(8))
            .await
            .expect("expire");
        // A link that runs out while the originals are on their way: the restore is not made,
        // and nobody is mailed a link that could only be refused.
        let token = delivery_token(&app, &gallery, &package, "Anna, for a day").await;
        let asked = anna_asks(&app, &recipient, &token).await;
        assert_eq!(asked.status(), StatusCode::OK);
        {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let ended = chrono::Utc::now() - chrono::Duration::minutes(1);
            backend::entities::delivery_link::Entity::update_many()
                .col_expr(
                    backend::entities::delivery_link::Column::ExpiresAt,
                    sea_orm::sea_query::Expr::value(Some(ended)),
                )
                .filter(backend::entities::delivery_link::Column::Token.eq(token.as_str()))
                .exec(&app.state.ctx.db)
                .await
                .expect("its last day passes");
        }
        let mailed = app.mail_to("anna@couple.example").await.len();
        app.run_jobs().await;
        assert_eq!(app.mail_to("anna@couple.example").await.len(), mailed, "no mail for a link run out");
        assert!(app.live_original(&images[0]).await.is_none(), "nothing restored for it");

        let token = delivery_token(&app, &gallery, &package, "Anna again").await;
        let asked = anna_asks(&app, &recipient, &token).await;
        assert_eq!(asked.status(), StatusCode::OK);
        let deleted = app.call_json("delivery/delete", json!({ "gallery": gallery, "package": package })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let mailed = app.mail_to("anna@couple.example").await.len();
        app.run_jobs().await;
        assert_eq!(app.mail_to("anna@couple.example").await.len(), mailed, "no mail for a deleted package");
    })
    .await;
}

#[tokio::test]
async fn a_restore_given_up_tells_its_requester_and_the_photographer_and_may_be_asked_again() {
    use backend::jobs::JobKind;
    for_each_db(|app| async move {
        let (gallery, _images, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        let ask = || ben_asks(&app, &client, wish_all());
        assert_eq!(ask().await.status(), StatusCode::OK);
        // Every try failed (as when the archive is unreachable for hours): the worker gives up.
        let gallery_id = uuid::Uuid::parse_str(&gallery).expect("uuid");
        backend::archive::restoring::ServeRestores { gallery: gallery_id }
            .give_up(&app.state.ctx)
            .await
            .expect("give up");
        let request = restore_request::Entity::find().one(&app.state.ctx.db).await.expect("db").expect("request");
        assert_eq!(request.status, "failed");
        assert!(request.token_hash.is_none(), "no link was ever made");
        let told = app.mail_to("ben@example.com").await;
        assert_eq!(told.len(), 1);
        assert!(told[0].subject.contains("could not be restored"));
        let photographer = app.mail_to("anna@example.com").await;
        assert!(
            photographer
                .iter()
                .any(|m| m.subject.contains("could not be restored") && m.body_text.contains("ben@example.com"))
        );
        // Asking again is a new request, served as usual.
        assert_eq!(ask().await.status(), StatusCode::OK);
        assert_eq!(restore_request::Entity::find().count(&app.state.ctx.db).await.expect("db"), 2);
        app.run_jobs().await;
        let token = app.emailed_token("ben@example.com", "/restored/").await;
        assert_eq!(get(&app, &app.stranger(), &format!("/restored/{token}")).await.0, StatusCode::OK);
    })
    .await;
}

/// With an S3 archive, what moves there is written in the archive's storage class, and what
/// stays live is not (an S3 run only: a folder has no classes).
#[tokio::test]
async fn archived_objects_carry_the_archive_storage_class() {
    use backend::storage::place::Place;
    use object_store::signer::Signer;
    if !crate::support::on_s3() {
        eprintln!("not on S3: a folder has no storage classes");
        return;
    }
    let app = TestApp::start_configured(crate::support::Db::Sqlite, false, |config| {
        if let Place::Bucket(archive) = &mut config.archive {
            archive.storage_class = Some("GLACIER_IR".to_owned());
        }
    })
    .await;
    let (gallery, images, _client) = gallery(&app).await;
    archive_now(&app, &gallery).await;
    let class_of = |place: &Place, object: String| {
        let Place::Bucket(bucket) = place.clone() else { panic!("a bucket") };
        async move {
            let mut builder = object_store::aws::AmazonS3Builder::new()
                .with_bucket_name(&bucket.name)
                .with_crypto_provider(std::sync::Arc::new(backend::storage::s3_client::S3Crypto))
                .with_http_connector(backend::storage::s3_client::S3Http);
            for (key, value) in &bucket.options {
                builder = builder.with_config(key.parse().expect("an S3 setting"), value);
            }
            let s3 = builder.build().expect("s3");
            let path = object_store::path::Path::from(format!("{}/{object}", bucket.prefix));
            let url =
                s3.signed_url(reqwest::Method::HEAD, &path, std::time::Duration::from_secs(60)).await.expect("sign");
            let head = reqwest::Client::new().head(url).send().await.expect("head");
            assert_eq!(head.status(), StatusCode::OK, "{object}");
            head.headers().get("x-amz-storage-class").map(|v| v.to_str().expect("ascii").to_owned())
        }
    };
    let config = &app.state.ctx.config;
    let archived = class_of(&config.archive, format!("originals/{}", images[0])).await;
    assert_eq!(archived.as_deref(), Some("GLACIER_IR"));
    let preview = class_of(&config.storage, format!("renditions/{}/hd.jpg", images[0])).await;
    assert_ne!(preview.as_deref(), Some("GLACIER_IR"), "previews stay in the live class");
}

#[tokio::test]
async fn a_late_archive_run_does_not_undo_the_photographers_restore() {
    use backend::jobs::{queue, worker};
    for_each_db(|app| async move {
        let (gallery, images, client) = gallery(&app).await;
        let ctx = &app.state.ctx;
        // "Archive now": a worker claims its job and stalls.
        assert_eq!(app.call("galleries/archive", &[("id", &gallery)]).await.status(), StatusCode::OK);
        let now = chrono::Utc::now().timestamp_millis();
        let stalled = queue::claim(&ctx.db, "stalled", now, 1_000).await.expect("claim").expect("the archive job");
        assert_eq!(stalled.kind, "archive_gallery");
        // The photographer changes their mind, and the restore runs (nothing was moved yet).
        assert_eq!(app.call("galleries/restore", &[("id", &gallery)]).await.status(), StatusCode::OK);
        app.run_jobs().await;
        // Once the stalled worker's lease lapses, its job runs again, late: the restore stands.
        while worker::run_once(ctx, "late", now + 5_000).await.expect("queue") {}
        for id in &images {
            assert!(row(&app, id).await.original_live, "archived after the photographer's restore");
            assert!(app.live_original(id).await.is_some());
        }
        let (status, _) = get(&app, &client, ALL_ORIGINALS).await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}

/// A ZIP of archived originals the free high-res quota cannot hold is refused when asked for,
/// with the number left: not restored from the archive first, to be refused from its link.
#[tokio::test]
async fn a_restore_the_quota_could_never_let_through_is_refused_up_front() {
    for_each_db(|app| async move {
        let (gallery, _images, client) = gallery(&app).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["high_res_quota"] = json!(1);
        })
        .await;
        archive_now(&app, &gallery).await;
        let asked = ben_asks(&app, &client, wish_all()).await;
        assert_eq!(asked.status(), StatusCode::FORBIDDEN);
        let sentence = asked.text().await.expect("body");
        assert!(sentence.contains("would use 2 photos") && sentence.contains("there is 1 left"), "{sentence}");
        assert_eq!(restore_request::Entity::find().count(&app.state.ctx.db).await.expect("db"), 0);
    })
    .await;
}

/// The photographer downloading an archived original from their own gallery's page is asked for
/// a restore like anyone, and the emailed link serves it as theirs: not as a stranger's (the
/// gallery has no public link, so a stranger finds nothing there).
/// The photographer archives "garden" and asks, from its page, for its first photo's original,
/// the link to go to `email`.
async fn photographer_asks(app: &TestApp, email: &str) {
    let (gallery, images, _client) = gallery(app).await;
    archive_now(app, &gallery).await;
    let wish = json!({ "target": { "Image": images[0] }, "size": "Original" });
    let asked =
        post_json(&app.client, &app.base, "restore/ask", json!({ "slug": "garden", "wish": wish, "email": email }))
            .await;
    assert_eq!(asked.status(), StatusCode::OK, "{}", asked.text().await.unwrap_or_default());
}

#[tokio::test]
async fn the_photographers_own_restore_link_serves_them() {
    for_each_db(|app| async move {
        photographer_asks(&app, "anna@example.com").await;
        app.run_jobs().await;
        let token = app.emailed_token("anna@example.com", "/restored/").await;
        let (status, body) = get(&app, &app.stranger(), &format!("/restored/{token}")).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        assert_eq!(body, std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("corpus"));
    })
    .await;
}

/// The photographer's restore link speaks for the studio as it stood: a password reset (after a
/// session was stolen, say) ends it, as it ends every session.
#[tokio::test]
async fn a_password_reset_ends_the_photographers_restore_link() {
    for_each_db(|app| async move {
        photographer_asks(&app, "someone@elsewhere.example").await;
        crate::support::call_with(&app.stranger(), &app.base, "auth/forgot", &[("email", "anna@example.com")]).await;
        app.run_jobs().await;
        let token = app.emailed_token("someone@elsewhere.example", "/restored/").await;
        let (status, _) = get(&app, &app.stranger(), &format!("/restored/{token}")).await;
        assert_eq!(status, StatusCode::OK, "the link works until the reset");
        let reset = app.emailed_token("anna@example.com", "/reset/").await;
        let form = [("token", reset.as_str()), ("password", "a brand new password")];
        let done = crate::support::call_with(&app.stranger(), &app.base, "auth/reset", &form).await;
        assert!(done.status().is_success() || done.status().is_redirection(), "{}", done.status());
        let (status, body) = get(&app, &app.stranger(), &format!("/restored/{token}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&body));
    })
    .await;
}

/// A gallery deleted while a visitor waits for its archived originals: the restore ends there,
/// nothing is restored for it and no "ready" mail goes out with a link to a gallery that is gone.
#[tokio::test]
async fn deleting_a_gallery_ends_the_restores_its_visitors_wait_for() {
    for_each_db(|app| async move {
        let (gallery, _, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        let asked = ben_asks(&app, &client, wish_all()).await;
        assert_eq!(asked.status(), StatusCode::OK);
        let deleted = app.call("galleries/delete", &[("id", &gallery)]).await;
        assert!(deleted.status().is_success() || deleted.status().is_redirection(), "{}", deleted.status());
        app.run_jobs().await;
        let request = restore_request::Entity::find().one(&app.state.ctx.db).await.expect("db").expect("request");
        assert_eq!(request.status, "expired");
        assert!(app.mail_to("ben@example.com").await.is_empty(), "no mail about a gallery that is gone");
    })
    .await;
}

/// An original lost from the archive does not hold back the gallery's other photos: restoring
/// by hand brings the others back, marks the lost one damaged and tells the photographer which
/// to upload again. A visitor's restore keeps the days its link promised through the
/// photographer's "Restore" and a later "Archive now", and goes back when they end.
#[tokio::test]
async fn a_photo_lost_from_the_archive_is_marked_damaged_and_visitors_windows_survive_restore_and_archive() {
    for_each_db(|app| async move {
        let (gallery, images, client) = archived_gallery_of_three(&app).await;
        let ctx = &app.state.ctx;
        let gallery_id = row(&app, &images[0]).await.gallery_id;
        // Ben's link to one photo, restored for its window.
        let wish = json!({ "target": { "Image": images[1] }, "size": "Original" });
        let asked = ben_asks(&app, &client, wish.clone()).await;
        assert_eq!(asked.status(), StatusCode::OK);
        app.run_jobs().await;
        let link = format!("/restored/{}", app.emailed_token("ben@example.com", "/restored/").await);
        assert_eq!(get(&app, &app.stranger(), &link).await.0, StatusCode::OK);

        // The archive loses garden.jpg; the photographer restores the gallery.
        ctx.archive.delete(crate::support::original_key(&images[0])).await.expect("lose it");
        assert_eq!(app.call("galleries/restore", &[("id", &gallery)]).await.status(), StatusCode::OK);
        let first = backend::archive::restoring::restore_gallery(ctx, gallery_id).await;
        assert!(first.is_err(), "the run that finds it missing fails, to be tried again");
        backend::archive::restoring::restore_gallery(ctx, gallery_id).await.expect("the next run passes it by");
        let lost = row(&app, &images[0]).await;
        assert!(lost.damaged_at.is_some() && !lost.original_live);
        assert!(app.mail_to("anna@example.com").await.iter().any(|m| m.subject.contains("garden.jpg")));
        assert!(row(&app, &images[2]).await.original_live, "the other photos came back");
        let storage: Value = app.call("galleries/storage", &[("id", &gallery)]).await.json().await.expect("storage");
        assert_eq!(
            (storage["lost_photos"].as_u64(), storage["archived_photos"].as_u64()),
            (Some(1), Some(0)),
            "{storage}"
        );
        assert!(app.live_original(&images[2]).await.is_some());
        let (status, body) = get(&app, &client, &format!("/download/{}/original", images[0])).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(String::from_utf8_lossy(&body).contains("upload it again"));

        // "Archive now" before Ben's window ends: his link still works; the rest is archived.
        archive_now(&app, &gallery).await;
        assert!(!row(&app, &images[2]).await.original_live);
        assert_eq!(get(&app, &app.stranger(), &link).await.0, StatusCode::OK, "the promised days are kept");
        let later = chrono::Utc::now() + chrono::Duration::days(8);
        backend::archive::tiering::expire_restores(ctx, later).await.expect("expire");
        assert!(!row(&app, &images[1]).await.original_live, "its window over, it goes back");
        assert_eq!(get(&app, &app.stranger(), &link).await.0, StatusCode::FORBIDDEN);

        // Restored by hand while a visitor's window runs, the gallery stays live when it ends.
        let asked = ben_asks(&app, &client, wish).await;
        assert_eq!(asked.status(), StatusCode::OK);
        app.run_jobs().await;
        assert!(row(&app, &images[1]).await.restored_until.is_some());
        assert_eq!(app.call("galleries/restore", &[("id", &gallery)]).await.status(), StatusCode::OK);
        app.run_jobs().await;
        backend::archive::tiering::expire_restores(ctx, later).await.expect("expire");
        for id in &images[1..] {
            assert!(row(&app, id).await.original_live, "a gallery restored by hand stays live");
        }
    })
    .await;
}

/// An archive out of reach (a volume that did not mount: every original missing from it) is no
/// loss: the restore fails, to be tried again, and no photo is marked damaged.
#[tokio::test]
async fn an_archive_out_of_reach_marks_nothing_damaged() {
    for_each_db(|app| async move {
        let (gallery, images, _client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        let ctx = &app.state.ctx;
        for id in &images {
            ctx.archive.delete(crate::support::original_key(id)).await.expect("out of reach");
        }
        let gallery_id = row(&app, &images[0]).await.gallery_id;
        assert_eq!(app.call("galleries/restore", &[("id", &gallery)]).await.status(), StatusCode::OK);
        assert!(backend::archive::restoring::restore_gallery(ctx, gallery_id).await.is_err());
        for id in &images {
            assert!(row(&app, id).await.damaged_at.is_none(), "not lost, only out of reach");
        }
        assert!(!app.mail_to("anna@example.com").await.iter().any(|m| m.subject.contains("damaged")));
    })
    .await;
}

/// A double tap on "Ask for a restore" (two requests at the same moment) makes one request: one
/// restore, one mail.
#[tokio::test]
async fn a_double_tap_asks_for_one_restore() {
    for_each_db(|app| async move {
        let (gallery, _images, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        let ask = || ben_asks(&app, &client, wish_all());
        let (first, second) = tokio::join!(ask(), ask());
        assert_eq!((first.status(), second.status()), (StatusCode::OK, StatusCode::OK));
        assert_eq!(restore_request::Entity::find().count(&app.state.ctx.db).await.expect("db"), 1);
        app.run_jobs().await;
        assert_eq!(app.mail_to("ben@example.com").await.len(), 1);
    })
    .await;
}

/// What a visitor asked to restore is deleted (or their link revoked) before the restore runs:
/// nothing is restored for them, and nobody is mailed a link that could only be refused.
#[tokio::test]
async fn a_restore_whose_photos_are_deleted_meanwhile_is_ended_unmailed() {
    for_each_db(|app| async move {
        let (gallery, images, client) = gallery(&app).await;
        archive_now(&app, &gallery).await;
        assert_eq!(ben_asks(&app, &client, wish_all()).await.status(), StatusCode::OK);
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": images })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let mailed = app.mail_to("ben@example.com").await.len();
        app.run_jobs().await;
        assert_eq!(app.mail_to("ben@example.com").await.len(), mailed, "no mail");
        for id in &images {
            assert!(!row(&app, id).await.original_live, "nothing restored");
        }
        let ended = restore_request::Entity::find().one(&app.state.ctx.db).await.expect("db").expect("the request");
        assert_eq!(ended.status, "expired");
    })
    .await;
}

/// A visitor's restore of the whole gallery that finds a photo lost from the archive is served
/// without it, and the end of its window takes the others back (the lost one has nothing to take
/// back, and must not stop the rest).
#[tokio::test]
async fn a_restore_that_meets_a_lost_photo_is_served_and_ends_cleanly() {
    for_each_db(|app| async move {
        let (_, images, client) = archived_gallery_of_three(&app).await;
        let ctx = &app.state.ctx;
        ctx.archive.delete(crate::support::original_key(&images[0])).await.expect("lose it");
        let asked = ben_asks(&app, &client, wish_all()).await;
        assert_eq!(asked.status(), StatusCode::OK);
        let gallery_id = row(&app, &images[0]).await.gallery_id;
        assert!(backend::archive::restoring::serve_restores(ctx, gallery_id).await.is_err(), "finds it lost");
        backend::archive::restoring::serve_restores(ctx, gallery_id).await.expect("served without it");
        assert_eq!(app.mail_to("ben@example.com").await.len(), 1);
        assert!(row(&app, &images[0]).await.restored_until.is_none(), "no window for a lost photo");
        let later = chrono::Utc::now() + chrono::Duration::days(8);
        backend::archive::tiering::expire_restores(ctx, later).await.expect("the window ends");
        for id in &images[1..] {
            assert!(!row(&app, id).await.original_live, "taken back");
        }
    })
    .await;
}
