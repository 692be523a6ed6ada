"""State names, document titles and role names have one source: the window's Chinese source strings are
the core's table (which printing and the command line use), and so are their English
translations in Qt Linguist."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from counter_app.config import Config
from counter_app.domain.case_states import (
    EVENT_KIND_NAMES,
    STATE_NAMES,
    SYNC_STATE_NAMES,
    CaseState,
)
from counter_app.domain.checklist import MATERIAL_STATUS_NAMES
from counter_app.domain.document_language import LANGUAGE_NAMES, DocumentLanguage
from counter_app.domain.documents import DOCUMENT_TITLES, PRINT_ACTION_NAMES, DocumentKind
from counter_app.domain.hall_queue import FLAG_NAMES
from counter_app.services.approval import ROLE_NAMES
from sync.status import CONNECTIVITY_NAMES
from ui.case_history_text import event_detail_values
from ui.case_labels import event_labels, sync_labels
from ui.hall_queue import flag_labels
from ui.i18n import TRANSLATIONS_DIR
from ui.intake.checklist import material_status_labels
from ui.labels import (
    document_language_labels,
    document_title,
    document_titles,
    role_label,
    state_label,
    state_labels,
)
from ui.sync_status import SyncStatusButton


def test_the_window_names_states_and_documents_as_the_core_does(qapp) -> None:
    assert state_labels() == {state: zh for state, (zh, _en) in STATE_NAMES.items()}
    assert document_titles() == {kind: zh for kind, (zh, _en) in DOCUMENT_TITLES.items()}
    assert list(state_labels()) == list(CaseState)
    assert list(document_titles()) == list(DocumentKind)
    languages = document_language_labels()
    assert languages == {code: zh for code, (zh, _en) in LANGUAGE_NAMES.items()}
    assert list(languages) == list(DocumentLanguage)
    assert {role: role_label(role) for role in ROLE_NAMES} == {
        role: zh for role, (zh, _en) in ROLE_NAMES.items()
    }


def test_the_window_names_sync_states_as_the_command_line_does(qapp) -> None:
    assert sync_labels() == {code: zh for code, (zh, _en) in SYNC_STATE_NAMES.items()}
    translated = _translated("cases")
    assert {zh: translated[zh] for zh, _en in SYNC_STATE_NAMES.values()} == dict(
        SYNC_STATE_NAMES.values()
    )


def test_the_sync_button_names_connectivity_as_the_sync_service_does(qapp) -> None:
    labels = SyncStatusButton("zh", Config()).connectivity_labels()
    assert labels == {code: zh for code, (zh, _en) in CONNECTIVITY_NAMES.items()}
    translated = _translated("SyncStatusButton")
    assert {zh: translated[zh] for zh, _en in CONNECTIVITY_NAMES.values()} == dict(
        CONNECTIVITY_NAMES.values()
    )


def test_english_translations_are_the_core_english() -> None:
    tree = ET.parse(TRANSLATIONS_DIR / "counter_app_en.ts")
    context = next(c for c in tree.getroot() if c.findtext("name") == "labels")
    translated = {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}
    core = (
        dict(STATE_NAMES.values())
        | dict(DOCUMENT_TITLES.values())
        | dict(LANGUAGE_NAMES.values())
        | dict(ROLE_NAMES.values())
    )
    assert translated == core


def test_an_unknown_code_is_shown_as_is(qapp) -> None:
    assert state_label("in_process") == "办理中"
    assert state_label("newer_platform_state") == "newer_platform_state"
    assert document_title("notice") == "一次性告知书"
    assert document_title("certificate") == "certificate"


def _translated(context_name: str) -> dict[str | None, str | None]:
    tree = ET.parse(TRANSLATIONS_DIR / "counter_app_en.ts")
    context = next(c for c in tree.getroot() if c.findtext("name") == context_name)
    return {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}


def test_the_window_names_materials_and_history_events_as_the_command_line_does(qapp) -> None:
    names = {str(status): pair for status, pair in MATERIAL_STATUS_NAMES.items()}
    statuses = material_status_labels()  # what a clerk can mark (not 不符合要求)
    assert statuses == {status: names[status][0] for status in statuses}
    in_english = _translated("ChecklistPanel")
    shown = [names[status] for status in statuses]
    assert {zh: in_english[zh] for zh, _en in shown} == dict(shown)
    assert event_labels() == {kind: zh for kind, (zh, _en) in EVENT_KIND_NAMES.items()}
    in_english = _translated("cases")
    assert {zh: in_english[zh] for zh, _en in EVENT_KIND_NAMES.values()} == dict(
        EVENT_KIND_NAMES.values()
    )


def test_the_window_names_a_document_s_outcome_as_the_command_line_does(qapp) -> None:
    actions = event_detail_values()["action"]
    assert actions == {action: zh for action, (zh, _en) in PRINT_ACTION_NAMES.items()}
    in_english = _translated("case_history")
    assert {zh: in_english[zh] for zh, _en in PRINT_ACTION_NAMES.values()} == dict(
        PRINT_ACTION_NAMES.values()
    )


def test_the_hall_queue_names_flags_as_the_command_line_does(qapp) -> None:
    assert flag_labels() == {flag: zh for flag, (zh, _en) in FLAG_NAMES.items()}
    in_english = _translated("hall_queue")
    assert {zh: in_english[zh] for zh, _en in FLAG_NAMES.values()} == dict(FLAG_NAMES.values())
