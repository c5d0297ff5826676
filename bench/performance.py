"""`make bench`: the harvester against the bare Scrapy floor, printed as one table.

Corpora of 5,000 and 20,000 SPIP-style articles are generated and served by nginx on
loopback with the reference kit (``../shared/bench``: gen_corpus.py, serve.sh, crawl_spider.py;
``$BENCH_KIT`` elsewhere; nginx from Debian). Each measured command runs as its own process
under /usr/bin/time (wall, CPU, peak RSS):

- the bare CrawlSpider (download, scheduling, link extraction) and `harvester crawl` of the
  5,000-article corpus into a fresh store, with the same loopback settings; the CPU per
  article of each stage (``harvester/time/<stage>_ms``); a rerun with nothing changed;
- `harvester crawl` of the 20,000-article corpus (peak RSS must not grow with the corpus);
- `harvester publish` of 5,000 and of 50,000 stored articles (rows copied);
- near-duplicate detection per article at 100,000 stored articles (bench/duplicates.py).

    python bench/performance.py [--skip-20k] [--keep]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = Path(os.environ.get("BENCH_KIT", ROOT.parent / "shared" / "bench"))
HARVESTER = [sys.executable, "-m", "harvester"]
LOOPBACK = ("--set", "CONCURRENT_REQUESTS=32", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
            "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
            "--set", "ROBOTSTXT_OBEY=False", "--set", "HARVESTER_MAX_LISTING_PAGES=1000",
            "--set", "HARVESTER_MAX_SITEMAP_URLS=100000", "--set", "HARVESTER_MAX_REQUESTS=100000")
"""The reference kit's loopback settings; the per-run bounds lifted so that the whole corpus
is crawled in one run."""
STAGE = re.compile(r"'harvester/time/(\w+)_ms': ([\d.]+)")
PAGES = re.compile(r"'response_received_count': (\d+)")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    output: str

    @property
    def pages(self) -> int:
        found = PAGES.findall(self.output)
        return int(found[-1]) if found else 0

    def stages(self) -> dict[str, float]:
        return {stage: float(ms) for stage, ms in STAGE.findall(self.output)}


def timed(command: list[str], cwd: Path = ROOT) -> Run:
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", times.name,
                                 *command], cwd=cwd, capture_output=True, text=True,
                                check=False)
        wall, user, system, rss = times.read().split()[-4:]
    if result.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command[:4])} failed ({result.returncode}):\n"
                 f"{result.stderr[-2000:]}")
    return Run(float(wall), float(user) + float(system), int(rss) / 1024,
               result.stdout + result.stderr)


def corpus(articles: int, port: int) -> Path:
    """The kit's corpus of that size for that port, generated once and kept in /tmp."""
    folder = Path(f"/tmp/bench-corpus-{articles}")
    if not (folder / "_bench" / "manifest.json").exists():
        subprocess.run([sys.executable, str(KIT / "gen_corpus.py"), "-n", str(articles),
                        "--out", str(folder), "--base-url", f"http://127.0.0.1:{port}/",
                        "--force"], check=True, capture_output=True)
    return folder


def serve(folder: Path, port: int) -> dict[str, str]:
    env = {**os.environ, "BENCH_CORPUS": str(folder), "BENCH_PORT": str(port),
           "BENCH_NGINX": f"/tmp/bench-nginx-{port}"}
    subprocess.run([str(KIT / "serve.sh")], env=env, check=True, capture_output=True)
    return env


def crawl(port: int, db: Path, work: Path) -> Run:
    sources = work / f"sources-{port}.toml"
    sources.write_text(f'[[source]]\nkey = "bench"\nname = "Corpus"\n'
                       f'url = "http://127.0.0.1:{port}/"\nfamily = "spip"\n', "utf-8")
    return timed([*HARVESTER, "crawl", "--sources", str(sources), "--db", str(db), *LOOPBACK],
                 cwd=work)


def grow(source: Path, target: Path, articles: int) -> None:
    """A copy of the store whose article rows are repeated (new ids and URLs) up to a size."""
    shutil.copy(source, target)
    db = sqlite3.connect(target)
    have = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    copy = 0
    while have < articles:
        copy += 1
        db.execute(
            "INSERT INTO articles (id, url, source, published, published_utc, updated_utc,"
            " content_hash, record, signature, first_seen, last_seen, last_changed)"
            " SELECT id || ?1, url || '&copy=' || ?1, source, published, published_utc,"
            " updated_utc, content_hash, replace(record, id, id || ?1), signature,"
            " first_seen, last_seen, last_changed FROM articles WHERE id NOT LIKE '%x%'"
            " LIMIT ?2", (f"x{copy}", articles - have))
        have = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.commit()
    db.close()


def publish(db: Path, work: Path) -> Run:
    out = work / f"out-{db.stem}"
    return timed([*HARVESTER, "publish", "--db", str(db), "--out", str(out)], cwd=work)


def duplicates() -> str:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "duplicates.py"),
                             "--sizes", "100000", "--probes", "300"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    means = re.findall(r"(new article|near-duplicate copy), (detection(?: and write)?): "
                       r"mean ([\d.]+) ms", result.stdout)
    alone, grouped = means[:4], means[4:]  # the two runs: writes committed alone, grouped

    def pair(run: list[tuple[str, str, str]], step: str) -> str:
        return " / ".join(mean for _, name, mean in run if name == step) or "?"

    return (f"detection {pair(alone, 'detection')} ms (new / copy, mean); with its write "
            f"{pair(alone, 'detection and write')} ms committed alone, "
            f"{pair(grouped, 'detection and write')} ms committed as a crawl groups them")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-20k", action="store_true", help="skip the 20,000-article crawl")
    parser.add_argument("--keep", action="store_true", help="leave nginx running")
    args = parser.parse_args()
    if not (KIT / "gen_corpus.py").exists() or not shutil.which("nginx", path=os.environ.get(
            "PATH", "") + ":/usr/sbin"):
        print(f"bench: needs the reference kit at {KIT} (or $BENCH_KIT) and nginx "
              "(apt-get install nginx); see its README")
        return 2
    rows: list[tuple[str, str]] = []
    servers = [serve(corpus(5000, 8210), 8210)]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        bare = timed([sys.executable, str(KIT / "crawl_spider.py"), "--mode", "bare", "--url",
                      "http://127.0.0.1:8210/"], cwd=work)
        first = crawl(8210, work / "store.sqlite", work)
        rerun = crawl(8210, work / "store.sqlite", work)
        per_page = first.cpu / max(first.pages, 1) * 1000
        rows += [
            ("bare Scrapy crawl, 5,000 articles",
             f"{bare.wall:.1f} s, {bare.pages / bare.wall:.0f} pages/s, "
             f"{bare.cpu / max(bare.pages, 1) * 1000:.1f} ms CPU/page"),
            ("harvester crawl, 5,000 articles",
             f"{first.wall:.1f} s, {first.pages / first.wall:.0f} pages/s, {per_page:.1f} ms "
             f"CPU/page (all processes): {bare.wall / first.wall:.2f}x the bare crawl"),
            ("  CPU per article by stage", ", ".join(
                f"{stage} {ms / 5000:.1f} ms" for stage, ms in first.stages().items())),
            ("  peak RSS, 5,000 articles", f"{first.rss_mb:.0f} MB"),
            ("rerun, nothing changed", f"{rerun.wall:.1f} s ({rerun.wall / first.wall:.3f} of "
             f"the first), {rerun.pages} pages ({rerun.pages / first.pages:.1%})"),
        ]
        if not args.skip_20k:
            servers.append(serve(corpus(20000, 8211), 8211))
            large = crawl(8211, work / "store-20k.sqlite", work)
            rows.append(("harvester crawl, 20,000 articles",
                         f"{large.wall:.1f} s, peak RSS {large.rss_mb:.0f} MB"))
        grow(work / "store.sqlite", work / "store-50k.sqlite", 50000)
        small, big = publish(work / "store.sqlite", work), publish(work / "store-50k.sqlite",
                                                                    work)
        rows += [("publish, 5,000 articles", f"{small.wall:.1f} s, {small.rss_mb:.0f} MB"),
                 ("publish, 50,000 articles", f"{big.wall:.1f} s, {big.rss_mb:.0f} MB"),
                 ("near-duplicate detection at 100,000 stored", duplicates())]
    if not args.keep:
        for env in servers:
            subprocess.run([str(KIT / "stop.sh")], env=env, check=False, capture_output=True)
    width = max(len(label) for label, _ in rows)
    print(f"ESS Harvester benchmark, {date.today()}: {machine()}")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
