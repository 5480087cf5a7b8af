"""The word normaliser: irregular verb forms meet their other forms; auxiliaries and nouns keep
their Snowball stems; BM25 finds a passage by another form of its verb."""

from __future__ import annotations

from index.lexical import LexicalIndex
from index.stem import WordStemmer, stem_word
from index.terms import TermStats


def test_irregular_verb_forms_share_a_stem() -> None:
    stem = WordStemmer()
    assert stem.stemWord("overseen") == stem.stemWord("oversees") == stem.stemWord("oversee")
    assert stem.stemWord("rose") == stem.stemWord("risen") == stem.stemWord("rising")
    assert stem.stemWord("left") == stem.stemWord("leaving")
    assert stem.stemWords(["brought", "brings"]) == ["bring", "bring"]


def test_auxiliaries_nouns_and_unknown_words_keep_their_snowball_stem() -> None:
    import Stemmer

    snowball = Stemmer.Stemmer("english")
    # an auxiliary made "be", "have" or "do" would match half the corpus
    for word in ["did", "were", "had", "has", "could", "been", "children", "carers", "uascs"]:
        assert stem_word(word) == snowball.stemWord(word), word


def test_bm25_and_term_overlap_meet_another_form_of_the_verb() -> None:
    texts = [
        "Our services are overseen by the Corporate Parenting Panel.",
        "The panel meets every quarter.",
        "Numbers in care rose in 2011/12.",
    ]
    index = LexicalIndex.build(texts)
    assert index.search("who oversees the services", k=3)[0][0] == 0
    assert index.search("numbers rising", k=3)[0][0] == 2
    terms = TermStats(texts)
    assert terms.overlap(terms.tokens("who oversees services"), texts[0]) == 1.0


def test_a_number_word_meets_its_figure() -> None:
    assert stem_word("five") == "5" and stem_word("twenty") == "20"
    index = LexicalIndex.build(["5+ A*-C grades at GCSE", "Adoption numbers for the year"])
    assert index.search("five or more GCSE grades", k=2)[0][0] == 0
