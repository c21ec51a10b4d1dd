#!/usr/bin/env python3
"""A notifier plugin speaking Flotilla's external plugin protocol, for tests.

Settings: recordFile (each delivered notification is appended as one JSON line), hang (never
answer deliveries), crashAfter (exit with code 3 on the delivery after that many), errorCode
and errorMessage (answer deliveries with that error), garbage ("before": a non-JSON line then
the answer; "only": just the non-JSON line), hugeLine (17 MiB without a newline), answerSlot and answerProtocol (what initialize
claims).
"""
import json
import sys

from fakeplugin import HOLD, PluginError, log, notify, serve

settings = {}
delivered = 0


def deliver(params, reply):
    global delivered
    if settings.get("hang"):
        return HOLD
    crash_after = settings.get("crashAfter")
    if crash_after is not None and delivered >= crash_after:
        log("fake_notifier: crashing after %d deliveries" % delivered)
        sys.exit(3)
    if "errorCode" in settings:
        raise PluginError(settings["errorCode"], settings.get("errorMessage", "delivery refused"))
    if settings.get("hugeLine"):
        sys.stdout.write("x" * (17 * 1024 * 1024))
        sys.stdout.flush()
        return HOLD
    garbage = settings.get("garbage")
    if garbage:
        sys.stdout.write("this line is not json {\n")
        sys.stdout.flush()
        if garbage == "only":
            return HOLD
    delivered += 1
    if settings.get("recordFile"):
        with open(settings["recordFile"], "a", encoding="utf-8") as record:
            record.write(json.dumps(params) + "\n")
    notify("log", {"message": "delivered event %s" % params.get("event", {}).get("id")})
    return {}


log("fake_notifier: started")
serve("notifier", "fake-notifier", {"notifier.deliver": deliver}, on_initialize=settings.update)
