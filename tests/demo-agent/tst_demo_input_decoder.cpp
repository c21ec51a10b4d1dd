#include "input_decoder.h"

#include <QTest>

using namespace flotilla::demo;
using Kind = InputEvent::Kind;

namespace {

QList<Kind> kinds(const QList<InputEvent> &events)
{
    QList<Kind> result;
    for (const InputEvent &event : events)
        result << event.kind;
    return result;
}

} // namespace

class DemoInputDecoderTest final : public QObject
{
    Q_OBJECT

private slots:
    void typedTextAndEnter()
    {
        InputDecoder decoder;
        const QList<InputEvent> events = decoder.feed("hi there\r");
        QCOMPARE(kinds(events), (QList<Kind>{Kind::Typed, Kind::Submit}));
        QCOMPARE(events.first().text, QByteArray("hi there"));
    }

    void pasteWithLineBreaksIsOneEvent()
    {
        InputDecoder decoder;
        const QList<InputEvent> events = decoder.feed("\x1b[200~one\rtwo\r\nthree\x1b[201~\r");
        QCOMPARE(kinds(events), (QList<Kind>{Kind::Pasted, Kind::Submit}));
        QCOMPARE(events.first().text, QByteArray("one\ntwo\nthree"));
    }

    void pasteSplitAcrossReadsAnywhere()
    {
        const QByteArray input = "a\x1b[200~x\ry\x1b[201~b\r";
        for (qsizetype cut = 1; cut < input.size(); ++cut) {
            InputDecoder decoder;
            QList<InputEvent> events = decoder.feed(input.left(cut));
            events += decoder.feed(input.mid(cut));
            QByteArray typed;
            QByteArray pasted;
            int submits = 0;
            for (const InputEvent &event : std::as_const(events)) {
                if (event.kind == Kind::Typed)
                    typed += event.text;
                else if (event.kind == Kind::Pasted)
                    pasted += event.text;
                else if (event.kind == Kind::Submit)
                    ++submits;
            }
            QCOMPARE(typed, QByteArray("ab"));
            QCOMPARE(pasted, QByteArray("x\ny"));
            QCOMPARE(submits, 1);
        }
    }

    void controlKeysAndIgnoredSequences()
    {
        InputDecoder decoder;
        const QList<InputEvent> events = decoder.feed("a\x1b[A\x1bOPb\x7f\x03\x04");
        QCOMPARE(kinds(events), (QList<Kind>{Kind::Typed, Kind::Erase, Kind::Interrupt, Kind::EndOfInput}));
        QCOMPARE(events.at(0).text, QByteArray("ab"));
    }
};

QTEST_GUILESS_MAIN(DemoInputDecoderTest)
#include "tst_demo_input_decoder.moc"
