"""The web page in Debian's Chromium, driven by Playwright, against the real server: ask and see
a cited answer; open a citation and see the quote highlighted in the reader; compare a topic
across the four years; run the redline. Screenshots go to a temporary directory."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: apt-get install -y chromium"
    ),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUESTION = "How many children were looked after in 2012?"


def implemented(*modules: str) -> str | None:
    """None if every module imports, else the reason to skip."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            return f"{module} is not implemented yet ({exc})"
    return None


@pytest.fixture(scope="module")
def page(web_url: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(web_url + "/")
        yield page
        context.close()
        browser.close()
        assert not errors, errors


def test_the_page_is_labelled_and_keyboard_reachable(page: Any) -> None:
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                         && !(e.tagName === 'BUTTON' && e.textContent.trim()))
            .map(e => e.outerHTML)"""
    )
    assert unlabelled == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "scrutiny"


def test_ask_shows_a_cited_answer_and_the_reader_highlights_the_quote(
    page: Any, web_url: str, shots: Path
) -> None:
    from playwright.sync_api import expect

    expected = httpx.post(web_url + "/ask", json={"question": QUESTION}, timeout=60).json()
    assert expected["citations"]
    page.goto(web_url + "/#ask")
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    answer = page.locator("#answer")
    expect(answer.locator("ol.citations > li")).to_have_count(len(expected["citations"]))
    expect(answer.locator(".answer-text")).to_contain_text("[1]")
    expect(answer.locator("blockquote").first).to_contain_text(
        expected["citations"][0]["quote"][:40]
    )
    page.screenshot(path=str(shots / "1-answer.png"), full_page=True)

    answer.locator("a.cite").first.click()
    mark = page.locator("#reader-text mark#hit")
    expect(mark).to_have_text(expected["citations"][0]["quote"])
    expect(mark).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == "hit"
    expect(page.locator("#reader-title")).to_have_text(expected["citations"][0]["title"])
    expect(page.locator("#outline li").first).to_be_visible()
    page.screenshot(path=str(shots / "2-reader.png"))
    page.go_back()
    expect(page.locator("#view-ask")).to_be_visible()


def test_compare_shows_a_column_for_each_of_the_four_years(
    page: Any, web_url: str, shots: Path
) -> None:
    reason = implemented("service.compare.align", "service.compare.topic")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import expect

    page.goto(web_url + "/#compare")
    pick = page.get_by_label("Topics found in the reports")
    expect(pick.locator("option")).not_to_have_count(1)
    page.get_by_label("Topic", exact=True).fill("foster carers")
    page.get_by_role("button", name="Compare").click()
    columns = page.locator("#comparison .year-col h3")
    expect(columns).to_have_text(["2008", "2011", "2012", "2023"])
    report = httpx.post(web_url + "/compare", json={"topic": "foster carers"}, timeout=120).json()
    if report["series"]:
        expect(page.locator("#comparison svg.chart").first).to_be_visible()
    page.screenshot(path=str(shots / "3-compare.png"), full_page=True)


def test_redline_marks_insertions_and_deletions(page: Any, web_url: str, shots: Path) -> None:
    reason = implemented("service.compare.redline")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import expect

    page.goto(web_url + "/#redline")
    expect(page.get_by_label("Earlier version")).to_have_value("cabinet-2012-draft")
    expect(page.get_by_label("Later version")).to_have_value("cabinet-2012")
    page.get_by_role("button", name="Show changes").click()
    expect(page.locator("#redline article.change").first).to_be_visible()
    assert page.locator("#redline ins").count() + page.locator("#redline del").count() > 0
    marks = page.locator("#redline ins .mark, #redline del .mark").all_text_contents()
    assert set(marks) <= {"+", "−"} and marks
    page.screenshot(path=str(shots / "4-redline.png"), full_page=True)
