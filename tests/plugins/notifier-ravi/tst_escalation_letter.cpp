// What a person receives: the question, the pull request with its CI, the token and how to
// answer, escaped wherever the text came from an agent or a tracker.
#include "escalation_letter.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestEscalationLetter final : public QObject
{
    Q_OBJECT

    static Notification question()
    {
        Decision decision;
        decision.id = u"d-1"_s;
        decision.sessionId = u"shop-3"_s;
        decision.projectId = u"shop"_s;
        decision.kind = u"merge"_s;
        decision.question = u"PR #12 <Fix & ship> is approved and green. Merge it?"_s;
        decision.options = {u"approve"_s, u"reject"_s};
        decision.context = QJsonObject{{u"prUrl"_s, u"https://github.com/acme/shop/pull/12"_s}};
        Notification notification;
        notification.event.type = u"decision.requested"_s;
        notification.event.projectId = u"shop"_s;
        notification.event.sessionId = u"shop-3"_s;
        notification.title = u"Needs you: shop-3 (shop) — merge PR #12?"_s;
        notification.body = u"Issue: <script>alert(1)</script> (SHOP-3)\nPull request: PR #12 "
                            "https://github.com/acme/shop/pull/12\nCI: passing\nReview: approved\n"
                            "Question: PR #12 <Fix & ship> is approved and green. Merge it?\n"
                            "Answer with: flo decide d-1 approve|reject|\"text\""_s;
        notification.decision = decision;
        return notification;
    }

private slots:
    void aQuestionCarriesEverythingToDecideOn()
    {
        const EscalationLetter letter = EscalationLetter::question(question(), u"K7M2Q9XA"_s);
        QCOMPARE(letter.subject, u"[Flotilla #K7M2Q9XA] shop: PR #12 <Fix & ship> is approved and green. Merge it?"_s);
        QVERIFY(
            letter.html.contains(u"<strong>PR #12 &lt;Fix &amp; ship&gt; is approved and green. Merge it?</strong>"_s));
        QVERIFY(letter.html.contains(
            u"Pull request: PR #12 <a href=\"https://github.com/acme/shop/pull/12\">https://github.com/acme/shop/pull/12</a>"_s));
        QVERIFY(letter.html.contains(u"CI: passing"_s));
        QVERIFY(letter.html.contains(u"&lt;script&gt;"_s));
        QVERIFY(!letter.html.contains(u"<script>"_s));
        QVERIFY(letter.html.contains(u"Token: <code>K7M2Q9XA</code>"_s));
        QVERIFY(letter.html.contains(u"APPROVE"_s) && letter.html.contains(u"REJECT"_s));
        QVERIFY(letter.text.contains(u"Pull request: PR #12 https://github.com/acme/shop/pull/12"_s));
        QVERIFY(letter.text.contains(u"How to answer: Reply to this email."_s));
        QVERIFY(!letter.text.contains(u"flo decide"_s)); // the mail's own way of answering
        QVERIFY(letter.sms.contains(u"https://github.com/acme/shop/pull/12"_s));
        QVERIFY(letter.sms.contains(u"\"Y K7M2Q9XA\""_s));
        QVERIFY(letter.sms.size() <= 320);
    }

    void aNoticeHasNoToken()
    {
        Notification notification = question();
        notification.decision.reset();
        notification.title = u"Failed: shop-3 (shop) — CI failing on PR #12"_s;
        const EscalationLetter letter = EscalationLetter::notice(notification);
        QCOMPARE(letter.subject, u"[Flotilla] Failed: shop-3 (shop) — CI failing on PR #12"_s);
        QVERIFY(!letter.html.contains(u"Token"_s));
        QVERIFY(letter.sms.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEscalationLetter)
#include "tst_escalation_letter.moc"
