//! sgtui: a terminal UI for browsing, marking, dry-running and revoking EC2 security-group rules.
//!
//! The library holds everything; `main.rs` only parses arguments and calls [`run`]. This split
//! lets tests drive the app, the backends and the renderer directly. The subcommands live in
//! [`cmd`].

pub mod analysis;
pub mod app;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod ec2;
pub mod inventory;
pub mod journal;
pub mod model;
pub mod present;
pub mod restore;
pub mod revoke;
pub mod runtime;
pub mod ui;

pub use cmd::run;
