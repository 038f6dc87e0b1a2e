//! `GET /unsubscribe/{token}`: what the link in a mail stops, with a button; `POST` stops it
//! (the button, and mail programs' one-click unsubscribe, RFC 8058). No sign-in: the link's
//! secret is the proof. Unknown links count as lookups that led nowhere, so guessing them is
//! throttled per address like gallery links.

use crate::state::AppState;
use crate::visitor::Visitor;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use backend::ServiceError;
use backend::mail::unsubscribe::{self, Unsubscribe};
use backend::visitor::secrets::{self, AttemptKind};

/// The page asking to confirm.
pub async fn page(State(state): State<AppState>, visitor: Visitor, Path(token): Path<String>) -> Response {
    match unsubscribe::peek(&state.ctx.db, &token).await {
        Ok(found) if found.done => done_page(&found),
        Ok(found) => {
            let body = format!(
                "<h1>Unsubscribe</h1><p>Stop {what} for {email}?</p>\
                 <form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>",
                what = escape(&described(&found)),
                email = escape(&found.email),
            );
            html(StatusCode::OK, "Unsubscribe", &body)
        }
        Err(err) => refused(&state, &visitor, err).await,
    }
}

/// Stops the mail.
pub async fn confirm(State(state): State<AppState>, visitor: Visitor, Path(token): Path<String>) -> Response {
    match unsubscribe::confirm(&state.ctx.db, &token, chrono::Utc::now()).await {
        Ok(found) => done_page(&found),
        Err(err) => refused(&state, &visitor, err).await,
    }
}

fn described(found: &Unsubscribe) -> String {
    match found.kind {
        domain::engagement::notifications::MailKind::Invitations => {
            format!("gallery invitations from {}", found.studio_name)
        }
        other => other.described().to_owned(),
    }
}

fn done_page(found: &Unsubscribe) -> Response {
    let again = match found.kind {
        domain::engagement::notifications::MailKind::Invitations => {
            "If you change your mind, ask the photographer to send the link again.".to_owned()
        }
        _ => "Switch it back on at any time in Studio settings → Notifications.".to_owned(),
    };
    let body = format!(
        "<h1>Unsubscribed</h1><p role=\"status\">{email} will no longer get {what}.</p><p>{again}</p>",
        email = escape(&found.email),
        what = escape(&described(found)),
        again = escape(&again),
    );
    html(StatusCode::OK, "Unsubscribed", &body)
}

async fn refused(state: &AppState, visitor: &Visitor, err: ServiceError) -> Response {
    let err = match err {
        ServiceError::NotFound => {
            match secrets::record_miss(&state.ctx, AttemptKind::Lookup, visitor.viewer.client, chrono::Utc::now()).await
            {
                Ok(()) => ServiceError::NotFound,
                Err(throttled) => throttled,
            }
        }
        other => other,
    };
    let status = crate::api_error::status_of(&err);
    let sentence = match err {
        ServiceError::NotFound => {
            "This unsubscribe link is not one we sent. Check that the whole address was copied.".to_owned()
        }
        other => other.to_string(),
    };
    html(status, "Unsubscribe", &format!("<h1>Unsubscribe</h1><p role=\"alert\">{}</p>", escape(&sentence)))
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Proofroom</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"narrow\">{body}</main></body></html>",
        css = app::assets::stylesheet(),
    );
    (status, Html(page)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
