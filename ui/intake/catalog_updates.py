"""The catalog the intake screen searches, followed through the day: the sync process may
load a newer version at any time (an item's checklist changed, an item withdrawn, 停办), and
the screen learns of it from the sync status reports it already receives, by one small query
of the version in force. It then reloads the items and brings the form in progress up to
the new version, keeping what the clerk typed and every mark that still applies, and says
in one line what changed. A decision is never recorded under a version the clerk has not
seen: one sent meanwhile is held back, and the screen updated, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.correction import list_separator
from ui.intake.bundle_mode import bundle_draft, choose_bundle, leave_bundle

if TYPE_CHECKING:
    from counter_app.domain.bundles import ServiceBundle
    from counter_app.domain.catalog import ServiceItem
    from ui.core_facade import Workstation
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


@dataclass(frozen=True)
class CatalogRead:
    """One catalog version's items and 一件事 bundles as the screen searches them, and the
    clerk's recent items."""

    version: int | None  # None: no catalog loaded yet
    items: list[ServiceItem]
    bundles: list[ServiceBundle]
    recent: list[ServiceItem]


def _read_catalog(ws: Workstation, username: str | None) -> CatalogRead:
    # The version before its items: one loaded in between is met again at the next check.
    version = ws.catalog_version()
    return CatalogRead(version, ws.catalog_items(), ws.catalog_bundles(), ws.recent_items(username))


def load_catalog(screen: IntakeScreen) -> None:
    """Read the catalog in force; the screen takes it (and the form follows it) on arrival."""
    username = screen.session.username
    screen.session.worker.submit(
        lambda ws: _read_catalog(ws, username),
        screen._catalog_loaded,
        screen.session.report_error,
        name="load_catalog",
    )


def check_catalog(screen: IntakeScreen, _status: object = None) -> None:
    """After each sync status report: reload when a newer catalog version is in force."""
    if screen.session.username is None or screen.catalog_version is None:
        return  # nobody to tell; the next sign-in loads the catalog anew
    shown = screen.catalog_version
    screen.session.worker.submit(
        lambda ws: ws.catalog_version(),
        lambda version: load_catalog(screen) if version != shown else None,
        screen.session.report_error,
        name="catalog_version",
    )


def catalog_loaded(screen: IntakeScreen, read: CatalogRead) -> None:
    earlier = screen.catalog_version
    screen.catalog_version = read.version
    screen.items = {item.code: item for item in read.items}
    screen.bundles = {bundle.code: bundle for bundle in read.bundles}
    screen.search.set_recent(read.recent)
    screen.search.run_search_now()  # a withdrawn item leaves the results shown
    if earlier is None or read.version == earlier:
        return
    note = translate("IntakeScreen", "事项目录已更新为第 {version} 版").format(version=read.version)
    if screen.item is not None:
        change = _follow_item(screen, screen.item)
        if change:
            note += translate("IntakeScreen", "：") + change
    elif screen.bundle is not None:
        note += translate("IntakeScreen", "：") + _follow_bundle(screen, screen.bundle)
    show_catalog_note(screen, note)


def show_catalog_note(screen: IntakeScreen, note: str) -> None:
    screen.catalog_note.setText(note)
    screen.catalog_note.setVisible(bool(note))


def _follow_item(screen: IntakeScreen, shown: ServiceItem) -> str:
    """Bring the chosen item of the form up to the new version; what changed for the clerk
    (empty when nothing did)."""
    item = screen.items.get(shown.code)
    if item is None:
        _drop_item(screen)
        return translate(
            "IntakeScreen",
            "“{name}”已停办，不能再受理。请告知申请人；如需办理其他事项，请重新选择（F3），"
            "已录入的申请人信息保留。",
        ).format(name=shown.name)
    if item == shown:
        return ""
    situation_code = screen.situation_code()
    before = shown.situation(situation_code) or shown.default_situation
    after = item.situation(before.code)
    changes = []
    if after is None:
        after = item.default_situation
        changes.append(
            translate("IntakeScreen", "情形“{old}”已取消，已改为“{new}”").format(
                old=before.name, new=after.name
            )
        )
    old_codes = {m.code for m in before.materials}
    new_codes = {m.code for m in after.materials}
    separator = list_separator()
    added = [m.name for m in after.materials if m.code not in old_codes]
    removed = [m.name for m in before.materials if m.code not in new_codes]
    # A code kept for another paper (renamed, or its standard changed): what was ticked
    # under it is not what is asked for now.
    redefined = [
        (old, m)
        for m in after.materials
        if (old := before.material(m.code)) is not None and not m.asks_for_same(old)
    ]
    if added:
        changes.append(
            translate("IntakeScreen", "新增 {names}（未收）").format(names=separator.join(added))
        )
    if removed:
        changes.append(
            translate("IntakeScreen", "取消 {names}（已从清单移除）").format(
                names=separator.join(removed)
            )
        )
    if redefined:
        changes.append(
            translate("IntakeScreen", "{names}（已改为未收）").format(
                names=separator.join(
                    translate("IntakeScreen", "“{old}”改为“{new}”").format(
                        old=old.name, new=new.name
                    )
                    if old.name != new.name
                    else translate("IntakeScreen", "“{name}”的材料标准有变").format(name=new.name)
                    for old, new in redefined
                )
            )
        )
    _rebuild_checklist(screen, item, after.code, {m.code for _old, m in redefined})
    if not changes:
        return translate("IntakeScreen", "本事项的规定有变化（收费、时限或材料要求），请核对")
    return translate("IntakeScreen", "本事项材料清单有变化（{changes}），请核对").format(
        changes=translate("IntakeScreen", "；").join(changes)
    )


def _follow_bundle(screen: IntakeScreen, shown: ServiceBundle) -> str:
    """Bring the chosen 一件事 up to the new version: its members chosen again, every mark
    of a material still asked for kept; what the clerk must check."""
    if shown.code not in screen.bundles:
        leave_bundle(screen)
        _drop_item(screen)
        return translate(
            "IntakeScreen",
            "“{name}”已不再提供，请逐项选择要办理的事项（F3），已录入的申请人信息保留。",
        ).format(name=shown.name)
    choose_bundle(screen, shown.code, bundle_draft(screen))
    return translate("IntakeScreen", "请核对一件事的事项、情形和材料")


def _rebuild_checklist(
    screen: IntakeScreen, item: ServiceItem, situation_code: str, redefined: set[str]
) -> None:
    """The checklist of ``item``'s situation, each material still required keeping its
    marks, but those of a ``redefined`` code (another paper now); e-licences looked up for a
    material that is gone or redefined are dropped."""
    situation = item.situation(situation_code) or item.default_situation
    entries = [e for e in screen.checklist.entries() if e["code"] not in redefined]
    screen.item = item
    screen.search.show_item(item, [(s.code, s.name) for s in item.situations], situation.code)
    screen.checklist.set_materials(list(situation.materials), entries)
    codes = {m.code for m in situation.materials} - redefined
    screen.licences = [licence for licence in screen.licences if licence.material_code in codes]
    screen.apply_exemptions()


def _drop_item(screen: IntakeScreen) -> None:
    """The chosen item was withdrawn: the form keeps the applicant and loses the item, its
    checklist and a pre-application of it (accepting another item would consume it)."""
    screen.item = None
    screen.preapp_id = None
    screen.licences = []
    screen.search.clear()
    screen.checklist.clear()
    screen.refresh_summary()
