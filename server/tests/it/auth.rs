//! Sign-up, sign-in, sign-out, session cookies and the cross-site guard.

use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::Value;

#[tokio::test]
async fn sign_up_is_confirmed_by_email_then_in_and_out() {
    for_each_db(|app| async move {
        // Nobody signed in yet.
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert!(me.is_null());

        let form = [("studio_name", "Light & Co"), ("email", "Anna@Example.com"), ("password", "a long password 1")];
        let response = app.call("auth/sign_up", &form).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
        // Not signed in until the address is proven.
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert!(me.is_null(), "signed in before confirming: {me}");
        let mail = app.mail_to("anna@example.com").await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].body_text.contains("/signup/confirm/"), "{}", mail[0].body_text);
        let token = app.emailed_token("anna@example.com", "/signup/confirm/").await;
        // The page behind the link names the address and uses nothing up.
        let details = app.call("auth/sign_up_link", &[("token", &token)]).await;
        assert_eq!(details.json::<String>().await.expect("json"), "anna@example.com");

        // Only whoever chose the password can finish: a stranger who signed up with Anna's address
        // cannot hand her a studio whose password they know.
        let wrong = app.call("auth/confirm_sign_up", &[("token", &token), ("password", "a stranger's password")]).await;
        assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
        assert!(wrong.text().await.expect("body").contains("password chosen on the sign-up form"));
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert!(me.is_null(), "signed in with the wrong password: {me}");
        let confirmed = app.call("auth/confirm_sign_up", &[("token", &token), ("password", "a long password 1")]).await;
        assert!(confirmed.status().is_success() || confirmed.status().is_redirection());
        let cookie = confirmed.headers().get("set-cookie").expect("session cookie").to_str().expect("ascii").to_owned();
        assert!(cookie.starts_with("proofroom_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
            "{cookie}"
        );
        let me: Value = app.call("auth/me", &[]).await.json().await.expect("json");
        assert_eq!(me["email"], "anna@example.com");
        assert_eq!(me["studio_name"], "Light & Co");
        // The link works once.
        let replay = app
            .stranger()
            .post(app.url("/api/auth/confirm_sign_up"))
            .form(&[("token", token.as_str()), ("password", "a long password 1")])
            .send()
            .await;
        assert_eq!(replay.expect("request").status(), StatusCode::FORBIDDEN);

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
async fn sign_up_and_reset_never_tell_whether_an_address_has_an_account() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let answer = |email: &'static str| {
            let client = app.stranger();
            let base = app.base.clone();
            async move {
                let form = [("studio_name", "X"), ("email", email), ("password", "a long password 1")];
                let response = call_with(&client, &base, "auth/sign_up", &form).await;
                let location = response.headers().get("location").map(|v| v.to_str().unwrap_or_default().to_owned());
                (response.status(), location, response.text().await.expect("body"))
            }
        };
        let taken = answer("anna@example.com").await;
        let free = answer("ben@example.com").await;
        assert_eq!(taken, free, "sign-up answers the same for a taken and a free address");
        // The owner of the taken address is told by email; no second studio exists.
        let to_anna = app.mail_to("anna@example.com").await;
        assert!(to_anna.last().expect("mail").body_text.contains("you have one already"), "{:?}", to_anna.last());
        assert!(app.mail_to("ben@example.com").await[0].body_text.contains("/signup/confirm/"));

        let reset = |email: &'static str| {
            let client = app.stranger();
            let base = app.base.clone();
            async move {
                let response = call_with(&client, &base, "auth/forgot", &[("email", email)]).await;
                let location = response.headers().get("location").map(|v| v.to_str().unwrap_or_default().to_owned());
                (response.status(), location, response.text().await.expect("body"))
            }
        };
        assert_eq!(reset("anna@example.com").await, reset("nobody@example.com").await);
        // (The link is looked up and mailed by a job, so the answer takes as long either way.)
        app.run_jobs().await;
        assert!(app.mail_to("nobody@example.com").await.is_empty(), "no mail to an address without an account");
        assert!(app.mail_to("anna@example.com").await.last().expect("mail").body_text.contains("/reset/"));
    })
    .await;
}

#[tokio::test]
async fn a_password_reset_link_works_once_within_30_minutes_and_ends_every_session() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        // A second browser signed in as Anna (say, a laptop left at the studio).
        let laptop = app.stranger();
        let signed_in = call_with(
            &laptop,
            &app.base,
            "auth/sign_in",
            &[("email", "anna@example.com"), ("password", "a long password 1")],
        )
        .await;
        assert!(signed_in.status().is_redirection() || signed_in.status().is_success());
        let me = |client: reqwest::Client| {
            let base = app.base.clone();
            async move { call_with(&client, &base, "auth/me", &[]).await.json::<Value>().await.expect("json") }
        };
        assert_eq!(me(laptop.clone()).await["email"], "anna@example.com");

        // A link asked for earlier (by whoever could read the mailbox) dies with the old password.
        call_with(&app.stranger(), &app.base, "auth/forgot", &[("email", "anna@example.com")]).await;
        app.run_jobs().await;
        let earlier = app.emailed_token("anna@example.com", "/reset/").await;
        let phone = app.stranger();
        call_with(&phone, &app.base, "auth/forgot", &[("email", "anna@example.com")]).await;
        app.run_jobs().await;
        let token = app.emailed_token("anna@example.com", "/reset/").await;
        assert_ne!(earlier, token);
        assert_eq!(token.len(), 64, "256 random bits");
        // Only a hash is stored: the token itself is nowhere in the database.
        let links = backend::entities::email_link::Entity::find().all(&app.state.ctx.db).await.expect("query");
        assert!(
            links.iter().all(|l| l.token_hash != token)
                && links.iter().any(|l| l.expires_at - l.created_at == chrono::Duration::minutes(30))
        );
        // A short password is refused and does not use the link up.
        let short = call_with(&phone, &app.base, "auth/reset", &[("token", &token), ("password", "short")]).await;
        assert_eq!(short.status(), StatusCode::BAD_REQUEST);
        let reset =
            call_with(&phone, &app.base, "auth/reset", &[("token", &token), ("password", "a brand new password")])
                .await;
        assert!(reset.status().is_success() || reset.status().is_redirection(), "{}", reset.status());
        assert_eq!(me(phone.clone()).await["email"], "anna@example.com", "the reset signs this browser in");
        assert!(me(laptop.clone()).await.is_null(), "every other session ended");
        assert!(me(app.client.clone()).await.is_null(), "every other session ended");
        // Once only.
        let again = call_with(
            &app.stranger(),
            &app.base,
            "auth/reset",
            &[("token", &token), ("password", "yet another password")],
        )
        .await;
        assert_eq!(again.status(), StatusCode::FORBIDDEN);
        assert!(again.text().await.expect("body").contains("already used or has expired"));
        let stale = call_with(
            &app.stranger(),
            &app.base,
            "auth/reset",
            &[("token", &earlier), ("password", "a thief's password")],
        )
        .await;
        assert_eq!(stale.status(), StatusCode::FORBIDDEN);
        // The old password is gone, the new one works.
        let old = app.call("auth/sign_in", &[("email", "anna@example.com"), ("password", "a long password 1")]).await;
        assert_eq!(old.status(), StatusCode::FORBIDDEN);
        let new =
            app.call("auth/sign_in", &[("email", "anna@example.com"), ("password", "a brand new password")]).await;
        assert!(new.status().is_success() || new.status().is_redirection());

        // An expired link is refused like a used one.
        call_with(&app.stranger(), &app.base, "auth/forgot", &[("email", "anna@example.com")]).await;
        app.run_jobs().await;
        let late = app.emailed_token("anna@example.com", "/reset/").await;
        backend::entities::email_link::Entity::update_many()
            .col_expr(
                backend::entities::email_link::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
            )
            .exec(&app.state.ctx.db)
            .await
            .expect("expire");
        let expired = call_with(
            &app.stranger(),
            &app.base,
            "auth/reset",
            &[("token", &late), ("password", "one more new password")],
        )
        .await;
        assert_eq!(expired.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn wrong_sign_ins_are_throttled_even_when_the_last_one_is_right() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        app.call("auth/sign_out", &[]).await;
        let attempt = |password: &'static str| {
            app.client
                .post(app.url("/api/auth/sign_in"))
                .header("X-Forwarded-For", "203.0.113.7")
                .form(&[("email", "anna@example.com"), ("password", password)])
                .send()
        };
        for _ in 0..5 {
            assert_eq!(attempt("wrong password 1").await.expect("request").status(), StatusCode::FORBIDDEN);
        }
        let locked = attempt("a long password 1").await.expect("request");
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS, "the right password after 5 wrong ones waits");
        let wait: u64 = locked
            .headers()
            .get("retry-after")
            .expect("Retry-After")
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((14 * 60..=15 * 60).contains(&wait), "{wait}");
        assert!(locked.text().await.expect("body").contains("Reset your password, or wait 15 minutes"));
        // Another address is not slowed by this one, until the account itself has had too many.
        let other = |password: &'static str, from: String| {
            app.stranger()
                .post(app.url("/api/auth/sign_in"))
                .header("X-Forwarded-For", from)
                .form(&[("email", "anna@example.com"), ("password", password)])
                .send()
        };
        let right = other("a long password 1", "198.51.100.1".to_owned()).await.expect("request");
        assert!(right.status().is_redirection() || right.status().is_success());
        for n in 0..10 {
            other("wrong password 2", format!("198.51.100.{}", 10 + n)).await.expect("request");
        }
        let account = other("a long password 1", "198.51.100.99".to_owned()).await.expect("request");
        assert_eq!(account.status(), StatusCode::TOO_MANY_REQUESTS, "the account itself is paused");
        // An unknown address is counted the same way, so a lock tells nothing about accounts.
        for _ in 0..5 {
            app.stranger()
                .post(app.url("/api/auth/sign_in"))
                .header("X-Forwarded-For", "192.0.2.5")
                .form(&[("email", "nobody@example.com"), ("password", "x")])
                .send()
                .await
                .expect("request");
        }
        let nobody = app
            .stranger()
            .post(app.url("/api/auth/sign_in"))
            .header("X-Forwarded-For", "192.0.2.5")
            .form(&[("email", "nobody@example.com"), ("password", "x")])
            .send()
            .await
            .expect("request");
        assert_eq!(nobody.status(), StatusCode::TOO_MANY_REQUESTS);
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
async fn cookies_are_secure_and_host_only_behind_https() {
    let app = crate::support::TestApp::start_with(crate::support::Db::Sqlite, true).await;
    app.call(
        "auth/sign_up",
        &[("studio_name", "Light"), ("email", "anna@example.com"), ("password", "a long password 1")],
    )
    .await;
    let token = app.emailed_token("anna@example.com", "/signup/confirm/").await;
    let response = app.call("auth/confirm_sign_up", &[("token", &token), ("password", "a long password 1")]).await;
    let cookie = response.headers().get("set-cookie").expect("session cookie").to_str().expect("ascii").to_owned();
    assert!(cookie.starts_with("__Host-proofroom_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    let hsts = response.headers().get("strict-transport-security").expect("HSTS behind https");
    assert!(hsts.to_str().expect("ascii").starts_with("max-age="));
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

#[tokio::test]
async fn a_reset_job_run_again_after_it_sent_its_link_sends_no_second_one() {
    use backend::jobs::JobKind;
    use backend::studio::auth::password_reset::SendPasswordReset;
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let ctx = &app.state.ctx;
        let resets = || async {
            app.mail_to("anna@example.com")
                .await
                .iter()
                .filter(|m| m.subject.contains("new Proofroom password"))
                .count()
        };
        let asked = SendPasswordReset { email: "anna@example.com".to_owned(), asked_at: chrono::Utc::now() };
        // The first run sends it; the same job run again (its worker died before marking it done)
        // finds the link made since it was asked for.
        asked.clone().run(ctx).await.expect("first run");
        asked.run(ctx).await.expect("second run");
        assert_eq!(resets().await, 1);
        // A later request is its own: it gets its link.
        let later = SendPasswordReset { email: "anna@example.com".to_owned(), asked_at: chrono::Utc::now() };
        later.run(ctx).await.expect("later run");
        assert_eq!(resets().await, 2);
    })
    .await;
}

/// Mail a stranger can make us send is limited per address across purposes too: three reset
/// links and two sign-up confirmations to one inbox in an hour, then nothing more, whatever it
/// is asked for (each purpose alone would allow three).
#[tokio::test]
async fn one_inbox_gets_a_few_mails_an_hour_whatever_they_are_asked_for() {
    for_each_db(|app| async move {
        let ask = |endpoint: &'static str, form: Vec<(&'static str, &'static str)>| {
            let (client, base) = (app.stranger(), app.base.clone());
            async move { call_with(&client, &base, endpoint, &form).await }
        };
        let reset = || ask("auth/forgot", vec![("email", "victim@example.com")]);
        let sign_up = || {
            ask(
                "auth/sign_up",
                vec![("studio_name", "X"), ("email", "Victim@Example.com"), ("password", "a long password 1")],
            )
        };
        for _ in 0..3 {
            let asked = reset().await;
            assert!(asked.status().is_success() || asked.status().is_redirection(), "{}", asked.status());
        }
        for _ in 0..2 {
            let asked = sign_up().await;
            assert!(asked.status().is_success() || asked.status().is_redirection(), "{}", asked.status());
        }
        let refused = sign_up().await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.text().await.expect("body").contains("several emails to this address"));
    })
    .await;
}

/// The sign-in form works without JavaScript: a refusal comes back as a page with the sentence and
/// a link back to the form, never as raw JSON; a right password signs in and returns to the form's
/// page as before.
#[tokio::test]
async fn a_refused_sign_in_without_javascript_is_a_page_with_a_way_back() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let browser = app.stranger();
        let post = |password: &'static str| {
            browser
                .post(app.url("/api/auth/sign_in"))
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", app.url("/signin"))
                .form(&[("email", "anna@example.com"), ("password", password)])
                .send()
        };
        let refused = post("not-the-password").await.expect("post");
        assert!(refused.status().is_client_error());
        assert!(refused.headers().get("location").is_none());
        assert!(refused.headers()["content-type"].to_str().expect("type").starts_with("text/html"));
        let page = refused.text().await.expect("html");
        assert!(page.contains("do not match") && page.contains(r#"href="/signin""#), "{page}");
        assert!(!page.contains(r#"{""#), "{page}");
    })
    .await;
}

/// Strangers' wrong guesses lock the account for an hour, the owner's right password too; the
/// reset the refusal suggests lifts it on every device, not only in the browser that reset.
#[tokio::test]
async fn a_password_reset_lifts_the_lock_strangers_guesses_put_on_the_account() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        app.call("auth/sign_out", &[]).await;
        let sign_in = |password: &'static str, from: String| {
            app.stranger()
                .post(app.url("/api/auth/sign_in"))
                .header("X-Forwarded-For", from)
                .form(&[("email", "anna@example.com"), ("password", password)])
                .send()
        };
        for n in 0..10 {
            sign_in("a wrong guess", format!("198.51.100.{}", 10 + n)).await.expect("request");
        }
        let locked = sign_in("a long password 1", "203.0.113.50".to_owned()).await.expect("request");
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS, "the account is paused");

        call_with(&app.stranger(), &app.base, "auth/forgot", &[("email", "anna@example.com")]).await;
        app.run_jobs().await;
        let token = app.emailed_token("anna@example.com", "/reset/").await;
        let phone = app.stranger();
        let reset =
            call_with(&phone, &app.base, "auth/reset", &[("token", &token), ("password", "a brand new password")])
                .await;
        assert!(reset.status().is_success() || reset.status().is_redirection(), "{}", reset.status());
        let laptop = sign_in("a brand new password", "203.0.113.51".to_owned()).await.expect("request");
        assert!(laptop.status().is_success() || laptop.status().is_redirection(), "{}", laptop.status());
    })
    .await;
}

/// A sign-up never confirmed (someone typed another person's address) leaves nothing once its
/// link has run out; a confirmed one leaves no password hash behind in its link.
#[tokio::test]
async fn spent_email_links_and_what_they_carried_are_forgotten() {
    use backend::entities::email_link;
    for_each_db(|app| async move {
        for email in ["anna@example.com", "victim@example.com"] {
            let form = [("studio_name", "Light & Co"), ("email", email), ("password", "a long password 1")];
            call_with(&app.stranger(), &app.base, "auth/sign_up", &form).await;
        }
        app.run_jobs().await;
        let token = app.emailed_token("anna@example.com", "/signup/confirm/").await;
        let confirmed = app.call("auth/confirm_sign_up", &[("token", &token), ("password", "a long password 1")]).await;
        assert!(confirmed.status().is_success() || confirmed.status().is_redirection());
        let ctx = &app.state.ctx;
        let links = email_link::Entity::find().all(&ctx.db).await.expect("links");
        let confirmed = links.iter().find(|l| l.email == "anna@example.com").expect("anna's link");
        assert!(confirmed.used_at.is_some() && confirmed.payload.is_none(), "{confirmed:?}");
        assert!(links.iter().any(|l| l.email == "victim@example.com" && l.payload.is_some()));

        let now = chrono::Utc::now();
        assert_eq!(
            backend::visitor::secrets::email_links::forget_spent(ctx, now).await.expect("forget"),
            0,
            "a day kept"
        );
        let later = now + chrono::Duration::days(3);
        backend::visitor::secrets::email_links::forget_spent(ctx, later).await.expect("forget");
        assert_eq!(email_link::Entity::find().all(&ctx.db).await.expect("links"), Vec::new());
    })
    .await;
}
