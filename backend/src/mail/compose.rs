//! From an `OutgoingMail` to what is stored, and from a stored outbox row to the MIME message.
//! Addresses are checked with lettre's own parser when a message is queued, so a stored row
//! always composes.

use super::OutgoingMail;
use crate::entities::outbox;
use domain::validation::FieldError;
use lettre::Address;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, message::MessageBuilder};

/// An `OutgoingMail` whose addresses parsed, trimmed as it will be stored.
#[derive(Debug, Clone)]
pub(super) struct Checked {
    pub to: String,
    pub to_name: Option<String>,
    pub reply_to: Option<String>,
}

/// Checks the addresses and the parts a message cannot do without; the error is a sentence for
/// the person who typed the address.
pub(super) fn check(mail: &OutgoingMail) -> Result<Checked, FieldError> {
    let to = mail.to.trim();
    if to.parse::<Address>().is_err() {
        return Err(FieldError {
            field: "to".to_owned(),
            message: format!(
                "“{to}” is not an email address we can send to. Check it for typos: it should look like name@example.com."
            ),
        });
    }
    let reply_to = mail.reply_to.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if let Some(reply_to) = reply_to
        && reply_to.parse::<Mailbox>().is_err()
    {
        return Err(FieldError {
            field: "reply_to".to_owned(),
            message: format!(
                "“{reply_to}” is not an email address replies can go to. Check it for typos: it should look like name@example.com."
            ),
        });
    }
    if mail.subject.trim().is_empty() {
        return Err(FieldError { field: "subject".to_owned(), message: "A message needs a subject.".to_owned() });
    }
    let to_name = mail.to_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    Ok(Checked { to: to.to_owned(), to_name, reply_to: reply_to.map(str::to_owned) })
}

/// The message for an outbox row, from `sender`.
///
/// Its Message-ID and Date come from the row, not the moment of sending: every try of the same row
/// is the same message, so a receiving server (or a person) can tell a repeat after a crash
/// between "accepted" and "recorded as sent" for what it is.
pub(super) fn compose(row: &outbox::Model, sender: &Mailbox) -> Result<Message, String> {
    let to_address: Address = row
        .to_address
        .parse()
        .map_err(|e| format!("the stored address \"{}\" does not parse ({e})", row.to_address))?;
    let mut builder: MessageBuilder = Message::builder()
        .from(sender.clone())
        .to(Mailbox::new(row.to_name.clone(), to_address))
        .subject(row.subject.clone())
        .date(row.created_at.into())
        .message_id(Some(format!("<{}@{}>", row.id.simple(), sender.email.domain())));
    if let Some(reply_to) = &row.reply_to {
        let mailbox: Mailbox =
            reply_to.parse().map_err(|e| format!("the stored reply-to address \"{reply_to}\" does not parse ({e})"))?;
        builder = builder.reply_to(mailbox);
    }
    if let Some(url) = &row.unsubscribe {
        // One-click unsubscribe (RFC 8058): mail programs show an "Unsubscribe" button that
        // POSTs to the address, no page to visit.
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let built = match &row.body_html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(row.body_text.clone(), html.clone())),
        None => builder.header(ContentType::TEXT_PLAIN).body(row.body_text.clone()),
    };
    built.map_err(|e| format!("the message could not be put together ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(to: &str) -> OutgoingMail {
        OutgoingMail {
            to: to.to_owned(),
            to_name: Some("  Ben Client ".to_owned()),
            subject: "Your gallery".to_owned(),
            text: "Hello".to_owned(),
            html: None,
            reply_to: Some("Anna Studio <anna@example.com>".to_owned()),
            unsubscribe: None,
            gallery: None,
        }
    }

    #[test]
    fn addresses_are_checked_and_trimmed() {
        let checked = check(&mail(" ben@example.com ")).expect("valid");
        assert_eq!(checked.to, "ben@example.com");
        assert_eq!(checked.to_name.as_deref(), Some("Ben Client"));
        for bad in ["", "ben", "ben@", "@example.com", "ben smith@example.com", "ben@exa mple.com", "<ben@example.com>"]
        {
            let refused = check(&mail(bad)).expect_err(bad);
            assert_eq!(refused.field, "to");
            assert!(refused.message.contains("is not an email address"), "{bad}: {}", refused.message);
        }
        let bad_reply = OutgoingMail { reply_to: Some("not an address".to_owned()), ..mail("ben@example.com") };
        assert_eq!(check(&bad_reply).expect_err("reply-to").field, "reply_to");
    }

    /// Every address the forms take (`domain::validation::email`) is one the outbox can send to:
    /// kept for days (a restore's requester) and refused only then, it would reach nobody.
    #[test]
    fn the_forms_take_only_addresses_the_outbox_can_send_to() {
        let samples = [
            "ben@example.com",
            "o'brien+wedding@example.co.uk",
            "josé@example.com",
            "ana@bücher.de",
            "a.b-c_d@sub.example.museum",
            "john..doe@gmail.com",
            ".anna@example.com",
            "anna.@example.com",
            "a\"b@example.com",
            "a,b@example.com",
            "anna@exam_ple.com",
            "anna@-example.com",
            "anna@example..com",
            "anna@example",
            "anna@例え.テスト",
            "x@ex\u{2603}mple.com",
            "o\u{2019}brien@example.com",
            "jose\u{301}@example.com",
            "ana\u{1F600}@example.com",
            "İlkay@example.com",
        ];
        let long = format!("{}@example.com", "a".repeat(65));
        let mut taken = 0;
        for address in samples.iter().copied().chain([long.as_str()]) {
            if let Ok(address) = domain::validation::email(address) {
                taken += 1;
                assert!(address.parse::<lettre::Address>().is_ok(), "the form takes {address:?}, the outbox does not");
            }
        }
        assert!(taken >= 5, "the plain addresses among them are taken ({taken})");
    }

    #[test]
    fn a_row_composes_with_its_own_id_and_date() {
        let id = uuid::Uuid::now_v7();
        let row = outbox::Model {
            id,
            to_address: "ben@example.com".to_owned(),
            to_name: Some("Ben Client".to_owned()),
            subject: "Your gallery is ready".to_owned(),
            body_text: "Plain words".to_owned(),
            body_html: Some("<p>Rich words</p>".to_owned()),
            reply_to: Some("anna@example.com".to_owned()),
            created_at: chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("time"),
            sent_at: None,
            attempts: 0,
            last_attempt_at: None,
            last_error: None,
            unsubscribe: Some("https://proofroom.example/unsubscribe/abc".to_owned()),
            refused_for_good: false,
            gallery_id: None,
        };
        let sender: Mailbox = "Proofroom <no-reply@proofroom.local>".parse().expect("sender");
        let raw = String::from_utf8(compose(&row, &sender).expect("compose").formatted()).expect("utf-8");
        assert!(raw.contains(&format!("Message-ID: <{}@proofroom.local>", id.simple())), "{raw}");
        assert!(raw.contains("To: \"Ben Client\" <ben@example.com>"), "{raw}");
        assert!(raw.contains("Reply-To: anna@example.com"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("List-Unsubscribe: <https://proofroom.example/unsubscribe/abc>"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
        assert!(raw.contains("Plain words") && raw.contains("<p>Rich words</p>"), "{raw}");
        // The same row composes to the same identity every time it is tried.
        let again = String::from_utf8(compose(&row, &sender).expect("compose").formatted()).expect("utf-8");
        let header = |text: &str, name: &str| text.lines().find(|l| l.starts_with(name)).map(str::to_owned);
        assert_eq!(header(&raw, "Message-ID"), header(&again, "Message-ID"));
        assert_eq!(header(&raw, "Date"), header(&again, "Date"));
    }
}
