//! Mail templates: `templates/email/<name>/` holds `subject.<lang>.txt`, `body.<lang>.txt`
//! and `body.<lang>.html` for Dutch and English; HTML bodies share `_layout.html`. They are
//! compiled in and checked at start; a missing parameter is an error, not an empty string.

use anyhow::Context;
use handlebars::Handlebars;
use serde_json::{json, Value};

use crate::domain::user::Language;

struct Template {
    name: &'static str,
    /// subject nl, subject en, text nl, text en, html nl, html en
    parts: [&'static str; 6],
}

macro_rules! template {
    ($name:literal) => {
        Template {
            name: $name,
            parts: [
                include_str!(concat!("../../templates/email/", $name, "/subject.nl.txt")),
                include_str!(concat!("../../templates/email/", $name, "/subject.en.txt")),
                include_str!(concat!("../../templates/email/", $name, "/body.nl.txt")),
                include_str!(concat!("../../templates/email/", $name, "/body.en.txt")),
                include_str!(concat!("../../templates/email/", $name, "/body.nl.html")),
                include_str!(concat!("../../templates/email/", $name, "/body.en.html")),
            ],
        }
    };
}

const TEMPLATES: [Template; 13] = [
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
            for (index, lang) in ["nl", "en"].into_iter().enumerate() {
                let key = |part: &str| format!("{}/{part}.{lang}", template.name);
                text.register_template_string(&key("subject"), template.parts[index])
                    .with_context(|| format!("template {}", key("subject")))?;
                text.register_template_string(&key("body"), template.parts[2 + index])
                    .with_context(|| format!("template {}", key("body.txt")))?;
                html.register_template_string(&key("body"), template.parts[4 + index])
                    .with_context(|| format!("template {}", key("body.html")))?;
            }
        }
        Ok(MailTemplates { text, html })
    }

    /// `params` may name catalogue terms (`{{t urgency}}`); they are said in `language`.
    pub fn render(&self, name: &str, language: Language, params: &Value) -> anyhow::Result<RenderedMail> {
        let lang = language.as_str();
        let mut params = params.clone();
        if let Value::Object(map) = &mut params {
            map.insert("lang".into(), json!(lang));
        }
        let params = &params;
        let subject = self
            .text
            .render(&format!("{name}/subject.{lang}"), params)
            .with_context(|| format!("subject of {name}"))?;
        // One line, always: a line break in a subject would be a header injection.
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let text =
            self.text.render(&format!("{name}/body.{lang}"), params).with_context(|| format!("text of {name}"))?;
        let footer = match language {
            Language::Nl => "Je krijgt dit bericht omdat je in Ketenaanpak werkt.",
            Language::En => "You receive this because you work in Ketenaanpak.",
        };
        let mut html_params = params.clone();
        if let Value::Object(map) = &mut html_params {
            map.insert("lang".into(), json!(lang));
            map.insert("subject".into(), json!(subject));
            map.insert("footer".into(), json!(footer));
        }
        let html = self
            .html
            .render(&format!("{name}/body.{lang}"), &html_params)
            .with_context(|| format!("HTML of {name}"))?;
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
        assert_eq!(nl.subject, "Er wacht een doorverwijzing op jullie (spoed)");
        let en = templates.render("referral_received", Language::En, &params).unwrap();
        assert_eq!(en.subject, "A referral is waiting for you (urgent)");
        let missing = templates.render("referral_received", Language::En, &json!({ "sender": "x" }));
        assert!(missing.is_err(), "a missing parameter is an error");
    }
}
