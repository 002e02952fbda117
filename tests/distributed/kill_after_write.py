"""Settings module of a worker that SIGKILLs itself in the one instant a kill from outside
can only hit by luck: its feed has written and flushed an article's line, the crawl state
has not recorded it yet. Used as ``SCRAPY_SETTINGS_MODULE`` with ``-s KILL_FILE=path``:
the first article scraped once that file exists is the last.

The project's settings are taken whole; the extension sits right after the feed exporter
(order 1): extensions connect to ``item_scraped`` before the item pipelines exist, so the
exporter writes the line, this kills the process, and the pipeline's record never comes.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawler.settings import *  # noqa: F401,F403 (the project's settings, unchanged but one)
from newscrawler.settings import EXTENSIONS as _PROJECT_EXTENSIONS

EXTENSIONS = {**_PROJECT_EXTENSIONS, f"{__name__}.KillAfterWrite": 1}


class KillAfterWrite:
    def __init__(self, crawler):
        self.trigger = Path(crawler.settings["KILL_FILE"])
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def item_scraped(self, item, response=None, spider=None):
        if self.trigger.exists():
            self.trigger.write_text(ItemAdapter(item)["url"])  # tells the test which article it was
            os.kill(os.getpid(), signal.SIGKILL)
