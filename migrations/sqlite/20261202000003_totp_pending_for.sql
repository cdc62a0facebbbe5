-- Which sign-in or session started an enrolment that is not yet confirmed: only that one may
-- see its secret again or confirm it, so a secret shown to one party is never confirmed by
-- another (someone who has only the password cannot plant an app of theirs).
ALTER TABLE user_totp ADD COLUMN pending_for TEXT;
