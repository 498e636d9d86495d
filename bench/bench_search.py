"""Search speed and memory at catalogue scale: `python -m bench.bench_search`.

Catalogues of 2,199 and 20,000 items (the real seed plus generated items). For a set of
resident queries it prints search p50/p95 and the ratio to a plain substring scan over the
same catalogue, timed in the same run and interleaved with the searches so both see the
same machine noise (first runs, with the index's per-document caches still cold, are shown
apart); then the index's memory at 20,000 items (tracemalloc) against the
catalogue objects' own. Index build time is compared with the time it takes to make the
(generated part of the) catalogue's validated objects in the first place.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable

from core.guide.catalogue import Catalogue, load_catalogue_dir
from core.guide.search import SearchIndex
from core.guide.synthetic import synthetic_items
from core.settings import REPO_ROOT

SIZES = (2_199, 20_000)
REPEATS = 5
QUERIES = (
    "身份证丢了怎么办", "我想给孩子上户口", "生小孩要办什么", "怎么提取公积金租房", "开个饭店需要什么手续",
    "退休了要办啥", "办准生证", "驾照到期", "户口本", "低保", "营业执照", "房产证过户", "二手房水电过户",
    "异地就医", "社保卡丢了", "新生儿出生一件事", "开餐馆", "无犯罪证明", "港澳通行证签注", "残疾证",
    "shenfenzheng", "sfz", "ydjy", "gjj", "hz", "身份正", "户口签入", "公积经", "結婚登記", "護照",
    "lost id card", "passport", "unemployment benefit", "housing fund withdrawal rent",
    "药品零售企业许可", "开药店", "户外广告设施设置变更", "卖烟花", "天气预报", "公安局",
)  # fmt: skip


def catalogue_of(size: int, seed: Catalogue) -> Catalogue:
    extra = synthetic_items(seed, max(0, size - len(seed.items)))
    return Catalogue(seed.departments, seed.life_events, seed.items + tuple(extra), seed.bundles)


def substring_scan(catalogue: Catalogue, query: str) -> list[str]:
    """The baseline: query substring in name, plain name or a keyword of every item."""
    return [
        item.code
        for item in catalogue.items
        if query in item.name or query in item.plain_name or any(query in k for k in item.keywords)
    ]


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _percentiles(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=20)[-1]


def speed(size: int, seed: Catalogue) -> None:
    started = time.perf_counter()
    catalogue = catalogue_of(size, seed)
    made = time.perf_counter() - started
    started = time.perf_counter()
    index = SearchIndex.build(catalogue)
    built = time.perf_counter() - started
    gc.collect()  # collect the build's garbage now rather than inside a timed search
    first = [_timed(lambda q=query: index.search(q)) for query in QUERIES]  # caches still cold
    search_ms: list[float] = []
    scan_ms: list[float] = []
    for query in QUERIES:
        runs = [
            (_timed(lambda q=query: index.search(q)), _timed(lambda q=query: substring_scan(catalogue, q)))
            for _ in range(REPEATS)
        ]
        search_ms.append(statistics.median(r[0] for r in runs))
        scan_ms.append(statistics.median(r[1] for r in runs))
    (f50, f95), (s50, s95), (b50, b95) = _percentiles(first), _percentiles(search_ms), _percentiles(scan_ms)
    print(
        f"{len(catalogue.items):>6} items + {len(catalogue.bundles)} bundles: index build {built:.2f} s, "
        f"{built / made:.2f}x the time to make the catalogue objects ({made:.2f} s)"
    )
    print(f"        search, first run p50 {f50:7.2f} ms   p95 {f95:7.2f} ms")
    print(f"        search, repeated  p50 {s50:7.2f} ms   p95 {s95:7.2f} ms")
    print(f"        substring scan    p50 {b50:7.2f} ms   p95 {b95:7.2f} ms")
    print(
        f"        ratio search/substring: repeated p50 {s50 / b50:.2f}x p95 {s95 / b95:.2f}x; "
        f"first run p50 {f50 / b50:.2f}x p95 {f95 / b95:.2f}x"
    )


def memory(size: int, seed: Catalogue) -> None:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    catalogue = catalogue_of(size, seed)
    catalogue_bytes = tracemalloc.get_traced_memory()[0] - before
    index = SearchIndex.build(catalogue)
    gc.collect()
    index_bytes = tracemalloc.get_traced_memory()[0] - before - catalogue_bytes
    tracemalloc.stop()
    mib = 1024 * 1024
    print(
        f"memory at {len(catalogue.items)} items: index {index_bytes / mib:.1f} MiB, "
        f"catalogue objects {catalogue_bytes / mib:.1f} MiB (synthetic part), "
        f"ratio {index_bytes / catalogue_bytes:.2f}"
    )
    del index


def main() -> None:
    seed = load_catalogue_dir(REPO_ROOT / "data" / "catalogue")
    print(f"seed: {len(seed.items)} items, {len(seed.bundles)} bundles; {len(QUERIES)} queries x {REPEATS}")
    for size in SIZES:
        speed(size, seed)
    memory(SIZES[-1], seed)


if __name__ == "__main__":
    main()
