//! ketenaanpak: the shared casework service of the Dutch anti-discrimination chain.
//!
//! Layers, from the inside out: `domain` (types and rules, no I/O), `store` (all SQL),
//! `service` (use cases: authorization, transactions), and the doors `graphql`, `web` and
//! `cli`. `server` puts them together.

pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod demo;
pub mod domain;
pub mod graphql;
pub mod jobs;
pub mod mail;
pub mod memory;
pub mod messages;
pub mod request_context;
pub mod server;
pub mod service;
pub mod store;
pub mod telemetry;
pub mod web;
