"""Street addresses: US/CA/UK/AU/IN street lines with their postcode lines, German, Dutch, French, Spanish and
Italian forms, multi-line postal blocks; title-case prose, headings and measurements are not addresses."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity

from ._pii_helpers import found, redacted

ADDRESSES = [
    # US
    "1234 Elm Street", "88 Colin P Kelly Jr St", "742 W 34th St., Apt 5B", "500 N. Michigan Ave",
    "3500 Deer Creek Road, Palo Alto, CA 94304", "12 Maple Ave Suite 300, Springfield, IL 62704-1234",
    "0487 Hull Village Suite 759\nLake Curtisfurt, MS 19133", "9921 Kelly Ports Apt. 118, West Jamie, NE 54721",
    "2 Penn Plaza, New York, New York 10121", "PO Box 4512, Austin, TX 78765", "77 Massachusetts Avenue #2",
    "4059 Mount Pleasant Rd NW", "15 Oak Park, Denver, CO 80202",
    # Canada
    "290 Bremner Blvd, Toronto, ON M5V 3L9", "1055 West Georgia Street, Vancouver, BC V6E 3P3",
    # UK
    "10 Downing Street, London SW1A 2AA", "Flat 3, 27 Old Gloucester Street\nLondon\nWC1N 3AX",
    "47 Jones forges\nNew Kieran\nE1 6AN", "221 Kensington High Street, London W8 6SN",
    # Australia, India
    "12 Smith Street, Fitzroy, VIC 3065", "1 Macquarie Street, Sydney NSW 2000",
    "Flat 3, 12, MG Road, Bengaluru, Karnataka 560001",
    # Germany, Austria, Switzerland, Netherlands
    "Hauptstraße 5, 10115 Berlin", "Berliner Straße 12a", "Am Markt 3, 28195 Bremen", "Mariahilfer Straße 120",
    "Bahnhofstrasse 1, CH-8001 Zürich", "Keizersgracht 123, 1015 CJ Amsterdam", "Stationsweg 4",
    # France
    "12 rue de la Paix, 75002 Paris", "5 bis avenue des Champs-Élysées", "3 Boulevard Saint-Germain",
    "27 place Bellecour, 69002 Lyon",
    # Spain, Italy
    "Calle de Alcalá 45, 28014 Madrid", "Avenida Diagonal 640", "C/ Mayor 12, 2º B", "Via Roma 12, 00184 Roma",
    "Piazza del Duomo 1", "Corso Vittorio Emanuele II 15, 20122 Milano (MI)",
]


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("template", ["Ship it to {}, thanks.", "My address is {}\nThanks!", "{}"])
def test_addresses_found(address: str, template: str) -> None:
    assert redacted(template.format(address)) == [("pii.address", address)]


@pytest.mark.parametrize(("text", "address"), [
    ("I live at 40 Green Way.", "40 Green Way"),
    ("Our office is at 5 Harbor View", "5 Harbor View"),
])
def test_ordinary_word_street_types_count_after_an_address_word(text: str, address: str) -> None:
    assert redacted(text) == [("pii.address", address)]
    assert redacted(f"Top {address} ideas") == []


@pytest.mark.parametrize("text", [
    "Table 2 Key Points", "Top 10 Hiking Trails in Colorado", "Figure 3 Data Flow", "We saw 3 Lake Trout.",
    "Chapter 7 Park Rangers", "In 2019 Apple released 3 Mac Pro models", "It costs 20 USD per month",
    "The 5 Way Forward", "Step 4 Rest Period", "version 2 View Controllers", "Copyright 2003, North Carolina "
    "State Highway Patrol", "Run 12 Tests", "See section 4.2 Mill Valley", "Python 3 Type Hints", "Level 5 Ranch",
    "Add 2 cups of flour", "Meet at 10 am", "It was 42 Degrees outside", "Route 66 Diner", "Room 12", "Apt 5",
    "via Google 3 times", "sent via email 12", "Plaza 7", "He scored 3 goals in the Rue 2", "1984 Orwell Park",
    "model = Net(3, Conv Layer)", "return 0 Case Street", "Place 3 items", "Calle 13 released an album",
    "Via 12 vs Via 13",
])
def test_prose_is_not_an_address(text: str) -> None:
    assert [r for r in redacted(text) if r[0] == "pii.address"] == []


def test_licence_header_address_is_info() -> None:
    text = "Free Software Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA"
    findings = found(text)
    assert findings and all(severity == Severity.INFO for _, _, severity in findings)


def test_postal_block_is_one_finding() -> None:
    text = "Send the form to:\nJane Roe\n1600 Holloway Ave\nSan Francisco, CA 94132\nUSA\n\nThanks"
    assert redacted(text) == [("pii.address", "1600 Holloway Ave\nSan Francisco, CA 94132\nUSA")]
