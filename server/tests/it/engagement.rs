//! Engagement over HTTP: every kind of event is recorded once (a reload, a HEAD, a resumed
//! download or a second star is not a new one), a report and its CSV show a gallery's own
//! visitors only and only to its studio, and the studio overview adds its galleries up.

use crate::support::{TestApp, call_with, for_each_db, from_address, post_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn report(app: &TestApp, client: &Client, gallery: &str) -> (StatusCode, Value) {
    let response = call_with(client, &app.base, "engagement/gallery", &[("id", gallery)]).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn total(report: &Value, name: &str) -> u64 {
    report["totals"][name].as_u64().unwrap_or_else(|| panic!("no total {name}: {report}"))
}

/// One address given at the same moment from two browsers (her laptop and her phone) is one
/// email collected: the second sees what the first recorded.
#[tokio::test]
async fn an_address_given_twice_at_once_is_one_email_collected() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.upload_tiny(&gallery, 1).await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let (laptop, phone) = (from_address("203.0.113.7"), from_address("198.51.100.20"));
        for browser in [&laptop, &phone] {
            assert_eq!(browser.get(app.url(&link)).send().await.expect("open").status(), StatusCode::OK);
        }
        let form = [("slug", "wedding"), ("email", "ana@example.com")];
        let (first, second) = tokio::join!(
            call_with(&laptop, &app.base, "downloads/email", &form),
            call_with(&phone, &app.base, "downloads/email", &form)
        );
        assert_eq!((first.status(), second.status()), (StatusCode::OK, StatusCode::OK));
        let (status, r) = report(&app, &app.client, &gallery).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(total(&r, "emails"), 1, "{r}");
    })
    .await;
}

#[tokio::test]
async fn every_event_is_recorded_once() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 3).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["switches"]["annotations"] = json!(true);
        })
        .await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;

        // Ana opens her link, and it is loaded twice at once (a reload as it arrives: the same
        // visit), and probes with HEAD (no visit).
        let ana = from_address("203.0.113.7");
        let (first, second) = tokio::join!(ana.get(app.url(&link)).send(), ana.get(app.url(&link)).send());
        assert_eq!((first.expect("open").status(), second.expect("open").status()), (StatusCode::OK, StatusCode::OK));
        assert_eq!(ana.head(app.url(&link)).send().await.expect("head").status(), StatusCode::OK);
        // Ben, from another address, is another visitor.
        let ben = from_address("198.51.100.20");
        assert_eq!(ben.get(app.url(&link)).send().await.expect("open").status(), StatusCode::OK);
        // The photographer looking at the gallery is not a visit.
        assert_eq!(app.client.get(app.url("/g/wedding")).send().await.expect("owner").status(), StatusCode::OK);
        // Nor is a chat app's link preview, nor the browser's prefetch, from addresses of their own.
        let slack = from_address("192.0.2.50");
        let unfurl = slack.get(app.url(&link)).header("user-agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
        assert_eq!(unfurl.send().await.expect("preview").status(), StatusCode::OK);
        let prefetch = from_address("192.0.2.51").get(app.url(&link)).header("sec-purpose", "prefetch");
        assert_eq!(prefetch.send().await.expect("prefetch").status(), StatusCode::OK);

        let given = call_with(&ana, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "ana@example.com")]).await;
        assert_eq!(given.status(), StatusCode::OK);
        // Giving the same address again is not a second email collected.
        call_with(&ana, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "ana@example.com")]).await;
        // Two stars on the same photo (a double tap) are one select.
        for _ in 0..2 {
            let starred = post_json(&ana, &app.base, "selects/star", json!({ "image": images[0], "list": null, "on": true })).await;
            assert_eq!(starred.status(), StatusCode::OK);
        }
        // Unstarred and starred again the same day: still one select.
        let off = post_json(&ana, &app.base, "selects/star", json!({ "image": images[0], "list": null, "on": false })).await;
        assert_eq!(off.status(), StatusCode::OK);
        let again = post_json(&ana, &app.base, "selects/star", json!({ "image": images[0], "list": null, "on": true })).await;
        assert_eq!(again.status(), StatusCode::OK);
        let comment = json!({ "image": images[0], "name": "Ana", "body": "=1+1 the light here is lovely" });
        assert_eq!(post_json(&ana, &app.base, "comments/add", comment).await.status(), StatusCode::OK);
        let marks = json!({ "image": images[1], "shapes": [{ "kind": "arrow", "color": "red", "from": { "x": 0.1, "y": 0.2 }, "to": { "x": 0.6, "y": 0.5 } }] });
        assert_eq!(post_json(&ana, &app.base, "annotations/save", marks).await.status(), StatusCode::OK);
        // The lightbox reports an opened photo; again at once or within minutes is the same view.
        let opened = [("image", images[2].as_str())];
        let view = || call_with(&ana, &app.base, "engagement/viewed", &opened);
        let (viewed, again) = tokio::join!(view(), view());
        assert_eq!((viewed.status(), again.status()), (StatusCode::OK, StatusCode::OK));
        assert_eq!(view().await.status(), StatusCode::OK);
        // One download, its resumed range (not a new download) and a HEAD probe (neither).
        let url = app.url(&format!("/download/{}/hd", images[0]));
        let full = ana.get(&url).send().await.expect("download");
        assert_eq!(full.status(), StatusCode::OK);
        let etag = full.headers()["etag"].clone();
        full.bytes().await.expect("body");
        let rest = ana.get(&url).header("Range", "bytes=10-").header("If-Range", etag).send().await.expect("range");
        assert_eq!(rest.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(ana.head(&url).send().await.expect("head").status(), StatusCode::OK);
        // One ZIP of the three photos: one ZIP, three downloads.
        let zip = ana.get(app.url("/zip/wedding/all/hd")).send().await.expect("zip");
        assert_eq!(zip.status(), StatusCode::OK);
        zip.bytes().await.expect("zip body");

        // The photographer downloading their own photos is not a client's download.
        let own = app.client.get(app.url(&format!("/download/{}/hd", images[1]))).send().await.expect("download");
        assert_eq!(own.status(), StatusCode::OK);
        own.bytes().await.expect("body");

        // A photo of another gallery, which her link does not open, is no view: here or there.
        let elsewhere = app.create_gallery("Other", "other").await;
        let theirs = app.upload_tiny(&elsewhere, 1).await;
        app.publish(&elsewhere).await;
        let unseen = call_with(&ana, &app.base, "engagement/viewed", &[("image", &theirs[0])]).await;
        assert!(unseen.status().is_client_error(), "{}", unseen.status());
        // Nor is a photo of her gallery reported from a fresh cookie at another address, which
        // never opened the link.
        let outsider = from_address("192.0.2.99");
        let guessed = call_with(&outsider, &app.base, "engagement/viewed", &[("image", &images[0])]).await;
        assert!(guessed.status().is_client_error(), "{}", guessed.status());
        let (_, theirs_report) = report(&app, &app.client, &elsewhere).await;
        assert_eq!(total(&theirs_report, "views"), 0, "{theirs_report}");

        let (status, r) = report(&app, &app.client, &gallery).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(total(&r, "visits"), 2, "{r}");
        assert_eq!(total(&r, "visitors"), 2);
        assert_eq!(total(&r, "emails"), 1);
        assert_eq!(total(&r, "selects"), 1);
        assert_eq!(total(&r, "comments"), 1);
        assert_eq!(total(&r, "annotations"), 1);
        assert_eq!(total(&r, "views"), 1);
        assert_eq!(total(&r, "downloads"), 4, "one single and the ZIP's three");
        assert_eq!(total(&r, "zips"), 1);
        // Today's row carries them; the person is Ana, with what she did.
        let today = r["days"].as_array().expect("days").last().cloned().expect("today");
        assert_eq!(today["visits"], 2);
        assert_eq!(today["downloads"], 4);
        let people = r["people"].as_array().expect("people");
        assert_eq!(people.len(), 1, "{r}");
        assert_eq!(people[0]["email"], "ana@example.com");
        assert_eq!(people[0]["selects"], 1);
        assert_eq!(people[0]["downloads"], 4);
        assert_eq!(people[0]["comments"], 1);
        // The photo she starred, commented and downloaded twice leads the photos.
        let top = &r["images"][0];
        assert_eq!(top["image"], images[0]);
        assert_eq!(top["selects"], 1);
        assert_eq!(top["downloads"], 2);
    })
    .await;
}

#[tokio::test]
async fn a_report_is_its_studios_alone_and_its_csv_is_safe() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let first = app.create_gallery("First", "first").await;
        let second = app.create_gallery("Second", "second").await;
        for g in [&first, &second] {
            app.upload_tiny(g, 1).await;
            app.publish(g).await;
        }
        let first_link = app.make_link(&first, "MainClient", None).await;
        let visitor = from_address("203.0.113.9");
        visitor.get(app.url(&first_link)).send().await.expect("open");
        // An address a spreadsheet would run as a formula (a valid email address).
        let given =
            call_with(&visitor, &app.base, "downloads/email", &[("slug", "first"), ("email", "=cmd@example.com")])
                .await;
        assert_eq!(given.status(), StatusCode::OK, "{}", given.text().await.unwrap_or_default());

        // The first gallery's visitor is not in the second's report.
        let (_, other) = report(&app, &app.client, &second).await;
        assert_eq!(total(&other, "visits"), 0, "{other}");
        assert_eq!(other["people"], json!([]));

        // CSV: the header, the defused cell, attachment headers.
        let csv =
            app.client.get(app.url(&format!("/export/galleries/{first}/report/people.csv"))).send().await.expect("csv");
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(csv.headers()["content-disposition"].to_str().expect("ascii").starts_with("attachment"));
        let text = csv.text().await.expect("text");
        let mut lines = text.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("\u{feff}email,visits,selects,downloads,comments,annotations,last_seen"),
            "with a BOM for Excel"
        );
        // (Their visit began before they gave the address: it is the gallery's, not theirs.)
        assert!(lines.next().expect("a row").starts_with("'=cmd@example.com,0,0,0,0,"), "{text}");
        let days = app
            .client
            .get(app.url(&format!("/export/galleries/{first}/report/days.csv?from=2026-01-01&to=2026-01-03")))
            .send()
            .await
            .expect("csv");
        let days = days.text().await.expect("text");
        assert!(days.starts_with("\u{feff}day,visits,unique_visitors,downloads\r\n"), "{days}");
        let studio_csv = app.client.get(app.url("/export/studio/report/galleries.csv")).send().await.expect("csv");
        let studio_csv = studio_csv.text().await.expect("text");
        assert!(studio_csv.starts_with("\u{feff}gallery,visits,"), "{studio_csv}");
        assert!(studio_csv.contains("\r\nFirst,1,1,1,"), "{studio_csv}");
        let (status, overview) = {
            let response = call_with(&app.client, &app.base, "engagement/studio", &[]).await;
            (response.status(), response.json::<Value>().await.expect("json"))
        };
        assert_eq!(status, StatusCode::OK);
        assert_eq!(overview["totals"]["visits"], 1);

        // Another studio: not found, by server function and CSV alike; nobody signed in: 401.
        let rival = app.stranger();
        crate::support::sign_up_with(&rival, &app, "rival@example.com").await;
        assert_eq!(report(&app, &rival, &first).await.0, StatusCode::NOT_FOUND);
        let stolen =
            rival.get(app.url(&format!("/export/galleries/{first}/report/people.csv"))).send().await.expect("csv");
        assert_eq!(stolen.status(), StatusCode::NOT_FOUND);
        let nobody = app.stranger();
        assert_eq!(report(&app, &nobody, &first).await.0, StatusCode::UNAUTHORIZED);
        let anonymous =
            nobody.get(app.url(&format!("/export/galleries/{first}/report/people.csv"))).send().await.expect("csv");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        // The rival's own overview holds nothing of ours.
        let theirs: Value = call_with(&rival, &app.base, "engagement/studio", &[]).await.json().await.expect("json");
        assert_eq!(theirs["galleries"], json!([]));
    })
    .await;
}

/// A browser that typed an address another browser holds is counted, but not as that person:
/// the report never says Ana visited when a stranger typed her address.
#[tokio::test]
async fn a_typed_address_someone_else_holds_is_not_credited() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 1).await;
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = from_address("203.0.113.7");
        assert_eq!(ana.get(app.url(&link)).send().await.expect("open").status(), StatusCode::OK);
        let given =
            call_with(&ana, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "ana@example.com")]).await;
        assert_eq!(given.status(), StatusCode::OK);
        // A stranger on the same link types Ana's address, then comes back from another address
        // (a new visit).
        let stranger = Client::builder().cookie_store(true).build().expect("client");
        let open = |from: &'static str| stranger.get(app.url(&link)).header("x-forwarded-for", from).send();
        assert_eq!(open("198.51.100.20").await.expect("open").status(), StatusCode::OK);
        let typed = stranger
            .post(app.url("/api/downloads/email"))
            .header("x-forwarded-for", "198.51.100.20")
            .form(&[("slug", "wedding"), ("email", "ana@example.com")])
            .send()
            .await
            .expect("email");
        assert_eq!(typed.status(), StatusCode::OK);
        assert_eq!(open("192.0.2.80").await.expect("open").status(), StatusCode::OK);
        let download = stranger.get(app.url(&format!("/download/{}/hd", images[0]))).send().await.expect("download");
        assert_eq!(download.status(), StatusCode::OK);
        let (_, r) = report(&app, &app.client, &gallery).await;
        assert_eq!((total(&r, "visits"), total(&r, "downloads")), (3, 1), "{r}");
        let people = r["people"].as_array().expect("people");
        let ana_row = people.iter().find(|p| p["email"] == "ana@example.com").expect("Ana");
        assert_eq!(ana_row["visits"], 0, "her visit came before she gave her address; the stranger's is not hers: {r}");
        assert_eq!(ana_row["downloads"], 0, "nor the stranger's download: {r}");
        // The downloads log still labels it with the address typed (it grants nothing).
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert_eq!(log["lines"][0]["email"], "ana@example.com", "{log}");
    })
    .await;
}

/// The report's top photos are the first `TOP_IMAGES` of those still in the gallery: a photo
/// removed for good since leaves its place to the next one, not a gap.
#[tokio::test]
async fn the_top_photos_are_counted_after_removed_ones_are_left_out() {
    use backend::entities::image;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let top = domain::engagement::report::TOP_IMAGES;
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, top as u32 + 1).await;
        app.publish(&gallery).await;
        let ana = from_address("203.0.113.7");
        let link = app.make_link(&gallery, "MainClient", None).await;
        assert_eq!(ana.get(app.url(&link)).send().await.expect("open").status(), StatusCode::OK);
        for photo in &images {
            let viewed = call_with(&ana, &app.base, "engagement/viewed", &[("image", photo)]).await;
            assert_eq!(viewed.status(), StatusCode::OK);
        }
        // The first photo is viewed twice over (another person), so it ranks first.
        let ben = from_address("198.51.100.20");
        assert_eq!(ben.get(app.url(&link)).send().await.expect("open").status(), StatusCode::OK);
        let viewed = call_with(&ben, &app.base, "engagement/viewed", &[("image", &images[0])]).await;
        assert_eq!(viewed.status(), StatusCode::OK);
        let (_, before) = report(&app, &app.client, &gallery).await;
        assert_eq!(before["images"][0]["image"], images[0], "{before}");
        assert_eq!(before["images"].as_array().map(Vec::len), Some(top));

        // The leader is deleted, and removed for good 30 days later.
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[0]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now();
        image::Entity::update_many()
            .col_expr(image::Column::DeletedAt, Expr::value(Some(now - chrono::Duration::days(31))))
            .filter(image::Column::Id.eq(images[0].parse::<uuid::Uuid>().expect("uuid")))
            .exec(&ctx.db)
            .await
            .expect("backdate");
        assert_eq!(backend::gallery::purge::purge_deleted(ctx, now).await.expect("purge"), 1);

        let (_, after) = report(&app, &app.client, &gallery).await;
        let listed = after["images"].as_array().expect("images");
        assert_eq!(listed.len(), top, "every other photo has its place: {after}");
        assert!(listed.iter().all(|row| row["image"] != images[0]), "{after}");
    })
    .await;
}

/// A client asks to be erased: forgotten by the photographer, their address is nowhere in the
/// gallery's records, exports or report, while the gallery's counts stay; only the studio may.
#[tokio::test]
async fn a_forgotten_person_leaves_no_trace_of_their_address() {
    use backend::entities::{activity, activity_total, annotation, comment, download, person, select_list};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 2).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["switches"]["annotations"] = json!(true);
        })
        .await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        // The photographer invited Ana and Ben by email.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        for to in ["ana@example.com", "ben@example.com"] {
            let form = json!({ "to": to, "name": "", "note": "" });
            let invited = app.call_json("engagement/invite", json!({ "gallery": gallery, "link": links[0]["id"], "form": form })).await;
            assert_eq!(invited.status(), StatusCode::OK);
        }
        let ana = from_address("203.0.113.7");
        let ben = from_address("198.51.100.20");
        for (who, email) in [(&ana, "ana@example.com"), (&ben, "ben@example.com")] {
            assert_eq!(who.get(app.url(&link)).send().await.expect("open").status(), StatusCode::OK);
            let given = call_with(who, &app.base, "downloads/email", &[("slug", "wedding"), ("email", email)]).await;
            assert_eq!(given.status(), StatusCode::OK);
            let starred = post_json(who, &app.base, "selects/star", json!({ "image": images[0], "list": null, "on": true })).await;
            assert_eq!(starred.status(), StatusCode::OK);
        }
        let comment_body = json!({ "image": images[0], "name": "Ana", "body": "Could this one be brighter?" });
        assert_eq!(post_json(&ana, &app.base, "comments/add", comment_body).await.status(), StatusCode::OK);
        let marks = json!({ "image": images[1], "shapes": [{ "kind": "arrow", "color": "red", "from": { "x": 0.1, "y": 0.2 }, "to": { "x": 0.6, "y": 0.5 } }] });
        assert_eq!(post_json(&ana, &app.base, "annotations/save", marks).await.status(), StatusCode::OK);
        let file = ana.get(app.url(&format!("/download/{}/hd", images[0]))).send().await.expect("download");
        assert_eq!(file.status(), StatusCode::OK);
        file.bytes().await.expect("body");
        // She shares the gallery by email, sends her selection, and the studio answers her comment.
        let share = json!({ "slug": "wedding", "form": { "sets": null, "email_to": "cleo@example.com", "note": "From Ana with love" } });
        assert_eq!(post_json(&ana, &app.base, "sharing/share", share).await.status(), StatusCode::OK);
        let mine: Value =
            call_with(&ana, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        let list = mine["lists"][0]["id"].as_str().expect("list id").to_owned();
        let sent = post_json(&ana, &app.base, "selects/send", json!({ "slug": "wedding", "list": list, "note": "" })).await;
        assert_eq!(sent.status(), StatusCode::OK);
        let reply = json!({ "id": gallery, "image": images[0], "to": "ana@example.com", "body": "Brighter it is" });
        assert_eq!(app.call_json("comments/reply", reply).await.status(), StatusCode::OK);
        // Every mail went out (the outbox keeps who, subject and reply address of sent mail).
        backend::entities::outbox::Entity::update_many()
            .col_expr(backend::entities::outbox::Column::SentAt, sea_orm::sea_query::Expr::value(Some(chrono::Utc::now())))
            .exec(&app.state.ctx.db)
            .await
            .expect("sent");

        let exports = [
            format!("/export/galleries/{gallery}/downloads.csv"),
            format!("/export/galleries/{gallery}/selects.csv"),
            format!("/export/galleries/{gallery}/report/people.csv"),
        ];
        let mut seen = String::new();
        for path in &exports {
            seen += &app.client.get(app.url(path)).send().await.expect("export").text().await.expect("text");
        }
        assert!(seen.contains("ana@example.com") && seen.contains("ben@example.com"), "{seen}");

        // Only the gallery's studio may: not Ana herself, not another studio.
        let refused = call_with(&ana, &app.base, "engagement/forget", &[("id", &gallery), ("email", "ana@example.com")]).await;
        assert!(refused.status().is_client_error(), "{}", refused.status());
        let fresh = app.stranger();
        let refused = call_with(&fresh, &app.base, "engagement/forget", &[("id", &gallery), ("email", "ana@example.com")]).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "a fresh cookie");
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        let refused = call_with(&other, &app.base, "engagement/forget", &[("id", &gallery), ("email", "ana@example.com")]).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
        let typo = app.call("engagement/forget", &[("id", &gallery), ("email", "not an address")]).await;
        assert_eq!(typo.status(), StatusCode::BAD_REQUEST);
        let nobody: Value = app
            .call("engagement/forget", &[("id", &gallery), ("email", "anna@example.com")])
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(nobody, json!({ "found": false, "orders_kept": 0 }), "a typo finds nothing");

        // Typed as the client wrote it to the photographer.
        let forgotten = app.call("engagement/forget", &[("id", &gallery), ("email", " Ana@Example.com ")]).await;
        assert_eq!(forgotten.status(), StatusCode::OK);
        let forgotten: Value = forgotten.json().await.expect("json");
        assert_eq!(forgotten, json!({ "found": true, "orders_kept": 0 }));

        let mut seen = String::new();
        for path in &exports {
            seen += &app.client.get(app.url(path)).send().await.expect("export").text().await.expect("text");
        }
        assert!(!seen.contains("ana@example.com"), "{seen}");
        assert!(seen.contains("ben@example.com"), "Ben stays: {seen}");
        let (_, r) = report(&app, &app.client, &gallery).await;
        assert!(!r.to_string().contains("ana@example.com"), "{r}");
        assert_eq!(r["people"].as_array().map(Vec::len), Some(1), "{r}");
        // What happened stays counted: two selects, one download, one comment.
        assert_eq!((total(&r, "selects"), total(&r, "downloads"), total(&r, "comments")), (2, 1, 1), "{r}");

        let db = &app.state.ctx.db;
        let ana_email = "ana@example.com";
        let left = [
            person::Entity::find().filter(person::Column::Email.eq(ana_email)).count(db).await,
            select_list::Entity::find().filter(select_list::Column::Email.eq(ana_email)).count(db).await,
            comment::Entity::find().filter(comment::Column::Email.eq(ana_email)).count(db).await,
            annotation::Entity::find().filter(annotation::Column::Email.eq(ana_email)).count(db).await,
            download::Entity::find().filter(download::Column::Email.eq(ana_email)).count(db).await,
            activity::Entity::find().filter(activity::Column::Email.eq(ana_email)).count(db).await,
            activity_total::Entity::find().filter(activity_total::Column::Email.eq(ana_email)).count(db).await,
        ];
        assert_eq!(left.map(|n| n.expect("count")), [0; 7]);
        assert!(app.mail_to("ana@example.com").await.is_empty(), "her invitation's mail is gone");
        // What she sent no longer names her: the link she shared, her share mail, her selection.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert!(!links.to_string().contains("ana@example.com") && links.to_string().contains("Shared by a main client"), "{links}");
        let outbox = backend::entities::outbox::Entity::find().all(db).await.expect("outbox");
        for mail in &outbox {
            let seen = format!("{} {:?} {} {:?}", mail.subject, mail.reply_to, mail.body_text, mail.body_html);
            assert!(!seen.contains("ana@example.com") && !seen.contains("From Ana with love"), "{seen}");
        }
        assert!(outbox.iter().any(|m| m.to_address == "cleo@example.com"), "Cleo's share mail is kept, without Ana");
        // Her browser no longer holds her: downloading asks for an address again, and her earlier
        // address is not written back into the log.
        let again = ana.get(app.url(&format!("/download/{}/hd", images[0]))).send().await.expect("download");
        assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
        assert!(again.text().await.expect("body").contains("email address"), "asked for an address again");
        let log = app.client.get(app.url(&exports[0])).send().await.expect("log").text().await.expect("text");
        assert!(!log.contains("ana@example.com"), "{log}");
        assert_eq!(app.mail_to("ben@example.com").await.len(), 1, "Ben's stays");
        assert_eq!(select_list::Entity::find().filter(select_list::Column::Email.eq("ben@example.com")).count(db).await.expect("count"), 1);
    })
    .await;
}
