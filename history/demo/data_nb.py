"""The demo content in Norwegian Bokmål: the Norwegian side of every text in history.demo.data
and of the privacy page's texts in occ_site.setup.

Each entry sits under the same key (photo, person, award or milestone key) or at the same
position (events, body paragraphs, privacy paragraphs) as the English text it translates, and
rich text keeps the English tags, so that each English segment pairs with its Norwegian one
when the demo's pages are translated. Names, dates and figures are those of the English; the
prose is written in Norwegian. "\\u00a0" is a no-break space: Norwegian puts one before "%" and
between the thousands of a number ("94 %", "12 000").

Beyond the English dicts' keys: HISTORY["search_description"] translates the history page's
search description (given in occ_site.demo), and CONTACT holds only the address, whose first
line is the building's Norwegian name.
"""

PHOTOS = {
    "founders": {
        "alt": "Jónas Einarsson og Kaare Norum står side om side i dress og smiler, foran en oransje bakgrunn.",
        "long_description": (
            "To eldre menn i dress og slips står side om side. Mannen til venstre har lysegrått hår og skjegg, "
            "briller og lyseblått slips. Mannen til høyre har kort, hvitt hår og har på seg hvit skjorte og et "
            "blått, mønstret slips. Begge smiler forsiktig og ser ut til å være på et arrangement eller en konferanse, "
            "for begge har små mikrofoner festet ved ansiktet. Bakgrunnen er ensfarget oransje, og bak dem skimtes "
            "deler av en tekst."
        ),
        "caption": "Jónas Einarsson og Kaare Norum grunnla Oslo Cancer Cluster sammen i 2006.",
    },
    "opening": {
        "alt": (
            "Erna Solberg taler fra scenen under åpningen av Oslo Cancer Cluster Innovasjonspark, "
            "med et flyfoto av bygningen på skjermen bak seg."
        ),
        "long_description": (
            "En kvinne står på en scene og holder en presentasjon for et publikum. Hun har på seg en svart jakke og "
            "en korallfarget, blomstret kjole, og hun holder et nettbrett mens hun gestikulerer med hånden. Bak "
            "henne viser en stor skjerm et flyfoto av et moderne bygningskompleks, trolig knyttet til arrangementet. "
            "På hver side av scenen står et høyt, oransje banner med hvit tekst: «CANCER CLUSTER INNOVATION PARK». "
            "Publikum i forgrunnen følger oppmerksomt med på taleren, og alt tyder på en formell presentasjon eller "
            "et hovedinnlegg på en konferanse eller et bedriftsarrangement."
        ),
        "caption": "Tidligere statsminister Erna Solberg talte ved åpningen av Oslo Cancer Cluster Innovasjonspark i 2015.",
    },
    "expansion": {
        "alt": (
            "Illustrasjon av et stort, moderne kontorbygg med beige fasade i rutemønster, opparbeidede gangveier "
            "og folk som går forbi foran."
        ),
        "long_description": (
            "Bildet viser et stort, moderne kontorbygg i en minimalistisk stil. Den beige fasaden har et rutenett av "
            "jevnt plasserte vinduer, og rene, loddrette linjer gir bygget et stramt, geometrisk preg. Bygget ligger "
            "på et litt hevet område med opparbeidede gangveier og gressplener. I bakgrunnen ses flere andre bygg i "
            "lignende stil, men med fasader i rødt, gult og nøytrale fargetoner. Bildet gir inntrykk av et velordnet "
            "næringsområde eller en campus. Himmelen er delvis skyet, og noen få personer går i forgrunnen, noe som "
            "gir bildet både målestokk og liv."
        ),
        "caption": "Byggene i Innovasjonsparken slik arkitektene har tegnet dem.",
    },
}

PEOPLE = {
    "norum": {"role": "tidligere rektor ved Universitetet i Oslo"},
    "einarsson": {"role": "administrerende direktør i Radforsk"},
}

HOME = {
    "slug": "hjem",
    "title": "Oslo Cancer Cluster",
    "introduction": (
        "<p>Oslo Cancer Cluster er en medlemsorganisasjon for onkologimiljøet: forskning, sykehus og industri "
        "som arbeider sammen for at nye kreftbehandlinger skal nå pasientene raskere.</p>"
        "<p>Fra Innovasjonsparken på Montebello, vegg i vegg med Radiumhospitalet, samler klyngen hele "
        "verdikjeden innen onkologi på ett sted, med medlemmer fra Norge og resten av verden.</p>"
    ),
    "join_text": (
        "Sykehus, forskningsgrupper, oppstartsselskaper og bedrifter som arbeider med kreftbehandling, "
        "er velkomne som medlemmer i klyngen."
    ),
}

MEMBERSHIP_PAGE = {
    "slug": "bli-medlem",
    "title": "Bli medlem",
    "introduction": (
        "Oslo Cancer Cluster samler virksomheter fra hele verdikjeden innen onkologi, "
        "i Norge og i resten av verden."
    ),
    "body": (
        "<p>Blant medlemmene er universitetssykehus, teknologioverføringskontorer, oppstartsselskaper og de norske "
        "avdelingene av de fleste større legemiddelselskapene som utvikler kreftbehandlinger. Ta kontakt på e-post "
        "eller telefon nedenfor for å høre hvordan din virksomhet kan bli med.</p>"
    ),
}

# The street address and postcode are the same in both languages; the building has a Norwegian name.
CONTACT = {
    "contact_address": "Oslo Cancer Cluster Innovasjonspark\nUllernchausseen 64\n0379 Oslo",
}

HISTORY = {
    "slug": "var-historie",
    "title": "Vår historie",
    "introduction": (
        "<p>Oslo Cancer Cluster ble startet i 2006 av Kaare Norum, tidligere rektor ved Universitetet i Oslo, "
        "og Jónas Einarsson, administrerende direktør i Radforsk. Følg klyngen fra det første året til "
        "byggene som reiser seg i dag.</p>"
    ),
    "search_description": (
        "Hvordan Oslo Cancer Cluster vokste fra en regional idé i 2006 til en internasjonal klynge innen onkologi."
    ),
}

AWARDS = {
    "norwegian-centre-of-expertise": {
        "title": "Norsk kompetansesenter",
        "slug": "norsk-kompetansesenter",
        "awarding_body": "Programmet Norwegian Centres of Expertise (NCE)",
        "summary": (
            "Status som Norsk kompetansesenter, som grunnleggerne søkte om og fikk. "
            "Oslo Cancer Cluster er det eneste av disse sentrene innen helse."
        ),
        "events": [
            {
                "headline": "Oslo Cancer Cluster blir Norsk kompetansesenter",
                "note": (
                    "Grunnleggerne får gjennomslag for søknaden: Oslo Cancer Cluster blir Norsk kompetansesenter, "
                    "som det eneste innen helse."
                ),
            },
        ],
    },
    "ecei-gold-label": {
        "title": "Gold Label-sertifikat",
        "slug": "ecei-gold-label",
        "awarding_body": "European Cluster Excellence Initiative (ECEI)",
        "summary": (
            "Gold Label fra European Cluster Excellence Initiative er den høyeste anerkjennelsen "
            "en europeisk klyngeorganisasjon kan oppnå."
        ),
        "events": [
            {
                "headline": "Gold Label-sertifikat fra European Cluster Excellence Initiative (ECEI)",
                "note": "Oslo Cancer Cluster får den høyeste anerkjennelsen en europeisk klyngeorganisasjon kan oppnå.",
            },
            {
                "headline": "Gold Label-sertifikatet fornyes med en samlet score på 94\u00a0%",
                "note": "ECEI fornyer Gold Label-sertifikatet og gir Oslo Cancer Cluster en samlet score på 94\u00a0%.",
            },
        ],
    },
    "mature-cluster-status": {
        "title": "Mature Cluster-status",
        "slug": "mature-cluster-status",
        "awarding_body": "Klyngeprogrammet Norwegian Innovation Clusters",
        "summary": "Status som moden klynge (Mature Cluster) i klyngeprogrammet Norwegian Innovation Clusters.",
        "events": [
            {
                "headline": "Mature Cluster-status i klyngeprogrammet Norwegian Innovation Clusters",
                "note": "Tildelt i begynnelsen av 2021.",
            },
        ],
    },
}

MILESTONES = {
    "oslo-cancer-cluster-is-founded": {
        "title": "Oslo Cancer Cluster blir etablert",
        "slug": "oslo-cancer-cluster-blir-etablert",
        "summary": (
            "Kaare Norum, tidligere rektor ved Universitetet i Oslo, og Jónas Einarsson, administrerende direktør "
            "i Radforsk, starter Oslo Cancer Cluster for å få fart på samarbeid og kommersialisering innen onkologi."
        ),
        "body": [
            (
                "Norum og Einarsson hadde sett en naturlig klynge innen onkologi vokse fram rundt Radiumhospitalet. "
                "En medlemsorganisasjon for klyngen ville, mente de, gi fart til samarbeidet som allerede var i gang, "
                "og føre til at mer forskning ble omsatt i produkter og bedrifter."
            ),
            (
                "Året etter, i 2007, fikk de gjennomslag for søknaden, og Oslo Cancer Cluster ble Norsk "
                "kompetansesenter – det eneste innen helse."
            ),
        ],
    },
    "from-regional-to-international": {
        "title": "Fra regional til internasjonal klynge",
        "slug": "fra-regional-til-internasjonal-klynge",
        "summary": (
            "Planen fra første dag: å vokse fra en regional kreftklynge i Oslo til en nasjonal og internasjonal "
            "klynge. Universitetssykehus og teknologioverføringskontorer fra hele Norge ble snart med, og blant "
            "medlemmene er nå de fleste større legemiddelselskapene på kreftfeltet."
        ),
        "body": [
            (
                "Universitetssykehus og teknologioverføringskontorer fra hele Norge ble snart medlemmer. I dag har "
                "klyngen medlemsorganisasjoner fra hele verden, blant dem de norske avdelingene av de fleste større "
                "legemiddelselskapene som utvikler kreftbehandlinger."
            ),
        ],
    },
    "innovation-park-opens": {
        "title": "Innovasjonsparken og inkubatoren åpner på Montebello",
        "slug": "innovasjonsparken-apner",
        "summary": (
            "Oslo Cancer Cluster Innovasjonspark og inkubatoren åpner på Montebello, vegg i vegg med "
            "Radiumhospitalet og Instituttet for kreftforskning."
        ),
        "body": [
            (
                "Innovasjonsparken knytter helsenæringen til de akademiske miljøene på Radiumhospitalets campus, "
                "slik at hele verdikjeden innen onkologi er samlet på ett sted."
            ),
        ],
    },
    "second-building-phase": {
        "title": "Andre byggetrinn av Innovasjonsparken starter",
        "slug": "andre-byggetrinn",
        "summary": (
            "Arbeidet med en fjerde del av Innovasjonsparken starter: ytterligere 12\u00a0000 kvadratmeter med "
            "kontorer og laboratorier for bedrifter og offentlige institusjoner som utvikler nye kreftbehandlinger."
        ),
        "body": [
            (
                "Den nye delen utvider dagens bygg og gir plass til flere av bedriftene og de "
                "offentlige institusjonene som arbeider med å utvikle nye kreftbehandlinger."
            ),
        ],
    },
    "oslo-science-hub": {
        "title": "Planene for Oslo Science Hub sendes til Oslo kommune",
        "slug": "oslo-science-hub",
        "summary": (
            "Arkitekttegningene for Oslo Science Hub sendes til Oslo kommune, og tomtene som trengs for å bygge, "
            "blir solgt."
        ),
        "body": [
            "Med tegningene sendt inn og tomtene solgt er veien åpen for å begynne byggingen av Oslo Science Hub.",
        ],
    },
}

PRIVACY = {
    "title": "Personvern",
    "slug": "personvern",
    "introduction": "Hva nettstedet lagrer om dem som besøker det og de ansatte som redigerer det, og hvor lenge.",
    "paragraphs": [
        "<h2>Besøkende</h2>",
        "<p>Nettstedet setter ingen informasjonskapsler når du leser det. Det har ingen analyseverktøy, reklame "
        "eller sporing, og det henter ingenting fra andre nettsteder: ingen skrifter, skript eller bilder fra andre "
        "selskaper.</p>",
        "<p>Som alle webservere fører også vår server logg over hver forespørsel: adressen som ble bedt om, "
        "tidspunktet, IP-adressen forespørselen kom fra og nettleserens beskrivelse av seg selv. Loggen brukes bare "
        "til å holde nettstedet i drift og sikkert, deles ikke med noen og slettes etter en begrenset tid.</p>",
        "<p>Søk på nettstedet blir besvart og glemt; de lagres ikke sammen med hvem som søkte.</p>",
        "<h2>Redaktører og andre ansatte</h2>",
        "<p>Ansatte som logger inn for å redigere nettstedet, har en konto med navn, e-postadresse og et passord "
        "som bare lagres i hashet form, slik at det ikke kan leses. Innloggingen setter to informasjonskapsler: én "
        "som holder på økten, og én som beskytter skjemaer mot forfalskning. Begge trengs for å logge inn og brukes "
        "ikke til noe annet.</p>",
        "<p>Det en redaktør skriver, lagres i sidens historikk med redaktørens navn og tidspunktet, slik at "
        "tidligere versjoner kan gjenopprettes. Innlogginger og mislykkede innloggingsforsøk registreres med "
        "IP-adressen og nettleseren de kom fra, for å stoppe gjetting av passord.</p>",
        "<h2>Spørsmål</h2>",
        "<p>Vil du vite hva som er lagret om deg, eller få det rettet eller slettet, kan du skrive til oss på "
        "adressen nederst på denne siden.</p>",
    ],
}

SITE_SETTINGS = {"join_label": "Bli medlem"}
