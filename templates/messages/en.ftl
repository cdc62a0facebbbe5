# The message catalogue, English (for users whose language is en). Every id here is in
# nl.ftl too.

## Refusals of any request
unauthenticated = Not signed in, or the session has expired
login-failed = Wrong e-mail address or password
throttled = Too many failed attempts; try again later
counterparty-limit = You set a counterparty many times today; try again tomorrow. Your privacy officer has been told
forbidden = Your role does not allow this
not-found = Not found
damaged = The encrypted file is damaged or incomplete
key-offline = This organisation keeps its key offline; download the age files
too-large = Too large: at most { $max } bytes
internal = Internal error; quote request id { $request }
internal-see-header = Internal error; see the x-request-id header

## Typed text
text-empty = Must not be empty
text-too-long = Must be at most { $max } characters
text-control-characters = Contains control characters or (on one line) a line break
text-identifying = This text names something a person can be recognised by: { $findings }. Write the text without it
finding = { $kind } at position { $position }
finding-email-address = e-mail address
finding-phone-number = phone number
finding-bsn = citizen service number (BSN)
finding-iban = bank account number (IBAN)
finding-postcode-with-house-number = postcode with house number
finding-licence-plate = licence plate
finding-chamber-of-commerce-number = Chamber of Commerce number
finding-identity-detail = name or contact detail from the identity block
finding-reporters-account = text from the reporter's own account

## Accounts
email-invalid = This is not a valid e-mail address
email-taken = This e-mail address is already in use
password-hash-not-argon2id = This password hash cannot be carried over: only Argon2id version 19 in PHC form ($argon2id$v=19$…), with 19–64 MiB of memory, 2–10 passes and 1–8 lanes
password-too-short = A password needs at least { $min } characters
password-too-long = A password has at most { $max } characters
password-is-email = The password must not be your e-mail address
current-password-wrong = The current password is wrong
roles-empty = Give at least one role
role-not-for-kind = The role { $role } does not exist in this kind of organisation
role-caseworker = reporting centre caseworker
role-police-officer = police officer
role-prosecutor = prosecutor
role-intake = intake officer
role-analyst = analyst
role-policy-viewer = policy officer
role-org-admin = administrator
role-privacy-officer = privacy officer
own-account-disable = You cannot disable your own account
own-roles = You cannot change your own roles; ask another admin
last-privacy-officer = This is the organisation's last privacy officer; appoint another first
import-needs-privacy-officer = After the import the organisation has no privacy officer; include one
token-sign-out = An API token is revoked, not signed out
token-valid-days = Between 1 and 3650 days
token-name-taken = A token with this name exists
organisation-name-invalid = Name: { $problem }
organisation-region-invalid = Region: { $problem }
organisation-name-taken = An organisation named { $name } exists
organisation-unknown = Unknown organisation
municipality-code-invalid = { $code } is not a CBS municipality code (GM and four digits)
chain-name-invalid = Name: { $problem }
chain-scope-invalid = Region or theme: { $problem }
chain-name-taken = A chain with this name exists
not-an-age-recipient = Not an age recipient (age1…)

## Casework
code-unknown = Not a known code of the taxonomy
codes-empty = Give at least one
code-twice = The same code appears twice
ground-unknown-with-others = 'Unknown' cannot go with other grounds
incident-after-report = Lies after the date of reporting
period-ends-before-start = Lies before the first day of the incident
period-without-start = Fill in the first day; the last day is there already
date-in-future = Lies in the future
police-number-not-police = Only for police cases
case-prefix-letters = 2 to 6 letters
consent-share-needs-chain = Consent to share names one chain
consent-refer-needs-organisation = Consent to refer names one organisation
consent-no-target-for-scope = This consent names no chain or organisation
consent-already-withdrawn = This consent was already withdrawn
consent-already-given = This consent is already recorded
registration-consent-withdrawn = The reporter withdrew the consent to register; no new consent can rest on this report
consent-missing-for-chain = The reporter did not consent to sharing with this chain
consent-missing-for-referral = The reporter did not consent to a referral to this organisation
not-a-chain-member = Your organisation is not a member of this chain
already-shared = Already shared with this chain
note-length = 1 to 8000 characters

## Referrals
referral-step-not-possible = Not possible any more: the referral is { $status }
referral-status-draft = a draft
referral-status-sent = sent
referral-status-opened = opened
referral-status-accepted = accepted
referral-status-declined = declined
referral-status-withdrawn = withdrawn
referral-to-other-organisation = A referral goes to another organisation
receiver-keeps-no-cases = This organisation cannot receive referrals: it keeps no cases
referral-open-first = Open the referral first
referral-sent-meanwhile = The referral was sent meanwhile; the file was not kept
dossier-missing = No dossier has been uploaded yet
dossier-foreign-format = This dossier is not in Ketenaanpak's format; register the report yourself
not-an-age-file = This is not an age file
upload-broken-off = The upload was broken off

## Meetings
cadence-rule-invalid = Not a valid cron rule
cadence-no-dates = Give at least one date
cadence-weeks = { $min } to { $max } weeks
cadence-too-often = At most one meeting a week
cadence-rule-fields = A cron rule has five fields, no seconds
cadence-too-many-dates = At most { $max } dates
series-changed-meanwhile = The series changed meanwhile; load it again
a-meeting-changed-meanwhile = A meeting changed meanwhile
meeting-changed-meanwhile = The meeting changed meanwhile
chair-not-a-member = The chair comes from a member of the chain
series-duration-or-horizon = 15 to 600 minutes, 1 to 730 days ahead
invitee-not-of-a-member = Only people of member organisations
meeting-cancelled = This meeting was cancelled
meeting-already-cancelled = This meeting was already cancelled
meeting-not-begun = The meeting has not begun yet
agenda-frozen = The agenda is frozen
agenda-order-incomplete = Name every agenda item exactly once
case-already-on-agenda = This case is already on the agenda
held-meeting-not-past = A meeting that was held lies before today
held-meeting-exists = This series already has a meeting on that day
organisation-not-in-chain = That organisation is not a member of the chain
not-an-agenda-item = Not an item of this meeting's agenda
amendment-reason-missing = Approved minutes change only with a reason
confidentiality-fixed = The confidentiality statement is fixed after approval
attendee-not-a-member = Only member organisations of the chain
minutes-approved = The minutes are approved
minutes-missing = There are no minutes yet
minutes-already-approved = The minutes were already approved
owner-not-a-member = The owner is not a member of the chain
owner-user-elsewhere = This person does not belong to the owner
action-lapse-by-service = Only the service lets an action lapse
action-lapsed = This action has lapsed
action-reason-missing = Say why it is not possible

## Figures
month-not-begun = Choose a month that has begun

## The GraphQL door
request-not-json = Only application/json is accepted
request-too-large = Request body too large
request-unreadable = Request body unreadable
request-invalid-json = Not valid JSON
request-batched = Batched requests are not accepted
request-not-graphql = Not a GraphQL request
request-query-missing = Field query is missing or not a string
request-query-parameter-missing = Parameter query is missing
mutation-over-get = Mutations only over POST
document-missing = No GraphQL document
document-too-large = Document too large (at most { $max } bytes)
document-too-deep = Nested too deeply (at most { $max } levels)
document-too-many-fields = Too many fields (at most { $max }, fragments counted)
document-fields-too-deep = Nested too deep (at most { $max } fields)
document-too-many-aliases = Too many aliases (at most { $max })
introspection-off = Introspection is turned off
document-unreadable = Document unreadable
invalid-value = Invalid value for { $type }
document-fragment-cycle = A fragment spreads itself
request-variables-not-objects = variables and extensions must be objects
request-operation-name-not-text = operationName must be a string
request-variables-invalid-json = variables: not valid JSON

## Pages
page-sign-in = Sign in
page-sign-out = Sign out
page-not-found = Not found
page-forbidden = Forbidden
page-internal = Something went wrong
page-not-found-explained = This page does not exist. Check the address, or go to the start page.
page-refused = That did not work
page-skip-to-content = Skip to content
page-navigation = Main menu
nav-my-work = My work
page-form-stale = This form no longer belongs to your session (for instance after signing in again). Open the page again and try once more; nothing was changed.
page-language-unknown = Ketenaanpak does not know this language; choose Nederlands or English.
page-internal-explained = Something went wrong on our side; nothing was changed. Please try again in a moment. If it keeps failing, tell your organisation's administrator the time it happened.
page-cross-site = This form was sent from another website and was therefore refused. Open the page again through Ketenaanpak and try once more.
label-unknown = unknown
field-email = E-mail address
field-password = Password

## Start page
page-start = Start
home-coming-meetings = Coming meetings
home-no-meetings = No meetings planned.
home-monthly-overview = Monthly overview
home-inbox = Referrals waiting for you
home-inbox-empty = No referral is waiting for your organisation.
home-all-referrals = All referrals
home-actions = My actions
home-action-due = due { $date }
home-actions-none = You have no open actions.
home-newly-shared = Newly shared in your chains
home-all-shared = All chain casework
home-outbox = Referred by your organisation
home-all-sent = All referrals sent
label-cancelled = cancelled
label-none = None
label-overdue = overdue

## Monthly overview
overview-title = Monthly casework overview
overview-first-shared = { $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
} first shared in { $chains ->
    [one] { $chains } chain
   *[other] { $chains } chains
}
overview-by-ground = By ground
overview-by-domain = By domain
overview-by-municipality = By municipality
overview-new-patterns = New patterns
overview-counterparty = Counterparty (pseudonym)
overview-reports = Reports
overview-organisations = Organisations
overview-own-report = With a report of your own
overview-waiting = Referrals waiting too long

## Agenda
confidentiality-default = Confidential: for the participants of this case meeting and their organisations only; do not pass on.
agenda-title = Agenda { $series }
agenda-cancelled = This meeting was cancelled.
agenda-frozen-on = Agenda frozen on { $at }
agenda-draft = Draft: the chair may still change the agenda until { $at }
agenda-chair = Chair
agenda-raised-by = Raised by { $organisation }
agenda-case = Case { $id }
agenda-no-longer-shared = No longer shared in the chain
agenda-pattern = Counterparty in { $reports } reports from { $organisations } organisations
agenda-pattern-cases = Cases
agenda-no-items = No agenda items yet.
agenda-attendance = Attendance
agenda-minutes-approved = minutes approved on { $at }
agenda-printed = Printed from Ketenaanpak · { $at }
agenda-kind-action = Action carried over
agenda-kind-shared-case = Newly shared case
agenda-kind-flagged-case = Flagged for discussion
agenda-kind-pattern = Pattern
agenda-kind-topic = Topic
minutes-notes = Notes
minutes-decision = Decision
field-organisation = Organisation
field-ground = Ground
field-domain = Domain
field-municipality = Municipality
field-month = Month
field-status = Status
field-owner = Owner
field-due = Due
field-presence = Presence
case-status-open = open
case-status-in-progress = in progress
case-status-closed = closed
action-status-open = open
action-status-in-progress = in progress
action-status-done = done
action-status-not-possible = not possible
action-status-lapsed = lapsed
presence-present = present
presence-apologies = apologies
presence-absent = absent

## Casework pages
cases-title = Reports
cases-all = All
cases-filter = Show
cases-caption = Your organisation's reports, newest first
cases-number = Number
cases-none = Your organisation has no reports yet.
cases-none-filtered = No reports match this choice.
cases-next-page = Next reports
cases-code = Number or public code
cases-code-hint = For example MDD-2026-0001, or the code partners quote
cases-from = Reported from
cases-to = Reported up to and including
cases-shared = Shared
cases-shared-yes = Shared with a chain
cases-shared-no = Not shared
cases-date-unreadable = A date of the period cannot be read (write for example 2026-11-02); that limit was left out.
case-new-title = New report
case-new-registration = Registration
case-new-legal-grounds = Legal grounds
case-new-other-grounds = Other grounds
case-new-summary-hint = Partners in the chain read this summary when you share the report. Name nothing a person can be recognised by.
case-new-identity = Identity
case-new-anonymous-question = Is the reporter known?
case-new-known = Yes, the reporter is known
case-new-anonymous = No, the report is anonymous
case-new-identity-hint = What you enter here is stored encrypted; only your organisation can read it, and every time someone opens it is recorded.
case-new-reporter = Reporter
case-new-counterparty = Counterparty
case-new-consent = Consent to register
case-new-consent-hint = Sharing with a chain or referring you record afterwards, on the report's page.
case-new-submit = Register the report
case-edit-title = Change the registration
case-edit-submit = Save the changes
case-status-missing = Choose the state of the report
case-title-own = Report { $number }
case-public-id = Public code: { $id }
case-identity-hint = Opening the identity is recorded in the audit trail.
case-identity-show = Show identity
case-identity-shown = This opening is recorded in the audit trail.
case-identity-empty = No identity details were recorded.
case-identity-anonymous = Anonymous report: there are no identity details.
case-identity-hide = Hide the identity again
case-sharing = Sharing with chains
case-sharing-hint = Sharing is possible only with the reporter's consent for that chain; partners then read the pseudonymised report, never the identity.
case-sharing-chain = Chain
case-sharing-state = State
case-sharing-action = What you can do
case-shared-since = Shared since { $at }
case-consent-not-shared = Consent given, not shared
case-no-consent = No consent to share
case-share = Share with { $chain }
case-unshare = Stop sharing with { $chain }
case-record-consent = Record consent for { $chain }
case-withdraw-consent = Withdraw the consent for { $chain }
consent-withdraw-title = Withdraw consent
consent-withdraw-chain = The reporter withdraws the consent to share this report pseudonymised with { $chain }. This happens at once:
consent-withdraw-share-ends = Sharing with this chain stops; the partners no longer see the report.
consent-withdraw-agenda = The chain's agenda items, minutes and actions that rest on this report are closed to the partners.
consent-withdraw-kept = The report itself stays with your organisation; the withdrawal is recorded.
consent-withdraw-confirm = Yes, withdraw the consent
consent-withdraw-back = No, back to the report
case-consents = The reporter's consent
case-consents-scope = For
case-consents-given = How and when
case-consents-none = No consent is in force.
case-consents-managed = { $scope ->
    [sharing] Manage under ‘Sharing with chains’: { $target }
   *[other] Manage under ‘Referring’: { $target }
}
case-consents-other = Other consent of the reporter
case-record-other-consent = Record consent
case-withdraw-register = Withdraw the consent to register
case-withdraw-contact = Withdraw the consent to contact the counterparty
case-withdraw-police = Withdraw the consent to pass on to the police
consent-scope-missing = Choose what the reporter consented to
consent-withdraw-register = The reporter withdraws the consent to register this report. This happens at once:
consent-withdraw-identity-erased = The report's identity details are erased, and the link with other reports about the same counterparty ends.
consent-withdraw-all-shares-end = Sharing with every chain stops, with the agenda items, minutes and actions resting on it.
consent-withdraw-all-referrals-end = Referrals not yet accepted end; their files are deleted.
consent-withdraw-all-consents-end = Every other consent of the reporter for this report ends too.
consent-withdraw-register-kept = The registration stays with your organisation without identity; the withdrawal is recorded.
consent-withdraw-contact = The reporter withdraws the consent to contact the counterparty. Your organisation no longer contacts the counterparty about this report.
consent-withdraw-police = The reporter withdraws the consent to pass the report on to the police. Your organisation no longer passes this report on to the police.
case-no-chains = Your organisation takes part in no chain.
form-errors-title = There is a problem
form-choose = Choose…
form-optional = optional
field-grounds = Grounds
field-manifestations = Manifestations
field-channel = How the report came in
field-handling = Handling
field-residence-municipality = Reporter's municipality of residence
field-incident-municipality = Municipality of the incident
field-incident-date = Date, or first day
field-incident-when = When did it happen?
field-incident-when-hint = One day: fill in the first date only. A period, such as repeated harassment: fill in the last day too.
field-incident-until = Last day, for a period
fact-incident-when = Date of the incident
fact-incident-period = from { $first } to { $last }
field-reported-on = Reported on
field-police-number = Police registration number
field-shared-summary = Summary for partners
field-reporter-name = Name
field-reporter-email = E-mail address
field-reporter-phone = Phone number
field-reporter-address = Address
field-counterparty-kind = Kind of counterparty
field-counterparty-name = Name of the counterparty
field-counterparty-address = Address of the counterparty
field-counterparty-numbers = Chamber of Commerce numbers, licence plates and the like (one per line)
field-account = The reporter's account
field-consent-method = How consent was given
field-consent-given-on = Date of the consent
counterparty-kind-person = A person
counterparty-kind-organisation = An organisation
consent-method-verbal = verbally
consent-method-written = in writing
consent-method-web-form = through the web form
consent-method-email = by e-mail
date-unreadable = Enter a real date, such as 31-12-2026
consent-method-missing = Choose how consent was given
counterparty-kind-missing = Choose whether the counterparty is a person or an organisation

## Referral pages
nav-referrals = Referrals
label-age-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
label-age-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
referral-state-draft = Draft
referral-state-sent = Sent
referral-state-opened = Opened
referral-state-accepted = Accepted
referral-state-declined = Declined
referral-state-withdrawn = Withdrawn
consent-scope-register = Register
consent-scope-share = Share with a chain
consent-scope-contact = Contact the counterparty
consent-scope-refer = Refer
consent-scope-police = Pass to the police
consent-withdrawn = withdrawn
referrals-inbox = Referrals received
referrals-outbox = Referrals sent
referrals-folders = Folders
referrals-from = From
referrals-to = To
referrals-sent = Sent on
referrals-urgency = Urgency
referrals-row-link = { $organisation }, { $sent }
referrals-waiting = waiting for { $age }
referrals-none-received = There are no referrals for your organisation.
referrals-none-sent = Your organisation has not referred anything yet.
intake-title = Refer a new intake
intake-receiver-heading = Refer to
intake-receiver-hint = The organisation for the reporter's municipality is listed first.
intake-consent = Consent to refer
intake-consent-hint = The reporter consents to handing the report, with their identity, over to this organisation.
intake-submit = Draft the referral
refer-title = Draft a referral
refer-of-case = Of report { $number }
refer-receiver = Receiver
refer-receiver-hint = Only organisations the reporter consented to; the one for the reporter's municipality is listed first.
refer-summary = Note for the receiver
refer-next-step = Next you add attachments and send the referral.
refer-submit = Make the draft
refer-no-consent = The reporter has not yet consented to a referral to any organisation. Record that consent on the report's page first.
refer-back = Back to the report
referral-title = Referral
referral-not-sent = Not sent yet
referral-declined-because = Reason for declining
referral-to-case = To the report you made of it
referral-dossier = Dossier
referral-dossier-shown = This opening is recorded in the audit trail.
referral-dossier-hide = Hide the dossier
referral-consents = The reporter's consents
referral-sealed-by-sender = The sender sealed the dossier itself; download it as an age file through the API and open it with your organisation's key.
referral-attachments = Attachments
referral-download = Download { $name }
referral-open-hint = The dossier holds the reporter's identity. Opening it is recorded in the audit trail.
referral-open = Open the dossier
referral-decide = Accept or decline
referral-accept-hint = Accepting makes it a report of your organisation, with the reporter's identity and consents. The sender learns that you accepted it.
referral-accept = Accept
referral-decline-reason = Reason for declining
referral-decline-hint = The sender reads this reason. Do not mention anything that identifies someone.
referral-decline = Decline
referral-attachment = Attachment
referral-attachment-hint = At most { $max }. The file is encrypted as it arrives; only the receiver can open it.
referral-attach = Add the attachment
referral-send-heading = Send
referral-send-hint = The staff of { $receiver } are told that a referral is waiting.
referral-send = Send the referral
referral-withdraw-hint = You can withdraw until the receiver opens the dossier; its files are then deleted.
referral-withdraw = Withdraw the referral
referral-back = To the referrals
attachment-added = The attachment was encrypted and added.
attachment-too-large = This file is too large; nothing of it was kept. Send a smaller file or split it.
attachment-missing = Choose a file first.
receiver-missing = Choose a receiver
case-referring = Referring
case-refer-consents = Organisations the reporter consented to a referral to
case-withdraw-refer-consent = Withdraw the consent for { $organisation }
case-refer-no-consent = The reporter has not yet consented to a referral.
case-refer-consent-to = Consent to refer to
case-record-refer-consent = Record the consent
case-referrals = Referrals of this report
consent-withdraw-organisation = You withdraw the consent to refer this report to { $organisation }.
consent-withdraw-referrals-end = Referrals to this organisation that were not yet accepted end at once, with their files.
consent-withdraw-accepted-kept = A referral already accepted stays a report of the receiver.

## Chain casework pages
chain-cases-title = Chain casework
chain-cases-hint = The reports partners shared in your chains, pseudonymised: no names, contact details or dates that could identify someone.
chain-cases-municipality = Municipality (residence or incident)
chain-cases-month-hint = Month of the incident, for example 2026-11
chain-cases-month-unreadable = This month cannot be read; write it as year-month, for example 2026-11. The list now shows every month.
chain-cases-caption = Shared reports, newest first
chain-cases-code = Code
chain-cases-none = No reports have been shared in your chains yet.
chain-cases-none-filtered = No shared reports match this choice.
case-notes = Notes
case-notes-none = No notes yet.
case-note-shared = shared with the chain
case-note-internal = internal
case-note-new = New note
case-note-who = Who reads this note?
case-note-internal-choice = Only my organisation (stored encrypted)
case-note-shared-choice = Also partners in the chains the report is shared with (checked for identifying details)
case-note-add = Add the note
case-pattern = Pattern
case-pattern-none = This report is not shared naming a counterparty.
case-pattern-counts = In { $chain }: { $reports ->
    [one] { $reports } report
   *[other] { $reports } reports
} about the same counterparty, from { $organisations ->
    [one] { $organisations } organisation
   *[other] { $organisations } organisations
}
case-pattern-in = The counterparty's pattern in { $chain }
case-actions = Actions
case-actions-none = No actions about this report were agreed in the chain.
pattern-title = A counterparty's pattern
pattern-in-chain = In { $chain }
pattern-pseudonym = Pseudonym in this chain
pattern-reports = Partners' reports
pattern-organisations = Organisations
pattern-hint = Reports of your own organisation are neither counted nor shown here.
pattern-cases = Reports you may open
pattern-back = Back to the report

## The GraphQL help page
graphql-help-title = The Ketenaanpak GraphQL API
graphql-help-intro = This address is the GraphQL API for systems and administrators. People who work in the chain use the web application; this page says how a program uses the API.
graphql-help-sign-in = Signing in
graphql-help-sign-in-text = Send a POST with JSON to this address. The login mutation returns a session token; an administrator can also create an API token.
graphql-help-ask = Asking
graphql-help-ask-text = Send the token in the Authorization header as a Bearer token. Changes always go by POST; a GET request may only read.
graphql-help-clients = Using a GraphQL client
graphql-help-clients-text = Any GraphQL client that fetches the schema itself (such as Altair, Insomnia or Bruno) works with this address and the token as a header. This page loads nothing from elsewhere.
graphql-help-schema = The whole schema is in schema/schema.graphql in the source, and ketenaanpak schema prints it.

## Mail
urgency-urgent = urgent
urgency-normal = normal
referral-outcome-accepted = accepted
referral-outcome-declined = declined
invitation-new = Invitation
invitation-changed = Updated

# Actions
nav-actions = Actions
actions-title = The chain's actions
actions-hint = What the chain's case meetings agreed. Only the organisation carrying out an action updates it.
actions-mine-title = My actions
actions-mine-hint = Your open actions and your organisation's that are assigned to no one in particular, in all your chains; the earliest first.
actions-mine-caption = Open actions of you and your organisation
actions-caption = Actions of the chosen chain
actions-owner = Carried out by
actions-due = Due
actions-due-before = Due before
actions-meeting = Agreed in the meeting of
actions-description = Action
actions-none = This chain has no actions yet.
actions-none-filtered = No actions match these filters.
actions-no-chains = Your organisation takes part in no chain.
actions-of-organisation = All actions of your organisation, by chain
action-title = Action
action-yours = assigned to you
action-reason = Why it is not possible
action-lapsed-explained = This action has lapsed: the reporter withdrew the consent it rested on. It can no longer be updated.
action-case-link = To the report the action is about
action-agenda-link = To the agenda of the meeting where the action was agreed
action-history = Progress
action-history-none = No progress has been recorded yet.
action-update = Update the action
action-update-status = Status
action-update-note = Progress
action-update-note-hint = The chain's partners read this. Write no names, addresses or anything else by which someone can be recognised.
action-update-reason = Why is the action not possible?
action-update-reason-hint = Needed only when you choose 'not possible'. The partners read this too.
action-update-submit = Save
action-status-missing = Choose the action's status
home-all-actions = All my actions

# Meetings
nav-meetings = Meetings
meetings-title = Meetings
meetings-hint = The case meetings of your chains, a year back and a year ahead.
meetings-coming = Coming meetings
meetings-past = Earlier meetings
meetings-when = Date and time
meetings-series = Meeting
meetings-location = Place
meetings-documents = Documents
meetings-you-chair = your organisation chairs
meetings-moved = moved
meetings-planned = planned
meetings-minutes-approved = minutes approved
meetings-minutes-pending = minutes not yet approved
meetings-agenda-of = Agenda of { $when }
meetings-minutes-of = Minutes of { $when }
meetings-none-coming = There are no coming meetings.
meetings-none-past = No meeting was held in the past year.
home-all-meetings = All meetings, earlier ones too

# The chair's agenda
prepare-title = Prepare the agenda
prepare-cancelled = This meeting is cancelled; the agenda no longer changes.
prepare-frozen = The agenda is settled and no longer changes.
prepare-freeze-at = The agenda is settled at { $at }. Until then you can add to it and order it; every hour what the chain shared is added by itself.
prepare-compile-hint = Fetches now what was shared, raised or agreed since the previous meeting. What you took off does not come back.
prepare-compile = Update the agenda now
prepare-items = Agenda items
prepare-position = No.
prepare-kind = Kind
prepare-subject = About
prepare-up = Item { $position } up
prepare-down = Item { $position } down
prepare-remove = Take item { $position } off the agenda
prepare-empty = The agenda has no items yet.
prepare-add-topic = Add a topic
prepare-topic-title = The topic's title
prepare-topic-hint = Every invited organisation reads this. No names or anything else by which someone can be recognised.
prepare-printable = See the agenda as the participants see it
meetings-prepare-of = Prepare the agenda of { $when }
prepare-remove-title = Take an item off the agenda
prepare-remove-explained = This item leaves the agenda and does not come back when the agenda is updated.
prepare-remove-confirm = Yes, take it off
prepare-remove-back = No, back to the agenda
agenda-direction-unknown = Choose up or down
agenda-minutes-with-items = The minutes were approved on { $at }; they are with each agenda item.

# Minutes
minutes-title = Minutes
minutes-draft = Draft: only your organisation sees these minutes until you approve them.
minutes-approved-on = Approved on { $at }. Every participant reads them; a change needs a reason and the earlier text stays visible.
minutes-not-yet = Minutes can be taken once the meeting has begun, and not of a cancelled meeting.
minutes-organisation = Organisation
minutes-presence = Attendance
minutes-save-attendance = Save attendance
minutes-items = Record per agenda item
minutes-items-hint = Every invited organisation reads this once approved. No names, addresses or anything else by which someone can be recognised.
minutes-item-legend = Item { $position }:
minutes-save = Save the minutes
minutes-amendment-reason = Reason for the change
minutes-amendment-hint = The minutes are approved; the participants see the reason and the earlier text.
minutes-amendments = Earlier texts
minutes-amendment-of = Item { $position }, changed on { $at }
minutes-previous-notes = Earlier record
minutes-previous-decisions = Earlier decision
minutes-new-action = Agree an action
minutes-action-item = Agreed on agenda item
minutes-add-action = Add the action
minutes-approve-heading = Approve the minutes
minutes-approve-hint = Once approved, every invited organisation reads the minutes.
minutes-approve = Approve the minutes
meetings-minutes-edit-of = Take the minutes of { $when }
flag-heading = Discuss at a meeting
flag-meeting = Meeting
flag-reason = Why do you want to discuss this report?
flag-reason-hint = Every invited organisation reads this. No names or anything else by which someone can be recognised.
flag-submit = Put it on the agenda
agenda-case-gone = The report of this agenda item is no longer shared; no action can be agreed about it

# Two-factor sign-in
sign-in-again = Your sign-in has expired or was refused too often. Sign in again with your password.
second-factor-wrong = This code is not right. Type the code your app shows now, or one of your recovery codes.
second-factor-used = This code has been used already. Wait for your app to show a new code.
totp-already-on = Two-step verification is on already
totp-start-again = Start setting up your app again
totp-required = Your organisation requires two-step verification for your role; you cannot turn it off
totp-not-on = Two-step verification is not on
totp-code-title = Code from your app
totp-code-explained = Your password is right. Now type the six-digit code your authenticator app shows for Ketenaanpak.
totp-code-field = Code
totp-code-hint = Six digits. If your phone is not at hand, type one of your recovery codes.
totp-code-submit = Sign in
totp-start-over = Start again with your e-mail address and password
totp-enrol-title = Set up two-step verification
totp-enrol-required = Your organisation asks a second step at sign-in for your role: a code from an app on your phone. Set it up now; then you can go on.
totp-enrol-explained = With two-step verification Ketenaanpak asks, after your password, for a code from an app on your phone. Whoever knows your password still cannot reach your work.
totp-enrol-step-app = Install an authenticator app on your phone if you do not have one yet (for example the app your organisation recommends).
totp-enrol-step-scan = Scan this QR code in the app.
totp-enrol-qr-label = QR code to add Ketenaanpak to your authenticator app
totp-enrol-secret = Cannot scan? Type this key into the app instead (time-based, six digits):
totp-enrol-step-code = Type the code the app shows now below.
totp-enrol-submit = Confirm
totp-codes-title = Your recovery codes
totp-codes-explained = If your phone is not at hand, you can type one of these codes at sign-in instead of the code from your app. Each code works once.
totp-codes-once = Keep them somewhere safe now, printed or in your password manager. Ketenaanpak shows them this once only.
totp-codes-continue = I have kept them, continue

# Account
nav-account = My account
account-title = My account
account-back = Back to my account
account-language = Language
account-language-field = Language of the pages and e-mail
account-language-submit = Save language
language-nl = Nederlands
language-en = English
account-password = Change password
account-current-password = Current password
account-new-password = New password
account-new-password-hint = A long sentence you can remember; not your e-mail address.
account-password-ends-sessions = After the change you are signed out everywhere else.
account-password-submit = Change password
account-totp = Two-step verification
account-totp-on = Two-step verification is on.
account-totp-codes-left = { $count ->
    [one] You have { $count } recovery code left.
   *[other] You have { $count } recovery codes left.
}
account-totp-renew-code = Code from your app, for new recovery codes
account-totp-renew = Make new recovery codes
account-totp-required = Your organisation requires two-step verification for your role.
account-totp-off = Turn off two-step verification
account-totp-off-submit = Turn off
account-totp-none = Two-step verification is off. Turn it on, so that your password alone is not enough to reach your work.
account-totp-enrol = Turn on two-step verification
account-sessions = Where you are signed in
account-sessions-caption = Your sessions that are still open, most recently used first
account-session-started = Signed in on
account-session-used = Last used
account-session-until = Ends on
account-session-this = this session
account-sessions-end = Sign out everywhere else
account-sessions-only-this = You are signed in here only.
account-done-password = Your password has been changed. You are signed out everywhere else.
account-done-sessions = You are signed out everywhere else.
account-done-totp-on = Two-step verification is on. You are signed out everywhere else.
account-done-totp-off = Two-step verification is off. You are signed out everywhere else.
account-done-language = Your language has been saved.
totp-secret-invalid = This is not a valid TOTP key: base32, at least 128 bits
