"""Fetch the evaluation pages and their ground truth into eval/data/.

Each subset gets a folder ``eval/data/SUBSET/``: the pages (``pages/*.html``), a
``manifest.jsonl`` for ``harvester extract --manifest`` and a ``truth.jsonl`` of normalized
ground truth (path, url, title, authors, date, body, body_is_prefix, language), a line a page.

Each repository is read at its pinned commit, from a local clone or mirror when one is given,
else from GitHub's tarball of that commit:

    python -m eval.fetch [--newspaper4k GIT_DIR] [--goose3 GIT_DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import urllib.request
from dataclasses import asdict
from pathlib import Path

from eval.datasets import REPOS, Page, Repo

DATA = Path(__file__).resolve().parent / "data"


def git_files(git_dir: Path, repo: Repo) -> dict[str, bytes]:
    """The files under the repository's folders at its commit, read from a clone or mirror."""
    git = ["git", "-C", str(git_dir)]
    listing = subprocess.run([*git, "ls-tree", "-r", "-z", "--name-only", repo.commit, "--",
                              *repo.folders], capture_output=True, check=False)
    if listing.returncode:
        raise SystemExit(f"{git_dir}: cannot list commit {repo.commit} of {repo.owner}/"
                         f"{repo.name} ({listing.stderr.decode().strip()}); fetch that commit "
                         "into the clone, or leave the option out to download it")
    paths = [name.decode() for name in listing.stdout.split(b"\0") if name]
    request = "".join(f"{repo.commit}:{path}\n" for path in paths).encode()
    batch = subprocess.run([*git, "cat-file", "--batch"], input=request, capture_output=True,
                           check=True).stdout
    files, at = {}, 0
    for path in paths:  # each answer is "SHA TYPE SIZE\n", SIZE bytes, then "\n"
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        files[path] = batch[header_end + 1:header_end + 1 + size]
        at = header_end + 2 + size
    return files


def tarball_files(repo: Repo) -> dict[str, bytes]:
    """The files under the repository's folders, from GitHub's tarball of its commit."""
    url = f"https://codeload.github.com/{repo.owner}/{repo.name}/tar.gz/{repo.commit}"
    files = {}
    with urllib.request.urlopen(url, timeout=120) as response, \
            tarfile.open(fileobj=response, mode="r|gz") as archive:
        for member in archive:
            path = member.name.partition("/")[2]  # past the "NAME-COMMIT/" top folder
            content = archive.extractfile(member) if member.isfile() else None
            if content and path.startswith(repo.folders):
                files[path] = content.read()
    return files


def write_subset(out: Path, pages: list[Page]) -> None:
    """The pages, manifest and truth of one subset, replacing the folder as a whole."""
    staging = out.with_name(out.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    manifest, truth = [], []
    for page in pages:
        path = f"pages/{page.name}.html"
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(page.html)
        manifest.append({"path": path, "url": page.url})
        fields = {key: value for key, value in asdict(page).items()
                  if key not in {"subset", "name", "html"}}
        truth.append({"path": path, **fields})
    for name, lines in (("manifest.jsonl", manifest), ("truth.jsonl", truth)):
        (staging / name).write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key, repo in REPOS.items():
        parser.add_argument(f"--{key}", type=Path, metavar="GIT_DIR",
                            help=f"a clone or mirror of {repo.owner}/{repo.name} holding commit "
                                 f"{repo.commit[:12]} (default: download that commit)")
    parser.add_argument("--out", type=Path, default=DATA, help="default: %(default)s")
    args = parser.parse_args()
    for key, repo in REPOS.items():
        git_dir: Path | None = getattr(args, key.replace("-", "_"))
        files = git_files(git_dir, repo) if git_dir else tarball_files(repo)
        pages = list(repo.pages(files))
        for subset in dict.fromkeys(page.subset for page in pages):
            chosen = [page for page in pages if page.subset == subset]
            write_subset(args.out / subset, chosen)
            print(f"{subset}: {len(chosen)} pages in {args.out / subset}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
