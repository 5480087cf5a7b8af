"""The evaluation harness: metric functions against hand-computed values, the gold loaders, and
(slow) a whole run on a tiny gold set so the harness itself cannot silently break."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from rich.progress import Progress
from typer.testing import CliRunner

from corpus.settings import IndexSettings, Settings
from eval.comparison_metrics import SpanRef, alignment_scores, redline_scores
from eval.gold_data import GOLD_DIR, Evidence, GoldError, Question, load_gold
from eval.metrics import (
    FUZZY_THRESHOLD,
    answer_correct,
    candidate_matches,
    citation_valid,
    contains,
    coverage,
    extract_numbers,
    hit_at_k,
    locate,
    normalise,
    percentile,
    ranked_scores,
    recall_at_k,
    years_covered,
)
from eval.retrieval import EvidenceIndex

TINY = Path(__file__).resolve().parent / "gold_tiny"


# ------------------------------------------------------------------------ normalisation
def test_normalise_folds_quotes_bold_space_and_case() -> None:
    assert normalise("  Children\u201fs  **Home**\n“good”  ") == "children's home 'good'"
    assert normalise("Oxfordshire\u2019s") == normalise("OXFORDSHIRE's")


def test_contains_substring_fuzzy_and_guards() -> None:
    passage = "At 22 October 2012 there were 434 children and young people looked after."
    assert contains(passage, "there were 434 children and young people")
    # one character off: partial_ratio well above the threshold
    assert contains(passage, "there were 434 childen and young people")
    assert FUZZY_THRESHOLD == 90
    assert not contains(passage, "the number of care leavers rose sharply")
    # a short passage lying inside a long quote does not contain the quote
    assert not contains("434 children", "there were 434 children and young people looked after")
    assert not contains(passage, "")


def test_locate_finds_a_one_line_quote_across_lines_and_quote_marks() -> None:
    table = "UNIT COST\n\n2009 111 67 843 \n2010 123 82 816 \n"
    start, end = locate(table, "2009 111 67 843 2010 123 82 816") or (0, 0)
    assert table[start:end] == "2009 111 67 843 \n2010 123 82 816"
    text = "to introduce an \u2018adoption passport\u2019 providing a **guarantee**"
    span = locate(text, "introduce an \u201eadoption passport' providing a guarantee")
    assert span is not None and text[span[0] : span[1]].endswith("**guarantee")
    assert locate(text, "Adoption Passport") == (17, 34)  # any case, exact where it can be
    assert locate(text, "adoption passport\u2019 providing a pledge") is None
    assert locate(text, "   ") is None


# ------------------------------------------------------------------------ answers
def test_numbers_are_compared_as_numbers() -> None:
    assert [n.value for n in extract_numbers("£1,301,249 and 12.5")] == [
        Decimal(1301249),
        Decimal("12.5"),
    ]
    assert not candidate_matches("there were 125 of them", "12.5")
    assert not candidate_matches("there were 12.5 of them", "125")
    assert candidate_matches("there were 12.5 of them", "12.5")
    assert candidate_matches("about 1200 young people", "1,200")
    assert candidate_matches("about 1,200 young people", "1200")
    assert candidate_matches("the cost was £853 per week", "853")
    assert candidate_matches("the cost was 853 a week", "£853")
    assert candidate_matches("25 % of carers", "25%")
    assert candidate_matches("25 per cent of carers", "25%")
    assert candidate_matches("25.0% of carers", "25%")
    assert not candidate_matches("25 carers", "25%")  # a gold percentage needs a percentage
    assert not candidate_matches("14% of them", "4%")


def test_answer_correct_per_kind() -> None:
    # count: a candidate holding a number matches by its numbers
    assert answer_correct("count", ["439 children"], [], "There were 439 [1]")
    assert not answer_correct("count", ["439 children"], [], "There were 4390 [1]")
    # text: normalised containment on word boundaries, never SQuAD normalisation
    assert answer_correct("fact", ["Guardians for Us"], [], "The GUARDIANS FOR US panel.")
    assert answer_correct("fact", ["JR Women's Centre"], [], "at the JR Women\u2019s Centre")
    assert not answer_correct("fact", ["Aston"], [], "in Bastonia")
    assert answer_correct("fact", ["May 2008"], [], "endorsed in May 2008.")
    assert not answer_correct("fact", ["May 2008"], [], "endorsed in June 2008.")
    # list: at least half of the items
    items = ["foster care", "kinship", "residential", "adoption"]
    assert answer_correct("list", [], items, "Foster care and kinship.")
    assert not answer_correct("list", [], items, "Only residential.")
    assert answer_correct("list", [], ["a1", "b2", "c3", "d4", "e5"], "a1 b2 c3")
    assert not answer_correct("list", [], ["a1", "b2", "c3", "d4", "e5"], "a1 b2")
    # change: all items
    assert answer_correct("change", [], ["413", "440"], "2008: 413 [1]\n2012: 440 [2]")
    assert not answer_correct("change", [], ["413", "440"], "2008: 413 [1]")
    why = "outside school hours to give our Children in Care Council every opportunity to attend."
    assert answer_correct(
        "reason",
        ["so the council can attend"],
        [],
        f"All our meetings now take place {why} [1]",
        [why],
    )
    assert not answer_correct(
        "reason", ["so the council can attend"], [], "All our meetings [1]", [why]
    )
    assert not answer_correct("fact", ["so the council can attend"], [], why, [why])
    assert not answer_correct("count", ["718"], [], None)
    assert not answer_correct("count", ["718"], [], "  ")


def test_citation_valid() -> None:
    text = "The council is corporate parent to 718 children."
    assert citation_valid(text, 35, 38, "718")
    assert not citation_valid(text, 35, 38, "719")
    assert not citation_valid(text, 40, 100, "children.")
    assert not citation_valid(None, 0, 3, "The")


# ------------------------------------------------------------------------ retrieval
def test_hit_and_recall_on_a_toy_ranking() -> None:
    quotes = ["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa lambda mu"]
    ranked = [
        "nothing relevant here at all, really",
        "still nothing of interest in this passage",
        "here: Alpha  beta gamma delta, said the report",
        "more noise and more noise and more noise",
        "epsilon zeta eta theta; and iota kappa lambda mu.",
    ]
    cov = coverage(ranked, quotes)
    assert cov == [frozenset(), frozenset(), {0}, frozenset(), {1, 2}]
    assert hit_at_k(cov, 2) == 0.0
    assert hit_at_k(cov, 3) == 1.0
    assert recall_at_k(cov, 3, 3) == pytest.approx(1 / 3)
    assert recall_at_k(cov, 3, 5) == 1.0
    assert recall_at_k(cov, 0, 5) == 0.0
    assert years_covered([2008, 2012, 2012], [2008, 2012]) == 1.0
    assert years_covered([2008, 2012, 2012], [2008, 2023]) == 0.0
    assert years_covered([2012] * 10 + [2008], [2008, 2012], k=10) == 0.0


def test_ranx_mrr_and_ndcg_equal_hand_values() -> None:
    qrels = {"q1": {"b"}, "q2": {"a"}, "q3": {"d", "z"}, "q4": set()}
    run = {
        "q1": ["a", "b", "c"],  # first relevant at rank 2 -> RR 1/2
        "q2": ["a", "b"],  # rank 1 -> 1
        "q3": ["a", "b", "c", "d"],  # rank 4 -> 1/4
        "q4": ["a"],  # nothing relevant exists: scored 0
    }
    scores = ranked_scores(qrels, run)
    assert scores["q1"]["mrr"] == pytest.approx(0.5)
    assert scores["q2"]["mrr"] == pytest.approx(1.0)
    assert scores["q3"]["mrr"] == pytest.approx(0.25)
    assert scores["q4"] == {"mrr": 0.0, "ndcg@10": 0.0}
    mrr = sum(s["mrr"] for s in scores.values()) / 4
    assert mrr == pytest.approx((0.5 + 1 + 0.25 + 0) / 4)
    # one relevant passage at rank 2: DCG 1/log2(3), ideal 1
    assert scores["q1"]["ndcg@10"] == pytest.approx(0.6309297535714575)
    # two relevant (d, z), d at rank 4: DCG 1/log2(5); IDCG 1 + 1/log2(3)
    assert scores["q3"]["ndcg@10"] == pytest.approx((1 / 2.321928094887362) / 1.6309297535714575)


@dataclass
class _Chunk:
    id: str
    document_id: str
    year: int
    text: str


def test_evidence_index_merges_twins_that_both_hold_the_evidence() -> None:
    q = Question(
        id="x",
        split="dev",
        kind="fact",
        question="?",
        answer="a",
        evidence=[
            Evidence(document_id="pub", quote="the service is placed within corporate parenting"),
            Evidence(document_id="draft", quote="a sentence only the draft has kept"),
        ],
    )
    chunks = [
        _Chunk("pub:1", "pub", 2012, "Now the service is placed within Corporate Parenting."),
        _Chunk("draft:1", "draft", 2012, "Now the service is placed within Corporate Parenting."),
        _Chunk("pub:2", "pub", 2012, "The published paragraph without it."),
        _Chunk("draft:2", "draft", 2012, "Here is a sentence only the draft has kept, alas."),
        _Chunk("pub:3", "pub", 2012, "Something else entirely."),
    ]
    ev = EvidenceIndex.build([q], chunks, {"draft:1": "pub:1", "draft:2": "pub:2"})
    assert ev.unreachable == {}
    assert ev.relevant("x") == {"pub:1", "draft:2"}  # draft:2's twin lost the evidence
    assert ev.run("x", ["draft:1", "pub:3", "pub:1", "pub:2"]) == [
        "pub:1",
        "pub:3",
        "pub:1#repeat@3",
        "pub:2",
    ]
    scores = ranked_scores({"x": ev.relevant("x")}, {"x": ev.run("x", ["pub:2", "pub:1"])})
    assert scores["x"]["mrr"] == pytest.approx(0.5)


def test_percentile() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == pytest.approx(25.0)
    assert percentile([1.0] * 19 + [100.0], 95) == pytest.approx(5.95)


# ------------------------------------------------------------------------ comparison
def test_alignment_scores_on_a_toy_grouping() -> None:
    gold = {
        "adoption": [
            SpanRef("d1", "thirty-two children were adopted"),
            SpanRef("d2", "more adopters are needed now"),
        ],
        "housing": [SpanRef("d1", "the joint housing team cut unsuitable housing")],
    }
    system = {
        "g-adopt": [
            SpanRef("d1", "In 2011/12 thirty-two children were adopted, more than ever."),
            SpanRef("d3", "unrelated paragraph about fostering and nothing else"),
        ],
        "g-house": [SpanRef("d2", "the joint housing team cut unsuitable housing")],  # wrong doc
        "g-extra": [SpanRef("d1", "budget")],
    }
    per_topic, overall = alignment_scores(gold, system)
    by_topic = {s.topic: s for s in per_topic}
    assert by_topic["adoption"].group == "g-adopt"
    assert (by_topic["adoption"].precision, by_topic["adoption"].recall) == (0.5, 0.5)
    assert by_topic["housing"].group is None and by_topic["housing"].recall == 0.0
    assert overall["precision"] == pytest.approx(1 / 2)  # 1 of the 2 paired members
    assert overall["recall"] == pytest.approx(1 / 3)
    assert overall["unpaired_groups"] == 2


def test_redline_scores_exclude_formatting() -> None:
    gold = [
        ("changed", "authorities though the figures", "authorities thought the figures", False),
        ("added", None, "Currently 5 young people are training", False),
        ("changed", "greater Countywide provision", "greater countywide provision", True),
    ]
    system = [
        ("changed", "comparative authorities though the figures dropped", "x", False),
        ("changed", "a", "Currently 5 young people are training on apprenticeships", False),
        ("removed", "CABINET - 27 NOVEMBER 2012", None, False),
        ("changed", "Children's", "Children‟s", True),  # formatting only: left out
    ]
    s = redline_scores(gold, system)
    assert (s.system_changes, s.formatting_excluded) == (3, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.recall_major == 1.0
    assert s.missed == [2]
    assert s.kind_agreement == pytest.approx(1 / 2)


# ------------------------------------------------------------------------ gold
def test_gold_loaders_and_splits() -> None:
    gold = load_gold()
    assert gold.directory == GOLD_DIR
    assert len(gold.questions) == len(gold.split("dev")) + len(gold.split("test"))
    assert gold.split("all") == gold.questions
    assert all(q.evidence for q in gold.questions if q.answerable)
    assert gold.alignment and gold.redline is not None
    dev, test = gold.alignment_split("dev"), gold.alignment_split("test")
    assert dev and test and gold.alignment_split("all") == gold.alignment
    assert sorted(t.topic for t in dev + test) == sorted(t.topic for t in gold.alignment)
    with pytest.raises(GoldError):
        gold.alignment_split("train")
    tiny = load_gold(TINY)
    assert [q.id for q in tiny.split("dev")] == ["t1", "t3"]
    assert [t.topic for t in tiny.alignment_split("dev")] == ["adoption"]
    assert tiny.alignment_split("test") == []
    assert tiny.questions[0].candidates == ["74", "74 new adopter households"]
    with pytest.raises(GoldError):
        tiny.split("train")


def test_gold_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r"no questions\.jsonl"):
        load_gold(tmp_path)
    (tmp_path / "questions.jsonl").write_text('{"id": "x", "split": "dev"}\n')
    with pytest.raises(GoldError, match=r"questions\.jsonl:1"):
        load_gold(tmp_path)


def _cli_app() -> typer.Typer:
    """The CLI with more than one command registered: with `eval` alone, Typer would run it
    as the whole program and read "eval" as an unexpected argument."""
    import eval.cli  # noqa: F401  (registers the command)
    import service.cli_corpus  # noqa: F401
    from service.cli import app

    return app


def test_cli_rejects_an_unknown_split() -> None:
    result = CliRunner().invoke(_cli_app(), ["eval", "--split", "train"])
    assert result.exit_code == 2
    assert "unknown split 'train'" in result.output


# ------------------------------------------------------------------------ the harness
@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, Any], Path]:
    """A whole run on the tiny gold set, building the index into an empty data dir."""
    from eval.harness import run_eval

    data = tmp_path_factory.mktemp("eval-data")
    out = tmp_path_factory.mktemp("eval-out")
    settings = Settings(index=IndexSettings(data_dir=data))
    with Progress(console=Console(file=io.StringIO())) as bar:
        results = run_eval(
            settings,
            split="all",
            variants=("bm25", "full"),
            out_dir=out,
            progress=bar,
            gold_dir=TINY,
        )
    return settings, results, out


@pytest.mark.slow
def test_harness_runs_end_to_end(tiny_run: tuple[Settings, dict[str, Any], Path]) -> None:
    _, results, out = tiny_run
    assert results["index"]["built_now"] is True and results["index"]["build_seconds"] > 0
    assert results["meta"]["questions"] == 4 and results["meta"]["answerable"] == 3
    assert results["meta"]["settings_hash"] and results["meta"]["versions"]["ranx"]
    assert set(results["retrieval"]) == {"bm25", "full"}
    for variant in results["retrieval"].values():
        overall = variant["overall"]
        assert overall["n"] == 3
        for m in ("hit@5", "recall@5", "mrr", "ndcg@10"):
            assert 0.0 <= overall[m] <= 1.0
        assert variant["latency_ms"]["n"] == 4
        assert set(variant["per_kind"]) == {"count", "fact", "change"}
        assert "years@10" in variant["per_kind"]["change"]
    # the evidence is reachable and found: relevance judging works
    assert results["evidence"]["unreachable"] == {}
    assert results["retrieval"]["full"]["overall"]["hit@10"] >= 2 / 3
    assert results["cost"]["peak_rss_mb"] > 0
    for section in ("answers", "comparison"):
        assert "skipped" in results[section] or results[section]
    if "skipped" not in results["answers"]:
        summary = results["answers"]["summary"]
        assert summary["answerable"] == 3 and summary["unanswerable"] == 1
        assert 0.0 <= summary["citation_validity"] <= 1.0
    if "skipped" not in results["comparison"]:
        assert results["comparison"]["redline"]["gold_changes"] == 2
        assert results["comparison"]["alignment"]["topics"] == ["adoption"]
    saved = json.loads((out / "results.json").read_text())
    assert saved["retrieval"]["full"]["overall"] == results["retrieval"]["full"]["overall"]
    report = (out / "report.md").read_text()
    assert "| variant | hit@5 | recall@5 |" in report
    assert "## Retrieval per kind (full)" in report


@pytest.mark.slow
def test_harness_reuses_a_loadable_index(
    tiny_run: tuple[Settings, dict[str, Any], Path], tmp_path: Path
) -> None:
    from eval.harness import run_eval

    settings, first, _ = tiny_run
    results = run_eval(settings, split="dev", variants=("bm25",), out_dir=tmp_path, gold_dir=TINY)
    assert results["index"]["built_now"] is False
    assert results["index"]["path"] == first["index"]["path"]
    assert results["meta"]["questions"] == 2
    assert (tmp_path / "report.md").exists()


@pytest.mark.slow
def test_harness_scores_only_the_splits_alignment_topics(
    tiny_run: tuple[Settings, dict[str, Any], Path], tmp_path: Path
) -> None:
    from eval.harness import run_eval

    settings, _, _ = tiny_run
    results = run_eval(settings, split="test", variants=("bm25",), out_dir=tmp_path, gold_dir=TINY)
    if "skipped" not in results["comparison"]:
        # the tiny gold's only alignment topic is a dev one
        assert "no test topics" in results["comparison"]["alignment"]["skipped"]


@pytest.mark.slow
def test_harness_skips_the_parts_asked(
    tiny_run: tuple[Settings, dict[str, Any], Path], tmp_path: Path
) -> None:
    from eval.harness import run_eval

    settings, _, _ = tiny_run
    results = run_eval(
        settings,
        split="all",
        variants=("bm25",),
        out_dir=tmp_path,
        gold_dir=TINY,
        skip=["answers", "comparison"],
    )
    assert results["answers"] == {"skipped": "not run (--skip)"}
    assert results["comparison"] == {"skipped": "not run (--skip)"}
    assert results["cost"]["ask_latency_ms"] is None
    assert results["retrieval"]["bm25"]["overall"]["n"] == 3
    assert "_Skipped: not run (--skip)._" in (tmp_path / "report.md").read_text()


def test_cli_rejects_an_unknown_part_to_skip() -> None:
    result = CliRunner().invoke(_cli_app(), ["eval", "--split", "dev", "--skip", "retrieval"])
    assert result.exit_code == 2
    assert "cannot skip retrieval" in result.output
