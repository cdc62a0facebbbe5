-- Every list is served in its order by an index and stops at its page: the cost of a page no
-- longer grows with the table (issue 13). Each index names the list it serves.

-- Chain casework: newest cases first, each checked against its active share.
CREATE INDEX cases_by_created ON cases (created_at, id);
-- Own cases: the id breaks ties in the keyset, so the index gives the whole order.
DROP INDEX cases_by_organisation;
CREATE INDEX cases_by_organisation ON cases (organisation_id, created_at, id);

-- Referral inbox and outbox, with and without a status filter; a case's referrals; the
-- escalation job's unopened referrals.
CREATE INDEX referrals_by_receiver_time ON referrals (receiver_organisation_id, created_at, id);
CREATE INDEX referrals_by_sender_time ON referrals (sender_organisation_id, created_at, id);
CREATE INDEX referrals_by_source_case ON referrals (source_case_id, created_at);
CREATE INDEX referrals_unescalated ON referrals (sent_at) WHERE status = 'sent' AND escalated_at IS NULL;

-- Actions: a chain's by due date, a case's (withdrawal lapses them), a meeting's, and the
-- open ones the reminders and agendas take.
CREATE INDEX actions_by_chain_due ON actions (chain_id, due_on, id);
CREATE INDEX actions_by_case ON actions (case_id, due_on);
CREATE INDEX actions_by_meeting ON actions (meeting_id, due_on);
CREATE INDEX actions_open_by_due ON actions (due_on, id) WHERE status IN ('open', 'in_progress') AND lapsed_at IS NULL;

-- The privacy officer's trail searched by record, person or kind of event.
CREATE INDEX audit_events_by_object ON audit_events (organisation_id, object_id, seq);
CREATE INDEX audit_events_by_actor ON audit_events (organisation_id, actor_user_id, seq);
CREATE INDEX audit_events_by_action ON audit_events (organisation_id, action, seq);

-- A series' meetings in time; the agenda job's meetings not yet frozen.
CREATE INDEX meetings_by_series_start ON meetings (series_id, starts_at);
CREATE INDEX meetings_unfrozen ON meetings (starts_at) WHERE status = 'planned' AND agenda_frozen_at IS NULL;
