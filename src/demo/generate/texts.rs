//! The words of generated casework: summaries, notes and minutes that partners read, each
//! passed through the one shareable-text check before the first row is written, and the
//! made-up people of the sealed identity blocks.

use crate::domain::shareable_text::{checked, CaseSecrets, Shape};

pub const SUMMARIES: [&str; 8] = [
    "Melder werd bij een sollicitatie afgewezen met een opmerking over afkomst.",
    "Scheldpartij op straat; melder voelde zich bedreigd.",
    "Melder kreeg geen toegang tot een horecagelegenheid.",
    "Herhaalde beledigingen door buren over een langere periode.",
    "Kwetsende reacties onder een bericht op sociale media.",
    "Melder werd op school gepest om geloof.",
    "Weigering van een huurwoning na het noemen van een naam.",
    "Bekladding van een voordeur met een hakenkruis.",
];

pub const SHARED_NOTES: [&str; 8] = [
    "Melder is teruggebeld en heeft advies gekregen.",
    "Besproken in het casusoverleg; politie neemt contact op.",
    "Aangifte opgenomen en doorgestuurd.",
    "Bemiddelingsgesprek gepland met de wederpartij.",
    "Wederpartij heeft schriftelijk gereageerd.",
    "Zaak afgesloten na overleg met melder.",
    "Melder wil de zaak alleen laten registreren.",
    "Opvolging afgesproken over vier weken.",
];

pub const INTERNAL_NOTES: [&str; 4] = [
    "Intern: melder is telefonisch lastig bereikbaar, liever per e-mail.",
    "Intern: melder wil niet dat de werkgever benaderd wordt.",
    "Intern: getuige genoemd, gegevens in het dossier.",
    "Intern: eerder contact met deze melder in een andere zaak.",
];

pub const MINUTE_NOTES: [&str; 4] = [
    "Casus besproken; de partners delen wat zij weten.",
    "Politie licht de stand van het onderzoek toe.",
    "Meldpunt heeft contact gehad met de melder.",
    "Patroon herkend; meer meldingen over dezelfde wederpartij.",
];

pub const MINUTE_DECISIONS: [&str; 4] = [
    "Politie neemt contact op met de wederpartij.",
    "Meldpunt biedt bemiddeling aan.",
    "Casus komt terug op het volgende overleg.",
    "Geen verdere actie; casus gesloten.",
];

pub const ACTIONS: [&str; 4] = [
    "Contact opnemen met de wederpartij",
    "Melder informeren over de uitkomst",
    "Stand van het onderzoek navragen",
    "Voorlichting op school afstemmen",
];

pub const PROGRESS_DONE: &str = "Afgerond.";
pub const DECLINE_REASON: &str = "Valt buiten ons werkgebied.";
pub const REFERRAL_SUMMARY: &str = "Melding over discriminatie; overdracht voor verdere behandeling.";

pub const GIVEN_NAMES: [&str; 10] =
    ["Sanne", "Mohammed", "Fatima", "Daan", "Noor", "Liam", "Ayşe", "Kees", "Priya", "Jan"];
pub const FAMILY_NAMES: [&str; 10] =
    ["de Vries", "El Amrani", "Jansen", "Yılmaz", "Bakker", "Mahabier", "Visser", "Kowalski", "Smit", "Boukhari"];

/// Every text above that partners read, checked as the service checks them; a text that would
/// be refused stops the generator before it writes anything.
pub fn check_all() -> anyhow::Result<()> {
    let none = CaseSecrets { identity_strings: Vec::new(), account: None };
    let partners_read =
        SUMMARIES.iter().chain(&SHARED_NOTES).chain(&MINUTE_NOTES).chain(&MINUTE_DECISIONS).chain(&ACTIONS);
    for text in partners_read.chain([&DECLINE_REASON, &REFERRAL_SUMMARY, &PROGRESS_DONE]) {
        checked(text, Shape::paragraphs(2_000), &none)
            .map_err(|_| anyhow::anyhow!("a generated text would not pass the shareable-text check"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_generated_text_partners_read_passes_the_check() {
        super::check_all().unwrap();
    }
}
