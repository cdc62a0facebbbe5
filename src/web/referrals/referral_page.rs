//! One referral, where the mail's link lands (`/referrals/{id}`): its state for either side;
//! for the receiver an explicit "Openen" (a POST, audited) that shows the dossier on that
//! answer only, then accept (on to the new case) or decline with a reason; for the sender
//! attachments and sending while a draft, withdrawing until it is opened, and the outcome.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::ids::ReferralId;
use crate::domain::referral::{Dossier, Referral, ReferralStatus, Transition, Urgency};
use crate::messages;
use crate::service::referrals::receive::OpenedReferral;
use crate::service::ServiceError;
use crate::web::casework::facts::{identity_view, registration_facts, Fact, IdentityView};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::referrals::list::organisation_names;
use crate::web::AppState;

/// What the page shows besides the referral's state.
#[derive(Default)]
pub struct Extra {
    pub opened: Option<OpenedReferral>,
    /// The decline reason as typed, with what the check found in it.
    pub decline: Option<(String, String)>,
    pub notice: Option<&'static str>,
    /// Why the file just sent was not added.
    pub file_error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    attached: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let notice = (query.attached == "1").then_some("attachment-added");
    render(&state, &page, &id, Extra { notice, ..Extra::default() }).await
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// "Openen": the dossier decrypted by the service (and the opening audited), on this answer.
pub async fn open(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(referral) = id.parse::<ReferralId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.open_referral(&page.actor, referral).await {
        Ok(opened) => render(&state, &page, &id, Extra { opened: Some(opened), ..Extra::default() }).await,
        Err(error) => page.error(&error),
    }
}

/// Accepting makes the receiver's case; the page goes on to it.
pub async fn accept(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(referral) = id.parse::<ReferralId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.accept_referral(&page.actor, referral).await {
        Ok((_, case)) => Redirect::to(&format!("/cases/{}", case.id)).into_response(),
        Err(error) => page.error(&error),
    }
}

/// Declining needs a reason the sender will read; a refused reason comes back in its field.
pub async fn decline(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(referral) = id.parse::<ReferralId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.decline_referral(&page.actor, referral, &form.reason).await {
        Ok(_) => Redirect::to(&format!("/referrals/{id}")).into_response(),
        Err(ServiceError::BadInput { reason, .. }) => {
            let found = messages::say(page.actor.language, &reason);
            let extra = Extra { decline: Some((form.reason, found)), ..Extra::default() };
            let mut response = render(&state, &page, &id, extra).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(error) => page.error(&error),
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    step(&page, &headers, &id, &form, |referral| state.services.withdraw_referral(&page.actor, referral)).await
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    step(&page, &headers, &id, &form, |referral| state.services.submit_referral(&page.actor, referral)).await
}

/// A step that needs nothing but the referral: the token, the step, back to the page.
async fn step<F, Done>(page: &PageActor, headers: &HeaderMap, id: &str, form: &StepForm, action: F) -> Response
where
    F: FnOnce(ReferralId) -> Done,
    Done: std::future::Future<Output = Result<Referral, ServiceError>>,
{
    if let Some(refused) = page.form_refusal(headers, &form.csrf) {
        return refused;
    }
    let Ok(referral) = id.parse::<ReferralId>() else { return page.error(&ServiceError::NotFound) };
    match action(referral).await {
        Ok(_) => Redirect::to(&format!("/referrals/{id}")).into_response(),
        Err(error) => page.error(&error),
    }
}

pub async fn render(state: &AppState, page: &PageActor, id: &str, extra: Extra) -> Response {
    let Ok(id) = id.parse::<ReferralId>() else { return page.error(&ServiceError::NotFound) };
    let work = async {
        let referral = state.services.referral(&page.actor, id).await?;
        let names = organisation_names(state, std::slice::from_ref(&referral)).await?;
        Ok::<_, ServiceError>((referral, names))
    };
    let (referral, names) = match work.await {
        Ok(found) => found,
        Err(error) => return page.error(&error),
    };
    let name = |org| names.get(&org).cloned().unwrap_or_default();
    let view = ReferralView::new(
        state,
        page,
        &referral,
        (name(referral.sender_organisation_id), name(referral.receiver_organisation_id)),
        extra,
    );
    page.render("referral", &view)
}

#[derive(Serialize)]
struct ReferralView {
    title: String,
    id: String,
    status: &'static str,
    urgent: bool,
    sender: String,
    receiver: String,
    sent: Option<String>,
    summary: Option<String>,
    receiving: bool,
    can_open: bool,
    can_decide: bool,
    can_submit: bool,
    can_withdraw: bool,
    declined_because: Option<String>,
    accepted_case: Option<String>,
    dossier: Option<DossierView>,
    attachments: Vec<FileView>,
    sealed_by_sender: bool,
    decline_text: String,
    decline_error: Option<String>,
    notice: Option<&'static str>,
    file_error: Option<&'static str>,
    max_attachment: String,
}

#[derive(Serialize)]
struct DossierView {
    facts: Vec<Fact>,
    summary: Option<String>,
    identity: Option<IdentityView>,
    consents: Vec<Fact>,
}

#[derive(Serialize)]
struct FileView {
    name: String,
    size: String,
    link: String,
}

impl ReferralView {
    fn new(
        state: &AppState,
        page: &PageActor,
        referral: &Referral,
        (sender, receiver): (String, String),
        extra: Extra,
    ) -> ReferralView {
        let language = page.actor.language;
        let receiving = referral.receiver_organisation_id == page.actor.organisation_id;
        let status = referral.status;
        let opened = extra.opened;
        let attachments = opened.as_ref().map_or_else(Vec::new, |o| {
            o.attachments
                .iter()
                .map(|a| FileView {
                    name: a.meta.name.clone(),
                    size: file_size(a.size_bytes.max(0) as u64),
                    link: format!("/referrals/{}/attachments/{}", referral.id, a.id),
                })
                .collect()
        });
        let sealed_by_sender = opened.as_ref().is_some_and(|o| o.dossier.is_none());
        let dossier = opened.and_then(|o| o.dossier).map(|d| dossier_view(state, &d, language));
        let (decline_text, decline_error) = extra.decline.map_or((String::new(), None), |(t, e)| (t, Some(e)));
        ReferralView {
            title: messages::text(language, "referral-title"),
            id: referral.id.to_string(),
            status: labels::referral_state(status),
            urgent: referral.urgency == Urgency::Urgent,
            sender,
            receiver,
            sent: referral.sent_at.map(|at| labels::moment(at, language)),
            summary: referral.summary.clone(),
            receiving,
            can_open: receiving && Transition::Open.allowed(status),
            can_decide: receiving && Transition::Accept.allowed(status),
            can_submit: !receiving && Transition::Submit.allowed(status),
            can_withdraw: !receiving && Transition::Withdraw.allowed(status),
            declined_because: referral.decline_reason.clone().filter(|_| status == ReferralStatus::Declined),
            // The receiver's case is the receiver's: the sender never gets its address.
            accepted_case: referral.accepted_case_id.filter(|_| receiving).map(|c| format!("/cases/{c}")),
            dossier,
            attachments,
            sealed_by_sender,
            decline_text,
            decline_error,
            notice: extra.notice,
            file_error: extra.file_error,
            max_attachment: file_size(state.services.max_attachment_bytes()),
        }
    }
}

fn dossier_view(state: &AppState, dossier: &Dossier, language: crate::domain::user::Language) -> DossierView {
    let taxonomy = state.services.taxonomy();
    let consents = dossier
        .consents
        .iter()
        .map(|c| {
            let mut value = labels::date(c.given_on, language);
            value.push_str(&format!(" · {}", messages::text(language, labels::consent_method(c.method))));
            if c.withdrawn {
                value.push_str(&format!(" · {}", messages::text(language, "consent-withdrawn")));
            }
            Fact { label: labels::consent_scope(c.scope), value }
        })
        .collect();
    DossierView {
        facts: registration_facts(&dossier.registration, taxonomy, language),
        summary: dossier.shared_summary.clone(),
        identity: dossier.identity.as_ref().map(identity_view),
        consents,
    }
}

/// "25 MB", "340 kB": sizes as people read them.
pub fn file_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    match bytes {
        b if b >= MIB => format!("{} MB", (b + MIB / 2) / MIB),
        b if b >= 1024 => format!("{} kB", (b + 512) / 1024),
        b => format!("{b} B"),
    }
}
