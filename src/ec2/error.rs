use std::fmt;

/// Error codes sgtui branches on or explains. EC2's own codes, plus a few of ours for failures
/// that never reached EC2 (prefixed `sgtui.`).
pub mod codes {
    pub const DRY_RUN_OPERATION: &str = "DryRunOperation";
    pub const UNAUTHORIZED: &str = "UnauthorizedOperation";
    pub const GROUP_NOT_FOUND: &str = "InvalidGroup.NotFound";
    pub const GROUP_ID_MALFORMED: &str = "InvalidGroupId.Malformed";
    pub const PERMISSION_NOT_FOUND: &str = "InvalidPermission.NotFound";
    pub const PERMISSION_DUPLICATE: &str = "InvalidPermission.Duplicate";
    pub const RULE_ID_NOT_FOUND: &str = "InvalidSecurityGroupRuleId.NotFound";
    pub const RULE_ID_MALFORMED: &str = "InvalidSecurityGroupRuleId.Malformed";
    pub const PREFIX_LIST_NOT_FOUND: &str = "InvalidPrefixListID.NotFound";
    pub const VPC_NOT_FOUND: &str = "InvalidVpcID.NotFound";
    pub const MISSING_PARAMETER: &str = "MissingParameter";
    pub const THROTTLED: &str = "RequestLimitExceeded";
    pub const EXPIRED_TOKEN: &str = "ExpiredToken";
    pub const AUTH_FAILURE: &str = "AuthFailure";
    pub const NO_CREDENTIALS: &str = "sgtui.NoCredentials";
    pub const NO_REGION: &str = "sgtui.NoRegion";
    pub const CONNECTION: &str = "sgtui.ConnectionFailed";
    pub const TIMEOUT: &str = "sgtui.Timeout";
    pub const UNREADABLE: &str = "sgtui.UnreadableResponse";
    pub const UNEXPECTED_ANSWER: &str = "sgtui.UnexpectedAnswer";
    pub const RETURN_FALSE: &str = "sgtui.ReturnFalse";
    pub const NOT_SENT: &str = "sgtui.NotSent";
    pub const TASK_FAILED: &str = "sgtui.TaskFailed";
    /// The endpoint lacks the call (an emulator such as moto, or an EC2-compatible service):
    /// what the call would show cannot be had there, and nothing else is wrong.
    pub const NOT_SUPPORTED_BY_ENDPOINT: &str = "sgtui.NotSupportedByEndpoint";
    /// An offline snapshot holds no answer to the call: what it would show is unknown.
    pub const NOT_IN_SNAPSHOT: &str = "sgtui.NotInSnapshot";
}

/// An error from EC2 (its code and message) or from getting there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// The region whose call failed, when several are loaded at once: that region is left
    /// out and the others work on.
    pub region: Option<String>,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            region: None,
        }
    }

    /// The same error, said of one region among several.
    pub fn in_region(self, region: &str) -> Self {
        Self {
            region: Some(region.to_string()),
            ..self
        }
    }

    /// A rule id that does not exist (any more). EC2 and moto name it differently.
    pub fn is_rule_not_found(&self) -> bool {
        self.code == codes::RULE_ID_NOT_FOUND || self.code == codes::PERMISSION_NOT_FOUND
    }

    /// The endpoint does not answer the call at all: a gap to mention, not a failure to fix.
    pub fn is_not_supported_by_endpoint(&self) -> bool {
        self.code == codes::NOT_SUPPORTED_BY_ENDPOINT
    }

    /// The call cannot be answered where sgtui reads from (an endpoint that lacks it, a
    /// snapshot that does not hold it): a gap to mention, not a failure to fix.
    pub fn is_gap(&self) -> bool {
        self.is_not_supported_by_endpoint() || self.code == codes::NOT_IN_SNAPSHOT
    }

    /// What the user can do about it, in one sentence.
    pub fn hint(&self) -> &'static str {
        match self.code.as_str() {
            codes::UNAUTHORIZED => {
                "Your IAM identity is not allowed this call; ask for the permission or use another profile."
            }
            codes::THROTTLED | "Throttling" => {
                "EC2 is throttling this account; wait a few seconds, then press r."
            }
            codes::EXPIRED_TOKEN | "RequestExpired" | "ExpiredTokenException" => {
                "Your credentials expired; renew them (e.g. aws sso login), then press r."
            }
            codes::AUTH_FAILURE | "InvalidClientTokenId" | "SignatureDoesNotMatch" => {
                "EC2 rejected the credentials; check the profile and keys, then press r."
            }
            codes::NO_CREDENTIALS => {
                "No AWS credentials found: set AWS_PROFILE or --profile, run aws sso login, or try --demo."
            }
            codes::NO_REGION => "No AWS region set: pass --region or set AWS_REGION.",
            codes::CONNECTION | codes::TIMEOUT => {
                "EC2 could not be reached; check the network and --endpoint-url, then press r."
            }
            codes::GROUP_NOT_FOUND | codes::GROUP_ID_MALFORMED => {
                "The group no longer exists; press r to refresh."
            }
            codes::RULE_ID_NOT_FOUND | codes::PERMISSION_NOT_FOUND => {
                "The rule no longer exists; press r to refresh."
            }
            codes::PREFIX_LIST_NOT_FOUND => "The prefix list no longer exists; press r to refresh.",
            codes::VPC_NOT_FOUND => "The VPC no longer exists; press r to refresh.",
            codes::NOT_SUPPORTED_BY_ENDPOINT => {
                "This endpoint (an emulator or an EC2-compatible service) lacks the call; only what it shows is missing, everything else works."
            }
            codes::NOT_IN_SNAPSHOT => {
                "A snapshot holds only the answers saved in it; everything else works."
            }
            codes::UNREADABLE => {
                "EC2 sent an answer sgtui could not read; see the log file (--log-file) for details."
            }
            _ => "See the message; press r to refresh.",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(region) = &self.region {
            write!(f, "{region}: ")?;
        }
        if self.message.is_empty() {
            f.write_str(&self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}
