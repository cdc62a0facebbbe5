//! Mail templates: `templates/email/<name>/` holds `subject.txt`, `body.txt` and
//! `body.html`, one of each for every language. Their words come from the message catalogue
//! the pages use (`{{t "mail-…"}}`, said in the recipient's language), so a mail and the page
//! it links to speak alike; HTML bodies share `_layout.html`. They are compiled in and
//! checked at start; a missing parameter is an error, not an empty string.

use anyhow::Context;
use handlebars::Handlebars;
use serde_json::{json, Value};

use crate::domain::user::Language;

struct Template {
    name: &'static str,
    /// subject, plain text, HTML
    parts: [&'static str; 3],
}

macro_rules! template {
    ($name:literal) => {
        Template {
            name: $name,
            parts: [
                include_str!(concat!("../../templates/email/", $name, "/subject.txt")),
                include_str!(concat!("../../templates/email/", $name, "/body.txt")),
                include_str!(concat!("../../templates/email/", $name, "/body.html")),
            ],
        }
    };
}

const TEMPLATES: [Template; 15] = [
    template!("password_reset"),
    template!("work_role_granted"),
    template!("counterparty_limit_reached"),
    template!("referral_consent_withdrawn"),
    template!("action_lapsed"),
    template!("casework_overview"),
    template!("meeting_reminder"),
    template!("action_reminder"),
    template!("referral_received"),
    template!("referral_outcome"),
    template!("referral_escalated"),
    template!("meeting_invitation"),
    template!("meeting_cancelled"),
    template!("second_factor_removed"),
    template!("minutes_approved"),
];
const LAYOUT: &str = include_str!("../../templates/email/_layout.html");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub struct MailTemplates {
    text: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl MailTemplates {
    pub fn embedded() -> anyhow::Result<MailTemplates> {
        let mut text = Handlebars::new();
        text.set_strict_mode(true);
        text.register_escape_fn(handlebars::no_escape);
        text.register_helper("t", Box::new(crate::messages::template_helper));
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        html.register_helper("t", Box::new(crate::messages::template_helper));
        html.register_partial("layout", LAYOUT).context("email layout")?;
        for template in &TEMPLATES {
            let [subject, body_text, body_html] = template.parts;
            let name = template.name;
            text.register_template_string(&format!("{name}/subject"), subject)
                .with_context(|| format!("template {name}/subject.txt"))?;
            text.register_template_string(&format!("{name}/body"), body_text)
                .with_context(|| format!("template {name}/body.txt"))?;
            html.register_template_string(&format!("{name}/body"), body_html)
                .with_context(|| format!("template {name}/body.html"))?;
        }
        Ok(MailTemplates { text, html })
    }

    /// `params` may name catalogue terms (`{{t urgency}}`); everything is said in `language`.
    pub fn render(&self, name: &str, language: Language, params: &Value) -> anyhow::Result<RenderedMail> {
        let mut params = params.clone();
        if let Value::Object(map) = &mut params {
            map.insert("lang".into(), json!(language.as_str()));
        }
        let subject =
            self.text.render(&format!("{name}/subject"), &params).with_context(|| format!("subject of {name}"))?;
        // One line, always: a line break in a subject would be a header injection.
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = self.text.render(&format!("{name}/body"), &params).with_context(|| format!("text of {name}"))?;
        if let Value::Object(map) = &mut params {
            map.insert("subject".into(), json!(subject));
        }
        let html = self.html.render(&format!("{name}/body"), &params).with_context(|| format!("HTML of {name}"))?;
        Ok(RenderedMail { subject, text, html })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_the_recipients_language_and_escapes_html() {
        let templates = MailTemplates::embedded().unwrap();
        let params = json!({ "sender": "COC <Noord>", "receiver": "Meldpunt", "link": "https://k.example/referrals/1", "urgency": "urgency-urgent" });
        let nl = templates.render("referral_received", Language::Nl, &params).unwrap();
        assert!(nl.subject.starts_with("Er wacht een doorverwijzing"));
        assert!(nl.text.contains("COC <Noord>") && nl.text.contains("https://k.example/referrals/1"));
        assert!(nl.html.contains("COC &lt;Noord&gt;") && nl.html.contains("<html lang=\"nl\">"));
        assert_eq!(nl.subject, "Er wacht een doorverwijzing op u (spoed)");
        assert!(nl.html.contains("U krijgt dit bericht omdat u in Ketenaanpak werkt"), "the footer from the catalogue");
        let en = templates.render("referral_received", Language::En, &params).unwrap();
        assert_eq!(en.subject, "A referral is waiting for you (urgent)");
        let missing = templates.render("referral_received", Language::En, &json!({ "sender": "x" }));
        assert!(missing.is_err(), "a missing parameter is an error");
    }

    /// Every mail, in both languages, says all its words from the catalogue: no message id
    /// left unsaid, no value left out, and plurals follow the count.
    #[test]
    fn every_mail_is_said_whole_in_both_languages() {
        let templates = MailTemplates::embedded().unwrap();
        let params = json!({
            "link": "https://k.example/x", "total": 1, "overdue": 1, "soon": 0, "days": 3,
            "month": "2027-01", "organisation": "Meldpunt", "title": "Overleg", "date_nl": "dinsdag 9 maart 2027",
            "date_en": "Tuesday 9 March 2027", "time": "14:00–16:00", "location": "Assen", "change": "invitation-new",
            "organizer": "A. de Vries", "welcome": true, "hours": 24, "accepted": false, "working_days": 5,
            "sender": "COC Noord", "receiver": "Meldpunt", "outcome": "referral-outcome-accepted", "urgency": "urgency-normal",
        });
        for template in &TEMPLATES {
            for language in [Language::Nl, Language::En] {
                let mail = templates.render(template.name, language, &params).unwrap();
                for part in [&mail.subject, &mail.text, &mail.html] {
                    assert!(
                        !part.contains("mail-") && !part.contains("{$") && !part.contains('\u{2068}'),
                        "{}: {part}",
                        template.name
                    );
                }
            }
        }
        let reminder = templates.render("action_reminder", Language::Nl, &params).unwrap();
        assert_eq!(reminder.subject, "Herinnering: 1 actie vraagt aandacht");
        let many = json!({ "total": 4, "overdue": 3, "soon": 1, "days": 3, "link": "l" });
        assert_eq!(
            templates.render("action_reminder", Language::En, &many).unwrap().subject,
            "Reminder: 4 actions need attention"
        );
        let outcome = templates.render("referral_outcome", Language::Nl, &params).unwrap();
        assert_eq!(outcome.subject, "Uw doorverwijzing is geaccepteerd", "a term inside a message");
    }
}
