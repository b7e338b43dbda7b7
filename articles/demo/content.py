"""The demo newsroom's desk data: sections, tags, datelines, people and photos.

Everything here is invented for the demo: the people, the photographers and
the two wire services ("Meridian" and "Atlas") do not exist, so no invented
copy is ever credited to a real journalist or agency. Each row is keyed on a
stable slug, name or title, which is what makes the loader safe to re-run.
The stories live in `articles.demo.stories`.
"""

from dataclasses import dataclass

# --- Sections ------------------------------------------------------------------
# (slug, name, description); the navigation follows this order.
SECTIONS = (
    ("world", "World", "Reporting from our correspondents and the wires on what is happening beyond our borders."),
    ("politics", "Politics", "Campaigns, legislatures and the people who run them, from city halls to summits."),
    ("business", "Business", "Markets, companies, jobs and the money decisions that shape households."),
    ("science", "Science", "Research, health, space and climate, explained by the people who cover it every day."),
    ("sport", "Sport", "Results, reports and the stories behind the scores."),
    ("culture", "Culture", "Reviews and news from film, music, books, theater and art."),
)

# --- Tags ----------------------------------------------------------------------
TAGS = (
    "Elections", "Diplomacy", "Humanitarian aid", "Climate", "Economy", "Markets", "Energy", "Trade",
    "Health", "Technology", "Space", "Football", "Athletics", "Film", "Music", "Books", "Art",
)

# --- Datelines -----------------------------------------------------------------
# (place as printed, country). AP style: big cities stand alone, others carry
# their country, and US towns their state abbreviation.
DATELINES = (
    ("MOSCOW", "Russia"),
    ("KABUL, Afghanistan", "Afghanistan"),
    ("WASHINGTON", "United States"),
    ("NEW YORK", "United States"),
    ("LONDON", "United Kingdom"),
    ("NAIROBI, Kenya", "Kenya"),
    ("BRUSSELS", "Belgium"),
    ("BERLIN", "Germany"),
    ("GENEVA", "Switzerland"),
    ("TOKYO", "Japan"),
    ("SAO PAULO, Brazil", "Brazil"),
    ("CAPE CANAVERAL, Fla.", "United States"),
)

# --- Wire services ---------------------------------------------------------------
# Printed in the dateline: "GENEVA, May 3 (Atlas) --".
MERIDIAN = "Meridian"
ATLAS = "Atlas"


# --- Authors -------------------------------------------------------------------
@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    job_title: str
    bio: str
    palette: str  # the portrait's background, from articles.demo.images.PALETTES
    links: tuple[tuple[str, str], ...] = ()

    @property
    def email(self):
        return f"{self.slug.replace('-', '.')}@dailyledger.example"


AUTHORS = (
    AuthorSpec(
        "nadia-petrova", "Nadia Petrova", "Moscow correspondent",
        "Nadia Petrova has reported from Moscow since 2019, covering the economy, the regions and daily life "
        "far from the capital. She studied history in St. Petersburg and joined the Ledger from a business weekly.",
        "winter", (("Website", "https://nadiapetrova.example/"), ("Mastodon", "https://social.example/@npetrova")),
    ),
    AuthorSpec(
        "farid-rahimi", "Farid Rahimi", "Kabul correspondent",
        "Farid Rahimi covers Afghanistan from Kabul, with a focus on aid, agriculture and education. "
        "He speaks Dari, Pashto and English and previously worked as a producer for radio.",
        "autumn", (("Bluesky", "https://bsky.example/profile/faridrahimi"),),
    ),
    AuthorSpec(
        "eleanor-voss", "Eleanor Voss", "Chief political correspondent",
        "Eleanor Voss leads the Ledger's politics coverage in Washington. She has covered four presidential "
        "campaigns and spent six years on the Capitol Hill beat before that.",
        "dawn", (("Website", "https://eleanorvoss.example/"), ("Newsletter", "https://news.example/voss")),
    ),
    AuthorSpec(
        "james-okoro", "James Okoro", "East Africa correspondent",
        "James Okoro is based in Nairobi and reports across East Africa on climate, farming, health and "
        "technology. Before journalism he worked as an agricultural economist.",
        "teal", (("Mastodon", "https://social.example/@jokoro"),),
    ),
    AuthorSpec(
        "clara-lindqvist", "Clara Lindqvist", "Science editor",
        "Clara Lindqvist edits the science desk and writes about space, physics and the climate. "
        "She holds a doctorate in atmospheric chemistry and has been with the Ledger for nine years.",
        "night", (("Website", "https://claralindqvist.example/"),),
    ),
    AuthorSpec(
        "tom-hale", "Tom Hale", "Markets reporter",
        "Tom Hale writes about stocks, bonds and the companies that move them from the New York newsroom. "
        "He previously covered banking in London.",
        "storm", (("Bluesky", "https://bsky.example/profile/tomhale"),),
    ),
    AuthorSpec(
        "priya-raman", "Priya Raman", "Staff Writer",
        "Priya Raman is a general assignment reporter who writes about politics, health and city life. "
        "She joined the Ledger as an intern and has been on staff since 2021.",
        "rose", (("Website", "https://priyaraman.example/"),),
    ),
    AuthorSpec(
        "marco-bellini", "Marco Bellini", "Chief sports writer",
        "Marco Bellini has covered football, athletics and the business of sport for fifteen years, "
        "including three World Cups and four Olympic Games.",
        "noon", (("Mastodon", "https://social.example/@mbellini"), ("Podcast", "https://podcast.example/touchline")),
    ),
    AuthorSpec(
        "hannah-cole", "Hannah Cole", "Contributing critic",
        "Hannah Cole writes about art, film and music for the Ledger and several magazines. "
        "Her book on postwar stage design was published last year.",
        "rose", (("Website", "https://hannahcole.example/"),),
    ),
    AuthorSpec(
        "daniel-ashby", "Daniel Ashby", "Europe correspondent",
        "Daniel Ashby reports on European politics and business from London and Brussels. "
        "He has also worked in Berlin and Madrid.",
        "dusk", (("Bluesky", "https://bsky.example/profile/dashby"),),
    ),
    AuthorSpec(
        "kenji-mori", "Kenji Mori", "Meridian correspondent, Tokyo",
        "Kenji Mori covers Japan and the wider region for the Meridian news service.",
        "teal",
    ),
    AuthorSpec(
        "lucia-ferraro", "Lucia Ferraro", "Atlas correspondent, Geneva",
        "Lucia Ferraro covers international organizations, trade and diplomacy for Atlas from Geneva.",
        "dawn",
    ),
)

# The author whose byline the demo "reporter" account writes under.
REPORTER_AUTHOR = "priya-raman"

PORTRAIT_CREDIT = "Ledger Graphics"


# --- Photos --------------------------------------------------------------------
@dataclass(frozen=True)
class PhotoSpec:
    key: str  # stable: names the file and the library title
    title: str
    scene: str  # from articles.demo.images.SCENES
    palette: str
    alt_text: str
    caption: str
    credit: str
    taken_days_ago: float
    is_file_photo: bool = False


PHOTOS = (
    PhotoSpec(
        "kabul-hills", "Hills above Kabul, autumn", "mountains", "autumn",
        "Illustration: layered brown and rust hills under a pale sky, with the sun low behind them.",
        "The hills above Kabul's western districts in late autumn, when the first snow is due on the higher passes.",
        "Omar Haidari/Ledger Staff", 9,
    ),
    PhotoSpec(
        "moscow-winter", "Moscow business district, winter", "skyline", "winter",
        "Illustration: grey tower blocks with scattered lit windows against a pale winter sky.",
        "Office towers in Moscow's business district on a winter afternoon.",
        "Tomas Reyes/Meridian", 410, is_file_photo=True,
    ),
    PhotoSpec(
        "rift-fields", "Farmland, Rift Valley", "fields", "noon",
        "Illustration: green ploughed fields running towards soft hills under a bright blue sky.",
        "Farmland in Kenya's Rift Valley, where growers are switching from maize to sorghum.",
        "Grace Wanjiru/Atlas", 12,
    ),
    PhotoSpec(
        "geneva-lake", "Lake Geneva at dawn", "sea", "dawn",
        "Illustration: a calm lake at dawn in lilac and pale gold, a small sailing boat near the horizon.",
        "Morning on Lake Geneva, where delegations have gathered for a week of talks.",
        "Lena Marsh/Ledger Staff", 6,
    ),
    PhotoSpec(
        "city-night", "Financial district at night", "skyline", "night",
        "Illustration: dark office towers with rows of lit yellow windows under a deep blue night sky.",
        "Offices in the financial district stay lit late into the evening.",
        "Lena Marsh/Ledger Staff", 220, is_file_photo=True,
    ),
    PhotoSpec(
        "harbor-dusk", "Sailing boat at dusk", "sea", "dusk",
        "Illustration: a lone sailing boat on a still sea at dusk, the sun's reflection broken into lines of light.",
        "A sailing boat heads back to harbor at dusk.",
        "Tomas Reyes/Meridian", 15,
    ),
    PhotoSpec(
        "nairobi-skyline", "Nairobi at dusk", "skyline", "dusk",
        "Illustration: a city skyline in purple silhouette against an orange dusk sky, windows starting to light.",
        "Nairobi's central business district at dusk.",
        "Grace Wanjiru/Atlas", 4,
    ),
    PhotoSpec(
        "capitol-dawn", "Washington at first light", "skyline", "dawn",
        "Illustration: blue-grey government buildings against a pink and pale blue morning sky.",
        "Government buildings in Washington at first light.",
        "Lena Marsh/Ledger Staff", 3,
    ),
    PhotoSpec(
        "rally-lights", "Evening rally", "lights", "rose",
        "Illustration: blurred circles of warm light above the silhouetted heads of a crowd.",
        "Supporters wait for the speakers at an evening rally.",
        "Tomas Reyes/Meridian", 8,
    ),
    PhotoSpec(
        "london-storm", "Storm over central London", "skyline", "storm",
        "Illustration: dark slate buildings under heavy grey cloud.",
        "Storm clouds gather over central London.",
        "Ben Hargreaves/Ledger Staff", 95, is_file_photo=True,
    ),
    PhotoSpec(
        "coffee-hills", "Coffee farms, dry season", "fields", "autumn",
        "Illustration: golden ploughed hillsides under a warm evening sky.",
        "Coffee farms in the hills of Minas Gerais state during the dry season.",
        "Rafael Costa/Atlas", 20,
    ),
    PhotoSpec(
        "launch-sky", "Sky over the launch site", "stars", "dusk",
        "Illustration: stars fading into an orange horizon above dark low hills.",
        "The sky over the launch site shortly before dawn.",
        "Lena Marsh/Ledger Staff", 2,
    ),
    PhotoSpec(
        "lab-handout", "Research illustration (handout)", "abstract", "teal",
        "Illustration: overlapping translucent circles and rectangles in teal, cream and coral.",
        "An illustration released by the research team to accompany its results.",
        "Handout/Northgate Institute of Physics", 5,
    ),
    PhotoSpec(
        "glacier", "Alpine glacier, late summer", "mountains", "winter",
        "Illustration: pale blue and white mountain ridges fading into haze under a cold sun.",
        "The tongue of an Alpine glacier at the end of the summer melt season.",
        "Marta Keller/Atlas", 30,
    ),
    PhotoSpec(
        "night-sky", "Night sky, Milky Way", "stars", "night",
        "Illustration: a deep blue night sky full of stars above dark hills.",
        "The night sky over a high desert observatory.",
        "Akiko Sato/Meridian", 60, is_file_photo=True,
    ),
    PhotoSpec(
        "pitch-day", "Players warming up", "pitch", "noon",
        "Illustration: a striped green football pitch with players in red and white, a packed stand behind.",
        "Players warm up before kickoff.",
        "Ben Hargreaves/Ledger Staff", 2,
    ),
    PhotoSpec(
        "pitch-night", "Cup night under floodlights", "pitch", "night",
        "Illustration: a football pitch under a night sky, players in blue and white near the center circle.",
        "Under the floodlights before a cup match.",
        "Rafael Costa/Atlas", 7,
    ),
    PhotoSpec(
        "highland-run", "Runners at first light", "mountains", "dawn",
        "Illustration: soft lilac hills layered under a pale dawn sky.",
        "The hill course above the town at first light, before the senior races.",
        "Grace Wanjiru/Atlas", 10,
    ),
    PhotoSpec(
        "gallery", "Top-floor galleries", "abstract", "rose",
        "Illustration: large overlapping shapes in coral, plum and cream, like paintings hung close together.",
        "Works on show in the museum's top-floor galleries.",
        "Lena Marsh/Ledger Staff", 11,
    ),
    PhotoSpec(
        "concert-lights", "Friday night show", "lights", "dusk",
        "Illustration: soft colored stage lights blurred above the dark outline of an audience.",
        "The crowd at a small venue's Friday night show.",
        "Ben Hargreaves/Ledger Staff", 5,
    ),
    PhotoSpec(
        "stage-set", "Stage set in rehearsal", "abstract", "dusk",
        "Illustration: amber and violet blocks and discs overlapping on a dark blue ground.",
        "A stage set during a rehearsal.",
        "Akiko Sato/Meridian", 14,
    ),
    PhotoSpec(
        "tokyo-evening", "Tokyo towers, evening", "skyline", "teal",
        "Illustration: teal tower blocks with warm lit windows under a green-blue evening sky.",
        "Commuter towers in Tokyo in the evening rush.",
        "Akiko Sato/Meridian", 3,
    ),
)
