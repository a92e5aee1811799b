"""Every `{% static %}` path a template names is a file the static finders know.

In production the manifest storage (WhiteNoise) raises for a path it has no entry for: a
template with a mistyped or removed file would answer 500 there, while the tests, on plain
static storage, render it fine.
"""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

import kring

STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def test_every_static_path_in_a_template_exists():
    named = {
        path: template
        for template in Path(kring.__file__).parent.rglob("*.html")
        for path in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    assert len(named) >= 5
    missing = {path: str(t) for path, t in named.items() if finders.find(path) is None}
    assert not missing, f"static files named in templates but not found: {missing}"
