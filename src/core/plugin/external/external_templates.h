#pragma once

#include "model/session_facts.h"
#include "plugin/tracker_plugin.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace flotilla::external {

// Synchronous interface methods (branch names, prompts, attach and launch commands) cannot
// wait for a plugin process, so an external plugin declares them as templates in its
// `initialize` answer and Flotilla expands them locally. Placeholders are `{name}`; unknown
// ones stay as written, so prompts may contain braces.
using TemplateValues = QHash<QString, QString>;

QString expandTemplate(const QString &text, const TemplateValues &values);
// Expands each argument; an argument that is a single placeholder with no value is dropped,
// so ["--model", "{model}"] style pairs should be written as "--model={model}".
QStringList expandArguments(const QStringList &arguments, const TemplateValues &values);
// Whether every placeholder of `arguments` has a non-empty value.
bool allPlaceholdersFilled(const QStringList &arguments, const TemplateValues &values);

TemplateValues sessionValues(const SessionRecord &session);
TemplateValues issueValues(const Issue &issue);
// "Fix the login page!" → "fix-the-login-page", at most 40 characters.
QString slugOf(const QString &text);

} // namespace flotilla::external
