//! Notifications: the daily digest goes once per studio and local day with exactly what is new
//! (none on a quiet day, none twice), at the studio's hour in its time zone; every kind has an
//! unsubscribe link that works without signing in and stops that kind only; invitations carry
//! the link and the note, and are not sent to someone who unsubscribed from them.

use crate::support::{TestApp, call_with, for_each_db, post_json};
use backend::engagement::record::{Event, Who, record};
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::engagement::EventKind;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
}

async fn notify(app: &TestApp, digest: bool, hour: u8, zone: &str) {
    let settings =
        json!({ "settings": { "digest": digest, "digest_hour": hour, "time_zone": zone, "security": true } });
    let saved = app.call_json("engagement/save_notifications", settings).await;
    assert_eq!(saved.status(), StatusCode::OK, "{}", saved.text().await.unwrap_or_default());
}

/// Records that `email` did `kind` in `gallery` at `when`.
async fn happened(app: &TestApp, gallery: &str, kind: EventKind, email: &str, when: DateTime<Utc>) {
    let g: Uuid = gallery.parse().expect("id");
    let row =
        backend::entities::gallery::Entity::find_by_id(g).one(&app.state.ctx.db).await.expect("db").expect("gallery");
    let who = Who { email: Some(email.to_owned()), ..Who::default() };
    let mut event = Event::new(kind, row.studio_id, g, who);
    event.detail = (kind == EventKind::Comment).then(|| "Can we have this one in black and white?".to_owned());
    record(&app.state.ctx.db, &[event], Vec::new(), when).await.expect("record");
}

async fn digests(app: &TestApp, now: DateTime<Utc>) -> u32 {
    backend::engagement::digest::run(&app.state.ctx, now).await.expect("digest run")
}

#[tokio::test]
async fn the_digest_goes_once_a_day_with_what_is_new_at_the_studios_hour() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        notify(&app, true, 9, "Asia/Tokyo").await;
        let t0 = at("2026-06-05T20:00:00Z");
        happened(&app, &gallery, EventKind::Select, "ana@example.com", t0).await;
        happened(&app, &gallery, EventKind::Select, "ana@example.com", t0 + Duration::minutes(1)).await;
        happened(&app, &gallery, EventKind::Comment, "ben@example.com", t0 + Duration::minutes(2)).await;
        // Visits are the report's, not the digest's.
        happened(&app, &gallery, EventKind::Visit, "cy@example.com", t0 + Duration::minutes(3)).await;

        // 08:30 in Tokyo: not yet.
        assert_eq!(digests(&app, at("2026-06-05T23:30:00Z")).await, 0);
        assert!(app.mail_to("studio@example.com").await.is_empty());
        // 09:30 in Tokyo: the digest, once, however often the job runs.
        let due = at("2026-06-06T00:30:00Z");
        assert_eq!(digests(&app, due).await, 1);
        assert_eq!(digests(&app, due + Duration::minutes(10)).await, 0);
        let mail = app.mail_to("studio@example.com").await;
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].subject, "Today in “Wedding”");
        assert!(mail[0].body_text.contains("ana@example.com selected 2 photos"), "{}", mail[0].body_text);
        assert!(mail[0].body_text.contains("ben@example.com wrote 1 comment"), "{}", mail[0].body_text);
        assert!(mail[0].body_text.contains("black and white"), "{}", mail[0].body_text);
        assert!(!mail[0].body_text.contains("cy@example.com"), "{}", mail[0].body_text);
        assert!(mail[0].body_html.as_deref().is_some_and(|h| h.contains("Wedding")));
        assert!(mail[0].unsubscribe.is_some());

        // A quiet day: nothing sent.
        assert_eq!(digests(&app, due + Duration::days(1)).await, 0);
        assert_eq!(app.mail_to("studio@example.com").await.len(), 1);
        // Something new the day after: only that.
        happened(&app, &gallery, EventKind::Download, "dee@example.com", due + Duration::days(1) + Duration::hours(3))
            .await;
        assert_eq!(digests(&app, due + Duration::days(2)).await, 1);
        let mail = app.mail_to("studio@example.com").await;
        assert_eq!(mail.len(), 2);
        assert!(mail[1].body_text.contains("dee@example.com downloaded 1 photo"), "{}", mail[1].body_text);
        assert!(!mail[1].body_text.contains("ana@example.com"), "{}", mail[1].body_text);

        // A studio with nothing of its own gets nothing of ours, and one with the digest off none.
        let rival = app.stranger();
        crate::support::sign_up_with(&rival, &app, "rival@example.com").await;
        notify(&app, false, 0, "UTC").await;
        happened(&app, &gallery, EventKind::Select, "eve@example.com", due + Duration::days(3)).await;
        assert_eq!(digests(&app, due + Duration::days(3) + Duration::hours(1)).await, 0);
        assert_eq!(app.mail_to("studio@example.com").await.len(), 2);
        assert!(app.mail_to("rival@example.com").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn unsubscribe_links_work_without_signing_in_and_stop_one_kind() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        notify(&app, true, 0, "UTC").await;
        let t0 = Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).single().expect("time");
        happened(&app, &gallery, EventKind::Select, "ana@example.com", t0).await;
        assert_eq!(digests(&app, t0 + Duration::hours(1)).await, 1);
        let url = app.mail_to("studio@example.com").await[0].unsubscribe.clone().expect("an unsubscribe link");
        assert!(app.mail_to("studio@example.com").await[0].body_text.contains(&url));
        let path = url.strip_prefix(&app.base).expect("a link to this server").to_owned();

        // Nobody signed in: the page names what it stops; a POST (the button, or a mail
        // program's one-click) stops it.
        let stranger = app.stranger();
        let page = stranger.get(app.url(&path)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.expect("text").contains("daily digest"));
        let done =
            stranger.post(app.url(&path)).form(&[("List-Unsubscribe", "One-Click")]).send().await.expect("confirm");
        assert_eq!(done.status(), StatusCode::OK);
        assert!(done.text().await.expect("text").contains("will no longer get"));
        let settings: Value = app.call("engagement/notifications", &[]).await.json().await.expect("json");
        assert_eq!(settings["settings"]["digest"], false, "{settings}");
        assert_eq!(settings["settings"]["security"], true, "only that kind stops");
        happened(&app, &gallery, EventKind::Select, "ana@example.com", t0 + Duration::days(1)).await;
        assert_eq!(digests(&app, t0 + Duration::days(1) + Duration::hours(1)).await, 0);

        // A made-up link: not found.
        let guessed = stranger.get(app.url(&format!("/unsubscribe/{}", "0".repeat(48)))).send().await.expect("page");
        assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn invitations_carry_the_link_and_note_and_respect_an_unsubscribe() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let path = app.make_link(&gallery, "MainClient", None).await;
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let link = links[0]["id"].as_str().expect("link id").to_owned();
        let invite = |to: &str, note: &str| {
            json!({ "gallery": gallery, "link": link, "form": { "to": to, "name": "Ana", "note": note } })
        };
        // A draft would meet the client with a closed door: refused, and nothing mailed.
        let draft = app.call_json("engagement/invite", invite("ana@example.com", "")).await;
        assert_eq!(draft.status(), StatusCode::CONFLICT);
        assert!(draft.text().await.expect("text").contains("Publish the gallery"));
        assert!(app.mail_to("ana@example.com").await.is_empty());
        app.publish(&gallery).await;
        let sent = app.call_json("engagement/invite", invite("ana@example.com", "Here are <your> photos!")).await;
        assert_eq!(sent.status(), StatusCode::OK, "{}", sent.text().await.unwrap_or_default());
        let mail = app.mail_to("ana@example.com").await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].body_text.contains(&app.url(&path)), "{}", mail[0].body_text);
        assert!(mail[0].body_text.contains("Here are <your> photos!"));
        let html = mail[0].body_html.clone().expect("html");
        assert!(html.contains("Here are &lt;your&gt; photos!") && html.contains(&app.url(&path)), "{html}");
        assert!(mail[0].subject.contains("Wedding"));
        // Send pressed twice (or a form sent twice by a slow connection): the same invitation,
        // twice at once, is one mail and one row on the Invite tab; the second is a sentence.
        let (first, second) = tokio::join!(
            app.call_json("engagement/invite", invite("eve@example.com", "")),
            app.call_json("engagement/invite", invite("eve@example.com", ""))
        );
        let mut statuses = [first.status(), second.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "the second is told it went already");
        assert_eq!(app.mail_to("eve@example.com").await.len(), 1, "no second mail within the minute");
        let listed: Value = app.call("access/invitations", &[("id", &gallery)]).await.json().await.expect("json");
        assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");

        // Another studio cannot send this gallery's links; a bad address is a sentence.
        let rival = app.stranger();
        crate::support::sign_up_with(&rival, &app, "rival@example.com").await;
        let theirs = post_json(&rival, &app.base, "engagement/invite", invite("x@example.com", "")).await;
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
        let bad = app.call_json("engagement/invite", invite("not an address", "")).await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        // Hidden characters in the note (or the name) are a sentence too, never a failed insert.
        let hidden = app.call_json("engagement/invite", invite("ana@example.com", "Hi\u{0}there \u{202e}")).await;
        assert_eq!(hidden.status(), StatusCode::BAD_REQUEST, "{}", hidden.text().await.unwrap_or_default());

        // Ana unsubscribes from this studio's invitations: the next one is refused, with why.
        let stop = mail[0].unsubscribe.clone().expect("unsubscribe");
        let confirmed = app.stranger().post(stop).send().await.expect("confirm");
        assert_eq!(confirmed.status(), StatusCode::OK);
        let again = app.call_json("engagement/invite", invite("ana@example.com", "")).await;
        assert_eq!(again.status(), StatusCode::BAD_REQUEST);
        assert!(again.text().await.expect("text").contains("asked not to get invitations"));
        assert_eq!(app.mail_to("ana@example.com").await.len(), 1);
        // Someone else still can be invited.
        let other = app.call_json("engagement/invite", invite("ben@example.com", "")).await;
        assert_eq!(other.status(), StatusCode::OK);
        // A client's share goes under the studio's name too: not to Ana, who is told of nothing
        // made (no link), and with the same way out for whoever gets one.
        let ben = app.visitor_on(&path).await;
        let given = call_with(&ben, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "ben@example.com")]);
        assert_eq!(given.await.status(), StatusCode::OK);
        let links_before = app.call("access/links", &[("id", &gallery)]).await.json::<Value>().await.expect("links");
        let share = |to: &str| json!({ "slug": "wedding", "form": { "sets": null, "email_to": to, "note": "" } });
        let refused = post_json(&ben, &app.base, "sharing/share", share("Ana@Example.com")).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        assert!(refused.text().await.expect("text").contains("asked not to get gallery invitations from this studio"));
        assert_eq!(app.mail_to("ana@example.com").await.len(), 1);
        let links_after = app.call("access/links", &[("id", &gallery)]).await.json::<Value>().await.expect("links");
        assert_eq!(links_after, links_before, "nothing made");
        let shared = post_json(&ben, &app.base, "sharing/share", share("dee@example.com")).await;
        assert_eq!(shared.status(), StatusCode::OK, "{}", shared.text().await.unwrap_or_default());
        let to_dee = app.mail_to("dee@example.com").await;
        let stop = to_dee[0].unsubscribe.clone().expect("a share carries the way out");
        assert_eq!(app.stranger().post(stop).send().await.expect("confirm").status(), StatusCode::OK);
        let invited = app.call_json("engagement/invite", invite("dee@example.com", "")).await;
        assert_eq!(invited.status(), StatusCode::BAD_REQUEST, "her unsubscribe holds for the studio's own invitations");

        // A revoked link is never sent: the sentence says to make a new one, and nothing goes.
        let revoked = app.call_json("access/revoke_link", json!({ "id": gallery, "link": link })).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        let stale = app.call_json("engagement/invite", invite("cy@example.com", "")).await;
        assert_eq!(stale.status(), StatusCode::BAD_REQUEST);
        assert!(stale.text().await.expect("text").contains("no longer opens the gallery"));
        assert!(app.mail_to("cy@example.com").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_photographer_sees_what_became_of_each_invitation() {
    use crate::support::smtp_sink::{SmtpSink, UNKNOWN_MAILBOX};
    let sink = SmtpSink::start();
    let port = sink.port;
    crate::support::for_each_db_configured(
        move |config| config.mail.smtp_port = port,
        |app| async move {
            app.sign_up("studio@example.com").await;
            let gallery = app.create_gallery("Wedding", "wedding").await;
            app.publish(&gallery).await;
            app.make_link(&gallery, "MainClient", None).await;
            let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
            let link = links[0]["id"].as_str().expect("link id").to_owned();
            let invite =
                |to: &str| json!({ "gallery": gallery, "link": link, "form": { "to": to, "name": "", "note": "" } });
            for to in ["ana@example.com", UNKNOWN_MAILBOX] {
                assert_eq!(app.call_json("engagement/invite", invite(to)).await.status(), StatusCode::OK);
            }
            let listed = || async {
                app.call("access/invitations", &[("id", &gallery)]).await.json::<Value>().await.expect("json")
            };
            let before = listed().await;
            assert_eq!(before.as_array().map(Vec::len), Some(2));
            assert!(before.as_array().expect("list").iter().all(|i| i["delivery"] == "Sending"), "{before}");

            app.run_jobs().await;
            let after = listed().await;
            let of = |to: &str| {
                after.as_array().expect("list").iter().find(|i| i["recipient"] == to).expect("listed").clone()
            };
            assert!(of("ana@example.com")["delivery"]["Sent"]["at"].is_string(), "{after}");
            let refused = of(UNKNOWN_MAILBOX)["delivery"]["Refused"]["said"].as_str().expect("refused").to_owned();
            assert!(refused.contains("550") && !refused.contains("tried again"), "{refused}");
            assert_eq!(of(UNKNOWN_MAILBOX)["link_label"], links[0]["label"]);

            // Only the gallery's studio sees its invitations.
            let rival = app.stranger();
            crate::support::sign_up_with(&rival, &app, "rival@example.com").await;
            assert_eq!(
                call_with(&rival, &app.base, "access/invitations", &[("id", &gallery)]).await.status(),
                StatusCode::NOT_FOUND
            );
        },
    )
    .await;
}

/// A studio's report days are its own time zone's, as its digest's: a visit at 19:00 in Los
/// Angeles (03:00 UTC the next day) is counted on the Los Angeles day, and the report says so.
#[tokio::test]
async fn report_days_are_the_studios_own_days() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        notify(&app, true, 9, "America/Los_Angeles").await;
        let utc_day = (Utc::now() - Duration::days(2)).date_naive();
        let evening = utc_day.and_hms_opt(3, 0, 0).expect("time").and_utc();
        happened(&app, &gallery, EventKind::Visit, "ana@example.com", evening).await;
        let la_day = utc_day.pred_opt().expect("day");
        let (from, to) = (la_day.to_string(), utc_day.to_string());
        let report: Value = app
            .call("engagement/gallery", &[("id", &gallery), ("from", &from), ("to", &to)])
            .await
            .json()
            .await
            .expect("report");
        assert_eq!(report["time_zone"], "America/Los_Angeles");
        let visits = |day: &str| {
            report["days"]
                .as_array()
                .expect("days")
                .iter()
                .find(|d| d["day"] == day)
                .map_or(0, |d| d["visits"].as_u64().unwrap_or(0))
        };
        assert_eq!((visits(&from), visits(&to)), (1, 0), "{report}");
    })
    .await;
}

/// A studio sends at most 100 invitations an hour: its own, not the shares its clients send
/// (each of which leaves an unsubscribe row, as an invitation does).
#[tokio::test]
async fn the_studio_invitation_limit_counts_its_own_invitations_not_its_clients_shares() {
    for_each_db(|app| async move {
        use sea_orm::ActiveValue::Set;
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.make_link(&gallery, "MainClient", None).await;
        app.publish(&gallery).await;
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let link = links[0]["id"].as_str().expect("link id").to_owned();
        let db = &app.state.ctx.db;
        let studio = backend::entities::gallery::Entity::find_by_id(uuid::Uuid::parse_str(&gallery).expect("uuid"))
            .one(db)
            .await
            .expect("query")
            .expect("gallery")
            .studio_id;
        // A hundred shares sent by the studio's clients this hour.
        let shares = (0..100).map(|n| backend::entities::unsubscribe::ActiveModel {
            token_hash: Set(format!("share-{n}")),
            studio_id: Set(studio),
            email: Set(format!("friend{n}@example.com")),
            kind: Set(domain::engagement::notifications::MailKind::Invitations.token().to_owned()),
            created_at: Set(chrono::Utc::now()),
            used_at: Set(None),
        });
        backend::entities::unsubscribe::Entity::insert_many(shares).exec(db).await.expect("shares");
        let invite = |n: u32| {
            json!({ "gallery": gallery, "link": link, "form": { "to": format!("guest{n}@example.com"), "name": "", "note": "" } })
        };
        for n in 0..100 {
            let sent = app.call_json("engagement/invite", invite(n)).await;
            assert_eq!(sent.status(), StatusCode::OK, "invitation {n}: {}", sent.text().await.unwrap_or_default());
        }
        let refused = app.call_json("engagement/invite", invite(100)).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.text().await.expect("text").contains("as many invitations as it may this hour"));
    })
    .await;
}
