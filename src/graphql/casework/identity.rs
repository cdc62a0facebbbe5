//! The identity block in GraphQL: what the owner's case workers send and read back.

use async_graphql::{InputObject, SimpleObject};

use crate::domain::case::CounterpartyKind;
use crate::domain::identity::{Counterparty, IdentityBlock, Reporter};

#[derive(InputObject, SimpleObject, Clone)]
#[graphql(input_name = "ReporterInput")]
pub struct ReporterFields {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub date_of_birth: Option<String>,
}

#[derive(InputObject, SimpleObject, Clone)]
#[graphql(input_name = "CounterpartyInput")]
pub struct CounterpartyFields {
    pub kind: CounterpartyKind,
    pub name: String,
    pub address: Option<String>,
    #[graphql(default)]
    pub registration_numbers: Vec<String>,
}

/// Who reported, about whom, and their account. Sealed to the owner organisation; every read
/// is an audit event.
#[derive(InputObject, SimpleObject, Clone)]
#[graphql(input_name = "IdentityInput", name = "Identity")]
pub struct IdentityFields {
    pub reporter: Option<ReporterFields>,
    pub counterparty: Option<CounterpartyFields>,
    pub account: Option<String>,
}

impl From<IdentityFields> for IdentityBlock {
    fn from(fields: IdentityFields) -> Self {
        IdentityBlock {
            reporter: fields.reporter.map(|r| Reporter {
                name: r.name,
                email: r.email,
                phone: r.phone,
                address: r.address,
                date_of_birth: r.date_of_birth,
            }),
            counterparty: fields.counterparty.map(|c| Counterparty {
                kind: c.kind,
                name: c.name,
                address: c.address,
                registration_numbers: c.registration_numbers,
            }),
            account: fields.account,
        }
    }
}

impl From<IdentityBlock> for IdentityFields {
    fn from(block: IdentityBlock) -> Self {
        IdentityFields {
            reporter: block.reporter.map(|r| ReporterFields {
                name: r.name,
                email: r.email,
                phone: r.phone,
                address: r.address,
                date_of_birth: r.date_of_birth,
            }),
            counterparty: block.counterparty.map(|c| CounterpartyFields {
                kind: c.kind,
                name: c.name,
                address: c.address,
                registration_numbers: c.registration_numbers,
            }),
            account: block.account,
        }
    }
}
