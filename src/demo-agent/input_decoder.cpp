#include "input_decoder.h"

#include <algorithm>

namespace flotilla::demo {

namespace {

const QByteArray kPasteStart = QByteArrayLiteral("\x1b[200~");
const QByteArray kPasteEnd = QByteArrayLiteral("\x1b[201~");

// Length of the escape sequence at the start of `bytes`, or 0 while it is still incomplete.
qsizetype escapeLength(const QByteArray &bytes)
{
    if (bytes.size() < 2)
        return 0;
    if (bytes.at(1) == 'O') // SS3: F1-F4 and application-mode arrows
        return bytes.size() < 3 ? 0 : 3;
    if (bytes.at(1) != '[') // Alt+key
        return 2;
    for (qsizetype i = 2; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes.at(i));
        if (c >= 0x40 && c <= 0x7e)
            return i + 1;
    }
    return 0;
}

QByteArray normalizedPaste(QByteArray text)
{
    // Terminals and tmux turn pasted line breaks into CR; inside a paste they are line breaks.
    text.replace("\r\n", "\n");
    text.replace('\r', '\n');
    return text;
}

} // namespace

QList<InputEvent> InputDecoder::feed(const QByteArray &bytes)
{
    m_pending += bytes;
    QList<InputEvent> events;
    QByteArray typed;
    const auto flushTyped = [&] {
        if (!typed.isEmpty())
            events.append({InputEvent::Kind::Typed, typed});
        typed.clear();
    };
    const auto emitKey = [&](InputEvent::Kind kind) {
        flushTyped();
        events.append({kind, {}});
    };

    qsizetype i = 0;
    while (i < m_pending.size()) {
        if (m_pasting) {
            const qsizetype end = m_pending.indexOf(kPasteEnd, i);
            if (end < 0) {
                // Keep what could be the start of the end marker for the next read.
                const qsizetype keep = std::min<qsizetype>(kPasteEnd.size() - 1, m_pending.size() - i);
                m_paste += m_pending.mid(i, m_pending.size() - i - keep);
                i = m_pending.size() - keep;
                break;
            }
            m_paste += m_pending.mid(i, end - i);
            i = end + kPasteEnd.size();
            m_pasting = false;
            events.append({InputEvent::Kind::Pasted, normalizedPaste(m_paste)});
            m_paste.clear();
            continue;
        }
        const char c = m_pending.at(i);
        if (c == '\x1b') {
            const QByteArray rest = m_pending.mid(i);
            const qsizetype length = escapeLength(rest);
            if (length == 0)
                break;
            if (rest.startsWith(kPasteStart)) {
                flushTyped();
                m_pasting = true;
            }
            i += length; // other keys (arrows, function keys) do nothing in this input box
            continue;
        }
        ++i;
        switch (c) {
        case '\r':
        case '\n':
            emitKey(InputEvent::Kind::Submit);
            break;
        case '\x7f':
        case '\b':
            emitKey(InputEvent::Kind::Erase);
            break;
        case '\x03':
            emitKey(InputEvent::Kind::Interrupt);
            break;
        case '\x04':
            emitKey(InputEvent::Kind::EndOfInput);
            break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t')
                typed += c;
            break;
        }
    }
    flushTyped();
    m_pending.remove(0, i);
    return events;
}

} // namespace flotilla::demo
