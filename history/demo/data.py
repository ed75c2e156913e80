"""The demo content: the facts of the organisation's history page, in the site's own words.

Names, dates, figures and credits are exact; the prose is written for this site.
Long descriptions are the real visual descriptions of the original photos.
"""

PHOTOS = [
    {
        "key": "founders",
        "title": "Kaare Norum and Jónas Einarsson (placeholder)",
        "alt": "Jónas Einarsson and Kaare Norum standing side by side in suits, smiling, in front of an orange backdrop.",
        "long_description": (
            "Two older men dressed in suits are standing side by side, both wearing ties. The man on the left has "
            "light gray hair and a beard, wearing glasses and a light blue tie. The man on the right has short white "
            "hair and is wearing a blue patterned tie with a white shirt. Both are smiling softly and appear to be at "
            "an event or conference, as both are wearing small microphones attached to their faces. The background "
            "is a solid orange with partial text visible behind them."
        ),
        "caption": "Jónas Einarsson and Kaare Norum co-founded Oslo Cancer Cluster in 2006.",
        "credit_role": "photo",
        "credit_name": "Gunnar Kopperud",
    },
    {
        "key": "opening",
        "title": "Erna Solberg at the opening of the Innovation Park (placeholder)",
        "alt": (
            "Erna Solberg speaking on stage at the opening of Oslo Cancer Cluster Innovation Park, "
            "an aerial view of the building on the screen behind her."
        ),
        "long_description": (
            "A woman stands on stage delivering a presentation to an audience. She is dressed in a black jacket and "
            "coral floral dress, holding a tablet while gesturing with her hand. Behind her, a large screen displays "
            "an aerial view of a modern building complex, likely related to the event. The stage is flanked by two "
            "tall orange banners with white text that reads \"CANCER CLUSTER INNOVATION PARK.\" The audience in the "
            "foreground is focused on the speaker, and the setting suggests a formal presentation or keynote speech "
            "at a conference or corporate event."
        ),
        "caption": "Former Prime Minister Erna Solberg spoke at the opening of Oslo Cancer Cluster Innovation Park in 2015.",
        "credit_role": "photo",
        "credit_name": "Gunnar Kopperud",
    },
    {
        "key": "expansion",
        "title": "Innovation Park expansion, architect's illustration (placeholder)",
        "alt": "Illustration of a large modern office building with a beige grid facade, landscaped paths and people walking in front.",
        "long_description": (
            "This image depicts a large, modern office building with a minimalist design. The building features a "
            "grid of uniformly arranged windows set within a beige facade, with clean vertical lines creating a "
            "structured, geometric look. The building sits on a slightly elevated area with landscaped pathways and "
            "grassy sections. In the background, several other buildings can be seen, similar in design but with "
            "facades featuring red, yellow, and neutral tones. The image gives an impression of a well-organized "
            "business district or campus. The sky is partly cloudy, and a few figures are seen walking in the "
            "foreground, adding a sense of scale and activity to the scene."
        ),
        "caption": "The Innovation Park buildings as drawn by the architects.",
        "credit_role": "illustration",
        "credit_name": "Dark Arkitekter",
    },
]

PEOPLE = [
    {"key": "norum", "name": "Kaare Norum", "role": "Former Principal of the University of Oslo"},
    {"key": "einarsson", "name": "Jónas Einarsson", "role": "CEO of Radforsk"},
]

HOME = {
    "slug": "home",
    "title": "Oslo Cancer Cluster",
    "introduction": (
        "<p>Oslo Cancer Cluster is a member organisation for the oncology community: research, hospitals and "
        "industry working together to bring new cancer treatments to patients faster.</p>"
        "<p>From the Innovation Park at Montebello, next to the Norwegian Radium Hospital, the cluster gathers the "
        "whole oncology value chain in one place, with members from Norway and around the world.</p>"
    ),
    "lead_photo": "founders",
    # The awards and statuses the organisation holds today (slugs of AWARDS below).
    "standing_awards": ["ecei-gold-label", "mature-cluster-status"],
    "join_text": (
        "Hospitals, research groups, start-ups and companies working on cancer treatments are welcome to join "
        "the cluster."
    ),
}

MEMBERSHIP_PAGE = {
    "slug": "become-a-member",
    "title": "Become a member",
    "introduction": (
        "Oslo Cancer Cluster brings together organisations from across the oncology value chain, "
        "in Norway and around the world."
    ),
    "body": (
        "<p>Members include university hospitals, technology transfer offices, start-ups and the Norwegian "
        "branches of most larger pharmaceutical companies developing cancer treatments. Contact us, by e-mail or "
        "phone below, to hear how your organisation can take part.</p>"
    ),
}

# The organisation's contact details, shown in the footer and on the membership page. The
# e-mail address and phone number are placeholders (example.org, no real number): replace
# them under Settings → Site settings.
CONTACT = {
    "contact_address": "Oslo Cancer Cluster Innovation Park\nUllernchausseen 64\n0379 Oslo",
    "contact_email": "post@example.org",
    "contact_phone": "+47 00 00 00 00",
}

HISTORY = {
    "slug": "our-history",
    "title": "Our history",
    "introduction": (
        "<p>Oslo Cancer Cluster was started in 2006 by Kaare Norum, former Principal of the University of Oslo, "
        "and Jónas Einarsson, CEO of Radforsk. Follow the cluster from its first year to the buildings that are "
        "rising today.</p>"
    ),
    "search_description": (
        "How Oslo Cancer Cluster grew from a regional idea in 2006 to an international oncology cluster."
    ),
}

AWARDS = [
    {
        "slug": "norwegian-centre-of-expertise",
        "title": "Norwegian Centre of Expertise",
        "awarding_body": "Norwegian Centres of Expertise programme",
        "summary": (
            "Status as a Norwegian Centre of Expertise, won on the founders' application. "
            "Oslo Cancer Cluster is the only Norwegian Centre of Expertise within health."
        ),
        "events": [
            {
                "event_type": "status_granted",
                "year": 2007,
                "date_precision": "year",
                "headline": "Oslo Cancer Cluster becomes a Norwegian Centre of Expertise",
                "note": (
                    "The founders' application succeeds: Oslo Cancer Cluster becomes a Norwegian Centre of "
                    "Expertise, the only one within health."
                ),
            },
        ],
    },
    {
        "slug": "ecei-gold-label",
        "title": "Gold Label certificate",
        "awarding_body": "European Cluster Excellence Initiative (ECEI)",
        "summary": (
            "The Gold Label from the European Cluster Excellence Initiative is the highest recognition "
            "a European cluster organisation can achieve."
        ),
        "events": [
            {
                "event_type": "awarded",
                "year": 2019,
                "month": 12,
                "date_precision": "month",
                "headline": "Gold Label certificate from the European Cluster Excellence Initiative (ECEI)",
                "note": "Oslo Cancer Cluster receives the highest recognition a European cluster organisation can achieve.",
            },
            {
                "event_type": "renewed",
                "year": 2022,
                "month": 12,
                "date_precision": "month",
                "score": 94,
                "headline": "Gold Label certificate renewed with an overall score of 94%",
                "note": "The ECEI renews the Gold Label, giving Oslo Cancer Cluster an overall score of 94%.",
            },
        ],
    },
    {
        "slug": "mature-cluster-status",
        "title": "Mature Cluster status",
        "awarding_body": "Norwegian Innovation Clusters programme",
        "summary": "Mature Cluster status within the Norwegian Innovation Clusters programme.",
        "events": [
            {
                "event_type": "status_granted",
                "year": 2021,
                "date_precision": "year",
                "headline": "Mature Cluster status in the Norwegian Innovation Clusters programme",
                "note": "Granted at the beginning of 2021.",
            },
        ],
    },
]

MILESTONES = [
    {
        "slug": "oslo-cancer-cluster-is-founded",
        "title": "Oslo Cancer Cluster is founded",
        "year": 2006,
        "date_precision": "year",
        "kind": "founding",
        "summary": (
            "Kaare Norum, former Principal of the University of Oslo, and Jónas Einarsson, CEO of Radforsk, "
            "start Oslo Cancer Cluster to speed up collaboration and commercialisation in oncology."
        ),
        "body": [
            (
                "Norum and Einarsson had seen a natural oncology cluster take shape around the Norwegian Radium "
                "Hospital. A member organisation for that cluster, they reasoned, would speed up the collaborations "
                "already under way and lead to more research being turned into products and companies."
            ),
            (
                "A year later, in 2007, their application succeeded and Oslo Cancer Cluster became a Norwegian "
                "Centre of Expertise, the only one within health."
            ),
        ],
        "lead_photo": "founders",
        "people": ["norum", "einarsson"],
        "related_award": "norwegian-centre-of-expertise",
    },
    {
        "slug": "from-regional-to-international",
        "title": "From a regional cluster to an international one",
        "year": 2006,
        "date_precision": "year",
        "kind": "organisation",
        "summary": (
            "The plan from day one: grow from a regional, Oslo-based oncology cluster into a national and "
            "international one. University hospitals and technology transfer offices across Norway soon joined, "
            "and members now include most larger pharmaceutical companies in cancer."
        ),
        "body": [
            (
                "University hospitals and technology transfer offices from across Norway soon joined as members. "
                "Today the cluster has member organisations from around the world, among them the Norwegian "
                "branches of most larger pharmaceutical companies that develop cancer treatments."
            ),
        ],
    },
    {
        "slug": "innovation-park-opens",
        "title": "The Innovation Park and Incubator opens at Montebello",
        "year": 2015,
        "month": 5,
        "date_precision": "month",
        "kind": "building",
        "summary": (
            "Oslo Cancer Cluster Innovation Park and Incubator opens at Montebello, next door to the Norwegian "
            "Radium Hospital and the Institute of Cancer Research."
        ),
        "body": [
            (
                "The Innovation Park connects the health industry with the academic community on the Radium "
                "Hospital campus, so that the whole oncology value chain is gathered in one place."
            ),
        ],
        "lead_photo": "opening",
    },
    {
        "slug": "second-building-phase",
        "title": "Second building phase of the Innovation Park begins",
        "year": 2023,
        "month": 4,
        "date_precision": "month",
        "kind": "building",
        "summary": (
            "Work starts on a fourth section of the Innovation Park: 12 000 sqm more offices and laboratories "
            "for companies and public institutions developing new cancer treatments."
        ),
        "body": [
            (
                "The new section extends the current building, giving room for more of the companies and public "
                "institutions that work on the development of new cancer treatments."
            ),
        ],
        "lead_photo": "expansion",
    },
    {
        "slug": "oslo-science-hub",
        "title": "Oslo Science Hub plans go to the City Council",
        "year": 2024,
        "date_precision": "year",
        "kind": "building",
        "summary": (
            "The architectural drawings for Oslo Science Hub are sent to Oslo City Council, and the lots "
            "needed for construction are sold."
        ),
        "body": [
            "With the drawings submitted and the lots sold, the way is open to start building Oslo Science Hub.",
        ],
    },
]
