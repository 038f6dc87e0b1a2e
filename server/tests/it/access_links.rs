//! Access links: roles and set scopes decided on the server, and revocation that takes effect on
//! the very next request of a session that is already open.

use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn revoking_a_link_refuses_the_next_request_of_an_open_session() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.visitor_on(&link).await;
        let media = |client: reqwest::Client| {
            let url = app.url(&format!("/media/{image}/480"));
            async move { client.get(url).send().await.expect("media").status() }
        };
        assert_eq!(media(visitor.clone()).await, StatusCode::OK);

        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert_eq!(links.as_array().map(Vec::len), Some(1));
        assert_eq!(links[0]["role"], "MainClient");
        let revoked = app.call_json("access/revoke_link", json!({ "id": gallery, "link": links[0]["id"] })).await;
        assert_eq!(revoked.status(), StatusCode::OK);

        // The same session, its very next request: refused. A download says why.
        assert_eq!(media(visitor.clone()).await, StatusCode::NOT_FOUND);
        let download = visitor.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("req");
        assert_eq!(download.status(), StatusCode::FORBIDDEN);
        assert!(download.text().await.expect("body").contains("revoked"));
        let page = visitor.get(app.url("/g/wedding")).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        let html = page.text().await.expect("body");
        assert!(html.contains("This link has been revoked") && !html.contains(&image), "{html}");
        // Revoked links leave the list; opening one again still says why.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert_eq!(links.as_array().map(Vec::len), Some(0));
        let again = app.visitor_on(&link).await;
        assert_eq!(media(again).await, StatusCode::NOT_FOUND);
        // An unknown token is simply not found.
        let unknown = app.stranger().get(app.url("/l/0123456789abcdef0123456789abcdef")).send().await.expect("req");
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_link_limited_to_sets_shows_those_sets_only() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let (ceremony, party) =
            (app.make_set(&gallery, "Ceremony").await, app.make_set(&gallery, "Secret Party").await);
        let images = app.upload_tiny(&gallery, 3).await;
        app.move_image(&gallery, &images[0], &ceremony).await;
        app.move_image(&gallery, &images[1], &party).await;
        app.publish(&gallery).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        let link = app.make_link(&gallery, "PhotographerInvited", Some(vec![&ceremony])).await;
        let visitor = app.visitor_on(&link).await;

        let html = visitor.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("body");
        assert!(html.contains("Ceremony") && html.contains(&images[0]));
        for hidden in ["Secret Party", images[1].as_str(), images[2].as_str()] {
            assert!(!html.contains(hidden), "{hidden} shown to a link limited to Ceremony");
        }
        for (image, expected) in
            [(&images[0], StatusCode::OK), (&images[1], StatusCode::NOT_FOUND), (&images[2], StatusCode::NOT_FOUND)]
        {
            let media = visitor.get(app.url(&format!("/media/{image}/480"))).send().await.expect("media");
            assert_eq!(media.status(), expected, "media of {image}");
            let download = visitor.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("download");
            assert_eq!(download.status(), expected, "download of {image}");
        }
        let zip = visitor.get(app.url(&format!("/zip/wedding/set-{party}/hd"))).send().await.expect("zip");
        assert_eq!(zip.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn links_are_managed_by_the_owner_only() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        // Guests use the public link; a link for them is refused with a reason.
        let form = json!({ "label": "", "role": "Guest", "sets": null, "expires_on": null });
        let guest = app.call_json("access/create_link", json!({ "id": gallery, "form": form })).await;
        assert_eq!(guest.status(), StatusCode::FORBIDDEN);
        // A last day already past: refused with a sentence.
        let form = json!({ "label": "", "role": "MainClient", "sets": null, "expires_on": "2020-01-01" });
        let past = app.call_json("access/create_link", json!({ "id": gallery, "form": form })).await;
        assert_eq!(past.status(), StatusCode::BAD_REQUEST);
        assert!(past.text().await.expect("body").contains("last day"));
        // Signed out: sign in first. Another studio: not found.
        let anonymous = call_with(&app.stranger(), &app.base, "access/links", &[("id", &gallery)]).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        for endpoint in ["access/links", "access/remove_pin", "downloads/log"] {
            let response = call_with(&other, &app.base, endpoint, &[("id", &gallery)]).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{endpoint}");
        }
    })
    .await;
}

#[tokio::test]
async fn another_site_cannot_put_a_visitor_on_another_link_without_asking() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let (ceremony, party) = (app.make_set(&gallery, "Ceremony").await, app.make_set(&gallery, "Party").await);
        let images = app.upload_tiny(&gallery, 2).await;
        app.move_image(&gallery, &images[0], &ceremony).await;
        app.move_image(&gallery, &images[1], &party).await;
        app.publish(&gallery).await;
        let main = app.make_link(&gallery, "MainClient", None).await;
        let narrow = app.make_link(&gallery, "PhotographerInvited", Some(vec![&ceremony])).await;
        let party_media = app.url(&format!("/media/{}/480", images[1]));
        let sees_party = |client: reqwest::Client| {
            let url = party_media.clone();
            async move { client.get(url).send().await.expect("media").status() == StatusCode::OK }
        };
        let from_elsewhere = |client: &reqwest::Client, path: &str| {
            client.get(app.url(path)).header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate").send()
        };

        // A client on the main link; a page elsewhere sends her browser to the narrow link.
        let client = app.visitor_on(&main).await;
        assert!(sees_party(client.clone()).await);
        let asked = from_elsewhere(&client, &narrow).await.expect("page");
        // (Something to give first: 401, as for the gallery password.)
        assert_eq!(asked.status(), StatusCode::UNAUTHORIZED);
        let html = asked.text().await.expect("body");
        assert!(html.contains("Open with this link?") && !html.contains(&images[0]), "{html}");
        assert!(sees_party(client.clone()).await, "her link is unchanged");
        // That page cannot answer for her: a cross-site POST is refused.
        let forged = client
            .post(app.url("/api/client/choose_link"))
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[("token", narrow.trim_start_matches("/l/")), ("choice", "switch")])
            .send()
            .await
            .expect("post");
        assert!(forged.status().is_client_error(), "{}", forged.status());
        assert!(sees_party(client.clone()).await);

        // She keeps hers: back on her own link's page.
        let token = narrow.trim_start_matches("/l/");
        let kept = call_with(&client, &app.base, "client/choose_link", &[("token", token), ("choice", "keep")]).await;
        let location =
            |r: &reqwest::Response| r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(location(&kept).as_deref(), Some(main.as_str()), "{}", kept.status());
        assert!(sees_party(client.clone()).await);
        // Or she chooses the new one.
        let switched =
            call_with(&client, &app.base, "client/choose_link", &[("token", token), ("choice", "switch")]).await;
        assert_eq!(location(&switched).as_deref(), Some(narrow.as_str()), "{}", switched.status());
        assert!(!sees_party(client.clone()).await, "now on the narrow link");

        // Typed or pasted (no site sent it), or followed on this site: opened at once.
        for fetch_site in ["none", "same-origin"] {
            let visitor = app.visitor_on(&main).await;
            let page = visitor.get(app.url(&narrow)).header("Sec-Fetch-Site", fetch_site).send().await.expect("page");
            assert!(!page.text().await.expect("body").contains("Open with this link?"), "{fetch_site}");
            assert!(!sees_party(visitor).await, "{fetch_site}");
        }
        // A first link, from a mail program's page, opens at once too: nothing to keep.
        let invited = app.stranger();
        let page = from_elsewhere(&invited, &main).await.expect("page").text().await.expect("body");
        assert!(page.contains(&images[1]) && !page.contains("Open with this link?"));
        // And so does any link when the one the session had no longer works.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let main_id =
            links.as_array().expect("links").iter().find(|l| l["role"] == "MainClient").expect("main")["id"].clone();
        let revoked = app.call_json("access/revoke_link", json!({ "id": gallery, "link": main_id })).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        let page = from_elsewhere(&invited, &narrow).await.expect("page").text().await.expect("body");
        assert!(page.contains(&images[0]) && !page.contains("Open with this link?"), "{page}");
    })
    .await;
}

/// Last days are the studio's days: a day chosen for a gallery, an access link, a delivery set or
/// its link ends at that day's midnight in the studio's time zone, is shown as that day again,
/// and "today" is the studio's today (a day already over there is refused).
#[tokio::test]
async fn last_days_end_at_midnight_in_the_studio_time_zone() {
    use backend::entities::{access_link, delivery_link, delivery_set, gallery as gallery_row};
    use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
    use sea_orm::EntityTrait;
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        assert_eq!(set_time_zone(&app, "America/Los_Angeles").await, StatusCode::OK);
        let day = NaiveDate::from_ymd_opt(2030, 6, 14).expect("day");
        let la_midnight: DateTime<Utc> = "2030-06-15T07:00:00Z".parse().expect("time");
        let db = &app.state.ctx.db;

        // An access link.
        let made = link_until(&app, &gallery, Some(day)).await;
        assert_eq!(made["last_day"], json!(day), "{made}");
        let id: uuid::Uuid = made["id"].as_str().expect("id").parse().expect("uuid");
        let row = access_link::Entity::find_by_id(id).one(db).await.expect("db").expect("link");
        assert_eq!(row.expires_at, Some(la_midnight));
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert_eq!(links[0]["last_day"], json!(day));

        // The gallery itself.
        let updated = app
            .call(
                "galleries/update",
                &[
                    ("id", &gallery),
                    ("title", "Wedding"),
                    ("slug", ""),
                    ("event_date", ""),
                    ("last_day", "2030-06-14"),
                    ("with_last_day", "true"),
                ],
            )
            .await;
        assert!(updated.status().is_success() || updated.status().is_redirection(), "{}", updated.status());
        let g: uuid::Uuid = gallery.parse().expect("uuid");
        let row = gallery_row::Entity::find_by_id(g).one(db).await.expect("db").expect("gallery");
        assert_eq!(row.expires_at, Some(la_midnight));
        assert_eq!(app.editor(&gallery).await["last_day"], json!(day));

        // A delivery set and its link.
        let package = app.make_package(&gallery, &[image.as_str()]).await;
        let sizes = json!({ "original": true, "four_k": false, "hd": false, "custom_web": null, "custom_box": null });
        let form = json!({ "name": "Finals", "sizes": sizes, "ends_on": day });
        let changed =
            app.call_json("delivery/update", json!({ "gallery": gallery, "package": package, "form": form })).await;
        assert_eq!(changed.status(), StatusCode::OK, "{}", changed.text().await.unwrap_or_default());
        let link = json!({ "gallery": gallery, "package": package, "label": "Ana", "expires_on": day });
        let made: Value = app.call_json("delivery/link", link).await.json().await.expect("json");
        assert_eq!(made["last_day"], json!(day), "{made}");
        let id: uuid::Uuid = made["id"].as_str().expect("id").parse().expect("uuid");
        let row = delivery_link::Entity::find_by_id(id).one(db).await.expect("db").expect("link");
        assert_eq!(row.expires_at, Some(la_midnight));
        let p: uuid::Uuid = package.parse().expect("uuid");
        let row = delivery_set::Entity::find_by_id(p).one(db).await.expect("db").expect("package");
        assert_eq!(row.ends_at, Some(la_midnight));
        let listed: Value = app.call("delivery/list", &[("gallery", &gallery)]).await.json().await.expect("json");
        assert_eq!(listed[0]["last_day"], json!(day), "{listed}");

        // Today is the studio's, whatever the hour in UTC: a zone is chosen where the studio's
        // day and UTC's differ now. Before 10:00 UTC, at UTC-11 yesterday (UTC's) is still today
        // there, so it is open; from 10:00, at UTC+14 it is already tomorrow, so UTC's today is
        // over there.
        let asked_until = |day: NaiveDate| {
            let form = json!({ "label": "", "role": "MainClient", "sets": null, "expires_on": day });
            app.call_json("access/create_link", json!({ "id": gallery, "form": form }))
        };
        let now = Utc::now();
        if now.hour() < 10 {
            assert_eq!(set_time_zone(&app, "Pacific/Pago_Pago").await, StatusCode::OK);
            let today = (now - Duration::hours(11)).date_naive();
            assert!(today < now.date_naive());
            let open = asked_until(today).await;
            assert_eq!(open.status(), StatusCode::OK, "{}", open.text().await.unwrap_or_default());
        } else {
            assert_eq!(set_time_zone(&app, "Pacific/Kiritimati").await, StatusCode::OK);
            let today = (now + Duration::hours(14)).date_naive();
            assert!(today > now.date_naive());
            assert_eq!(asked_until(today).await.status(), StatusCode::OK);
            let over = asked_until(today - Duration::days(1)).await;
            assert_eq!(over.status(), StatusCode::BAD_REQUEST);
            assert!(over.text().await.expect("text").contains("Choose a last day from today on"));
        }
    })
    .await;
}

/// Last days stored before they were the studio's (a midnight UTC) move, with the upgrade, to
/// midnight of the same day where the studio is; a moment already chosen in its zone stays. Saving
/// the gallery again, after the studio moved to another zone, ends it at midnight there.
#[tokio::test]
async fn last_days_chosen_before_studio_zones_keep_their_day() {
    use backend::entities::{access_link, gallery as gallery_row};
    use chrono::{DateTime, Utc};
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        assert_eq!(set_time_zone(&app, "America/Los_Angeles").await, StatusCode::OK);
        let old: DateTime<Utc> = "2030-06-15T00:00:00Z".parse().expect("time");
        let la: DateTime<Utc> = "2030-06-15T07:00:00Z".parse().expect("time");
        let db = &app.state.ctx.db;
        let g: uuid::Uuid = gallery.parse().expect("uuid");
        let mut row: gallery_row::ActiveModel =
            gallery_row::Entity::find_by_id(g).one(db).await.expect("db").expect("gallery").into();
        row.expires_at = Set(Some(old));
        row.update(db).await.expect("old end");
        let mut ends = Vec::new();
        for end in [old, la] {
            let made = link_until(&app, &gallery, None).await;
            let id: uuid::Uuid = made["id"].as_str().expect("id").parse().expect("uuid");
            let mut row: access_link::ActiveModel =
                access_link::Entity::find_by_id(id).one(db).await.expect("db").expect("link").into();
            row.expires_at = Set(Some(end));
            row.update(db).await.expect("end");
            ends.push(id);
        }
        migrations::move_last_days(db).await.expect("moved");
        let stored = gallery_row::Entity::find_by_id(g).one(db).await.expect("db").expect("gallery").expires_at;
        assert_eq!(stored, Some(la), "14 June, now to midnight in Los Angeles");
        assert_eq!(app.editor(&gallery).await["ends_at_hour"], Value::Null);
        for id in &ends {
            let link = access_link::Entity::find_by_id(*id).one(db).await.expect("db").expect("link");
            assert_eq!(link.expires_at, Some(la));
        }
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert!(links.as_array().expect("links").iter().all(|l| l["last_day"] == "2030-06-14"), "{links}");
        // The studio moves to Sydney: the gallery shows the day its end falls on there, and saving
        // the details with that day ends it at midnight there, as the Details tab says.
        assert_eq!(set_time_zone(&app, "Australia/Sydney").await, StatusCode::OK);
        let editor = app.editor(&gallery).await;
        let shown = editor["last_day"].as_str().expect("a last day").to_owned();
        assert_eq!(editor["ends_at_hour"], "17:00", "Los Angeles' midnight, said as Sydney's hour");
        let saved = app
            .call(
                "galleries/update",
                &[
                    ("id", &gallery),
                    ("title", "Wedding renamed"),
                    ("slug", ""),
                    ("event_date", ""),
                    ("last_day", &shown),
                    ("with_last_day", "true"),
                ],
            )
            .await;
        assert!(saved.status().is_success() || saved.status().is_redirection(), "{}", saved.status());
        let stored = gallery_row::Entity::find_by_id(g).one(db).await.expect("db").expect("gallery").expires_at;
        let sydney: DateTime<Utc> = "2030-06-15T14:00:00Z".parse().expect("time");
        assert_eq!((shown.as_str(), stored), ("2030-06-15", Some(sydney)));
        assert_eq!(app.editor(&gallery).await["ends_at_hour"], Value::Null, "midnight again");
    })
    .await;
}

/// Sets the studio's time zone (Studio settings), answering the status.
async fn set_time_zone(app: &crate::support::TestApp, name: &str) -> StatusCode {
    let settings = json!({ "settings": { "digest": false, "digest_hour": 8, "time_zone": name, "security": true } });
    app.call_json("engagement/save_notifications", settings).await.status()
}

/// Makes a main client's link to `gallery` lasting through `day` (or for good), answering it.
async fn link_until(app: &crate::support::TestApp, gallery: &str, day: Option<chrono::NaiveDate>) -> Value {
    let form = json!({ "label": "Ana", "role": "MainClient", "sets": null, "expires_on": day });
    let made = app.call_json("access/create_link", json!({ "id": gallery, "form": form })).await;
    assert_eq!(made.status(), StatusCode::OK);
    made.json().await.expect("json")
}
