//! The two ways a notification leaves: an HTTP `POST` (Slack, Discord, Teams, webhooks) and
//! an e-mail over SMTP. Errors never repeat a secret (a webhook's address, a password).

use std::time::Duration;

use hmac::{KeyInit, Mac};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::config::{Security, Smtp};

/// Posts JSON bodies, with a timeout.
pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub fn new() -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Http { agent }
    }

    /// Posts `body` as JSON to `url`; the error says what went wrong without the address.
    pub fn post(&self, url: &str, body: &str, headers: &[(&str, String)]) -> Result<(), String> {
        let mut request = self
            .agent
            .post(url)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", concat!("vigie/", env!("CARGO_PKG_VERSION")));
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        match request.send(body) {
            Ok(_) => Ok(()),
            Err(ureq::Error::StatusCode(code)) => Err(format!("the receiver answered HTTP {code}")),
            Err(error) => Err(format!(
                "the receiver cannot be reached: {}",
                error.to_string().replace(url, "(its address)")
            )),
        }
    }
}

/// The `X-Vigie-Signature` of a webhook body: `sha256=` and the hex HMAC-SHA256 of the body
/// with the key.
pub fn signature(key: &str, body: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// One e-mail, for one recipient.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: String,
    pub html: String,
    /// `<id@host>`, stable for the event.
    pub message_id: String,
    /// The thread's first message, when this is not it.
    pub thread_root: Option<String>,
    pub lang: &'a str,
    /// `List-Id`: `"Site" <destination.host>`.
    pub list_id: String,
    pub unsubscribe: &'a str,
    pub event: &'a str,
}

/// An SMTP connection's settings, secrets resolved.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// `host:port`, for errors.
    server: String,
}

impl Mailer {
    pub fn new(smtp: &Smtp, password: Option<String>) -> Result<Self, String> {
        let from: Mailbox = smtp
            .from
            .parse()
            .map_err(|e| format!("[smtp] from `{}` is not an address: {e}", smtp.from))?;
        let tls = match smtp.security {
            Security::StartTls => Tls::Required(tls_parameters(smtp)?),
            Security::Tls => Tls::Wrapper(tls_parameters(smtp)?),
            Security::None => Tls::None,
        };
        let mut builder = SmtpTransport::builder_dangerous(&smtp.host)
            .tls(tls)
            .port(smtp.port)
            .timeout(Some(Duration::from_secs(30)));
        if let (Some(user), Some(password)) = (&smtp.username, password) {
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            server: format!("{}:{}", smtp.host, smtp.port),
        })
    }

    /// Sends one message to one recipient, who sees no other address than their own.
    pub fn send(&self, mail: &Mail<'_>) -> Result<(), String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("a recipient is not an e-mail address: {e}"))?;
        let raw = |name: &'static str, value: &str| {
            HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_string())
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(mail.message_id.clone()))
            .raw_header(raw("Content-Language", mail.lang))
            .raw_header(raw("List-Id", &mail.list_id))
            .raw_header(raw("List-Unsubscribe", &format!("<{}>", mail.unsubscribe)))
            .raw_header(raw("X-Vigie-Event", mail.event))
            .raw_header(raw("Auto-Submitted", "auto-generated"));
        if let Some(root) = &mail.thread_root {
            builder = builder.in_reply_to(root.clone()).references(root.clone());
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| format!("cannot write the message: {e}"))?;
        self.transport.send(&message).map(|_| ()).map_err(|e| {
            let said = e.to_string().replace(mail.to.trim(), "(the recipient)");
            if said.contains("certificate not valid for name") {
                let said = said.trim_start_matches("network error: ");
                format!(
                    "the SMTP server {} is not trusted: {said}; write in [smtp] host a name \
                     its certificate is for",
                    self.server
                )
            } else if is_untrusted_certificate(&said) {
                let said = said.trim_start_matches("network error: ");
                format!(
                    "the SMTP server {} is not trusted: {said}; if a private certificate \
                     authority signed its certificate, name that authority's file in [smtp] \
                     ca_file",
                    self.server
                )
            } else if e.is_tls() {
                format!(
                    "no secure connection to the SMTP server {}: {said}",
                    self.server
                )
            } else {
                format!("the SMTP server refused it: {said}")
            }
        })
    }
}

/// Certificate checks for the server's name, against the public certificate authorities
/// and the `ca_file` of `[smtp]` when there is one. They are never turned off.
fn tls_parameters(smtp: &Smtp) -> Result<TlsParameters, String> {
    let mut builder = TlsParameters::builder(smtp.host.clone());
    if let Some(ca) = &smtp.ca {
        let certificate = Certificate::from_pem(&ca.pem)
            .map_err(|e| format!("[smtp] ca_file `{}` holds no certificate: {e}", ca.file))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build()
        .map_err(|e| format!("cannot prepare the SMTP connection to {}: {e}", smtp.host))
}

/// Whether the TLS handshake failed on the server's certificate (rustls' words).
fn is_untrusted_certificate(said: &str) -> bool {
    said.contains("invalid peer certificate")
}
