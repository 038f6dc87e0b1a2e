//! A stored original changes on disk (bit rot, a bad copy): the download that reads it must not
//! look like a good file, the scrub finds it on its own, the photographer is told, and the file
//! is refused with a sentence from then on.

use crate::support::{TestApp, for_each_db};
use reqwest::{Client, StatusCode};
use serde_json::json;

/// A published gallery with downloads on, one photo, and a main client who gave an email.
async fn gallery_with_downloads(app: &TestApp, files: &[&str]) -> (Vec<String>, Client) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Wedding", "wedding").await;
    let mut images = Vec::new();
    for file in files {
        images.push(app.upload_ok(&gallery, file).await);
    }
    app.run_jobs().await;
    app.save_settings(&gallery, |s| {
        s["switches"]["downloads"] = json!(true);
        s["email_tracking"] = json!(false);
    })
    .await;
    app.publish(&gallery).await;
    let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
    (images, client)
}

/// Flips one byte in the middle of a stored original.
async fn flip_a_byte(app: &TestApp, image: &str) {
    let mut bytes = app.live_original(image).await.expect("stored original");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    app.put_live_original(image, bytes).await;
}

/// Messages in the outbox to `to`.
async fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    use sea_orm::EntityTrait;
    backend::entities::outbox::Entity::find()
        .all(&app.state.ctx.db)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.to_address == to)
        .map(|m| format!("{}\n{}", m.subject, m.body_text))
        .collect()
}

#[tokio::test]
async fn a_corrupted_original_is_not_served_as_good() {
    for_each_db(|app| async move {
        let (images, client) = gallery_with_downloads(&app, &["demo/storm.jpg"]).await;
        let url = app.url(&format!("/download/{}/original", images[0]));
        flip_a_byte(&app, &images[0]).await;

        // The transfer breaks before its end instead of completing with the recorded ETag.
        let response = client.get(&url).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.bytes().await.is_err(), "a damaged original must not arrive as a complete file");

        // From now on it is known bad: refused with a sentence, and the photographer was told.
        let again = client.get(&url).send().await.expect("request");
        assert_eq!(again.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: serde_json::Value = again.json().await.expect("json");
        let sentence = body["error"].as_str().unwrap_or_default();
        assert!(sentence.contains("storm.jpg") && sentence.contains("damaged"), "{sentence}");
        let told = mails_to(&app, "anna@example.com").await;
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(told[0].contains("storm.jpg"), "{}", told[0]);
        // The renditions made before the damage still show.
        let preview = client.get(app.url(&format!("/media/{}/480", images[0]))).send().await.expect("preview");
        assert_eq!(preview.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn the_scrub_finds_a_damaged_original_and_tells_the_photographer() {
    for_each_db(|app| async move {
        let (images, client) = gallery_with_downloads(&app, &["demo/storm.jpg", "demo/aqua.jpg"]).await;
        flip_a_byte(&app, &images[0]).await;
        let ctx = &app.state.ctx;
        let scrubbed = backend::storage::scrub::scrub_some(ctx, chrono::Utc::now()).await.expect("scrub");
        assert_eq!((scrubbed.checked, scrubbed.damaged), (2, 1), "{scrubbed:?}");
        let told = mails_to(&app, "anna@example.com").await;
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(told[0].contains("storm.jpg"), "{}", told[0]);

        let refused = client.get(app.url(&format!("/download/{}/original", images[0]))).send().await.expect("req");
        assert_eq!(refused.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let zip = client.get(app.url("/zip/wedding/all/original")).send().await.expect("zip");
        assert_eq!(zip.status(), StatusCode::INTERNAL_SERVER_ERROR, "a ZIP would carry the damaged file");
        let good = client.get(app.url(&format!("/download/{}/original", images[1]))).send().await.expect("req");
        assert_eq!(good.status(), StatusCode::OK);
        assert!(good.bytes().await.is_ok());

        // Scrubbed again later: still damaged, told only once.
        backend::storage::scrub::scrub_some(ctx, chrono::Utc::now()).await.expect("scrub");
        assert_eq!(mails_to(&app, "anna@example.com").await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_scrub_marks_nothing_when_the_store_has_lost_every_original() {
    for_each_db(|app| async move {
        let (images, client) = gallery_with_downloads(&app, &["demo/storm.jpg", "demo/aqua.jpg"]).await;
        let ctx = &app.state.ctx;
        let key = |id: &str| crate::support::original_key(id);
        // A volume that did not mount: every original answers "not found".
        let kept: Vec<Vec<u8>> = {
            let mut kept = Vec::new();
            for id in &images {
                kept.push(app.live_original(id).await.expect("stored original"));
                ctx.storage.delete(key(id)).await.expect("delete");
            }
            kept
        };
        let scrubbed = backend::storage::scrub::scrub_some(ctx, chrono::Utc::now()).await.expect("scrub");
        assert_eq!((scrubbed.checked, scrubbed.damaged), (0, 0), "passed by, asked again later: {scrubbed:?}");
        assert!(mails_to(&app, "anna@example.com").await.is_empty(), "nobody is told of damage that is not there");
        // Mounted again: nothing was marked, every original downloads.
        for (id, bytes) in images.iter().zip(kept) {
            app.put_live_original(id, bytes).await;
        }
        let scrubbed = backend::storage::scrub::scrub_some(ctx, chrono::Utc::now()).await.expect("scrub");
        assert_eq!((scrubbed.checked, scrubbed.damaged), (2, 0), "{scrubbed:?}");
        let good = client.get(app.url(&format!("/download/{}/original", images[0]))).send().await.expect("req");
        assert_eq!(good.status(), StatusCode::OK);

        // One original truly missing while the store holds the others: that one is damaged.
        ctx.storage.delete(key(&images[0])).await.expect("delete");
        let later = chrono::Utc::now() + chrono::Duration::days(40);
        let scrubbed = backend::storage::scrub::scrub_some(ctx, later).await.expect("scrub");
        assert_eq!(scrubbed.damaged, 1, "{scrubbed:?}");
        let told = mails_to(&app, "anna@example.com").await;
        assert!(told.len() == 1 && told[0].contains("storm.jpg"), "{told:?}");
    })
    .await;
}
