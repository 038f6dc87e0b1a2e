//! SMTP settings: where outgoing mail goes, how, and as whom. The password is kept in a `Secret`
//! so no `Debug` print of the configuration (or of a `Ctx`) can reveal it.

use lettre::message::Mailbox;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The sender used when none is configured.
pub const DEFAULT_FROM: &str = "Proofroom <no-reply@proofroom.local>";

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmtpTls {
    /// Plain text: only for a relay on this machine or a trusted network (the default, for a
    /// local relay on 127.0.0.1).
    #[default]
    None,
    /// Plain connection upgraded with STARTTLS, which must succeed (usually port 587).
    StartTls,
    /// TLS from the first byte ("implicit TLS", usually port 465).
    Tls,
}

impl FromStr for SmtpTls {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "none" | "" => Ok(Self::None),
            "starttls" => Ok(Self::StartTls),
            "tls" => Ok(Self::Tls),
            other => Err(format!("\"{other}\" is not a TLS mode: use none, starttls or tls.")),
        }
    }
}

/// What sending a message means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MailDelivery {
    /// Hand it to the SMTP server (production).
    #[default]
    Smtp,
    /// Print it to the server's standard output and count it as sent: for a demo or development
    /// machine with no mail server (`make run` uses it), so sign-up and reset links can be
    /// followed from the terminal.
    Print,
}

impl FromStr for MailDelivery {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "smtp" | "" => Ok(Self::Smtp),
            "print" => Ok(Self::Print),
            other => Err(format!("\"{other}\" is not a mail delivery: use smtp or print.")),
        }
    }
}

/// A setting that must never be printed: `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the places that must hand it over (the SMTP login, Stripe's API).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(value))
    }
}

/// Where and how outgoing mail is sent, and how patiently it is retried.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// SMTP (the default) or printing to standard output.
    pub delivery: MailDelivery,
    /// SMTP server name or address.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// Connection protection.
    pub smtp_tls: SmtpTls,
    /// Login name, when the server wants one (then `smtp_password` is needed too).
    pub smtp_username: Option<String>,
    /// Login password; never logged.
    pub smtp_password: Option<Secret>,
    /// The sender, as `Name <address>` or a bare address.
    pub from: String,
    /// How long one SMTP conversation may take before it counts as failed. Shorter than the job
    /// lease, so a hanging server can never make a second worker send the same message.
    pub smtp_timeout: Duration,
    /// The longest wait between two tries of one message. Tries back off from one second,
    /// doubling, up to this; they never stop (see `mail::outbox`).
    pub retry_max: Duration,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            delivery: MailDelivery::Smtp,
            smtp_host: "127.0.0.1".to_owned(),
            smtp_port: 25,
            smtp_tls: SmtpTls::None,
            smtp_username: None,
            smtp_password: None,
            from: DEFAULT_FROM.to_owned(),
            smtp_timeout: Duration::from_secs(30),
            retry_max: Duration::from_secs(600),
        }
    }
}

impl MailConfig {
    /// The sender as a mailbox, or a sentence naming the setting to fix.
    pub fn sender(&self) -> Result<Mailbox, String> {
        self.from.trim().parse::<Mailbox>().map_err(|_| {
            format!(
                "PROOFROOM_MAIL_FROM=\"{}\" is not a sender address: write it as Name <address@example.com> or address@example.com.",
                self.from
            )
        })
    }

    /// Checks what can be checked before the first message: a sentence naming the setting to fix.
    pub fn check(&self) -> Result<(), String> {
        if self.smtp_host.trim().is_empty() {
            return Err(
                "PROOFROOM_SMTP_HOST is empty: set it to the mail server's name or address (for example 127.0.0.1)."
                    .to_owned(),
            );
        }
        if self.smtp_port == 0 {
            return Err(
                "PROOFROOM_SMTP_PORT must be a port number between 1 and 65535 (25, 465 or 587 usually).".to_owned()
            );
        }
        match (&self.smtp_username, &self.smtp_password) {
            (Some(_), None) => {
                return Err("PROOFROOM_SMTP_USERNAME is set but PROOFROOM_SMTP_PASSWORD is not: set both, or neither."
                    .to_owned());
            }
            (None, Some(_)) => {
                return Err("PROOFROOM_SMTP_PASSWORD is set but PROOFROOM_SMTP_USERNAME is not: set both, or neither."
                    .to_owned());
            }
            _ => {}
        }
        self.sender().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        let config = MailConfig::default();
        assert_eq!(config.check(), Ok(()));
        let sender = config.sender().expect("sender");
        assert_eq!(sender.name.as_deref(), Some("Proofroom"));
        assert_eq!(sender.email.to_string(), "no-reply@proofroom.local");
    }

    #[test]
    fn a_password_is_never_printed() {
        let config = MailConfig {
            smtp_username: Some("anna".to_owned()),
            smtp_password: Some(Secret::new("hunter2 very secret")),
            ..MailConfig::default()
        };
        let printed = format!("{config:?} {}", Secret::new("hunter2 very secret"));
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("anna"));
    }

    #[test]
    fn wrong_settings_name_themselves() {
        let bad_from = MailConfig { from: "Proofroom <not an address>".to_owned(), ..MailConfig::default() };
        assert!(bad_from.check().expect_err("bad sender").starts_with("PROOFROOM_MAIL_FROM="));
        let half_login = MailConfig { smtp_username: Some("anna".to_owned()), ..MailConfig::default() };
        assert!(half_login.check().expect_err("half login").contains("PROOFROOM_SMTP_PASSWORD"));
        assert_eq!("STARTTLS".parse::<SmtpTls>(), Ok(SmtpTls::StartTls));
        assert!("ssl".parse::<SmtpTls>().expect_err("unknown mode").contains("none, starttls or tls"));
    }
}
