//! `Mailer`: the SMTP connection settings made once at start-up (lettre's async transport on
//! tokio) and the sender every message goes out as.

use super::config::{MailConfig, SmtpTls};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Sends composed messages to the configured SMTP server. Cheap to clone.
///
/// Without lettre's `pool` feature every message opens its own connection: Proofroom sends a
/// handful of messages at a time, and a fresh connection can never be a stale one left over from
/// before a mail-server restart.
#[derive(Debug, Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    sender: Mailbox,
}

impl Mailer {
    /// Prepares the transport; a sentence naming the setting to fix when it cannot be.
    pub fn new(config: &MailConfig) -> Result<Self, String> {
        config.check()?;
        let host = config.smtp_host.trim();
        let tls = match config.smtp_tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls => Tls::Required(tls_parameters(host)?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters(host)?),
        };
        // `builder_dangerous` only means "no TLS chosen for you": TLS is set explicitly above.
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(config.smtp_port)
            .tls(tls)
            .timeout(Some(config.smtp_timeout));
        if let (Some(user), Some(password)) = (&config.smtp_username, &config.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(Self { transport: builder.build(), sender: config.sender()? })
    }

    /// Who messages are from.
    pub fn sender(&self) -> &Mailbox {
        &self.sender
    }

    /// Hands one message to the SMTP server; done once the server accepted it.
    pub async fn deliver(&self, message: Message) -> Result<(), lettre::transport::smtp::Error> {
        self.transport.send(message).await.map(|_| ())
    }
}

/// TLS for `host`, verified against the system's certificate store (native-tls on OpenSSL).
fn tls_parameters(host: &str) -> Result<TlsParameters, String> {
    TlsParameters::new(host.to_owned()).map_err(|e| format!("Cannot set up TLS for PROOFROOM_SMTP_HOST={host} ({e})."))
}
