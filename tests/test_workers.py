"""Pages read in worker processes: the same articles as in the crawl's own process, in time
linear in the page, and a page over its CPU budget abandoned with a named failure while the
crawl goes on."""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import signal
import subprocess
import sys
import time

import pytest

from harvester import workerpool
from harvester.registry import Source
from harvester.sample_network.server import SampleSite, serve_sample_network
from harvester.store import SQLiteStore
from harvester.workerpool import PagePool
from harvester.workers import WORKER_NICENESS, PageJob, PageOutcome, harvest_page
from tests.conftest import FAST_CRAWL, ROOT, crawl_sample, harvester, report_rows
from tests.sites import add_routes, spip_site

SOURCE = Source(key="lourd", name="Site lourd", url="https://lourd.example/", family="spip",
                authors={"eq": "Équipe"})
IN_WORKERS = ("--set", "HARVESTER_WORKERS=1")


def heavy_page(links: int = 0, notes: int = 0) -> str:
    body = "".join(f"<p><a href='/IMG/pdf/doc{i}.pdf'>Document {i}</a> texte {i}</p>"
                   for i in range(links))
    body += "".join(f"<p>Phrase {i}<span class='spip_note_ref'>&nbsp;[<a href='#nb{i}' "
                    f"class='spip_note' id='nh{i}'>{i}</a>]</span></p>"
                    for i in range(1, notes + 1))
    listed = "".join(f"<div id='nb{i}'><p><span class='spip_note_ref'>[<a href='#nh{i}' "
                     f"class='spip_note'>{i}</a>]&nbsp;</span>Note {i}</p></div>"
                     for i in range(1, notes + 1))
    return ("<html lang='fr'><head><meta charset='utf-8'><title>Page lourde</title></head>"
            "<body><div class='hentry'><h1 class='titre'>Page lourde</h1>"
            "<p class='info-publi'>le 3 mars 2021</p>"
            f"<div class='texte'>{body}</div><div class='notes'>{listed}</div></div>"
            "</body></html>")


def job(html: str, budget: float = 0.0) -> PageJob:
    return PageJob(html, "https://lourd.example/Page-lourde", SOURCE,
                   "2026-11-30T06:00:00+00:00", budget=budget)


def cpu_seconds(html: str) -> float:
    """The best of three runs, the garbage collector held off (a collection walks every object
    of the test process, as many as the other tests left, not the page's work)."""
    spent = []
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            outcome = harvest_page(job(html))
            spent.append(time.process_time() - started)
        finally:
            gc.enable()
        assert outcome.record is not None
    return min(spent)


@pytest.mark.parametrize("kind", ["links", "notes"])
def test_reading_a_page_is_linear_in_its_size(kind):
    """Four times the links or notes: about four times the work, far from the sixteen of a
    quadratic step (the margin absorbs a busy machine)."""
    small, large = ({kind: 1000}, {kind: 4000})
    ratio = cpu_seconds(heavy_page(**large)) / cpu_seconds(heavy_page(**small))
    assert ratio < 8, f"four times the {kind} multiplied the work by {ratio:.1f}"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_page_over_its_budget_is_abandoned_with_a_named_failure():
    """(A timer signal that lands in a gc callback of another test's library is reported
    as unraisable there; the budget fires again and still abandons the page.)"""
    outcome = harvest_page(job(heavy_page(links=20000), budget=0.2))
    assert outcome.record is None
    assert outcome.failure.startswith("page too complex: 20000 links")
    assert "HARVESTER_PAGE_BUDGET" in outcome.failure


def test_jobs_and_outcomes_cross_process_boundaries():
    page = job(heavy_page(links=3, notes=2))
    assert pickle.loads(pickle.dumps(page)) == page
    outcome = harvest_page(page)
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    article = outcome.article(page.url)
    assert article.normalized
    assert len(article.footnotes) == 2
    assert [a.title for a in article.attachments] == ["Document 0", "Document 1", "Document 2"]


def in_pool(workers: int, *calls: tuple) -> list:
    """The outcomes of ``calls`` (function, *args) made at once to a pool, in order."""
    pool = PagePool(workers)

    async def run() -> list:
        return list(await asyncio.gather(*(pool.call(*c) for c in calls),
                                         return_exceptions=True))
    try:
        return asyncio.run(run())
    finally:
        pool.close()


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="Linux scheduling policies")
def test_workers_read_pages_at_a_lower_priority_than_the_crawl_as_batch_processes():
    pool = PagePool(1)

    async def priority() -> tuple[int, int]:
        outcome = await pool.harvest(job(heavy_page(links=3)))
        assert outcome.record is not None
        worker = pool.pids[0]
        return os.getpriority(os.PRIO_PROCESS, worker), os.sched_getscheduler(worker)
    try:
        niceness, policy = asyncio.run(priority())
    finally:
        pool.close()
    assert niceness == os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS
    assert policy == os.SCHED_BATCH


def test_each_page_gets_its_own_outcome_from_two_workers():
    pages = [PageJob(heavy_page(links=n), f"https://lourd.example/page-{n}", SOURCE,
                     "2026-11-30T06:00:00+00:00") for n in range(1, 13)]
    outcomes = in_pool(2, *((harvest_page, page) for page in pages))
    assert [len(o.record["attachments"]) for o in outcomes] == list(range(1, 13))
    assert [o.record["url"] for o in outcomes] == [p.url for p in pages]


def test_what_a_worker_prints_does_not_garble_its_outcomes():
    assert in_pool(1, (print, "noise on stdout"), (len, "four"), (print, "more")) == [
        None, 4, None]


def test_an_error_raised_in_a_worker_reaches_the_caller():
    error, after = in_pool(1, (int, "not a number"), (len, "ok"))
    assert isinstance(error, ValueError)
    assert "not a number" in str(error)
    assert after == 2


def test_a_worker_that_dies_fails_its_page_by_name_and_is_replaced():
    pool = PagePool(1)

    async def run() -> tuple[PageOutcome, PageOutcome, int, int]:
        first = asyncio.ensure_future(pool.harvest(job(heavy_page(links=3))))
        await asyncio.sleep(0)
        victim = pool.pids[0]
        os.kill(victim, signal.SIGKILL)
        died = await first
        again = await pool.harvest(job(heavy_page(links=3)))
        return died, again, victim, pool.pids[0]
    try:
        died, again, victim, successor = asyncio.run(run())
    finally:
        pool.close()
    assert died.failure.startswith("the worker process reading the page died")
    assert again.record is not None
    assert successor != victim


def records(db) -> dict[str, dict]:
    store = SQLiteStore(db)
    found = {r["id"]: {k: v for k, v in r.items() if k != "fetched_at"}
             for r in store.articles()}
    store.close()
    return found


def test_worker_processes_give_the_same_articles_and_report(network, tmp_path):
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    here = crawl_sample(network, tmp_path / "here", "rtes", "cress-ara", "mouvement-asso",
                        "avise")
    there = crawl_sample(network, tmp_path / "there", "rtes", "cress-ara", "mouvement-asso",
                         "avise", options=IN_WORKERS)
    assert records(tmp_path / "there" / "store.sqlite") == records(
        tmp_path / "here" / "store.sqlite")
    counts = ("status", "articles", "dropped", "failed")
    for key, row in report_rows(here["result"].stdout).items():
        other = report_rows(there["result"].stdout)[key]
        assert [row[c] for c in counts] == [other[c] for c in counts], key
        # which of two sources crawled together stores a shared article first, and so
        # counts it new rather than merged, is down to timing
        assert int(row["new"]) + int(row["merged"]) == int(other["new"]) + int(other["merged"])


def test_the_crawl_goes_on_around_pages_too_complex_to_read(tmp_path):
    site = spip_site(tmp_path, count=8, per_page=8)
    (site.folder / "articles" / "3.html").write_text(heavy_page(links=50000), "utf-8")
    (site.folder / "articles" / "4.html").write_text(heavy_page(notes=20000), "utf-8")
    add_routes(site.folder)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = tmp_path / "heavy.toml"
        sources.write_text(f'[[source]]\nkey = "paginated"\nname = "Réseau"\n'
                           f'url = "{network.origins["paginated"]}/"\nfamily = "spip"\n',
                           "utf-8")
        started = time.monotonic()
        result = harvester("crawl", "--sources", str(sources), "--db",
                           str(tmp_path / "db.sqlite"), *FAST_CRAWL, *IN_WORKERS,
                           "--set", "HARVESTER_PAGE_BUDGET=1")
        elapsed = time.monotonic() - started
    assert "/spip.php?article3: page too complex: 50000 links" in result.stdout
    assert "/spip.php?article4: page too complex:" in result.stdout
    assert report_rows(result.stdout)["paginated"]["new"] == "6"
    assert elapsed < 60


def test_a_worker_that_writes_garbage_fails_its_pages_by_name(monkeypatch):
    monkeypatch.setattr(workerpool, "WORKER_COMMAND", (
        sys.executable, "-c", "print('a greeting'); import harvester.workerpool as w; w.serve()"))
    (outcome,) = in_pool(1, (harvest_page, job(heavy_page(links=3))))
    assert outcome.failure.startswith("the worker process wrote something else than its outcome")
    assert "a greeting" in outcome.failure


def worker_pids(pid: int) -> set[int]:
    """The worker processes of a running crawl (none once it has ended): not its other
    children, such as the ``uname -p`` Scrapy's start-up runs before the crawl handles
    signals."""
    workers: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                for child in listing.read().split():
                    with open(f"/proc/{child}/cmdline", "rb") as command:
                        if b"harvester.workerpool" in command.read():
                            workers.add(int(child))
    except FileNotFoundError:
        pass
    return workers


def test_an_interrupted_crawl_stops_its_workers_and_reports_without_a_traceback(tmp_path):
    site = spip_site(tmp_path, count=40, per_page=10, delay=0.2)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = tmp_path / "slow.toml"
        sources.write_text(f'[[source]]\nkey = "paginated"\nname = "Réseau"\n'
                           f'url = "{network.origins["paginated"]}/"\nfamily = "spip"\n',
                           "utf-8")
        crawl = subprocess.Popen(
            [sys.executable, "-m", "tests.run_harvester", "crawl", "--sources", str(sources),
             "--db", str(tmp_path / "db.sqlite"), *FAST_CRAWL, *IN_WORKERS],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.1)
            workers = worker_pids(crawl.pid)
        assert workers, "no worker process started"
        crawl.send_signal(signal.SIGINT)
        output, _ = crawl.communicate(timeout=60)
    assert "Traceback" not in output, output
    assert "paginated" in report_rows(output), output
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")], "workers left"


class Unreadable(Exception):
    """An exception that pickles but cannot be rebuilt from its pickle."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(first)


def raise_unreadable() -> None:
    raise Unreadable("one", "two")


def test_an_error_that_cannot_travel_back_is_reported_and_the_worker_goes_on():
    error, after = in_pool(1, (raise_unreadable,), (len, "ok"))
    assert isinstance(error, workerpool.WorkerError)
    assert "cannot be read" in str(error)
    assert after == 2


def test_a_pool_of_no_workers_runs_its_calls_here():
    assert in_pool(0, (os.getpid,), (len, "ok")) == [os.getpid(), 2]
    (error,) = in_pool(0, (int, "not a number"))
    assert isinstance(error, ValueError)
