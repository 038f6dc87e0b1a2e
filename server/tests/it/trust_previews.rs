//! Previews are never the download a visitor may not take: the HD and 4K renditions are the HD
//! and 4K downloads byte for byte, so a visitor sees them only when that download is free for
//! them right now; everyone else views the 1600 px screen size.

use crate::support::{TestApp, call_with, for_each_db};
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn status(app: &TestApp, client: &Client, path: String) -> StatusCode {
    client.get(app.url(&path)).send().await.expect("request").status()
}

#[tokio::test]
async fn hd_previews_only_for_those_who_may_take_the_hd_download_freely() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let (open, closed) = (app.make_set(&gallery, "Open").await, app.make_set(&gallery, "Closed").await);
        let images = app.upload_tiny(&gallery, 2).await;
        // Photos bigger than the screen size, so every rendition is its own file.
        let big = app.upload_ok(&gallery, "demo/garden.jpg").await;
        app.run_jobs().await;
        app.move_image(&gallery, &images[0], &open).await;
        app.move_image(&gallery, &images[1], &closed).await;
        app.move_image(&gallery, &big, &open).await;
        app.publish_publicly(&gallery).await;
        let guest = app.stranger();
        // Downloads off: screen size for everyone but the owner.
        assert_eq!(status(&app, &guest, format!("/media/{big}/1600")).await, StatusCode::OK);
        assert_eq!(status(&app, &guest, format!("/media/{big}/hd")).await, StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &app.client, format!("/media/{big}/hd")).await, StatusCode::OK);
        let screen =
            guest.get(app.url(&format!("/media/{big}/1600"))).send().await.expect("req").bytes().await.expect("bytes");
        let decoded = image::load_from_memory(&screen).expect("a JPEG");
        assert_eq!(decoded.width().max(decoded.height()), 1600, "the screen size is 1600 px on the long edge");

        // Downloads on, email tracking on: HD is free only once the email is given.
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        assert_eq!(
            status(&app, &guest, format!("/media/{big}/hd")).await,
            StatusCode::NOT_FOUND,
            "the email is still owed"
        );
        call_with(&guest, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "guest@example.com")]).await;
        assert_eq!(status(&app, &guest, format!("/media/{big}/hd")).await, StatusCode::OK);
        // The HD preview is the HD download's bytes: the browser asks again each time (so a PIN
        // set later stops it at once, below), where a screen preview is kept.
        let caching = |path: String| {
            let guest = guest.clone();
            let url = app.url(&path);
            async move { guest.get(url).send().await.expect("req").headers()["cache-control"].clone() }
        };
        assert_eq!(caching(format!("/media/{big}/hd")).await, "private, no-cache");
        assert_eq!(caching(format!("/media/{big}/1600")).await, "private, max-age=2592000, immutable");
        // Guests take web sizes only: no 4K preview.
        assert_eq!(status(&app, &guest, format!("/media/{big}/4k")).await, StatusCode::NOT_FOUND);
        // A role without the right to web sizes: no HD preview.
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["rights"]["guest"] = json!("HighRes");
        })
        .await;
        assert_eq!(status(&app, &guest, format!("/media/{big}/hd")).await, StatusCode::NOT_FOUND);
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        // A set closed to downloads: no HD preview of its photos; the open set's stay.
        let set_on = app.call_json("access/set_downloads", json!({ "id": gallery, "set": open, "allow": true })).await;
        assert_eq!(set_on.status(), StatusCode::OK);
        assert_eq!(status(&app, &guest, format!("/media/{}/hd", images[1])).await, StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &guest, format!("/media/{}/hd", images[0])).await, StatusCode::OK);
        // A PIN not given yet: no HD preview.
        app.call("access/set_pin", &[("id", &gallery), ("pin", "2468")]).await;
        assert_eq!(status(&app, &guest, format!("/media/{big}/hd")).await, StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &guest, format!("/media/{big}/1600")).await, StatusCode::OK);
        call_with(&guest, &app.base, "downloads/pin", &[("slug", "wedding"), ("pin", "2468")]).await;
        assert_eq!(status(&app, &guest, format!("/media/{big}/hd")).await, StatusCode::OK);
        // What the page links matches: no HD for a fresh guest, the screen size instead.
        let page = app
            .stranger()
            .get(app.url(&format!("/g/wedding?image={big}")))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(page.contains(&format!("/media/{big}/1600")) && !page.contains(&format!("/media/{big}/hd")));
        // The screen preview is never a download's bytes.
        let download = guest
            .get(app.url(&format!("/download/{big}/hd")))
            .send()
            .await
            .expect("download")
            .bytes()
            .await
            .expect("bytes");
        assert_ne!(download, screen);
    })
    .await;
}
