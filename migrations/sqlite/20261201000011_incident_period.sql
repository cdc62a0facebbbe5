-- An incident can span a period (repeated harassment, say): its last day, beside the first in
-- incident_date. NULL for a single day.
ALTER TABLE cases ADD COLUMN incident_until TEXT;
