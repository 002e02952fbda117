from datetime import date

import pytest

from newscrawler.spiders.arguments import ARGUMENT_NAMES, BadArgument, parse_arguments

CHANNELS = ("news", "finance", "sport")
TODAY = date(2026, 11, 29)


def test_defaults_are_today_all_channels_no_limits():
    args = parse_arguments({}, CHANNELS, today=TODAY)
    assert (args.since, args.until, args.channels) == (TODAY, TODAY, CHANNELS)
    assert args.max_articles is None and args.read_next_depth is None and args.base_url is None
    assert args.recrawl is False and args.keywords == ()
    assert args.days == [TODAY]


def test_a_window_lists_every_day_and_values_are_parsed():
    args = parse_arguments(
        {"since": "2026-11-27", "until": "2026-11-28", "channels": "news, Sport", "max_articles": "5",
         "read_next_depth": "0", "base_url": "http://127.0.0.1:8000/", "recrawl": "true",
         "keywords": 'banjir, "gempa bumi"'},
        CHANNELS, today=TODAY,
    )
    assert args.keywords == ("banjir", "gempa bumi")
    assert args.days == [date(2026, 11, 27), date(2026, 11, 28)]
    assert args.channels == ("news", "sport")
    assert (args.max_articles, args.read_next_depth) == (5, 0)
    assert args.base_url == "http://127.0.0.1:8000"
    assert args.recrawl is True


def test_until_alone_crawls_that_one_day():
    assert parse_arguments({"until": "2026-01-05"}, CHANNELS, today=TODAY).days == [date(2026, 1, 5)]


@pytest.mark.parametrize(
    "raw, name",
    [
        ({"since": "2026-13-01"}, "since"),
        ({"since": "27-11-2026"}, "since"),
        ({"since": "20261127"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2026-11-28", "until": "2026-11-27"}, "since"),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "since"),
        ({"channels": "news,gossip"}, "channels"),
        ({"channels": ","}, "channels"),
        ({"max_articles": "0"}, "max_articles"),
        ({"max_articles": "-3"}, "max_articles"),
        ({"max_articles": "ten"}, "max_articles"),
        ({"read_next_depth": "1.5"}, "read_next_depth"),
        ({"base_url": "127.0.0.1:8000"}, "base_url"),
        ({"base_url": "ftp://127.0.0.1"}, "base_url"),
        ({"base_url": "http://127.0.0.1:8000/site"}, "base_url"),
        ({"recrawl": "maybe"}, "recrawl"),
        ({"keywords": ""}, "keywords"),
        ({"keywords": "banjir,?!"}, "keywords"),
        ({"keywords": '"gempa\nbumi'}, "keywords"),
    ],
)
def test_bad_values_raise_one_line_naming_the_argument_and_the_expected_form(raw, name):
    with pytest.raises(BadArgument) as error:
        parse_arguments(raw, CHANNELS, today=TODAY)
    message = str(error.value)
    assert message.startswith(f"bad argument {name}=") and "expected" in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["Since", "day", "max-articles"])
def test_an_unknown_argument_name_is_refused_naming_the_known_ones(name):
    with pytest.raises(BadArgument) as error:
        parse_arguments({name: "2026-11-01"}, CHANNELS, today=TODAY)
    message = str(error.value)
    assert message.startswith(f"bad argument {name}=") and all(known in message for known in ARGUMENT_NAMES)
