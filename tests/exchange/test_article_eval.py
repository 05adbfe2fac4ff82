"""The labelled articles of tests/data/articles/ are read as well as they were when the
reader was last improved: metadata, and the suggestions' precision and recall on dates
(benchmarks/article_eval.py prints the same figures)."""
from benchmarks.article_eval import FIELDS, evaluate


def test_the_labelled_articles_are_read_at_least_as_well_as_before():
    scores = evaluate()
    assert scores.articles >= 8 and scores.labels >= 50
    assert all(scores.metadata(name) >= 0.9 for name in FIELDS), scores.misses
    assert scores.precision() >= 0.87 and scores.recall() >= 0.94, scores.misses
