//! Secrets from outside a session: a changed gallery password ends earlier unlocks, wrong
//! passwords are throttled, the session id changes at every privilege change, and a gallery-wide
//! PIN lock tells the photographer.

use crate::support::{TestApp, call_with, for_each_db};
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn locked_gallery(app: &TestApp) -> (String, String) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Locked", "locked").await;
    let image = app.upload_tiny(&gallery, 1).await.remove(0);
    app.publish_publicly(&gallery).await;
    app.call("galleries/password", &[("id", &gallery), ("password", "tulips")]).await;
    (gallery, image)
}

async fn unlock(app: &TestApp, client: &Client, password: &str, from: &str) -> reqwest::Response {
    client
        .post(app.url("/api/client/unlock"))
        .header("X-Forwarded-For", from)
        .form(&[("slug", "locked"), ("password", password)])
        .send()
        .await
        .expect("unlock")
}

/// The password was taken (a browser form is redirected back to the page, a script gets 200).
fn opened(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("proofroom_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn a_changed_password_ends_every_earlier_unlock() {
    for_each_db(|app| async move {
        let (gallery, image) = locked_gallery(&app).await;
        let visitor = app.stranger();
        assert!(opened(unlock(&app, &visitor, "tulips", "198.51.100.1").await.status()));
        let media = |c: Client| {
            let url = app.url(&format!("/media/{image}/480"));
            async move { c.get(url).send().await.expect("media").status() }
        };
        assert_eq!(media(visitor.clone()).await, StatusCode::OK);
        // The photographer changes the password: the visitor who knew the old one is asked again,
        // on the page, its server functions and the bytes.
        app.call("galleries/password", &[("id", &gallery), ("password", "roses and more")]).await;
        assert_eq!(media(visitor.clone()).await, StatusCode::NOT_FOUND);
        let data = crate::support::call_with(&visitor, &app.base, "client/gallery", &[("slug", "locked")]).await;
        assert_eq!(data.status(), StatusCode::UNAUTHORIZED);
        let page = visitor.get(app.url("/g/locked")).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
        // HTTP's rule for a 401: it names a challenge (one no browser answers with its own dialog).
        for asked in [data.headers(), page.headers()] {
            assert_eq!(asked.get("www-authenticate").expect("a challenge"), "Session realm=\"Proofroom\"");
        }
        assert_eq!(unlock(&app, &visitor, "tulips", "198.51.100.1").await.status(), StatusCode::FORBIDDEN);
        assert!(opened(unlock(&app, &visitor, "roses and more", "198.51.100.1").await.status()));
        assert_eq!(media(visitor.clone()).await, StatusCode::OK);
        // Setting the same password again still ends the unlocks made before.
        app.call("galleries/password", &[("id", &gallery), ("password", "roses and more")]).await;
        assert_eq!(media(visitor.clone()).await, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn wrong_gallery_passwords_are_throttled_even_when_the_last_one_is_right() {
    for_each_db(|app| async move {
        locked_gallery(&app).await;
        let guesser = app.stranger();
        for _ in 0..5 {
            assert_eq!(unlock(&app, &guesser, "daisies", "203.0.113.3").await.status(), StatusCode::FORBIDDEN);
        }
        let right = unlock(&app, &guesser, "tulips", "203.0.113.3").await;
        assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(right.headers().contains_key("retry-after"));
        assert!(right.text().await.expect("body").contains("Too many wrong passwords from here"));
        // A client elsewhere is not held up by it.
        assert!(opened(unlock(&app, &app.stranger(), "tulips", "198.51.100.8").await.status()));
        // Many addresses guessing at one gallery pause it for an hour, for new unlocks only.
        for n in 0..20 {
            unlock(&app, &app.stranger(), "daisies", &format!("192.0.2.{n}")).await;
        }
        let paused = unlock(&app, &app.stranger(), "tulips", "198.51.100.9").await;
        assert_eq!(paused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(paused.text().await.expect("body").contains("Password entry for this gallery is paused"));
    })
    .await;
}

#[tokio::test]
async fn the_session_id_changes_at_every_privilege_change() {
    for_each_db(|app| async move {
        let (gallery, _) = locked_gallery(&app).await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
        })
        .await;
        let pin: String = app.call("access/set_pin", &[("id", &gallery), ("pin", "")]).await.json().await.expect("pin");
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.stranger();
        let opened = visitor.get(app.url(&link)).send().await.expect("link");
        let first = session_cookie(&opened).expect("opening a link starts a session");
        let unlocked = unlock(&app, &visitor, "tulips", "198.51.100.1").await;
        let second = session_cookie(&unlocked).expect("the unlock renews the session id");
        assert_ne!(first, second);
        let emailed = crate::support::call_with(
            &visitor,
            &app.base,
            "downloads/email",
            &[("slug", "locked"), ("email", "ben@example.com")],
        )
        .await;
        assert_eq!(emailed.status(), StatusCode::OK);
        let third = session_cookie(&emailed).expect("giving an email renews the session id");
        assert_ne!(second, third);
        let given =
            crate::support::call_with(&visitor, &app.base, "downloads/pin", &[("slug", "locked"), ("pin", &pin)]).await;
        assert_eq!(given.status(), StatusCode::OK);
        let fourth = session_cookie(&given).expect("giving the PIN renews the session id");
        assert_ne!(third, fourth);
        // An id seen before the unlock (planted, or read off the wire) carries none of it.
        let planted = Client::new()
            .post(app.url("/api/client/gallery"))
            .header("Cookie", &first)
            .form(&[("slug", "locked")])
            .send()
            .await
            .expect("replay");
        assert_eq!(planted.status(), StatusCode::UNAUTHORIZED, "the old id is no session: the password is asked again");
    })
    .await;
}

#[tokio::test]
async fn a_gallery_wide_pin_lock_emails_the_photographer_once() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Pins", "pins").await;
        app.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = json!(true);
            s["email_tracking"] = json!(false);
        })
        .await;
        app.publish_publicly(&gallery).await;
        app.call("access/set_pin", &[("id", &gallery), ("pin", "4321")]).await;
        let before = app.mail_to("anna@example.com").await.len();
        // Ten wrong PINs from ten addresses: the tenth locks PIN entry for the gallery.
        for n in 0..12 {
            app.stranger()
                .post(app.url("/api/downloads/pin"))
                .header("X-Forwarded-For", format!("192.0.2.{n}"))
                .form(&[("slug", "pins"), ("pin", "0000")])
                .send()
                .await
                .expect("pin");
        }
        let mail = app.mail_to("anna@example.com").await;
        assert_eq!(mail.len(), before + 1, "one email for one lock");
        let notice = mail.last().expect("notice");
        assert!(
            notice.subject.contains("PIN entry locked") && notice.body_text.contains("10 wrong PINs"),
            "{}",
            notice.body_text
        );
        // The guesses came through the public link: that standing is locked, for the next
        // stranger too; the client's own link is not held back.
        let locked = app
            .stranger()
            .post(app.url("/api/downloads/pin"))
            .header("X-Forwarded-For", "198.51.100.9")
            .form(&[("slug", "pins"), ("pin", "4321")])
            .send()
            .await
            .expect("pin");
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let given = call_with(&client, &app.base, "downloads/pin", &[("slug", "pins"), ("pin", "4321")]).await;
        assert_eq!(given.status(), StatusCode::OK, "{}", given.text().await.unwrap_or_default());
        // A new PIN starts afresh: clients are not held by the guesses at the old one.
        app.call("access/set_pin", &[("id", &gallery), ("pin", "8765")]).await;
        let after = app
            .stranger()
            .post(app.url("/api/downloads/pin"))
            .header("X-Forwarded-For", "198.51.100.20")
            .form(&[("slug", "pins"), ("pin", "8765")])
            .send()
            .await
            .expect("pin");
        assert_eq!(after.status(), StatusCode::OK);
    })
    .await;
}

/// Another studio cannot learn which gallery links exist (drafts, galleries without a public
/// link) by choosing them one after another as its own: after ten taken ones in an hour, every
/// change of link is refused alike, taken or free, so the answer says nothing more.
#[tokio::test]
async fn choosing_taken_links_to_find_other_galleries_is_throttled() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        app.create_gallery("Secret wedding", "secret-wedding").await;
        let prober = app.stranger();
        crate::support::sign_up_with(&prober, &app, "prober@example.com").await;
        let create = |slug: &'static str| {
            let (client, base) = (prober.clone(), app.base.clone());
            async move {
                let form = [("title", "Probe"), ("slug", slug), ("event_date", "")];
                crate::support::call_with(&client, &base, "galleries/create", &form).await
            }
        };
        for _ in 0..10 {
            assert_eq!(create("secret-wedding").await.status(), StatusCode::CONFLICT);
        }
        for slug in ["secret-wedding", "a-link-nobody-has"] {
            let refused = create(slug).await;
            assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "{slug}");
            assert!(refused.text().await.expect("body").contains("taken already"));
        }
        // Nor is it learnt by making galleries from the title: once locked out, a link made from
        // a title gets a random ending at once (not "-2", which would say the plain one is taken).
        let form = [("title", "Secret wedding"), ("slug", ""), ("event_date", "")];
        let made = crate::support::call_with(&prober, &app.base, "galleries/create", &form).await;
        assert!(made.status().is_success() || made.status().is_redirection(), "{}", made.status());
        let listed: serde_json::Value =
            crate::support::call_with(&prober, &app.base, "galleries/list", &[]).await.json().await.expect("json");
        let slug = listed[0]["slug"].as_str().expect("a slug").to_owned();
        assert!(slug.starts_with("secret-wedding-") && slug.len() == "secret-wedding-".len() + 6, "{slug}");
        // The photographer of the gallery is not affected.
        let own = crate::support::call_with(
            &app.client,
            &app.base,
            "galleries/create",
            &[("title", "Mine"), ("slug", "mine"), ("event_date", "")],
        )
        .await;
        assert!(own.status().is_success() || own.status().is_redirection(), "{}", own.status());
    })
    .await;
}

/// Orders mail the address typed at checkout: twenty a day reach one address, however many
/// client addresses a stranger spreads them over (the store test places them from one address,
/// where the per-client rule stops them as soon).
#[tokio::test]
async fn orders_mail_one_address_twenty_times_a_day_from_any_number_of_clients() {
    use backend::visitor::secrets::{AttemptKind, spend};
    for_each_db(|app| async move {
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now();
        let client = |n: u8| std::net::IpAddr::from([198, 51, 100, n]);
        for n in 0..20 {
            spend(ctx, AttemptKind::OrderPlaced, "victim@example.com", client(n), now).await.expect("within the day");
        }
        let refused = spend(ctx, AttemptKind::OrderPlaced, "victim@example.com", client(99), now).await;
        assert!(refused.is_err(), "the 21st order mail to one address");
        spend(ctx, AttemptKind::OrderPlaced, "someone@example.com", client(99), now).await.expect("another address");
        let tomorrow = now + chrono::Duration::hours(25);
        spend(ctx, AttemptKind::OrderPlaced, "victim@example.com", client(98), tomorrow).await.expect("a day later");
    })
    .await;
}
