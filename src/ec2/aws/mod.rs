//! The real backend: aws-sdk-ec2 over HTTP, configured like every AWS tool (profiles, SSO,
//! assume-role, `AWS_*` variables), with few retries and short timeouts for an interactive tool.
//!
//! - `client`: loading the configuration, the client and its interceptors, and SDK errors as
//!   [`ApiError`]s.
//! - `convert`: our types to and from the SDK's.
//! - `calls`: the [`Ec2`](super::Ec2) calls themselves.
//! - `decode`: the two big listings' answers decoded by a client of each page, straight into
//!   sgtui's types.
//! - `fields`: a rule's and a group's fields, read from the SDK's types or by `decode`, and the
//!   one way each is made into sgtui's type.
//! - `read_ahead`: both listings, each page asked for while the one before decodes.
//! - `profiles`: the profiles and regions the picker offers.

mod calls;
mod client;
mod convert;
mod decode;
mod fields;
mod profiles;
mod read_ahead;

pub use profiles::{KNOWN_REGIONS, ProfileChoice, profiles};

use aws_config::SdkConfig;
use aws_sdk_ec2::Client;
use tokio::sync::{OnceCell, broadcast};

use super::{ApiError, Connection, Pace, Target, codes};
use client::{client_of, load_config};

/// Where to point the SDK; anything left `None` comes from the environment and profile files.
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// The SDK backend. The configuration is loaded on first use, off the UI's path, so that the
/// first frame never waits on credential or region resolution.
pub struct AwsEc2 {
    options: AwsOptions,
    client: OnceCell<Result<(Client, Connection), ApiError>>,
    /// Says when a call is being retried (throttling, a failed attempt).
    retries: broadcast::Sender<String>,
    /// Keeps revokes and authorizes (dry runs too) under EC2's mutating-call bucket.
    mutating: Pace,
    /// The configuration it was made from, when it was given one: another region of it keeps
    /// its credentials.
    given: Option<Box<SdkConfig>>,
}

impl AwsEc2 {
    pub fn new(options: AwsOptions) -> Self {
        Self {
            given: None,
            options,
            client: OnceCell::new(),
            retries: broadcast::channel(16).0,
            mutating: Pace::ec2_mutating(),
        }
    }

    /// A backend over an already loaded configuration (tests point it at moto this way).
    pub fn from_sdk_config(config: &SdkConfig) -> Self {
        let connection = connection_of(config, None);
        let retries = broadcast::channel(16).0;
        let client = OnceCell::new_with(Some(Ok((client_of(config, &retries), connection))));
        Self {
            given: Some(Box::new(config.clone())),
            // A backend pointed at another profile from here keeps the endpoint.
            options: AwsOptions {
                endpoint_url: config.endpoint_url().map(str::to_string),
                ..AwsOptions::default()
            },
            client,
            retries,
            mutating: Pace::ec2_mutating(),
        }
    }

    async fn client(&self) -> Result<&Client, ApiError> {
        let loaded = self
            .client
            .get_or_init(|| async {
                let config = load_config(&self.options).await;
                if config.region().is_none() {
                    return Err(ApiError::new(
                        codes::NO_REGION,
                        "no region in --region, AWS_REGION or the profile",
                    ));
                }
                let profile = self
                    .options
                    .profile
                    .clone()
                    .or_else(|| std::env::var("AWS_PROFILE").ok());
                let connection = connection_of(&config, profile);
                Ok((client_of(&config, &self.retries), connection))
            })
            .await;
        match loaded {
            Ok((client, _)) => Ok(client),
            Err(e) => Err(e.clone()),
        }
    }

    /// A backend of the same endpoint for `target`'s profile and region. Another region of a
    /// configuration given whole (and of its profile) keeps that configuration's credentials.
    pub fn to(&self, target: &Target) -> Self {
        if let Some(given) = &self.given
            && target.profile == self.options.profile
        {
            let region = aws_config::Region::new(target.region.clone());
            return Self::from_sdk_config(&given.to_builder().region(region).build());
        }
        Self::new(AwsOptions {
            profile: target.profile.clone(),
            region: Some(target.region.clone()),
            endpoint_url: self.options.endpoint_url.clone(),
        })
    }

    /// The regions enabled for the account (`DescribeRegions`, which lists only those unless
    /// asked for all), by name, in EC2's order. A region whose opt-in status says it is not
    /// opted in is left out even when listed (moto lists every region).
    pub async fn enabled_regions(&self) -> Result<Vec<String>, ApiError> {
        let client = self.client().await?;
        let out = client
            .describe_regions()
            .send()
            .await
            .map_err(client::api_error)?;
        Ok(out
            .regions()
            .iter()
            .filter(|r| r.opt_in_status() != Some("not-opted-in"))
            .filter_map(|r| r.region_name().map(str::to_string))
            .collect())
    }

    /// Where calls go, once [`client`](Self::client) has loaded the configuration.
    async fn connection(&self) -> Result<Connection, ApiError> {
        self.client().await?;
        match self.client.get() {
            Some(Ok((_, connection))) => Ok(connection.clone()),
            Some(Err(e)) => Err(e.clone()),
            None => unreachable!("client() initialised the cell"),
        }
    }
}

fn connection_of(config: &SdkConfig, profile: Option<String>) -> Connection {
    Connection {
        profile,
        region: config.region().map(|r| r.to_string()),
        endpoint: config.endpoint_url().map(str::to_string),
        account_id: None,
    }
}
