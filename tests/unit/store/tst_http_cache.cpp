#include "store_test_support.h"

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestHttpCache final : public QObject
{
    Q_OBJECT

private slots:
    void storesReplacesAndPrunes()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        QByteArray body("{\"state\":\"open\"}\0\xff binary", 26);
        HttpCacheEntry entry{u"GET https://api.github.com/repos/o/r/pulls/1"_s,
                             u"https://api.github.com/repos/o/r/pulls/1"_s,
                             u"W/\"abc\""_s,
                             u"Wed, 21 Oct 2015 07:28:00 GMT"_s,
                             200,
                             body,
                             at(1000)};
        STORE_VERIFY(store.httpCache().put(entry));
        auto read = store.httpCache().get(entry.key);
        STORE_VERIFY(read);
        QVERIFY(read->has_value());
        QCOMPARE(read.value()->url, entry.url);
        QCOMPARE(read.value()->etag, entry.etag);
        QCOMPARE(read.value()->lastModified, entry.lastModified);
        QCOMPARE(read.value()->status, 200);
        QCOMPARE(read.value()->body, body);
        QCOMPARE(read.value()->fetchedAt, at(1000));

        entry.etag = u"W/\"def\""_s;
        entry.body = "changed";
        entry.fetchedAt = at(5000);
        STORE_VERIFY(store.httpCache().put(entry));
        read = store.httpCache().get(entry.key);
        QCOMPARE(read.value()->etag, u"W/\"def\""_s);
        QCOMPARE(read.value()->body, QByteArray("changed"));

        HttpCacheEntry old{u"GET old"_s, u"https://example.com/old"_s, {}, {}, 200, "x", at(2000)};
        STORE_VERIFY(store.httpCache().put(old));
        QCOMPARE(store.httpCache().prune(at(3000)).value(), 1);
        QVERIFY(!store.httpCache().get(old.key)->has_value());
        QVERIFY(store.httpCache().get(entry.key)->has_value());
        QCOMPARE(store.httpCache().prune(at(3000)).value(), 0);
        QVERIFY(!store.httpCache().put(HttpCacheEntry()).ok());
    }
};

QTEST_GUILESS_MAIN(TestHttpCache)
#include "tst_http_cache.moc"
