//! The directory as the generator sees it: who registers cases, who works them, which
//! chains they share with, and the keys their identity blocks are sealed to.

use anyhow::{anyhow, Context};

use crate::demo::directory::DEMO_ORGANISATIONS;
use crate::domain::case::default_case_prefix;
use crate::domain::organisation::OrganisationKind;
use crate::domain::role::Role;
use crate::store::bulk::Directory;

/// An organisation that registers cases, with what its cases need.
#[derive(Clone)]
pub struct Registrar {
    pub id: String,
    pub kind: OrganisationKind,
    pub prefix: String,
    /// The people who register and work its cases.
    pub workers: Vec<String>,
    /// The municipalities whose residents it serves, largest share first.
    pub municipalities: Vec<&'static str>,
    pub key_id: String,
    pub recipient: age::x25519::Recipient,
    /// The chains it is a member of: (chain id, is the theme chain on anti-LGBTI violence).
    pub chains: Vec<(String, bool)>,
    /// Of all registrations, how large a share is its own.
    pub share_of_cases: f64,
}

/// A chain with its members, for the meetings.
#[derive(Clone)]
pub struct Chain {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    /// The expertise centre, which chairs the chain's meetings, and its analyst.
    pub chair: (String, String),
}

pub struct World {
    pub registrars: Vec<Registrar>,
    pub chains: Vec<Chain>,
}

/// How the country's registrations divide between the kinds of organisation (reporting
/// centres about half, the police a third, interest groups the rest).
fn share_of_cases(name: &str, kind: OrganisationKind) -> f64 {
    match kind {
        OrganisationKind::ReportingCentre if name.contains("Emmen") => 0.12,
        OrganisationKind::ReportingCentre => 0.40,
        OrganisationKind::Police => 0.36,
        OrganisationKind::InterestGroup => 0.12,
        _ => 0.0,
    }
}

/// The roles whose holders register cases in an organisation of `kind`.
fn worker_role(kind: OrganisationKind) -> Option<Role> {
    match kind {
        OrganisationKind::ReportingCentre => Some(Role::Caseworker),
        OrganisationKind::Police => Some(Role::PoliceOfficer),
        OrganisationKind::InterestGroup => Some(Role::Intake),
        _ => None,
    }
}

pub fn from_directory(directory: &Directory) -> anyhow::Result<World> {
    let mut registrars = Vec::new();
    for (id, name, kind, prefix) in &directory.organisations {
        let kind = OrganisationKind::parse(kind).ok_or_else(|| anyhow!("an organisation of an unknown kind"))?;
        let Some(role) = worker_role(kind) else { continue };
        let workers: Vec<String> = directory
            .user_roles
            .iter()
            .filter(|(_, org, held)| org == id && held == role.as_str())
            .map(|(user, _, _)| user.clone())
            .collect();
        let (key_id, recipient) = directory
            .keys
            .iter()
            .find(|(org, _, _)| org == id)
            .map(|(_, key, recipient)| (key.clone(), recipient.clone()))
            .with_context(|| format!("{name} has no key"))?;
        let recipient = recipient.parse().map_err(|_| anyhow!("a stored recipient does not parse"))?;
        let chains = directory
            .chain_members
            .iter()
            .filter(|(_, _, org)| org == id)
            .map(|(chain, chain_name, _)| (chain.clone(), chain_name.contains("homofoob")))
            .collect();
        let municipalities = DEMO_ORGANISATIONS
            .iter()
            .find(|demo| demo.name == name)
            .map(|demo| by_size(demo.municipalities))
            .unwrap_or_default();
        if workers.is_empty() {
            continue;
        }
        registrars.push(Registrar {
            id: id.clone(),
            kind,
            prefix: prefix.clone().unwrap_or_else(|| default_case_prefix(name)),
            workers,
            municipalities,
            key_id,
            recipient,
            chains,
            share_of_cases: share_of_cases(name, kind),
        });
    }
    if registrars.is_empty() {
        return Err(anyhow!("the directory has no organisation that registers cases"));
    }
    Ok(World { registrars, chains: chains(directory) })
}

fn chains(directory: &Directory) -> Vec<Chain> {
    let analyst = |org: &str| {
        directory.user_roles.iter().find(|(_, o, role)| o == org && role == Role::Analyst.as_str()).map(|u| u.0.clone())
    };
    let mut chains: Vec<Chain> = Vec::new();
    for (chain, name, org) in &directory.chain_members {
        let position = match chains.iter().position(|c| &c.id == chain) {
            Some(position) => position,
            None => {
                chains.push(Chain {
                    id: chain.clone(),
                    name: name.clone(),
                    members: Vec::new(),
                    chair: Default::default(),
                });
                chains.len() - 1
            }
        };
        chains[position].members.push(org.clone());
        let is_expertise =
            directory.organisations.iter().any(|(id, _, kind, _)| id == org && kind == "expertise_centre");
        if let (true, Some(user)) = (is_expertise, analyst(org)) {
            chains[position].chair = (org.clone(), user);
        }
    }
    chains.retain(|chain| !chain.chair.0.is_empty());
    chains
}

/// Drenthe's municipalities by number of inhabitants (CBS, rounded ranks, not counts): the
/// generator only needs the order, so that the large ones dominate as they do in reports.
const DRENTHE_BY_SIZE: [&str; 12] = [
    "GM0114", "GM0106", "GM0118", "GM0119", "GM1730", "GM1731", "GM1681", "GM1680", "GM0109", "GM1699", "GM1701",
    "GM1690",
];

fn by_size(served: &[&'static str]) -> Vec<&'static str> {
    if served.is_empty() {
        return DRENTHE_BY_SIZE.to_vec();
    }
    let mut ordered: Vec<&'static str> = DRENTHE_BY_SIZE.iter().copied().filter(|code| served.contains(code)).collect();
    let rest: Vec<&'static str> = served.iter().copied().filter(|code| !ordered.contains(code)).collect();
    ordered.extend(rest);
    ordered
}
