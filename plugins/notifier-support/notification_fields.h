#pragma once

#include "plugin/notifier_plugin.h"

#include <QList>
#include <QPair>
#include <QString>

namespace flotilla::notificationfields {

// The labelled facts every rich channel shows, in one order: Project, Session, Issue, Pull
// request, CI (with the failing checks), Review. Only the facts the notification has.
QList<QPair<QString, QString>> of(const Notification &notification);
// Links a person can act on, labelled: the pull request, the decision page, the session page.
QList<QPair<QString, QUrl>> actions(const Notification &notification);
// "Answer: flo decide … (or the dashboard's decision page)" for a question, else empty.
QString howToAnswer(const Notification &notification);

} // namespace flotilla::notificationfields
