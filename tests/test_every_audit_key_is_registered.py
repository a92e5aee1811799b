"""Every audit key Kring writes reads as words (issue 11: the log stores a stable key and facts,
and is rendered into the reader's language when read). A key written in the code but never
registered would show as a bare action in every timeline; this scan finds it at once."""

import ast
from pathlib import Path

from django.utils import translation

from kring.audit.events import describe, known_keys
from kring.audit.models import AuditEvent

KRING = Path(__file__).resolve().parents[1] / "kring"


def written_keys() -> dict[str, str]:
    """key -> where it is written, for every literal `key="..."` passed to a call in kring/
    (tests and migrations left out), and every module constant a `key=` refers to."""
    found: dict[str, str] = {}
    for path in KRING.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = {
            target.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "key":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    key = value.value
                elif isinstance(value, ast.Name) and value.id in constants:
                    key = constants[value.id]
                else:
                    continue
                if "." in key:  # an audit key: "app.what_happened"
                    found.setdefault(key, f"{path.relative_to(KRING.parent)}:{node.lineno}")
    return found


def test_the_scan_finds_the_keys_it_should():
    keys = written_keys()
    assert {"account.passkey_registered", "account.logged_in", "privacy.account_erased"} <= set(
        keys
    )
    assert len(keys) > 100


def test_every_audit_key_written_in_the_code_is_registered():
    unregistered = {k: where for k, where in written_keys().items() if k not in known_keys()}
    assert not unregistered, (
        "Register how these audit keys read (the app's events.py, kring.audit.events.register):\n"
        + "\n".join(f"{k} ({where})" for k, where in sorted(unregistered.items()))
    )


def test_every_registered_key_reads_in_dutch_and_in_english_without_data():
    for key in sorted(known_keys()):
        event = AuditEvent(key=key, action="view", changes={})
        for language in ("nl", "en"):
            with translation.override(language):
                text = describe(event)
            assert text and text != key, (key, language)
