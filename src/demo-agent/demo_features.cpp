#include "demo_features.h"

using namespace Qt::StringLiterals;

namespace flotilla::demo {

QString DemoFeature::path() const
{
    return u"features/%1.sh"_s.arg(id.toLower());
}

QString DemoFeature::testName() const
{
    return u"test_"_s + function;
}

QString DemoFeature::fileText(const QString &taskTitle) const
{
    return u"# %1: %2\n"_s.arg(id, taskTitle) + firstBody;
}

const QList<DemoFeature> &demoFeatures()
{
    static const QList<DemoFeature> features = {
        {u"LOCAL-1"_s, u"discount"_s, u"Add a 10% discount"_s,
         u"discount() {\n    # Price after the 10% discount, in whole units.\n    echo $(( $1 * 10 / 100 ))\n}\n"_s,
         u"discount() {\n    # Price after the 10% discount, in whole units.\n    echo $(( $1 * 90 / 100 ))\n}\n"_s,
         u"return the discounted price, not the discount"_s},
        {u"LOCAL-2"_s, u"shipping"_s, u"Add shipping costs"_s,
         u"shipping() {\n    # Flat rate of 5; orders of 10 items or more ship free.\n"
         "    if [ \"$1\" -ge 3 ]; then\n        echo 0\n    else\n        echo 5\n    fi\n}\n"_s,
         u"shipping() {\n    # Flat rate of 5; orders of 10 items or more ship free.\n"
         "    if [ \"$1\" -ge 10 ]; then\n        echo 0\n    else\n        echo 5\n    fi\n}\n"_s,
         u"free shipping starts at 10 items"_s},
        {u"LOCAL-3"_s, u"tax"_s, u"Add sales tax"_s,
         u"tax() {\n    # Sales tax of 20%, in whole units.\n    echo $(( $1 * 2 / 100 ))\n}\n"_s,
         u"tax() {\n    # Sales tax of 20%, in whole units.\n    echo $(( $1 * 20 / 100 ))\n}\n"_s,
         u"use the 20% tax rate"_s},
    };
    return features;
}

const DemoFeature *featureById(const QString &id)
{
    for (const DemoFeature &feature : demoFeatures()) {
        if (feature.id.compare(id, Qt::CaseInsensitive) == 0)
            return &feature;
    }
    return nullptr;
}

const DemoFeature *featureByTestName(const QString &testName)
{
    for (const DemoFeature &feature : demoFeatures()) {
        if (feature.testName() == testName)
            return &feature;
    }
    return nullptr;
}

} // namespace flotilla::demo
