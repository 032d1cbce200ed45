"""What a careful reader finds in fixtures/published-plan-2022-2024.txt: all 53 rows, in plan order.

Written by reading the file, not by running the parsers. Texts are whitespace-normalised (runs of
spaces and new lines become one space, ends trimmed, the closing "|" dropped). `activity_start` is
the first 40 characters of the activity text. Milestones are (label, due as ISO date or None,
complete). Owners are canonical role titles from fixtures/owner_roles.json, lead first.
"""

from dataclasses import dataclass

PUBLISHED_PLAN_FILE = "published-plan-2022-2024.txt"

HEAD_OF_CORPORATE_COMMUNICATIONS = "Head of Corporate Communications & Engagement"
HEAD_OF_CORPORATE_COMMUNICATIONS_OPCC = "Head of Corporate Communications & Engagement (OPCC)"
ACC_LOCAL_POLICING = "ACC Local Policing"
ACC_CRIME_JUSTICE = "ACC Crime, Justice and Vulnerability"
CHIEF_SUPERINTENDENT = "Chief Superintendent Local Policing"
ENGAGEMENT_MANAGER = "Corporate Information and Engagement Manager"
SUPERINTENDENT_SWINDON = "Superintendent Swindon Hub"
SUPERINTENDENT_COUNTY = "Superintendent County Hub"
HEAD_OF_OPERATIONAL_COMMUNICATIONS = "Head of Operational Communications Delivery"
DIGITAL_CHANNELS_MANAGER = "Digital Channels Manager"
ENGAGEMENT_OFFICER = "Community Engagement Communications Officer"
IST_TEAM = "Wiltshire Police IST team"
DEPUTY_CHIEF_CONSTABLE = "Deputy Chief Constable"
OPERATIONAL_LEADS = "Operational leads"
HEAD_OF_BUSINESS_IMPROVEMENT = "Head of Business Improvement"
DIRECTOR_OF_PEOPLE = "Interim Director of People"
CHIEF_CONSTABLE = "Chief Constable"
COMMISSIONER = "Police and Crime Commissioner"

ONGOING = (("Ongoing", None, False),)
AUTUMN_2023 = (("Autumn 2023", "2023-11-30", False),)
DECEMBER_2023 = (("Dec 2023", "2023-12-31", False),)
MARCH_2024 = (("March 2024", "2024-03-31", False),)


@dataclass(frozen=True)
class ExpectedRow:
    reference: str
    theme_position: int
    activity_start: str
    owners_text: str
    timescale_text: str
    owners: tuple[str, ...]
    milestones: tuple[tuple[str, str | None, bool], ...]

    @property
    def ongoing(self) -> bool:
        return any(due is None for _, due, _ in self.milestones)


def _row(reference, activity_start, owners_text, timescale_text, owners, milestones):
    theme_position = int(reference.split(".")[0])
    return ExpectedRow(
        reference, theme_position, activity_start, owners_text, timescale_text, owners, milestones
    )


EXPECTED_ROWS: list[ExpectedRow] = [
    # Theme 1: neighbourhood policing and local engagement (19 rows)
    _row(
        "1.1",
        "We will deliver a ‘Community Contract’ l",
        "Head of Corporate Communications & Engagement ACC Local Policing Chief Superintendent Local Policing",
        "Autumn 2023",
        (HEAD_OF_CORPORATE_COMMUNICATIONS, ACC_LOCAL_POLICING, CHIEF_SUPERINTENDENT),
        AUTUMN_2023,
    ),
    _row(
        "1.2",
        "We will aim to achieve the aspirations s",
        "ACC Local Policing Head of Corporate Communications & Engagement",
        "March 2023 COMPLETE",
        (ACC_LOCAL_POLICING, HEAD_OF_CORPORATE_COMMUNICATIONS),
        (("March 2023", "2023-03-31", True),),
    ),
    _row(
        "1.3",
        "We will develop a Neighbourhood Policing",
        "Corporate Information and Engagement Manager",
        "December 2022 COMPLETE",
        (ENGAGEMENT_MANAGER,),
        (("December 2022", "2022-12-31", True),),
    ),
    _row(
        "1.4",
        "We will launch two new neighbourhood pol",
        "Corporate Information and Engagement Manager Chief Superintendent Local Policing Superintendent Swindon Hub Superintendent County Hub",
        "Autumn 2023",
        (ENGAGEMENT_MANAGER, CHIEF_SUPERINTENDENT, SUPERINTENDENT_SWINDON, SUPERINTENDENT_COUNTY),
        AUTUMN_2023,
    ),
    _row(
        "1.5",
        "We will recruit a temporary Community En",
        "Corporate Information and Engagement Manager",
        "Sept 2022 COMPLETE",
        (ENGAGEMENT_MANAGER,),
        (("Sept 2022", "2022-09-30", True),),
    ),
    _row(
        "1.6",
        "We will provide training material on com",
        "Corporate Information and Engagement Manager",
        "Ongoing",
        (ENGAGEMENT_MANAGER,),
        ONGOING,
    ),
    _row(
        "1.7",
        "We will develop and deliver a comprehens",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "March 2023 COMPLETE",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        (("March 2023", "2023-03-31", True),),
    ),
    _row(
        "1.8",
        "We will develop a comprehensive campaign",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "April 2023 COMPLETE",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        (("April 2023", "2023-04-30", True),),
    ),
    _row(
        "1.9",
        "We will launch the ‘Your Area’ facility ",
        "Digital Channels Manager Corporate Information and Engagement Manager",
        "November 2022 COMPLETE",
        (DIGITAL_CHANNELS_MANAGER, ENGAGEMENT_MANAGER),
        (("November 2022", "2022-11-30", True),),
    ),
    _row(
        "1.10",
        "We will ensure that all Neighbourhood Po",
        "Digital Channels Manager Community Engagement Communications Officer",
        "March 2023 COMPLETE",
        (DIGITAL_CHANNELS_MANAGER, ENGAGEMENT_OFFICER),
        (("March 2023", "2023-03-31", True),),
    ),
    _row(
        "1.11",
        "All Neighbourhood Policing Teams will ha",
        "ACC Local Policing Chief Superintendent Local Policing",
        "March 2024",
        (ACC_LOCAL_POLICING, CHIEF_SUPERINTENDENT),
        MARCH_2024,
    ),
    _row(
        "1.12",
        "We will regularly communicate the role o",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "March 2024",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        MARCH_2024,
    ),
    _row(
        "1.13",
        "We will develop a proposal of new commun",
        "Corporate Information and Engagement Manager Community Engagement Communications Officer",
        "March 2024",
        (ENGAGEMENT_MANAGER, ENGAGEMENT_OFFICER),
        MARCH_2024,
    ),
    _row(
        "1.14",
        "We will develop a briefing template for ",
        "Corporate Information and Engagement Manager Superintendent County Hub Superintendent Swindon Hub",
        "February 2023 COMPLETE",
        (ENGAGEMENT_MANAGER, SUPERINTENDENT_COUNTY, SUPERINTENDENT_SWINDON),
        (("February 2023", "2023-02-28", True),),
    ),
    _row(
        "1.15",
        "We will proactively publish local operat",
        "Head of Operational Communications Delivery",
        "Ongoing",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS,),
        ONGOING,
    ),
    _row(
        "1.16",
        "We will develop a quarterly service sati",
        "Head of Corporate Communications & Engagement Corporate Information and Engagement Manager",
        "Dec 2023",
        (HEAD_OF_CORPORATE_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        DECEMBER_2023,
    ),
    _row(
        "1.17",
        "We will deliver and promote hyper-local ",
        "Head of Operational Communications Delivery Chief Superintendent Local Policing Superintendent Swindon Hub Superintendent County Hub",
        "Ongoing",
        (
            HEAD_OF_OPERATIONAL_COMMUNICATIONS,
            CHIEF_SUPERINTENDENT,
            SUPERINTENDENT_SWINDON,
            SUPERINTENDENT_COUNTY,
        ),
        ONGOING,
    ),
    _row(
        "1.18",
        "We will establish a Public Contact, Enga",
        "Head of Corporate Communications & Engagement ACC Local Policing",
        "August 2022 COMPLETE",
        (HEAD_OF_CORPORATE_COMMUNICATIONS, ACC_LOCAL_POLICING),
        (("August 2022", "2022-08-31", True),),
    ),
    _row(
        "1.19",
        "We will deliver operational community en",
        "ACC Local Policing Chief Superintendent Local Policing Superintendent Swindon Hub Superintendent County Hub",
        "Ongoing",
        (ACC_LOCAL_POLICING, CHIEF_SUPERINTENDENT, SUPERINTENDENT_SWINDON, SUPERINTENDENT_COUNTY),
        ONGOING,
    ),
    # Theme 2: contact and digital channels (8 rows)
    _row(
        "2.1",
        "We will continue to use and develop the ",
        "Corporate Information and Engagement Manager Community Engagement Communications Officer",
        "Ongoing",
        (ENGAGEMENT_MANAGER, ENGAGEMENT_OFFICER),
        ONGOING,
    ),
    _row(
        "2.2",
        "We will (through Single Online Home) con",
        "Wiltshire Police IST team Corporate Information and Engagement Manager",
        "Ongoing",
        (IST_TEAM, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "2.3",
        "We will develop a proposal of new initia",
        "Head of Corporate Communications & Engagement Corporate Information and Engagement Manager Head of Operational Communications Delivery",
        "Dec 2023",
        (HEAD_OF_CORPORATE_COMMUNICATIONS, ENGAGEMENT_MANAGER, HEAD_OF_OPERATIONAL_COMMUNICATIONS),
        DECEMBER_2023,
    ),
    _row(
        "2.4",
        "We will develop a proposal regarding the",
        "ACC Local Policing Head of Corporate Communications & Engagement",
        "March 2024",
        (ACC_LOCAL_POLICING, HEAD_OF_CORPORATE_COMMUNICATIONS),
        MARCH_2024,
    ),
    _row(
        "2.5",
        "We will develop a proposal for the intro",
        "ACC Local Policing Wiltshire Police IST team",
        "March 2024",
        (ACC_LOCAL_POLICING, IST_TEAM),
        MARCH_2024,
    ),
    _row(
        "2.6",
        "We will aim to deliver growth across our",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "March 2024",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        MARCH_2024,
    ),
    _row(
        "2.7",
        "We will, in line with our Digital Engage",
        "Head of Operational Communications Delivery",
        "March 2024",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS,),
        MARCH_2024,
    ),
    _row(
        "2.8",
        "We will deliver public surveys to engage",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "Ongoing",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    # Theme 3: diverse and need-to-reach communities (11 rows)
    _row(
        "3.1",
        "We will develop of a calendar of key dat",
        "Corporate Information and Engagement Manager",
        "March 2024",
        (ENGAGEMENT_MANAGER,),
        MARCH_2024,
    ),
    _row(
        "3.2",
        "We will ensure the active involvement of",
        "Deputy Chief Constable Corporate Information and Engagement Manager Operational leads",
        "Ongoing",
        (DEPUTY_CHIEF_CONSTABLE, ENGAGEMENT_MANAGER, OPERATIONAL_LEADS),
        ONGOING,
    ),
    _row(
        "3.3",
        "We will evolve the Wiltshire Police reco",
        "Head of Corporate Communications & Engagement",
        "March 2024",
        (HEAD_OF_CORPORATE_COMMUNICATIONS,),
        MARCH_2024,
    ),
    _row(
        "3.4",
        "We will ensure our digital services are ",
        "Wiltshire Police IST team Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "Ongoing",
        (IST_TEAM, HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "3.5",
        "We will ensure that content published on",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "Ongoing",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "3.6",
        "We will explore alternative social media",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "March 2024",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        MARCH_2024,
    ),
    _row(
        "3.7",
        "We will (within our community engagement",
        "Corporate Information and Engagement Manager",
        "Ongoing",
        (ENGAGEMENT_MANAGER,),
        ONGOING,
    ),
    _row(
        "3.8",
        "We will provide updates on Wiltshire Pol",
        "Deputy Chief Constable ACC Crime, Justice and Vulnerability ACC Local Policing Head of Corporate Communications & Engagement",
        "Ongoing",
        (
            DEPUTY_CHIEF_CONSTABLE,
            ACC_CRIME_JUSTICE,
            ACC_LOCAL_POLICING,
            HEAD_OF_CORPORATE_COMMUNICATIONS,
        ),
        ONGOING,
    ),
    _row(
        "3.9",
        "We will harness the informal support of ",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "March 2024",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        MARCH_2024,
    ),
    _row(
        "3.10",
        "We will work to understand what the avai",
        "Corporate Information and Engagement Manager",
        "Dec 2023",
        (ENGAGEMENT_MANAGER,),
        DECEMBER_2023,
    ),
    _row(
        "3.11",
        "We will develop a proposal for the intro",
        "Corporate Information and Engagement Manager Head of Business Improvement",
        "March 2024",
        (ENGAGEMENT_MANAGER, HEAD_OF_BUSINESS_IMPROVEMENT),
        MARCH_2024,
    ),
    # Theme 4: recruitment and our people (6 rows)
    _row(
        "4.1",
        "We will deliver a wide-ranging recruitme",
        "Interim Director of People Head of Corporate Communications & Engagement",
        "Ongoing",
        (DIRECTOR_OF_PEOPLE, HEAD_OF_CORPORATE_COMMUNICATIONS),
        ONGOING,
    ),
    _row(
        "4.2",
        "We will transparently and proactively pu",
        "Interim Director of People Corporate Information and Engagement Manager",
        "March 2022 – COMPLETE March 2023 – COMPLETE March 2024",
        (DIRECTOR_OF_PEOPLE, ENGAGEMENT_MANAGER),
        (
            ("March 2022", "2022-03-31", True),
            ("March 2023", "2023-03-31", True),
            ("March 2024", "2024-03-31", False),
        ),
    ),
    _row(
        "4.3",
        "We well articulate and promote ‘Total Re",
        "Interim Director of People Head of Corporate Communications & Engagement",
        "March 2024",
        (DIRECTOR_OF_PEOPLE, HEAD_OF_CORPORATE_COMMUNICATIONS),
        MARCH_2024,
    ),
    _row(
        "4.4",
        "We will proactively utilise our internal",
        "Interim Director of People Head of Corporate Communications & Engagement",
        "Ongoing",
        (DIRECTOR_OF_PEOPLE, HEAD_OF_CORPORATE_COMMUNICATIONS),
        ONGOING,
    ),
    _row(
        "4.5",
        "Alongside the OPCC, we will re-iterate o",
        "Chief Constable Police and Crime Commissioner Head of Corporate Communications & Engagement (WP) Head of Corporate Communications & Engagement (OPCC)",
        "March 2023 COMPLETE",
        # "(WP)" is the Wiltshire Police holder: an alias of the force's own role.
        (
            CHIEF_CONSTABLE,
            COMMISSIONER,
            HEAD_OF_CORPORATE_COMMUNICATIONS,
            HEAD_OF_CORPORATE_COMMUNICATIONS_OPCC,
        ),
        (("March 2023", "2023-03-31", True),),
    ),
    _row(
        "4.6",
        "We will utilise technology to provide a ",
        "Interim Director of People Head of Corporate Communications & Engagement",
        "Ongoing",
        (DIRECTOR_OF_PEOPLE, HEAD_OF_CORPORATE_COMMUNICATIONS),
        ONGOING,
    ),
    # Theme 5: partners, stakeholders and transparency (9 rows)
    _row(
        "5.1",
        "We will ensure we gain the wider involve",
        "Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "Ongoing",
        (HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "5.2",
        "We will communicate updates, crime stati",
        "ACC Local Policing Corporate Information and Engagement Manager",
        "Ongoing",
        (ACC_LOCAL_POLICING, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "5.3",
        "We will work with Independent Advisory G",
        "Deputy Chief Constable Corporate Information and Engagement Manager",
        "Ongoing",
        (DEPUTY_CHIEF_CONSTABLE, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "5.4",
        "We will seek to adopt best communication",
        "Head of Corporate Communications & Engagement",
        "Ongoing",
        (HEAD_OF_CORPORATE_COMMUNICATIONS,),
        ONGOING,
    ),
    _row(
        "5.5",
        "We will actively engage with stakeholder",
        "ACC Local Policing ACC Crime, Justice and Vulnerability Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "Ongoing",
        (
            ACC_LOCAL_POLICING,
            ACC_CRIME_JUSTICE,
            HEAD_OF_OPERATIONAL_COMMUNICATIONS,
            ENGAGEMENT_MANAGER,
        ),
        ONGOING,
    ),
    _row(
        "5.6",
        "We will proactively publish statistics, ",
        "ACC Local Policing Head of Operational Communications Delivery Corporate Information and Engagement Manager",
        "Ongoing",
        (ACC_LOCAL_POLICING, HEAD_OF_OPERATIONAL_COMMUNICATIONS, ENGAGEMENT_MANAGER),
        ONGOING,
    ),
    _row(
        "5.7",
        "We will hold regular engagement with loc",
        "Chief Constable Head of Operational Communications Delivery",
        "March 2024",
        (CHIEF_CONSTABLE, HEAD_OF_OPERATIONAL_COMMUNICATIONS),
        MARCH_2024,
    ),
    _row(
        "5.8",
        "We will publish our responses to key per",
        "Chief Constable Head of Corporate Communications & Engagement",
        "Ongoing",
        (CHIEF_CONSTABLE, HEAD_OF_CORPORATE_COMMUNICATIONS),
        ONGOING,
    ),
    _row(
        "5.9",
        "We will transparently communicate the Fo",
        "Chief Constable Head of Corporate Communications & Engagement",
        "Ongoing",
        (CHIEF_CONSTABLE, HEAD_OF_CORPORATE_COMMUNICATIONS),
        ONGOING,
    ),
]

ROWS_PER_THEME = {1: 19, 2: 8, 3: 11, 4: 6, 5: 9}
