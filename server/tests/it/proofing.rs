//! Proofing over HTTP: each switch refuses its server functions when called directly, store mode
//! refuses selects, comments, annotations and compare, selects and comments belong to their
//! person, annotations are checked, comment text is escaped in the server-rendered page, and
//! "Download my selects" zips the visitor's selects.

use crate::support::{TestApp, for_each_db, post_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// A published gallery with `count` photos and a main client who gave `email`.
async fn gallery_with_client(app: &TestApp, count: u32, email: &str) -> (String, Vec<String>, Client) {
    app.sign_up("studio@example.com").await;
    let gallery = app.create_gallery("Wedding", "wedding").await;
    let images = app.upload_tiny(&gallery, count).await;
    app.publish(&gallery).await;
    let link = app.make_link(&gallery, "MainClient", None).await;
    let visitor = app.visitor_on(&link).await;
    let given = post(app, &visitor, "downloads/email", &[("slug", "wedding"), ("email", email)]).await;
    assert_eq!(given.status(), StatusCode::OK);
    (gallery, images, visitor)
}

async fn post(app: &TestApp, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
    crate::support::call_with(client, &app.base, endpoint, form).await
}

async fn star(app: &TestApp, client: &Client, image: &str, list: Option<&str>) -> reqwest::Response {
    post_json(client, &app.base, "selects/star", json!({ "image": image, "list": list, "on": true })).await
}

fn arrow() -> Value {
    json!({ "kind": "arrow", "color": "red", "from": { "x": 0.1, "y": 0.2 }, "to": { "x": 0.6, "y": 0.5 } })
}

async fn send_list(app: &TestApp, client: &Client, list: &str, note: &str) -> reqwest::Response {
    post_json(client, &app.base, "selects/send", json!({ "slug": "wedding", "list": list, "note": note })).await
}

async fn status_and_text(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn each_switch_off_refuses_its_server_functions() {
    for_each_db(|app| async move {
        let (gallery, images, visitor) = gallery_with_client(&app, 2, "ana@example.com").await;
        let (a, b) = (images[0].as_str(), images[1].as_str());
        // On by default: selects, comments, compare. Annotations are off by default.
        assert_eq!(star(&app, &visitor, a, None).await.status(), StatusCode::OK);
        let comment = json!({ "image": a, "name": "Ana", "body": "Lovely" });
        assert_eq!(post_json(&visitor, &app.base, "comments/add", comment.clone()).await.status(), StatusCode::OK);
        let thread = || async {
            let read = post_json(&visitor, &app.base, "comments/thread", json!({ "image": a })).await;
            read.json::<Value>().await.expect("json").as_array().expect("thread").len()
        };
        assert_eq!(thread().await, 1);
        let compare = json!({ "left": a, "right": b });
        assert_eq!(post_json(&visitor, &app.base, "proofing/compare", compare.clone()).await.status(), StatusCode::OK);
        let marks = json!({ "image": a, "shapes": [arrow()] });
        let (status, text) =
            status_and_text(post_json(&visitor, &app.base, "annotations/save", marks.clone()).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
        assert!(text.contains("Annotations are turned off"), "{text}");

        app.save_settings(&gallery, |s| {
            let switches = &mut s["switches"];
            switches["selects"] = json!(false);
            switches["comments"] = json!(false);
            switches["compare"] = json!(false);
        })
        .await;
        let (status, text) = status_and_text(star(&app, &visitor, b, None).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(text.contains("Selects are turned off"), "{text}");
        let list = post(&app, &visitor, "selects/create_list", &[("slug", "wedding"), ("name", "Album")]).await;
        assert_eq!(list.status(), StatusCode::FORBIDDEN);
        let (status, text) = status_and_text(post_json(&visitor, &app.base, "comments/add", comment).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(text.contains("Comments are turned off"), "{text}");
        let (status, text) = status_and_text(post_json(&visitor, &app.base, "proofing/compare", compare).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(text.contains("comparisons are turned off"), "{text}");
        // With selects off, the visitor's earlier star is not readable either, nor their comment
        // with comments off.
        let mine: Value =
            post(&app, &visitor, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(mine["lists"], json!([]));
        assert_eq!(thread().await, 0);

        // Annotations on: allowed; off again, the marks are not read back.
        app.save_settings(&gallery, |s| s["switches"]["annotations"] = json!(true)).await;
        assert_eq!(post_json(&visitor, &app.base, "annotations/save", marks).await.status(), StatusCode::OK);
        let marks_on_a = || async {
            let read = post_json(&visitor, &app.base, "annotations/on_image", json!({ "image": a })).await;
            read.json::<Value>().await.expect("json").as_array().expect("marks").len()
        };
        assert_eq!(marks_on_a().await, 1);
        app.save_settings(&gallery, |s| s["switches"]["annotations"] = json!(false)).await;
        assert_eq!(marks_on_a().await, 0);
        // The photographer still reads them.
        let theirs = app.call_json("annotations/on_image", json!({ "image": a })).await;
        assert_eq!(theirs.json::<Value>().await.expect("json").as_array().map(Vec::len), Some(1));
    })
    .await;
}

#[tokio::test]
async fn store_mode_refuses_proofing() {
    for_each_db(|app| async move {
        let (gallery, images, visitor) = gallery_with_client(&app, 2, "ana@example.com").await;
        app.save_settings(&gallery, |s| s["switches"]["annotations"] = json!(true)).await;
        app.open_shop(&gallery).await;
        let (a, b) = (images[0].as_str(), images[1].as_str());
        let refusals = [
            star(&app, &visitor, a, None).await,
            post(&app, &visitor, "selects/create_list", &[("slug", "wedding"), ("name", "Album")]).await,
            post_json(&visitor, &app.base, "comments/add", json!({ "image": a, "name": "Ana", "body": "Hi" })).await,
            post_json(&visitor, &app.base, "annotations/save", json!({ "image": a, "shapes": [arrow()] })).await,
            post_json(&visitor, &app.base, "proofing/compare", json!({ "left": a, "right": b })).await,
        ];
        for response in refusals {
            let (status, text) = status_and_text(response).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
            assert!(text.contains("while this gallery is a shop"), "{text}");
        }
    })
    .await;
}

#[tokio::test]
async fn selects_belong_to_their_person() {
    for_each_db(|app| async move {
        let (gallery, images, ana) = gallery_with_client(&app, 3, "ana@example.com").await;
        // Starring needs an email first.
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ben = app.visitor_on(&link).await;
        let (status, text) = status_and_text(star(&app, &ben, &images[0], None).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
        assert!(text.contains("\"Needs\":\"Email\""), "{text}");
        post(&app, &ben, "downloads/email", &[("slug", "wedding"), ("email", "ben@example.com")]).await;

        // Ana: the first star makes "Favourites"; a second list "Prints".
        let mine: Value = star(&app, &ana, &images[0], None).await.json().await.expect("json");
        assert_eq!(mine["lists"][0]["name"], "Favourites");
        let mine: Value = post(&app, &ana, "selects/create_list", &[("slug", "wedding"), ("name", "Prints")])
            .await
            .json()
            .await
            .expect("json");
        let prints = mine["lists"][1]["id"].as_str().expect("list id").to_owned();
        let (status, text) =
            status_and_text(post(&app, &ana, "selects/create_list", &[("slug", "wedding"), ("name", "Prints")]).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
        assert!(text.contains("already have a list"), "{text}");
        for image in [&images[1], &images[2]] {
            assert_eq!(star(&app, &ana, image, Some(&prints)).await.status(), StatusCode::OK);
        }

        // Ben sees none of it and cannot touch Ana's list; Ana's email is not in his page.
        let his: Value = post(&app, &ben, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(his["lists"], json!([]));
        assert_eq!(star(&app, &ben, &images[0], Some(&prints)).await.status(), StatusCode::NOT_FOUND);
        let rename = post_json(&ben, &app.base, "selects/rename_list", json!({ "slug": "wedding", "list": prints, "name": "Mine" })).await;
        assert_eq!(rename.status(), StatusCode::NOT_FOUND);
        let delete = post_json(&ben, &app.base, "selects/delete_list", json!({ "slug": "wedding", "list": prints })).await;
        assert_eq!(delete.status(), StatusCode::NOT_FOUND);
        let page = ben.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(!page.contains("ana@example.com") && !page.contains(&prints), "another visitor's selects leaked");
        // The photographer's reports are the studio's only.
        for endpoint in ["selects/by_person"] {
            let r = post(&app, &ben, endpoint, &[("id", &gallery)]).await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        let csv = ben.get(app.url(&format!("/export/galleries/{gallery}/selects.csv"))).send().await.expect("csv");
        assert_eq!(csv.status(), StatusCode::UNAUTHORIZED);

        // The photographer: Ana's two lists with counts, filters and CSV.
        let people: Value = app.call("selects/by_person", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(people.as_array().map(Vec::len), Some(1));
        assert_eq!(people[0]["email"], "ana@example.com");
        assert_eq!(people[0]["lists"][1]["images"].as_array().map(Vec::len), Some(2));
        let filter = |format: &str| {
            app.call_json("selects/filter", json!({ "id": gallery, "list": prints, "format": format }))
        };
        let lightroom: String = filter("LightroomClassic").await.json().await.expect("json");
        assert_eq!(lightroom, "photo-001, photo-002");
        let capture_one: String = filter("CaptureOne").await.json().await.expect("json");
        assert_eq!(capture_one, "photo-001 photo-002");
        let csv = app.client.get(app.url(&format!("/export/galleries/{gallery}/selects.csv"))).send().await.expect("csv");
        assert_eq!(csv.status(), StatusCode::OK);
        let text = csv.text().await.expect("text");
        assert_eq!(
            text,
            "\u{feff}number,file_name,list,email\r\n1,photo-000.jpg,Favourites,ana@example.com\r\n1,photo-001.jpg,Prints,ana@example.com\r\n2,photo-002.jpg,Prints,ana@example.com\r\n"
        );
        // Un-starring removes it; deleting a list removes its stars.
        let off = post_json(&ana, &app.base, "selects/star", json!({ "image": images[1], "list": prints, "on": false })).await;
        let mine: Value = off.json().await.expect("json");
        assert_eq!(mine["lists"][1]["images"].as_array().map(Vec::len), Some(1));
        let gone: Value = post_json(&ana, &app.base, "selects/delete_list", json!({ "slug": "wedding", "list": prints }))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(gone["lists"].as_array().map(Vec::len), Some(1));
    })
    .await;
}

/// "Send selection": the visitor reviews a list (its photos in star order), sends it with a note;
/// the photographer gets one email and sees it sent; the list is closed to every change, by any
/// route, until the photographer reopens it; nobody else can send or reopen it.
#[tokio::test]
async fn a_sent_selection_reaches_the_photographer_and_stays_as_sent_until_reopened() {
    for_each_db(|app| async move {
        let (gallery, images, ana) = gallery_with_client(&app, 4, "ana@example.com").await;
        for image in [&images[2], &images[0]] {
            assert_eq!(star(&app, &ana, image, None).await.status(), StatusCode::OK);
        }
        let mine: Value = post(&app, &ana, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        let list = mine["lists"][0]["id"].as_str().expect("list").to_owned();
        let cards: Value = post_json(&ana, &app.base, "selects/cards", json!({ "slug": "wedding", "list": list }))
            .await
            .json()
            .await
            .expect("cards");
        let names: Vec<&str> =
            cards.as_array().expect("cards").iter().filter_map(|c| c["file_name"].as_str()).collect();
        assert_eq!(names, ["photo-002.jpg", "photo-000.jpg"], "in the order they were starred");

        // Ben, another client of the same gallery, can neither read nor send Ana's list.
        let ben = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        post(&app, &ben, "downloads/email", &[("slug", "wedding"), ("email", "ben@example.com")]).await;
        assert_eq!(send_list(&app, &ben, &list, "").await.status(), StatusCode::NOT_FOUND);
        let peek = post_json(&ben, &app.base, "selects/cards", json!({ "slug": "wedding", "list": list })).await;
        assert_eq!(peek.status(), StatusCode::NOT_FOUND);
        assert!(app.mail_to("studio@example.com").await.is_empty());

        let sent = send_list(&app, &ana, &list, "Black and white for the album, please").await;
        assert_eq!(sent.status(), StatusCode::OK);
        let mine: Value = sent.json().await.expect("json");
        assert!(mine["lists"][0]["sent_at"].is_string(), "{mine}");
        let mail = app.mail_to("studio@example.com").await;
        assert_eq!(mail.len(), 1);
        assert!(
            mail[0].subject.contains("ana@example.com") && mail[0].subject.contains("Wedding"),
            "{}",
            mail[0].subject
        );
        assert!(mail[0].body_text.contains("\"Favourites\"") && mail[0].body_text.contains("2 photos"));
        assert!(
            mail[0].body_text.contains("Black and white for the album") && mail[0].body_text.contains("?tab=selects")
        );
        assert_eq!(mail[0].reply_to.as_deref(), Some("ana@example.com"));

        // Sent: closed to stars, un-stars, renaming, removal and sending twice.
        let (status, text) = status_and_text(star(&app, &ana, &images[1], Some(&list)).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(text.contains("reopen"), "{text}");
        let off =
            post_json(&ana, &app.base, "selects/star", json!({ "image": images[0], "list": list, "on": false })).await;
        assert_eq!(off.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            star(&app, &ana, &images[1], None).await.status(),
            StatusCode::FORBIDDEN,
            "the default list is this one"
        );
        let rename =
            post_json(&ana, &app.base, "selects/rename_list", json!({ "slug": "wedding", "list": list, "name": "X" }))
                .await;
        assert_eq!(rename.status(), StatusCode::FORBIDDEN);
        let delete =
            post_json(&ana, &app.base, "selects/delete_list", json!({ "slug": "wedding", "list": list })).await;
        assert_eq!(delete.status(), StatusCode::FORBIDDEN);
        assert_eq!(send_list(&app, &ana, &list, "again").await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.mail_to("studio@example.com").await.len(), 1);
        // A new list stays open.
        let mine: Value = post(&app, &ana, "selects/create_list", &[("slug", "wedding"), ("name", "Prints")])
            .await
            .json()
            .await
            .expect("json");
        let prints = mine["lists"][1]["id"].as_str().expect("list").to_owned();
        assert_eq!(star(&app, &ana, &images[3], Some(&prints)).await.status(), StatusCode::OK);
        // An empty list has nothing to send.
        let empty = post(&app, &ana, "selects/create_list", &[("slug", "wedding"), ("name", "Later")]).await;
        let empty: Value = empty.json().await.expect("json");
        let later = empty["lists"][2]["id"].as_str().expect("list");
        let nothing =
            post_json(&ana, &app.base, "selects/send", json!({ "slug": "wedding", "list": later, "note": "" })).await;
        assert_eq!(nothing.status(), StatusCode::FORBIDDEN);

        // The photographer sees it sent, with the note, and reopens it; a visitor cannot.
        let people: Value = app.call("selects/by_person", &[("id", &gallery)]).await.json().await.expect("json");
        assert!(people[0]["lists"][0]["sent_at"].is_string());
        assert_eq!(people[0]["lists"][0]["sent_note"], "Black and white for the album, please");
        let reopen = json!({ "id": gallery, "list": list });
        let by_visitor = post_json(&ana, &app.base, "selects/reopen", reopen.clone()).await;
        assert_eq!(by_visitor.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.call_json("selects/reopen", reopen).await.status(), StatusCode::OK);
        assert_eq!(star(&app, &ana, &images[1], Some(&list)).await.status(), StatusCode::OK);
        let people: Value = app.call("selects/by_person", &[("id", &gallery)]).await.json().await.expect("json");
        assert!(people[0]["lists"][0]["sent_at"].is_null());
        // Another studio cannot reopen it.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        let theirs = post_json(&other, &app.base, "selects/reopen", json!({ "id": gallery, "list": list })).await;
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn comments_are_private_threads_and_escaped_in_the_page() {
    for_each_db(|app| async move {
        let (gallery, images, ana) = gallery_with_client(&app, 1, "ana@example.com").await;
        let image = images[0].as_str();
        let nasty = "<script>alert('x')</script><b>bold</b>";
        let thread: Value =
            post_json(&ana, &app.base, "comments/add", json!({ "image": image, "name": "Ana <3", "body": nasty }))
                .await
                .json()
                .await
                .expect("json");
        assert_eq!(thread[0]["body"], nasty, "stored as text, exactly");
        // Another visitor does not read Ana's thread.
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ben = app.visitor_on(&link).await;
        post(&app, &ben, "downloads/email", &[("slug", "wedding"), ("email", "ben@example.com")]).await;
        let his: Value =
            post_json(&ben, &app.base, "comments/thread", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(his, json!([]));
        // Empty and oversized comments are refused.
        let empty =
            post_json(&ben, &app.base, "comments/add", json!({ "image": image, "name": "", "body": "  " })).await;
        assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
        let long =
            post_json(&ben, &app.base, "comments/add", json!({ "image": image, "name": "", "body": "x".repeat(2001) }))
                .await;
        assert_eq!(long.status(), StatusCode::BAD_REQUEST);

        // The photographer's inbox, rendered on the server: escaped, unread counted.
        let html =
            app.client.get(app.url(&format!("/studio/galleries/{gallery}?tab=inbox"))).send().await.expect("page");
        let html = html.text().await.expect("html");
        assert!(
            html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;")
                || html.contains("&lt;script&gt;alert('x')&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"),
            "escaped text in the page"
        );
        assert!(!html.contains(nasty) && !html.contains("<b>bold</b>"), "raw HTML must never reach the page");
        let inbox: Value = app.call("comments/inbox", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(inbox["unread"], 1);
        assert_eq!(inbox["threads"][0]["comments"][0]["email"], "ana@example.com");
        // The studio's one inbox lists the gallery with its unread comment, before a gallery
        // without comments (not listed), and the galleries' list says so; its page is escaped too.
        app.create_gallery("Quiet", "quiet").await;
        let studio: Value = app.call("comments/studio_inbox", &[]).await.json().await.expect("json");
        assert_eq!((&studio["page"], &studio["pages"], &studio["total"]), (&json!(1), &json!(1), &json!(1)));
        let studio = &studio["galleries"];
        assert_eq!(studio.as_array().map(Vec::len), Some(1), "{studio}");
        assert_eq!(
            (
                studio[0]["id"].as_str(),
                studio[0]["inbox"]["unread"].as_u64(),
                studio[0]["inbox"]["threads"].as_array().map(Vec::len)
            ),
            (Some(gallery.as_str()), Some(1), Some(1))
        );
        assert_eq!(studio[0]["inbox"], inbox, "the studio's inbox holds the gallery's own");
        let listed: Value = app.call("galleries/list", &[]).await.json().await.expect("json");
        let unread = |title: &str| {
            listed.as_array().and_then(|l| l.iter().find(|g| g["title"] == title)).map(|g| g["unread_comments"].clone())
        };
        assert_eq!((unread("Quiet"), unread("Wedding")), (Some(json!(0)), Some(json!(1))), "{listed}");
        let page = app.client.get(app.url("/studio/inbox")).send().await.expect("page").text().await.expect("html");
        assert!(page.contains("Wedding") && !page.contains(nasty), "the studio inbox renders escaped");
        assert_eq!(post(&app, &ana, "comments/studio_inbox", &[]).await.status(), StatusCode::UNAUTHORIZED);
        // A reply lands in Ana's thread (and only hers) and marks it read.
        let replied = app
            .call_json(
                "comments/reply",
                json!({ "id": gallery, "image": image, "to": "ana@example.com", "body": "Will do!" }),
            )
            .await;
        let inbox: Value = replied.json().await.expect("json");
        assert_eq!(inbox["unread"], 0);
        let thread: Value =
            post_json(&ana, &app.base, "comments/thread", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(thread.as_array().map(Vec::len), Some(2));
        assert_eq!(thread[1]["from_studio"], true);
        let his: Value =
            post_json(&ben, &app.base, "comments/thread", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(his, json!([]));
        // Replies go only into threads a visitor started.
        let forged = app
            .call_json(
                "comments/reply",
                json!({ "id": gallery, "image": image, "to": "someone@example.com", "body": "Hi" }),
            )
            .await;
        assert_eq!(forged.status(), StatusCode::NOT_FOUND);
        // Visitors cannot read the inbox.
        assert_eq!(post(&app, &ana, "comments/inbox", &[("id", &gallery)]).await.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

/// The studio's inbox comes ten galleries a page: unread ones first, then the one written in last;
/// a page past the end shows the last; a deleted gallery leaves the count; the page's links work
/// from the server-rendered HTML.
#[tokio::test]
async fn the_studio_inbox_comes_a_page_at_a_time() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let mut galleries = Vec::new();
        for n in 0..12 {
            let (title, slug) = (format!("Shoot {n:02}"), format!("shoot-{n:02}"));
            let gallery = app.create_gallery(&title, &slug).await;
            let image = app.upload_tiny(&gallery, 1).await.remove(0);
            app.publish(&gallery).await;
            let visitor = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
            let given = post(&app, &visitor, "downloads/email", &[("slug", &slug), ("email", "ana@example.com")]).await;
            assert_eq!(given.status(), StatusCode::OK);
            let comment = json!({ "image": image, "name": "Ana", "body": format!("About shoot {n}") });
            assert_eq!(post_json(&visitor, &app.base, "comments/add", comment).await.status(), StatusCode::OK);
            // All read but two older ones.
            if n != 2 && n != 5 {
                let read = json!({ "id": gallery, "image": image, "email": "ana@example.com" });
                assert_eq!(app.call_json("comments/read", read).await.status(), StatusCode::OK);
            }
            galleries.push((gallery, title));
        }
        let page = |n: Option<&'static str>| {
            let app = &app;
            async move {
                let form: Vec<(&str, &str)> = n.map(|n| ("page", n)).into_iter().collect();
                let inbox: Value = app.call("comments/studio_inbox", &form).await.json().await.expect("json");
                let titles: Vec<String> = inbox["galleries"]
                    .as_array()
                    .expect("galleries")
                    .iter()
                    .map(|g| g["title"].as_str().unwrap_or_default().to_owned())
                    .collect();
                (inbox["page"].as_u64(), inbox["pages"].as_u64(), inbox["total"].as_u64(), titles)
            }
        };
        let titles = |ns: &[usize]| ns.iter().map(|&n| galleries[n].1.clone()).collect::<Vec<_>>();
        let first = titles(&[5, 2, 11, 10, 9, 8, 7, 6, 4, 3]);
        assert_eq!(page(None).await, (Some(1), Some(2), Some(12), first.clone()));
        assert_eq!(page(Some("1")).await, (Some(1), Some(2), Some(12), first));
        assert_eq!(page(Some("2")).await, (Some(2), Some(2), Some(12), titles(&[1, 0])));
        assert_eq!(page(Some("9")).await, (Some(2), Some(2), Some(12), titles(&[1, 0])), "past the end: the last");
        // The page as the server renders it: this page's galleries and the way back.
        let html = app.client.get(app.url("/studio/inbox?page=2")).send().await.expect("page");
        let html = html.text().await.expect("html");
        assert!(html.contains("Shoot 01") && html.contains("About shoot 0") && !html.contains("Shoot 11"));
        assert!(
            html.contains("Galleries 11–12 of 12 · page 2 of 2") && html.contains("href=\"/studio/inbox?page=1\""),
            "{html}"
        );
        // A deleted gallery leaves the inbox and its count.
        let deleted = app.call("galleries/delete", &[("id", &galleries[0].0)]).await;
        assert!(deleted.status().is_success() || deleted.status().is_redirection(), "{}", deleted.status());
        assert_eq!(page(Some("2")).await, (Some(2), Some(2), Some(11), titles(&[1])));
        // A fresh cookie is asked to sign in; another studio's inbox is its own: empty.
        let fresh = post(&app, &app.stranger(), "comments/studio_inbox", &[("page", "2")]).await;
        assert_eq!(fresh.status(), StatusCode::UNAUTHORIZED);
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        let theirs: Value = post(&app, &other, "comments/studio_inbox", &[]).await.json().await.expect("json");
        assert_eq!(theirs, json!({ "galleries": [], "page": 1, "pages": 1, "total": 0 }));
    })
    .await;
}

#[tokio::test]
async fn annotations_are_checked_private_and_burned_for_the_photographer() {
    for_each_db(|app| async move {
        let (gallery, images, ana) = gallery_with_client(&app, 1, "ana@example.com").await;
        app.save_settings(&gallery, |s| s["switches"]["annotations"] = json!(true)).await;
        let image = images[0].as_str();
        let save = |client: Client, shapes: Value| {
            let url = app.url("/api/annotations/save");
            async move { client.post(url).json(&json!({ "image": image, "shapes": shapes })).send().await.expect("save") }
        };
        let pin = json!({ "kind": "pin", "color": "yellow", "at": { "x": 0.5, "y": 0.5 }, "text": "Soften this" });
        let saved = save(ana.clone(), json!([arrow(), pin])).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let read: Value = post_json(&ana, &app.base, "annotations/on_image", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(read[0]["shapes"].as_array().map(Vec::len), Some(2));
        assert_eq!(read[0]["mine"], true);
        assert_eq!(read[0]["email"], Value::Null, "visitors never get emails back");

        // Out of range, too many, too long, too big: refused with a sentence, nothing stored.
        let outside = json!([{ "kind": "rect", "color": "red", "from": { "x": 0.1, "y": 0.1 }, "to": { "x": 1.5, "y": 0.4 } }]);
        let (status, text) = status_and_text(save(ana.clone(), outside).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text.contains("outside the photo"), "{text}");
        let many = Value::Array(vec![arrow(); 101]);
        assert_eq!(save(ana.clone(), many).await.status(), StatusCode::BAD_REQUEST);
        let long_stroke = json!([{ "kind": "stroke", "color": "red", "points": vec![json!({ "x": 0.5, "y": 0.5 }); 1001] }]);
        assert_eq!(save(ana.clone(), long_stroke).await.status(), StatusCode::BAD_REQUEST);
        let huge = json!([{ "kind": "pin", "color": "red", "at": { "x": 0.5, "y": 0.5 }, "text": "x".repeat(600 * 1024) }]);
        assert_eq!(save(ana.clone(), huge).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let unknown = json!([{ "kind": "circle", "color": "red" }]);
        assert!(save(ana.clone(), unknown).await.status().is_client_error());
        let read: Value = post_json(&ana, &app.base, "annotations/on_image", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(read[0]["shapes"].as_array().map(Vec::len), Some(2), "refusals changed nothing");

        // Another visitor sees none of Ana's marks.
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ben = app.visitor_on(&link).await;
        let his: Value = post_json(&ben, &app.base, "annotations/on_image", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(his, json!([]));

        // The photographer lists them per image and person, and gets the PNG.
        let list: Value = app.call("annotations/by_image", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(list[0]["annotations"][0]["email"], "ana@example.com");
        let png = app.client.get(app.url(&format!("/export/annotated/{image}"))).send().await.expect("png");
        assert_eq!(png.status(), StatusCode::OK);
        assert_eq!(png.headers()["content-type"], "image/png");
        let bytes = png.bytes().await.expect("bytes");
        let decoded = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).expect("a PNG");
        assert_eq!((decoded.width(), decoded.height()), (96, 64), "the HD rendition's size (never upscaled)");
        let by_other = app.client.get(app.url(&format!("/export/annotated/{image}?by=ben@example.com"))).send().await;
        assert_eq!(by_other.expect("png").status(), StatusCode::NOT_FOUND, "Ben drew nothing");
        let stranger = ana.get(app.url(&format!("/export/annotated/{image}"))).send().await.expect("png");
        assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);
        // Every kind of mark, in its colour, is kept as drawn and burned in where it was drawn:
        // a blue freehand stroke across the lower left, a red box in the upper right.
        let stroke = json!({ "kind": "stroke", "color": "blue",
            "points": [{ "x": 0.05, "y": 0.75 }, { "x": 0.2, "y": 0.9 }, { "x": 0.4, "y": 0.75 }] });
        let rect = json!({ "kind": "rect", "color": "red", "from": { "x": 0.6, "y": 0.1 }, "to": { "x": 0.95, "y": 0.45 } });
        let pin = json!({ "kind": "pin", "color": "yellow", "at": { "x": 0.5, "y": 0.5 }, "text": "Soften this" });
        assert_eq!(save(ana.clone(), json!([stroke, rect, arrow(), pin])).await.status(), StatusCode::OK);
        let read: Value = post_json(&ana, &app.base, "annotations/on_image", json!({ "image": image })).await.json().await.expect("json");
        let kinds: Vec<&str> = read[0]["shapes"].as_array().expect("shapes").iter().filter_map(|s| s["kind"].as_str()).collect();
        assert_eq!(kinds, ["stroke", "rect", "arrow", "pin"]);
        let png = app.client.get(app.url(&format!("/export/annotated/{image}"))).send().await.expect("png");
        let burned = image::load_from_memory(&png.bytes().await.expect("bytes")).expect("a PNG").to_rgb8();
        let (w, h) = (burned.width() as f64, burned.height() as f64);
        let count = |x0: f64, y0: f64, x1: f64, y1: f64, hue: fn(&image::Rgb<u8>) -> bool| {
            burned
                .enumerate_pixels()
                .filter(|(x, y, p)| {
                    let (x, y) = (f64::from(*x) / w, f64::from(*y) / h);
                    x >= x0 && x <= x1 && y >= y0 && y <= y1 && hue(p)
                })
                .count()
        };
        let blue = |p: &image::Rgb<u8>| p[2] > 180 && p[0] < 110;
        let red = |p: &image::Rgb<u8>| p[0] > 180 && p[1] < 110 && p[2] < 110;
        assert!(count(0.0, 0.6, 0.45, 1.0, blue) > 5, "the stroke is burned in");
        // Along the box's top edge, where the red arrow never goes; and hollow inside.
        assert!(count(0.66, 0.05, 0.9, 0.15, red) > 5, "the box is burned in");
        assert_eq!(count(0.72, 0.22, 0.85, 0.35, red), 0, "the box is an outline");
        assert_eq!(count(0.55, 0.0, 1.0, 0.5, blue), 0, "each in its own place");
        // Saving nothing removes one's marks.
        assert_eq!(save(ana.clone(), json!([])).await.status(), StatusCode::OK);
        let list: Value = app.call("annotations/by_image", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(list, json!([]));
    })
    .await;
}

#[tokio::test]
async fn download_my_selects_zips_the_starred_photos() {
    for_each_db(|app| async move {
        let (gallery, images, ana) = gallery_with_client(&app, 3, "ana@example.com").await;
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        let none = ana.get(app.url("/zip/wedding/selects/hd")).send().await.expect("zip");
        assert_eq!(none.status(), StatusCode::FORBIDDEN, "no selects yet");
        star(&app, &ana, &images[0], None).await;
        star(&app, &ana, &images[2], None).await;
        let zip = ana.get(app.url("/zip/wedding/selects/hd")).send().await.expect("zip");
        assert_eq!(zip.status(), StatusCode::OK);
        let bytes = zip.bytes().await.expect("bytes");
        let mut archive = crate::support::zip_names(&bytes);
        archive.sort();
        assert_eq!(archive, vec!["SHA256SUMS.txt", "photo-000-hd.jpg", "photo-002-hd.jpg"]);
    })
    .await;
}

/// Each list sent is an email to the studio, and anyone who gives an address may send one: two
/// sends of one list at once (a double tap) send one mail, and one sender sends at most ten lists
/// a day (and one address ten an hour). Two lists made at once past the limit of twenty leave no more than twenty.
#[tokio::test]
async fn lists_sent_to_the_photographer_are_one_mail_each_and_limited() {
    for_each_db(|app| async move {
        let (_gallery, images, ana) = gallery_with_client(&app, 1, "ana@example.com").await;
        let image = images[0].as_str();
        assert_eq!(star(&app, &ana, image, None).await.status(), StatusCode::OK);
        let mine: Value = post(&app, &ana, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        let first = mine["lists"][0]["id"].as_str().expect("list").to_owned();
        let (one, two) = tokio::join!(send_list(&app, &ana, &first, ""), send_list(&app, &ana, &first, ""));
        let mut codes = [one.status(), two.status()];
        codes.sort();
        assert_eq!(codes[0], StatusCode::OK, "{codes:?}");
        assert!(codes[1].is_client_error(), "{codes:?}");
        assert_eq!(app.mail_to("studio@example.com").await.len(), 1);

        let mut sent = 1;
        let refused = loop {
            let made =
                post(&app, &ana, "selects/create_list", &[("slug", "wedding"), ("name", &format!("List {sent}"))])
                    .await;
            assert_eq!(made.status(), StatusCode::OK);
            let made: Value = made.json().await.expect("json");
            let list = made["lists"][sent]["id"].as_str().expect("list").to_owned();
            assert_eq!(star(&app, &ana, image, Some(&list)).await.status(), StatusCode::OK);
            let response = send_list(&app, &ana, &list, "").await;
            if response.status() != StatusCode::OK {
                break response;
            }
            sent += 1;
            assert!(sent <= 10, "more than ten lists sent from one address in an hour");
        };
        // Ten sendings counted: the double tap's second may have counted too.
        assert!((9..=10).contains(&sent), "{sent} lists sent");
        let (status, text) = status_and_text(refused).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
        // Ten a day from one sender, ten an hour from one address: both are spent here.
        assert!(
            text.contains("as many lists as you may today") || text.contains("Too many lists were sent from here"),
            "{text}"
        );
        assert_eq!(app.mail_to("studio@example.com").await.len(), sent);

        // Eleven lists now; nine more made at once, each twice: never more than twenty.
        let makes = (11..20).flat_map(|n| [n, n + 100]).map(|n| {
            let ana = ana.clone();
            let base = app.base.clone();
            async move {
                let name = format!("More {n}");
                crate::support::call_with(&ana, &base, "selects/create_list", &[("slug", "wedding"), ("name", &name)])
                    .await
                    .status()
            }
        });
        let codes = futures::future::join_all(makes).await;
        assert!(codes.iter().any(|c| c.is_client_error()), "{codes:?}");
        let mine: Value = post(&app, &ana, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        let lists = mine["lists"].as_array().expect("lists").len();
        assert!((11..=20).contains(&lists), "{lists} lists");
    })
    .await;
}

/// The Selects tab shows each list's count and its first photos, whatever the list's length;
/// the filter and the CSV carry every photo.
#[tokio::test]
async fn a_long_list_is_counted_whole_and_shown_in_part() {
    for_each_db(|app| async move {
        let (gallery, images, ana) = gallery_with_client(&app, 30, "ana@example.com").await;
        for image in &images {
            assert_eq!(star(&app, &ana, image, None).await.status(), StatusCode::OK);
        }
        let people: Value = app.call("selects/by_person", &[("id", &gallery)]).await.json().await.expect("json");
        let list = &people[0]["lists"][0];
        assert_eq!(list["count"], 30, "{list}");
        assert_eq!(list["images"].as_array().map(Vec::len), Some(domain::selects::SHOWN_PER_LIST));
        let id = list["id"].as_str().expect("list id").to_owned();
        let filter: String = app
            .call_json("selects/filter", json!({ "id": gallery, "list": id, "format": "LightroomClassic" }))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(filter.split(", ").count(), 30, "{filter}");
        let csv =
            app.client.get(app.url(&format!("/export/galleries/{gallery}/selects.csv"))).send().await.expect("csv");
        assert_eq!(csv.text().await.expect("text").lines().count(), 31);
    })
    .await;
}
