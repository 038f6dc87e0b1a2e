//! What object_store's S3 client runs on, from crates the project already has: HTTP through the
//! workspace's reqwest (native-tls, OpenSSL) and the digests and HMACs S3 requests are signed
//! with (SigV4) from sha2 and hmac. object_store's own client and providers come with rustls and
//! `ring` or aws-lc-rs: a second TLS and crypto stack beside OpenSSL (ARCHITECTURE.md).
//! (RSA signing is for Google Cloud Storage service accounts only, never for S3.)

use hmac::{Hmac, Mac};
use http_body_util::BodyExt;
use object_store::ClientOptions;
use object_store::client::{
    CryptoProvider, DigestAlgorithm, DigestContext, HmacContext, HttpClient, HttpConnector, HttpError, HttpErrorKind,
    HttpRequest, HttpResponse, HttpResponseBody, HttpService, Signer, SigningAlgorithm,
};
use sha2::{Digest, Sha256};

/// Connects object_store to S3 through reqwest.
#[derive(Debug, Default)]
pub struct S3Http;

impl HttpConnector for S3Http {
    fn connect(&self, _options: &ClientOptions) -> object_store::Result<HttpClient> {
        // No overall timeout: a multipart part or a ZIP entry may take long on a slow link; the
        // connect timeout and object_store's retry bounds (`Storage::s3`) catch a dead server.
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .build()
            .map_err(|e| object_store::Error::Generic { store: "S3", source: Box::new(e) })?;
        Ok(HttpClient::new(ReqwestService(client)))
    }
}

#[derive(Debug)]
struct ReqwestService(reqwest::Client);

#[async_trait::async_trait]
impl HttpService for ReqwestService {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let (parts, body) = request.into_parts();
        let sent = self
            .0
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .body(reqwest::Body::wrap(body))
            .send()
            .await
            .map_err(http_error)?;
        let (parts, body) = http::Response::<reqwest::Body>::from(sent).into_parts();
        Ok(HttpResponse::from_parts(parts, HttpResponseBody::new(body.map_err(http_error))))
    }
}

/// A reqwest error as the kind object_store decides retries by.
fn http_error(e: reqwest::Error) -> HttpError {
    let kind = if e.is_connect() {
        HttpErrorKind::Connect
    } else if e.is_timeout() {
        HttpErrorKind::Timeout
    } else if e.is_body() {
        HttpErrorKind::Interrupted
    } else if e.is_decode() {
        HttpErrorKind::Decode
    } else if e.is_request() {
        HttpErrorKind::Request
    } else {
        HttpErrorKind::Unknown
    };
    HttpError::new(kind, e)
}

/// SHA-256 and HMAC-SHA256 for S3 request signing.
#[derive(Debug, Default)]
pub struct S3Crypto;

impl CryptoProvider for S3Crypto {
    fn digest(&self, algorithm: DigestAlgorithm) -> object_store::Result<Box<dyn DigestContext>> {
        match algorithm {
            DigestAlgorithm::Sha256 => Ok(Box::new(Sha256Context { hasher: Sha256::new(), out: Vec::new() })),
            other => Err(unsupported(&format!("{other:?}"))),
        }
    }

    fn hmac(&self, algorithm: DigestAlgorithm, secret: &[u8]) -> object_store::Result<Box<dyn HmacContext>> {
        match algorithm {
            DigestAlgorithm::Sha256 => {
                let mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|e| unsupported(&e.to_string()))?;
                Ok(Box::new(HmacSha256Context { mac: Some(mac), out: Vec::new() }))
            }
            other => Err(unsupported(&format!("{other:?}"))),
        }
    }

    fn sign(&self, algorithm: SigningAlgorithm, _pem: &[u8]) -> object_store::Result<Box<dyn Signer>> {
        Err(unsupported(&format!("{algorithm:?} signing")))
    }
}

fn unsupported(what: &str) -> object_store::Error {
    object_store::Error::NotSupported { source: format!("{what} is not needed for S3").into() }
}

struct Sha256Context {
    hasher: Sha256,
    out: Vec<u8>,
}

impl DigestContext for Sha256Context {
    fn update(&mut self, data: &[u8]) {
        self.hasher.update(data);
    }

    fn finish(&mut self) -> object_store::Result<&[u8]> {
        self.out = std::mem::take(&mut self.hasher).finalize().to_vec();
        Ok(&self.out)
    }
}

struct HmacSha256Context {
    mac: Option<Hmac<Sha256>>,
    out: Vec<u8>,
}

impl HmacContext for HmacSha256Context {
    fn update(&mut self, data: &[u8]) {
        if let Some(mac) = &mut self.mac {
            mac.update(data);
        }
    }

    fn finish(&mut self) -> object_store::Result<&[u8]> {
        let mac = self.mac.take().ok_or_else(|| unsupported("finishing an HMAC twice"))?;
        self.out = mac.finalize().into_bytes().to_vec();
        Ok(&self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_and_hmacs_match_the_published_vectors() {
        let mut digest = S3Crypto.digest(DigestAlgorithm::Sha256).expect("sha256");
        digest.update(b"abc");
        assert_eq!(
            hex::encode(digest.finish().expect("finish")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // RFC 4231, test case 2.
        let mut mac = S3Crypto.hmac(DigestAlgorithm::Sha256, b"Jefe").expect("hmac");
        mac.update(b"what do ya want ");
        mac.update(b"for nothing?");
        assert_eq!(
            hex::encode(mac.finish().expect("finish")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
