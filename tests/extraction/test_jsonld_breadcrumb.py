"""The JSON-LD BreadcrumbList as the category layer behind a portal's breadcrumb selector
(okezone's DOM breadcrumb is in capitals; SINDOnews' whole-article view has no NewsArticle)."""
from __future__ import annotations

import json

from lxml import html as lxml_html

from newscrawler.extraction import extract_article
from newscrawler.extraction.structured import jsonld_blocks, jsonld_breadcrumb

PAGE_URL = "https://news.example.co.id/2026/11/27/taman-baca"


def crumbs(*entries, graph: bool = False) -> str:
    node = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": list(entries)}
    data = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Contoh"}, node]} if graph else node
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def item(position, name, url=None):
    entry = {"@type": "ListItem", "position": position, "name": name}
    if url:
        entry["item"] = url
    return entry


def read(scripts: str) -> list[str]:
    blocks, _ = jsonld_blocks(lxml_html.fromstring(f"<html><head>{scripts}</head><body></body></html>").iter("script"))
    return jsonld_breadcrumb(blocks, PAGE_URL)


def test_names_in_position_order_without_home():
    assert read(crumbs(item(3, "Metro", "https://news.example.co.id/news/metro"), item(1, "Home", "https://news.example.co.id/"),
                       item(2, "News", "https://news.example.co.id/news"))) == ["News", "Metro"]


def test_a_last_entry_that_is_the_page_itself_is_not_a_channel():
    assert read(crumbs(item(1, "Beranda", "https://news.example.co.id/"), item(2, "News", "https://news.example.co.id/news"),
                       item(3, "Taman Baca Baru Diresmikan"))) == ["News"]
    assert read(crumbs(item(1, "News", "https://news.example.co.id/news"), item(2, "Taman Baca", PAGE_URL + "/"))) == ["News"]


def test_item_given_as_a_node_and_lists_inside_a_graph():
    entry = {"@type": "ListItem", "position": 1, "item": {"@id": "https://news.example.co.id/news", "name": "News"}}
    assert read(crumbs(entry, item(2, "Metro", "https://news.example.co.id/news/metro"), graph=True)) == ["News", "Metro"]


def test_no_list_broken_json_or_odd_entries_give_nothing():
    assert read('<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": "x"}</script>') == []
    assert read('<script type="application/ld+json">{not json</script>') == []
    assert read(crumbs("News", 5, item(1, "", "https://news.example.co.id/"))) == []


def test_category_falls_back_to_the_structured_list_when_no_portal_selector_reads_one():
    page = (f"<html><head>{crumbs(item(1, 'Home', 'https://news.example.co.id/'), item(2, 'News', 'https://news.example.co.id/news'), item(3, 'Metro', 'https://news.example.co.id/news/metro'))}"
            "</head><body><div class='breadcrumb'><a>HOME</a> <a>NEWS</a> <a>METRO</a></div><h1>Taman Baca Baru</h1>"
            "<p>Pemerintah kota meresmikan taman baca baru di Menteng untuk anak-anak dan warga sekitar, kata wali kota.</p>"
            "</body></html>")
    fields = extract_article(page, PAGE_URL)
    assert (fields["category"], fields["subcategory"]) == ("News", "Metro")


def test_a_breadcrumb_given_as_the_webpage_nodes_property_is_read():
    # schema.org WebPage.breadcrumb (IDN Times' WebPage node, shared/sites/portals.md §15c).
    trail = {"@type": "BreadcrumbList", "itemListElement": [item(1, "Home", "https://news.example.co.id/"),
                                                            item(2, "News", "https://news.example.co.id/news")]}
    page = {"@context": "https://schema.org", "@type": "WebPage", "name": "Taman Baca", "breadcrumb": trail}
    assert read(f'<script type="application/ld+json">{json.dumps(page)}</script>') == ["News"]
