//! A chain's meetings, series, invitees and actions belong to the chain-work roles of its
//! member organisations. Every demo user asks for each of them; admins, privacy officers and
//! policy viewers (of members too) and non-members get `NOT_FOUND`, or an empty list where
//! the question names no chain.

use ketenaanpak::domain::role::Role;
use serde_json::{json, Value};

use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;

use crate::agendas::{series_on, CREATE_ACTION, DRENTHE, EDN, OM};
use crate::helpers::{spawn, Engine, TestApp, ASSEN, COC, MDD, MDE, POLICE};
use crate::on_both_engines;

on_both_engines!(meetings_series_invitees_and_actions_by_role);

/// The demo's organisations with their work role; each also has an admin and a privacy officer.
const ORGANISATIONS: [(&str, Role, bool); 7] = [
    (MDD, Role::Caseworker, true),
    (MDE, Role::Caseworker, true),
    (POLICE, Role::PoliceOfficer, true),
    (OM, Role::Prosecutor, true),
    (EDN, Role::Analyst, true),
    (COC, Role::Intake, false),
    (ASSEN, Role::PolicyViewer, false),
];

struct Ids {
    chain: String,
    meeting: String,
}

/// A Drenthe series with one meeting, and an action for the reporting centre agreed there.
async fn chain_with_a_meeting_and_an_action(app: &TestApp) -> Ids {
    let analyst = app.login_demo(EDN, Role::Analyst).await;
    let (chain, members) = app.chain(&analyst, DRENTHE).await;
    let day = local_date(app.clock.now()) + chrono::Duration::days(30);
    let meeting = series_on(app, &analyst, &[day]).await.remove(0);
    let input = json!({ "chainId": chain, "meetingId": meeting, "ownerOrganisationId": members[MDD],
        "description": "Gesprek met de woningcorporatie plannen", "dueOn": day.to_string() });
    app.graphql(Some(&analyst), CREATE_ACTION, json!({ "input": input })).await.data();
    Ids { chain, meeting }
}

/// Each read, with whether it names a chain or meeting (then refusal is `NOT_FOUND`) or not
/// (then it is an empty list).
fn reads() -> [(&'static str, &'static str, bool); 6] {
    [
        ("meetings", "query($c: ID!) { meetings(chainId: $c, from: \"2020-01-01\", to: \"2035-12-31\") { id } }", true),
        ("meeting", "query($m: ID!) { meeting(id: $m) { id series { invitees { name } } } }", true),
        ("actions", "query($c: ID!) { actions(chainId: $c) { id description } }", true),
        ("meetingParticipants", "query($c: ID!) { meetingParticipants(chainId: $c) { name } }", true),
        ("meetingSeries", "{ meetingSeries { id invitees { name } } }", false),
        ("myActions", "{ myActions { id } }", false),
    ]
}

fn holds_data(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(_) => true,
        _ => false,
    }
}

async fn meetings_series_invitees_and_actions_by_role(engine: Engine) {
    let app = spawn(engine).await;
    let ids = chain_with_a_meeting_and_an_action(&app).await;
    let variables = json!({ "c": ids.chain, "m": ids.meeting });
    for (organisation, work_role, member) in ORGANISATIONS {
        for role in [work_role, Role::OrgAdmin, Role::PrivacyOfficer] {
            let token = app.login_demo(organisation, role).await;
            let allowed = member && role == work_role;
            for (field, query, names_a_record) in reads() {
                let answer = app.graphql(Some(&token), query, variables.clone()).await;
                let who = format!("{field} for {role:?} of {organisation}");
                match (allowed, names_a_record) {
                    (true, _) if field == "myActions" => {
                        assert!(answer.body.get("errors").is_none(), "{who}: {}", answer.body)
                    }
                    (true, _) => assert!(holds_data(&answer.data()[field]), "{who}: {}", answer.body),
                    (false, true) => assert_eq!(answer.code(), "NOT_FOUND", "{who}: {}", answer.body),
                    (false, false) => assert_eq!(answer.data()[field], json!([]), "{who}: {}", answer.body),
                }
            }
        }
    }
}
