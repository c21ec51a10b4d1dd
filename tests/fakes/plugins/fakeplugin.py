"""The framing shared by the fake plugins: line-delimited JSON-RPC 2.0 on stdin/stdout.

Standard library only. A handler gets (params, reply) and either returns a result, raises
PluginError, or returns HOLD after keeping `reply` to answer later (out of order).
"""
import json
import sys

HOLD = object()


class PluginError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})


def serve(slot, name, handlers, declarations=None, on_initialize=None):
    settings = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        message = json.loads(line)
        method = message.get("method")
        params = message.get("params") or {}
        call_id = message.get("id")

        def reply(result=None, error=None, call_id=call_id):
            if error is not None:
                send({"jsonrpc": "2.0", "id": call_id, "error": error})
            else:
                send({"jsonrpc": "2.0", "id": call_id, "result": result})

        if method == "initialize":
            settings.update(params.get("settings") or {})
            if on_initialize:
                on_initialize(settings)
            answer = {"name": name, "slot": settings.get("answerSlot", slot), "version": "1.0",
                      "description": "a fake " + slot + " plugin for tests"}
            if "answerProtocol" in settings:
                answer["protocol"] = settings["answerProtocol"]
            answer.update(declarations or {})
            reply(answer)
            continue
        if method == "detect":
            reply({"available": True, "problem": "", "hint": ""})
            continue
        handler = handlers.get(method)
        if handler is None:
            if call_id is not None:
                reply(error={"code": -32601, "message": "no method " + str(method)})
            continue
        try:
            result = handler(params, reply)
        except PluginError as failure:
            reply(error={"code": failure.code, "message": failure.message})
            continue
        if result is not HOLD and call_id is not None:
            reply(result)
