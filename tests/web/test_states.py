"""Page handlers are callable by any client: each accepts only what it should."""

from shared_ui.guide_views import GuideView
from shared_ui.i18n import UiState
from shared_ui.views import MaterialView, ScenarioView
from web.pages.item import ItemState
from web.pages.search import MAX_QUERY, SearchState


def _state(cls):
    return cls(_reflex_internal_init=True)


def test_choosing_a_scenario_shows_its_materials_and_ignores_forged_ids() -> None:
    state = _state(ItemState)
    state.guide = GuideView(
        scenarios=[
            ScenarioView(id="adult", materials=[MaterialView(id="household_register")]),
            ScenarioView(
                id="minor", conditions=["监护人陪同"], materials=[MaterialView(id="guardian_id_card")]
            ),
        ]
    )
    ItemState.choose_scenario.fn(state, "minor")
    assert state.scenario_id == "minor"
    assert [m.id for m in state.materials] == ["guardian_id_card"]
    assert state.conditions == ["监护人陪同"]

    ItemState.choose_scenario.fn(state, "forged")
    assert state.scenario_id == "minor"


def test_search_submit_quotes_and_bounds_the_query() -> None:
    state = _state(SearchState)
    event = SearchState.submit_search.fn(state, {"q": "  身份证 丢了&x=1 " + "长" * 300})
    url = dict((str(k), v) for k, v in event.args)["path"]._var_value
    assert url.startswith("/search?q=%E8%BA%AB%E4%BB%BD%E8%AF%81")
    assert "&x=1" not in url
    assert url.count("%E9%95%BF") == MAX_QUERY - len("身份证 丢了&x=1 ")


def test_empty_search_does_nothing() -> None:
    assert SearchState.submit_search.fn(_state(SearchState), {"q": "   "}) is None


def test_language_switch_accepts_only_known_languages() -> None:
    state = _state(UiState)
    UiState.set_language.fn(state, "en")
    assert state.lang == "en"
    assert UiState.set_language.fn(state, "<script>") is None
    assert state.lang == "en"


def test_elderly_mode_toggles() -> None:
    state = _state(UiState)
    UiState.toggle_elderly.fn(state)
    assert state.elderly == "1"
    UiState.toggle_elderly.fn(state)
    assert state.elderly == ""
