#pragma once

#include <QList>
#include <QString>

namespace flotilla::demo {

// One feature of the demo shop project: the file the task asks for, its shell function, and
// the two versions the script writes. The first version carries a deliberate mistake so the
// project's tests/run.sh fails and the CI-failure round trip can be seen; the fix corrects it.
struct DemoFeature
{
    QString id;       // "LOCAL-2"
    QString function; // "shipping"
    QString title;    // used when the task names the id without a title
    QString firstBody;
    QString fixedBody;
    QString fixSummary;

    QString path() const;     // "features/local-2.sh"
    QString testName() const; // "test_shipping", as tests/run.sh reports it
    QString fileText(const QString &taskTitle) const;
};

const QList<DemoFeature> &demoFeatures();
// The feature with this id (case-insensitive), or nullptr.
const DemoFeature *featureById(const QString &id);
// The feature whose check is named `testName` ("test_shipping"), or nullptr.
const DemoFeature *featureByTestName(const QString &testName);

} // namespace flotilla::demo
