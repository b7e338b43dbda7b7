"""The demo newsroom's stories, all invented for the demo.

Each story has its own headline, dek, opening paragraphs and quote; the rest
of the body is drawn from paragraphs a desk might write about any story on
that beat (`POOLS`), chosen by the story's place in its section so the same
story always gets the same text. Places and institutions are real enough to
make a dateline, but the events, people and clubs are made up.
"""

from dataclasses import dataclass
from html import escape

from django.utils.text import capfirst, slugify

from articles.demo.content import ATLAS, MERIDIAN
from articles.models import Origin

ADDITIONAL = "Additional reporting by"


@dataclass(frozen=True)
class StorySpec:
    section: str
    headline: str
    dek: str
    topic: str  # a noun phrase the shared paragraphs use mid-sentence: "the grain agreement"
    lead: str
    detail: str
    quote: str  # without closing punctuation: it is printed as “…,” said <speaker>.
    speaker: str
    tags: tuple[str, ...]
    bylines: tuple  # author slugs, or (slug, role) for a role line
    dateline: str = ""
    source: str = ""
    origin: str = Origin.STAFF
    photo: str = ""
    kicker: str = ""
    pool: str = ""  # the key in POOLS of the shared paragraphs that fit this story
    extra: tuple[str, ...] = ()  # more paragraphs of the story's own, after the quote
    ending: str = ""  # the story's own last paragraph, instead of one from the pool
    home_position: int | None = None
    revised_hours_later: float | None = None
    schedule_in_minutes: int | None = None

    @property
    def slug(self):
        """The headline's slug, cut at a word boundary: short addresses, stable across runs."""
        slug = ""
        for word in slugify(self.headline).split("-"):
            if len(slug) + len(word) + 1 > 70:
                break
            slug = f"{slug}-{word}" if slug else word
        return slug


POOLS = {
    "diplomacy": {
        "context": (
            "Diplomats said the groundwork had been laid over months of lower-level meetings, and that several "
            "details were still being settled on the eve of the announcement.",
            "Regional analysts cautioned against reading too much into a single step. Similar efforts in the past, "
            "they noted, faltered once the attention of governments moved elsewhere.",
            "Neighboring governments have watched closely. Two issued brief statements welcoming the move while "
            "asking how it would be paid for.",
            "Officials from several delegations, speaking on condition of anonymity because the talks are private, "
            "said the hardest questions had been left for later rounds.",
            "Campaigners who follow the negotiations said they would judge {topic} by what changes in practice, not "
            "by the language of official statements.",
        ),
        "subheads": ("A long road", "What is on the table", "How neighbors reacted"),
        "closing": (
            "A follow-up meeting is planned for next month, when delegations are expected to report on progress.",
            "Officials said they expected to publish the full text before the end of the month.",
            "Observers said the coming weeks would show how much of the goodwill survives contact with the details.",
        ),
    },
    "cost_of_living": {
        "context": (
            "Rising food and fuel prices have squeezed households for much of the year, and wages have not kept "
            "pace, according to official figures.",
            "Residents interviewed this week described cutting back on meat, heating and travel to make their "
            "budgets stretch.",
            "Economists said the pressures were unlikely to ease before the spring, when new harvests and lower "
            "energy costs are expected to feed through.",
            "The government has promised targeted support for the poorest households but has not said when it will "
            "be paid or how large it will be.",
            "Local officials said demand for emergency help had risen steadily since the summer, with more working "
            "families asking for assistance than in previous years.",
        ),
        "subheads": ("Stretching budgets", "Who is hit hardest", "Waiting for relief"),
        "closing": (
            "Officials are due to publish updated price figures at the end of the month.",
            "Economists said the next few months would show whether the squeeze has peaked.",
            "Community groups said they were preparing for a difficult winter.",
        ),
    },
    "public_works": {
        "context": (
            "The project has been in planning for years and has faced delays over land, funding and the relocation "
            "of utilities beneath the streets.",
            "Residents interviewed this week were mostly positive, though some said they had heard promises before "
            "and would wait to see whether the service proved reliable.",
            "Officials said the cost had risen since the project was first approved, largely because of higher "
            "prices for steel, concrete and labor.",
            "Transport researchers said projects of this kind usually take a year or more to reach their full "
            "ridership, as people change jobs, homes and habits.",
            "Business owners along the route have mixed feelings: some expect more customers, while others say the "
            "construction years were hard to survive.",
        ),
        "subheads": ("Years in the making", "What riders say", "The cost"),
        "closing": (
            "Officials said they would publish ridership figures after the first six months.",
            "A decision on the next phase is expected next year.",
            "The city said it would review the results before extending the program.",
        ),
    },
    "aid": {
        "context": (
            "Aid organizations said funding for their work had fallen this year, forcing them to choose which "
            "districts to reach first.",
            "Access to some areas remains difficult, and aid workers said they depended on local elders and drivers "
            "who know which roads stay open.",
            "The United Nations has warned that millions of people in the country face uncertain access to food "
            "this winter.",
            "Local staff said families had sold livestock and borrowed from relatives to get through previous "
            "winters, leaving them with less to fall back on.",
            "Agencies said they would judge {topic} by what reached families, not by the tonnage dispatched.",
        ),
        "subheads": ("Racing the weather", "A funding gap", "Families on the edge"),
        "closing": (
            "Aid agencies said they would issue an update once the first convoys had reported back.",
            "Further deliveries are planned through the end of the month, weather permitting.",
            "Officials said a second appeal for funding would be launched in the new year.",
        ),
    },
    "farming": {
        "context": (
            "Rainfall across the region has become harder to predict, and farmers say the planting calendar their "
            "parents relied on no longer holds.",
            "Agricultural extension officers, who advise farmers on seed and planting, said demand for their visits "
            "had outstripped their numbers.",
            "Buyers and processors have been slower to adapt, and some farmers said they struggled to find markets "
            "for new crops.",
            "Economists said the shift could make farms more resilient but warned that it would take several "
            "seasons to judge.",
            "Input costs have risen sharply, with fertilizer prices still well above their level of a few years ago.",
        ),
        "subheads": ("A changing season", "Finding buyers", "The cost of seed"),
        "closing": (
            "The next planting season begins in March.",
            "The agriculture ministry is due to publish its harvest estimates next month.",
            "Farmers' groups said they would press for better access to credit ahead of the next season.",
        ),
    },
    "legislation": {
        "context": (
            "Supporters say the changes answer a problem constituents raise again and again. Critics counter that "
            "they leave the hardest questions for another day.",
            "Legal experts said parts of the proposals were likely to be challenged in court, though few expected a "
            "ruling before next year.",
            "Business groups and unions have lobbied heavily on the details, and both claimed partial victories.",
            "Opposition members said they had been given too little time to scrutinize the details and that several "
            "of their amendments had been rejected without debate.",
            "The debate has exposed divisions within the governing side as well as between the parties, according "
            "to aides who attended the private meetings.",
        ),
        "subheads": ("How the deal came together", "What critics say", "The road ahead"),
        "closing": (
            "The measure now moves to its next stage, where leaders have said they hope to hold a final vote within "
            "a month.",
            "Officials said detailed guidance would be published before the rules take effect.",
            "A spokesperson said the government would set out its next steps in a statement to lawmakers next week.",
        ),
    },
    "campaign": {
        "context": (
            "Polling released this month suggests voters are more focused on the cost of living than on the "
            "mechanics of politics, a gap both parties have tried to close with simpler messages.",
            "Campaign groups on both sides have already begun spending on advertising, a sign of how central the "
            "issue may become.",
            "Strategists said turnout among younger voters and in fast-growing suburbs was likely to decide the "
            "outcome.",
            "Party officials have stepped up fundraising, and several said privately that they expected the contest "
            "to be the most expensive in years.",
            "Election administrators said they were hiring more staff and testing equipment earlier than usual to "
            "avoid the delays seen in past contests.",
        ),
        "subheads": ("The voters' view", "Money and message", "What to watch"),
        "closing": (
            "Both sides said they expected the issue to feature heavily in the next round of campaigning.",
            "The next major test comes with the publication of candidate lists next month.",
            "Strategists on both sides said the contest was far from settled.",
        ),
    },
    "markets": {
        "context": (
            "Analysts said the figures would be read closely by investors, who have spent much of the year trying "
            "to judge how far and how fast borrowing costs will fall.",
            "Economists surveyed before the release had expected a smaller change, and several said the surprise "
            "reflected one-off factors that could reverse.",
            "Currency traders took the news in stride, with the dollar little changed against a basket of major "
            "currencies by mid-afternoon.",
            "Bond markets have been volatile for weeks as investors weigh the risk that inflation proves more "
            "stubborn than central banks expect.",
            "Smaller businesses, which rely more on bank lending, have felt tighter credit most sharply, according "
            "to a survey published by a trade association last week.",
        ),
        "subheads": ("What investors are watching", "A mixed picture", "Reading the data"),
        "closing": (
            "The next set of official figures is due at the end of the month.",
            "Analysts said the market would look for confirmation in next week's data before drawing firm "
            "conclusions.",
            "Some economists cautioned that one month of figures was too little to mark a turning point.",
        ),
    },
    "industry": {
        "context": (
            "Executives across the industry have been cautious in recent months, pointing to higher wage bills and "
            "uneven demand as reasons to hold back on hiring.",
            "Shares in the sector have lagged the broader market this year as investors weighed pressure on margins.",
            "Analysts said the companies best placed to weather the change were those with strong balance sheets "
            "and long-term contracts with customers.",
            "Consumer groups said any savings would take time to reach household budgets, if they arrive at all.",
            "The industry employs tens of thousands of people, many of them in smaller towns where there are few "
            "other large employers.",
        ),
        "subheads": ("Costs and margins", "Winners and losers", "The view from the industry"),
        "closing": (
            "Executives are expected to say more when companies report quarterly results next month.",
            "Industry groups said they would publish updated forecasts in the new year.",
            "Analysts said the full effect would not be clear for several quarters.",
        ),
    },
    "research": {
        "context": (
            "The findings have been published in a peer-reviewed journal, and the team has made its data available "
            "to other researchers.",
            "Independent scientists who reviewed the work said the methods were sound but cautioned that the "
            "results needed to be repeated elsewhere.",
            "The project was funded by a mix of public research grants and a charitable foundation, which had no "
            "role in designing the study or interpreting the results.",
            "Similar work in the past has been limited by the cost of the instruments involved, a barrier that "
            "newer, cheaper equipment is starting to remove.",
            "Several members of the team are early-career researchers, and the project doubled as training for a "
            "new generation of specialists in the field.",
            "The work does not settle the debate, its authors acknowledged, but it narrows the range of "
            "explanations that remain plausible.",
        ),
        "subheads": ("How the work was done", "What it does not show", "Why it matters"),
        "closing": (
            "The team plans to publish a second, larger set of results next year.",
            "Other groups are expected to try to reproduce {topic} in the coming months.",
            "The researchers said they would post updates on a public project website as the work continues.",
        ),
    },
    "mission": {
        "context": (
            "The mission is a partnership between a government agency and private contractors, an arrangement that "
            "has become common as launch costs have fallen.",
            "Engineers said the spacecraft had been through months of testing for vibration, vacuum and extreme "
            "temperatures before it was shipped to the launch site.",
            "Launch schedules are tightly packed this year, and a delay of even a few days can mean waiting weeks "
            "for another slot.",
            "Scientists who will use the data said they had been waiting years for measurements of this kind.",
            "The program has faced questions about its cost, which has risen by about a fifth since it was approved.",
        ),
        "subheads": ("Years of testing", "What the mission will do", "The cost of delay"),
        "closing": (
            "Mission controllers will give an update after the next round of checks is complete.",
            "The first data is expected to be released to researchers early next year.",
            "The team said it would announce further milestones on the mission's website.",
        ),
    },
    "health": {
        "context": (
            "Health officials urged people in higher-risk groups, including older adults and those with chronic "
            "conditions, to speak to a doctor or pharmacist.",
            "Clinics said staffing remained the biggest constraint, with some nurses covering several sites a week.",
            "Public health researchers said clear information from trusted local figures did more to change "
            "behavior than national campaigns.",
            "Doctors said the change would take time to reach everyday practice, as guidelines are updated and "
            "staff trained.",
            "Hospital admissions data, published weekly, will give the first clear picture of the effect.",
        ),
        "subheads": ("On the wards", "Advice for patients", "What doctors say"),
        "closing": (
            "Health officials will publish updated figures next week.",
            "Guidance for doctors is expected to be updated in the coming months.",
            "Officials said they would review the program at the end of its first year.",
        ),
    },
    "match": {
        "context": (
            "The manager has rotated the squad heavily in recent weeks, and several regulars started on the bench.",
            "Supporters had grown restless after a run of draws, and the atmosphere was tense for much of the first "
            "half.",
            "The result leaves the table tightly bunched, with only a handful of points separating the top five.",
            "Injuries have complicated preparations all season. Two first-choice defenders are expected to miss at "
            "least another month.",
            "Scouts from several foreign clubs were in the crowd, according to people familiar with the matter.",
        ),
        "subheads": ("Turning point", "Selection questions", "In the stands"),
        "closing": (
            "Next up is an away trip on Saturday against a side that has not lost at home since the autumn.",
            "The two sides meet again in the return fixture in April.",
            "The club's next home match is expected to sell out.",
        ),
    },
    "club": {
        "context": (
            "Attendance across the division has risen by about a tenth compared with last season, helped by "
            "cheaper tickets for younger fans.",
            "Clubs have come under pressure from supporters' groups to keep ticket prices down even as wage bills "
            "rise.",
            "Broadcast money now accounts for more than half of revenue at most clubs in the division, according to "
            "an annual review of club finances.",
            "Former players and pundits have been divided, with some praising the decision and others warning that "
            "it could backfire.",
            "The league has been trying to raise standards off the field, from stewarding to youth coaching, as its "
            "profile grows.",
        ),
        "subheads": ("Off the field", "Money matters", "What comes next"),
        "closing": (
            "Supporters' groups said they would meet club officials next week.",
            "The league's board meets again next month.",
            "Tickets for the next home match are expected to sell out.",
        ),
    },
    "athletics": {
        "context": (
            "Distance running has enjoyed a boom in entries in recent years, with road races and cross-country "
            "meets reporting record fields.",
            "Coaches said longer training camps at altitude, which several federations have expanded in recent "
            "seasons, were paying off.",
            "Organizers have worked to cut costs after several events struggled financially, sharing equipment and "
            "volunteers across meets.",
            "For athletes, the event doubles as an early test of form ahead of a crowded international calendar.",
            "Broadcasters have shown growing interest in the sport's shorter, faster formats, which fit neatly into "
            "a television schedule.",
        ),
        "subheads": ("Depth in the field", "Beyond the podium", "Looking ahead"),
        "closing": (
            "The national championships follow next month.",
            "Selectors are expected to name the team for the continental championships in two weeks.",
            "Organizers said they would announce dates for next year's event in the autumn.",
        ),
    },
    "arts": {
        "context": (
            "Tickets for the opening run sold out within days, and organizers have added dates to meet demand.",
            "Early reviews have been broadly warm, though not unanimous.",
            "The project took more than three years to bring together, delayed in part by the cost of insurance and "
            "loans.",
            "Public funding for the arts has been flat for several years, and many venues now depend on private "
            "donors and ticket sales to stay open.",
            "Younger audiences in particular have responded, according to the organizers, who said about a third of "
            "tickets went to first-time visitors.",
            "The program includes talks, workshops and cheaper tickets for students, part of an effort to widen the "
            "audience.",
        ),
        "subheads": ("Behind the scenes", "The audience", "What to see"),
        "closing": (
            "The run continues until the end of next month before touring to three other cities.",
            "Organizers said they were already planning next year's program.",
            "Tickets go on sale to the general public on Friday.",
        ),
    },
    "books": {
        "context": (
            "Publishers said printed books had held up better than many predicted a decade ago, with audiobooks "
            "growing alongside rather than instead of them.",
            "Independent bookshops have also reported steady sales, helped by author events and reading groups.",
            "Librarians said budgets remained tight, and some branches had cut opening hours even as visits rose.",
            "Teachers and librarians said reading for pleasure among teenagers had become a priority after years of "
            "decline.",
        ),
        "subheads": ("The readers", "Shelf life", "What comes next"),
        "closing": (
            "Figures for the current year will be published next spring.",
            "Several publishers said they planned to expand their lists next year.",
            "Organizers said next year's event would move to a larger venue.",
        ),
    },
}


def paragraph(text):
    return f"<p>{escape(text, quote=False)}</p>"


def compose_body(spec: StorySpec, index: int) -> str:
    """Return the story's HTML body: 4 to 8 paragraphs, the same every time for the same `index`.

    `index` is the story's place within its section; it varies the length,
    which shared paragraphs appear, and whether the quote is set as a
    blockquote, so neighboring stories do not read alike.
    """
    pool = POOLS[spec.pool]
    as_blockquote = index % 3 == 1
    own = 2 + (2 if as_blockquote else 1) + len(spec.extra) + 1  # lead, detail, quote, extra, closing
    shared = max(0, min(index % 5 - len(spec.extra), 8 - own))
    start = (index * 2) % len(pool["context"])
    context = [pool["context"][(start + i) % len(pool["context"])] for i in range(shared)]
    closing = spec.ending or pool["closing"][index % len(pool["closing"])]

    parts = [paragraph(spec.lead), paragraph(spec.detail)]
    if as_blockquote:
        parts.append(
            f"<blockquote>{paragraph(spec.quote + '.')}{paragraph('— ' + capfirst(spec.speaker))}</blockquote>"
        )
    else:
        parts.append(paragraph(f"“{spec.quote},” said {spec.speaker}."))
    parts.extend(paragraph(text) for text in spec.extra)
    # A subhead only where there is enough copy below it to deserve one.
    if len(context) >= 2:
        parts.append(f"<h2>{escape(pool['subheads'][index % len(pool['subheads'])], quote=False)}</h2>")
    parts.extend(paragraph(text.format(topic=spec.topic)) for text in context)
    parts.append(paragraph(closing.format(topic=spec.topic)))
    return "\n".join(parts)


W, A = Origin.WIRE, ATLAS

# Newest first within each section; the loader interleaves the sections when it
# spreads publish times over the last three weeks.
STORIES = (
    # --- World -------------------------------------------------------------------
    StorySpec(
        "world",
        "Aid groups race to stock winter food in Afghanistan's central highlands",
        "With mountain passes expected to close within weeks, agencies are moving flour, cooking oil and fuel to "
        "more than 200 villages before the snow.",
        "the winter supply effort",
        "Aid agencies working in Afghanistan's central highlands have begun moving food and fuel to remote villages "
        "weeks earlier than usual, warning that an early winter could cut off mountain roads before stores are in "
        "place.",
        "Trucks carrying flour, cooking oil and coal briquettes left the capital on Monday for Bamiyan and Daykundi "
        "provinces, where aid workers estimate that about 40,000 households depend on supplies delivered before the "
        "first heavy snowfall.",
        "Every week we gain now is a week a family does not have to choose between heating and eating",
        "Mariam Sadat, who coordinates logistics for a coalition of relief groups in Kabul",
        ("Humanitarian aid", "Climate"),
        ("farid-rahimi", ("daniel-ashby", ADDITIONAL)),
        pool="aid", dateline="KABUL, Afghanistan", photo="kabul-hills", home_position=1,
        extra=(
            "Drivers said the main road west of the capital was passable but slow, with long waits at checkpoints "
            "and fuel stations. Several convoys have been split into smaller groups to make the final climb.",
            "Village elders in two districts told the Ledger by telephone that last year's stocks ran out in "
            "February, a month before the roads reopened.",
        ),
    ),
    StorySpec(
        "world",
        "Moscow opens six stations on its outer metro ring",
        "The extension, years in the making, cuts commutes for suburbs east of the capital but arrives well over "
        "budget.",
        "the metro extension",
        "Moscow opened six new stations on its outer metro ring on Saturday, linking a string of fast-growing "
        "eastern suburbs to the network and completing a loop first planned more than a decade ago.",
        "City officials said the new section would carry about 300,000 passengers a day once it reached full "
        "service and would shorten some journeys to the center by as much as 40 minutes.",
        "For people out here the city just got a little smaller",
        "Irina Volkova, a nurse who has commuted by bus and train from the district of Kosino for eleven years",
        ("Economy",),
        ("nadia-petrova",),
        pool="public_works", dateline="MOSCOW", photo="moscow-winter",
    ),
    StorySpec(
        "world",
        "Kenyan farmers turn to drought-tolerant sorghum as rains fail again",
        "A third poor season in four years is pushing growers in the Rift Valley away from maize, the country's "
        "staple.",
        "the switch to sorghum",
        "Farmers across Kenya's Rift Valley are planting sorghum in place of maize for the first time, after the "
        "short rains failed for the third time in four years and left many with nothing to harvest.",
        "Seed merchants in Nakuru said sales of drought-tolerant sorghum varieties had roughly doubled since "
        "August, while demand for maize seed fell by about a quarter.",
        "My father grew maize and so did I, but the rain we knew is not coming back",
        "Peter Kiprono, who farms four acres outside Nakuru",
        ("Climate", "Economy"),
        ("james-okoro",),
        pool="farming", dateline="NAIROBI, Kenya", photo="rift-fields",
    ),
    StorySpec(
        "world",
        "Talks on a shared river basin resume in Geneva after a two-year pause",
        "Delegations from five countries will try to agree on how to share water in dry years.",
        "the river agreement",
        "Negotiators from five countries that share a major river basin resumed talks in Geneva on Tuesday, two "
        "years after the last round broke up without agreement over how to divide water in drought years.",
        "The talks, hosted by a United Nations agency, are meant to produce a framework for releasing water from "
        "upstream dams during dry seasons and for sharing river-flow data in real time.",
        "Nobody expects a treaty this week, but a shared set of numbers would already be a breakthrough",
        "a Western diplomat following the talks",
        ("Diplomacy", "Climate"),
        ("lucia-ferraro",),
        pool="diplomacy", dateline="GENEVA", source=A, origin=W, photo="geneva-lake",
    ),
    StorySpec(
        "world",
        "Tokyo trials overnight trains on two commuter lines",
        "Night-shift workers have welcomed the six-month experiment; rail operators want to know whether it pays.",
        "the overnight service",
        "Two of Tokyo's busiest commuter lines began running trains through the night on weekends this month, "
        "part of a six-month trial aimed at shift workers and the city's growing night-time economy.",
        "Operators said about 1,800 passengers used the first weekend's services, most of them between midnight "
        "and 2 a.m.",
        "Before this I slept at the hospital or paid for a taxi I could not afford",
        "Yuki Tanaka, a hospital porter who finishes work after midnight",
        ("Economy", "Technology"),
        ("kenji-mori",),
        pool="public_works", dateline="TOKYO", source=MERIDIAN, origin=W, photo="tokyo-evening",
    ),
    StorySpec(
        "world",
        "Thames ferry operator orders battery boats to cut river emissions",
        "The first of eight electric vessels is due in service next summer.",
        "the electric fleet",
        "The company that runs commuter ferries on the River Thames has ordered eight battery-powered boats, "
        "which it says will cut the fleet's emissions by more than half by the end of the decade.",
        "The vessels will be charged at two piers overnight and between peak periods, and will replace diesel "
        "boats that have carried passengers between east and west London for almost twenty years.",
        "The river is the one commute in London that never gets stuck in traffic, and now it will be quieter too",
        "Sarah Lind, the operator's managing director",
        ("Climate", "Energy"),
        ("daniel-ashby",),
        pool="public_works", dateline="LONDON", photo="harbor-dusk",
    ),
    StorySpec(
        "world",
        "EU ministers back common rules for cross-border rail tickets",
        "Travelers would be able to book a journey across several countries in one purchase, with protection if "
        "they miss a connection.",
        "the ticketing rules",
        "European transport ministers agreed on Thursday to back common rules that would let passengers buy a "
        "single ticket for rail journeys across several countries and claim compensation if a delay makes them "
        "miss a connection.",
        "The proposal still needs the approval of the European Parliament, where a vote is expected early next "
        "year. Rail companies would then have three years to adapt their booking systems.",
        "Booking a train from Lisbon to Warsaw should not be harder than booking a flight",
        "a spokesperson for a European passenger group",
        ("Diplomacy", "Trade"),
        ("daniel-ashby", ("lucia-ferraro", ADDITIONAL)),
        pool="legislation", dateline="BRUSSELS", photo="",
    ),
    StorySpec(
        "world",
        "Nairobi's new bus lanes cut commute times, early figures show",
        "Journeys on the first dedicated corridor are about a quarter faster, though drivers complain of "
        "congestion elsewhere.",
        "the bus lane program",
        "Buses on Nairobi's first dedicated lanes are completing their routes about a quarter faster than before, "
        "according to figures released by the city's transport authority two months after the lanes opened.",
        "The 12-kilometer corridor links the city center with fast-growing northern suburbs. City officials plan "
        "three more corridors by the end of next year if funding is approved.",
        "The buses are finally moving, and people are noticing",
        "Amina Hassan, who heads the transport authority's planning unit",
        ("Economy",),
        ("james-okoro",),
        pool="public_works", dateline="NAIROBI, Kenya", photo="nairobi-skyline",
    ),
    StorySpec(
        "world",
        "Kabul's bakeries feel the squeeze as flour prices climb",
        "Bakers say they are shrinking the size of the city's staple bread to keep the price steady.",
        "the rise in flour prices",
        "Bakeries across Kabul are making their loaves smaller rather than raising prices, as the cost of imported "
        "flour climbs for a fourth consecutive month.",
        "A 50-kilogram sack of flour now costs about a fifth more than it did in the summer, according to traders "
        "in the city's main wholesale market.",
        "If I raise the price, my customers go hungry; if I do not, I cannot pay my workers",
        "Abdul Wahid, who has run a bakery in the city's west for twenty years",
        ("Humanitarian aid", "Economy"),
        ("farid-rahimi",),
        pool="cost_of_living", dateline="KABUL, Afghanistan", photo="kabul-hills",
    ),
    StorySpec(
        "world",
        "Why Russia's regional budgets are running short",
        "Rising costs and a smaller share of tax revenue are squeezing governors far from the capital.",
        "the regional budget squeeze",
        "Russia's regional governments are heading into winter with less money than they had planned for, as "
        "higher wage and energy costs meet a smaller share of federal tax revenue.",
        "About a third of the country's regions ended the third quarter in deficit, according to finance ministry "
        "figures, up from about a fifth a year earlier.",
        "Governors are being asked to do more with less, and the easiest thing to cut is repairs",
        "Alexei Morozov, an economist who studies regional finance in Moscow",
        ("Economy",),
        ("nadia-petrova",),
        pool="cost_of_living", dateline="MOSCOW", kicker="Analysis", revised_hours_later=5,
    ),
    # --- Politics ------------------------------------------------------------------
    StorySpec(
        "politics",
        "Senate committee advances bipartisan bill to speed permits for power lines",
        "The measure would set deadlines for federal reviews of long-distance transmission projects.",
        "the permitting bill",
        "A Senate committee voted 15 to 7 on Wednesday to advance a bill that would set firm deadlines for "
        "federal reviews of long-distance power lines, a rare bipartisan step on energy policy.",
        "The bill would give agencies two years to complete environmental reviews and would let a single lead "
        "agency coordinate permits that now pass through as many as a dozen offices.",
        "We can build the power plants, but if we cannot move the electricity, it does not matter",
        "a senior committee aide who helped draft the bill",
        ("Energy", "Climate"),
        ("eleanor-voss", "priya-raman"),
        pool="legislation", dateline="WASHINGTON", photo="capitol-dawn", home_position=2,
        extra=(
            "Utilities and clean-energy groups have lobbied for the change for years, arguing that projects "
            "approved by states can sit for a decade waiting for federal sign-off.",
        ),
    ),
    StorySpec(
        "politics",
        "The quiet fight over who draws the new congressional maps",
        "Commissions, courts and legislatures are all claiming a say before the next census-based redraw.",
        "the redistricting fight",
        "Two years before the next round of redistricting begins in earnest, a less visible contest is under way "
        "over who will hold the pen.",
        "In at least six states, lawmakers are weighing changes to independent commissions, while lawsuits in "
        "three others ask courts to set clearer limits on how maps can be drawn.",
        "Whoever draws the lines decides a lot of elections before a single vote is cast",
        "Ruth Delgado, a political scientist who studies redistricting",
        ("Elections",),
        ("eleanor-voss",),
        pool="campaign", dateline="WASHINGTON", kicker="Analysis", photo="rally-lights",
    ),
    StorySpec(
        "politics",
        "Councils in England warn of budget gaps as social care costs rise",
        "Local leaders say more councils could declare effective bankruptcy within two years.",
        "the funding gap",
        "Local councils in England face a combined budget shortfall of several billion pounds over the next two "
        "years, according to a report by their national association, which blamed rising demand for adult social "
        "care.",
        "The report said one in ten councils was at risk of issuing a notice that it could not balance its books, "
        "a step that triggers emergency spending controls.",
        "We are running out of things to cut that residents would not notice",
        "the association's finance spokesperson",
        ("Health", "Economy"),
        ("daniel-ashby",),
        pool="cost_of_living", dateline="LONDON", photo="london-storm",
    ),
    StorySpec(
        "politics",
        "German coalition agrees rules for state-backed heat pump loans",
        "Homeowners would be able to borrow at low rates to replace oil and gas boilers.",
        "the loan program",
        "Germany's governing parties agreed on Monday on the terms of a state-backed loan program for homeowners "
        "who replace oil and gas boilers with heat pumps, ending months of public disagreement.",
        "Under the deal, loans of up to 30,000 euros would be offered at below-market rates through the state "
        "development bank, with larger grants for low-income households.",
        "This is a compromise, and like every compromise it leaves everyone a little unhappy",
        "a senior member of one of the coalition parties",
        ("Energy", "Climate"),
        ("lucia-ferraro",),
        pool="legislation", dateline="BERLIN", source=A, origin=W,
    ),
    StorySpec(
        "politics",
        "How the EU's new digital identity wallet will work",
        "A phone app could soon hold your ID card, driving license and diplomas. Here is what changes.",
        "the digital wallet",
        "Within the next two years, every European Union country must offer its citizens a digital identity "
        "wallet: an app that can hold an identity card, a driving license, diplomas and other official papers.",
        "The wallet is voluntary. Citizens who prefer plastic cards and paper can keep them, and services must "
        "continue to accept them.",
        "The important promise is that you decide what you share, and with whom",
        "an official at the European Commission who works on the project",
        ("Technology",),
        ("daniel-ashby",),
        pool="legislation", dateline="BRUSSELS", kicker="Explainer",
        extra=(
            "When a website or a shop asks for proof of age, the wallet can confirm that the holder is over 18 "
            "without revealing a name or a date of birth.",
            "Security researchers have welcomed that design but warned that the apps must be audited "
            "independently in every country before they are trusted with sensitive data.",
        ),
    ),
    StorySpec(
        "politics",
        "Voter registration surges among first-time voters in three swing states",
        "Campus drives and automatic registration at motor vehicle offices are behind the rise, officials say.",
        "the registration surge",
        "New voter registrations among people aged 18 to 24 have risen sharply in three closely divided states "
        "this year, according to figures published by state election offices.",
        "Election officials credited automatic registration at motor vehicle offices, introduced in two of the "
        "states since the last election, and a series of campus registration drives.",
        "Registering is the easy part; the question is whether they turn out",
        "Marcus Bell, who runs a nonpartisan voter-education group",
        ("Elections",),
        ("priya-raman",),
        pool="campaign", dateline="WASHINGTON", photo="rally-lights",
    ),
    StorySpec(
        "politics",
        "New York City Council votes to make outdoor dining rules permanent",
        "Restaurants will be able to keep street-side seating year-round under a new licensing system.",
        "the outdoor dining rules",
        "The New York City Council voted 38 to 9 on Thursday to make outdoor dining permanent, replacing emergency "
        "rules with a licensing system for street-side seating.",
        "Restaurants will pay an annual fee based on the size of their seating area and their neighborhood, and "
        "structures will have to meet new design standards by next spring.",
        "The streets belong to everyone, and this finally gives us rules that say so",
        "the council member who sponsored the bill",
        ("Economy",),
        ("priya-raman",),
        pool="legislation", dateline="NEW YORK", photo="city-night",
    ),
    StorySpec(
        "politics",
        "House passes stopgap spending measure hours before deadline",
        "The bill funds the government for six weeks and sends the fight over full-year budgets into December.",
        "the stopgap measure",
        "The House of Representatives passed a six-week stopgap spending bill late on Friday, hours before federal "
        "funding was due to lapse, sending the measure to the Senate with broad support from both parties.",
        "The bill keeps agencies funded at current levels and includes emergency money for disaster relief, but "
        "leaves unresolved the disputes over full-year spending that have stalled talks since the summer.",
        "Nobody is celebrating; we have bought six weeks to do the job we should have done already",
        "a senior member of the appropriations committee",
        ("Economy",),
        ("eleanor-voss", "priya-raman", ("tom-hale", ADDITIONAL)),
        pool="legislation", dateline="WASHINGTON", photo="capitol-dawn", revised_hours_later=3,
        extra=(
            "Senate leaders said they expected to take up the bill on Saturday and send it to the White House "
            "before the deadline at midnight.",
        ),
    ),
    StorySpec(
        "politics",
        "Inquiry calls for clearer rules on ministers' use of private messaging",
        "Lawmakers say official decisions made on personal phones must be kept on the public record.",
        "the messaging rules",
        "A parliamentary inquiry has called for clear rules requiring ministers to copy official decisions made on "
        "private messaging apps to government systems, so that they can be released under freedom of information "
        "law.",
        "The committee found that guidance on the use of personal phones had not been updated in nearly a decade "
        "and was applied unevenly across departments.",
        "If a decision matters enough to make, it matters enough to keep",
        "the committee's chair",
        ("Technology",),
        ("daniel-ashby",),
        pool="legislation", ending="The government has two months to respond to the committee's recommendations.",
        dateline="LONDON",
    ),
    StorySpec(
        "politics",
        "Japan's ruling party opens leadership race with a record five candidates",
        "The winner will become prime minister and is expected to call an early election.",
        "the leadership contest",
        "Five candidates formally entered the race to lead Japan's governing party on Tuesday, the largest field "
        "in its history, setting up a two-week campaign whose winner is expected to become prime minister.",
        "The candidates include two former cabinet ministers and, for the first time, two women. Party members and "
        "lawmakers will vote in two rounds if no candidate wins a majority at the first attempt.",
        "The party wants a new face before it asks voters for anything",
        "Hiroshi Kato, a political analyst at a Tokyo university",
        ("Elections",),
        ("kenji-mori",),
        pool="campaign", dateline="TOKYO", source=MERIDIAN, origin=W, photo="tokyo-evening",
    ),
    # --- Business ----------------------------------------------------------------------
    StorySpec(
        "business",
        "Stocks edge higher as investors weigh signs of cooling inflation",
        "Bond yields fell after consumer prices rose less than expected last month.",
        "the inflation figures",
        "Stocks rose modestly on Tuesday after figures showed consumer prices increased less than expected last "
        "month, strengthening the case for lower interest rates early next year.",
        "The broad market index closed up 0.6 percent, led by housebuilders and technology companies, while the "
        "yield on the 10-year Treasury note fell to its lowest level in five weeks.",
        "The market has been waiting for a month like this, but it will want to see two or three more",
        "Dana Whitfield, chief investment strategist at a New York asset manager",
        ("Markets", "Economy"),
        ("tom-hale",),
        pool="markets", dateline="NEW YORK", photo="city-night", home_position=3,
    ),
    StorySpec(
        "business",
        "Regional lenders tighten credit for commercial property",
        "Office landlords face higher costs to refinance as banks set aside more against losses.",
        "the tighter lending standards",
        "Regional banks have tightened lending standards for commercial property for a sixth straight quarter, "
        "according to a survey of loan officers, as falling office valuations raise fears of losses.",
        "Landlords with loans coming due next year face refinancing costs as much as two percentage points higher "
        "than when they borrowed, the survey found.",
        "Nobody wants to be the last bank holding an empty office tower",
        "a loan officer at a Midwestern bank who asked not to be named",
        ("Markets",),
        ("tom-hale",),
        pool="markets", dateline="NEW YORK",
    ),
    StorySpec(
        "business",
        "Brazil's coffee exporters brace for a smaller harvest after a dry winter",
        "Lower output in the world's biggest producer could keep prices high into next year.",
        "the smaller harvest",
        "Coffee exporters in Brazil expect next year's harvest to be smaller than forecast after an unusually dry "
        "winter in the main growing regions, a shortfall that could keep global prices high.",
        "An exporters' association cut its estimate for the coming crop by about 6 percent, citing poor flowering "
        "on farms in the southeast of the country.",
        "The trees are healthy, but they did not get the rain they needed at the right moment",
        "Carla Mendes, an agronomist who advises growers",
        ("Trade", "Climate"),
        ("lucia-ferraro",),
        pool="industry", dateline="SAO PAULO, Brazil", source=A, origin=W, photo="coffee-hills",
    ),
    StorySpec(
        "business",
        "Japanese carmakers step up battery partnerships",
        "Two of the country's biggest manufacturers will share a new cell plant to cut costs.",
        "the battery partnership",
        "Two of Japan's largest carmakers said on Thursday that they would jointly build and run a battery cell "
        "plant, the latest sign of an industry pooling resources to compete in electric vehicles.",
        "The plant, planned for central Japan, is expected to start production in three years and to employ about "
        "1,500 people.",
        "Alone, each of us is too small for this race",
        "an executive at one of the companies",
        ("Technology", "Trade"),
        ("kenji-mori",),
        pool="industry", dateline="TOKYO", source=MERIDIAN, origin=W, photo="tokyo-evening",
    ),
    StorySpec(
        "business",
        "UK retailers report slower spring sales as shoppers trim spending",
        "Clothing and furniture sales fell while spending on groceries held up.",
        "the spending slowdown",
        "Retail sales in Britain grew more slowly than expected in the spring, an industry survey showed, as "
        "households cut back on clothing and furniture while spending more on food.",
        "Sales rose 1.1 percent from a year earlier, below the rate of inflation, meaning volumes fell once price "
        "increases were taken into account.",
        "People are still shopping, but they are shopping carefully",
        "the head of a retail industry group",
        ("Economy",),
        ("daniel-ashby",),
        pool="markets", dateline="LONDON", photo="london-storm",
    ),
    StorySpec(
        "business",
        "Mobile lenders in Kenya face new caps on interest rates",
        "The central bank says the rules will protect borrowers; lenders warn credit will dry up.",
        "the rate caps",
        "Kenya's central bank will cap the interest rates charged by app-based lenders from next year, a move it "
        "said would protect millions of borrowers from spiraling debts.",
        "Digital lenders, which offer small loans approved within minutes on a phone, have grown rapidly over the "
        "past five years, and about a third of Kenyan adults have used one.",
        "We support fair lending, but a cap set too low will push people back to loan sharks",
        "a spokesperson for an association of digital lenders",
        ("Technology", "Economy"),
        ("james-okoro",),
        pool="industry", dateline="NAIROBI, Kenya", photo="nairobi-skyline",
    ),
    StorySpec(
        "business",
        "German factory orders rise for a second month",
        "Demand from outside the eurozone lifted orders for machinery and electrical equipment.",
        "the rise in orders",
        "Orders at German factories rose for a second consecutive month in September, official figures showed, "
        "driven by demand for machinery and electrical equipment from outside the eurozone.",
        "Orders rose 1.4 percent from August, more than economists had forecast, though they remained below their "
        "level of a year earlier.",
        "Two good months do not make a recovery, but they are better than the alternative",
        "an economist at a Frankfurt bank",
        ("Economy", "Trade"),
        ("daniel-ashby", "tom-hale"),
        pool="markets", dateline="BERLIN",
    ),
    StorySpec(
        "business",
        "What a rate cut would mean for your mortgage",
        "Borrowers on variable rates would feel a cut first; those on fixed deals will wait longer.",
        "a rate cut",
        "If the central bank cuts interest rates at its next meeting, as many economists now expect, the effect "
        "on household budgets will depend largely on the kind of mortgage a borrower holds.",
        "Borrowers with adjustable-rate loans would see their payments fall within a few months. Those with "
        "fixed-rate loans would gain only if they refinanced, which carries its own costs.",
        "The headline rate gets the attention, but what matters is what your lender does next",
        "Nina Castillo, a housing economist",
        ("Economy", "Markets"),
        ("tom-hale",),
        pool="markets", dateline="WASHINGTON", kicker="Explainer", photo="capitol-dawn",
    ),
    StorySpec(
        "business",
        "Shipping rates fall as new container vessels flood the market",
        "A record number of ships delivered this year has pushed the cost of moving goods to its lowest level "
        "since 2020.",
        "the fall in freight rates",
        "The cost of shipping a container from Asia to the US East Coast has fallen by almost half since the "
        "spring, as a record number of new vessels enters service.",
        "Shipyards delivered more container capacity in the first nine months of the year than in any full year "
        "on record, according to an industry data provider.",
        "We ordered these ships when freight was expensive; now we have to fill them",
        "an executive at a European shipping line",
        ("Trade",),
        ("priya-raman",),
        pool="industry", dateline="NEW YORK", photo="harbor-dusk",
    ),
    StorySpec(
        "business",
        "Global trade body trims growth forecast, citing tariffs and weak demand",
        "Trade in goods is now expected to grow by less than 2 percent next year.",
        "the forecast",
        "The world's main trade body cut its forecast for growth in global goods trade next year, pointing to new "
        "tariffs and weaker demand in Europe.",
        "Goods trade is now expected to grow by 1.8 percent next year, down from the 2.6 percent it forecast in "
        "the spring.",
        "The risks we flagged six months ago are now in the numbers",
        "the organization's chief economist",
        ("Trade", "Economy"),
        ("lucia-ferraro",),
        pool="markets", dateline="GENEVA", source=A, origin=W, photo="geneva-lake",
    ),
    # --- Science -----------------------------------------------------------------------
    StorySpec(
        "science",
        "Weather satellite reaches orbit on second launch attempt",
        "The satellite will improve forecasts of storms over the Atlantic, meteorologists say.",
        "the satellite",
        "A new weather satellite reached orbit on Sunday morning after a launch from Florida, a day after the "
        "first attempt was called off because of high winds.",
        "The satellite carries instruments that measure temperature and moisture through the depth of the "
        "atmosphere, data that forecasters say will sharpen predictions of where hurricanes make landfall.",
        "Every day of better warning is a day people can use to get out of the way",
        "Dr. Lauren Pike, a meteorologist who worked on the mission",
        ("Space", "Climate"),
        ("clara-lindqvist",),
        pool="mission", dateline="CAPE CANAVERAL, Fla.", photo="launch-sky", home_position=4,
        extra=(
            "Engineers will spend about three months testing the instruments before data begins to flow into "
            "forecast models.",
        ),
    ),
    StorySpec(
        "science",
        "Urban tree cover linked to cooler nights during heat waves",
        "Neighborhoods with more trees stayed up to 3 degrees cooler after dark, a study of 40 cities found.",
        "the study",
        "Neighborhoods with dense tree cover stayed as much as 3 degrees Celsius cooler at night during heat waves "
        "than those with few trees, according to a study of 40 cities.",
        "The researchers combined satellite measurements of surface temperature with records from thousands of "
        "home weather stations, allowing them to compare streets within the same city.",
        "The hottest nights are the dangerous ones, because the body never gets a chance to recover",
        "Dr. Anika Sorensen, an epidemiologist and one of the study's authors",
        ("Climate", "Health"),
        ("clara-lindqvist",),
        pool="research", photo="rift-fields",
    ),
    StorySpec(
        "science",
        "Physicists report a more precise measurement of a key particle's mass",
        "The result, from a decade of data, narrows the room for new physics.",
        "the measurement",
        "Physicists have measured the mass of a fundamental particle with greater precision than ever before, "
        "according to results announced by a collaboration of research institutes.",
        "The measurement used ten years of data from collisions recorded by a detector near Geneva and agrees with "
        "the prediction of the standard model of particle physics.",
        "Agreement is less dramatic than a surprise, but it tells us where not to look",
        "a spokesperson for the collaboration",
        ("Technology",),
        ("clara-lindqvist",),
        pool="research", dateline="GENEVA", origin=Origin.HANDOUT, photo="lab-handout",
    ),
    StorySpec(
        "science",
        "Malaria vaccine rollout reaches rural clinics in western Kenya",
        "Health workers are giving the four-dose vaccine to children under two.",
        "the vaccine rollout",
        "Health workers in western Kenya have begun giving a malaria vaccine to young children at rural clinics, "
        "expanding a program that until now reached mainly towns.",
        "The vaccine is given in four doses, and health officials hope to reach about 200,000 children in the "
        "region in the first year.",
        "Mothers are walking for hours to get here, because they have seen what malaria does",
        "Grace Achieng, a nurse at a clinic near Kisumu",
        ("Health",),
        ("james-okoro", "clara-lindqvist"),
        pool="health", dateline="NAIROBI, Kenya", photo="rift-fields",
    ),
    StorySpec(
        "science",
        "Japanese team tests early-warning sensors on offshore faults",
        "Seabed instruments could add precious seconds to earthquake and tsunami alerts.",
        "the sensor network",
        "Japanese researchers have begun testing a network of seabed sensors designed to detect earthquakes on "
        "offshore faults seconds sooner than instruments on land.",
        "The sensors, linked by fiber-optic cable, were laid along a 120-kilometer stretch of the Pacific seabed "
        "this summer.",
        "For a train or an operating theater, ten seconds is a very long time",
        "a seismologist leading the project",
        ("Technology",),
        ("kenji-mori",),
        pool="research", dateline="TOKYO", source=MERIDIAN, origin=W, photo="harbor-dusk",
    ),
    StorySpec(
        "science",
        "Why this winter's flu season started early",
        "Doctors are seeing cases weeks ahead of the usual schedule. Here is what is known.",
        "the early flu season",
        "Doctors in much of the Northern Hemisphere are reporting flu cases several weeks earlier than usual this "
        "year, prompting health officials to urge people to get vaccinated sooner.",
        "Scientists point to several possible reasons, including lower immunity after mild recent seasons and a "
        "strain that spreads slightly more easily than last year's.",
        "The vaccine still matches the main strain well; the best time to get it is now",
        "Dr. Samuel Ortiz, an infectious disease specialist",
        ("Health",),
        ("clara-lindqvist", "priya-raman"),
        pool="health", kicker="Explainer",
    ),
    StorySpec(
        "science",
        "Lunar lander team delays launch to replace a faulty valve",
        "The mission will now launch no earlier than next month.",
        "the repair",
        "The team behind a robotic lunar lander has postponed its launch by at least three weeks to replace a "
        "valve in the spacecraft's propulsion system that failed a pressure test.",
        "The lander is designed to deliver scientific instruments to the moon's south polar region, where water "
        "ice is thought to lie in permanently shadowed craters.",
        "We would rather fix it on the ground than discover it on the way to the moon",
        "the mission's program manager",
        ("Space",),
        ("clara-lindqvist",),
        pool="mission", ending="A new launch date will be announced once the replacement valve has passed its tests.",
        dateline="CAPE CANAVERAL, Fla.", photo="night-sky",
    ),
    StorySpec(
        "science",
        "Shorter antibiotic courses work as well for pneumonia, trial finds",
        "Three days of treatment were as effective as eight for children in a hospital study.",
        "the trial",
        "Children treated for pneumonia with three days of antibiotics recovered as well as those given the "
        "standard eight-day course, according to a trial at hospitals in England.",
        "Shorter courses could help slow the spread of drug-resistant bacteria, which thrive when antibiotics are "
        "used more than necessary.",
        "Parents have been told for years to finish the course; the evidence now says the course can be shorter",
        "the pediatrician who led the trial",
        ("Health",),
        ("priya-raman",),
        pool="health", dateline="LONDON",
    ),
    StorySpec(
        "science",
        "Alpine glacier survey finds another summer of heavy ice loss",
        "Glaciologists measured thinning at almost every site they monitor.",
        "the survey",
        "Glaciers in the Alps lost a large share of their remaining ice again this summer, according to an annual "
        "survey, after a warm spring and little late snowfall.",
        "Teams measured thinning of up to three meters at some sites, and two small glaciers they have monitored "
        "for decades are no longer moving and will be dropped from the survey.",
        "We are documenting the end of some of these glaciers",
        "a glaciologist who leads the survey",
        ("Climate",),
        ("clara-lindqvist", ("lucia-ferraro", ADDITIONAL)),
        pool="research", dateline="GENEVA", photo="glacier",
    ),
    StorySpec(
        "science",
        "Astronomers map a faint stream of stars circling the galaxy",
        "The stream is the remains of a small galaxy torn apart long ago.",
        "the stellar stream",
        "Astronomers have mapped a long, faint stream of stars looping around the Milky Way, the remains of a "
        "small galaxy pulled apart by our own galaxy's gravity billions of years ago.",
        "The stream was found by combining star positions and motions from a space telescope with spectra taken "
        "at observatories on the ground.",
        "These streams are like footprints: they show us how the galaxy was built",
        "Dr. Helena Brandt, an astronomer and lead author of the study",
        ("Space",),
        ("clara-lindqvist",),
        pool="research", photo="night-sky",
    ),
    # --- Sport -------------------------------------------------------------------------
    StorySpec(
        "sport",
        "Northgate United stay top after late winner at Riverside",
        "A header in stoppage time kept the leaders two points clear.",
        "the win",
        "Northgate United stayed top of the league on Saturday after a stoppage-time header earned a 2-1 win at "
        "Riverside Athletic, who had equalized with ten minutes left.",
        "The winner came from a corner in the 93rd minute, the defender Tom Adebayo rising above two markers to "
        "score his first goal of the season.",
        "We did not play well, and we still won; that is what teams at the top do",
        "Northgate's manager, Ellen Marsh",
        ("Football",),
        ("marco-bellini",),
        pool="match", dateline="LONDON", photo="pitch-day",
    ),
    StorySpec(
        "sport",
        "Harbor City appoint former captain as interim coach",
        "The club's record appearance-maker takes charge after a run of six games without a win.",
        "the appointment",
        "Harbor City named their former captain, Luis Romero, as interim head coach on Monday, a day after "
        "dismissing the coach who had led the club for two seasons.",
        "Romero, who made more than 400 appearances for the club, has been in charge of the under-21 team since "
        "he retired three years ago.",
        "I know this club and I know these supporters; they deserve a team that fights",
        "Romero",
        ("Football",),
        ("marco-bellini",),
        pool="club", photo="pitch-night",
    ),
    StorySpec(
        "sport",
        "Kenyan runners dominate high-altitude cross-country meet",
        "Kenyan athletes took the first four places in both senior races.",
        "the meet",
        "Kenyan athletes won both senior races at a high-altitude cross-country meet on Saturday, taking the first "
        "four places in each on a hilly course above 2,000 meters.",
        "The women's race was won by 19-year-old Faith Jeptoo in her first senior season, with the favorite, a "
        "two-time champion, fading to fifth on the final climb.",
        "I told myself to stay patient on the hills and run hard on the last lap",
        "Jeptoo",
        ("Athletics",),
        ("james-okoro",),
        pool="athletics", dateline="NAIROBI, Kenya", photo="highland-run",
    ),
    StorySpec(
        "sport",
        "Marathon record attempt set for Sunday as forecast improves",
        "Cool temperatures and light winds are expected in Berlin.",
        "the record attempt",
        "Organizers of the Berlin marathon said on Friday that conditions looked favorable for an attempt on the "
        "course record on Sunday, with temperatures forecast to stay below 12 degrees Celsius.",
        "Pacemakers have been instructed to reach halfway in just over an hour, a pace that would put the record "
        "within reach if the leaders can hold it.",
        "The course is fast, the field is deep, and now the weather is on our side",
        "the race director",
        ("Athletics",),
        ("marco-bellini",),
        pool="athletics", ending="The race starts at 9:15 a.m. local time on Sunday.",
        dateline="BERLIN", photo="highland-run",
    ),
    StorySpec(
        "sport",
        "Tokyo confirms venues for next year's world relay championships",
        "The two-day event will use the national stadium and a new warm-up track.",
        "the championships",
        "Organizers confirmed on Wednesday that next year's world relay championships will be held at Tokyo's "
        "national stadium, with a new warm-up track built alongside it.",
        "About 40 national teams are expected to compete in the two-day event, which also serves as a qualifying "
        "competition for the world championships.",
        "We want the stands full and the tickets affordable for families",
        "the head of the local organizing committee",
        ("Athletics",),
        ("kenji-mori",),
        pool="athletics", dateline="TOKYO", source=MERIDIAN, origin=W,
    ),
    StorySpec(
        "sport",
        "Why more clubs are betting on academy players",
        "Transfer fees and wage bills have made home-grown talent the smartest buy in football.",
        "the academy boom",
        "At least a dozen clubs in the top division started more academy graduates this season than last, a shift "
        "driven as much by accounting as by romance.",
        "Spending rules that limit losses have made players developed at a club unusually valuable: they cost "
        "nothing to sign and can be sold for pure profit.",
        "The academy used to be a nice story; now it is a business plan",
        "a sporting director at a mid-table club",
        ("Football",),
        ("marco-bellini",),
        pool="club", kicker="Analysis", photo="pitch-day",
    ),
    StorySpec(
        "sport",
        "Brazilian side completes comeback to reach continental semifinal",
        "Trailing 2-0 from the first leg, the home team won 3-0 in front of a sold-out crowd.",
        "the comeback",
        "A São Paulo club overturned a two-goal deficit to reach the semifinals of South America's main club "
        "competition on Wednesday, winning the second leg of their quarterfinal 3-0.",
        "The decisive goal came in the 81st minute from a substitute who had been on the field for less than five "
        "minutes.",
        "The crowd pushed us; we could not lose in front of them",
        "the club's captain",
        ("Football",),
        ("lucia-ferraro",),
        pool="match", ending="The semifinal draw takes place on Friday.",
        dateline="SAO PAULO, Brazil", source=A, origin=W, photo="pitch-night",
    ),
    StorySpec(
        "sport",
        "Women's league announces expansion to two new cities",
        "The league will grow to 16 teams in two seasons' time.",
        "the expansion",
        "The top women's football league will add two teams in two seasons' time, its commissioner announced on "
        "Tuesday, citing record attendance and a new broadcast deal.",
        "Average crowds have risen by more than a third in two years, and several clubs now play in the same "
        "stadiums as their men's teams.",
        "The demand is there; our job is to meet it without cutting corners",
        "the league's commissioner",
        ("Football",),
        ("marco-bellini", "priya-raman"),
        pool="club", dateline="NEW YORK", photo="pitch-day", revised_hours_later=2,
    ),
    StorySpec(
        "sport",
        "Riverside Athletic fined after crowd trouble at derby",
        "The club must also close part of its stadium for one match.",
        "the sanctions",
        "Riverside Athletic were fined and ordered to close part of their stadium for one match after objects "
        "were thrown onto the field during last month's derby.",
        "The league's disciplinary panel said the club had failed to take adequate steps to identify those "
        "responsible, though it accepted that stewarding had improved since the incident.",
        "The vast majority of our supporters are a credit to the club, and they are the ones who will pay",
        "a Riverside spokesperson",
        ("Football",),
        ("marco-bellini",),
        pool="club", dateline="LONDON",
    ),
    # --- Culture -------------------------------------------------------------------------
    StorySpec(
        "culture",
        "A quietly radical retrospective fills the museum's top floor",
        "Forty years of work by a painter who never chased fashion, hung with rare care.",
        "the retrospective",
        "The retrospective that opened on the museum's top floor this week gathers forty years of work by a "
        "painter who spent most of that time ignored, and it makes the case that the neglect was our loss.",
        "About 120 paintings and drawings are arranged not by date but by color, a choice that sounds like a "
        "gimmick and turns out to be a revelation.",
        "She painted the same window for thirty years and never painted the same light twice",
        "the exhibition's curator",
        ("Art",),
        ("hannah-cole",),
        pool="arts", dateline="NEW YORK", origin=Origin.FREELANCE, kicker="Review", photo="gallery",
    ),
    StorySpec(
        "culture",
        "Small music venues get a lifeline from a new city fund",
        "Grants of up to 50,000 pounds will help clubs pay for repairs and soundproofing.",
        "the fund",
        "Small music venues in London will be able to apply for grants of up to 50,000 pounds to pay for repairs "
        "and soundproofing, under a fund announced by the city on Monday.",
        "Dozens of small venues have closed in the past decade, squeezed by rising rents and complaints from new "
        "residential neighbors.",
        "Every band you have ever loved started in a room like this",
        "the owner of a 200-capacity club in east London",
        ("Music",),
        ("hannah-cole",),
        pool="arts", ending="Applications for the first round of grants open next month.",
        dateline="LONDON", origin=Origin.FREELANCE, photo="concert-lights",
    ),
    StorySpec(
        "culture",
        "Berlin film festival opens with a debut from a first-time director",
        "The opening film follows three sisters over a single summer.",
        "the festival",
        "The Berlin film festival opened on Thursday with the debut feature of a 29-year-old director, the first "
        "time in more than a decade that the festival has chosen a first film for its opening night.",
        "The film follows three sisters over one summer on their late grandmother's farm, and was shot in "
        "sequence over seven weeks with a crew of fewer than twenty people.",
        "I wanted to make a film about how families talk without saying anything",
        "the director, at a news conference before the screening",
        ("Film",),
        ("hannah-cole",),
        pool="arts", ending="The festival runs until Sunday of next week.",
        dateline="BERLIN", origin=Origin.FREELANCE, photo="stage-set",
    ),
    StorySpec(
        "culture",
        "Library loans of printed books rise for a third straight year",
        "Libraries say younger readers are driving the increase.",
        "the rise in loans",
        "Public libraries lent more printed books last year than the year before, the third consecutive annual "
        "increase, according to figures from a national library association.",
        "Loans to readers under 25 rose fastest, helped by reading clubs and by recommendations shared on social "
        "media.",
        "The death of the printed book has been announced many times, and it keeps not happening",
        "the association's president",
        ("Books",),
        ("priya-raman",),
        pool="books",
    ),
    StorySpec(
        "culture",
        "A Moscow theater revives a forgotten comedy to sold-out houses",
        "A 19th-century farce, unperformed for decades, has become the season's hardest ticket.",
        "the revival",
        "A small Moscow theater has sold out every performance of a 19th-century comedy that had not been staged "
        "in the city for more than half a century.",
        "The production keeps the original text but sets the action in a modern apartment block, where the "
        "misunderstandings multiply through thin walls and shared stairwells.",
        "Audiences laugh at the same things they laughed at in 1870, which tells you something about people",
        "the production's director",
        ("Art",),
        ("nadia-petrova",),
        pool="arts", dateline="MOSCOW", photo="stage-set",
    ),
    StorySpec(
        "culture",
        "Nairobi book fair draws record crowds for local-language fiction",
        "Publishers say demand for novels in Kiswahili and other languages is growing fast.",
        "the book fair",
        "Nairobi's annual book fair drew record crowds this week, with publishers reporting strong demand for "
        "fiction written in Kiswahili and other Kenyan languages.",
        "Several publishers said sales of local-language titles had doubled in three years, helped by school "
        "reading programs and a new generation of writers.",
        "Readers want to see their own lives on the page, in the words they use at home",
        "a Nairobi publisher",
        ("Books",),
        ("james-okoro", "hannah-cole"),
        pool="books", dateline="NAIROBI, Kenya", photo="nairobi-skyline",
    ),
    StorySpec(
        "culture",
        "An orchestra's bold season opener pays off",
        "A new concerto and a rarely heard symphony made for a thrilling first night.",
        "the concert",
        "The orchestra opened its season on Friday with a program that could easily have emptied the hall: a "
        "new violin concerto and a symphony that has not been played here in a generation. The hall was full, "
        "and it was right to be.",
        "The concerto, written for the orchestra's concertmaster, is a 25-minute argument between the soloist and "
        "the brass that ends, unexpectedly, in a kind of truce.",
        "We wanted to start the season with a question, not an answer",
        "the orchestra's music director",
        ("Music",),
        ("hannah-cole",),
        pool="arts", ending="The program is repeated on Saturday and Sunday afternoon.",
        origin=Origin.FREELANCE, kicker="Review", photo="concert-lights",
    ),
    StorySpec(
        "culture",
        "Tokyo studio unveils restored animated classic for its 50th anniversary",
        "The restoration took three years and used the original hand-painted cels.",
        "the restoration",
        "A Tokyo animation studio unveiled a restored version of one of its best-loved films on Saturday, marking "
        "fifty years since its release.",
        "Restorers spent three years scanning the original hand-painted cels and repairing damage frame by frame, "
        "and the film's composer re-recorded part of the score.",
        "We wanted children today to see it the way their grandparents did",
        "the studio's head of restoration",
        ("Film",),
        ("kenji-mori",),
        pool="arts", ending="The restored film opens in cinemas across Japan next month.",
        dateline="TOKYO", source=MERIDIAN, origin=W, photo="tokyo-evening",
    ),
)

# Published a few minutes after the loader runs, so a visitor can watch them appear.
SCHEDULED = (
    StorySpec(
        "world",
        "Foreign ministers gather in Geneva for water-sharing summit",
        "The meeting follows a week of technical talks on the river basin.",
        "the summit",
        "Foreign ministers from five countries arrived in Geneva for a one-day summit on sharing the waters of a "
        "river basin that supplies tens of millions of people.",
        "Officials said the ministers would try to sign a statement committing their governments to share river "
        "flow data within a year.",
        "A shared set of numbers is the foundation for everything else",
        "a diplomat involved in preparing the summit",
        ("Diplomacy", "Climate"),
        ("lucia-ferraro",),
        pool="diplomacy", dateline="GENEVA", source=A, origin=W, photo="geneva-lake", schedule_in_minutes=2,
    ),
    StorySpec(
        "business",
        "Northwind Freight beats forecasts on cross-border demand",
        "The logistics company raised its full-year outlook after a strong third quarter.",
        "the results",
        "Northwind Freight reported third-quarter profit above analysts' expectations on Tuesday and raised its "
        "full-year outlook, citing strong demand for cross-border trucking.",
        "Revenue rose 8 percent from a year earlier, while costs grew more slowly as fuel prices eased.",
        "Our customers are moving more goods over shorter distances, and that plays to our strengths",
        "the company's chief executive",
        ("Trade", "Markets"),
        ("tom-hale",),
        pool="industry", dateline="NEW YORK", photo="city-night", schedule_in_minutes=5,
    ),
    StorySpec(
        "sport",
        "Cup quarterfinal: Northgate United and Harbor City meet with a semifinal at stake",
        "The league leaders host a side in its first week under an interim coach.",
        "the quarterfinal",
        "Northgate United host Harbor City in the cup quarterfinal tonight, a meeting between the league leaders "
        "and a side still adjusting to a new coach.",
        "Northgate are unbeaten at home this season; Harbor City have won only once in their last seven matches.",
        "Cup nights are different; the form book goes out of the window",
        "Harbor City's interim coach, Luis Romero",
        ("Football",),
        ("marco-bellini",),
        pool="club", ending="Kickoff is at 7:45 p.m.", dateline="LONDON", photo="pitch-night", schedule_in_minutes=10,
    ),
)
