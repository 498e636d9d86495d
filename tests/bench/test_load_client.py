"""The websocket client's names and router data match what Reflex and the pages define, so a
renamed state or handler fails here before the e2e check (e2e/scale/test_load_clients.py)."""

from pathlib import Path

import pytest
from reflex.state import OnLoadInternalState, State

from bench.load import web_client, web_journey
from web.pages.application import ApplicationState
from web.pages.apply import ApplyState
from web.pages.item import ItemState
from web.pages.login import LoginState
from web.pages.search import SearchState

PAGES = [
    (web_journey.LOGIN, LoginState, ("send_code", "verify_code", "load_login")),
    (web_journey.SEARCH, SearchState, ("load_results",)),
    (web_journey.ITEM, ItemState, ("load_item",)),
    (web_journey.APPLY, ApplyState, ("load_apply", "save_answers", "toggle_declared", "submit")),
    (web_journey.APPLICATION, ApplicationState, ("load_application",)),
]


@pytest.mark.parametrize(("name", "state", "handlers"), PAGES)
def test_state_paths_and_handlers_are_the_apps(name: str, state: type, handlers: tuple[str, ...]) -> None:
    assert name == state.get_full_name()
    assert set(handlers) <= set(state.event_handlers)


def test_the_boot_and_navigation_events_are_reflexs() -> None:
    assert State.get_full_name() == web_client.ROOT
    assert f"{State.get_full_name()}.hydrate_and_load" == web_client.HYDRATE
    assert f"{OnLoadInternalState.get_full_name()}.on_load_internal" == web_client.ON_LOAD


def test_router_data_merges_the_query_with_the_route_params() -> None:
    assert web_client.router_data("/apply/200070001001?scenario=no_contract", {"code": "200070001001"}) == {
        "pathname": "/apply/200070001001",
        "asPath": "/apply/200070001001?scenario=no_contract",
        "query": {"scenario": "no_contract", "code": "200070001001"},
    }
    assert web_client.router_data("/login") == {"pathname": "/login", "asPath": "/login"}


def test_the_build_is_read_from_the_compiled_context(tmp_path: Path) -> None:
    assert web_client.FrontendBuild.read(tmp_path) is None
    (tmp_path / "utils").mkdir()
    (tmp_path / "utils" / "context.jsx").write_text(
        'export const initialStateHashes = ["ab12", "cd34"]\nexport const stateSchema = "f00d"\n', "utf-8"
    )
    build = web_client.FrontendBuild.read(tmp_path)
    assert build == web_client.FrontendBuild(["ab12", "cd34"], "f00d")
