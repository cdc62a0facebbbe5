//! "Nieuwe melding": one form for the registration, the identity block and the reporter's
//! consent to register. A refusal comes back as the same form with what was typed and an
//! error summary linking to the field; a registered case goes to its page (post, redirect,
//! get: nothing of it in the address).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::local_date;
use crate::domain::case::Case;
use crate::domain::case::{CaseStatus, CounterpartyKind, Registration};
use crate::domain::consent::ConsentMethod;
use crate::domain::identity::{Counterparty, IdentityBlock, Reporter};
use crate::domain::organisation::OrganisationKind;
use crate::domain::reason::Reason;
use crate::domain::taxonomy::{Taxonomy, Term};
use crate::domain::user::Language;
use crate::messages;
use crate::service::casework::cases::{CaseChanges, NewCase};
use crate::service::ServiceError;
use crate::web::casework::form::{choice, municipalities, Choice, Posted};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

/// What the user typed, as text: the form shows it back as it was.
#[derive(Default)]
pub(crate) struct Entered {
    grounds: Vec<String>,
    domain: String,
    manifestations: Vec<String>,
    channel: String,
    handling: String,
    residence: String,
    incident: String,
    incident_date: String,
    incident_until: String,
    reported_on: String,
    police_number: String,
    summary: String,
    anonymous: bool,
    reporter: [String; 4],
    counterparty_kind: String,
    counterparty_name: String,
    counterparty_address: String,
    counterparty_numbers: String,
    account: String,
    consent_method: String,
    consent_given_on: String,
    status: String,
}

const REPORTER_FIELDS: [&str; 4] = ["name", "email", "phone", "address"];

impl Entered {
    pub(crate) fn blank(today: NaiveDate) -> Entered {
        Entered { reported_on: today.to_string(), consent_given_on: today.to_string(), ..Entered::default() }
    }

    pub(crate) fn from(posted: &Posted) -> Entered {
        Entered {
            grounds: posted.all("grounds"),
            domain: posted.one("domain"),
            manifestations: posted.all("manifestations"),
            channel: posted.one("channel"),
            handling: posted.one("handling"),
            residence: posted.one("residenceMunicipality"),
            incident: posted.one("incidentMunicipality"),
            incident_date: posted.one("incidentDate"),
            incident_until: posted.one("incidentUntil"),
            reported_on: posted.one("reportedOn"),
            police_number: posted.one("policeRegistrationNumber"),
            summary: posted.one("sharedSummary"),
            anonymous: posted.one("anonymous") == "yes",
            reporter: REPORTER_FIELDS.map(|f| posted.one(&format!("identity.reporter.{f}"))),
            counterparty_kind: posted.one("identity.counterparty.kind"),
            counterparty_name: posted.one("identity.counterparty.name"),
            counterparty_address: posted.one("identity.counterparty.address"),
            counterparty_numbers: posted.one("identity.counterparty.registrationNumbers"),
            account: posted.one("identity.account"),
            consent_method: posted.one("consentMethod"),
            consent_given_on: posted.one("consentGivenOn"),
            status: posted.one("status"),
        }
    }

    /// A registered case's registration as its edit form shows it.
    pub(crate) fn of_case(case: &Case) -> Entered {
        let r = &case.registration;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        Entered {
            grounds: r.grounds.clone(),
            domain: r.domain.clone(),
            manifestations: r.manifestations.clone(),
            channel: r.channel.clone(),
            handling: r.handling.clone(),
            residence: text(&r.residence_municipality),
            incident: text(&r.incident_municipality),
            incident_date: r.incident_date.map(|d| d.to_string()).unwrap_or_default(),
            incident_until: r.incident_until.map(|d| d.to_string()).unwrap_or_default(),
            reported_on: r.reported_on.to_string(),
            police_number: text(&r.police_registration_number),
            summary: text(&case.shared_summary),
            status: r.status.as_str().to_owned(),
            ..Entered::default()
        }
    }

    /// The registration's changes as typed; the identity block is left as it is, and the
    /// police number too where the form has no field for it (`police` is false).
    pub(crate) fn changes(&self, police: bool) -> Result<CaseChanges, ServiceError> {
        let registration = self.registration()?;
        let status = CaseStatus::parse(&self.status)
            .ok_or_else(|| ServiceError::bad_input("status", Reason::new("case-status-missing")))?;
        Ok(CaseChanges {
            grounds: Some(registration.grounds),
            domain: Some(registration.domain),
            manifestations: Some(registration.manifestations),
            channel: Some(registration.channel),
            handling: Some(registration.handling),
            status: Some(status),
            residence_municipality: Some(registration.residence_municipality),
            incident_municipality: Some(registration.incident_municipality),
            incident_date: Some(registration.incident_date),
            incident_until: Some(registration.incident_until),
            reported_on: Some(registration.reported_on),
            police_registration_number: police.then_some(registration.police_registration_number),
            shared_summary: Some(optional(&self.summary)),
            identity: None,
        })
    }

    /// The municipality of residence chosen, which the routing suggestion follows.
    pub(crate) fn status(&self) -> &str {
        &self.status
    }

    pub(crate) fn residence(&self) -> &str {
        &self.residence
    }

    /// The case to register, or the first field that cannot even be read (a date, a method).
    pub(crate) fn new_case(&self) -> Result<NewCase, ServiceError> {
        let registration = self.registration()?;
        let consent_method = ConsentMethod::parse(&self.consent_method)
            .ok_or_else(|| ServiceError::bad_input("consentMethod", Reason::new("consent-method-missing")))?;
        Ok(NewCase {
            registration,
            shared_summary: optional(&self.summary),
            identity: Some(self.identity()?),
            consent_method,
            consent_given_on: date("consentGivenOn", &self.consent_given_on)?,
        })
    }

    /// The registration as typed, or the first field that cannot even be read (a date).
    fn registration(&self) -> Result<Registration, ServiceError> {
        Ok(Registration {
            grounds: self.grounds.clone(),
            domain: self.domain.clone(),
            manifestations: self.manifestations.clone(),
            channel: self.channel.clone(),
            handling: self.handling.clone(),
            status: CaseStatus::Open,
            residence_municipality: optional(&self.residence),
            incident_municipality: optional(&self.incident),
            incident_date: optional(&self.incident_date).map(|d| date("incidentDate", &d)).transpose()?,
            incident_until: optional(&self.incident_until).map(|d| date("incidentUntil", &d)).transpose()?,
            reported_on: date("reportedOn", &self.reported_on)?,
            police_registration_number: optional(&self.police_number),
        })
    }

    /// The identity block as typed: an anonymous report keeps no reporter, but may still name
    /// the counterparty and hold the account; a block with nothing in it is none at all.
    fn identity(&self) -> Result<IdentityBlock, ServiceError> {
        let [name, email, phone, address] = self.reporter.clone().map(|v| optional(&v));
        let reporter = Reporter { name, email, phone, address, date_of_birth: None };
        let reporter = Some(reporter).filter(|_| !self.anonymous);
        let counterparty_typed = [&self.counterparty_name, &self.counterparty_address, &self.counterparty_numbers]
            .iter()
            .any(|field| !field.trim().is_empty());
        let counterparty = match counterparty_typed.then(|| self.counterparty_name.trim().to_owned()) {
            None => None,
            Some(name) => Some(Counterparty {
                kind: match self.counterparty_kind.as_str() {
                    "person" => CounterpartyKind::Person,
                    "organisation" => CounterpartyKind::Organisation,
                    _ => {
                        let missing = Reason::new("counterparty-kind-missing");
                        return Err(ServiceError::bad_input("identity.counterparty.kind", missing));
                    }
                },
                name,
                address: optional(&self.counterparty_address),
                registration_numbers: self.counterparty_numbers.lines().filter_map(optional).collect(),
            }),
        };
        Ok(IdentityBlock { reporter, counterparty, account: optional(&self.account) })
    }
}

fn optional(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A date as a date field sends it, or as people type it where the browser shows plain text.
pub(crate) fn date(field: &'static str, value: &str) -> Result<NaiveDate, ServiceError> {
    ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(value.trim(), format).ok())
        .ok_or_else(|| ServiceError::bad_input(field, Reason::new("date-unreadable")))
}

pub async fn form(State(state): State<AppState>, page: PageActor) -> Response {
    if !page.actor.does_case_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let today = local_date(state.services.clock().now());
    let view = RegisterView::new(&page, state.services.taxonomy(), &Entered::blank(today), None);
    page.render("case_new", &view)
}

pub async fn submit(State(state): State<AppState>, page: PageActor, headers: HeaderMap, body: Bytes) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    if !page.actor.does_case_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let entered = Entered::from(&posted);
    let created = match entered.new_case() {
        Ok(new) => state.services.create_case(&page.actor, new).await,
        Err(error) => Err(error),
    };
    match created {
        Ok(case) => Redirect::to(&format!("/cases/{}", case.id)).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let error = FieldError::new(page.actor.language, field, &reason, state.services.taxonomy());
            let view = RegisterView::new(&page, state.services.taxonomy(), &entered, Some(error));
            page.render_status(StatusCode::BAD_REQUEST, "case_new", &view)
        }
        Err(other) => page.error(&other),
    }
}

/// A refused field: where it is on the page and what to do about it.
#[derive(Serialize, Clone)]
pub(crate) struct FieldError {
    target: String,
    field: String,
    message: String,
}

impl FieldError {
    pub(crate) fn new(language: Language, field: &str, reason: &Reason, taxonomy: &Taxonomy) -> FieldError {
        let message = messages::say(language, reason);
        // A group's error links to its first control, so following it puts the focus there.
        let first = |prefix: &str, code: Option<&String>| code.map(|c| format!("{prefix}{c}"));
        let target = match field {
            "grounds" => first("ground-", taxonomy.grounds.iter().find(|g| g.legal).map(|g| &g.term.code)),
            "manifestations" => first("manifestation-", taxonomy.manifestations.first().map(|t| &t.code)),
            "identity.counterparty.kind" => Some("counterparty-person".to_owned()),
            "receiverId" => Some("receiver".to_owned()),
            _ => None,
        };
        let target = target.unwrap_or_else(|| field.replace('.', "-"));
        FieldError { target, field: field.to_owned(), message }
    }

    /// An error for the control `target` of a form whose fields the service names otherwise.
    pub(crate) fn at(target: &str, message: String) -> FieldError {
        FieldError { target: target.to_owned(), field: target.to_owned(), message }
    }

    /// The id of the control the error is about.
    pub(crate) fn target(&self) -> &str {
        &self.target
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The message, if this error is about `field`.
    pub(crate) fn message_for(&self, field: &str) -> Option<String> {
        (self.field == field).then(|| self.message.clone())
    }
}

#[derive(Serialize)]
struct Text {
    value: String,
    error: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct RegisterView {
    title: String,
    action: String,
    /// Editing a registered case: no identity or consent, but its status.
    editing: Option<Vec<Choice>>,
    intake: Option<Intake>,
    errors: Vec<FieldError>,
    legal_grounds: Vec<Choice>,
    other_grounds: Vec<Choice>,
    grounds_error: Option<String>,
    domains: Vec<Choice>,
    manifestations: Vec<Choice>,
    channels: Vec<Choice>,
    handlings: Vec<Choice>,
    residences: Vec<Choice>,
    incidents: Vec<Choice>,
    methods: Vec<Choice>,
    anonymous: bool,
    person: bool,
    organisation: bool,
    police: bool,
    text: std::collections::BTreeMap<&'static str, Text>,
    choice_error: std::collections::BTreeMap<&'static str, Option<String>>,
}

/// A new intake referred at once (COC): the receiver and the urgency above the registration.
#[derive(Serialize)]
pub(crate) struct Intake {
    pub receivers: Vec<Choice>,
    pub urgent: bool,
    pub receiver_error: Option<String>,
}

impl RegisterView {
    /// The same form as an intake to refer: it posts elsewhere and asks for the receiver.
    pub(crate) fn for_intake(mut self, language: Language, intake: Intake) -> RegisterView {
        self.title = messages::text(language, "intake-title");
        self.action = "/referrals/new".to_owned();
        self.intake = Some(intake);
        self
    }

    /// The same form for changing a registered case's registration and status.
    pub(crate) fn for_edit(
        mut self,
        language: Language,
        case: crate::domain::ids::CaseId,
        status: &str,
    ) -> RegisterView {
        self.title = messages::text(language, "case-edit-title");
        self.action = format!("/cases/{case}/edit");
        let statuses = [CaseStatus::Open, CaseStatus::InProgress, CaseStatus::Closed];
        self.editing = Some(
            statuses
                .into_iter()
                .map(|s| choice(s.as_str(), messages::text(language, labels::case_status(s)), s.as_str() == status))
                .collect(),
        );
        self
    }

    /// The field a refusal named, for forms built around this one.
    pub(crate) fn error_for(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
    }
}

/// The text fields by the name the form posts them under (and the service names them by).
const TEXT_FIELDS: [&str; 15] = [
    "incidentDate",
    "incidentUntil",
    "reportedOn",
    "policeRegistrationNumber",
    "sharedSummary",
    "identity.reporter.name",
    "identity.reporter.email",
    "identity.reporter.phone",
    "identity.reporter.address",
    "identity.counterparty.name",
    "identity.counterparty.address",
    "identity.counterparty.registrationNumbers",
    "identity.account",
    "consentGivenOn",
    "identity.counterparty.kind",
];

const CHOICE_FIELDS: [&str; 9] = [
    "status",
    "domain",
    "manifestations",
    "channel",
    "handling",
    "residenceMunicipality",
    "incidentMunicipality",
    "consentMethod",
    "anonymous",
];

impl RegisterView {
    pub(crate) fn new(
        page: &PageActor,
        taxonomy: &Taxonomy,
        entered: &Entered,
        error: Option<FieldError>,
    ) -> RegisterView {
        let language = page.actor.language;
        let error_of = |field: &str| error.as_ref().filter(|e| e.field == field).map(|e| e.message.clone());
        let terms = |terms: &[Term], chosen: &[String]| -> Vec<Choice> {
            terms.iter().map(|t| choice(&t.code, labels::term(t, language), chosen.contains(&t.code))).collect()
        };
        let one = |value: &String| vec![value.clone()];
        let values = text_values(entered);
        let text = TEXT_FIELDS.iter().map(|f| (*f, Text { value: values(f), error: error_of(f) })).collect();
        let choice_error = CHOICE_FIELDS.iter().map(|f| (*f, error_of(f))).collect();
        RegisterView {
            title: messages::text(language, "case-new-title"),
            action: "/cases/new".to_owned(),
            editing: None,
            intake: None,
            errors: error.iter().cloned().collect(),
            legal_grounds: grounds(taxonomy, language, true, &entered.grounds),
            other_grounds: grounds(taxonomy, language, false, &entered.grounds),
            grounds_error: error_of("grounds"),
            domains: terms(&taxonomy.domains, &one(&entered.domain)),
            manifestations: terms(&taxonomy.manifestations, &entered.manifestations),
            channels: terms(&taxonomy.channels, &one(&entered.channel)),
            handlings: terms(&taxonomy.handling, &one(&entered.handling)),
            residences: municipalities(taxonomy, &entered.residence),
            incidents: municipalities(taxonomy, &entered.incident),
            methods: methods(language, &entered.consent_method),
            anonymous: entered.anonymous,
            person: entered.counterparty_kind == "person",
            organisation: entered.counterparty_kind == "organisation",
            police: page.actor.organisation_kind == OrganisationKind::Police,
            text,
            choice_error,
        }
    }
}

fn text_values(entered: &Entered) -> impl Fn(&str) -> String + '_ {
    move |field| {
        match field {
            "incidentDate" => &entered.incident_date,
            "incidentUntil" => &entered.incident_until,
            "reportedOn" => &entered.reported_on,
            "policeRegistrationNumber" => &entered.police_number,
            "sharedSummary" => &entered.summary,
            "identity.reporter.name" => &entered.reporter[0],
            "identity.reporter.email" => &entered.reporter[1],
            "identity.reporter.phone" => &entered.reporter[2],
            "identity.reporter.address" => &entered.reporter[3],
            "identity.counterparty.name" => &entered.counterparty_name,
            "identity.counterparty.address" => &entered.counterparty_address,
            "identity.counterparty.registrationNumbers" => &entered.counterparty_numbers,
            "identity.account" => &entered.account,
            "consentGivenOn" => &entered.consent_given_on,
            _ => &entered.counterparty_kind,
        }
        .clone()
    }
}

/// The top grounds that are (or are not) legal grounds, each with its sub-grounds.
fn grounds(taxonomy: &Taxonomy, language: Language, legal: bool, chosen: &[String]) -> Vec<Choice> {
    let of = |code: &str| choice(code, labels::ground(taxonomy, code, language), chosen.iter().any(|c| c == code));
    taxonomy
        .grounds
        .iter()
        .filter(|g| g.legal == legal && g.parent.is_none())
        .map(|g| {
            let mut top = of(&g.term.code);
            let children = taxonomy.grounds.iter().filter(|c| c.parent.as_deref() == Some(g.term.code.as_str()));
            top.children = children.map(|c| of(&c.term.code)).collect();
            top
        })
        .collect()
}

fn methods(language: Language, chosen: &str) -> Vec<Choice> {
    ConsentMethod::ALL
        .into_iter()
        .map(|m| {
            let label = messages::text(language, labels::consent_method(m));
            choice(m.as_str(), label, m.as_str() == chosen)
        })
        .collect()
}
