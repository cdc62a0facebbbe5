//! The demo chain of Drenthe: seven real organisations with one user per role each, and two
//! chains. All demo users share the password `demo-ketenaanpak`, so it is hashed once.

use crate::demo::SignedIn;
use crate::domain::chain::{Chain, ChainScopeKind};
use crate::domain::ids::UserId;
use crate::domain::organisation::{Organisation, OrganisationKind};
use crate::domain::role::{Role, RoleSet};
use crate::domain::user::{EmailAddress, Language, User};
use crate::service::accounts::access::Operator;
use crate::service::work::Work;
use crate::service::{ServiceResult, Services};
use crate::store::{accounts::chains, accounts::organisations, accounts::users};

pub const DEMO_PASSWORD: &str = "demo-ketenaanpak";

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

/// Seeds the demo data once; a database that already has it is left as it is.
pub async fn seed(services: &Services, _operator: &Operator) -> ServiceResult<()> {
    let mut work = services.begin_work().await?;
    if organisations::find_by_name(&mut work, DEMO_ORGANISATIONS[0].name).await?.is_some() {
        return Ok(());
    }
    let hash = services.password_hasher().hash(DEMO_PASSWORD).await?;
    for demo in &DEMO_ORGANISATIONS {
        seed_organisation(services, &mut work, demo, &hash).await?;
    }
    for (name, scope_kind, scope, members) in DEMO_CHAINS {
        let chain = Chain::new(name, scope_kind, scope)?;
        chains::insert(&mut work, &chain, services.clock().now()).await?;
        for member in members {
            let org =
                organisations::find_by_name(&mut work, member).await?.expect("demo organisation was just created");
            chains::add_member(&mut work, chain.id, org.id, services.clock().now()).await?;
        }
    }
    work.commit().await?;
    let mut demo_users = SignedIn::new(services);
    let seeded = super::cases::seed_demo_cases(services, &mut demo_users).await;
    demo_users.sign_out().await?;
    seeded?;
    tracing::info!(organisations = DEMO_ORGANISATIONS.len(), "demo data created");
    Ok(())
}

async fn seed_organisation(
    services: &Services,
    work: &mut Work<'_>,
    demo: &DemoOrganisation,
    hash: &str,
) -> ServiceResult<()> {
    let now = services.clock().now();
    let org = Organisation::new(
        demo.kind,
        demo.name,
        demo.region,
        &demo.municipalities.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    )?;
    organisations::insert(work, &org, now).await?;
    services.create_organisation_key(work, org.id).await?;
    for role in Role::for_kind(demo.kind) {
        let user = User {
            id: UserId::random(),
            organisation_id: org.id,
            email: EmailAddress::parse(&demo_email(demo, role))?,
            display_name: format!("Demo {} ({})", role.as_str().replace('_', " "), demo.name),
            language: Language::Nl,
            roles: RoleSet::for_organisation([role], demo.kind)?,
            disabled_at: None,
            created_at: now,
        };
        users::insert(work, &user, hash).await?;
    }
    Ok(())
}
