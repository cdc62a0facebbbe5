-- The person of the chair's organisation who organises a series: calendar invitations name
-- them as ORGANIZER, so an RSVP reaches someone instead of a no-reply address. Empty for a
-- series set up before there was one; its invitations then ask for no reply.
ALTER TABLE meeting_series ADD COLUMN organizer_user_id TEXT REFERENCES users (id);
