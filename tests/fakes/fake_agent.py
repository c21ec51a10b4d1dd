#!/usr/bin/env python3
"""An interactive coding agent CLI shaped like Claude Code, with no model behind it, so end-to-end
tests can drive Flotilla against real tmux and real git. It takes the flags Flotilla gives
Claude Code (see USAGE below; any other argument exits with code 2) and works in the current
directory, the worktree.

On a terminal it switches to raw mode and bracketed paste (ESC[?2004h), shows a banner and then a
prompt whose last line is "> " while idle. Everything between the paste markers is one piece of
text, newlines included; Enter outside a paste submits the input line (typed characters and pastes
in order). Pasted CR and CRLF become LF, as tmux turns LF into CR when it pastes. Long or
multi-line pastes show as "[Pasted text #k +N lines]". Ctrl-U clears the input line, Backspace
deletes, Ctrl-D on an empty line or Ctrl-C twice exits.

A submitted message is "worked on" for FAKE_AGENT_THINK_MS (default 500) while "● Thinking…"
lines appear; messages submitted meanwhile are queued, announced with "Press up to edit queued
messages", and handled in order afterwards.

Environment:
  FAKE_AGENT_RECORD          file that gets one JSON line per event, appended:
                               {"event": "start", "argv": [...], "model": ..., "session": ...}
                               {"n": 1, "text": "<message exactly>", "at": "<UTC time>"}
                               {"event": "env", "name": N, "set": true, "sha256": H, "text": "ENV N=set"}
                             (H: SHA-256 of the value in hex, null when unset)
                               {"event": "command", "command": "COMMIT", "ok": true, "detail": ...}
                               {"event": "permission", "answer": "yes" | "no"}
                               {"event": "exit", "code": 0}
                             Message numbers continue across runs sharing the file.
  FAKE_AGENT_THINK_MS        how long each message takes (default 500).
  FAKE_AGENT_PASTE_SETTLE_MS how long a paste takes to be taken in (default 0): until then the
                             input line does not show it and Enter is swallowed, as the real
                             TUI does with large pastes.
  FAKE_AGENT_PRINT_ENV_FILE  at start, the names (never the values) of all environment variables
                             are written there, one per line.

Session log, as Claude Code keeps it: $HOME/.claude/projects/<cwd with / and . as ->/<uuid>.jsonl
(the --resume UUID, else a new one): a "user" entry when a message is taken up, an "assistant"
entry with token usage and costUSD after each reply, a "summary" entry after the first reply and a
"permission_request" entry when asking.

Lines of a message that start with a command word are acted on, in order, once thinking is over:
  EDIT <path> <text>   write <text> and a newline to <path> inside the worktree
  COMMIT <message>     git add -A && git commit -m <message>
  PUSH                 push the current branch to origin and set its upstream
  ASK                  ask "Do you want to proceed?" and wait for the key 1/y (yes) or 2/n/Esc
                       (no), or a submitted 1/y/yes/2/n/no; "no" skips the rest of the
                       message. Other text submitted meanwhile is queued without a marker.
  EXIT <code>          exit with <code>
  ENV <NAME>           tell whether NAME is set, never its value
  RUN <command line>   run it with sh -c in the worktree; records
                         {"event": "run", "line": ..., "exit": N, "stdout": ..., "stderr": ...}
"""
import datetime
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import termios
import time
import uuid
from collections import deque

VERSION = "1.0.0"
PROMPT_RULE = "╭─ fake-agent ─" + "─" * 30
PROMPT = "> "
QUEUED_HINT = "Press up to edit queued messages"
PERMISSION_LINES = ("Do you want to proceed?", "❯ 1. Yes", "  2. No")
THINKING_LINES = ("● Thinking…", "● Reading the worktree…", "● Writing a reply…")
PASTE_START = b"\x1b[200~"
PASTE_END = b"\x1b[201~"
ESCAPE_WAIT_S = 0.05
DOUBLE_INTERRUPT_S = 2.0
GIT_TIMEOUT_S = 120
USAGE = ("usage: fake_agent.py [--model M] [--dangerously-skip-permissions] "
         "[--append-system-prompt TEXT] [--resume UUID]")


def utc_now():
    stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def env_milliseconds(name, default):
    raw = os.environ.get(name, "")
    try:
        return max(0, int(raw)) / 1000.0 if raw else default / 1000.0
    except ValueError:
        sys.stderr.write("fake_agent.py: %s must be a whole number of milliseconds\n" % name)
        sys.exit(2)


def parse_arguments(argv):
    """Hand-rolled because argparse refuses option values that start with '-', and a system
    prompt passed through --append-system-prompt often does (a markdown list)."""
    options = {"model": None, "skip_permissions": False, "system_prompt": None, "resume": None}
    valued = {"--model": "model", "--append-system-prompt": "system_prompt", "--resume": "resume"}
    index = 0
    while index < len(argv):
        argument = argv[index]
        name, has_inline, inline = argument.partition("=")
        if argument in ("-h", "--help"):
            print(USAGE)
            sys.exit(0)
        elif argument == "--dangerously-skip-permissions":
            options["skip_permissions"] = True
        elif name in valued and has_inline:
            options[valued[name]] = inline
        elif argument in valued:
            if index + 1 >= len(argv):
                usage_error("%s needs a value" % argument)
            index += 1
            options[valued[argument]] = argv[index]
        else:
            usage_error("unknown argument '%s'" % argument)
        index += 1
    if options["resume"] is not None:
        try:
            options["resume"] = str(uuid.UUID(options["resume"]))
        except ValueError:
            usage_error("--resume needs a session UUID, got '%s'" % options["resume"])
    return options


def usage_error(message):
    sys.stderr.write("fake_agent.py: %s\n%s\n" % (message, USAGE))
    sys.exit(2)


def shorten(text, width=60):
    if "\n" not in text and len(text) <= width:
        return text
    head = text.replace("\n", "⏎")[:width].rstrip() + "…"
    return "%s [%d lines, %d chars]" % (head, text.count("\n") + 1, len(text))


def append_line(path, entry):
    """One write() per line, so a reader polling the file never sees half an entry."""
    data = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        while data:
            data = data[os.write(fd, data):]
    finally:
        os.close(fd)


def git(args, cwd):
    """Exit code and last line of output: the answer for queries, the reason for failures."""
    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0")
    try:
        done = subprocess.run(["git"] + args, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=GIT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 127, str(error)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, lines[-1].strip() if lines else ""


class Recorder:
    """The record file tests read back; without FAKE_AGENT_RECORD nothing is written."""

    def __init__(self, path):
        self.path = path
        self.count = 0
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as existing:
                for line in existing:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(entry, dict) and isinstance(entry.get("n"), int):
                        self.count = max(self.count, entry["n"])

    def event(self, kind, **fields):
        if self.path:
            append_line(self.path, dict({"event": kind}, **fields, at=utc_now()))

    def message(self, text):
        self.count += 1
        if self.path:
            append_line(self.path, {"n": self.count, "text": text, "at": utc_now()})
        return self.count


class SessionLog:
    def __init__(self, home, cwd, session_id, model):
        project = cwd.replace("/", "-").replace(".", "-")
        directory = os.path.join(home, ".claude", "projects", project)
        os.makedirs(directory, exist_ok=True)
        self.path = os.path.join(directory, session_id + ".jsonl")
        self.cwd = cwd
        self.session_id = session_id
        self.model = model or "fake-sonnet"
        self.parent = self._last_uuid()

    def _last_uuid(self):
        last = None
        if os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as existing:
                for line in existing:
                    try:
                        last = json.loads(line).get("uuid", last)
                    except (ValueError, AttributeError):
                        continue
        return last

    def _write(self, kind, **fields):
        entry_uuid = str(uuid.uuid4())
        code, branch = git(["rev-parse", "--abbrev-ref", "HEAD"], self.cwd)
        entry = {"parentUuid": self.parent, "isSidechain": False, "userType": "external",
                 "cwd": self.cwd, "sessionId": self.session_id, "version": VERSION,
                 "gitBranch": branch if code == 0 else "", "type": kind}
        entry.update(fields)
        entry.update({"uuid": entry_uuid, "timestamp": utc_now()})
        append_line(self.path, entry)
        self.parent = entry_uuid
        return entry_uuid

    def user(self, text):
        self._write("user", message={"role": "user", "content": text})

    def assistant(self, reply, prompt):
        input_tokens = 20 + (len(prompt) + 3) // 4
        output_tokens = max(1, (len(reply) + 3) // 4)
        cost = round(input_tokens * 3e-6 + output_tokens * 15e-6, 8)
        message = {"id": "msg_" + uuid.uuid4().hex[:24], "type": "message", "role": "assistant",
                   "model": self.model, "content": [{"type": "text", "text": reply}],
                   "stop_reason": "end_turn", "stop_sequence": None,
                   "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens,
                             "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
        return self._write("assistant", message=message, costUSD=cost)

    def summary(self, text, leaf):
        append_line(self.path, {"type": "summary", "summary": text, "leafUuid": leaf})

    def permission_request(self, tool):
        self._write("permission_request", tool=tool)


class Terminal:
    def __init__(self, fd_in, fd_out):
        self.fd_in = fd_in
        self.fd_out = fd_out
        self.saved = None
        self.interactive = os.isatty(fd_out)
        self.mid_line = False

    def enter(self):
        if os.isatty(self.fd_in):
            self.saved = termios.tcgetattr(self.fd_in)
            mode = termios.tcgetattr(self.fd_in)
            mode[0] &= ~(termios.BRKINT | termios.ICRNL | termios.INLCR | termios.IGNCR
                         | termios.INPCK | termios.ISTRIP | termios.IXON)
            mode[1] &= ~termios.OPOST
            mode[2] |= termios.CS8
            mode[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
            mode[6][termios.VMIN] = 1
            mode[6][termios.VTIME] = 0
            # TCSANOW, not TCSAFLUSH: input typed before start-up must not be thrown away.
            termios.tcsetattr(self.fd_in, termios.TCSANOW, mode)
        if self.interactive:
            self.raw("\x1b[?2004h")

    def restore(self):
        if self.interactive:
            self.raw("\x1b[?2004l\r\n")
        elif self.mid_line:
            self.raw("\n")
        if self.saved is not None:
            termios.tcsetattr(self.fd_in, termios.TCSADRAIN, self.saved)
            self.saved = None

    def raw(self, text):
        if text:
            self.mid_line = not text.endswith("\n")
        data = text.encode("utf-8")
        try:
            while data:
                data = data[os.write(self.fd_out, data):]
        except OSError:
            # The terminal hung up; the work in hand still finishes and is recorded.
            self.interactive = False

    def line(self, text=""):
        self.raw(text.replace("\n", "\r\n") + "\r\n" if self.saved is not None else text + "\n")

    def erase(self, rows_above):
        """Clears the cursor's line and rows_above lines over it; without a terminal to redraw
        on, output just moves to a fresh line."""
        if self.interactive:
            self.raw("\r\x1b[K" + "\x1b[A\x1b[K" * rows_above)
        elif self.mid_line:
            self.raw("\n")

    def columns(self):
        try:
            return os.get_terminal_size(self.fd_out).columns
        except OSError:
            return 80


class InputDecoder:
    """Terminal bytes to key events. A paste stays one event however many newlines it holds, so
    a pasted newline never submits."""

    def __init__(self):
        self.pending = bytearray()
        self.paste = None

    def waiting_on_escape(self):
        return self.paste is None and self.pending[:1] == b"\x1b"

    def flush_escape(self):
        """A lone ESC (no sequence followed in time) is the Escape key."""
        if not self.waiting_on_escape():
            return []
        del self.pending[:]
        return [("escape",)]

    def feed(self, data):
        self.pending += data
        events = []
        while self.pending:
            if self.paste is not None:
                if not self._take_paste(events):
                    break
            elif not self._take_key(events):
                break
        return events

    def _take_paste(self, events):
        end = self.pending.find(PASTE_END)
        if end < 0:
            keep = next(k for k in range(len(PASTE_END) - 1, -1, -1)
                        if self.pending.endswith(PASTE_END[:k]))
            self.paste += self.pending[:len(self.pending) - keep]
            del self.pending[:len(self.pending) - keep]
            return False
        self.paste += self.pending[:end]
        del self.pending[:end + len(PASTE_END)]
        text = self.paste.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        self.paste = None
        events.append(("paste", text))
        return True

    def _take_key(self, events):
        byte = self.pending[0]
        if byte == 0x1b:
            return self._take_escape(events)
        controls = {0x0d: "enter", 0x0a: "enter", 0x7f: "backspace", 0x08: "backspace",
                    0x15: "kill", 0x03: "interrupt", 0x04: "eof"}
        if byte in controls:
            events.append((controls[byte],))
            del self.pending[:1]
            return True
        if byte < 0x20:
            del self.pending[:1]
            return True
        length = 2 if 0xc0 <= byte < 0xe0 else 3 if 0xe0 <= byte < 0xf0 else 4 if 0xf0 <= byte < 0xf8 else 1
        if len(self.pending) < length:
            return False
        events.append(("char", self.pending[:length].decode("utf-8", "replace")))
        del self.pending[:length]
        return True

    def _take_escape(self, events):
        if len(self.pending) < 2:
            return False
        if self.pending[1] == ord("O"):
            if len(self.pending) < 3:
                return False
            del self.pending[:3]
            return True
        if self.pending[1] != ord("["):
            del self.pending[:1]
            events.append(("escape",))
            return True
        for index in range(2, len(self.pending)):
            if 0x40 <= self.pending[index] <= 0x7e:
                sequence = bytes(self.pending[:index + 1])
                del self.pending[:index + 1]
                if sequence == PASTE_START:
                    self.paste = bytearray()
                return True
            if not 0x20 <= self.pending[index] <= 0x3f:
                del self.pending[:index]
                return True
        return False


class InputLine:
    def __init__(self):
        self.parts = []
        self.pastes = 0

    def empty(self):
        return not self.parts

    def text(self):
        return "".join(text for _, text in self.parts)

    def clear(self):
        self.parts = []

    def add_char(self, char):
        if self.parts and self.parts[-1][0] == "typed":
            self.parts[-1] = ("typed", self.parts[-1][1] + char)
        else:
            self.parts.append(("typed", char))

    def add_paste(self, text):
        if text:
            self.pastes += 1
            self.parts.append((self.pastes, text))

    def backspace(self):
        if not self.parts:
            return
        kind, text = self.parts[-1]
        if kind == "typed" and len(text) > 1:
            self.parts[-1] = (kind, text[:-1])
        else:
            self.parts.pop()

    def display(self):
        shown = []
        for kind, text in self.parts:
            if kind != "typed" and ("\n" in text or len(text) > 200):
                shown.append("[Pasted text #%d +%d lines]" % (kind, text.count("\n")))
            else:
                shown.append(text.replace("\t", " "))
        return "".join(shown)


class FakeAgent:
    def __init__(self, options, cwd, terminal, recorder, log):
        self.options = options
        self.cwd = cwd
        self.terminal = terminal
        self.recorder = recorder
        self.log = log
        self.think_s = env_milliseconds("FAKE_AGENT_THINK_MS", 500)
        self.settle_s = env_milliseconds("FAKE_AGENT_PASTE_SETTLE_MS", 0)
        self.decoder = InputDecoder()
        self.input = InputLine()
        self.queue = deque()
        self.state = "idle"
        self.current = None
        self.commands = deque()
        self.outcomes = []
        self.think_started = 0.0
        self.thinking_shown = 0
        self.replies = 0
        self.settle_until = 0.0
        self.escape_deadline = None
        self.input_dirty = False
        self.prompt_shown = False
        self.last_interrupt = None

    def run(self):
        self.banner()
        self.show_prompt()
        fd = self.terminal.fd_in
        # Once input ends (a closed pipe), the work already submitted is still finished.
        input_open = True
        while input_open or self.state not in ("idle", "asking"):
            ready, _, _ = select.select([fd] if input_open else [], [], [], self.next_timeout())
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                input_open = bool(data)
                self.handle_all(self.decoder.feed(data))
                self.escape_deadline = (time.monotonic() + ESCAPE_WAIT_S
                                        if self.decoder.waiting_on_escape() else None)
            now = time.monotonic()
            if self.escape_deadline is not None and now >= self.escape_deadline:
                self.escape_deadline = None
                self.handle_all(self.decoder.flush_escape())
            self.tick(time.monotonic())

    def next_timeout(self):
        now = time.monotonic()
        deadlines = [self.escape_deadline]
        if self.state == "thinking":
            deadlines.append(self.next_thinking_time())
        if self.input_dirty and self.state == "idle" and self.settle_until > now:
            deadlines.append(self.settle_until)
        pending = [deadline for deadline in deadlines if deadline is not None]
        return max(0.0, min(pending) - now) if pending else None

    def handle_all(self, events):
        for event in events:
            self.handle(event)
        self.draw_input()

    def banner(self):
        options = self.options
        self.terminal.line("✻ Welcome to fake-agent %s" % VERSION)
        self.terminal.line("  cwd: %s" % self.cwd)
        self.terminal.line("  model: %s · session: %s" % (self.log.model, self.log.session_id))
        self.terminal.line("  permissions: %s" % ("skipped" if options["skip_permissions"] else "ask"))
        if options["system_prompt"] is not None:
            self.terminal.line("  system prompt: %d chars appended" % len(options["system_prompt"]))
        if options["resume"]:
            self.terminal.line("  resumed session %s" % options["resume"])
        self.terminal.line()

    def show_prompt(self):
        self.terminal.line(PROMPT_RULE)
        self.prompt_shown = True
        self.input_dirty = True
        self.draw_input()

    def draw_input(self):
        if not self.input_dirty or self.state != "idle" or time.monotonic() < self.settle_until:
            return
        self.input_dirty = False
        room = max(10, self.terminal.columns() - len(PROMPT) - 1)
        shown = self.input.display()
        if len(shown) > room:
            shown = "…" + shown[-(room - 1):]
        if self.terminal.interactive:
            self.terminal.raw("\r\x1b[K" + PROMPT + shown)
        elif not self.terminal.mid_line:
            self.terminal.raw(PROMPT)

    def say(self, *lines):
        """Output that replaces the prompt (rule and input line) if it is showing, leaving the
        cursor at the start of a fresh line."""
        self.terminal.erase(1 if self.prompt_shown else 0)
        self.prompt_shown = False
        for line in lines:
            self.terminal.line(line)

    def handle(self, event):
        kind = event[0]
        if kind != "interrupt":
            self.last_interrupt = None
        if kind == "char":
            if self.state == "asking" and self.input.empty() and event[1] in "1yY2nN":
                self.answer(event[1] in "1yY")
                return
            self.input.add_char(event[1])
        elif kind == "paste":
            self.input.add_paste(event[1])
            self.settle_until = time.monotonic() + self.settle_s
        elif kind == "backspace":
            self.input.backspace()
        elif kind == "kill":
            self.input.clear()
        elif kind == "escape":
            if self.state == "asking":
                self.answer(False)
            return
        elif kind == "eof":
            if self.input.empty():
                raise SystemExit(0)
            return
        elif kind == "interrupt":
            self.interrupt()
            return
        elif kind == "enter":
            self.enter()
            return
        self.input_dirty = True

    def interrupt(self):
        now = time.monotonic()
        if not self.input.empty():
            self.input.clear()
            self.input_dirty = True
            return
        if self.last_interrupt is not None and now - self.last_interrupt <= DOUBLE_INTERRUPT_S:
            raise SystemExit(0)
        self.last_interrupt = now
        if self.state == "idle":
            self.say("Press Ctrl-C again to exit")
            self.show_prompt()

    def enter(self):
        if time.monotonic() < self.settle_until:
            return
        text = self.input.text()
        if not text:
            return
        self.input.clear()
        self.input_dirty = True
        if self.state == "asking" and text.strip().lower() in ("1", "y", "yes", "2", "n", "no"):
            self.answer(text.strip().lower() in ("1", "y", "yes"))
            return
        number = self.recorder.message(text)
        if self.state == "idle":
            self.say(PROMPT + shorten(text))
            self.begin(number, text)
        else:
            self.queue.append((number, text))
            if self.state == "thinking":
                self.say("  ⎿ Queued: %s" % shorten(text, 40), "  " + QUEUED_HINT)

    def begin(self, number, text):
        self.current = (number, text)
        self.commands = deque(parse_commands(text))
        self.outcomes = []
        self.log.user(text)
        self.state = "thinking"
        self.think_started = time.monotonic()
        self.thinking_shown = 0

    def next_thinking_time(self):
        step = self.think_s / len(THINKING_LINES)
        return self.think_started + step * min(self.thinking_shown, len(THINKING_LINES))

    def tick(self, now):
        while self.state == "thinking" and now >= self.next_thinking_time():
            if self.thinking_shown < len(THINKING_LINES):
                self.say(THINKING_LINES[self.thinking_shown])
                self.thinking_shown += 1
            else:
                self.state = "working"
                self.work()
        self.draw_input()

    def work(self):
        while self.commands:
            command = self.commands.popleft()
            if command[0] == "ASK":
                self.ask()
                return
            self.execute(command)
        self.reply()

    def ask(self):
        self.state = "asking"
        self.log.permission_request("Bash")
        self.say("⏺ I need to run a command in %s." % self.cwd)
        newline = "\r\n" if self.terminal.saved is not None else "\n"
        self.terminal.raw(newline.join(PERMISSION_LINES))

    def answer(self, allowed):
        self.recorder.event("permission", answer="yes" if allowed else "no")
        self.input.clear()
        self.terminal.line()
        self.say("  ⎿ %s" % ("Allowed" if allowed else "Denied: stopping here"))
        self.state = "working"
        if not allowed:
            self.outcomes.append("stopped at the permission question")
            self.commands.clear()
        self.work()

    def execute(self, command):
        word, argument = command
        if word == "ENV":
            name = argument.split()[0] if argument.split() else ""
            if not name:
                self.outcome(word, False, "ENV needs a variable name")
                return
            state = "set" if name in os.environ else "unset"
            # A hash proves which value arrived without the record holding the secret.
            digest = hashlib.sha256(os.environ[name].encode("utf-8")).hexdigest() if name in os.environ else None
            self.recorder.event("env", name=name, set=state == "set", sha256=digest,
                                text="ENV %s=%s" % (name, state))
            self.say("  ⎿ %s is %s" % (name, state))
            self.outcomes.append("%s is %s" % (name, state))
        elif word == "EXIT":
            try:
                code = int(argument.strip())
            except ValueError:
                self.outcome(word, False, "EXIT needs a number, got '%s'" % argument.strip())
                return
            self.say("⏺ Exiting with code %d" % code)
            raise SystemExit(code)
        elif word == "EDIT":
            self.edit(argument)
        elif word == "COMMIT":
            self.commit(argument.strip())
        elif word == "PUSH":
            self.push()
        elif word == "RUN":
            self.run_shell(argument.strip())

    def outcome(self, word, ok, detail):
        self.recorder.event("command", command=word, ok=ok, detail=detail)
        self.say("  ⎿ %s%s" % ("" if ok else "error: ", detail))
        self.outcomes.append(detail if ok else "%s failed" % word)

    def edit(self, argument):
        path, _, text = argument.strip().partition(" ")
        if not path:
            self.outcome("EDIT", False, "EDIT needs a path")
            return
        root = os.path.realpath(self.cwd)
        target = os.path.realpath(os.path.join(root, path))
        if os.path.isabs(path) or os.path.commonpath([root, target]) != root:
            self.outcome("EDIT", False, "%s is outside the worktree" % path)
            return
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            self.outcome("EDIT", False, "cannot write %s: %s" % (path, error.strerror))
            return
        self.outcome("EDIT", True, "wrote %s" % path)

    def commit(self, message):
        if not message:
            self.outcome("COMMIT", False, "COMMIT needs a message")
            return
        code, output = git(["add", "-A"], self.cwd)
        if code == 0:
            code, output = git(["commit", "-m", message], self.cwd)
        if code != 0:
            self.outcome("COMMIT", False, "git commit failed: %s" % output)
            return
        _, head = git(["rev-parse", "--short", "HEAD"], self.cwd)
        self.outcome("COMMIT", True, "committed %s" % head)

    def push(self):
        code, branch = git(["symbolic-ref", "--short", "HEAD"], self.cwd)
        if code != 0:
            self.outcome("PUSH", False, "no branch to push (detached HEAD)")
            return
        code, output = git(["push", "--set-upstream", "origin", branch], self.cwd)
        if code != 0:
            self.outcome("PUSH", False, "git push failed: %s" % output)
            return
        self.outcome("PUSH", True, "pushed %s to origin" % branch)

    def run_shell(self, command_line):
        if not command_line:
            self.outcome("RUN", False, "RUN needs a command")
            return
        try:
            done = subprocess.run(["sh", "-c", command_line], cwd=self.cwd, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=GIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.outcome("RUN", False, "%s timed out" % shorten(command_line))
            return
        # The whole output is recorded (tests read it); the screen gets its first lines.
        self.recorder.event("run", line=command_line, exit=done.returncode, stdout=done.stdout,
                            stderr=done.stderr)
        for line in (done.stdout + done.stderr).strip().split("\n")[:8]:
            if line:
                self.say("  │ " + shorten(line, 100))
        self.outcome("RUN", done.returncode == 0, "%s exited %d" % (shorten(command_line, 40), done.returncode))

    def reply(self):
        number, text = self.current
        lines = text.count("\n") + 1
        reply = "Done with message %d (%d line%s, %d characters)" % (
            number, lines, "" if lines == 1 else "s", len(text))
        if self.outcomes:
            reply += ": " + "; ".join(self.outcomes)
        self.say("⏺ " + reply + ".")
        leaf = self.log.assistant(reply + ".", text)
        self.replies += 1
        if self.replies == 1:
            self.log.summary("Fake agent: " + shorten(text.strip().split("\n")[0], 60), leaf)
        self.current = None
        if self.queue:
            number, text = self.queue.popleft()
            self.say(PROMPT + shorten(text))
            self.begin(number, text)
        else:
            self.state = "idle"
            self.show_prompt()


COMMAND_WORDS = ("EDIT", "COMMIT", "PUSH", "ASK", "EXIT", "ENV", "RUN")


def parse_commands(text):
    commands = []
    for line in text.split("\n"):
        word, _, argument = line.strip().partition(" ")
        if word in COMMAND_WORDS:
            commands.append((word, argument))
    return commands


def main(argv):
    options = parse_arguments(argv)
    if os.environ.get("FAKE_AGENT_PRINT_ENV_FILE"):
        with open(os.environ["FAKE_AGENT_PRINT_ENV_FILE"], "w", encoding="utf-8") as names:
            names.write("".join(name + "\n" for name in sorted(os.environ)))
    cwd = os.getcwd()
    session_id = options["resume"] or str(uuid.uuid4())
    home = os.environ.get("HOME") or os.path.expanduser("~")
    log = SessionLog(home, cwd, session_id, options["model"])
    recorder = Recorder(os.environ.get("FAKE_AGENT_RECORD", ""))
    recorder.event("start", pid=os.getpid(), argv=argv, cwd=cwd, session=session_id, log=log.path,
                   model=options["model"], dangerouslySkipPermissions=options["skip_permissions"],
                   appendSystemPrompt=options["system_prompt"], resume=options["resume"])
    terminal = Terminal(sys.stdin.fileno(), sys.stdout.fileno())
    agent = FakeAgent(options, cwd, terminal, recorder, log)

    def on_signal(number, _frame):
        raise SystemExit(128 + number)

    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, on_signal)
    code = 0
    terminal.enter()
    try:
        agent.run()
    except SystemExit as stop:
        code = stop.code
    finally:
        try:
            terminal.restore()
        except (OSError, termios.error):
            pass
    recorder.event("exit", code=code)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
