"""Facts for 秒批 rules from department records (housing fund centre, property register, social
insurance bureau), fetched with the citizen's consent for the sources the draft's rules read,
each fetch written to the "who used my data" log like an e-licence fetch."""

from __future__ import annotations

from core.applications.data_use import DataUseLog, Requester, purpose_for_item
from core.applications.decisions import Rulebook, default_rulebook
from core.applications.drafts import Drafts, DraftView
from core.guide.catalogue import Catalogue
from core.integrations.department_facts import DepartmentFacts
from core.integrations.errors import DepartmentError

# What the citizen reads in the data-use log for each source.
SOURCE_NAMES = {
    "housing_fund": "住房公积金缴存记录",
    "property_register": "不动产登记记录",
    "social_insurance": "社会保险参保记录",
}


def rule_sources(catalogue: Catalogue, draft: DraftView, rulebook: Rulebook | None = None) -> list[str]:
    """The department records the rules of the draft's items read, among those we can ask."""
    book = rulebook or default_rulebook()
    if draft.target_kind == "bundle":
        codes = [item.code for item in catalogue.bundle_items(catalogue.bundle(draft.target_code))]
    else:
        codes = [draft.target_code]
    sources = {s for code in codes if (rules := book.rule_set(code)) for s in rules.sources}
    return sorted(sources & set(SOURCE_NAMES))


def fetch_department_facts(
    drafts: Drafts,
    records: DepartmentFacts,
    log: DataUseLog,
    catalogue: Catalogue,
    owner_id: str,
    id_number: str,
    draft_id: str,
    channel: str = "pc",
    rulebook: Rulebook | None = None,
) -> DraftView:
    """Ask each source once (the caller has the citizen's consent) and keep what it knows as
    ``facts.<source>``; a source that is down or has no record leaves the rules to a person."""
    draft = drafts.get(owner_id, draft_id)
    found: dict[str, dict] = {}
    outcomes: dict[str, str] = {}
    for source in rule_sources(catalogue, draft, rulebook):
        try:
            record = records.facts(source, id_number)
        except DepartmentError:
            outcomes[source] = "failed"
        else:
            outcomes[source] = "ok" if record is not None else "none_found"
            if record is not None:
                found[source] = record
        purpose = purpose_for_item(draft.target_code)
        log.record(owner_id, SOURCE_NAMES[source], purpose, Requester.channel(channel), outcomes[source])
    if not outcomes:
        return draft
    return drafts.attach_facts(owner_id, draft_id, {**found, "fetched_records": outcomes})
