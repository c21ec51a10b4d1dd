#!/usr/bin/env python3
"""A tracker plugin speaking Flotilla's external plugin protocol, for tests.

Settings: issuesFile (a JSON array of issues, read and written back on every change),
reverseBatch (hold that many tracker.getIssue calls, then answer them in reverse order).
"""
import json

from fakeplugin import HOLD, PluginError, log, serve

settings = {}
held = []


def load():
    with open(settings["issuesFile"], encoding="utf-8") as source:
        return json.load(source)


def save(issues):
    with open(settings["issuesFile"], "w", encoding="utf-8") as target:
        json.dump(issues, target, indent=2)


def find(issues, issue_id):
    for issue in issues:
        if issue.get("id") == issue_id:
            return issue
    raise PluginError(404, "issue %s not found" % issue_id)


def get_issue(params, reply):
    issue = find(load(), params["id"])
    batch = settings.get("reverseBatch")
    if not batch:
        return issue
    held.append((reply, issue))
    if len(held) == batch:
        for answer, held_issue in reversed(held):
            answer(held_issue)
        held.clear()
    return HOLD


def list_issues(params, reply):
    result = []
    for issue in load():
        if params.get("state") and issue.get("state", "open") != params["state"]:
            continue
        if any(label not in issue.get("labels", []) for label in params.get("labels", [])):
            continue
        if params.get("text") and params["text"].lower() not in issue.get("title", "").lower():
            continue
        result.append(issue)
    return {"issues": result[: params.get("limit", 50)]}


def update_issue(params, reply):
    issues = load()
    issue = find(issues, params["id"])
    update = params.get("update", {})
    if update.get("state"):
        issue["state"] = update["state"]
    labels = [label for label in issue.get("labels", []) if label not in update.get("removeLabels", [])]
    issue["labels"] = labels + [label for label in update.get("addLabels", []) if label not in labels]
    if update.get("comment"):
        issue.setdefault("comments", []).append(update["comment"])
    save(issues)
    return None


def create_issue(params, reply):
    issues = load()
    issue = dict(params)
    issue["id"] = "LOCAL-%d" % (len(issues) + 1)
    issue["url"] = "file://issues/" + issue["id"]
    issues.append(issue)
    save(issues)
    return issue


log("fake_tracker: started")
serve("tracker", "fake-tracker",
      {"tracker.getIssue": get_issue, "tracker.listIssues": list_issues,
       "tracker.updateIssue": update_issue, "tracker.createIssue": create_issue},
      declarations={"branchNameTemplate": "feat/{id}-{slug}",
                    "promptTemplate": "Fix {id}: {title}\n\n{description}\n\nLabels: {labels}"},
      on_initialize=settings.update)
