//! The demo chain of Drenthe: seven real organisations with one user per role each, and two
//! chains. All demo users share the password `demo-ketenaanpak`, so it is hashed once.

use crate::demo::SignedIn;
use crate::domain::chain::ChainScopeKind;
use crate::domain::organisation::OrganisationKind;
use crate::domain::role::Role;
use crate::domain::user::Language;
use crate::service::accounts::access::Operator;
use crate::service::accounts::user_import::ImportedUser;
use crate::service::{ServiceResult, Services};

pub const DEMO_PASSWORD: &str = "demo-ketenaanpak";

/// A caseworker of the Drenthe reporting centre who signs in with a second factor; the
/// README gives the secret, for an authenticator app or `oathtool --totp -b`.
pub const DEMO_TOTP_USER: &str = "tweestaps@mdd.example";
pub const DEMO_TOTP_SECRET: &str = "KETENAANPAKDEMOTWEESTAPSVERIFIE2";

/// Drenthe's municipalities (CBS codes) other than Emmen, which has its own reporting centre.
const DRENTHE_WITHOUT_EMMEN: &[&str] =
    &["GM1680", "GM0106", "GM1681", "GM0109", "GM1690", "GM0118", "GM0119", "GM1731", "GM1699", "GM1730", "GM1701"];
const DRENTHE: &[&str] = &[
    "GM1680", "GM0106", "GM1681", "GM0109", "GM1690", "GM0114", "GM0118", "GM0119", "GM1731", "GM1699", "GM1730",
    "GM1701",
];

pub struct DemoOrganisation {
    pub name: &'static str,
    pub kind: OrganisationKind,
    pub region: &'static str,
    /// The domain of its demo users' e-mail addresses: `<role>@<mail_domain>`.
    pub mail_domain: &'static str,
    /// CBS codes of the municipalities whose residents it serves.
    pub municipalities: &'static [&'static str],
}

pub const DEMO_ORGANISATIONS: [DemoOrganisation; 7] = [
    DemoOrganisation {
        name: "Meldpunt Discriminatie Drenthe",
        kind: OrganisationKind::ReportingCentre,
        region: "Drenthe",
        mail_domain: "mdd.example",
        municipalities: DRENTHE_WITHOUT_EMMEN,
    },
    DemoOrganisation {
        name: "Meldpunt Discriminatie Emmen",
        kind: OrganisationKind::ReportingCentre,
        region: "Drenthe",
        mail_domain: "mde.example",
        municipalities: &["GM0114"],
    },
    DemoOrganisation {
        name: "Politie Drenthe",
        kind: OrganisationKind::Police,
        region: "Drenthe",
        mail_domain: "politie-drenthe.example",
        municipalities: DRENTHE,
    },
    DemoOrganisation {
        name: "OM Noord-Nederland",
        kind: OrganisationKind::Prosecution,
        region: "Noord-Nederland",
        mail_domain: "om-noord.example",
        municipalities: &[],
    },
    DemoOrganisation {
        name: "COC Noord",
        kind: OrganisationKind::InterestGroup,
        region: "Noord-Nederland",
        mail_domain: "coc-noord.example",
        municipalities: &[],
    },
    DemoOrganisation {
        name: "Expertisecentrum Diversiteit Noord",
        kind: OrganisationKind::ExpertiseCentre,
        region: "Noord-Nederland",
        mail_domain: "edn.example",
        municipalities: &[],
    },
    DemoOrganisation {
        name: "Gemeente Assen",
        kind: OrganisationKind::Municipality,
        region: "Drenthe",
        mail_domain: "assen.example",
        municipalities: &["GM0106"],
    },
];

const DEMO_CHAINS: [(&str, ChainScopeKind, &str, &[&str]); 2] = [
    (
        "Casuïstiekoverleg Drenthe",
        ChainScopeKind::Region,
        "Drenthe",
        &[
            "Meldpunt Discriminatie Drenthe",
            "Meldpunt Discriminatie Emmen",
            "Politie Drenthe",
            "OM Noord-Nederland",
            "Expertisecentrum Diversiteit Noord",
        ],
    ),
    (
        "Noordelijk overleg homofoob geweld",
        ChainScopeKind::Theme,
        "Anti-LHBTI-geweld",
        &[
            "COC Noord",
            "Meldpunt Discriminatie Drenthe",
            "Meldpunt Discriminatie Emmen",
            "Politie Drenthe",
            "Expertisecentrum Diversiteit Noord",
        ],
    ),
];

/// The demo e-mail address of `role` in `org`, e.g. `caseworker@mdd.example`.
pub fn demo_email(org: &DemoOrganisation, role: Role) -> String {
    format!("{}@{}", role.as_str(), org.mail_domain)
}

/// Seeds the demo data once; a database that already has it is left as it is. Made through
/// the operator's use cases, as the command line makes organisations, chains and users.
pub async fn seed(services: &Services, operator: &Operator) -> ServiceResult<()> {
    if services.find_organisation(operator, DEMO_ORGANISATIONS[0].name).await.is_ok() {
        return Ok(());
    }
    seed_directory(services, operator).await?;
    let mut demo_users = SignedIn::new(services);
    let seeded = super::cases::seed_demo_cases(services, &mut demo_users).await;
    demo_users.sign_out().await?;
    seeded?;
    tracing::info!(organisations = DEMO_ORGANISATIONS.len(), "demo data created");
    Ok(())
}

/// The organisations, their users and keys, and the chains, without casework: what
/// `demo generate` fills.
pub async fn seed_directory(services: &Services, operator: &Operator) -> ServiceResult<()> {
    // One hash for the one demo password, carried in like another system's.
    let hash = services.password_hasher().hash(DEMO_PASSWORD).await?;
    for demo in &DEMO_ORGANISATIONS {
        seed_organisation(services, operator, demo, &hash).await?;
    }
    let mdd = services.find_organisation(operator, DEMO_ORGANISATIONS[0].name).await?;
    services.import_totp_secret(operator, mdd.id, DEMO_TOTP_USER, DEMO_TOTP_SECRET).await?;
    for (name, scope_kind, scope, members) in DEMO_CHAINS {
        services.create_chain(operator, name, scope_kind, scope).await?;
        for member in members {
            let org = services.find_organisation(operator, member).await?;
            services.add_chain_member(operator, name, org.id).await?;
        }
    }
    Ok(())
}

/// The organisation with its key, and one user per role its kind allows.
async fn seed_organisation(
    services: &Services,
    operator: &Operator,
    demo: &DemoOrganisation,
    hash: &str,
) -> ServiceResult<()> {
    let municipalities: Vec<String> = demo.municipalities.iter().map(|c| c.to_string()).collect();
    let org = services.create_organisation(operator, demo.kind, demo.name, demo.region, &municipalities).await?;
    let person = |email: String, display_name: String, role: Role| ImportedUser {
        email,
        display_name,
        roles: vec![role],
        language: Language::Nl,
        password_hash: hash.to_owned(),
    };
    let mut people: Vec<ImportedUser> = Role::for_kind(demo.kind)
        .into_iter()
        .map(|role| {
            person(demo_email(demo, role), format!("Demo {} ({})", role.as_str().replace('_', " "), demo.name), role)
        })
        .collect();
    // The caseworker with an authenticator app, beside the one without.
    if demo.name == DEMO_ORGANISATIONS[0].name {
        people.push(person(DEMO_TOTP_USER.to_owned(), format!("Demo tweestaps ({})", demo.name), Role::Caseworker));
    }
    services.import_users(operator, org.id, people).await?;
    Ok(())
}
