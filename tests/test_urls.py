from hypothesis import given, strategies as st

from newscrawler.portals import canonical_url
from newscrawler.urls import host_matches, normalized_url, tracking_free


def test_tracking_parameters_and_fragment_are_dropped_other_parameters_kept():
    url = "https://example.com/a?utm_source=wa&id=7&fbclid=x&utm_medium=share#comments"
    assert tracking_free(url) == "https://example.com/a?id=7"


def test_normalized_form_lowercases_host_drops_default_port_and_trailing_slash():
    assert normalized_url("HTTP://WWW.Example.COM:80/Path/To/?b=2&a=1") == "https://www.example.com/Path/To?a=1&b=2"
    assert normalized_url("https://example.com") == "https://example.com/"
    assert normalized_url("https://example.com:8443/x") == "https://example.com:8443/x"


def test_host_matching_accepts_subdomains_but_not_look_alikes():
    assert host_matches("bali.inews.id", ("inews.id",))
    assert host_matches("INEWS.ID.", ("inews.id",))
    assert not host_matches("evilinews.id", ("inews.id",))
    assert not host_matches("inews.id.evil.com", ("inews.id",))


@given(st.text(max_size=80))
def test_canonical_url_is_idempotent_and_never_raises_on_url_like_text(path):
    url = "https://www.inews.id/" + path
    once = canonical_url(url)
    assert canonical_url(once) == once
