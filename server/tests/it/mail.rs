//! Outgoing mail through the outbox, delivered over real SMTP (a sink on 127.0.0.1) by the real
//! job: a queued message arrives as written; a message queued while the mail server is down
//! waits in the outbox and arrives once, after the server is back; a job that runs twice sends
//! once; a bad address is refused with a sentence and leaves nothing behind.

use crate::support::smtp_sink::{SmtpSink, free_port};
use crate::support::{TestApp, for_each_db_configured};
use backend::entities::{job, outbox};
use backend::jobs::{queue, worker};
use backend::mail::SendMail;
use backend::mail::{self, OutgoingMail};
use sea_orm::{EntityTrait, PaginatorTrait};
use std::time::Duration;

/// Long enough for any machine; polling ends as soon as the message is there.
const DEADLINE: Duration = Duration::from_secs(20);

fn invitation(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        to_name: Some("Ben Client".to_owned()),
        subject: "Your proofs are ready".to_owned(),
        // A line starting with a dot must survive SMTP's dot-stuffing.
        text: "Hello Ben,\r\n.your photos are in the gallery.\r\nAnna".to_owned(),
        html: Some("<p>Hello Ben, your photos are in the gallery.</p>".to_owned()),
        reply_to: Some("Anna Studio <anna@example.com>".to_owned()),
        unsubscribe: None,
        gallery: None,
    }
}

async fn outbox_row(app: &TestApp, id: uuid::Uuid) -> outbox::Model {
    outbox::Entity::find_by_id(id).one(&app.state.ctx.db).await.expect("query").expect("outbox row")
}

async fn job_rows(app: &TestApp) -> Vec<job::Model> {
    job::Entity::find().all(&app.state.ctx.db).await.expect("jobs")
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[tokio::test]
async fn a_queued_message_arrives_as_written() {
    let sink = SmtpSink::start();
    let port = sink.port;
    for_each_db_configured(
        move |config| config.mail.smtp_port = port,
        |app| {
            let sink = sink.clone();
            async move {
                let before = sink.messages().len();
                let id = mail::queue(&app.state.ctx.db, &invitation("ben@example.com"), chrono::Utc::now())
                    .await
                    .expect("queued");
                // Written down first: unsent, with its job waiting.
                assert!(outbox_row(&app, id).await.sent_at.is_none());
                assert_eq!(job_rows(&app).await.len(), 1);

                assert_eq!(app.run_jobs().await, 1);
                let messages = sink.wait_for(before + 1, DEADLINE).await;
                assert_eq!(messages.len(), before + 1, "exactly one message arrives");
                let got = &messages[before];
                assert_eq!(got.to, vec!["ben@example.com".to_owned()]);
                assert_eq!(got.from, "no-reply@proofroom.local");
                assert_eq!(got.header("To").as_deref(), Some("\"Ben Client\" <ben@example.com>"));
                assert_eq!(got.header("From").as_deref(), Some("Proofroom <no-reply@proofroom.local>"));
                assert_eq!(got.header("Subject").as_deref(), Some("Your proofs are ready"));
                assert_eq!(got.header("Reply-To").as_deref(), Some("\"Anna Studio\" <anna@example.com>"));
                assert_eq!(
                    got.header("Message-ID").as_deref(),
                    Some(format!("<{}@proofroom.local>", id.simple()).as_str())
                );
                assert!(got.header("Content-Type").unwrap_or_default().starts_with("multipart/alternative"));
                assert!(got.raw.contains("\r\n.your photos are in the gallery.\r\n"), "{}", got.raw);
                assert!(got.raw.contains("<p>Hello Ben, your photos are in the gallery.</p>"), "{}", got.raw);

                let row = outbox_row(&app, id).await;
                assert!(row.sent_at.is_some());
                assert_eq!(row.attempts, 1);
                assert_eq!(row.last_error, None);
                assert!(job_rows(&app).await.is_empty(), "the job is done");
            }
        },
    )
    .await;
}

/// A message the mail server refused for good (a mistyped address) is tried for three days, in
/// case the refusal was the relay's; then it is given up, and what it said (its links) is
/// forgotten like a sent message's. Its record stays, marked refused.
#[tokio::test]
async fn mail_refused_for_good_is_given_up_after_three_days_and_forgotten() {
    let sink = SmtpSink::start();
    let port = sink.port;
    for_each_db_configured(
        move |config| config.mail.smtp_port = port,
        |app| async move {
            let ctx = &app.state.ctx;
            let mut receipt = invitation(crate::support::smtp_sink::UNKNOWN_MAILBOX);
            receipt.text = "Your downloads: https://x.example/orders/0123456789abcdef".to_owned();
            let id = mail::queue(&ctx.db, &receipt, chrono::Utc::now()).await.expect("queued");
            app.run_jobs().await;
            let row = outbox_row(&app, id).await;
            assert!(row.refused_for_good && row.sent_at.is_none(), "{row:?}");
            // Refused by the relay for its own reasons (authentication): kept, however old, to go
            // once the operator fixes it.
            // (Exchange's "relay access denied" is the relay's too, and an address in the
            // server's words that looks like a code is none.)
            let mut relays = Vec::new();
            for said in [
                "permanent error (535): 5.7.8 Authentication credentials invalid",
                "permanent error (550): 5.4.1 Relay Access Denied [185.1.1.5]",
            ] {
                let relay =
                    mail::queue(&ctx.db, &invitation("cleo@example.com"), chrono::Utc::now()).await.expect("queued");
                use sea_orm::{ActiveModelTrait, ActiveValue::Set};
                let mut refused: outbox::ActiveModel = outbox_row(&app, relay).await.into();
                refused.refused_for_good = Set(true);
                refused.last_error = Set(Some(said.to_owned()));
                refused.update(&ctx.db).await.expect("update");
                relays.push(relay);
            }
            // Still tried within the three days: kept whole.
            let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
            assert_eq!(mail::forget::forget(ctx, tomorrow).await.expect("forget"), 0);
            assert!(outbox_row(&app, id).await.body_text.contains("/orders/"));
            let later = chrono::Utc::now() + mail::forget::REFUSED_TRIED_FOR + chrono::Duration::minutes(1);
            assert_eq!(mail::forget::forget(ctx, later).await.expect("forget"), 1);
            let row = outbox_row(&app, id).await;
            assert_eq!((row.body_text.as_str(), row.body_html.as_deref()), ("", None));
            assert!(row.refused_for_good);
            for relay in relays {
                assert!(!outbox_row(&app, relay).await.body_text.is_empty(), "the relay's refusal waits");
            }
            // Its job ends at its next try, sending nothing.
            assert!(mail::send(ctx, id).await.is_ok());
            assert_eq!(outbox_row(&app, id).await.sent_at, None);
        },
    )
    .await;
}

#[tokio::test]
async fn what_sent_mail_said_is_forgotten_an_hour_after_it_went() {
    let sink = SmtpSink::start();
    let port = sink.port;
    for_each_db_configured(
        move |config| config.mail.smtp_port = port,
        |app| async move {
            let ctx = &app.state.ctx;
            let mut secret = invitation("ben@example.com");
            secret.text = "Reset your password: https://x.example/reset/0123456789abcdef".to_owned();
            secret.unsubscribe = Some("https://x.example/unsubscribe/feedface".to_owned());
            let sent = mail::queue(&ctx.db, &secret, chrono::Utc::now()).await.expect("queued");
            assert_eq!(app.run_jobs().await, 1);
            // Not sent (the outage of the mail server): kept whole however old, or it could never go.
            let waiting =
                mail::queue(&ctx.db, &invitation("cleo@example.com"), chrono::Utc::now()).await.expect("queued");

            // Within the hour, nothing changes.
            assert_eq!(mail::forget::forget(ctx, chrono::Utc::now()).await.expect("forget"), 0);
            assert!(outbox_row(&app, sent).await.body_text.contains("/reset/"));

            let later = chrono::Utc::now() + mail::forget::KEPT_FOR + chrono::Duration::minutes(1);
            assert_eq!(mail::forget::forget(ctx, later).await.expect("forget"), 1);
            let row = outbox_row(&app, sent).await;
            assert_eq!(
                (row.body_text.as_str(), row.body_html.as_deref(), row.unsubscribe.as_deref()),
                ("", None, None)
            );
            // The record of what was sent stays.
            assert_eq!((row.to_address.as_str(), row.subject.as_str()), ("ben@example.com", "Your proofs are ready"));
            assert!(row.sent_at.is_some());
            let kept = outbox_row(&app, waiting).await;
            assert!(kept.body_text.contains("your photos are in the gallery"), "{}", kept.body_text);
            assert!(kept.body_html.is_some());
            // Once is enough.
            assert_eq!(mail::forget::forget(ctx, later).await.expect("forget"), 0);
        },
    )
    .await;
}

#[tokio::test]
async fn a_message_queued_during_an_outage_arrives_once_the_server_is_back() {
    for_each_db_configured(
        |config| {
            // A port of its own per run, where nothing listens yet.
            config.mail.smtp_port = free_port();
            config.job_poll = Duration::from_millis(20);
        },
        |app| async move {
            let port = app.state.ctx.config.mail.smtp_port;
            outage(app, port).await;
        },
    )
    .await;
}

/// Nothing listens on `port`; the message waits, failing, past the usual attempt limit; a sink
/// starts on `port`; the real background worker delivers it once.
async fn outage(app: TestApp, port: u16) {
    let ctx = app.state.ctx.clone();
    let id = mail::queue(&ctx.db, &invitation("ben@example.com"), chrono::Utc::now()).await.expect("queued");

    // The mail server is down: every try fails, is written down, and the job stays queued —
    // also past the attempt limit other jobs are buried at.
    for attempt in 1..=queue::MAX_ATTEMPTS + 2 {
        // A second on: past the (test-sized, 50 ms) back-off, without waiting for it.
        let now = now_ms() + 1_000;
        assert!(worker::run_once(&ctx, "outage-worker", now).await.expect("queue"), "try {attempt} ran");
        let row = outbox_row(&app, id).await;
        assert!(row.sent_at.is_none());
        assert_eq!(row.attempts, attempt);
        let error = row.last_error.expect("the failure is recorded");
        assert!(error.to_lowercase().contains("connect"), "{error}");
        let jobs = job_rows(&app).await;
        assert_eq!(jobs.len(), 1, "the job stays queued");
        assert!(jobs[0].locked_until.is_none() && jobs[0].last_error.is_some());
    }

    // The server comes back on the same port; the real worker loop retries on its own.
    let sink = SmtpSink::start_on(port);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = worker::spawn(ctx.clone(), 1, stopped);
    let messages = sink.wait_for(1, DEADLINE).await;
    assert_eq!(messages.len(), 1, "the message arrives after the outage");
    assert_eq!(messages[0].to, vec!["ben@example.com".to_owned()]);
    assert_eq!(messages[0].header("Subject").as_deref(), Some("Your proofs are ready"));

    // sent_at is written right after the server's answer: poll for it too.
    let until = tokio::time::Instant::now() + DEADLINE;
    while outbox_row(&app, id).await.sent_at.is_none() && tokio::time::Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(true);
    for handle in workers {
        handle.await.expect("worker stops");
    }
    let row = outbox_row(&app, id).await;
    assert!(row.sent_at.is_some(), "sent_at is set");
    assert!(row.attempts > queue::MAX_ATTEMPTS + 2, "{}", row.attempts);
    assert_eq!(row.last_error, None);
    assert!(job_rows(&app).await.is_empty(), "nothing left to retry");
    // Exactly once: nothing more to run, and nothing more arrives.
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_job_that_runs_twice_sends_once() {
    let sink = SmtpSink::start();
    let port = sink.port;
    for_each_db_configured(
        move |config| config.mail.smtp_port = port,
        |app| {
            let sink = sink.clone();
            async move {
                let before = sink.messages().len();
                let ctx = &app.state.ctx;
                let id =
                    mail::queue(&ctx.db, &invitation("ben@example.com"), chrono::Utc::now()).await.expect("queued");
                // The same job twice in the queue (as after a crash between sending and finishing).
                queue::enqueue(&ctx.db, &SendMail { outbox_id: id }, now_ms()).await.expect("duplicate job");
                assert_eq!(app.run_jobs().await, 2);
                // And once more by hand, as a late worker would.
                mail::send(ctx, id).await.expect("a sent message is done at once");

                let sent = outbox_row(&app, id).await;
                assert!(sent.sent_at.is_some());
                assert_eq!(sent.attempts, 1, "tried once");
                assert_eq!(sink.wait_for(before + 1, DEADLINE).await.len(), before + 1);
                // Give a stray second delivery the time to show before counting.
                tokio::time::sleep(Duration::from_millis(200)).await;
                assert_eq!(sink.messages().len(), before + 1, "sent once");
            }
        },
    )
    .await;
}

#[tokio::test]
async fn a_bad_address_is_refused_and_leaves_nothing() {
    for_each_db_configured(
        |_| {},
        |app| async move {
            let db = &app.state.ctx.db;
            for bad in ["ben@@example.com", "ben", "ben smith@example.com", ""] {
                let refused = mail::queue(db, &invitation(bad), chrono::Utc::now()).await.expect_err(bad);
                let backend::ServiceError::Invalid(field) = &refused else { panic!("{bad}: {refused:?}") };
                assert_eq!(field.field, "to");
                assert_eq!(
                    refused.to_string(),
                    format!(
                        "“{bad}” is not an email address we can send to. Check it for typos: it should look like name@example.com."
                    )
                );
            }
            let bad_reply = OutgoingMail { reply_to: Some("anna at studio".to_owned()), ..invitation("ben@example.com") };
            let refused = mail::queue(db, &bad_reply, chrono::Utc::now()).await.expect_err("bad reply-to");
            assert!(refused.to_string().contains("is not an email address replies can go to"), "{refused}");
            assert_eq!(outbox::Entity::find().count(db).await.expect("count"), 0);
            assert!(job_rows(&app).await.is_empty());
        },
    )
    .await;
}

#[tokio::test]
async fn a_message_queued_in_a_rolled_back_transaction_never_exists() {
    for_each_db_configured(
        |_| {},
        |app| async move {
            let db = &app.state.ctx.db;
            let txn = backend::db::begin(db).await.expect("begin");
            mail::queue(&txn, &invitation("ben@example.com"), chrono::Utc::now()).await.expect("queued");
            txn.rollback().await.expect("rollback");
            assert_eq!(outbox::Entity::find().count(db).await.expect("count"), 0);
            assert!(job_rows(&app).await.is_empty());

            let txn = backend::db::begin(db).await.expect("begin");
            let id = mail::queue(&txn, &invitation("ben@example.com"), chrono::Utc::now()).await.expect("queued");
            txn.commit().await.expect("commit");
            assert!(outbox_row(&app, id).await.sent_at.is_none());
            assert_eq!(job_rows(&app).await.len(), 1);
        },
    )
    .await;
}

#[tokio::test]
async fn printed_mail_counts_as_sent_without_a_mail_server() {
    for_each_db_configured(
        |config| config.mail.delivery = backend::mail::MailDelivery::Print,
        |app| async move {
            let ctx = &app.state.ctx;
            let id = mail::queue(&ctx.db, &invitation("ben@example.com"), chrono::Utc::now()).await.expect("queued");
            // Nothing listens on the configured SMTP port: printing needs no server.
            assert_eq!(app.run_jobs().await, 1);
            let sent = outbox_row(&app, id).await;
            assert!(sent.sent_at.is_some() && sent.last_error.is_none());
            assert_eq!(sent.attempts, 1);
        },
    )
    .await;
}
