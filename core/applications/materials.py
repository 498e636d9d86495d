"""The materials checklist of a draft: for each material how it will be obtained, and the
e-licences (A) fetched from the library with the citizen's consent (免证办)."""

from __future__ import annotations

from dataclasses import dataclass

from core.applications.data_use import LicenceFetcher, Requester
from core.applications.decisions import licence_facts
from core.applications.drafts import Drafts, DraftView
from core.guide.bundles import merge_materials
from core.guide.catalogue import Catalogue
from core.guide.models import Material, Obtain
from core.integrations.elicence import LicenceRecord
from core.integrations.errors import DepartmentError


@dataclass(frozen=True)
class MaterialLine:
    material: Material
    fetched: str  # "" not tried, ok, none_found, failed
    detail: str  # e.g. the issuing authority and expiry of the fetched licence


def draft_materials(catalogue: Catalogue, draft: DraftView) -> list[Material]:
    if draft.target_kind == "bundle":
        bundle = catalogue.bundle(draft.target_code)
        return [m.material for m in merge_materials(catalogue.bundle_items(bundle))]
    item = catalogue.item(draft.target_code)
    return list(item.scenario(draft.scenario_id or item.scenarios[0].id).materials)


def checklist(catalogue: Catalogue, draft: DraftView) -> list[MaterialLine]:
    fetched = draft.facts.get("fetched", {})
    uploads = draft.facts.get("uploads", {})
    lines = []
    for m in draft_materials(catalogue, draft):
        if m.id in uploads:
            lines.append(MaterialLine(m, "uploaded", "、".join(u["name"] for u in uploads[m.id])))
            continue
        found = fetched.get(m.licence_type or "", {})
        lines.append(MaterialLine(m, found.get("outcome", ""), found.get("detail", "")))
    return lines


def attach_upload(
    drafts: Drafts,
    catalogue: Catalogue,
    owner_id: str,
    draft_id: str,
    material_id: str,
    upload_id: str,
    display_name: str,
) -> DraftView:
    """Record that an accepted upload provides one of the draft's materials (KeyError otherwise)."""
    draft = drafts.get(owner_id, draft_id)
    if material_id not in {m.id for m in draft_materials(catalogue, draft)}:
        raise KeyError(material_id)
    uploads = dict(draft.facts.get("uploads", {}))
    uploads[material_id] = [*uploads.get(material_id, []), {"id": upload_id, "name": display_name}][-5:]
    return drafts.attach_facts(owner_id, draft_id, {"uploads": uploads})


def _detail(records: list[LicenceRecord]) -> str:
    if not records:
        return ""
    first = records[0]
    until = first.expiry_date.isoformat() if first.expiry_date else "长期"
    return f"{first.issuing_authority} · 有效期至 {until}"


def fetch_licences(
    drafts: Drafts,
    fetcher: LicenceFetcher,
    catalogue: Catalogue,
    owner_id: str,
    id_number: str,
    draft_id: str,
    channel: str = "pc",
) -> DraftView:
    """Fetch every A material of the draft (the caller has the citizen's consent) and keep the
    results as facts for the rules and lines for the checklist; a library that is down leaves
    the material to be uploaded instead, and nothing already entered is lost."""
    draft = drafts.get(owner_id, draft_id)
    types = sorted(
        {
            m.licence_type
            for m in draft_materials(catalogue, draft)
            if m.obtain is Obtain.ELICENCE and m.licence_type
        }
    )
    found: list[LicenceRecord] = []
    fetched: dict[str, dict] = {}
    for licence_type in types:
        try:
            records = fetcher.fetch_with_consent(
                owner_id,
                id_number,
                licence_type,
                draft.target_code,
                consent=True,
                requester=Requester.channel(channel),
            )
        except DepartmentError:
            fetched[licence_type] = {"outcome": "failed", "detail": ""}
            continue
        found.extend(records)
        fetched[licence_type] = {"outcome": "ok" if records else "none_found", "detail": _detail(records)}
    facts = {
        **_jsonable(licence_facts(found, [t for t, f in fetched.items() if f["outcome"] != "failed"])),
        "fetched": fetched,
    }
    return drafts.attach_facts(owner_id, draft_id, facts)


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
