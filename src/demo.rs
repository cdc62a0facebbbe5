//! The demo data: the Drenthe chain's organisations, users and chains, cases, and a year of
//! case meetings. It lives outside the service and works through it like any client: the
//! demo users sign in with the demo password and register, share, flag, minute and act
//! through the same use cases as people do. Two things only a seeding may do are written
//! through the unit of work directly: the directory (organisations, one user per role, all
//! with one password hashed once and without a role-grant mail for each) and the last meeting
//! before today, which planning, which only looks ahead, cannot make.

pub mod cases;
pub mod directory;
pub mod generate;
pub mod meetings;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

pub use directory::{
    demo_email, DemoOrganisation, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_TOTP_USER,
};

use crate::domain::actor::Actor;
use crate::service::accounts::access::Operator;
use crate::service::accounts::sign_in::LoginOutcome;
use crate::service::{ServiceResult, Services};

/// The demo users the seeding signed in as, each once; signed out again when it is done.
pub struct SignedIn<'s> {
    services: &'s Services,
    actors: HashMap<&'static str, Actor>,
}

impl<'s> SignedIn<'s> {
    pub fn new(services: &'s Services) -> Self {
        SignedIn { services, actors: HashMap::new() }
    }

    /// The demo user with that address, signed in with the demo password.
    pub async fn actor(&mut self, email: &'static str) -> ServiceResult<Actor> {
        if let Some(actor) = self.actors.get(email) {
            return Ok(actor.clone());
        }
        let outcome = self.services.login(email, DEMO_PASSWORD, IpAddr::V4(Ipv4Addr::LOCALHOST)).await?;
        let session = match outcome {
            LoginOutcome::SignedIn(session) => session,
            LoginOutcome::SecondFactor(challenge) => {
                self.services.seeding_session(&Operator::command_line(), challenge.user_id).await?
            }
        };
        let actor = self.services.authenticate(&session.token).await?;
        self.actors.insert(email, actor.clone());
        Ok(actor)
    }

    pub async fn sign_out(self) -> ServiceResult<()> {
        for actor in self.actors.values() {
            self.services.logout(actor).await?;
        }
        Ok(())
    }
}
