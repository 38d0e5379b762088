"""Walk the questionnaire over HTTP (TestClient or httpx): one call per page, the sealed
token carried from page to page as a browser would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = re.compile(r'name="t" value="([^"]+)"')
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)

CA_NEIGHBOR = [
    {"danger": "no"},
    {"state": "CA"},
    {"role": "self"},
    {"relationships": ["neighbor"]},
    {"lived_together": "no"},
    {"petitioner_age": "40", "respondent_age": "58"},
    {"conduct": ["stalking", "following", "threats"]},
    {"when": "week"},
]


@dataclass
class Walk:
    client: object
    token: str = ""
    pages: list = field(default_factory=list)

    def start(self, lang: str = "en"):
        r = self.client.get("/", params={"lang": lang})
        return self._keep(r)

    def post(self, data: dict, url: str = "/q", nav: str = "next"):
        r = self.client.post(url, data={"t": self.token, "nav": nav, **data})
        return self._keep(r)

    def _keep(self, r):
        found = TOKEN.search(r.text) if r.headers.get("content-type", "").startswith("text/html") else None
        if found:
            self.token = found.group(1)
        self.pages.append(r)
        return r

    @property
    def heading(self) -> str:
        found = H1.search(self.pages[-1].text)
        return found.group(1).strip() if found else ""

    def to_results(self, answers=CA_NEIGHBOR, lang: str = "en"):
        self.start(lang)
        for data in answers:
            self.post(data)
        for _ in range(6):  # the further questions the engine asks for: skip them
            if "We ask this because" not in self.pages[-1].text:
                break
            self.post({})
        return self.pages[-1]

    def first(self, pages: int):
        """Start and answer the first `pages` questions as the California neighbor case does."""
        self.start()
        for data in CA_NEIGHBOR[:pages]:
            self.post(data)
        return self.pages[-1]

    def to_incidents(self, petitioner="A B", respondent="C D", order_type="ca_chro", you=None, relief=None):
        """From the start to the incidents page: the order, you, them, nobody else, relief."""
        self.to_results()
        self.post({"order_type": order_type})
        self.post({"name": petitioner, **(you or {})})
        self.post({"name": respondent, "age": "58"})
        self.post({})
        return self.post(relief or {})

    def to_review(self, petitioner="Ana Canary", order_type="ca_chro"):
        self.to_incidents(petitioner, "Greg Haskins", order_type,
                          you={"address_street": "1 Elm Court", "address_city": "San Diego", "address_zip": "92105"},
                          relief={"no_abuse": "yes", "no_contact": "yes", "stay_away": "yes", "stay_away_distance_yards": "100"})
        self.post({"date": "2026-11-02", "what_happened": f"{petitioner} was followed home.",
                   "witnesses": "Linh Tran", "evidence": "Doorbell video"}, nav="add")
        return self.post({})
