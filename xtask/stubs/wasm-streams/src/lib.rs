//! A stand-in for the `wasm-streams` crate in Lianmap's own builds (`[patch.crates-io]` in the
//! workspace's `Cargo.toml`; crates that depend on Lianmap get the real one).
//!
//! Leptos' server functions stream request and response bodies through `wasm-streams`, whose
//! `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `…Sink`, `…ByteSource`) are exported by
//! every module that links it, used or not, and keep their code alive through the function
//! table. Lianmap has no server functions. This crate has the part of the API that `server_fn`
//! names and no exports: a stream handed over as a Rust stream is an empty stream, and a
//! JavaScript stream read as a Rust stream ends at once with an error.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use wasm_bindgen::JsValue;

/// A JavaScript `ReadableStream`.
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JavaScript stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream { raw }
    }

    /// An empty JavaScript stream in place of `stream` (which is dropped unread).
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        drop(stream);
        let raw = web_sys::ReadableStream::new().unwrap_or_else(|_| JsValue::NULL.into());
        ReadableStream { raw }
    }

    /// The JavaScript stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// A Rust stream that yields one error and ends.
    pub fn into_stream(self) -> IntoStream<'static> {
        IntoStream {
            done: false,
            _reader: std::marker::PhantomData,
        }
    }
}

/// The Rust stream of [`ReadableStream::into_stream`].
#[derive(Debug)]
pub struct IntoStream<'reader> {
    done: bool,
    _reader: std::marker::PhantomData<&'reader ()>,
}

impl Stream for IntoStream<'_> {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if std::mem::replace(&mut self.done, true) {
            return Poll::Ready(None);
        }
        Poll::Ready(Some(Err(JsValue::from_str(
            "streaming bodies are not available in Lianmap's build",
        ))))
    }
}
