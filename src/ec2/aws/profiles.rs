//! What the picker (`p`) offers: the profiles of the AWS config and credentials files (where
//! `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` say, as every AWS tool reads them) with
//! the region each names, and the regions of AWS's commercial partition.

use aws_types::os_shim_internal::{Env, Fs};

/// A profile of the AWS config or credentials file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoice {
    pub name: String,
    /// The `region` it sets, if any.
    pub region: Option<String>,
}

/// The regions the picker lists (the commercial partition's, as AWS publishes them). A region
/// not enabled for the account fails to load with its own message (`OptInRequired`).
pub const KNOWN_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
];

/// The profiles of this user's AWS config and credentials files, by name; none when neither
/// file exists or they cannot be read (the picker then offers the default chain only).
pub async fn profiles() -> Vec<ProfileChoice> {
    profiles_in(&Fs::real(), &Env::real()).await
}

async fn profiles_in(fs: &Fs, env: &Env) -> Vec<ProfileChoice> {
    // The default files: `~/.aws/config` and `~/.aws/credentials`, or where the variables say.
    let Ok(set) = aws_config::profile::load(fs, env, &Default::default(), None).await else {
        return Vec::new();
    };
    let mut names: Vec<&str> = set.profiles().collect();
    names.sort_unstable();
    names
        .into_iter()
        .map(|name| ProfileChoice {
            name: name.to_string(),
            region: (set.get_profile(name))
                .and_then(|p| p.get("region"))
                .map(str::to_string),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn profiles_come_from_both_files_with_their_regions() {
        let fs = Fs::from_slice(&[
            (
                "/home/.aws/config",
                "[default]\nregion = eu-west-1\n\n[profile prod]\nregion = us-east-1\n\
                 role_arn = arn:aws:iam::123456789012:role/audit\nsource_profile = default\n\n\
                 [sso-session corp]\nsso_region = eu-west-1\n",
            ),
            (
                "/home/.aws/credentials",
                "[default]\naws_access_key_id = AKIDEXAMPLE\n\n[ci]\naws_access_key_id = AKID2\n",
            ),
        ]);
        let env = Env::from_slice(&[("HOME", "/home")]);
        let found = profiles_in(&fs, &env).await;
        let choice = |name: &str, region: Option<&str>| ProfileChoice {
            name: name.into(),
            region: region.map(Into::into),
        };
        assert_eq!(
            found,
            [
                choice("ci", None),
                choice("default", Some("eu-west-1")),
                choice("prod", Some("us-east-1")),
            ]
        );
    }

    #[tokio::test]
    async fn no_files_no_profiles() {
        let env = Env::from_slice(&[("HOME", "/nowhere")]);
        assert!(profiles_in(&Fs::from_slice(&[]), &env).await.is_empty());
    }
}
