#pragma once

#include <QByteArray>
#include <QList>

namespace flotilla::demo {

struct InputEvent
{
    enum class Kind { Typed, Pasted, Submit, Erase, Interrupt, EndOfInput };
    Kind kind = Kind::Typed;
    // Typed or pasted bytes (UTF-8); line breaks in a paste are "\n".
    QByteArray text;
};

// Turns raw terminal bytes into editing events. Bytes may arrive split anywhere (an escape
// sequence or a paste across two reads), so whatever is incomplete waits for the next feed.
class InputDecoder final
{
public:
    QList<InputEvent> feed(const QByteArray &bytes);

private:
    QByteArray m_pending;
    QByteArray m_paste;
    bool m_pasting = false;
};

} // namespace flotilla::demo
