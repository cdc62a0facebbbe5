//! Calendar invitations (RFC 5545), so a meeting lands in Outlook and any other calendar: a
//! stable UID per meeting, SEQUENCE raised on every change, METHOD:REQUEST or METHOD:CANCEL,
//! and times in the Europe/Amsterdam zone with its definition included.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Amsterdam;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

pub struct Invitation<'a> {
    pub method: Method,
    /// Stable for the meeting: `<meeting id>@<host>`.
    pub uid: &'a str,
    pub sequence: i64,
    pub title: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub organizer: Organizer<'a>,
    pub attendee: &'a str,
    pub stamp: DateTime<Utc>,
}

/// Who organises: a person, whom the attendees' replies reach, or (for a series that names
/// nobody) the service's own address, in which case the invitation asks for no reply.
#[derive(Debug, Clone, Copy)]
pub enum Organizer<'a> {
    Person { name: &'a str, email: &'a str },
    Service { email: &'a str },
}

impl Organizer<'_> {
    fn line(&self) -> String {
        match self {
            Organizer::Person { name, email } => format!("ORGANIZER;CN={}:mailto:{email}", parameter(name)),
            Organizer::Service { email } => format!("ORGANIZER:mailto:{email}"),
        }
    }

    fn asks_reply(&self) -> bool {
        matches!(self, Organizer::Person { .. })
    }
}

/// The zone as calendars expect it: CET in winter, CEST from the last Sunday of March to the
/// last Sunday of October.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\nEND:VTIMEZONE\r\n";

pub fn render(invitation: &Invitation) -> String {
    let (method, status) = match invitation.method {
        Method::Request => ("REQUEST", "CONFIRMED"),
        Method::Cancel => ("CANCEL", "CANCELLED"),
    };
    let local = |at: DateTime<Utc>| at.with_timezone(&Amsterdam).format("%Y%m%dT%H%M%S").to_string();
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "PRODID:-//Ketenaanpak//Casuistiekoverleg//NL".to_string(),
        "VERSION:2.0".to_string(),
        format!("METHOD:{method}"),
        "CALSCALE:GREGORIAN".to_string(),
    ];
    let event = [
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", text(invitation.uid)),
        format!("SEQUENCE:{}", invitation.sequence),
        format!("DTSTAMP:{}", invitation.stamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID=Europe/Amsterdam:{}", local(invitation.starts_at)),
        format!("DTEND;TZID=Europe/Amsterdam:{}", local(invitation.ends_at)),
        format!("SUMMARY:{}", text(invitation.title)),
        format!("LOCATION:{}", text(invitation.location)),
        format!("DESCRIPTION:{}", text(invitation.description)),
        invitation.organizer.line(),
        format!(
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP={}:mailto:{}",
            if invitation.organizer.asks_reply() { "TRUE" } else { "FALSE" },
            invitation.attendee
        ),
        format!("STATUS:{status}"),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    let mut out = String::new();
    for line in &lines {
        out.push_str(&fold(line));
    }
    out.push_str(VTIMEZONE);
    for line in &event {
        out.push_str(&fold(line));
    }
    out
}

/// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// A parameter value (a name in CN=) is quoted, without the quotes and control characters
/// it cannot hold (§3.2: QSAFE-CHAR excludes DQUOTE and CONTROL).
fn parameter(value: &str) -> String {
    let clean: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// Lines longer than 75 octets continue on the next line after a space (§3.1), never
/// splitting a UTF-8 character; every line ends in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn renders_a_request_with_zone_escapes_and_folding() {
        let at = Utc.with_ymd_and_hms(2027, 6, 8, 12, 0, 0).unwrap();
        let invitation = Invitation {
            method: Method::Request,
            uid: "m1@ketenaanpak.example",
            sequence: 2,
            title: "Casuïstiekoverleg Drenthe; juni, met OM",
            location: "Politiebureau Assen, Zaal 3",
            description: &"Agenda: https://k.example/meetings/m1 ".repeat(4),
            starts_at: at,
            ends_at: at + chrono::Duration::hours(2),
            organizer: Organizer::Person { name: "A. \"Voorzitter\"\t de\u{7f} Vries", email: "analyst@edn.example" },
            attendee: "caseworker@mdd.example",
            stamp: at,
        };
        let ics = render(&invitation);
        assert!(ics.contains("METHOD:REQUEST\r\n") && ics.contains("SEQUENCE:2\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/Amsterdam:20270608T140000\r\n"), "12:00 UTC is 14:00 in June");
        assert!(ics.contains("SUMMARY:Casuïstiekoverleg Drenthe\\; juni\\, met OM\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75), "folded");
        assert!(ics.contains("TZID:Europe/Amsterdam\r\n"));
        assert!(ics.contains("ORGANIZER;CN=\"A. Voorzitter de Vries\":mailto:analyst@edn.example\r\n"), "{ics}");
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("RSVP=TRUE:mailto:caseworker@mdd.example"), "{unfolded}");
        let nobody = render(&Invitation { organizer: Organizer::Service { email: "noreply@k.example" }, ..invitation });
        assert!(nobody.contains("ORGANIZER:mailto:noreply@k.example\r\n"));
        assert!(nobody.replace("\r\n ", "").contains("RSVP=FALSE:mailto:caseworker@mdd.example"));
        let cancel = render(&Invitation { method: Method::Cancel, ..invitation });
        assert!(cancel.contains("METHOD:CANCEL\r\n") && cancel.contains("STATUS:CANCELLED\r\n"));
    }
}
