#include "store_test_support.h"

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestProjectStore final : public QObject
{
    Q_OBJECT

private slots:
    void upsertsAndLists()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        ProjectRecord shop{u"shop"_s, u"Shop"_s, u"acme/shop"_s, u"/src/shop"_s, u"main"_s, u"sh"_s, at(1000)};
        STORE_VERIFY(store.projects().upsert(shop));
        STORE_VERIFY(store.projects().upsert(
            {u"blog"_s, u"Blog"_s, u"acme/blog"_s, u"/src/blog"_s, u"trunk"_s, u"bl"_s, QDateTime()}));
        shop.defaultBranch = u"develop"_s;
        shop.updatedAt = at(2000);
        STORE_VERIFY(store.projects().upsert(shop));

        const auto read = store.projects().get(u"shop"_s);
        STORE_VERIFY(read);
        QVERIFY(read->has_value());
        QCOMPARE(read.value()->name, u"Shop"_s);
        QCOMPARE(read.value()->repo, u"acme/shop"_s);
        QCOMPARE(read.value()->path, u"/src/shop"_s);
        QCOMPARE(read.value()->defaultBranch, u"develop"_s);
        QCOMPARE(read.value()->sessionPrefix, u"sh"_s);
        QCOMPARE(read.value()->updatedAt, at(2000));

        const auto all = store.projects().list();
        STORE_VERIFY(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).id, u"blog"_s);
        QVERIFY(all->at(0).updatedAt.isValid()); // stamped when not given
        QVERIFY(!store.projects().get(u"none"_s)->has_value());
        QCOMPARE(store.projects().upsert({}).error().code, u"store.invalid_project"_s);
    }
};

QTEST_GUILESS_MAIN(TestProjectStore)
#include "tst_project_store.moc"
