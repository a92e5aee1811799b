"""Render a sample plan PDF and save its first page as docs/screenshots/plan-pdf.png.

Run once after changing the PDF design (needs `pdftoppm` from poppler-utils):
    KRING_ENV=dev .venv/bin/python scripts/plan_pdf_preview.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from kring.plans.pdf import render_plan  # noqa: E402

SAMPLE = {
    "reference": "EK-2026-00312",
    "variant": "family",
    "question": "Wat is nodig zodat Noah en Lina weer elke dag naar school gaan "
    "en thuis veilig zijn?",
    "main_people": [{"name": "Fatima Amrani", "party": 1}],
    "made_without_conference": False,
    "no_conference_reason": "",
    "agreements": [
        {
            "number": 1,
            "uuid": "a1",
            "what": "Oma Truus brengt de kinderen elke ochtend om 8.15 uur naar school.",
            "who": [{"uuid": "p1", "name": "Truus de Wit"}],
            "organisation": "",
            "due": "2026-12-07",
            "how_known": "De juf laat het in de schoolapp weten als een kind er niet is.",
        },
        {
            "number": 2,
            "uuid": "a2",
            "what": "Karim helpt Fatima elke maandag met de post en de rekeningen.",
            "who": [
                {"uuid": "p2", "name": "Karim Amrani"},
                {"uuid": "p0", "name": "Fatima Amrani"},
            ],
            "organisation": "",
            "due": "2026-12-14",
            "how_known": "Er liggen geen ongeopende brieven meer.",
        },
        {
            "number": 3,
            "uuid": "a3",
            "what": "Vader komt alleen op bezoek als hij niet gedronken heeft; tante Ria is erbij.",
            "who": [{"uuid": "p3", "name": "Ria Amrani"}],
            "organisation": "",
            "due": "2026-12-01",
            "how_known": "Ria belt Fatima na elk bezoek.",
        },
        {
            "number": 4,
            "uuid": "a4",
            "what": "Opvoedondersteuning thuis, één keer per week.",
            "who": [],
            "organisation": "Wijkteam De Pijp",
            "due": "2027-01-15",
            "how_known": "Het wijkteam bespreekt het bij de vervolgbijeenkomst.",
        },
    ],
    "support": [
        {
            "what": "Opvoedondersteuning thuis",
            "organisation": "Wijkteam De Pijp",
            "status": "accepted",
        }
    ],
    "safety": [
        {
            "text": "De kinderen zijn nooit alleen met vader als hij gedronken heeft.",
            "organisation": "Jeugdbescherming Regio Amsterdam",
            "agreements": [3],
            "outcome": "met",
            "explanation": "",
        }
    ],
    "contingency": "Als oma ziek is, brengt buurvrouw Els de kinderen. Gaat het mis bij een "
    "bezoek, dan belt Ria meteen Sanne van Jeugdbescherming.",
    "follow_up": {
        "at": "2027-01-20T19:30+01:00",
        "place": "Buurthuis De Pijp, Govert Flinckstraat 10",
        "organiser": "Ria Amrani",
    },
    "agreed_by": ["Fatima Amrani", "Truus de Wit", "Karim Amrani", "Ria Amrani"],
    "version": 1,
}


def main() -> None:
    data = render_plan(SAMPLE, language="nl")
    target = ROOT / "docs" / "screenshots" / "plan-pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        subprocess.run(  # noqa: S603 - fixed arguments, our own temp file
            [
                shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
                "-png",
                "-r",
                "96",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                f.name,
                str(target),
            ],
            check=True,
        )
    print(f"wrote {target}.png")


if __name__ == "__main__":
    main()
