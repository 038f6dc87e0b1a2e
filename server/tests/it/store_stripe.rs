//! Card payments through Stripe Checkout, with a local HTTP server standing in for Stripe's API
//! (these machines cannot reach the real one): it checks the exact form fields of the Checkout
//! Session we create and answers as Stripe documents. Webhooks are signed with a test secret the
//! way Stripe signs them; everything unsigned, stale, replayed with a changed body, for another
//! amount or for an unknown order is refused and changes nothing.

use crate::support::{TestApp, for_each_db_configured, post_json};
use axum::extract::{Form, Path, State};
use axum::routing::{get, post};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SECRET: &str = "whsec_test_secret";

/// What the stand-in saw, and whether it reports sessions as paid.
#[derive(Default)]
struct StandIn {
    created: Vec<(HashMap<String, String>, Option<String>)>,
    paid: bool,
    /// Sessions closed by an expire call.
    expired: Vec<String>,
    /// Refunds asked for: the form and the idempotency key.
    refunds: Vec<(HashMap<String, String>, Option<String>)>,
    /// Whether refunds are refused (a dispute, an account without balance).
    refuse_refunds: bool,
    /// Answers given per idempotency key, given again for the same key (as Stripe does for a day,
    /// refusals included).
    answered: HashMap<String, (StatusCode, Value)>,
}

type Shared = Arc<Mutex<StandIn>>;

/// Starts the stand-in on 127.0.0.1 and answers its address.
async fn stand_in() -> (String, Shared) {
    let shared: Shared = Arc::default();
    let app = axum::Router::new()
        .route("/v1/checkout/sessions", post(create_session))
        .route("/v1/checkout/sessions/{id}", get(read_session))
        .route("/v1/checkout/sessions/{id}/expire", post(expire_session))
        .route("/v1/refunds", post(create_refund))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("stand-in") });
    (format!("http://{addr}"), shared)
}

async fn create_session(
    State(shared): State<Shared>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, axum::Json<Value>) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer sk_test_key") {
        return (StatusCode::UNAUTHORIZED, axum::Json(json!({ "error": { "message": "bad key" } })));
    }
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let order = form.get("client_reference_id").cloned().unwrap_or_default();
    shared.lock().expect("lock").created.push((form, key));
    (
        StatusCode::OK,
        axum::Json(
            json!({ "id": format!("cs_test_{order}"), "url": format!("https://checkout.stripe.test/c/{order}") }),
        ),
    )
}

async fn read_session(State(shared): State<Shared>, Path(id): Path<String>) -> axum::Json<Value> {
    let order = id.trim_start_matches("cs_test_").to_owned();
    let paid = shared.lock().expect("lock").paid;
    axum::Json(json!({
        "id": id, "client_reference_id": order, "amount_total": 2500, "currency": "eur",
        "payment_status": if paid { "paid" } else { "unpaid" },
        "payment_intent": if paid { Value::from(format!("pi_test_{order}")) } else { Value::Null }
    }))
}

/// Stripe refunds a payment intent in full, once: a second refund is refused as
/// `charge_already_refunded`, and an answer given for an idempotency key is given again for it
/// (a refusal too), as Stripe does for a day.
async fn create_refund(
    State(shared): State<Shared>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, axum::Json<Value>) {
    let mut seen = shared.lock().expect("lock");
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some((status, body)) = key.as_ref().and_then(|k| seen.answered.get(k)) {
        return (*status, axum::Json(body.clone()));
    }
    let intent = form.get("payment_intent").cloned().unwrap_or_default();
    let (status, body) = if seen.refuse_refunds {
        let refused =
            json!({ "error": { "code": "insufficient_funds", "message": "Your balance is too low to refund" } });
        (StatusCode::BAD_REQUEST, refused)
    } else if seen.refunds.iter().any(|(f, _)| f.get("payment_intent") == Some(&intent)) {
        let twice =
            json!({ "error": { "code": "charge_already_refunded", "message": "Charge has already been refunded." } });
        (StatusCode::BAD_REQUEST, twice)
    } else {
        seen.refunds.push((form, key.clone()));
        (StatusCode::OK, json!({ "id": "re_test_1", "status": "succeeded" }))
    };
    if let Some(key) = key {
        seen.answered.insert(key, (status, body.clone()));
    }
    (status, axum::Json(body))
}

/// Stripe expires an open session; a paid (complete) one answers 400.
async fn expire_session(State(shared): State<Shared>, Path(id): Path<String>) -> (StatusCode, axum::Json<Value>) {
    let mut seen = shared.lock().expect("lock");
    if seen.paid {
        return (StatusCode::BAD_REQUEST, axum::Json(json!({ "error": { "message": "session is complete" } })));
    }
    seen.expired.push(id.clone());
    (StatusCode::OK, axum::Json(json!({ "id": id, "status": "expired", "payment_status": "unpaid" })))
}

fn event(order: &str, amount: i64, currency: &str) -> String {
    json!({
        "id": "evt_1", "type": "checkout.session.completed",
        "data": { "object": { "id": format!("cs_test_{order}"), "client_reference_id": order, "amount_total": amount, "currency": currency, "payment_status": "paid" } }
    })
    .to_string()
}

async fn deliver(app: &TestApp, body: &str, signature: Option<String>) -> (StatusCode, String) {
    let mut request = app
        .stranger()
        .post(app.url("/webhooks/stripe"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(signature) = signature {
        request = request.header("Stripe-Signature", signature);
    }
    let response = request.send().await.expect("webhook");
    (response.status(), response.text().await.unwrap_or_default())
}

async fn status_of(app: &TestApp) -> (String, usize) {
    let order = the_order(app).await;
    let receipts = app.mail_to("ana@example.com").await.iter().filter(|m| m.subject.starts_with("Receipt")).count();
    (order.status, receipts)
}

/// The one order of the test's database.
async fn the_order(app: &TestApp) -> backend::entities::order::Model {
    use sea_orm::EntityTrait;
    backend::entities::order::Entity::find().one(&app.state.ctx.db).await.expect("query").expect("order")
}

/// The backend's Stripe settings pointed at the stand-in.
fn with_stripe(api: String) -> impl Fn(&mut backend::config::BackendConfig) {
    move |config| {
        config.stripe = Some(backend::config::StripeConfig {
            secret_key: "sk_test_key".to_owned(),
            webhook_secret: SECRET.to_owned(),
            api_base: api.clone(),
        });
    }
}

/// A shop with one photo, and Ana (a main client) who put its personal licence in her cart and
/// checked out by card; answers the photo's id, Ana's client and where checkout sent her.
async fn card_order(app: &TestApp) -> (String, reqwest::Client, reqwest::Response) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Garden wedding", "garden").await;
    let images = app.upload_tiny(&gallery, 1).await;
    app.publish(&gallery).await;
    let shop = app.open_shop(&gallery).await;
    let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
    let line = json!({ "slug": "garden", "image": images[0], "product": shop.personal });
    post_json(&ana, &app.base, "store/cart/add", line).await;
    let form =
        json!({ "slug": "garden", "form": { "name": "Ana Client", "email": "ana@example.com", "method": "Card" } });
    let placed = post_json(&ana, &app.base, "store/checkout", form).await;
    (images[0].clone(), ana, placed)
}

#[tokio::test]
async fn card_payments_are_confirmed_by_signed_webhooks_only() {
    let (api, shared) = stand_in().await;
    let shared_in = shared.clone();
    for_each_db_configured(with_stripe(api), move |app| {
        let shared = shared_in.clone();
        async move {
            shared.lock().expect("lock").created.clear();
            let (image, ana, placed) = card_order(&app).await;
            assert_eq!(placed.status(), StatusCode::OK);
            let next: String = placed.json().await.expect("url");
            assert!(next.starts_with("https://checkout.stripe.test/c/"), "{next}");
            let (form, key) = shared.lock().expect("lock").created.pop().expect("a session was created");
            let order = form["client_reference_id"].clone();
            assert_eq!(key.as_deref(), Some(format!("order-{order}").as_str()));
            for (field, value) in [
                ("mode", "payment"),
                ("customer_email", "ana@example.com"),
                ("line_items[0][quantity]", "1"),
                ("line_items[0][price_data][currency]", "eur"),
                ("line_items[0][price_data][unit_amount]", "2500"),
                ("metadata[order_id]", order.as_str()),
            ] {
                assert_eq!(form.get(field).map(String::as_str), Some(value), "{field} in {form:?}");
            }
            assert!(form["line_items[0][price_data][product_data][name]"].contains("Personal digital"));
            assert!(form["success_url"].starts_with(&format!("{}/orders/", app.base)), "{form:?}");
            assert!(!form.contains_key("line_items[1][quantity]"));

            let now = chrono::Utc::now().timestamp();
            let body = event(&order, 2500, "eur");
            let sign = |body: &str, at: i64| backend::store::stripe::sign(body.as_bytes(), SECRET, at);
            // Unsigned, signed with another secret, stale, or a body changed after signing.
            assert_eq!(deliver(&app, &body, None).await.0, StatusCode::BAD_REQUEST);
            let forged = backend::store::stripe::sign(body.as_bytes(), "whsec_other", now);
            assert_eq!(deliver(&app, &body, Some(forged)).await.0, StatusCode::BAD_REQUEST);
            let (code, text) = deliver(&app, &body, Some(sign(&body, now - 3600))).await;
            assert_eq!(code, StatusCode::BAD_REQUEST);
            assert!(text.contains("five minutes"), "{text}");
            let cheaper = event(&order, 100, "eur");
            assert_eq!(deliver(&app, &cheaper, Some(sign(&body, now))).await.0, StatusCode::BAD_REQUEST);
            // Signed, but for another amount, another currency or an unknown order.
            let (code, text) = deliver(&app, &cheaper, Some(sign(&cheaper, now))).await;
            assert!(code == StatusCode::BAD_REQUEST && text.contains("amount"), "{text}");
            let dollars = event(&order, 2500, "usd");
            assert_eq!(deliver(&app, &dollars, Some(sign(&dollars, now))).await.0, StatusCode::BAD_REQUEST);
            let unknown = event(&uuid::Uuid::new_v4().to_string(), 2500, "eur");
            let (code, text) = deliver(&app, &unknown, Some(sign(&unknown, now))).await;
            assert!(code == StatusCode::BAD_REQUEST && text.contains("no order"), "{text}");
            assert_eq!(status_of(&app).await, ("awaiting_payment".to_owned(), 0), "nothing changed");
            // The real one, delivered twice: paid once, one receipt.
            assert_eq!(deliver(&app, &body, Some(sign(&body, now))).await.0, StatusCode::OK);
            assert_eq!(deliver(&app, &body, Some(sign(&body, now + 5))).await.0, StatusCode::OK);
            assert_eq!(status_of(&app).await, ("paid".to_owned(), 1));
            assert_eq!(
                app.stranger().get(app.url(&format!("/download/{image}/hd"))).send().await.expect("dl").status(),
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                ana.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("dl").status(),
                StatusCode::OK
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_payment_whose_webhook_was_lost_is_found_by_reconciliation() {
    let (api, shared) = stand_in().await;
    let shared_in = shared.clone();
    for_each_db_configured(with_stripe(api), move |app| {
        let shared = shared_in.clone();
        async move {
            shared.lock().expect("lock").paid = false;
            let (_, _, placed) = card_order(&app).await;
            assert_eq!(placed.status(), StatusCode::OK);
            let now = chrono::Utc::now();
            assert_eq!(
                backend::store::stripe::reconcile(&app.state.ctx, now).await.expect("reconcile"),
                0,
                "not paid yet"
            );
            // Placed days before the buyer opened its payment page: still asked about.
            {
                use backend::entities::order;
                use sea_orm::{EntityTrait, sea_query::Expr};
                order::Entity::update_many()
                    .col_expr(order::Column::CreatedAt, Expr::value(now - chrono::Duration::days(5)))
                    .exec(&app.state.ctx.db)
                    .await
                    .expect("placed five days ago");
            }
            shared.lock().expect("lock").paid = true;
            assert_eq!(backend::store::stripe::reconcile(&app.state.ctx, now).await.expect("reconcile"), 1);
            assert_eq!(status_of(&app).await, ("paid".to_owned(), 1));
            assert_eq!(
                backend::store::stripe::reconcile(&app.state.ctx, now).await.expect("reconcile"),
                0,
                "done once"
            );
        }
    })
    .await;
}

/// Cancelling a card order closes its Checkout Session first, so the buyer cannot pay an order
/// that is gone; one the buyer has just paid is not cancelled.
#[tokio::test]
async fn cancelling_a_card_order_closes_its_payment_page() {
    let (api, shared) = stand_in().await;
    let shared_in = shared.clone();
    for_each_db_configured(with_stripe(api), move |app| {
        let shared = shared_in.clone();
        async move {
            shared.lock().expect("lock").paid = true;
            let (_, _, placed) = card_order(&app).await;
            assert_eq!(placed.status(), StatusCode::OK);
            let order = the_order(&app).await;
            let cancel = json!({ "id": order.gallery_id, "order": order.id, "change": "Cancel" });
            let refused = app.call_json("store/orders/change", cancel.clone()).await;
            assert_eq!(refused.status(), StatusCode::CONFLICT);
            assert!(refused.text().await.expect("text").contains("may have just been paid"));
            assert_eq!(status_of(&app).await.0, "awaiting_payment");

            shared.lock().expect("lock").paid = false;
            let cancelled = app.call_json("store/orders/change", cancel).await;
            assert_eq!(cancelled.status(), StatusCode::OK, "{}", cancelled.text().await.unwrap_or_default());
            assert!(
                shared.lock().expect("lock").expired.contains(&format!("cs_test_{}", order.id)),
                "its session was closed"
            );
            assert_eq!(status_of(&app).await.0, "cancelled");
        }
    })
    .await;
}

/// Marking a card order paid (the buyer paid by bank transfer) closes its payment page too, so
/// the buyer cannot pay it a second time by card. A card payment that still arrives for an order
/// already closed unlocks nothing, and the photographer is mailed at once to refund it.
#[tokio::test]
async fn a_card_payment_for_a_closed_order_is_never_kept_silently() {
    let (api, shared) = stand_in().await;
    let shared_in = shared.clone();
    for_each_db_configured(with_stripe(api), move |app| {
        let shared = shared_in.clone();
        async move {
            shared.lock().expect("lock").paid = false;
            let (image, ana, placed) = card_order(&app).await;
            assert_eq!(placed.status(), StatusCode::OK);
            let order = the_order(&app).await;
            let session = format!("cs_test_{}", order.id);
            let mark = json!({ "id": order.gallery_id, "order": order.id, "change": "MarkPaid" });
            let marked = app.call_json("store/orders/change", mark).await;
            assert_eq!(marked.status(), StatusCode::OK, "{}", marked.text().await.unwrap_or_default());
            assert!(shared.lock().expect("lock").expired.contains(&session), "its payment page was closed");
            assert_eq!(status_of(&app).await, ("paid".to_owned(), 1));
            // Paid by hand, it has no card payment: the photographer pays it back.
            let listed = app.call_json("store/orders", json!({ "id": order.gallery_id, "status": null })).await;
            let orders: Value = listed.json().await.expect("json");
            assert_eq!(orders[0]["refund"], "ByHand", "{orders}");
            // Refunded; then a payment the buyer made anyway comes in.
            let refund = json!({ "id": order.gallery_id, "order": order.id, "change": "Refund" });
            assert_eq!(app.call_json("store/orders/change", refund).await.status(), StatusCode::OK);
            let body = event(&order.id.to_string(), 2500, "eur");
            let signature = backend::store::stripe::sign(body.as_bytes(), SECRET, chrono::Utc::now().timestamp());
            assert_eq!(deliver(&app, &body, Some(signature)).await.0, StatusCode::OK);
            assert_eq!(status_of(&app).await.0, "refunded", "nothing is unlocked by it");
            assert_ne!(
                ana.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("dl").status(),
                StatusCode::OK
            );
            let told = app.mail_to("anna@example.com").await;
            let notice =
                told.iter().find(|m| m.subject.contains("after it was closed")).expect("the photographer is told");
            assert!(notice.body_text.contains(&session) && notice.body_text.contains(&order.number), "{notice:?}");
        }
    })
    .await;
}

/// Refunding an order paid by card gives the money back through Stripe before the order says
/// "refunded"; a refund Stripe refuses leaves the order paid, with the reason.
#[tokio::test]
async fn a_card_order_is_refunded_through_stripe() {
    let (api, shared) = stand_in().await;
    let shared_in = shared.clone();
    for_each_db_configured(with_stripe(api), move |app| {
        let shared = shared_in.clone();
        async move {
            {
                let mut seen = shared.lock().expect("lock");
                (seen.paid, seen.refuse_refunds) = (true, true);
                seen.refunds.clear();
                seen.answered.clear();
            }
            let (_, _, placed) = card_order(&app).await;
            assert_eq!(placed.status(), StatusCode::OK);
            let order = the_order(&app).await;
            let body = event(&order.id.to_string(), 2500, "eur");
            let signature = backend::store::stripe::sign(body.as_bytes(), SECRET, chrono::Utc::now().timestamp());
            assert_eq!(deliver(&app, &body, Some(signature)).await.0, StatusCode::OK);
            assert_eq!(status_of(&app).await.0, "paid");

            let refund = json!({ "id": order.gallery_id, "order": order.id, "change": "Refund" });
            let refused = app.call_json("store/orders/change", refund.clone()).await;
            assert_eq!(refused.status(), StatusCode::CONFLICT);
            let said = refused.text().await.expect("text");
            assert!(said.contains("was not refunded") && said.contains("balance is too low"), "{said}");
            assert_eq!(status_of(&app).await.0, "paid", "no money went back, so the order says so");

            shared.lock().expect("lock").refuse_refunds = false;
            let refunded = app.call_json("store/orders/change", refund).await;
            assert_eq!(refunded.status(), StatusCode::OK, "{}", refunded.text().await.unwrap_or_default());
            assert_eq!(status_of(&app).await.0, "refunded");
            let refunds = shared.lock().expect("lock").refunds.clone();
            assert_eq!(refunds.len(), 1, "{refunds:?}");
            assert_eq!(refunds[0].0.get("payment_intent"), Some(&format!("pi_test_{}", order.id)));
            let listed = app.call_json("store/orders", json!({ "id": order.gallery_id, "status": null })).await;
            let orders: Value = listed.json().await.expect("json");
            assert_eq!(orders[0]["refund"], "Stripe", "the Orders tab says how the money goes back: {orders}");
        }
    })
    .await;
}

/// A delayed payment (a SEPA debit) that fails lets the photographer cancel the order: its
/// session stays "complete" at Stripe and could never be closed.
#[tokio::test]
async fn a_failed_delayed_payment_lets_the_order_be_cancelled() {
    let (api, shared) = stand_in().await;
    let shared_in = shared.clone();
    for_each_db_configured(with_stripe(api), move |app| {
        let shared = shared_in.clone();
        async move {
            // The session completed with a debit still pending: Stripe will not expire it.
            shared.lock().expect("lock").paid = true;
            let (_, _, placed) = card_order(&app).await;
            assert_eq!(placed.status(), StatusCode::OK);
            let order = the_order(&app).await;
            let cancel = json!({ "id": order.gallery_id, "order": order.id, "change": "Cancel" });
            assert_eq!(app.call_json("store/orders/change", cancel.clone()).await.status(), StatusCode::CONFLICT);
            // The debit fails.
            let failed = json!({
                "id": "evt_2", "type": "checkout.session.async_payment_failed",
                "data": { "object": { "id": format!("cs_test_{}", order.id), "client_reference_id": order.id.to_string(), "payment_status": "unpaid" } }
            })
            .to_string();
            let signature = backend::store::stripe::sign(failed.as_bytes(), SECRET, chrono::Utc::now().timestamp());
            assert_eq!(deliver(&app, &failed, Some(signature)).await.0, StatusCode::OK);
            assert_eq!(status_of(&app).await.0, "awaiting_payment");
            let cancelled = app.call_json("store/orders/change", cancel).await;
            assert_eq!(cancelled.status(), StatusCode::OK, "{}", cancelled.text().await.unwrap_or_default());
            assert_eq!(status_of(&app).await.0, "cancelled");
        }
    })
    .await;
}
