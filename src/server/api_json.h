#pragma once

#include "plugin/scm_plugin.h"

#include "model/decision.h"
#include "model/event.h"
#include "model/session_facts.h"

#include <QJsonObject>

namespace flotilla {

// What the API shows of the model. Sessions carry their derived status and whether they
// need a person; plugin-owned facts (`extra`) stay inside, since they are no one's business.
QJsonObject sessionJson(const SessionRecord &session);
QJsonObject decisionJson(const Decision &decision);
QJsonObject eventJson(const Event &event, qint64 seq);
// A pull request as the lifecycle last read it: checks (failing ones with their log excerpt)
// and the unresolved review comments.
QJsonObject pullRequestJson(const PrSnapshot &pr);

} // namespace flotilla
