"""The search page and its JSON, through the app and through a real server process."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

from coopgraph.search_index import KINDS


def test_the_page_groups_hits_by_kind_and_marks_the_words(client) -> None:
    page = client.get("/search", query_string={"q": "Гомель"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('<section class="search-group">') >= 3
    assert "<mark>Гомель</mark>" in html
    assert "<mark>Гомеле</mark>" in html  # "в г. Гомеле": another form of the word


def test_json_gives_the_same_groups(client) -> None:
    body = client.get("/search", query_string={"q": "Гомель", "format": "json"}).get_json()
    kinds = [g["kind"] for g in body["groups"]]
    assert {"event", "organisation", "region"} <= set(kinds)
    assert kinds == [k for k in KINDS if k in kinds]
    for group in body["groups"]:
        for hit in group["hits"]:
            assert hit["href"].startswith("/") and "<mark>" in hit["name_html"] + hit["excerpt_html"]
    negotiated = client.get("/search", query_string={"q": "Гомель"}, headers={"Accept": "application/json"})
    assert negotiated.get_json()["total"] == body["total"]


def test_text_of_the_query_is_escaped(client) -> None:
    html = client.get("/search", query_string={"q": "<img src=x onerror=alert(1)> Гомель"}).get_data(
        as_text=True
    )
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_an_empty_or_wordless_query(client) -> None:
    assert client.get("/search").status_code == 200
    body = client.get("/search", query_string={"q": "!!!", "format": "json"}).get_json()
    assert body["total"] == 0 and body["groups"] == []


def test_the_real_server_finds_inflected_words(live_server) -> None:
    query = urllib.parse.urlencode({"q": "филармония", "format": "json"})
    with urllib.request.urlopen(f"{live_server.url}/search?{query}", timeout=30) as response:
        body = json.loads(response.read())
    events = next(g for g in body["groups"] if g["kind"] == "event")
    marked = " ".join(h["name_html"] + h["excerpt_html"] for h in events["hits"]).lower()
    assert "<mark>филармонию</mark>" in marked
    with urllib.request.urlopen(
        f"{live_server.url}/search?q=%D0%93%D0%BE%D0%BC%D0%B5%D0%BB%D1%8C", timeout=30
    ) as r:
        assert "<mark>" in r.read().decode()


def test_the_english_page_keeps_its_language(client) -> None:
    html = client.get("/search", query_string={"q": "Гомель", "lang": "en"}).get_data(as_text=True)
    assert "<h2>Organisations" in html and "<h2>Regions" in html
    links = re.findall(r'<li><a href="([^"]+)"', html)
    assert links and all(link.endswith("?lang=en") for link in links)
