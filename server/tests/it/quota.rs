//! The high-res quota: exactly N distinct images for all main clients together, also when two
//! clients race with 50 requests at once; counted images stay free; a ZIP over the quota is
//! refused whole with the number left.

use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const QUOTA: usize = 3;

#[tokio::test]
async fn fifty_concurrent_requests_from_two_main_clients_get_exactly_the_quota() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 8).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["high_res_quota"] = json!(QUOTA);
        })
        .await;
        app.publish(&gallery).await;
        let mut clients = Vec::new();
        for email in ["anna@couple.example", "tom@couple.example"] {
            let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
            let given =
                call_with(&client, &app.base, "downloads/email", &[("slug", "wedding"), ("email", email)]).await;
            assert_eq!(given.status(), StatusCode::OK);
            clients.push(client);
        }
        let requests = (0..50).map(|i| {
            let client = clients[i % 2].clone();
            let image = images[(i * 3) % images.len()].clone();
            let url = app.url(&format!("/download/{image}/original"));
            async move {
                let status = client.get(url).send().await.expect("download").status();
                (image, status)
            }
        });
        let results = futures::future::join_all(requests).await;
        let granted: BTreeSet<&String> = results.iter().filter(|(_, s)| *s == StatusCode::OK).map(|(i, _)| i).collect();
        assert_eq!(granted.len(), QUOTA, "{results:?}");
        for (image, status) in &results {
            let expected = if granted.contains(image) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(*status, expected, "every request for a counted image succeeds, every other is refused");
        }
        let access: Value = call_with(&clients[0], &app.base, "client/access", &[("slug", "wedding")])
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(access["facts"]["downloads"]["quota_used"], json!(QUOTA));
        assert_eq!(access["counted"].as_array().map(Vec::len), Some(QUOTA));

        // Counted images stay free for both clients; web sizes never count.
        let free = granted.iter().next().expect("one granted");
        for client in &clients {
            let again = client.get(app.url(&format!("/download/{free}/original"))).send().await.expect("req");
            assert_eq!(again.status(), StatusCode::OK);
        }
        let other = images.iter().find(|i| !granted.contains(i)).expect("an uncounted image");
        let refused = clients[1].get(app.url(&format!("/download/{other}/4k"))).send().await.expect("req");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(refused.text().await.expect("body").contains("3 of 3 free high-res downloads have been used"));
        let web = clients[1].get(app.url(&format!("/download/{other}/hd"))).send().await.expect("req");
        assert_eq!(web.status(), StatusCode::OK);
        // A ZIP over the quota: refused whole, with the number left.
        let zip = clients[0].get(app.url("/zip/wedding/all/original")).send().await.expect("req");
        assert_eq!(zip.status(), StatusCode::FORBIDDEN);
        let sentence = zip.text().await.expect("body");
        assert!(sentence.contains("would use 5 photos") && sentence.contains("there are 0 left"), "{sentence}");
        // Other roles are not counted at all.
        let invited = app.visitor_on(&app.make_link(&gallery, "PhotographerInvited", None).await).await;
        call_with(&invited, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "planner@example.com")])
            .await;
        let planner = invited.get(app.url(&format!("/download/{other}/original"))).send().await.expect("req");
        assert_eq!(planner.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_zip_within_the_quota_counts_all_its_new_images_at_once() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.upload_tiny(&gallery, 3).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
            s["high_res_quota"] = json!(4);
        })
        .await;
        app.publish(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let zip = client.get(app.url("/zip/wedding/all/4k")).send().await.expect("req");
        assert_eq!(zip.status(), StatusCode::OK);
        let access: Value =
            call_with(&client, &app.base, "client/access", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(access["facts"]["downloads"]["quota_used"], json!(3));
        // Someone the client shared with is not held to the quota, and is not told it.
        let friend = app.friend_of(&client, "wedding").await;
        let told: Value =
            call_with(&friend, &app.base, "client/access", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(told["facts"]["downloads"]["quota_used"], json!(0), "{told}");
        assert_eq!(told["facts"]["downloads"]["high_res_quota"], Value::Null, "{told}");
        // The page's hydration data says it as the server function does.
        let quota_in_page = |page: String| {
            let at = page.find("high_res_quota").expect("the page's facts");
            page[at..at + 24].to_owned()
        };
        let theirs = friend.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        let mine = client.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(quota_in_page(mine).contains('4'));
        let theirs = quota_in_page(theirs);
        assert!(theirs.contains("null") && !theirs.contains('4'), "{theirs}");
        // The same ZIP again costs nothing.
        assert_eq!(
            client.get(app.url("/zip/wedding/all/original")).send().await.expect("req").status(),
            StatusCode::OK
        );
    })
    .await;
}

/// The download menu hears what a ZIP holds before it starts, decided as the ZIP itself is: the
/// count and bytes of what it may take, or the quota's refusal, with nothing counted.
#[tokio::test]
async fn a_zip_summary_tells_count_and_bytes_or_the_refusal_and_spends_nothing() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.upload_tiny(&gallery, 4).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
            s["high_res_quota"] = json!(QUOTA);
        })
        .await;
        app.publish(&gallery).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let summary = |size: &'static str| {
            let client = client.clone();
            let base = app.base.clone();
            async move {
                crate::support::post_json(
                    &client,
                    &base,
                    "downloads/zip_summary",
                    json!({ "slug": "wedding", "contents": "All", "size": size }),
                )
                .await
            }
        };
        // Four originals over a quota of three: refused whole, saying so, before anything starts.
        let over = summary("Original").await;
        assert_eq!(over.status(), StatusCode::FORBIDDEN);
        assert!(over.text().await.expect("text").contains(&QUOTA.to_string()));
        // HD never counts: four photos, their bytes estimated until HD files are made.
        let hd = summary("Hd").await;
        assert_eq!(hd.status(), StatusCode::OK);
        let hd: Value = hd.json().await.expect("json");
        assert_eq!(hd["photos"], 4);
        assert!(hd["bytes"].as_u64().expect("bytes") > 0, "{hd}");
        // The HD ZIP itself makes the sizes known: the summary is then exact, and says the
        // archive's photo bytes.
        let zip = client.get(app.url("/zip/wedding/all/hd")).send().await.expect("zip");
        assert_eq!(zip.status(), StatusCode::OK);
        let again: Value = summary("Hd").await.json().await.expect("json");
        assert_eq!(again["exact"], true, "{again}");
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert_eq!(again["bytes"], log["totals"]["bytes"], "{log}");
        // Nothing was counted against the quota by asking.
        let access: Value =
            call_with(&client, &app.base, "client/access", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(access["facts"]["downloads"]["quota_used"], 0);
    })
    .await;
}

/// A probe sends no bytes and spends nothing: a HEAD of a ZIP or of a single original, or a GET
/// answered `304 Not Modified`, counts no photo against the quota all main clients share (nor
/// writes a log line). The GET that sends the file counts it.
#[tokio::test]
async fn a_head_or_a_not_modified_answer_spends_no_free_download() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let (gallery, images) = app.gallery_with_quota("wedding", 3, QUOTA as u32).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let used = || quota_used(&app, &client);
        let zip = client.head(app.url("/zip/wedding/all/original")).send().await.expect("head");
        assert_eq!(zip.status(), StatusCode::OK);
        let single = client.head(app.url(&format!("/download/{}/original", images[0]))).send().await.expect("head");
        assert_eq!(single.status(), StatusCode::OK);
        for url in [format!("/download/{}/4k", images[1]), "/zip/wedding/all/4k".to_owned()] {
            let probe = client.get(app.url(&url)).header("If-None-Match", "*").send().await.expect("probe");
            assert_eq!(probe.status(), StatusCode::NOT_MODIFIED, "{url}");
        }
        assert_eq!(used().await, 0, "nothing was sent, nothing counts");
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert_eq!(log["totals"]["files"], 0, "{log}");
        let sent = client.get(app.url(&format!("/download/{}/original", images[0]))).send().await.expect("get");
        assert_eq!(sent.status(), StatusCode::OK);
        assert_eq!(used().await, 1);
    })
    .await;
}

/// Two main clients race for the last free high-res download from the download menu: the menu's
/// check counts it, so the one who loses reads the quota's sentence on the page (a browser shows a
/// refused download as a failed file, without it), and the winner's download then costs nothing
/// more. A check of a web size, or of a photo already counted, counts nothing.
#[tokio::test]
async fn the_client_who_loses_the_last_free_download_is_told_so_by_the_menu() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let (gallery, images) = app.gallery_with_quota("wedding", 4, 2).await;
        let mut clients = Vec::new();
        for _ in 0..2 {
            clients.push(app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await);
        }
        let check = |n: usize, target: Value, size: &'static str| {
            let client = clients[n].clone();
            let url = app.url("/api/downloads/check");
            async move {
                let body = json!({ "slug": "wedding", "target": target, "size": size });
                let answer = client.post(url).json(&body).send().await.expect("check");
                (answer.status(), answer.text().await.expect("body"))
            }
        };
        let used = || quota_used(&app, &clients[0]);
        // Web sizes never count, checked or not.
        assert_eq!(check(0, json!({ "Image": images[0] }), "Hd").await.0, StatusCode::OK);
        assert_eq!(used().await, 0);
        // Anna's menu takes the first, then a ZIP of her selects would be too much: a whole-gallery
        // ZIP of four is refused with the number left, counting nothing.
        let (status, url) = check(0, json!({ "Image": images[0] }), "Original").await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert_eq!(used().await, 1, "counted by the check");
        let (status, sentence) = check(1, json!({ "Zip": "All" }), "Original").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{sentence}");
        assert_eq!(used().await, 1);
        // Tom's menu takes the last one before Anna's second check: Anna is told, on the page.
        assert_eq!(check(1, json!({ "Image": images[1] }), "FourK").await.0, StatusCode::OK);
        let (status, sentence) = check(0, json!({ "Image": images[2] }), "Original").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(sentence.contains("2 of 2 free high-res downloads have been used"), "{sentence}");
        assert_eq!(used().await, 2);
        // The downloads the checks let through then cost nothing more, and a counted photo
        // checked again is free for both.
        let url: String = serde_json::from_str(&url).expect("the url to open");
        let sent = clients[0].get(app.url(&url)).send().await.expect("download");
        assert_eq!(sent.status(), StatusCode::OK);
        assert_eq!(check(1, json!({ "Image": images[0] }), "Original").await.0, StatusCode::OK);
        assert_eq!(used().await, 2);
    })
    .await;
}

/// How many free high-res downloads of the gallery "wedding" are used, as `client` is told.
async fn quota_used(app: &crate::support::TestApp, client: &reqwest::Client) -> u64 {
    let access: Value =
        call_with(client, &app.base, "client/access", &[("slug", "wedding")]).await.json().await.expect("json");
    access["facts"]["downloads"]["quota_used"].as_u64().expect("count")
}
