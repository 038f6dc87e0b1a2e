//! Resources whose value crosses from the server to the browser in the page (hydration data).
//!
//! Leptos's default resource codec decodes that JSON with `serde_json::from_str`, while server
//! functions decode their answers with `serde_json::from_slice`. Every type read both ways was
//! compiled into the browser bundle twice (serde_json's deserializer is generic over its reader:
//! about 60 copies of `deserialize_struct` alone). [`Json`] reads the page's JSON as bytes, the way
//! server functions do, so each type's deserializer exists once.

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON written as `JsonSerdeCodec` writes it, read through the same reader as server functions.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(encoded.as_bytes())
    }
}

/// `Resource::new` with the [`Json`] codec: loads with `fetcher` whenever `source` changes; on
/// the server its first value is written into the page for the browser to read.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Json>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
