#include "log_secret_scrubber.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestLogSecretScrubber final : public QObject
{
    Q_OBJECT

private slots:
    void masksGivenValuesLongestFirst()
    {
        const LogSecretScrubber scrubber({u"s3cr"_s, u"s3cr3t-deploy-value"_s});
        QCOMPARE(scrubber.scrub(u"using s3cr3t-deploy-value and s3cr"_s), u"using *** and ***"_s);
    }

    void ignoresValuesTooShortToBeSecrets()
    {
        const LogSecretScrubber scrubber({u"abc"_s, u""_s});
        QCOMPARE(scrubber.scrub(u"abc def"_s), u"abc def"_s);
    }

    void masksEachLineOfAValueOfSeveralLines()
    {
        const LogSecretScrubber scrubber({u"first-line-of-it\r\nsecond-line-of-it\nok"_s});
        QCOMPARE(scrubber.scrub(u"first-line-of-it\nsecond-line-of-it\nok"_s), u"***\n***\nok"_s);
    }

    void masksTokenShapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("scrubbed");
        QTest::newRow("classic pat") << u"token ghp_EXAMPLEexampleEXAMPLEexample012345 used"_s << u"token *** used"_s;
        QTest::newRow("oauth") << u"gho_EXAMPLEexampleEXAMPLEexample012345"_s << u"***"_s;
        QTest::newRow("installation in url")
            << u"https://x-access-token:ghs_EXAMPLEexampleEXAMPLEexample012345@github.com/a/b"_s
            << u"https://x-access-token:***@github.com/a/b"_s;
        QTest::newRow("user to server") << u"ghu_EXAMPLEexampleEXAMPLEexample012345"_s << u"***"_s;
        QTest::newRow("refresh") << u"ghr_EXAMPLEexampleEXAMPLEexample012345"_s << u"***"_s;
        QTest::newRow("fine grained") << u"github_pat_11EXAMPLE0example0EXAMPLE_example0EXAMPLE"_s << u"***"_s;
        QTest::newRow("slack") << u"SLACK=xoxb-000000000000-0000000000000-EXAMPLEexample"_s << u"SLACK=***"_s;
        QTest::newRow("slack user") << u"xoxp-1234567890-EXAMPLE"_s << u"***"_s;
        QTest::newRow("aws") << u"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"_s << u"AWS_ACCESS_KEY_ID=***"_s;
        QTest::newRow("bearer") << u"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"_s
                                << u"Authorization: Bearer ***"_s;
        QTest::newRow("bearer lower case")
            << u"authorization: bearer abcdefgh12345678"_s << u"authorization: bearer ***"_s;
        QTest::newRow("identifier") << u"let ghs_total = 3; xoxb-1; AKIA"_s << u"let ghs_total = 3; xoxb-1; AKIA"_s;
        QTest::newRow("short bearer word") << u"Bearer token required"_s << u"Bearer token required"_s;
        QTest::newRow("already masked") << u"Bearer ***"_s << u"Bearer ***"_s;
    }

    void masksTokenShapes()
    {
        QFETCH(QString, text);
        QFETCH(QString, scrubbed);
        QCOMPARE(LogSecretScrubber().scrub(text), scrubbed);
    }

    void masksPrivateKeysKeepingTheirLines()
    {
        const QString text = u"+ cat key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAEXAMPLE\nZm9vYmFyEXAMPLE\n"
                             "-----END RSA PRIVATE KEY-----\ndone"_s;
        const QString scrubbed = LogSecretScrubber().scrub(text);
        QCOMPARE(scrubbed, u"+ cat key\n***\n\n\n\ndone"_s);
        QCOMPARE(scrubbed.count(u'\n'), text.count(u'\n'));
    }

    void masksPrivateKeyCutOffBeforeItsEnd()
    {
        const QString text =
            u"start\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAEXAMPLE\nQyNTUxOQAA"_s;
        QCOMPARE(LogSecretScrubber().scrub(text), u"start\n***\n\n"_s);
    }

    void leavesPublicKeysAndCertificates()
    {
        const QString text = u"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----"_s;
        QCOMPARE(LogSecretScrubber().scrub(text), text);
    }

    void masksGivenValueBeforeShapesInsideIt()
    {
        // Masking the shape first would leave the rest of the value readable.
        const QString secret = u"prefix-ghp_EXAMPLEexampleEXAMPLEexample012345-suffix"_s;
        QCOMPARE(LogSecretScrubber({secret}).scrub(u"value=" + secret), u"value=***"_s);
    }
};

QTEST_GUILESS_MAIN(TestLogSecretScrubber)
#include "tst_log_secret_scrubber.moc"
