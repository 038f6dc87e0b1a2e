//! Outgoing email (invitations, archive-ready notices, receipts, digests). Every message is
//! first written to the outbox with `queue`, in the caller's transaction when it has one; a
//! persistent `SendMail` job then sends it over SMTP (`send`), retrying until the mail server
//! takes it, so nothing is lost while the server is down.
//!
//! - `config`: the SMTP settings (`MailConfig`).
//! - `transport`: the SMTP connection made from them (`Mailer`, in the `Ctx`).
//! - `letter`: the branded template (plain text and HTML) every message is made from.
//! - `compose`: address checks, and the MIME message made from an outbox row.
//! - `unsubscribe`: the links that switch a kind of mail off, without signing in.
//! - `outbox`: `queue`, `send` and the retry pace.
//! - `delivery`: what became of a message, for the photographer's lists.
//! - `forget`: the bodies of sent mail blanked after an hour (they carry secret links).

mod compose;
pub mod config;
pub mod delivery;
pub mod forget;
pub mod letter;
pub mod outbox;
pub mod transport;
pub mod unsubscribe;

pub use config::{MailConfig, MailDelivery, Secret, SmtpTls};
pub use outbox::{SendMail, queue, retry_delay, send};
pub use transport::Mailer;

/// A message to send. Only `to` and `reply_to` are checked (with lettre's address parser); the
/// subject and bodies are sent as given, encoded as MIME needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The recipient's address, `name@example.com`.
    pub to: String,
    /// The recipient's name, shown by mail programs (`"Ben Client" <ben@example.com>`).
    pub to_name: Option<String>,
    /// The subject line.
    pub subject: String,
    /// The plain-text body (always sent; mail programs that show no HTML show this).
    pub text: String,
    /// An HTML body; when given, the message is `multipart/alternative` with both bodies.
    pub html: Option<String>,
    /// Where replies go (e.g. the photographer), as `Name <address>` or an address.
    pub reply_to: Option<String>,
    /// The one-click unsubscribe address (`List-Unsubscribe`), for mail a person can switch off.
    pub unsubscribe: Option<String>,
    /// The gallery a mail is about, when it carries its visitors' addresses or words: the record
    /// goes when the gallery is purged.
    pub gallery: Option<uuid::Uuid>,
}
