"""The questionnaire end to end in a real browser: Debian's chromium driven by pip's Playwright.

One app, one uvicorn server and one browser per module; each test gets a fresh context (360 px
wide) that blocks and records every request leaving 127.0.0.1. Every page a walk reaches is
checked as it arrives: neutral title, `Cache-Control: no-store` on every response, no sideways
scrolling at 360 px, at most 30 KB of HTML, CSS and script, and (with JavaScript on) zero axe-core
violations, best practices included.
"""

from __future__ import annotations

import io
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.engine import load_book
from app.paperwork.documents.words import WORDS
from app.paperwork.library import load_library
from app.web import create_app
from app.web.rules_source import FixedRules
from app.web.settings import BUNDLED_MAPS, BUNDLED_RULES, Settings
from tests.paperwork.paperwork_support import find_real_forms

from .browser_support import AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, axe_violations, guarded_context, needs_browser, serve

pytestmark = needs_browser

NEUTRAL = "https://www.google.com/search?q=weather"
TELLING = ("restrain", "protecti", "abuse", "order", "violence", "harass", "stalk", "petition", "court")
PAGE_BUDGET = 30 * 1024
WIDTH = 360  # as browser_support's contexts
#: Which page is showing, told by a field only that page has (need_ pages are part 5, results part 6).
MARKERS = (("passphrase_again", "save"), ("format", "review"), ("what_happened", "incidents"),
           ("no_abuse", "relief"), ("p0_name", "children"), ("race", "them"), ("date_of_birth", "you"),
           ("danger", "safety"), ("state", "state"), ("role", "role"), ("relationships", "who"),
           ("petitioner_age", "ages"), ("conduct", "conduct"), ("when", "when"), ("lived_together", "lived"))

#: What a walk reads from each page, in one round trip (the page's own scripts may be off).
LOOK = """() => ({names: [...document.querySelectorAll('#qform [name]')].map(e => e.name),
  progress: (document.querySelector('main .progress') || {}).textContent || '',
  title: document.title, width: document.documentElement.scrollWidth})"""


# ---------------------------------------------------------------------------------------------
# One app, server and browser per module


@pytest.fixture(scope="module")
def forms_dir(tmp_path_factory) -> Path:
    """A forms directory holding the official CH-100 (checked against its map by `install`)."""
    d = tmp_path_factory.mktemp("forms")
    ch100 = find_real_forms() / "CA" / "CH-100.pdf"
    if ch100.is_file():
        load_library(BUNDLED_MAPS, d).install(ch100)
    return d


@pytest.fixture(scope="module")
def app(forms_dir):
    rules = FixedRules(load_book(BUNDLED_RULES, only=["CA", "NY"]))
    return create_app(Settings(forms_dir=forms_dir, staff_enabled=False, neutral_exit_url=NEUTRAL), rules=rules)


@pytest.fixture(scope="module")
def base(app):
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def catalog(app):
    """The catalog this app serves (read at app creation, so it matches the pages exactly)."""
    return app.state.services.catalog


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    p = sync_playwright().start()
    b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()
    p.stop()


# ---------------------------------------------------------------------------------------------
# A walk through the questionnaire, checking every page it reaches


class Walk:
    """Drives one page through the questionnaire and checks each page as it arrives."""

    def __init__(self, context, base: str, axe: bool | frozenset[str] = True):
        """`axe`: run axe-core on every page (True), on none (False), or on the pages named."""
        self.page = context.new_page()
        self.base, self.axe = base, axe
        self.responses: list = []
        self.problems: list[str] = []
        self.visited: list[str] = []
        self.downloads: list = []
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        self.responses.append(response)

    # navigation ---------------------------------------------------------------------------
    def start(self, path: str = "/") -> "Walk":
        self.page.goto(self.base + path)
        return self.arrived()

    def press(self, value: str = "next") -> "Walk":
        """Click a navigation button of the questionnaire form (`nav` value)."""
        return self.go(lambda: self.page.click(f'#qform button[name=nav][value="{value}"]'))

    def go(self, action) -> "Walk":
        """Do something that loads a new page, then check that page."""
        with self.page.expect_navigation():
            action()
        return self.arrived()

    def arrived(self) -> "Walk":
        page = self.page
        page.wait_for_load_state("load")
        seen = page.evaluate(LOOK)
        step = self.step(seen)
        self.visited.append(step)
        fresh, self.responses = self.responses, []
        where = f"{step} ({page.url})"
        if any(word in seen["title"].lower() for word in TELLING):
            self.problems.append(f"{where}: telling title {seen['title']!r}")
        for r in fresh:
            if "no-store" not in (r.headers.get("cache-control") or ""):
                self.problems.append(f"{where}: {r.url} has Cache-Control {r.headers.get('cache-control')!r}")
        weight = sum(int(r.headers.get("content-length") or len(r.body())) for r in fresh
                     if r.request.resource_type in ("document", "stylesheet", "script") and r.status == 200
                     and "attachment" not in (r.headers.get("content-disposition") or ""))
        if weight > PAGE_BUDGET:
            self.problems.append(f"{where}: {weight} bytes of HTML, CSS and script (budget {PAGE_BUDGET})")
        if seen["width"] > WIDTH:
            self.problems.append(f"{where}: scrolls sideways ({seen['width']} px wide at {WIDTH} px)")
        if self.axe is True or (self.axe and step in self.axe):
            self.problems += [f"{where}: {v}" for v in axe_violations(page, AXE_TAGS + ["best-practice"])]
        return self

    def step(self, seen: dict) -> str:
        names, found = seen["names"], re.search(r"\d+", seen["progress"])
        part = int(found.group()) if found else 0
        if part == 5:
            return "need_" + next(n for n in names if n not in ("t", "lang", "nav"))
        if part == 6:
            return "results"
        for name, step in MARKERS:
            if name in names:
                return step
        return self.page.url.rsplit("/", 1)[-1].split("?")[0] or "start"

    # answering ----------------------------------------------------------------------------
    def until(self, plan: dict, stop: str, limit: int = 30) -> "Walk":
        """Answer each page by `plan` (step -> callable(page); missing steps are left as they
        are) and Continue, until page `stop` shows."""
        for _ in range(limit):
            current = self.visited[-1]
            if current == stop:
                return self
            action = plan.get(current) or (plan.get("need_*") if current.startswith("need_") else None)
            if action:
                action(self.page)
                if current == "incidents":
                    self.press("add")
            self.press("next")
            assert self.visited[-1] != current or current == "incidents", \
                f"stuck on {current}: {self.page.locator('.error').all_inner_texts()}"
        raise AssertionError(f"never reached {stop}: {self.visited}")

    def download(self, value: str = "download"):
        """Press the button that downloads a file; check the response like a page's."""
        with self.page.expect_download() as info:
            self.page.click(f'#qform button[name=nav][value="{value}"]')
        d = info.value
        self.downloads.append(d)
        return d

    def assert_clean(self):
        """No problem on any page, and no response since the last page (a download) without no-store."""
        late = [r.url for r in self.responses if "no-store" not in (r.headers.get("cache-control") or "")]
        assert not self.problems and not late, "\n".join(self.problems + late)


# ---------------------------------------------------------------------------------------------
# Answers


def check(*ids):
    return lambda page: [page.check(f"#{i}") for i in ids]


def fill(**values):
    return lambda page: [page.fill(f"#{k}", str(v)) for k, v in values.items()]


def steps(*actions):
    return lambda page: [a(page) for a in actions]


CA_NEIGHBOR = {
    "safety": check("danger-no"),
    "state": lambda page: page.select_option("#state", "CA"),
    "role": check("role-self"),
    "who": check("relationships-neighbor"),
    "lived": check("lived_together-no"),
    "ages": fill(petitioner_age=34, respondent_age=41),
    "conduct": check("conduct-following", "conduct-loitering_near_me", "conduct-surveillance", "conduct-stalking"),
    "when": check("when-week"),
    "need_*": lambda page: None,
    "results": check("order_type-ca_chro"),
    "you": fill(name="Marisol Quintero", address_street="12 Elm Street", address_city="Fresno", address_zip="93701",
                phone="559-555-0100", county="Fresno"),
    "them": steps(fill(name="Dale Hammond", address_street="14 Elm Street", address_city="Fresno",
                       address_state="CA", address_zip="93701"), check("sex-male", "has_firearms-unsure")),
    "incidents": fill(date="2026-11-20", place="Outside my home",
                      what_happened="He followed me from the bus stop to my door and waited outside for an hour.",
                      witnesses="Ana Ruiz"),
}

NY_EX = {
    "safety": check("danger-no"),
    "state": lambda page: page.select_option("#state", "NY"),
    "role": check("role-self"),
    "who": check("relationships-former_dating"),
    "lived": check("lived_together-no"),
    "ages": fill(petitioner_age=29, respondent_age=31),
    "conduct": check("conduct-threats"),
    "when": check("when-week"),
}


def read_pdf_fields(data: bytes) -> dict[str, str]:
    from pypdf import PdfReader

    fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    return {name: str(f.get("/V")) for name, f in fields.items() if f.get("/V") not in (None, "")}


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def neutral_name(name: str) -> bool:
    return not any(word in name.lower() for word in TELLING)


# ---------------------------------------------------------------------------------------------
# The tests


def test_california_neighbor_who_stalks_gets_a_free_ch100(browser, base, catalog, forms_dir):
    """A neighbor who stalks -> the civil harassment order, free because stalking is alleged;
    the downloaded packet holds the official CH-100 with the answers filled in."""
    if not (forms_dir / "CA" / "CH-100.pdf").is_file():
        pytest.skip("the official CH-100 is not in ../shared/real-forms")
    with guarded_context(browser) as context:
        walk = Walk(context, base).start()
        walk.until(CA_NEIGHBOR, "results")
        card = walk.page.locator("section.card", has=walk.page.locator("#opt-ca_chro"))
        assert card.count() == 1
        assert "yes" in card.get_attribute("class").split()
        cost = card.locator("p", has_text=catalog.text("en", "results.free")).inner_text()
        assert "stalked" in cost, cost
        assert "CH-100" in card.inner_text()
        walk.until(CA_NEIGHBOR, "review")
        assert "Marisol Quintero" in walk.page.locator("dl.summary").inner_text()
        download = walk.download()
        data = Path(download.path()).read_bytes()
        assert data.startswith(b"%PDF-")
        sent = [r for r in walk.responses if r.url.endswith("/q/download")]
        assert len(sent) == 1 and "no-store" in sent[0].headers["cache-control"]
        assert neutral_name(download.suggested_filename), download.suggested_filename
        assert context.outside_requests == []
        walk.assert_clean()
    fields = read_pdf_fields(data)
    p1 = "CH-100[0].Page1[0]."
    assert fields[p1 + "List1[0].Li1a[0].ProtectedFullName[0]"] == "Marisol Quintero"
    assert fields[p1 + "List1[0].Li1a[0].ProtectedAge[0]"] == "34"
    assert fields[p1 + "List2[0].Item2[0].RestrainedFullName[0]"] == "Dale Hammond"
    assert fields[p1 + "List2[0].Item2[0].RestrainedAge[0]"] == "41"
    assert fields[p1 + "List2[0].Item2[0].RestrainedStreet[0]"] == "14 Elm Street"
    assert fields[p1 + "captionRight[0].County[0].CourtInfo[0]"] == "Fresno"
    assert "bus stop" in pdf_text(data)
    assert walk.visited[:3] == ["safety", "state", "role"] and walk.visited[-1] == "review"


def test_new_york_ex_partner_is_sent_to_family_court(browser, base, catalog):
    with guarded_context(browser) as context:
        walk = Walk(context, base, axe=frozenset({"results"})).start().until(NY_EX, "results")
        card = walk.page.locator("section.card", has=walk.page.locator("#opt-ny_family_offense"))
        assert card.count() == 1
        assert "yes" in card.get_attribute("class").split()
        text = card.inner_text()
        assert "Family Offense Petition" in text and "Family Court" in text
        assert walk.page.locator("#order_type-ny_family_offense").count() == 1
        assert context.outside_requests == []
        walk.assert_clean()


def test_spanish_walk_through_to_a_spanish_instruction_sheet(browser, base, catalog, forms_dir):
    with guarded_context(browser) as context:
        walk = Walk(context, base, axe=frozenset({"safety", "who", "conduct", "results", "you", "incidents", "review"}))
        walk.start()
        page = walk.page
        walk.go(lambda: page.click('form.lang button[name=nav][value="lang:es"]'))
        assert walk.visited[-2:] == ["safety", "safety"]
        assert page.get_attribute("html", "lang") == "es"
        es = lambda msg_id, **k: catalog.text("es", msg_id, **k)  # noqa: E731
        assert page.locator("h1").inner_text() == es("safety.title")
        assert page.locator("#quick-exit").inner_text() == es("exit.button")
        assert page.locator('#qform button[value="next"]').inner_text() == es("nav.continue")
        assert es("safety.question") in page.locator("#danger legend").inner_text()
        assert page.locator('form.lang button[value="lang:en"]').get_attribute("lang") == "en"
        walk.until(CA_NEIGHBOR, "state")
        assert page.get_attribute("html", "lang") == "es"
        assert page.locator("h1").inner_text() == es("state.question")
        walk.until(CA_NEIGHBOR, "results")
        assert page.locator("h1").inner_text() == es("results.title", state="California")
        assert es("results.free") in page.locator("section.card", has=page.locator("#opt-ca_chro")).inner_text()
        walk.until(CA_NEIGHBOR, "review")
        assert page.get_attribute("html", "lang") == "es"
        assert page.locator("h1").inner_text() == es("review.title")
        page.check("#format-zip")
        download = walk.download()
        assert neutral_name(download.suggested_filename), download.suggested_filename
        data = Path(download.path()).read_bytes()
        assert context.outside_requests == []
        walk.assert_clean()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert all(neutral_name(n) for n in names), names
        texts = {n: pdf_text(z.read(n)) for n in names if n.endswith(".pdf")}
    spanish = [n for n, text in texts.items() if WORDS["instr_intro"][1] in text]
    assert spanish, {n: t[:200] for n, t in texts.items()}
    assert WORDS["instr_intro"][0] not in "".join(texts.values())


def test_the_whole_flow_works_with_javascript_off(browser, base, forms_dir):
    if not (forms_dir / "CA" / "CH-100.pdf").is_file():
        pytest.skip("the official CH-100 is not in ../shared/real-forms")
    with guarded_context(browser, java_script=False) as context:
        walk = Walk(context, base, axe=False).start()
        assert walk.page.evaluate("() => 1") == 1  # the test can look; the page's own scripts cannot run
        walk.until(CA_NEIGHBOR, "review")
        download = walk.download()
        data = Path(download.path()).read_bytes()
        assert download.suggested_filename == "document.pdf" and data.startswith(b"%PDF-")
        assert context.outside_requests == []
        walk.assert_clean()
    assert read_pdf_fields(data)["CH-100[0].Page1[0].List1[0].Li1a[0].ProtectedFullName[0]"] == "Marisol Quintero"


@contextmanager
def neutral_site(page):
    """Stand in for the neutral exit site (page routes win over the context's guard), recording visits."""
    visits: list[str] = []

    def fulfill(route):
        visits.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Weather</title><p>Sunny")

    page.route(re.compile(r"^https://www\.google\.com/search"), fulfill)
    yield visits


@pytest.mark.parametrize("how", ["click", "escape"])
def test_quick_exit_replaces_the_page_and_clears_storage(browser, base, how):
    with guarded_context(browser) as context:
        page = context.new_page()
        with neutral_site(page) as visits:
            page.goto(NEUTRAL)
            page.goto(base + "/")
            page.evaluate("() => { localStorage.setItem('k', 'v'); sessionStorage.setItem('k', 'v'); }")
            length = page.evaluate("() => history.length")
            if how == "click":
                page.click("#quick-exit")
            else:
                page.locator("h1").click()
                for _ in range(3):
                    page.keyboard.press("Escape")
            page.wait_for_url(NEUTRAL)
            assert page.evaluate("() => history.length") == length
            page.go_back()
            assert page.url == NEUTRAL, "going back returned to the questionnaire"
            assert visits == [NEUTRAL, NEUTRAL, NEUTRAL]
            again = context.new_page()
            again.goto(base + "/privacy")
            assert again.evaluate("() => localStorage.getItem('k')") is None
        assert context.outside_requests == []


def test_quick_exit_without_javascript_is_a_link_that_clears_the_site(browser, base):
    with guarded_context(browser, java_script=False) as context:
        page = context.new_page()
        with neutral_site(page) as visits:
            page.goto(base + "/")
            assert page.get_attribute("#quick-exit", "href") == "/exit"
            with page.expect_response(lambda r: r.url.endswith("/exit")) as info:
                page.click("#quick-exit")
            page.wait_for_url(NEUTRAL)
            exit_response = info.value
            headers = exit_response.all_headers()  # raw: Chromium consumes Clear-Site-Data itself
            assert exit_response.status == 303
            assert headers["location"] == NEUTRAL
            assert "storage" in headers["clear-site-data"] and "cache" in headers["clear-site-data"]
            assert "no-store" in headers["cache-control"]
            assert visits == [NEUTRAL]
        assert context.outside_requests == []


# Keyboard only: Tab to a control, then Space, Enter, arrows or typing.


def tab_to(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            style = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                                  "return [s.outlineStyle, s.outlineWidth]; }")
            assert style[0] != "none" and style[1] != "0px", f"no visible focus on {selector}: {style}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def key_radio(page, name: str, value: str) -> None:
    """Tab into a radio group, then arrow to the choice (arrows select in a radio group)."""
    tab_to(page, f"input[name={name}]")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.is_checked(f"#{name}-{value}")


def key_checks(page, *ids: str) -> None:
    for i in ids:
        tab_to(page, f"#{i}")
        page.keyboard.press("Space")
        assert page.is_checked(f"#{i}")


def key_type(page, **values) -> None:
    for field, value in values.items():
        tab_to(page, f"#{field}")
        page.keyboard.type(str(value))


def key_continue(walk: Walk) -> None:
    tab_to(walk.page, '#qform button[name=nav][value="next"]')
    walk.go(lambda: walk.page.keyboard.press("Enter"))


def test_keyboard_only_from_start_to_the_download(browser, base):
    with guarded_context(browser) as context:
        walk = Walk(context, base, axe=False).start()
        page = walk.page
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "skip"
        assert page.locator(".skip").bounding_box()["x"] >= 0, "the skip link stays off screen when focused"
        key_radio(page, "danger", "no")
        key_continue(walk)
        tab_to(page, "#state")
        page.keyboard.type("Cal")
        assert page.input_value("#state") == "CA"
        key_continue(walk)
        key_radio(page, "role", "self")
        key_continue(walk)
        key_checks(page, "relationships-neighbor")
        key_continue(walk)
        key_radio(page, "lived_together", "no")
        key_continue(walk)
        key_type(page, petitioner_age=34, respondent_age=41)
        key_continue(walk)
        key_checks(page, "conduct-following", "conduct-stalking")
        key_continue(walk)
        key_radio(page, "when", "week")
        key_continue(walk)
        while walk.visited[-1].startswith("need_"):
            key_continue(walk)
        assert walk.visited[-1] == "results"
        key_radio(page, "order_type", "ca_chro")
        key_continue(walk)
        assert walk.visited == ["safety", "state", "role", "who", "lived", "ages", "conduct", "when",
                                *[s for s in walk.visited if s.startswith("need_")], "results", "you"]
        assert page.locator("#name").count() == 1
        key_type(page, name="Keyboard Person")
        key_continue(walk)
        key_type(page, name="Other Person")
        key_continue(walk)
        key_continue(walk)  # other people: none
        key_continue(walk)  # relief: the defaults
        assert walk.visited[-1] == "incidents"
        key_type(page, approximate_date="early November", what_happened="Followed me to work.")
        tab_to(page, '#qform button[name=nav][value="add"]')
        walk.go(lambda: page.keyboard.press("Enter"))
        assert page.locator("ol li").count() == 1
        key_continue(walk)
        assert walk.visited[-1] == "review"
        tab_to(page, '#qform button[name=nav][value="download"]')
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        assert info.value.suggested_filename == "document.pdf"
        walk.assert_clean()


def test_small_screen_pages_fit_and_stay_light(browser, base, catalog):
    """Pages the other walks do not reach (errors, the emergency box, saving, resuming, privacy,
    an expired page) at 360 px: no sideways scrolling, at most 30 KB, zero axe violations."""
    with guarded_context(browser) as context:
        walk = Walk(context, base).start()
        page = walk.page
        page.check("#danger-yes")
        walk.press("next")
        assert page.locator("aside.emergency").count() == 1
        walk.until(CA_NEIGHBOR, "who")
        walk.press("next")  # nothing ticked: the error summary, linked to the question
        assert walk.visited[-2:] == ["who", "who"]
        summary = page.locator(".error[role=alert]")
        assert catalog.text("en", "error.choose_some") in summary.inner_text()
        assert summary.locator("a").get_attribute("href") == "#relationships"
        assert page.get_attribute("#relationships", "aria-invalid") == "true"
        assert page.evaluate("() => document.activeElement.matches('.error[role=alert]')"), "focus the summary"
        walk.press("save")
        assert walk.visited[-1] == "save"
        page.fill("#passphrase", "short")
        page.fill("#passphrase_again", "short")
        walk.press("save")
        assert catalog.text("en", "error.passphrase_short") in page.locator(".error[role=alert]").inner_text()
        walk.press("back")
        assert walk.visited[-1] == "who"
        page.evaluate("() => { document.querySelector('#qform input[name=t]').value = 'not-a-token'; }")
        walk.press("next")
        assert page.locator("h1").inner_text() == catalog.text("en", "expired.title")
        walk.go(lambda: page.goto(base + "/resume"))
        walk.go(lambda: page.click('form[action="/resume"] button'))
        # No file picked: the browser still sends an empty file part, so this says "did not work"
        # rather than error.resume_missing (see the report); either way a clear message, not a 500.
        assert page.locator("[role=alert]").inner_text().strip() in (
            catalog.text("en", "error.resume_missing"), catalog.text("en", "error.resume_failed"))
        walk.go(lambda: page.goto(base + "/privacy"))
        walk.go(lambda: page.goto(base + "/?lang=es"))
        assert page.get_attribute("html", "lang") == "es"
        assert len(walk.visited) >= 10
        assert context.outside_requests == []
        walk.assert_clean()


def test_save_for_later_and_resume(browser, base, catalog, tmp_path):
    with guarded_context(browser) as context:
        walk = Walk(context, base, axe=frozenset({"save"})).start().until(CA_NEIGHBOR, "conduct")
        walk.press("save")
        page = walk.page
        assert page.locator(".warning").inner_text().strip() == catalog.text("en", "save.warning")
        page.fill("#passphrase", "blue kettle 42")
        page.fill("#passphrase_again", "blue kettle 42")
        saved = walk.download("save")
        assert saved.suggested_filename == "saved.dat"
        assert neutral_name(saved.suggested_filename)
        saved.save_as(tmp_path / "saved.dat")
        assert b"Fresno" not in (tmp_path / "saved.dat").read_bytes()
        walk.assert_clean()
    with guarded_context(browser) as context:  # later, a fresh browser
        walk = Walk(context, base, axe=frozenset({"resume"})).start("/resume")
        page = walk.page
        page.set_input_files("#file", str(tmp_path / "saved.dat"))
        page.fill("#passphrase", "blue kettle 41")
        with page.expect_response(lambda r: r.url.endswith("/resume") and r.request.method == "POST") as info:
            walk.go(lambda: page.click('form[action="/resume"] button'))
        assert info.value.status == 422
        assert page.locator("[role=alert]").inner_text().strip() == catalog.text("en", "error.resume_failed")
        page.set_input_files("#file", str(tmp_path / "saved.dat"))
        page.fill("#passphrase", "blue kettle 42")
        walk.go(lambda: page.click('form[action="/resume"] button'))
        assert walk.visited[-1] == "conduct"  # where "save" was pressed
        for step, intact in (("ages", lambda: page.input_value("#petitioner_age") == "34"
                              and page.input_value("#respondent_age") == "41"),
                             ("lived", lambda: page.is_checked("#lived_together-no")),
                             ("who", lambda: page.is_checked("#relationships-neighbor")),
                             ("role", lambda: page.is_checked("#role-self")),
                             ("state", lambda: page.input_value("#state") == "CA")):
            walk.press("back")
            assert walk.visited[-1] == step and intact(), step
        assert context.outside_requests == []
        walk.assert_clean()


def test_switching_language_keeps_what_was_ticked_on_the_page(browser, base, catalog):
    with guarded_context(browser) as context:
        walk = Walk(context, base).start()
        walk.until(CA_NEIGHBOR, "who")
        page = walk.page
        page.check("#relationships-neighbor")
        page.check("#relationships-coworker")
        walk.go(lambda: page.click("form.lang button[value='lang:es']"))
        assert page.get_attribute("html", "lang") == "es"
        assert walk.visited[-1] == "who"
        assert page.is_checked("#relationships-neighbor") and page.is_checked("#relationships-coworker")
        walk.assert_clean()


@pytest.fixture(scope="module")
def browser_without_back_cache(browser):
    """Chromium without its back/forward cache: what a phone that evicted the page does. Going
    back to a POST page with no-store then needs the script, or it shows "Confirm resubmission"."""
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--disable-features=BackForwardCache"])
    yield b
    b.close()


def test_the_browsers_back_button_goes_back_one_question(browser_without_back_cache, base):
    browser = browser_without_back_cache

    def browser_back(walk):
        page = walk.page
        page.evaluate("() => { window.__before_back = true; }")
        page.go_back()  # pops the entry the script added; the script then posts "back"
        page.wait_for_function("() => !window.__before_back && document.readyState === 'complete'")
        walk.arrived()

    # A plain context: request interception (guarded_context) would make Chromium re-post silently.
    context = browser.new_context(viewport={"width": 360, "height": 740})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    try:
        walk = Walk(context, base).start()
        walk.until(CA_NEIGHBOR, "who")
        page = walk.page
        browser_back(walk)
        assert walk.visited[-1] == "role", (walk.visited, page.url)
        assert page.is_checked("#role-self")
        browser_back(walk)
        assert walk.visited[-1] == "state"
        walk.assert_clean()
        assert all(url.startswith(base) for url in requested)
    finally:
        context.close()


def test_enter_on_the_review_page_downloads_rather_than_jumping_to_a_change(browser, base):
    with guarded_context(browser) as context:
        walk = Walk(context, base, axe=False).start()
        walk.until(CA_NEIGHBOR, "review")
        page = walk.page
        page.check("#format-zip")
        page.focus("#format-zip")
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        assert info.value.suggested_filename == "documents.zip"
        assert walk.visited[-1] == "review"
