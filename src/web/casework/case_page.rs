//! The page of one case as the caller may see it: an own case with its registration, and its
//! identity block only after an explicit "Toon identiteit" (a POST, audited, never in the
//! address); a case shared in the caller's chain pseudonymised, with no identity at all.

use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::local_date;
use crate::domain::case::{Case, PseudonymisedCase};
use crate::domain::chain::Chain;
use crate::domain::consent::{ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::identity::IdentityBlock;
use crate::domain::ids::CaseId;
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::service::casework::cases::CaseView;
use crate::service::ServiceError;
use crate::store::sql::PageRequest;
use crate::web::actions::rows::ActionRow;
use crate::web::casework::facts::{identity_view, own_facts, shared_facts, Fact, IdentityView};
use crate::web::casework::notes::NoteRow;
use crate::web::casework::pattern::{OwnPattern, PatternLink};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

pub async fn show(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    render(&state, &page, &id, Typed::default()).await
}

/// What this answer shows beyond the case as stored: the identity block just read, or a
/// note that was refused, as typed (text, shared or not, what the check found).
#[derive(Default)]
pub struct Typed {
    pub identity: Option<IdentityBlock>,
    pub note: Option<(String, bool, String)>,
    /// A refused consent of the "Toestemming van de melder" form, as typed.
    pub consent: Option<crate::web::casework::consents::OtherTyped>,
    /// A refused "Bespreken in een overleg", as typed.
    pub flag: Option<crate::web::casework::flagging::FlagTyped>,
}

#[derive(Deserialize)]
pub struct IdentityForm {
    #[serde(default)]
    csrf: String,
}

/// "Toon identiteit": the identity block, read (and audited) by the service, on this answer
/// only; reloading the case page shows it hidden again.
pub async fn reveal_identity(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<IdentityForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(case) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.read_identity(&page.actor, case).await {
        Ok(identity) => {
            let typed = Typed { identity: Some(identity.unwrap_or_default()), ..Typed::default() };
            render(&state, &page, &id, typed).await
        }
        Err(error) => page.error(&error),
    }
}

pub async fn render(state: &AppState, page: &PageActor, id: &str, typed: Typed) -> Response {
    let Ok(id) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    let view = match state.services.case(&page.actor, id).await {
        Ok(CaseView::Own(case)) => own_view(state, page, &case, typed).await,
        Ok(CaseView::Shared(case)) => shared_view(state, page, &case, typed).await,
        Err(error) => Err(error),
    };
    match view {
        Ok(view) => page.render("case", &view),
        Err(error) => page.error(&error),
    }
}

/// The owner's page: the registration, identity on request, notes, consents, sharing,
/// referring, and where the case is shared, bringing it to a meeting.
async fn own_view(state: &AppState, page: &PageActor, case: &Case, typed: Typed) -> Result<CasePageView, ServiceError> {
    let (services, id) = (&state.services, case.id);
    let mut view = CasePageView::own(case, services.taxonomy(), page.actor.language, typed.identity);
    view.own_parts(state, page, id, typed.note).await?;
    view.chains = sharing_rows(state, page, id).await?;
    let today = local_date(services.clock().now());
    view.consents = Some(crate::web::casework::consents::section(state, page, id, typed.consent, today).await?);
    view.referring = Some(crate::web::casework::referring::section(state, page, case).await?);
    view.flag = Some(crate::web::casework::flagging::section(state, page, id, true, typed.flag).await?);
    view.today = today.to_string();
    Ok(view)
}

/// A partner's page: the pseudonymised case, its shared notes, its patterns, and bringing it
/// to a meeting.
async fn shared_view(
    state: &AppState,
    page: &PageActor,
    case: &PseudonymisedCase,
    typed: Typed,
) -> Result<CasePageView, ServiceError> {
    let mut view = CasePageView::shared(case, state.services.taxonomy(), page.actor.language);
    view.shared_parts(state, page, case.id).await?;
    view.flag = Some(crate::web::casework::flagging::section(state, page, case.id, false, typed.flag).await?);
    Ok(view)
}

/// Each of the caller's chains with the reporter's consent to share there and the share.
async fn sharing_rows(state: &AppState, page: &PageActor, id: CaseId) -> Result<Vec<ChainRow>, ServiceError> {
    let services = &state.services;
    let chains = services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await?.items;
    let consents = services.consents_of(&page.actor, &[id]).await?.remove(&id).unwrap_or_default();
    let shares = services.shares_of(&page.actor, &[id], true).await?.remove(&id).unwrap_or_default();
    let language = page.actor.language;
    let row = |chain: &Chain| {
        let consent = consents.iter().find(|c| {
            c.is_active() && c.scope == ConsentScope::SharePseudonymised && c.target == ConsentTarget::Chain(chain.id)
        });
        let share = shares.iter().find(|s| s.chain_id == chain.id && s.unshared_at.is_none());
        ChainRow {
            id: chain.id.to_string(),
            name: chain.name.clone(),
            consented: consent.is_some(),
            consent: consent.map(|c| c.id.to_string()),
            shared_at: share.map(|s| labels::moment(s.shared_at, language)),
        }
    };
    Ok(chains.iter().map(row).collect())
}

#[derive(Serialize)]
struct CasePageView {
    title: String,
    own: bool,
    id: String,
    public_id: String,
    case_number: Option<String>,
    facts: Vec<Fact>,
    summary: Option<String>,
    has_identity: bool,
    identity: Option<IdentityView>,
    chains: Vec<ChainRow>,
    consents: Option<crate::web::casework::consents::ConsentsView>,
    flag: Option<crate::web::casework::flagging::FlagView>,
    referring: Option<crate::web::casework::referring::ReferringView>,
    notes: Vec<NoteRow>,
    note: NoteTyped,
    patterns: Vec<OwnPattern>,
    pattern_links: Vec<PatternLink>,
    actions: Vec<ActionRow>,
    methods: Vec<Method>,
    today: String,
}

/// One of the owner's chains on the case page: consent and share.
#[derive(Serialize)]
struct ChainRow {
    id: String,
    name: String,
    consented: bool,
    consent: Option<String>,
    shared_at: Option<String>,
}

#[derive(Serialize)]
struct Method {
    code: &'static str,
    label: &'static str,
}

impl CasePageView {
    fn own(case: &Case, taxonomy: &Taxonomy, language: Language, identity: Option<IdentityBlock>) -> CasePageView {
        CasePageView {
            title: case.case_number.clone(),
            own: true,
            case_number: Some(case.case_number.clone()),
            has_identity: case.has_identity,
            identity: identity.map(|block| identity_view(&block)),
            ..CasePageView::base(case.id, &case.public_id, &case.shared_summary, own_facts(case, taxonomy, language))
        }
    }

    fn shared(case: &PseudonymisedCase, taxonomy: &Taxonomy, language: Language) -> CasePageView {
        CasePageView::base(case.id, &case.public_id, &case.shared_summary, shared_facts(case, taxonomy, language))
    }

    /// What either view starts from: a partner's page, with nothing of the owner's.
    fn base(id: CaseId, public_id: &str, summary: &Option<String>, facts: Vec<Fact>) -> CasePageView {
        CasePageView {
            title: public_id.to_owned(),
            own: false,
            id: id.to_string(),
            public_id: public_id.to_owned(),
            case_number: None,
            facts,
            summary: summary.clone(),
            has_identity: false,
            identity: None,
            chains: Vec::new(),
            consents: None,
            flag: None,
            referring: None,
            notes: Vec::new(),
            note: NoteTyped::default(),
            patterns: Vec::new(),
            pattern_links: Vec::new(),
            actions: Vec::new(),
            methods: methods(),
            today: String::new(),
        }
    }
}

/// The actions agreed in the chains about the case, lapsed ones too.
async fn case_actions(state: &AppState, page: &PageActor, id: CaseId) -> Result<Vec<ActionRow>, ServiceError> {
    let found = state.services.case_actions(&page.actor, id).await?;
    let found: Vec<&crate::domain::action::Action> = found.iter().map(|(action, _)| action).collect();
    crate::web::actions::rows::rows(state, page, &found).await
}

/// The note form as the user left it.
#[derive(Serialize, Default)]
struct NoteTyped {
    text: String,
    shared: bool,
    error: Option<String>,
}

impl CasePageView {
    /// The owner's notes, patterns and a refused note as typed.
    async fn own_parts(
        &mut self,
        state: &AppState,
        page: &PageActor,
        id: CaseId,
        note: Option<(String, bool, String)>,
    ) -> Result<(), ServiceError> {
        self.notes = crate::web::casework::notes::rows(state, page, id, true).await?;
        self.patterns = crate::web::casework::pattern::own(state, page, id).await?;
        self.actions = case_actions(state, page, id).await?;
        if let Some((text, shared, error)) = note {
            self.note = NoteTyped { text, shared, error: Some(error) };
        }
        Ok(())
    }

    /// A partner's shared notes and the chains in which the counterparty has a pattern.
    async fn shared_parts(&mut self, state: &AppState, page: &PageActor, id: CaseId) -> Result<(), ServiceError> {
        self.notes = crate::web::casework::notes::rows(state, page, id, false).await?;
        self.pattern_links = crate::web::casework::pattern::links(state, page, id).await?;
        Ok(())
    }
}

/// The ways consent can be given, by their catalogue labels.
fn methods() -> Vec<Method> {
    ConsentMethod::ALL.into_iter().map(|m| Method { code: m.as_str(), label: labels::consent_method(m) }).collect()
}
