"""Forms: every declared item form loads; a bundle asks each shared question once; answers
are validated by type with stable error codes."""

import pytest

from core.applications.forms import bundle_form, form_for, load_form_library, validate_answer
from core.guide.catalogue import Catalogue
from core.testing.factories import make_id_number


def test_every_declared_form_names_a_real_item_and_scenario(seed_catalogue: Catalogue) -> None:
    _, declared = load_form_library()
    assert len(declared) >= 8
    for code, spec in declared.items():
        item = seed_catalogue.item(code)
        for scenario_id in spec.get("scenarios", {}):
            assert form_for(item, scenario_id).fields


def test_newborn_bundle_asks_each_question_once(seed_catalogue: Catalogue) -> None:
    bundle = next(b for b in seed_catalogue.bundles if "新生儿" in b.name)
    items = seed_catalogue.bundle_items(bundle)
    merged = bundle_form(bundle, items)
    ids = [f.id for f in merged.fields]
    assert len(ids) == len(set(ids))
    separate = sum(len(form_for(i).fields) for i in items)
    assert len(ids) < separate / 2
    assert len(merged.asked_by["child_name"]) >= 3


def test_unknown_scenario_is_refused(seed_catalogue: Catalogue) -> None:
    with pytest.raises(KeyError):
        form_for(seed_catalogue.items[0], "no_such_scenario")


@pytest.mark.parametrize(
    ("field_id", "raw", "value", "error"),
    [
        ("monthly_rent", "1500", 1500, ""),
        ("monthly_rent", "abc", None, "not_a_number"),
        ("monthly_rent", "0", None, "out_of_range"),
        ("child_birth_date", "2026-11-01", "2026-11-01", ""),
        ("child_birth_date", "2026-02-30", None, "not_a_date"),
        ("child_sex", "F", "F", ""),
        ("child_sex", "X", None, "not_a_choice"),
        ("owns_home_in_city", "false", False, ""),
        ("applicant_phone", "138 1234 5678", "13812345678", ""),
        ("applicant_phone", "12345", None, "not_a_phone"),
        ("applicant_id_number", make_id_number().lower(), make_id_number(), ""),
        ("applicant_id_number", make_id_number()[:-1] + "Y", None, "id_characters"),
        ("applicant_name", "   ", None, "required"),
        ("applicant_name", "长" * 31, None, "too_long"),
    ],
)
def test_answers_are_typed_and_explained(field_id: str, raw: str, value: object, error: str) -> None:
    library, _ = load_form_library()
    assert validate_answer(library[field_id], raw) == (value, error)
