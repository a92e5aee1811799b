"""The app server's master does the first-request work once, before it forks (decision 201):
the URL configuration with every view, each page and widget template, the catalogues; and
freezes what it built out of the garbage collector's reach (decision 202)."""

import subprocess
import sys
from pathlib import Path

from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from config.warmup import warm_up

ROOT = Path(__file__).resolve().parent.parent


def _cache(engine) -> dict:
    loader = engine.engine.template_loaders[0]
    assert isinstance(loader, CachedLoader)
    return loader.get_template_cache


def test_warm_up_compiles_the_page_and_widget_templates():
    compiled = warm_up()
    assert compiled > 200
    pages = _cache(engines["django"])
    assert "intake/request_form.html" in pages
    assert "cases/detail.html" in pages
    widgets = _cache(get_default_renderer().engine)
    assert "kring/forms/errors_summary.html" in widgets
    assert "django/forms/widgets/select.html" in widgets
    assert "intake/widgets/choices.html" in widgets
    # The form renderer compiles only form templates, not a second copy of every page.
    assert "intake/request_form.html" not in widgets


def test_loading_the_wsgi_module_warms_up_and_freezes_what_it_built():
    code = (
        "import sys; import config.wsgi; "
        "assert 'kring.intake.views' in sys.modules and 'kring.cases.views' in sys.modules; "
        "from django.template import engines; "
        "assert 'intake/request_form.html' in "
        "engines['django'].engine.template_loaders[0].get_template_cache; "
        "import gc; assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
