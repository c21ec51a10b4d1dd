#include "terminal.h"

#include <QSocketNotifier>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#else
#include <iostream>
#include <string>
#include <thread>
#endif

using namespace Qt::StringLiterals;

namespace flotilla::demo {

namespace {

const QString kPrompt = u"> "_s;
const QString kClearLine = u"\r\x1b[2K"_s;
// The input line shows only its end, so it never wraps and redrawing it stays one line.
constexpr qsizetype kVisibleInput = 70;

} // namespace

Terminal::Terminal(QObject *parent) : QObject(parent) {}

Terminal::~Terminal() = default;

void Terminal::start()
{
#ifdef Q_OS_UNIX
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char buffer[4096];
        const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (count <= 0) {
            m_notifier->setEnabled(false);
            emit quitRequested();
            return;
        }
        handleBytes(QByteArray(buffer, count));
    });
#else
    // Windows consoles cannot be watched by the event loop: a reader thread hands over whole
    // lines, each one a message. The process ends while it still waits for input.
    std::thread([self = this] {
        std::string line;
        while (std::getline(std::cin, line)) {
            QByteArray bytes = QByteArray::fromStdString(line) + '\r';
            QMetaObject::invokeMethod(
                self, [self, bytes] { self->handleBytes(bytes); }, Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            self, [self] { emit self->quitRequested(); }, Qt::QueuedConnection);
    }).detach();
#endif
}

void Terminal::printLine(const QString &line)
{
    if (m_promptVisible)
        write(kClearLine);
    write(line + u'\n');
    if (m_promptVisible)
        redraw();
}

void Terminal::setPromptVisible(bool visible)
{
    if (visible == m_promptVisible)
        return;
    m_promptVisible = visible;
    if (visible)
        redraw();
    else
        write(kClearLine);
}

void Terminal::handleBytes(const QByteArray &bytes)
{
    for (const InputEvent &event : m_decoder.feed(bytes))
        handleEvent(event);
}

void Terminal::handleEvent(const InputEvent &event)
{
    const bool wasArmed = m_interruptArmed;
    m_interruptArmed = false;
    switch (event.kind) {
    case InputEvent::Kind::Typed:
        if (!m_segments.isEmpty() && !m_segments.last().pasted)
            m_segments.last().text += event.text;
        else
            m_segments.append({event.text, false});
        break;
    case InputEvent::Kind::Pasted:
        m_segments.append({event.text, true});
        break;
    case InputEvent::Kind::Submit:
        submit();
        return;
    case InputEvent::Kind::Erase:
        erase();
        break;
    case InputEvent::Kind::Interrupt:
        if (wasArmed) {
            emit quitRequested();
            return;
        }
        m_segments.clear();
        m_interruptArmed = true;
        printLine(u"Press Ctrl-C again to exit."_s);
        return;
    case InputEvent::Kind::EndOfInput:
        if (m_segments.isEmpty()) {
            emit quitRequested();
            return;
        }
        break;
    }
    if (m_promptVisible)
        redraw();
}

void Terminal::submit()
{
    const QString text = inputText();
    const QString shown = displayText();
    m_segments.clear();
    if (text.trimmed().isEmpty()) {
        if (m_promptVisible)
            redraw();
        return;
    }
    // The submitted message stays on screen above what follows, as in a chat history.
    if (m_promptVisible)
        write(kClearLine);
    write(kPrompt + shown + u'\n');
    if (m_promptVisible)
        redraw();
    emit messageSubmitted(text);
}

void Terminal::erase()
{
    if (m_segments.isEmpty())
        return;
    Segment &last = m_segments.last();
    if (last.pasted) {
        m_segments.removeLast();
        return;
    }
    // Drop one whole UTF-8 character: its continuation bytes, then its lead byte.
    while (!last.text.isEmpty() && (static_cast<unsigned char>(last.text.back()) & 0xc0) == 0x80)
        last.text.chop(1);
    last.text.chop(1);
    if (last.text.isEmpty())
        m_segments.removeLast();
}

QString Terminal::inputText() const
{
    QByteArray bytes;
    for (const Segment &segment : m_segments)
        bytes += segment.text;
    return QString::fromUtf8(bytes);
}

QString Terminal::displayText() const
{
    QString shown;
    for (const Segment &segment : m_segments) {
        QString text = QString::fromUtf8(segment.text);
        while (text.endsWith(u'\n'))
            text.chop(1);
        const qsizetype lines = text.count(u'\n') + 1;
        if (segment.pasted && lines > 1)
            shown += u"[Pasted text +%1 lines]"_s.arg(lines);
        else
            shown += text.replace(u'\t', u' ');
    }
    return shown;
}

void Terminal::redraw()
{
    QString shown = displayText();
    if (shown.size() > kVisibleInput)
        shown = u"…"_s + shown.right(kVisibleInput - 1);
    write(kClearLine + kPrompt + shown);
}

void Terminal::write(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace flotilla::demo
