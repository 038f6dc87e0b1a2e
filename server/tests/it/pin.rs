//! The download PIN: every download route needs it once per session, and wrong PINs are throttled
//! per (address, gallery), per gallery and per address.

use crate::support::{TestApp, call_with, for_each_db};
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn downloads_with_pin(app: &TestApp, slug: &str) -> (String, String) {
    let gallery = app.create_gallery(slug, slug).await;
    app.save_settings(&gallery, |s| {
        s["switches"]["downloads"] = json!(true);
        s["email_tracking"] = json!(false);
    })
    .await;
    app.publish_publicly(&gallery).await;
    let pin: String = app.call("access/set_pin", &[("id", &gallery), ("pin", "")]).await.json().await.expect("pin");
    (gallery, pin)
}

async fn give(app: &TestApp, client: &Client, slug: &str, pin: &str, from: &str) -> reqwest::Response {
    client
        .post(app.url("/api/downloads/pin"))
        .header("X-Forwarded-For", from)
        .form(&[("slug", slug), ("pin", pin)])
        .send()
        .await
        .expect("pin")
}

fn wrong(pin: &str) -> String {
    if pin == "0000" { "1111".to_owned() } else { "0000".to_owned() }
}

#[tokio::test]
async fn every_download_route_needs_the_pin_until_given() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let (gallery, pin) = downloads_with_pin(&app, "wedding").await;
        assert!(pin.len() == 4 && pin.bytes().all(|b| b.is_ascii_digit()), "{pin}");
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        let guest = app.stranger();
        let download = format!("/download/{image}/hd");
        for path in [download.as_str(), "/zip/wedding/all/hd"] {
            let response = guest.get(app.url(path)).send().await.expect("req");
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
            assert!(response.text().await.expect("body").contains("PIN"));
        }
        let check = guest
            .post(app.url("/api/downloads/check"))
            .json(&json!({ "slug": "wedding", "target": { "Image": image }, "size": "Hd" }))
            .send()
            .await
            .expect("check");
        assert_eq!(check.status(), StatusCode::UNAUTHORIZED);
        // The PIN never reaches the browser.
        let page = guest.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(!page.contains(&format!("\"{pin}\"")));

        assert_eq!(give(&app, &guest, "wedding", &wrong(&pin), "198.51.100.1").await.status(), StatusCode::FORBIDDEN);
        assert_eq!(give(&app, &guest, "wedding", &pin, "198.51.100.1").await.status(), StatusCode::OK);
        assert_eq!(guest.get(app.url(&download)).send().await.expect("req").status(), StatusCode::OK);
        assert_eq!(guest.get(app.url("/zip/wedding/all/hd")).send().await.expect("req").status(), StatusCode::OK);

        // A new PIN: those who gave the old one must give the new one.
        let new_pin: String =
            app.call("access/set_pin", &[("id", &gallery), ("pin", "424242")]).await.json().await.expect("pin");
        assert_eq!(new_pin, "424242");
        assert_eq!(guest.get(app.url(&download)).send().await.expect("req").status(), StatusCode::UNAUTHORIZED);
        let short = app.call("access/set_pin", &[("id", &gallery), ("pin", "12")]).await;
        assert_eq!(short.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn wrong_pins_are_throttled_per_address_per_gallery_and_per_address_across_galleries() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let (gallery, pin) = downloads_with_pin(&app, "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        let bad = wrong(&pin);
        let guest = app.stranger();
        // Per address and gallery: 5 failures, then 429 with Retry-After, even for the right PIN.
        for _ in 0..5 {
            assert_eq!(give(&app, &guest, "wedding", &bad, "198.51.100.1").await.status(), StatusCode::FORBIDDEN);
        }
        let throttled = give(&app, &guest, "wedding", &pin, "198.51.100.1").await;
        assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = throttled.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
        assert!((800..=900).contains(&wait), "{wait}");
        assert!(throttled.text().await.expect("body").contains("Wait 15 minutes"));
        // Another address may still try: the right PIN works there.
        let other = app.stranger();
        assert_eq!(give(&app, &other, "wedding", &pin, "198.51.100.2").await.status(), StatusCode::OK);
        // Per gallery: 10 failures in a day lock PIN entry for everyone for 24 hours…
        for n in 0..5 {
            let from = format!("203.0.113.{n}");
            assert_eq!(give(&app, &app.stranger(), "wedding", &bad, &from).await.status(), StatusCode::FORBIDDEN);
        }
        let locked = give(&app, &app.stranger(), "wedding", &pin, "192.0.2.77").await;
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = locked.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
        assert!(wait > 23 * 3600, "{wait}");
        // …while a session that already gave the PIN keeps downloading.
        let download = other.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("req");
        assert_eq!(download.status(), StatusCode::OK);

        // Per address across galleries: 20 failures in an hour, 4 per gallery (under the per-gallery
        // limits), then 429 on a fifth gallery.
        let mut slugs = Vec::new();
        for n in 0..6 {
            let slug = format!("other-{n}");
            downloads_with_pin(&app, &slug).await;
            slugs.push(slug);
        }
        let roamer = app.stranger();
        for slug in &slugs[..5] {
            for _ in 0..4 {
                let response = give(&app, &roamer, slug, "999999", "198.51.100.9").await;
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{slug}");
            }
        }
        let blocked = give(&app, &roamer, &slugs[5], "999999", "198.51.100.9").await;
        assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = blocked.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
        assert!((3000..=3600).contains(&wait), "{wait}");
        // No guessing for links without downloads at all.
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(false)).await;
        let closed =
            call_with(&app.stranger(), &app.base, "downloads/pin", &[("slug", "wedding"), ("pin", "1234")]).await;
        assert_eq!(closed.status(), StatusCode::FORBIDDEN);
    })
    .await;
}
