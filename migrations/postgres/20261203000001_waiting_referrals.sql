-- The referrals that wait at an organisation, by urgency and the longest waiting first: the
-- start page shows the first few without reading the whole backlog (issue 13).
CREATE INDEX referrals_waiting ON referrals (receiver_organisation_id, urgency, sent_at)
    WHERE status IN ('sent', 'opened');
