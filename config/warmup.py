"""Do once, before the app server forks its workers, what each worker would otherwise do on its
first requests (decision 201), and keep the garbage collector off what was built (decision 202).

gunicorn loads the app in its master (`preload_app`), but Django imports the URL configuration
with every view module behind it, compiles each template and loads the translation catalogues
only when a request first needs them. Each worker then paid that itself, about a second and a
half of CPU, on its first requests (a slow first answer after every start, and again whenever
`max_requests` replaces a worker), and kept its own copy. Done here, in the master, the workers
start warm and share what was built.
"""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.urls import get_resolver
from django.utils import translation


def _compile_templates(engine: DjangoTemplates, only_under: tuple[str, ...] = ()) -> int:
    """Compile every `.html` template the engine finds (the first of each name, as it would),
    optionally only those whose name starts with one of `only_under`; returns how many."""
    seen: set[str] = set()
    for directory in engine.template_dirs:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            name = path.relative_to(root).as_posix()
            if name in seen or (only_under and not name.startswith(only_under)):
                continue
            seen.add(name)
            engine.get_template(name)
    return len(seen)


def warm_up() -> int:
    """Import the views, compile the page and widget templates, load the catalogues; returns
    the number of templates compiled."""
    get_resolver().url_patterns  # noqa: B018  # imports every URLconf and view module
    compiled = 0
    for backend in engines.all():
        if isinstance(backend, DjangoTemplates):
            compiled += _compile_templates(backend)
    renderer = get_default_renderer()
    form_engine = getattr(renderer, "engine", None)
    if isinstance(form_engine, DjangoTemplates):
        # The form renderer's own engine: only the form and widget templates, which are all
        # it renders (the page templates are compiled above, in the pages' engine).
        compiled += _compile_templates(
            form_engine, ("django/forms/", "kring/forms/", "intake/widgets/")
        )
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Nederlands")
    return compiled


def freeze_for_fork() -> int:
    """Collect once, then move every object alive now (modules, views, compiled templates,
    catalogues) out of the garbage collector's reach: the workers' full collections no longer
    walk them (a full collection walked them all, 70-80 ms, about once every 40 case pages),
    and they no longer write to those objects' pages, which the workers keep sharing with the
    master. Returns the number of objects frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
