"""E-licences (两个免于提交): the tasks of those the register did not confirm, and the licence
documents attached to a case's materials, saved or viewed (every reading audited)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.store.database import Store
from ui.desks.signed_in import SignedInStore
from ui.facade_types import ElicenceTask
from ui.pdf_pages import RasterPage, rasterize

if TYPE_CHECKING:
    from counter_app.store.elicence_checks import ElicenceCheck


class ElicenceDesk(SignedInStore):
    """The e-licence tasks tab and a case's attached licences."""

    # -- e-licence tasks and attached licences (两个免于提交) ------------------------------
    def elicence_tasks(self) -> list[ElicenceTask]:
        """E-licences the register did not confirm after the window marked them 待核验: the
        clerk's and the supervisor's tasks, oldest first, each with its material's name as
        the case lists it (the code when the case has no such material) and its applicant
        as the case list shows them."""
        from counter_app.store.cases import get_case
        from counter_app.store.elicence_checks import checks_in_state, material_names

        self.signed_in()
        checks = checks_in_state(self.store, "failed")
        names = material_names(self.store, "failed")
        cases = {case_id: get_case(self.store, case_id) for case_id in {c.case_id for c in checks}}
        return [
            ElicenceTask(
                check,
                names.get((check.case_id, check.material_code), check.material_code),
                cases[check.case_id].applicant_name,
                cases[check.case_id].applicant_masked_id,
            )
            for check in checks
        ]

    def resolve_elicence_with_paper(self, case_no: str, material_code: str) -> int:
        """Close the task of ``material_code``: the applicant handed it in on paper; it is
        received in the case's next version (by the signed-in clerk or supervisor)."""
        from datetime import UTC, datetime

        from counter_app.services.elicence_checks import settle_with_paper

        user = self._require_role(("clerk", "supervisor"), "elicence.resolve")
        return settle_with_paper(
            self.store, open_elicence_task(self.store, case_no, material_code), user.username,
            datetime.now(UTC),
        )  # fmt: skip

    def save_licence_document(self, case_id: str, material_code: str, path: Path) -> Path:
        """The licence document attached to the case's material written to ``path`` (only
        its owner may read it), to keep or print, also offline; audited like any reading of
        an applicant's personal data."""
        from counter_app.durable_files import write_private_file

        content = self._opened_licence(case_id, material_code, "case.elicence_document_saved")
        write_private_file(path, content)
        return path

    def licence_pages(self, case_id: str, material_code: str, width: int) -> list[RasterPage]:
        """The attached licence document's pages, ``width`` pixels wide, to view in the
        window (audited); a document that is not a PDF (OFD, an image) is refused with a
        message saying to save it and open it with its own viewer."""
        import tempfile

        from counter_app.errors import ValidationError

        content = self._opened_licence(case_id, material_code, "case.elicence_document_viewed")
        if not content.startswith(b"%PDF"):
            raise ValidationError(
                "该证照文件不是 PDF，窗口内不能查看；请“保存证照文件”后用相应软件打开。",
                "This licence document is not a PDF and cannot be shown here; save it and "
                "open it with its own viewer.",
                field="material",
            )
        # The clear copy lives only as long as poppler reads it, in a private directory.
        with tempfile.TemporaryDirectory(prefix="counter-licence-") as tmp:
            pdf = Path(tmp) / "licence.pdf"
            pdf.write_bytes(content)
            return rasterize(pdf, width=width)

    def _opened_licence(self, case_id: str, material_code: str, action: str) -> bytes:
        """The attached licence document's content, the reading audited as ``action``."""
        from counter_app.errors import ValidationError
        from counter_app.store.audit import AuditFact
        from counter_app.store.elicence_checks import licence_document

        user = self.signed_in()
        document = licence_document(self.store, case_id, material_code)
        if document is None:
            raise ValidationError(
                "该材料没有附入办件的电子证照文件。",
                "No e-licence document is attached to this material.",
                field="material",
            )
        with self.store.transaction() as db:
            self.store.audit.append(
                db, case_id, AuditFact(user.username, action, {"material": material_code})
            )
        return document.content


def open_elicence_task(store: Store, case_no: str, material_code: str) -> ElicenceCheck:
    """The open e-licence task of the case's material; refused when there is none (someone
    else may have settled it already)."""
    from counter_app.errors import ValidationError
    from counter_app.store.elicence_checks import open_task

    task = open_task(store, case_no, material_code)
    if task is None:
        raise ValidationError(
            f"办件 {case_no} 的材料 {material_code} 没有待处理的电子证照核验任务（可能已由他人处理）。",
            f"Case {case_no} has no open e-licence task for material {material_code} "
            "(someone may have settled it already).",
            field="material",
        )
    return task
