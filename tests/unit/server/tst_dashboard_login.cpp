// One-time sign-in codes and the cookies they buy: single use, short-lived codes, cookies that
// expire, and nothing but hashes kept.
#include "dashboard_login.h"

#include <QTest>

using namespace flotilla;

class TestDashboardLogin final : public QObject
{
    Q_OBJECT

    QDateTime m_now = QDateTime(QDate(2026, 5, 1), QTime(9, 0), Qt::UTC);

private slots:
    void aCodeIsGoodOnceAndBriefly()
    {
        DashboardLogin login;
        login.setClock([this] { return m_now; });
        const QByteArray first = login.issueCode();
        const QByteArray second = login.issueCode();
        QVERIFY(first != second);
        QVERIFY(first.size() >= 43);                                                   // 256 random bits
        QVERIFY(!first.contains('+') && !first.contains('/') && !first.contains('=')); // URL-safe

        const auto cookie = login.redeem(first);
        QVERIFY(cookie.has_value());
        QVERIFY(*cookie != first);
        QVERIFY(!login.redeem(first)); // used
        QVERIFY(!login.redeem({}));
        QVERIFY(!login.redeem("made-up"));

        m_now = m_now.addSecs(121); // past the two minutes
        QVERIFY(!login.redeem(second));
    }

    void theCookieSignsInUntilItExpires()
    {
        DashboardLogin login;
        login.setClock([this] { return m_now; });
        const QByteArray cookie = *login.redeem(login.issueCode());
        const QByteArray header = "theme=dark; flotilla_dashboard=" + cookie + "; other=1";
        QVERIFY(login.acceptsCookieHeader(header));
        QVERIFY(!login.acceptsCookieHeader("flotilla_dashboard=" + cookie.left(cookie.size() - 1)));
        QVERIFY(!login.acceptsCookieHeader("flotilla_dashboard_x=" + cookie));
        QVERIFY(!login.acceptsCookieHeader({}));
        m_now = m_now.addSecs(11 * 3600);
        QVERIFY(login.acceptsCookieHeader(header));
        m_now = m_now.addSecs(3600 + 1);
        QVERIFY(!login.acceptsCookieHeader(header));

        const QByteArray set = DashboardLogin::setCookieHeader(cookie);
        QCOMPARE(set, "flotilla_dashboard=" + cookie + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
    }
};

QTEST_GUILESS_MAIN(TestDashboardLogin)
#include "tst_dashboard_login.moc"
