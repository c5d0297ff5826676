"""Extraction quality of `harvester extract` beside trafilatura, on other extractors' public
test pages: `python -m eval.fetch`, then `python -m eval.score`."""
