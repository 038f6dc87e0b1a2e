//! A renewed session survives the requests a browser had already sent with its old id. Giving
//! an email, opening a link or signing in renews the session (a new id); an image the page was
//! loading at that moment may reach the server after the renewal, still carrying the old id. Its
//! answer must not touch the browser's cookie: a removal there would delete the renewed cookie and
//! sign the visitor out (it made a client's sign-in link dialog vanish in a browser test).

use crate::support::for_each_db;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};

/// The session id a response sets, if any.
fn session_set_by(response: &reqwest::Response) -> Option<String> {
    response.headers().get_all(SET_COOKIE).iter().find_map(|value| {
        let value = value.to_str().ok()?;
        let rest = value.strip_prefix(server::SESSION_COOKIE)?.strip_prefix('=')?;
        Some(rest.split(';').next().unwrap_or_default().to_owned())
    })
}

#[tokio::test]
async fn a_request_sent_before_a_renewal_leaves_the_renewed_session_alone() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Garden", "garden").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        // A client without a cookie jar: the test carries the cookies by hand.
        let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let cookie = |id: &str| format!("{}={id}", server::SESSION_COOKIE);

        let opened = bare.get(app.url(&link)).send().await.expect("open the link");
        let old = session_set_by(&opened).expect("opening a link starts a session");
        let given = bare
            .post(app.url("/api/downloads/email"))
            .header(COOKIE, cookie(&old))
            .form(&[("slug", "garden"), ("email", "ben@example.com")])
            .send()
            .await
            .expect("give an email");
        assert_eq!(given.status(), StatusCode::OK);
        let renewed = session_set_by(&given).expect("giving an email renews the session");
        assert_ne!(renewed, old);

        // The image asked for with the old id, arriving after the renewal: refused (the old id
        // holds nothing any more), and the browser's cookie is left as it is.
        let media = app.url(&format!("/media/{image}/480"));
        let late = bare.get(&media).header(COOKIE, cookie(&old)).send().await.expect("late request");
        assert_eq!(late.status(), StatusCode::NOT_FOUND);
        assert_eq!(session_set_by(&late), None, "the late answer leaves the renewed cookie alone");
        let now = bare.get(&media).header(COOKIE, cookie(&renewed)).send().await.expect("request");
        assert_eq!(now.status(), StatusCode::OK, "the renewed session still holds the link");
    })
    .await;
}

/// A session that ended (signed out, renewed, ended by a password reset) is never written
/// again: a request that loaded it before it ended cannot bring it back with its data, under
/// its old id, by saving; loading its id finds it empty for a minute, then not at all.
#[tokio::test]
async fn an_ended_session_is_never_written_again() {
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    for_each_db(|app| async move {
        let store = backend::visitor::sessions::DbSessionStore::new(app.state.ctx.db.clone());
        let mut data = std::collections::HashMap::new();
        data.insert("visits".to_owned(), serde_json::json!({ "held": "a privilege" }));
        let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::days(1);
        let mut record = Record { id: Id::default(), data, expiry_date };
        store.create(&mut record).await.expect("create");
        store.save(&record).await.expect("a live session saves");
        let loaded = store.load(&record.id).await.expect("load").expect("live");
        assert_eq!(loaded.data, record.data);

        store.delete(&record.id).await.expect("end it");
        assert!(store.save(&record).await.is_err(), "a late save is refused");
        let ended = store.load(&record.id).await.expect("load").expect("known for a minute");
        assert!(ended.data.is_empty(), "nothing of it is kept");
        let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(2);
        store.delete_expired(later).await.expect("sweep");
        assert!(store.load(&record.id).await.expect("load").is_none());
    })
    .await;
}

#[tokio::test]
async fn the_database_holds_no_session_id() {
    use sea_orm::EntityTrait;
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Garden", "garden").await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let opened = bare.get(app.url(&link)).send().await.expect("open the link");
        let id = session_set_by(&opened).expect("opening a link starts a session");
        // The cookie works…
        let page = bare
            .get(app.url("/g/garden"))
            .header(COOKIE, format!("{}={id}", server::SESSION_COOKIE))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        // …but no row holds it: a copy of the database cannot be used to take a session over.
        let rows = backend::entities::session::Entity::find().all(&app.state.ctx.db).await.expect("sessions");
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|row| row.id != id && !row.data.contains(&id)), "the id is stored");
    })
    .await;
}

#[tokio::test]
async fn a_session_stored_under_its_id_by_an_older_version_still_opens_and_is_rekeyed() {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use sha2::Digest;
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Garden", "garden").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let opened = bare.get(app.url(&link)).send().await.expect("open the link");
        let id = session_set_by(&opened).expect("opening a link starts a session");
        let hashed = hex::encode(sha2::Sha256::digest(id.as_bytes()));
        // As the version before stored it: under the id itself.
        let db = &app.state.ctx.db;
        use backend::entities::session;
        let moved = session::Entity::update_many()
            .col_expr(session::Column::Id, Expr::value(id.clone()))
            .filter(session::Column::Id.eq(hashed.clone()))
            .exec(db)
            .await
            .expect("store it the old way");
        assert_eq!(moved.rows_affected, 1);
        // The visitor is not sent away by the upgrade (the gallery's photos need her link)…
        let media = bare
            .get(app.url(&format!("/media/{image}/480")))
            .header(COOKIE, format!("{}={id}", server::SESSION_COOKIE))
            .send()
            .await
            .expect("media");
        assert_eq!(media.status(), StatusCode::OK);
        // …and the row is keyed by the hash from then on.
        assert!(session::Entity::find_by_id(hashed).one(db).await.expect("query").is_some());
        assert!(session::Entity::find_by_id(id).one(db).await.expect("query").is_none());
    })
    .await;
}

/// A password reset ends every session of the studio for good: a request that loaded a session
/// before the reset and renews it afterwards (a new id, written as a new row), or a sign-in that
/// checked the old password just before, cannot bring a signed-in session back.
#[tokio::test]
async fn a_session_loaded_before_a_password_reset_cannot_come_back() {
    use backend::entities::session;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let db = &app.state.ctx.db;
        let store = backend::visitor::sessions::DbSessionStore::new(db.clone());
        // The signed-in session as a request in flight holds it.
        let row = session::Entity::find()
            .filter(session::Column::StudioId.is_not_null())
            .one(db)
            .await
            .expect("read")
            .expect("the signed-in session");
        let data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&row.data).expect("session data");
        let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::days(1);
        let renewed = |data| Record { id: Id::default(), data, expiry_date };
        // Before the reset, renewing it is what every signed-in request may do.
        let mut before = renewed(data.clone());
        store.create(&mut before).await.expect("a renewal before the reset is written");
        store.delete(&before.id).await.expect("end it");

        let phone = app.stranger();
        let me = |client: reqwest::Client| {
            let base = app.base.clone();
            async move {
                crate::support::call_with(&client, &base, "auth/me", &[])
                    .await
                    .json::<serde_json::Value>()
                    .await
                    .expect("json")
            }
        };
        crate::support::call_with(&phone, &app.base, "auth/forgot", &[("email", "anna@example.com")]).await;
        app.run_jobs().await;
        let token = app.emailed_token("anna@example.com", "/reset/").await;
        let reset = crate::support::call_with(
            &phone,
            &app.base,
            "auth/reset",
            &[("token", &token), ("password", "a brand new password")],
        )
        .await;
        assert!(reset.status().is_success() || reset.status().is_redirection(), "{}", reset.status());

        // The renewal arriving after the reset is refused and leaves nothing behind.
        let mut after = renewed(data);
        assert!(store.create(&mut after).await.is_err(), "a session of the old password is not written again");
        assert!(store.load(&after.id).await.expect("load").is_none());
        assert!(me(app.client.clone()).await.is_null(), "the old session ended");
        assert_eq!(me(phone.clone()).await["email"], "anna@example.com", "the reset's own session lives");
        let signed_in: Vec<_> =
            session::Entity::find().filter(session::Column::StudioId.is_not_null()).all(db).await.expect("read");
        assert_eq!(signed_in.len(), 1, "only the reset's own session is signed in");
    })
    .await;
}

/// A client who keeps coming back to their gallery keeps their session (their link, PIN,
/// password and proven address): it is written again once half its 14 idle days have gone, as a
/// photographer's is, not only when something in it changes.
#[tokio::test]
async fn a_visitor_who_keeps_coming_back_keeps_their_session() {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use sha2::Digest;
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Garden", "garden").await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let opened = bare.get(app.url(&link)).send().await.expect("open the link");
        let id = session_set_by(&opened).expect("opening a link starts a session");
        let open_again =
            || bare.get(app.url("/g/garden")).header(COOKIE, format!("{}={id}", server::SESSION_COOKIE)).send();
        assert_eq!(open_again().await.expect("page").status(), StatusCode::OK);
        // Ten days later, as the row stands then: last written ten days ago, four days left.
        use backend::entities::session;
        let db = &app.state.ctx.db;
        let hashed = hex::encode(sha2::Sha256::digest(id.as_bytes()));
        let row = session::Entity::find_by_id(hashed.clone()).one(db).await.expect("query").expect("its row");
        let mut data: serde_json::Value = serde_json::from_str(&row.data).expect("json");
        let now = chrono::Utc::now().timestamp();
        data["renewed_at"] = serde_json::json!(now - 10 * 86_400);
        session::Entity::update_many()
            .col_expr(session::Column::Data, Expr::value(data.to_string()))
            .col_expr(session::Column::ExpiresAt, Expr::value(now + 4 * 86_400))
            .filter(session::Column::Id.eq(hashed.clone()))
            .exec(db)
            .await
            .expect("ten days pass");
        // She opens her gallery again: the session now lasts fourteen days from today.
        assert_eq!(open_again().await.expect("page").status(), StatusCode::OK);
        let row = session::Entity::find_by_id(hashed).one(db).await.expect("query").expect("its row");
        assert!(row.expires_at > now + 13 * 86_400, "still ends in {} days", (row.expires_at - now) / 86_400);
    })
    .await;
}
