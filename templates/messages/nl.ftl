# The message catalogue, Dutch (the default). Every id here is in en.ftl too (a test checks
# both ways), and every reason code the service gives has its message here.

## Refusals of any request
unauthenticated = Niet ingelogd of sessie verlopen
login-failed = E-mailadres of wachtwoord onjuist
throttled = Te veel mislukte pogingen; probeer het later opnieuw
counterparty-limit = Je hebt vandaag vaak een wederpartij ingevuld; probeer het morgen opnieuw. Je functionaris gegevensbescherming is ingelicht
forbidden = Je rol staat dit niet toe
not-found = Niet gevonden
damaged = Het versleutelde bestand is beschadigd of onvolledig
key-offline = Deze organisatie bewaart haar sleutel zelf; download de age-bestanden
too-large = Te groot: hoogstens { $max } bytes
internal = Interne fout; vermeld verzoek-id { $request }
internal-see-header = Interne fout; zie de x-request-id-header

## Typed text
text-empty = Mag niet leeg zijn
text-too-long = Mag hoogstens { $max } tekens lang zijn
text-control-characters = Bevat stuurtekens of (op één regel) een regeleinde
text-identifying = Deze tekst noemt iets waaraan iemand te herkennen is: { $findings }. Schrijf de tekst zonder
finding = { $kind } op positie { $position }
finding-email-address = e-mailadres
finding-phone-number = telefoonnummer
finding-bsn = BSN
finding-iban = IBAN
finding-postcode-with-house-number = postcode met huisnummer
finding-licence-plate = kenteken
finding-chamber-of-commerce-number = KvK-nummer
finding-identity-detail = naam of contactgegeven uit de identiteitsgegevens
finding-reporters-account = tekst uit het eigen verhaal van de melder

## Accounts
email-invalid = Dit is geen geldig e-mailadres
email-taken = Dit e-mailadres is al in gebruik
password-hash-not-argon2id = Dit is geen overneembare wachtwoordhash: alleen Argon2id versie 19 in PHC-vorm ($argon2id$v=19$…), met 19–64 MiB geheugen, 2–10 rondes en 1–8 threads
password-too-short = Een wachtwoord heeft minstens { $min } tekens
password-too-long = Een wachtwoord heeft hoogstens { $max } tekens
password-is-email = Het wachtwoord mag niet je e-mailadres zijn
current-password-wrong = Het huidige wachtwoord klopt niet
roles-empty = Geef minstens één rol op
role-not-for-kind = De rol { $role } bestaat niet in dit soort organisatie
role-caseworker = medewerker meldpunt
role-police-officer = politiemedewerker
role-prosecutor = officier van justitie
role-intake = intakemedewerker
role-analyst = analist
role-policy-viewer = beleidsmedewerker
role-org-admin = beheerder
role-privacy-officer = functionaris gegevensbescherming
own-account-disable = Je kunt je eigen account niet uitschakelen
own-roles = Je kunt je eigen rollen niet wijzigen; vraag een andere beheerder
last-privacy-officer = Dit is de laatste functionaris gegevensbescherming van de organisatie; wijs eerst een ander aan
import-needs-privacy-officer = Na het overnemen heeft de organisatie geen functionaris gegevensbescherming; neem er een mee over
token-sign-out = Een API-token log je niet uit maar trek je in
token-valid-days = Tussen 1 en 3650 dagen
token-name-taken = Er is al een token met deze naam
organisation-name-invalid = Naam: { $problem }
organisation-region-invalid = Regio: { $problem }
organisation-name-taken = Er is al een organisatie met de naam { $name }
organisation-unknown = Onbekende organisatie
municipality-code-invalid = { $code } is geen CBS-gemeentecode (GM gevolgd door vier cijfers)
chain-name-invalid = Naam: { $problem }
chain-scope-invalid = Regio of thema: { $problem }
chain-name-taken = Er is al een keten met deze naam
not-an-age-recipient = Geen age-ontvanger (age1…)

## Casework
code-unknown = Geen bekende code uit de taxonomie
codes-empty = Geef er minstens één
code-twice = Dezelfde code staat er twee keer in
ground-unknown-with-others = 'Onbekend' gaat niet samen met andere gronden
incident-after-report = Ligt na de meldingsdatum
period-ends-before-start = Ligt vóór de eerste dag van het voorval
period-without-start = Vul de eerste dag in; de laatste dag staat er al
date-in-future = Ligt in de toekomst
police-number-not-police = Alleen voor zaken van de politie
case-prefix-letters = 2 tot 6 letters
consent-share-needs-chain = Toestemming om te delen noemt één keten
consent-refer-needs-organisation = Toestemming om door te verwijzen noemt één organisatie
consent-no-target-for-scope = Deze toestemming noemt geen keten of organisatie
consent-already-withdrawn = Deze toestemming is al ingetrokken
consent-already-given = Deze toestemming is al vastgelegd
registration-consent-withdrawn = De melder heeft de toestemming voor registratie ingetrokken. U kunt voor deze melding geen nieuwe toestemming meer vastleggen
consent-missing-for-chain = De melder gaf geen toestemming om met deze keten te delen
consent-missing-for-referral = De melder gaf geen toestemming om naar deze organisatie door te verwijzen
not-a-chain-member = Je organisatie is geen lid van deze keten
already-shared = Al gedeeld met deze keten
note-length = 1 tot 8000 tekens

## Referrals
referral-step-not-possible = Dit kan niet meer: de doorverwijzing is { $status }
referral-status-draft = een concept
referral-status-sent = verstuurd
referral-status-opened = geopend
referral-status-accepted = aangenomen
referral-status-declined = afgewezen
referral-status-withdrawn = ingetrokken
referral-to-other-organisation = Een doorverwijzing gaat naar een andere organisatie
receiver-keeps-no-cases = Naar deze organisatie kan niet worden doorverwezen: zij houdt geen meldingen bij
referral-open-first = Open de doorverwijzing eerst
referral-sent-meanwhile = De doorverwijzing is intussen verstuurd; het bestand is niet bewaard
dossier-missing = Er is nog geen dossier geüpload
dossier-foreign-format = Dit dossier is niet in het formaat van Ketenaanpak; registreer de melding zelf
not-an-age-file = Dit is geen age-bestand
upload-broken-off = Het uploaden is afgebroken

## Meetings
cadence-rule-invalid = Geen geldige cron-regel
cadence-no-dates = Geef minstens één datum
cadence-weeks = { $min } tot { $max } weken
cadence-too-often = Hoogstens één overleg per week
cadence-rule-fields = Een cron-regel heeft vijf velden, zonder seconden
cadence-too-many-dates = Hoogstens { $max } data
series-changed-meanwhile = De reeks is intussen gewijzigd; laad haar opnieuw
a-meeting-changed-meanwhile = Een overleg is intussen gewijzigd
meeting-changed-meanwhile = Het overleg is intussen gewijzigd
chair-not-a-member = De voorzitter komt uit een lid van de keten
series-duration-or-horizon = 15 tot 600 minuten, 1 tot 730 dagen vooruit
invitee-not-of-a-member = Alleen mensen van leden van de keten
meeting-cancelled = Dit overleg is geannuleerd
meeting-already-cancelled = Dit overleg is al geannuleerd
meeting-not-begun = Het overleg is nog niet begonnen
agenda-frozen = De agenda is vastgesteld
agenda-order-incomplete = Noem elk agendapunt precies één keer
case-already-on-agenda = Deze casus staat al als agendapunt
held-meeting-not-past = Een gehouden overleg ligt vóór vandaag
held-meeting-exists = Deze reeks heeft op die dag al een overleg
organisation-not-in-chain = Die organisatie is geen lid van de keten
not-an-agenda-item = Geen agendapunt van dit overleg
amendment-reason-missing = Goedgekeurde notulen wijzigen alleen met een reden
confidentiality-fixed = De vertrouwelijkheidsverklaring ligt vast na goedkeuring
attendee-not-a-member = Alleen leden van de keten
minutes-approved = De notulen zijn goedgekeurd
minutes-missing = Er zijn nog geen notulen
minutes-already-approved = De notulen zijn al goedgekeurd
owner-not-a-member = De eigenaar is geen lid van de keten
owner-user-elsewhere = Deze persoon hoort niet bij de eigenaar
action-lapse-by-service = Alleen het systeem laat een actie vervallen
action-lapsed = Deze actie is vervallen
action-reason-missing = Zeg waarom het niet kan

## Figures
month-not-begun = Kies een maand die begonnen is

## The GraphQL door
request-not-json = Alleen application/json wordt aanvaard
request-too-large = Verzoek te groot
request-unreadable = Verzoek onleesbaar
request-invalid-json = Geen geldige JSON
request-batched = Gebundelde verzoeken worden niet aanvaard
request-not-graphql = Geen GraphQL-verzoek
request-query-missing = Veld query ontbreekt of is geen tekst
request-query-parameter-missing = Parameter query ontbreekt
mutation-over-get = Mutaties alleen via POST
document-missing = Geen GraphQL-document
document-too-large = Document te groot (hoogstens { $max } bytes)
document-too-deep = Te diep genest (hoogstens { $max } niveaus)
document-too-many-fields = Te veel velden (hoogstens { $max }, fragmenten meegeteld)
document-fields-too-deep = Te diep genest (hoogstens { $max } velden diep)
document-too-many-aliases = Te veel aliassen (hoogstens { $max })
introspection-off = Introspectie staat uit
document-unreadable = Document onleesbaar
invalid-value = Ongeldige waarde voor { $type }
document-fragment-cycle = Een fragment gebruikt zichzelf
request-variables-not-objects = variables en extensions zijn objecten
request-operation-name-not-text = operationName is tekst
request-variables-invalid-json = variables: geen geldige JSON

## Pages
page-sign-in = Inloggen
page-sign-out = Uitloggen
page-not-found = Niet gevonden
page-forbidden = Geen toegang
page-internal = Er ging iets mis
page-not-found-explained = Deze pagina bestaat niet. Controleer het adres, of ga naar de startpagina.
page-refused = Dat lukte niet
page-skip-to-content = Naar de inhoud
page-navigation = Hoofdmenu
nav-my-work = Mijn werk
page-form-stale = Dit formulier hoort niet meer bij uw sessie (bijvoorbeeld na opnieuw inloggen). Open de pagina opnieuw en probeer het nog eens; er is niets gewijzigd.
page-language-unknown = Deze taal kent Ketenaanpak niet; kies Nederlands of English.
page-internal-explained = Er ging aan onze kant iets mis; er is niets gewijzigd. Probeer het zo nog eens. Blijft het misgaan, meld dan het tijdstip aan de beheerder van uw organisatie.
page-cross-site = Dit formulier is vanaf een andere website verstuurd en daarom geweigerd. Open de pagina opnieuw via Ketenaanpak en probeer het nog eens.
label-unknown = onbekend
field-email = E-mailadres
field-password = Wachtwoord

## Start page
page-start = Start
home-coming-meetings = Komende overleggen
home-no-meetings = Geen overleggen gepland.
home-monthly-overview = Maandoverzicht
home-inbox = Doorverwijzingen die op u wachten
home-inbox-empty = Er wacht geen doorverwijzing op uw organisatie.
home-all-referrals = Alle doorverwijzingen
home-actions = Mijn acties
home-action-due = uiterlijk { $date }
home-actions-none = U heeft geen open acties.
home-newly-shared = Nieuw gedeeld in uw ketens
home-all-shared = Alle ketencasuïstiek
home-outbox = Door uw organisatie doorverwezen
home-all-sent = Alle verstuurde doorverwijzingen
label-cancelled = geannuleerd
label-none = Geen
label-overdue = te laat

## Monthly overview
overview-title = Maandoverzicht casuïstiek
overview-first-shared = { $cases ->
    [one] { $cases } melding
   *[other] { $cases } meldingen
} voor het eerst gedeeld in { $chains ->
    [one] { $chains } keten
   *[other] { $chains } ketens
}
overview-by-ground = Per grond
overview-by-domain = Per terrein
overview-by-municipality = Per gemeente
overview-new-patterns = Nieuwe patronen
overview-counterparty = Wederpartij (pseudoniem)
overview-reports = Meldingen
overview-organisations = Organisaties
overview-own-report = Met een eigen melding
overview-waiting = Doorverwijzingen die te lang wachten

## Agenda
confidentiality-default = Vertrouwelijk: alleen voor de deelnemers aan dit casuïstiekoverleg en hun organisaties; niet verder verspreiden.
agenda-title = Agenda { $series }
agenda-cancelled = Dit overleg is geannuleerd.
agenda-frozen-on = Agenda vastgesteld op { $at }
agenda-draft = Concept: de voorzitter kan de agenda nog wijzigen tot { $at }
agenda-chair = Voorzitter
agenda-raised-by = Ingebracht door { $organisation }
agenda-case = Melding { $id }
agenda-no-longer-shared = Niet meer gedeeld in de keten
agenda-pattern = Wederpartij in { $reports } meldingen van { $organisations } organisaties
agenda-pattern-cases = Meldingen
agenda-no-items = Nog geen agendapunten.
agenda-attendance = Aanwezig
agenda-minutes-approved = notulen goedgekeurd op { $at }
agenda-printed = Afgedrukt uit Ketenaanpak · { $at }
agenda-kind-action = Afspraak, doorlopend
agenda-kind-shared-case = Nieuw gedeelde melding
agenda-kind-flagged-case = Ter bespreking ingebracht
agenda-kind-pattern = Patroon
agenda-kind-topic = Onderwerp
minutes-notes = Verslag
minutes-decision = Besluit
field-organisation = Organisatie
field-ground = Grond
field-domain = Terrein
field-municipality = Gemeente
field-month = Maand
field-status = Status
field-owner = Eigenaar
field-due = Uiterlijk
field-presence = Aanwezigheid
case-status-open = open
case-status-in-progress = in behandeling
case-status-closed = afgesloten
action-status-open = open
action-status-in-progress = bezig
action-status-done = gedaan
action-status-not-possible = niet mogelijk
action-status-lapsed = vervallen
presence-present = aanwezig
presence-apologies = afgemeld
presence-absent = afwezig

## Casework pages
cases-title = Meldingen
cases-all = Alle
cases-filter = Toon
cases-caption = De meldingen van uw organisatie, nieuwste eerst
cases-number = Nummer
cases-none = Uw organisatie heeft nog geen meldingen.
cases-none-filtered = Geen meldingen die aan deze keuze voldoen.
cases-next-page = Volgende meldingen
cases-code = Nummer of publieke code
cases-code-hint = Bijvoorbeeld MDD-2026-0001 of de code die partners noemen
cases-from = Gemeld vanaf
cases-to = Gemeld tot en met
cases-shared = Gedeeld
cases-shared-yes = Gedeeld met een keten
cases-shared-no = Niet gedeeld
cases-date-unreadable = Een datum van de periode is niet te lezen (schrijf bijvoorbeeld 2026-11-02); die grens is weggelaten.
case-new-title = Nieuwe melding
case-new-registration = Registratie
case-new-legal-grounds = Wettelijke gronden
case-new-other-grounds = Andere gronden
case-new-summary-hint = Partners in de keten lezen deze samenvatting als u de melding deelt. Noem niets waaraan iemand te herkennen is.
case-new-identity = Identiteit
case-new-anonymous-question = Is de melder bekend?
case-new-known = Ja, de melder is bekend
case-new-anonymous = Nee, de melding is anoniem
case-new-identity-hint = Wat u hier invult wordt versleuteld bewaard; alleen uw organisatie kan het lezen, en elke keer dat iemand het opent wordt vastgelegd.
case-new-reporter = Melder
case-new-counterparty = Wederpartij
case-new-consent = Toestemming om te registreren
case-new-consent-hint = Delen met een keten of doorverwijzen legt u daarna vast, op de pagina van de melding.
case-new-submit = Melding registreren
case-edit-title = Registratie wijzigen
case-edit-submit = Wijzigingen opslaan
case-status-missing = Kies de stand van de melding
case-title-own = Melding { $number }
case-public-id = Publieke code: { $id }
case-identity-hint = Het openen van de identiteit wordt vastgelegd in het auditlogboek.
case-identity-show = Toon identiteit
case-identity-shown = Dit openen is vastgelegd in het auditlogboek.
case-identity-empty = Er zijn geen identiteitsgegevens vastgelegd.
case-identity-anonymous = Anonieme melding: er zijn geen identiteitsgegevens.
case-identity-hide = Identiteit weer verbergen
case-sharing = Delen met ketens
case-sharing-hint = Delen kan alleen met toestemming van de melder voor die keten; partners lezen dan de gepseudonimiseerde melding, nooit de identiteit.
case-sharing-chain = Keten
case-sharing-state = Stand
case-sharing-action = Wat u kunt doen
case-shared-since = Gedeeld sinds { $at }
case-consent-not-shared = Toestemming gegeven, niet gedeeld
case-no-consent = Geen toestemming om te delen
case-share = Delen met { $chain }
case-unshare = Niet meer delen met { $chain }
case-record-consent = Toestemming voor { $chain } vastleggen
case-withdraw-consent = Toestemming voor { $chain } intrekken
consent-withdraw-title = Toestemming intrekken
consent-withdraw-chain = De melder trekt de toestemming in om deze melding gepseudonimiseerd te delen met { $chain }. Dan gebeurt direct het volgende:
consent-withdraw-share-ends = Het delen met deze keten stopt; de partners zien de melding niet meer.
consent-withdraw-agenda = Agendapunten, notulen en acties van de keten die op deze melding rusten, worden voor de partners afgesloten.
consent-withdraw-kept = De melding zelf blijft bij uw organisatie; de intrekking wordt vastgelegd.
consent-withdraw-confirm = Ja, toestemming intrekken
consent-withdraw-back = Nee, terug naar de melding
case-consents = Toestemming van de melder
case-consents-scope = Waarvoor
case-consents-given = Hoe en wanneer
case-consents-none = Er geldt geen toestemming.
case-consents-managed = { $scope ->
    [sharing] Beheer onder ‘Delen met ketens’: { $target }
   *[other] Beheer onder ‘Doorverwijzen’: { $target }
}
case-consents-other = Andere toestemming van de melder
case-record-other-consent = Toestemming vastleggen
case-withdraw-register = Toestemming voor registratie intrekken
case-withdraw-contact = Toestemming voor contact met de wederpartij intrekken
case-withdraw-police = Toestemming voor doorgeven aan de politie intrekken
consent-scope-missing = Kies waarvoor de melder toestemming gaf
consent-withdraw-register = De melder trekt de toestemming in om deze melding te registreren. Dan gebeurt direct het volgende:
consent-withdraw-identity-erased = De identiteitsgegevens van de melding worden gewist, en de koppeling met andere meldingen over dezelfde wederpartij vervalt.
consent-withdraw-all-shares-end = Het delen met alle ketens stopt, met de agendapunten, notulen en acties die erop rusten.
consent-withdraw-all-referrals-end = Doorverwijzingen die nog niet zijn aangenomen, vervallen; hun bestanden worden verwijderd.
consent-withdraw-all-consents-end = Alle andere toestemmingen van de melder voor deze melding vervallen ook.
consent-withdraw-register-kept = De registratie blijft zonder identiteit bij uw organisatie; de intrekking wordt vastgelegd.
consent-withdraw-contact = De melder trekt de toestemming in om contact op te nemen met de wederpartij. Uw organisatie neemt over deze melding geen contact meer op met de wederpartij.
consent-withdraw-police = De melder trekt de toestemming in om de melding door te geven aan de politie. Uw organisatie geeft deze melding niet meer door aan de politie.
case-no-chains = Uw organisatie neemt aan geen keten deel.
form-errors-title = Er is een probleem
form-choose = Kies…
form-optional = niet verplicht
field-grounds = Gronden
field-manifestations = Verschijningsvormen
field-channel = Hoe de melding binnenkwam
field-handling = Afhandeling
field-residence-municipality = Woongemeente van de melder
field-incident-municipality = Gemeente van het voorval
field-incident-date = Datum of eerste dag
field-incident-when = Wanneer was het voorval?
field-incident-when-hint = Eén dag? Vul alleen de datum in. Een periode, zoals herhaalde intimidatie? Vul ook de laatste dag in.
field-incident-until = Laatste dag (bij een periode)
fact-incident-when = Datum van het voorval
fact-incident-period = van { $first } tot en met { $last }
field-reported-on = Gemeld op
field-police-number = Registratienummer van de politie
field-shared-summary = Samenvatting voor partners
field-reporter-name = Naam
field-reporter-email = E-mailadres
field-reporter-phone = Telefoonnummer
field-reporter-address = Adres
field-counterparty-kind = Soort wederpartij
field-counterparty-name = Naam van de wederpartij
field-counterparty-address = Adres van de wederpartij
field-counterparty-numbers = KvK-nummers, kentekens en dergelijke (één per regel)
field-account = Het verhaal van de melder
field-consent-method = Hoe de toestemming is gegeven
field-consent-given-on = Datum van de toestemming
counterparty-kind-person = Een persoon
counterparty-kind-organisation = Een organisatie
consent-method-verbal = mondeling
consent-method-written = schriftelijk
consent-method-web-form = via het webformulier
consent-method-email = per e-mail
date-unreadable = Vul een bestaande datum in, zoals 31-12-2026
consent-method-missing = Kies hoe de toestemming is gegeven
counterparty-kind-missing = Kies of de wederpartij een persoon of een organisatie is

## Referral pages
nav-referrals = Doorverwijzingen
label-age-hours = { $count ->
    [one] { $count } uur
   *[other] { $count } uur
}
label-age-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dagen
}
referral-state-draft = Concept
referral-state-sent = Verstuurd
referral-state-opened = Geopend
referral-state-accepted = Aangenomen
referral-state-declined = Afgewezen
referral-state-withdrawn = Ingetrokken
consent-scope-register = Registreren
consent-scope-share = Delen met een keten
consent-scope-contact = Contact met de wederpartij
consent-scope-refer = Doorverwijzen
consent-scope-police = Doorgeven aan de politie
consent-withdrawn = ingetrokken
referrals-inbox = Ontvangen doorverwijzingen
referrals-outbox = Verstuurde doorverwijzingen
referrals-folders = Postvakken
referrals-from = Van
referrals-to = Aan
referrals-sent = Verstuurd op
referrals-urgency = Urgentie
referrals-row-link = { $organisation }, { $sent }
referrals-waiting = wacht al { $age }
referrals-none-received = Er zijn geen doorverwijzingen voor uw organisatie.
referrals-none-sent = Uw organisatie heeft nog niets doorverwezen.
intake-title = Nieuwe intake doorverwijzen
intake-receiver-heading = Doorverwijzen naar
intake-receiver-hint = De organisatie die bij de woonplaats van de melder hoort staat bovenaan.
intake-consent = Toestemming om door te verwijzen
intake-consent-hint = De melder geeft toestemming om de melding, met de identiteit, aan deze organisatie over te dragen.
intake-submit = Doorverwijzing opstellen
refer-title = Doorverwijzing opstellen
refer-of-case = Van melding { $number }
refer-receiver = Ontvanger
refer-receiver-hint = Alleen organisaties waarvoor de melder toestemming gaf; de organisatie die bij de woonplaats van de melder hoort staat bovenaan.
refer-summary = Toelichting voor de ontvanger
refer-next-step = Daarna voegt u bijlagen toe en verstuurt u de doorverwijzing.
refer-submit = Concept maken
refer-no-consent = De melder gaf nog voor geen enkele organisatie toestemming om door te verwijzen. Leg die toestemming eerst vast op de pagina van de melding.
refer-back = Terug naar de melding
referral-title = Doorverwijzing
referral-not-sent = Nog niet verstuurd
referral-declined-because = Reden van afwijzing
referral-to-case = Naar de melding die u ervan maakte
referral-dossier = Dossier
referral-dossier-shown = Dit openen is vastgelegd in het auditlogboek.
referral-dossier-hide = Dossier verbergen
referral-consents = Toestemmingen van de melder
referral-sealed-by-sender = De afzender versleutelde het dossier zelf; download het als age-bestand via de API en open het met de sleutel van uw organisatie.
referral-attachments = Bijlagen
referral-download = { $name } downloaden
referral-open-hint = Het dossier bevat de identiteit van de melder. Het openen wordt vastgelegd in het auditlogboek.
referral-open = Dossier openen
referral-decide = Aannemen of afwijzen
referral-accept-hint = Aannemen maakt er een melding van uw organisatie van, met de identiteit en de toestemmingen van de melder. De afzender hoort dat u de doorverwijzing aannam.
referral-accept = Aannemen
referral-decline-reason = Reden van afwijzing
referral-decline-hint = De afzender leest deze reden. Noem niets waaraan iemand te herkennen is.
referral-decline = Afwijzen
referral-attachment = Bijlage
referral-attachment-hint = Hoogstens { $max }. Het bestand wordt versleuteld terwijl het binnenkomt; alleen de ontvanger kan het openen.
referral-attach = Bijlage toevoegen
referral-send-heading = Versturen
referral-send-hint = De medewerkers van { $receiver } krijgen bericht dat er een doorverwijzing klaarstaat.
referral-send = Doorverwijzing versturen
referral-withdraw-hint = Intrekken kan tot de ontvanger het dossier opent; de bestanden worden dan verwijderd.
referral-withdraw = Doorverwijzing intrekken
referral-back = Naar de doorverwijzingen
attachment-added = De bijlage is versleuteld toegevoegd.
attachment-too-large = Dit bestand is te groot; er is niets van bewaard. Stuur een kleiner bestand of deel het op.
attachment-missing = Kies eerst een bestand.
receiver-missing = Kies een ontvanger
case-referring = Doorverwijzen
case-refer-consents = Organisaties waarvoor de melder toestemming gaf om door te verwijzen
case-withdraw-refer-consent = Toestemming voor { $organisation } intrekken
case-refer-no-consent = De melder gaf nog geen toestemming om door te verwijzen.
case-refer-consent-to = Toestemming om door te verwijzen naar
case-record-refer-consent = Toestemming vastleggen
case-referrals = Doorverwijzingen van deze melding
consent-withdraw-organisation = U trekt de toestemming in om deze melding door te verwijzen naar { $organisation }.
consent-withdraw-referrals-end = Doorverwijzingen naar deze organisatie die nog niet zijn aangenomen eindigen meteen, met hun bestanden.
consent-withdraw-accepted-kept = Een doorverwijzing die al is aangenomen blijft een melding van de ontvanger.

## Chain casework pages
chain-cases-title = Ketencasuïstiek
chain-cases-hint = De meldingen die partners in uw ketens deelden, gepseudonimiseerd: zonder namen, contactgegevens of data waaraan iemand te herkennen is.
chain-cases-municipality = Gemeente (woonplaats of incident)
chain-cases-month-hint = Maand van het incident, bijvoorbeeld 2026-11
chain-cases-month-unreadable = Deze maand is niet te lezen; schrijf haar als jaar-maand, bijvoorbeeld 2026-11. De lijst toont nu alle maanden.
chain-cases-caption = Gedeelde meldingen, nieuwste eerst
chain-cases-code = Code
chain-cases-none = Er zijn nog geen meldingen gedeeld in uw ketens.
chain-cases-none-filtered = Geen gedeelde meldingen die aan deze keuze voldoen.
case-notes = Notities
case-notes-none = Nog geen notities.
case-note-shared = gedeeld met de keten
case-note-internal = intern
case-note-new = Nieuwe notitie
case-note-who = Wie leest deze notitie?
case-note-internal-choice = Alleen mijn organisatie (versleuteld bewaard)
case-note-shared-choice = Ook partners in de ketens waarmee de melding gedeeld is (wordt gecontroleerd op herkenbare gegevens)
case-note-add = Notitie toevoegen
case-pattern = Patroon
case-pattern-none = Deze melding is niet gedeeld, of noemt geen wederpartij.
case-pattern-counts = In { $chain }: { $reports ->
    [one] { $reports } melding
   *[other] { $reports } meldingen
} over dezelfde wederpartij, van { $organisations ->
    [one] { $organisations } organisatie
   *[other] { $organisations } organisaties
}
case-pattern-in = Patroon van de wederpartij in { $chain }
case-actions = Acties
case-actions-none = Er zijn in de keten geen acties over deze melding afgesproken.
pattern-title = Patroon van een wederpartij
pattern-in-chain = In { $chain }
pattern-pseudonym = Pseudoniem in deze keten
pattern-reports = Meldingen van partners
pattern-organisations = Organisaties
pattern-hint = Meldingen van uw eigen organisatie tellen hier niet mee en worden niet getoond.
pattern-cases = Meldingen die u kunt inzien
pattern-back = Terug naar de melding

## The GraphQL help page
graphql-help-title = De GraphQL-API van Ketenaanpak
graphql-help-intro = Dit adres is de GraphQL-API voor systemen en beheerders. Wie in de keten werkt, doet dat in de webapplicatie; deze pagina zegt hoe een programma de API gebruikt.
graphql-help-sign-in = Inloggen
graphql-help-sign-in-text = Stuur een POST met JSON naar dit adres. De mutatie login geeft een sessietoken; een beheerder kan ook een API-token maken.
graphql-help-ask = Vragen stellen
graphql-help-ask-text = Stuur het token mee in de header Authorization als Bearer-token. Wijzigingen gaan altijd met POST; een GET-verzoek mag alleen lezen.
graphql-help-clients = Een GraphQL-programma gebruiken
graphql-help-clients-text = Elk GraphQL-programma dat het schema zelf opvraagt (zoals Altair, Insomnia of Bruno) werkt met dit adres en het token als header. Deze pagina laadt zelf niets van buiten.
graphql-help-schema = Het volledige schema staat in schema/schema.graphql in de broncode, en ketenaanpak schema drukt het af.

## Mail
urgency-urgent = spoed
urgency-normal = normaal
referral-outcome-accepted = geaccepteerd
referral-outcome-declined = afgewezen
invitation-new = Uitnodiging
invitation-changed = Gewijzigd

# Actions
nav-actions = Acties
actions-title = Acties van de keten
actions-hint = De acties uit de casusoverleggen van een keten. Alleen de uitvoerende organisatie kan een actie bijwerken.
actions-mine-title = Mijn acties
actions-mine-hint = Uw open acties en die van uw organisatie die nog aan niemand zijn toegewezen, uit al uw ketens. De vroegste einddatum staat bovenaan.
actions-mine-caption = Open acties van u en uw organisatie
actions-caption = Acties van de gekozen keten
actions-owner = Uitvoerende organisatie
actions-due = Einddatum
actions-due-before = Einddatum vóór
actions-meeting = Afgesproken in het overleg van
actions-description = Actie
actions-none = Deze keten heeft nog geen acties.
actions-none-filtered = Er zijn geen acties met deze filters.
actions-no-chains = Uw organisatie neemt niet deel aan een keten.
actions-of-organisation = Alle acties van uw organisatie, per keten
action-title = Actie
action-yours = aan u toegewezen
action-reason = Waarom niet mogelijk
action-lapsed-explained = Deze actie is vervallen: de melder heeft de toestemming ingetrokken waarop deze actie was gebaseerd. U kunt haar niet meer bijwerken.
action-case-link = Naar de melding waar de actie over gaat
action-agenda-link = Naar de agenda van het overleg waarin de actie is afgesproken
action-history = Verloop
action-history-none = Er is nog geen voortgang vastgelegd.
action-update = Actie bijwerken
action-update-status = Status
action-update-note = Voortgang
action-update-note-hint = De partners in de keten lezen dit. Schrijf geen namen, adressen of andere gegevens waarmee iemand te herkennen is.
action-update-reason = Waarom is de actie niet mogelijk?
action-update-reason-hint = Alleen nodig als u 'niet mogelijk' kiest. Ook dit lezen de partners.
action-update-submit = Opslaan
action-status-missing = Kies een status
home-all-actions = Al mijn acties

# Meetings
nav-meetings = Overleggen
meetings-title = Overleggen
meetings-hint = De casusoverleggen van uw ketens, een jaar terug en een jaar vooruit.
meetings-coming = Komende overleggen
meetings-past = Eerdere overleggen
meetings-when = Datum en tijd
meetings-series = Overleg
meetings-location = Plaats
meetings-documents = Stukken
meetings-you-chair = uw organisatie is voorzitter
meetings-moved = verplaatst
meetings-planned = gepland
meetings-minutes-approved = notulen vastgesteld
meetings-minutes-pending = notulen nog niet vastgesteld
meetings-agenda-of = Agenda van { $when }
meetings-minutes-of = Notulen van { $when }
meetings-none-coming = Er zijn geen komende overleggen.
meetings-none-past = Er is het afgelopen jaar geen overleg gehouden.
home-all-meetings = Alle overleggen, ook eerdere

# The chair's agenda
prepare-title = Agenda voorbereiden
prepare-cancelled = Dit overleg is geannuleerd; de agenda verandert niet meer.
prepare-frozen = De agenda is definitief en verandert niet meer.
prepare-freeze-at = De agenda wordt definitief op { $at }. Tot dan kunt u haar aanvullen en ordenen. Elk uur wordt automatisch toegevoegd wat in de keten is gedeeld.
prepare-compile-hint = Haalt nu op wat sinds het vorige overleg is gedeeld, ingebracht of afgesproken. Punten die u van de agenda hebt gehaald, komen niet terug.
prepare-compile = Agenda nu bijwerken
prepare-items = Agendapunten
prepare-position = Nr.
prepare-kind = Soort
prepare-subject = Waarover
prepare-up = Punt { $position } omhoog
prepare-down = Punt { $position } omlaag
prepare-remove = Punt { $position } van de agenda halen
prepare-empty = De agenda heeft nog geen punten.
prepare-add-topic = Onderwerp toevoegen
prepare-topic-title = Titel van het onderwerp
prepare-topic-hint = Alle uitgenodigde organisaties lezen dit. Geen namen of andere gegevens waarmee iemand te herkennen is.
prepare-printable = Bekijk de agenda zoals de deelnemers die zien
meetings-prepare-of = Agenda van { $when } voorbereiden
prepare-remove-title = Agendapunt van de agenda halen
prepare-remove-explained = Dit punt gaat van de agenda en komt ook bij het bijwerken van de agenda niet terug.
prepare-remove-confirm = Ja, van de agenda halen
prepare-remove-back = Nee, terug naar de agenda
agenda-direction-unknown = Kies omhoog of omlaag
agenda-minutes-with-items = De notulen zijn vastgesteld op { $at }; ze staan bij elk agendapunt.

# Minutes
minutes-title = Notulen
minutes-draft = Concept: alleen uw organisatie ziet deze notulen tot u ze vaststelt.
minutes-approved-on = Vastgesteld op { $at }. Alle deelnemers lezen ze; een wijziging vraagt een reden en de eerdere tekst blijft zichtbaar.
minutes-not-yet = Notulen kunnen pas worden gemaakt als het overleg is begonnen, en niet van een geannuleerd overleg.
minutes-organisation = Organisatie
minutes-presence = Aanwezigheid
minutes-save-attendance = Aanwezigheid opslaan
minutes-items = Verslag per agendapunt
minutes-items-hint = Alle uitgenodigde organisaties lezen dit na vaststelling. Geen namen, adressen of andere gegevens waarmee iemand te herkennen is.
minutes-item-legend = Punt { $position }:
minutes-save = Notulen opslaan
minutes-amendment-reason = Reden van de wijziging
minutes-amendment-hint = De notulen zijn vastgesteld; de deelnemers zien de reden en de eerdere tekst.
minutes-amendments = Eerdere teksten
minutes-amendment-of = Punt { $position }, gewijzigd op { $at }
minutes-previous-notes = Eerder verslag
minutes-previous-decisions = Eerder besluit
minutes-new-action = Actie afspreken
minutes-action-item = Afgesproken bij agendapunt
minutes-add-action = Actie toevoegen
minutes-approve-heading = Notulen vaststellen
minutes-approve-hint = Na vaststelling lezen alle uitgenodigde organisaties de notulen.
minutes-approve = Notulen vaststellen
meetings-minutes-edit-of = Notulen van { $when } maken
flag-heading = Bespreken in een overleg
flag-meeting = Overleg
flag-reason = Waarom wilt u deze melding bespreken?
flag-reason-hint = Alle uitgenodigde organisaties lezen dit. Geen namen of andere gegevens waarmee iemand te herkennen is.
flag-submit = Op de agenda zetten
agenda-case-gone = De melding van dit agendapunt wordt niet meer gedeeld; er kan geen actie over worden afgesproken

# Two-factor sign-in
sign-in-again = Uw aanmelding is verlopen of te vaak geweigerd. Log opnieuw in met uw wachtwoord.
second-factor-wrong = Deze code klopt niet. Typ de code die uw app nu toont, of een van uw herstelcodes.
second-factor-used = Deze code is al gebruikt. Wacht tot uw app een nieuwe code toont.
totp-already-on = Tweestapsverificatie staat al aan
totp-start-again = Begin opnieuw met het instellen van uw app
totp-required = Uw organisatie verplicht tweestapsverificatie voor uw rol; u kunt het niet uitzetten
totp-not-on = Tweestapsverificatie staat niet aan
totp-code-title = Code uit uw app
totp-code-explained = Uw wachtwoord klopt. Typ nu de code van zes cijfers die uw authenticator-app toont voor Ketenaanpak.
totp-code-field = Code
totp-code-hint = Zes cijfers. Hebt u uw telefoon niet bij de hand, typ dan een van uw herstelcodes.
totp-code-submit = Inloggen
totp-start-over = Opnieuw beginnen met uw e-mailadres en wachtwoord
totp-enrol-title = Tweestapsverificatie instellen
totp-enrol-required = Uw organisatie vraagt voor uw rol een tweede stap bij het inloggen: een code uit een app op uw telefoon. Stel die nu in; daarna kunt u verder.
totp-enrol-explained = Met tweestapsverificatie vraagt Ketenaanpak bij het inloggen na uw wachtwoord ook een code uit een app op uw telefoon. Wie uw wachtwoord kent, kan dan nog niet bij uw werk.
totp-enrol-step-app = Installeer een authenticator-app op uw telefoon, als u die nog niet hebt (bijvoorbeeld de app die uw organisatie aanraadt).
totp-enrol-step-scan = Scan in de app deze QR-code.
totp-enrol-qr-label = QR-code om Ketenaanpak aan uw authenticator-app toe te voegen
totp-enrol-secret = Kunt u niet scannen? Typ dan deze sleutel in de app (tijdgebaseerd, zes cijfers):
totp-enrol-step-code = Typ hieronder de code die de app nu toont.
totp-enrol-submit = Bevestigen
totp-codes-title = Uw herstelcodes
totp-codes-explained = Hebt u uw telefoon niet bij de hand, dan kunt u bij het inloggen een van deze codes typen in plaats van de code uit uw app. Elke code werkt één keer.
totp-codes-once = Bewaar ze nu op een veilige plek, bijvoorbeeld geprint of in uw wachtwoordkluis. Ketenaanpak toont ze maar één keer.
totp-codes-continue = Ik heb ze bewaard, verder

# Account
nav-account = Mijn account
account-title = Mijn account
account-back = Terug naar mijn account
account-language = Taal
account-language-field = Taal van de pagina's en e-mail
account-language-submit = Taal opslaan
language-nl = Nederlands
language-en = English
account-password = Wachtwoord wijzigen
account-current-password = Huidig wachtwoord
account-new-password = Nieuw wachtwoord
account-new-password-hint = Een lange zin die u kunt onthouden; niet uw e-mailadres.
account-password-ends-sessions = Na het wijzigen bent u overal elders afgemeld.
account-password-submit = Wachtwoord wijzigen
account-totp = Tweestapsverificatie
account-totp-on = Tweestapsverificatie staat aan.
account-totp-codes-left = { $count ->
    [one] U hebt nog { $count } herstelcode.
   *[other] U hebt nog { $count } herstelcodes.
}
account-totp-renew-code = Code uit uw app, voor nieuwe herstelcodes
account-totp-renew = Nieuwe herstelcodes maken
account-totp-required = Uw organisatie verplicht tweestapsverificatie voor uw rol.
account-totp-off = Tweestapsverificatie uitzetten
account-totp-off-submit = Uitzetten
account-totp-none = Tweestapsverificatie staat uit. Zet het aan, zodat alleen uw wachtwoord niet genoeg is om bij uw werk te komen.
account-totp-enrol = Tweestapsverificatie aanzetten
account-sessions = Waar u bent ingelogd
account-sessions-caption = Uw sessies die nog open zijn, de laatst gebruikte eerst
account-session-started = Ingelogd op
account-session-used = Laatst gebruikt
account-session-until = Loopt af op
account-session-this = deze sessie
account-sessions-end = Overal elders afmelden
account-sessions-only-this = U bent alleen hier ingelogd.
account-done-password = Uw wachtwoord is gewijzigd. U bent overal elders afgemeld.
account-done-sessions = U bent overal elders afgemeld.
account-done-totp-on = Tweestapsverificatie staat aan. U bent overal elders afgemeld.
account-done-totp-off = Tweestapsverificatie staat uit. U bent overal elders afgemeld.
account-done-language = Uw taal is opgeslagen.
totp-secret-invalid = Dit is geen geldige TOTP-sleutel: base32, ten minste 128 bits
