//! GraphQL for referrals: the inbox and outbox, sending, opening and deciding.

pub mod resolvers;
