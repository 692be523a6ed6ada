"""The paper's language is ``--document-lang``; ``--lang`` after ``receipt``/``print`` still
sets it (hall scripts use it) but says on stderr that it is the document's language, not the
messages' (those take ``--lang en`` before the command)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.printing.fixtures import CaseFactory


def _receipt(
    cli: Callable[..., CliResult], make_case: CaseFactory, tmp_path: Path, *words: str
) -> tuple[str, str]:
    """An accepted case's receipt, with ``words`` around the command (``RECEIPT``): the
    paper's language and what stderr said."""
    case = make_case("accept")
    out = tmp_path / "receipt.pdf"
    command = ["receipt", case.case_id, "--out", str(out), "--json"]
    at = words.index("RECEIPT")
    issued = cli(*words[:at], *command, *words[at + 1 :])
    assert issued.returncode == 0, issued.stderr
    return json.loads(issued.stdout)["lang"], issued.stderr


def test_document_lang_sets_the_paper_and_says_nothing_more(
    cli: Callable[..., CliResult], make_case: CaseFactory, tmp_path: Path
) -> None:
    lang, said = _receipt(cli, make_case, tmp_path, "RECEIPT", "--document-lang", "zh-en")
    assert (lang, said) == ("zh-en", "")


def test_lang_after_the_command_still_sets_the_paper_and_says_so(
    cli: Callable[..., CliResult], make_case: CaseFactory, tmp_path: Path
) -> None:
    lang, said = _receipt(cli, make_case, tmp_path, "RECEIPT", "--lang", "en")
    assert lang == "en"
    (note,) = said.splitlines()
    assert "文书语言" in note and "--document-lang en" in note
    assert "DOCUMENT's language" in note and "put --lang en before the command" in note


def test_lang_before_the_command_sets_the_messages_and_leaves_the_paper_alone(
    cli: Callable[..., CliResult], make_case: CaseFactory, tmp_path: Path
) -> None:
    # The case's language (Chinese for a resident's card), not English; no note.
    lang, said = _receipt(cli, make_case, tmp_path, "--lang", "en", "RECEIPT")
    assert (lang, said) == ("zh", "")
