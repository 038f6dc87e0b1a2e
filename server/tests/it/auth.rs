//! Sign-up, sign-in, sign-out, session cookies and the cross-site guard.

use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn sign_up_in_out() {
    for_each_db(|app| async move {
        // Nobody signed in yet.
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert!(me.is_null());

        let response = app
            .call(
                "auth/sign_up",
                &[("studio_name", "Light & Co"), ("email", "Anna@Example.com"), ("password", "a long password 1")],
            )
            .await;
        assert!(response.status().is_success() || response.status().is_redirection());
        let cookie = response.headers().get("set-cookie").expect("session cookie").to_str().expect("ascii").to_owned();
        assert!(cookie.starts_with("proofroom_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert_eq!(me["email"], "anna@example.com");
        assert_eq!(me["studio_name"], "Light & Co");

        // The same email again is refused with a sentence.
        let again = call_with(
            &app.stranger(),
            &app.base,
            "auth/sign_up",
            &[("studio_name", "X"), ("email", "anna@example.com"), ("password", "a long password 1")],
        )
        .await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        assert!(again.text().await.expect("body").contains("already exists"));

        // Sign out ends the session on the server.
        let out = app.call("auth/sign_out", &[]).await;
        assert!(out.status().is_success() || out.status().is_redirection());
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert!(me.is_null());

        // Wrong password: refused, without saying which field was wrong.
        let wrong = app.call("auth/sign_in", &[("email", "anna@example.com"), ("password", "not the password")]).await;
        assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
        assert!(wrong.text().await.expect("body").contains("do not match"));
        let unknown =
            app.call("auth/sign_in", &[("email", "nobody@example.com"), ("password", "not the password")]).await;
        assert_eq!(unknown.status(), StatusCode::FORBIDDEN);

        let right = app.call("auth/sign_in", &[("email", "anna@example.com"), ("password", "a long password 1")]).await;
        assert!(right.status().is_success() || right.status().is_redirection());
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert_eq!(me["email"], "anna@example.com");
    })
    .await;
}

#[tokio::test]
async fn weak_sign_up_is_refused_per_field() {
    for_each_db(|app| async move {
        let response = app
            .call("auth/sign_up", &[("studio_name", "A"), ("email", "anna@example.com"), ("password", "short")])
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["Invalid"]["field"], "password");
        let response = app
            .call("auth/sign_up", &[("studio_name", "A"), ("email", "not-an-email"), ("password", "a long password 1")])
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        // A form on another site posting to a server function with the victim's cookie.
        let forged = app
            .client
            .post(app.url("/api/galleries/create"))
            .header("Origin", "https://evil.example")
            .form(&[("title", "Forged"), ("slug", ""), ("event_date", "")])
            .send()
            .await
            .expect("request");
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        let fetched = app
            .client
            .post(app.url("/api/galleries/create"))
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[("title", "Forged"), ("slug", ""), ("event_date", "")])
            .send()
            .await
            .expect("request");
        assert_eq!(fetched.status(), StatusCode::FORBIDDEN);
        // Uploads too.
        let upload = app
            .client
            .post(app.url("/api/galleries/00000000-0000-0000-0000-000000000000/images"))
            .header("Origin", "https://evil.example")
            .body(vec![1, 2, 3])
            .send()
            .await
            .expect("request");
        assert_eq!(upload.status(), StatusCode::FORBIDDEN);
        // Nothing was created.
        let list: Value = app.call("galleries/list", &[]).await.json().await.expect("json");
        assert_eq!(list.as_array().map(Vec::len), Some(0));
        // The same request from our own origin goes through.
        let same = app
            .client
            .post(app.url("/api/galleries/create"))
            .header("Origin", app.base.clone())
            .header("Sec-Fetch-Site", "same-origin")
            .form(&[("title", "Real"), ("slug", ""), ("event_date", "")])
            .send()
            .await
            .expect("request");
        assert!(same.status().is_success() || same.status().is_redirection(), "{}", same.status());
    })
    .await;
}

#[tokio::test]
async fn sign_in_gets_a_new_session_id_and_the_old_one_is_worthless() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        app.call("auth/sign_out", &[]).await;
        let response =
            app.call("auth/sign_in", &[("email", "anna@example.com"), ("password", "a long password 1")]).await;
        let cookie =
            response.headers().get("set-cookie").expect("a session cookie").to_str().expect("ascii").to_owned();
        let id = cookie.split(';').next().unwrap_or_default().to_owned();
        // Signing in again from the same browser cycles the id.
        let again = app.call("auth/sign_in", &[("email", "anna@example.com"), ("password", "a long password 1")]).await;
        let cycled = again.headers().get("set-cookie").expect("a new cookie").to_str().expect("ascii").to_owned();
        assert_ne!(cycled.split(';').next().unwrap_or_default(), id, "the session id changes at sign-in");
        // The earlier id no longer signs anyone in.
        let replay =
            reqwest::Client::new().post(app.url("/api/auth/me")).header("Cookie", id).send().await.expect("request");
        let me: Value = replay.json().await.expect("json");
        assert!(me.is_null());
    })
    .await;
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = crate::support::TestApp::start_with(crate::support::Db::Sqlite, true).await;
    let response = app
        .call(
            "auth/sign_up",
            &[("studio_name", "Light"), ("email", "anna@example.com"), ("password", "a long password 1")],
        )
        .await;
    let cookie = response.headers().get("set-cookie").expect("session cookie").to_str().expect("ascii").to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn an_active_session_is_renewed() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let db = &app.state.ctx.db;
        // Age the session: written long ago, about to expire.
        let row = backend::entities::session::Entity::find().one(db).await.expect("query").expect("a session");
        let mut data: Value = serde_json::from_str(&row.data).expect("json");
        data["renewed_at"] = Value::from(0);
        let soon = time::OffsetDateTime::now_utc().unix_timestamp() + 60;
        let mut aged: backend::entities::session::ActiveModel = row.clone().into();
        aged.data = Set(data.to_string());
        aged.expires_at = Set(soon);
        aged.update(db).await.expect("age the session");
        // Using it renews it for the full idle period, with a fresh cookie.
        let response = app.call("auth/me", &[]).await;
        assert!(response.headers().get("set-cookie").is_some(), "renewal re-sends the cookie");
        let renewed =
            backend::entities::session::Entity::find_by_id(row.id).one(db).await.expect("query").expect("still there");
        assert!(renewed.expires_at > soon + 13 * 24 * 3600, "expiry pushed out by the idle period");
        // A fresh session is not rewritten on every request.
        let quiet = app.call("auth/me", &[]).await;
        assert!(quiet.headers().get("set-cookie").is_none());
    })
    .await;
}
