//! `DescribeSecurityGroupRules` and `DescribeSecurityGroups` answers decoded here instead of by
//! the SDK's XML decoder, which spent about a second of one core on the 170 pages of a fleet of
//! 160,000 rules. Each page is sent through an HTTP client of its own ([`Decoding`]) that wraps
//! the shared one: it reads a successful answer, keeps it whole (or, for a single page, decodes
//! it straight into sgtui's rules or groups, through the same `fields` as an answer the SDK
//! decoded, so that the two cannot differ) and hands the SDK an empty answer of the same
//! operation to decode instead. Signing, retries, timeouts and errors stay the SDK's: an answer
//! that is not a success, or that is not one whole document, passes through untouched.
//!
//! This file is the client; the XML is read by [`xml::walk`], into pages of rules
//! ([`rules`]) and of groups ([`groups`]).

mod groups;
mod rules;
#[cfg(test)]
mod sdk_agrees;
#[cfg(test)]
mod tests;
mod xml;

pub(super) use groups::{GroupsPage, groups_page};
pub(super) use rules::{RulesPage, rules_page};

use std::sync::{Arc, Mutex, PoisonError};

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use bytes::Bytes;

/// Where a page's client leaves what it decoded (the last successful attempt's).
pub(super) type Slot<T> = Arc<Mutex<Option<T>>>;

/// How one operation's answers are decoded here.
#[derive(Debug)]
pub(super) struct Operation<T> {
    pub decode: fn(&Bytes) -> Option<T>,
    /// The empty answer the SDK is given once the page is decoded here.
    pub empty: &'static str,
}

impl<T> Clone for Operation<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Operation<T> {}

/// A client of `client`'s configuration whose answers `operation` decodes into `slot`; the
/// configuration unchanged when it names no HTTP client to wrap (`client_of` always names one).
pub(super) fn decoding<T: std::fmt::Debug + Send + 'static>(
    client: &aws_sdk_ec2::Client,
    operation: Operation<T>,
    slot: &Slot<T>,
) -> aws_sdk_ec2::config::Builder {
    let config = aws_sdk_ec2::config::Builder::new();
    match client.config().http_client() {
        Some(inner) => config.http_client(Decoding {
            inner,
            slot: slot.clone(),
            operation,
        }),
        None => config,
    }
}

pub(super) const RULES: Operation<RulesPage> = Operation {
    decode: |body| rules_page(body),
    empty: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <DescribeSecurityGroupRulesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
        <requestId>decoded-by-sgtui</requestId></DescribeSecurityGroupRulesResponse>",
};

/// Answers of `DescribeSecurityGroupRules` kept as they came, with the token of the next page,
/// so that the next page is asked for while this one is decoded ([`rules_page`] then).
pub(super) const RAW_RULES: Operation<RawPage> = Operation {
    decode: |body| raw_page(body, "DescribeSecurityGroupRulesResponse"),
    empty: RULES.empty,
};

/// Answers of `DescribeSecurityGroups` kept as they came ([`groups_page`] then).
pub(super) const RAW_GROUPS: Operation<RawPage> = Operation {
    decode: |body| raw_page(body, "DescribeSecurityGroupsResponse"),
    empty: GROUPS.empty,
};

pub(super) const GROUPS: Operation<GroupsPage> = Operation {
    decode: |body| groups::groups_page(body),
    empty: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
        <requestId>decoded-by-sgtui</requestId></DescribeSecurityGroupsResponse>",
};

/// A page's HTTP client: the shared one, with successful answers decoded into `slot`.
#[derive(Debug)]
pub(super) struct Decoding<T> {
    pub inner: SharedHttpClient,
    pub slot: Slot<T>,
    pub operation: Operation<T>,
}

impl<T: std::fmt::Debug + Send + 'static> HttpClient for Decoding<T> {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(DecodingConnector {
            inner: self.inner.http_connector(settings, components),
            slot: self.slot.clone(),
            operation: self.operation,
        })
    }
}

#[derive(Debug)]
struct DecodingConnector<T> {
    inner: SharedHttpConnector,
    slot: Slot<T>,
    operation: Operation<T>,
}

impl<T: std::fmt::Debug + Send + 'static> HttpConnector for DecodingConnector<T> {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let (inner, slot, operation) = (self.inner.clone(), self.slot.clone(), self.operation);
        HttpConnectorFuture::new(async move {
            let mut response = inner.call(request).await?;
            if !response.status().is_success() {
                return Ok(response);
            }
            let body = ByteStream::new(response.take_body())
                .collect()
                .await
                .map_err(|e| ConnectorError::io(e.into()))?
                .into_bytes();
            let body = match (operation.decode)(&body) {
                Some(page) => {
                    *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(page);
                    SdkBody::from(operation.empty)
                }
                None => SdkBody::from(body),
            };
            response.headers_mut().remove("content-length");
            *response.body_mut() = body;
            Ok(response)
        })
    }
}

/// An answer read whole but not decoded yet, and the token of the next page.
#[derive(Debug)]
pub(super) struct RawPage {
    pub body: Bytes,
    pub next_token: Option<String>,
}

/// The answer, and its `nextToken` read on its own (EC2 writes it as a child of the root, and
/// a `<` in any text is escaped, so the element is the only place it appears); `None` unless
/// the answer ends with the closing tag of `root`.
fn raw_page(body: &Bytes, root: &str) -> Option<RawPage> {
    let end = body.trim_ascii_end();
    let closed = end
        .strip_suffix(b">")
        .and_then(|end| end.strip_suffix(root.as_bytes()))
        .is_some_and(|end| end.ends_with(b"</"));
    if !closed {
        return None;
    }
    let next_token = match memchr::memmem::rfind(end, b"<nextToken>") {
        None => None,
        Some(at) => {
            let rest = &end[at + b"<nextToken>".len()..];
            let close = memchr::memmem::find(rest, b"</nextToken>")?;
            let token = std::str::from_utf8(&rest[..close]).ok()?;
            Some(quick_xml::escape::unescape(token).ok()?.into_owned()).filter(|t| !t.is_empty())
        }
    };
    Some(RawPage {
        body: body.clone(),
        next_token,
    })
}

/// Takes what the page's client decoded, if it did.
pub(super) fn take<T>(slot: &Slot<T>) -> Option<T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}
