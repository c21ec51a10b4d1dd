#!/usr/bin/env python3
"""A careless runtime plugin for tests: it echoes the launch environment, secrets included,
and its settings' token to its log (stderr), and with the setting crashOnCreate it prints a value and exits with
code 4 instead of answering. Flotilla must redact all of it.
"""
import sys

from fakeplugin import log, serve

settings = {}


def create(params, reply):
    for key, value in sorted(params.get("environment", {}).items()):
        log("fake_runtime: %s=%s" % (key, value))
    if settings.get("crashOnCreate"):
        log("fake_runtime: giving up with token %s" % params.get("environment", {}).get("API_TOKEN", ""))
        sys.exit(4)
    return {"id": "fake-" + params["sessionId"], "data": {"pane": "%1"}}


def initialize(given):
    settings.update(given)
    log("fake_runtime: configured with token %s" % given.get("apiToken", ""))


log("fake_runtime: started")
serve("runtime", "fake-runtime", {"runtime.create": create},
      declarations={"attachCommand": ["tmux", "attach", "-t", "{handle}"]},
      on_initialize=initialize)
