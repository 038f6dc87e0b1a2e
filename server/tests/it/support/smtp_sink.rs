//! A real SMTP server for the mail tests: mailin-embedded on a real TCP socket on 127.0.0.1,
//! speaking real SMTP to lettre (EHLO, MAIL FROM, RCPT TO, DATA with dot-unstuffing, QUIT) and
//! keeping every message it accepts.
//!
//! mailin-embedded blocks and cannot be stopped, so each sink runs on threads of its own until the
//! test binary exits; a test starts one or two, which costs nothing that matters.

use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One message as the sink received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender (MAIL FROM).
    pub from: String,
    /// The envelope recipients (RCPT TO).
    pub to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, headers and body.
    pub raw: String,
}

impl Received {
    /// The value of the first header called `name` (unfolded), if any.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        let mut lines = head.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            let Some((key, value)) = line.split_once(':') else { continue };
            if key.eq_ignore_ascii_case(name) {
                let mut value = value.trim().to_owned();
                while let Some(next) = lines.peek().filter(|l| l.starts_with([' ', '\t'])) {
                    value.push(' ');
                    value.push_str(next.trim());
                    lines.next();
                }
                return Some(value);
            }
        }
        None
    }
}

/// Keeps what one SMTP session receives; mailin-embedded clones it for every connection, and
/// the clones share `kept`.
#[derive(Clone, Default)]
struct Keeper {
    kept: Arc<Mutex<Vec<Received>>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

/// A recipient the sink refuses for good, as a real server refuses an address that does not
/// exist (550).
pub const UNKNOWN_MAILBOX: &str = "nobody@unknown.example";

impl Handler for Keeper {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.trim_matches(['<', '>']) == UNKNOWN_MAILBOX {
            // As a real server says it, with the enhanced status code of an unknown recipient.
            Response::custom(550, "5.1.1 <nobody@unknown.example>: Recipient address rejected: User unknown".to_owned())
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    // Kept before the 250 answer goes out: once lettre's send returns, the message is here.
    fn data_end(&mut self) -> Response {
        let received = Received {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            raw: String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned(),
        };
        self.kept.lock().expect("sink lock").push(received);
        response::OK
    }
}

/// A running SMTP sink. Clones share what it received.
#[derive(Clone)]
pub struct SmtpSink {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    kept: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Starts a sink on a free port.
    pub fn start() -> Self {
        Self::listen(TcpListener::bind("127.0.0.1:0").expect("bind SMTP sink"))
    }

    /// Starts a sink on `port` (one where nothing listened before: the outage test).
    pub fn start_on(port: u16) -> Self {
        Self::listen(TcpListener::bind(("127.0.0.1", port)).expect("bind SMTP sink on the given port"))
    }

    fn listen(listener: TcpListener) -> Self {
        let port = listener.local_addr().expect("sink address").port();
        let keeper = Keeper::default();
        let kept = keeper.kept.clone();
        std::thread::spawn(move || {
            let mut server = Server::new(keeper);
            server
                .with_name("sink.test")
                .with_num_threads(2)
                .with_ssl(SslConfig::None)
                .expect("no TLS")
                .with_tcp_listener(listener);
            server.serve().expect("SMTP sink");
        });
        Self { port, kept }
    }

    /// Everything received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.kept.lock().expect("sink lock").clone()
    }

    /// Waits (polling, up to `deadline`) until at least `count` messages arrived, and returns them.
    pub async fn wait_for(&self, count: usize, deadline: Duration) -> Vec<Received> {
        let until = tokio::time::Instant::now() + deadline;
        loop {
            let messages = self.messages();
            if messages.len() >= count || tokio::time::Instant::now() >= until {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}
