#!/usr/bin/env bash
# Drives fake_agent.py through a private tmux server the way Flotilla's tmux runtime talks to an
# agent (load-buffer, bracketed paste-buffer, then Enter; send-keys for typed text) and checks what
# the agent received, the Claude-style session log it kept and the git work it did.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
agent="$here/fake_agent.py"
for tool in tmux python3 git; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/fake-agent-check.XXXXXX")
work=$(cd "$work" && pwd -P)
socket="fake-agent-check-$$"
cleanup() {
  local pids socket_path
  pids=$(tmux -L "$socket" list-panes -a -F '#{pane_pid}' 2>/dev/null || true)
  socket_path=$(tmux -L "$socket" display-message -p '#{socket_path}' 2>/dev/null || true)
  tmux -L "$socket" kill-server 2>/dev/null || true
  [[ -z "$socket_path" ]] || rm -f "$socket_path"
  # The panes' programs finish writing into $work after the hangup; let them before removing it.
  for _ in $(seq 50); do
    local alive=0 pid
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive -eq 0 ]] && break
    sleep 0.1
  done
  rm -rf "$work"
}
trap cleanup EXIT

unset TMUX
export HOME="$work/home"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME="Fake Agent" GIT_AUTHOR_EMAIL="fake-agent@example.invalid"
export GIT_COMMITTER_NAME="Fake Agent" GIT_COMMITTER_EMAIL="fake-agent@example.invalid"
mkdir -p "$HOME"
current=""

fail() {
  echo "FAIL: $*" >&2
  if [[ -n "$current" ]]; then
    echo "--- pane $current ---" >&2
    tmux -L "$socket" capture-pane -p -t "$current" -S -40 >&2 2>/dev/null || true
  fi
  exit 1
}

tm() { tmux -L "$socket" "$@"; }

# start NAME DIR [VAR=value ...] -- [agent arguments ...]; the exit code lands in $work/NAME.exit.
start() {
  local name=$1 dir=$2
  shift 2
  local -a environment=()
  while [[ $# -gt 0 && $1 != "--" ]]; do environment+=("$1"); shift; done
  shift
  local command
  environment=("FAKE_AGENT_RECORD=$work/$name.record" "${environment[@]}")
  command="cd $(printf %q "$dir") && env $(printf '%q ' "${environment[@]}")"
  command+="python3 $(printf %q "$agent")"
  [[ $# -eq 0 ]] || command+=" $(printf '%q ' "$@")"
  command+="; echo \$? > $(printf %q "$work/$name.exit")"
  tm -f /dev/null new-session -d -s "$name" -x 160 -y 50 "$command"
  current=$name
}

pane() { tm capture-pane -p -t "$1" 2>/dev/null || true; }

wait_until() {
  local what=$1
  shift
  local deadline=$((SECONDS + 20))
  until "$@"; do
    [[ $SECONDS -lt $deadline ]] || fail "timed out waiting for $what"
    sleep 0.1
  done
}

prompt_is_last() { [[ "$(pane "$1" | sed '/^[[:space:]]*$/d' | tail -n 1)" == ">" ]]; }
pane_has() { pane "$1" | grep -qF -- "$2"; }
messages_recorded() {
  [[ -f "$work/$1.record" ]] && [[ $(grep -c '"n": ' "$work/$1.record" || true) -ge $2 ]]
}
file_exists() { [[ -f "$1" ]]; }
log_has_entries() {
  [[ -f "$1" ]] && [[ $(grep -c "\"type\": \"$2\"" "$1" || true) -ge $3 ]]
}

paste() {
  tm load-buffer -b "message-$1" "$2"
  tm paste-buffer -p -d -b "message-$1" -t "$1"
}

# Asserts on the record file and session log with Python; the first argument names the check.
check() {
  local name=$1
  shift
  python3 - "$@" || fail "$name"
}

project_dir() { printf '%s/.claude/projects/%s' "$HOME" "$(printf '%s' "$1" | tr '/.' '--')"; }

git init -q --bare "$work/origin.git"
git init -q -b main "$work/repo"
echo "fake agent check" > "$work/repo/README"
git -C "$work/repo" add README
git -C "$work/repo" commit -q -m "Initial commit"
git -C "$work/repo" remote add origin "$work/origin.git"
git -C "$work/repo" push -q origin main
for n in 1 2 3; do
  git -C "$work/repo" worktree add -q -b "fa/check-$n" "$work/worktrees/fa.check-$n"
done
mkdir -p "$work/plain"

# 1. A 10,000-character, 200-line paste arrives as one message, byte for byte.
python3 - "$work/long.txt" <<'EOF'
import sys
lines = []
for i in range(200):
    decoration = ["tab\there", "quotes \"'` $HOME \\n", "unicode é → 日本", "", "  indented"][i % 5]
    lines.append("line %03d %s " % (i, decoration))
body_length = 10000 - 199
filler = body_length - sum(len(line) for line in lines)
for i in range(filler):
    lines[i % 200] += "abcdefghij"[i % 10]
text = "\n".join(lines)
assert len(text) == 10000 and text.count("\n") == 199, (len(text), text.count("\n"))
open(sys.argv[1], "w", encoding="utf-8", newline="").write(text)
EOF

start paste "$work/worktrees/fa.check-1" FAKE_SECRET_TOKEN=hunter2 \
  "FAKE_AGENT_PRINT_ENV_FILE=$work/paste.env" -- \
  --model fake-model --dangerously-skip-permissions --append-system-prompt "- keep answers short"
wait_until "the first prompt" prompt_is_last paste
tm send-keys -t paste -l "stale text that Ctrl-U clears"
tm send-keys -t paste C-u
paste paste "$work/long.txt"
tm send-keys -t paste Enter
wait_until "the pasted message" messages_recorded paste 1
wait_until "the reply to the pasted message" prompt_is_last paste
check "pasted message differs" "$work/paste.record" "$work/long.txt" <<'EOF'
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
messages = [e for e in entries if "n" in e]
expected = open(sys.argv[2], "rb").read()
if len(messages) != 1:
    sys.exit("expected one message, got %d" % len(messages))
got = messages[0]["text"].encode("utf-8")
if got != expected:
    at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    sys.exit("byte %d differs (got %d bytes, expected %d): %r vs %r"
             % (at, len(got), len(expected), got[at:at + 40], expected[at:at + 40]))
start = entries[0]
flags = (start.get("event"), start["model"], start["dangerouslySkipPermissions"],
         start["appendSystemPrompt"], start["resume"])
if flags != ("start", "fake-model", True, "- keep answers short", None):
    sys.exit("start flags not recorded: %r" % start)
print("ok: 10,000-character paste recorded byte for byte")
EOF
log_dir=$(project_dir "$work/worktrees/fa.check-1")
check "session log of the pasted message" "$log_dir" "$work/long.txt" <<'EOF'
import glob, json, os, sys
logs = glob.glob(os.path.join(sys.argv[1], "*.jsonl"))
if len(logs) != 1:
    sys.exit("expected one session log in %s, found %r" % (sys.argv[1], logs))
entries = [json.loads(line) for line in open(logs[0], encoding="utf-8")]
kinds = [e["type"] for e in entries]
if kinds != ["user", "assistant", "summary"]:
    sys.exit("unexpected entries %r" % kinds)
user, assistant = entries[0], entries[1]
if user["message"]["content"] != open(sys.argv[2], encoding="utf-8", newline="").read():
    sys.exit("user entry text differs")
usage = assistant["message"]["usage"]
if usage["input_tokens"] <= 0 or usage["output_tokens"] <= 0 or assistant["costUSD"] <= 0:
    sys.exit("assistant entry without usage or cost: %r" % assistant)
if user["sessionId"] + ".jsonl" != os.path.basename(logs[0]) or user["gitBranch"] != "fa/check-1":
    sys.exit("session id or branch wrong: %r" % user)
if assistant["parentUuid"] != user["uuid"] or not entries[2]["summary"]:
    sys.exit("entries not chained or summary empty")
print("ok: session log has user, assistant and summary entries")
EOF
grep -qx FAKE_SECRET_TOKEN "$work/paste.env" || fail "environment names lack FAKE_SECRET_TOKEN"
! grep -q hunter2 "$work/paste.env" || fail "environment names file holds a value"

# 2. Messages sent while the agent is thinking are queued, announced, and handled in order.
start queue "$work/worktrees/fa.check-2" FAKE_AGENT_THINK_MS=1500 --
wait_until "the first prompt" prompt_is_last queue
tm send-keys -t queue -l "first message"
tm send-keys -t queue Enter
wait_until "thinking" pane_has queue "● Thinking…"
printf 'second message\nspans two lines' > "$work/second.txt"
paste queue "$work/second.txt"
tm send-keys -t queue Enter
tm send-keys -t queue -l "third message"
tm send-keys -t queue Enter
wait_until "the queued-message marker" pane_has queue "Press up to edit queued messages"
prompt_is_last queue && fail "the prompt shows while the agent is busy"
wait_until "three messages" messages_recorded queue 3
wait_until "all replies" pane_has queue "Done with message 3"
wait_until "the prompt after the queue" prompt_is_last queue
check "queued messages" "$work/queue.record" "$(project_dir "$work/worktrees/fa.check-2")" <<'EOF'
import glob, json, os, sys
expected = ["first message", "second message\nspans two lines", "third message"]
messages = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
texts = [m["text"] for m in messages if "n" in m]
if texts != expected or [m["n"] for m in messages if "n" in m] != [1, 2, 3]:
    sys.exit("record holds %r" % texts)
(log,) = glob.glob(os.path.join(sys.argv[2], "*.jsonl"))
entries = [json.loads(line) for line in open(log, encoding="utf-8")]
turns = [e for e in entries if e["type"] != "summary"]
if [e["type"] for e in turns] != ["user", "assistant"] * 3:
    sys.exit("unexpected entries %r" % [e["type"] for e in entries])
if [e["message"]["content"] for e in turns if e["type"] == "user"] != expected:
    sys.exit("user entries out of order")
print("ok: queued messages handled in order")
EOF

# 3. Commands: environment probes, a permission question, edit, commit, push, then EXIT.
session=0b7e9a52-3c1d-4f6e-9a8b-2d4c6e8f0a1b
start commands "$work/worktrees/fa.check-3" FAKE_SECRET_TOKEN=hunter2 FAKE_AGENT_THINK_MS=100 -- \
  --resume "$session"
wait_until "the first prompt" prompt_is_last commands
printf '%s\n' "ENV FAKE_SECRET_TOKEN" "ENV FAKE_AGENT_UNSET_VARIABLE" "ASK" \
  "EDIT notes/hello.txt hello from the fake agent" "COMMIT Add a note" "PUSH" > "$work/commands.txt"
paste commands "$work/commands.txt"
tm send-keys -t commands Enter
wait_until "the permission question" pane_has commands "Do you want to proceed?"
log="$(project_dir "$work/worktrees/fa.check-3")/$session.jsonl"
check "permission request in the session log" "$log" <<'EOF'
import json, sys
last = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")][-1]
if last["type"] != "permission_request":
    sys.exit("last entry is %r" % last["type"])
EOF
tm send-keys -t commands 1
wait_until "the reply after the permission" pane_has commands "Done with message 1"
wait_until "the prompt after the commands" prompt_is_last commands
pane commands | grep -q hunter2 && fail "an environment value reached the screen"
[[ "$(cat "$work/worktrees/fa.check-3/notes/hello.txt")" == "hello from the fake agent" ]] ||
  fail "EDIT did not write notes/hello.txt"
[[ "$(git --git-dir="$work/origin.git" log -1 --format=%s fa/check-3)" == "Add a note" ]] ||
  fail "the commit did not reach origin"
[[ "$(git -C "$work/worktrees/fa.check-3" rev-parse --abbrev-ref '@{u}')" == "origin/fa/check-3" ]] ||
  fail "PUSH did not set the upstream"
printf '%s\n' "ASK" "EDIT notes/denied.txt should not exist" > "$work/denied.txt"
paste commands "$work/denied.txt"
tm send-keys -t commands Enter
wait_until "the second permission question" log_has_entries "$log" permission_request 2
tm send-keys -t commands 2
wait_until "the refusal" pane_has commands "Denied: stopping here"
wait_until "the prompt after the refusal" prompt_is_last commands
tm send-keys -t commands -l "EXIT 7"
tm send-keys -t commands Enter
wait_until "the agent to exit" file_exists "$work/commands.exit"
[[ "$(cat "$work/commands.exit")" == 7 ]] || fail "EXIT 7 ended with $(cat "$work/commands.exit")"
check "command results" "$work/commands.record" "$work/worktrees/fa.check-3" <<'EOF'
import json, os, sys
entries = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
env = [e["text"] for e in entries if e.get("event") == "env"]
if env != ["ENV FAKE_SECRET_TOKEN=set", "ENV FAKE_AGENT_UNSET_VARIABLE=unset"]:
    sys.exit("env records %r" % env)
if "hunter2" in open(sys.argv[1], encoding="utf-8").read():
    sys.exit("an environment value was recorded")
answers = [e["answer"] for e in entries if e.get("event") == "permission"]
if answers != ["yes", "no"]:
    sys.exit("permission answers %r" % answers)
commands = [(e["command"], e["ok"]) for e in entries if e.get("event") == "command"]
if commands != [("EDIT", True), ("COMMIT", True), ("PUSH", True)]:
    sys.exit("commands %r" % commands)
if os.path.exists(os.path.join(sys.argv[2], "notes", "denied.txt")):
    sys.exit("a denied EDIT ran")
if entries[0]["resume"] is None or (entries[-1].get("event"), entries[-1].get("code")) != ("exit", 7):
    sys.exit("resume or exit not recorded: %r %r" % (entries[0], entries[-1]))
print("ok: commands, permission answers and exit code")
EOF

# 4. An Enter that arrives while a paste is still being taken in is swallowed, as the real TUI does;
#    the placeholder shows once it settles and a second Enter submits.
start settle "$work/plain" FAKE_AGENT_PASTE_SETTLE_MS=1000 FAKE_AGENT_THINK_MS=100 --
wait_until "the first prompt" prompt_is_last settle
printf 'alpha\nbeta' > "$work/settle.txt"
paste settle "$work/settle.txt"
tm send-keys -t settle Enter
wait_until "the paste placeholder" pane_has settle "> [Pasted text #1 +1 lines]"
messages_recorded settle 1 && fail "an Enter during the paste settle time submitted"
tm send-keys -t settle Enter
wait_until "the settled message" messages_recorded settle 1
check "settled message" "$work/settle.record" <<'EOF'
import json, sys
texts = [json.loads(line).get("text") for line in open(sys.argv[1], encoding="utf-8")]
if "alpha\nbeta" not in texts:
    sys.exit("record holds %r" % texts)
EOF

# 5. Unknown flags are refused with exit code 2.
current=""
set +e
python3 "$agent" --no-such-flag < /dev/null > /dev/null 2> "$work/usage.err"
code=$?
set -e
[[ $code -eq 2 ]] || fail "an unknown flag exited with $code"
grep -q "unknown argument '--no-such-flag'" "$work/usage.err" || fail "no message for an unknown flag"

echo "PASS: fake agent behaves under tmux"
