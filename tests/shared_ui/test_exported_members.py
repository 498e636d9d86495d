"""The public surface of shared_ui is exact and sorted (after httpx's test_exported_members)."""

import shared_ui


def test_all_is_sorted_and_exported() -> None:
    assert shared_ui.__all__ == sorted(shared_ui.__all__)
    exported = {name for name in dir(shared_ui) if not name.startswith("_")}
    modules = {"components", "i18n", "views", "guide_views", "session", "form_views", "registry", "handlers"}
    assert exported - modules == set(shared_ui.__all__)
