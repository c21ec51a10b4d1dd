#pragma once

#include <QString>
#include <QStringList>

namespace flotilla::test {

// The messages the fake agent CLI recorded in FAKE_AGENT_RECORD, in order (its own start and
// command lines left out).
QStringList receivedMessages(const QString &recordFile);

} // namespace flotilla::test
