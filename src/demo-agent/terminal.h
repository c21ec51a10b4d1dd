#pragma once

#include "input_decoder.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace flotilla::demo {

// The agent's screen: an input line with the "> " prompt while idle, and lines of progress
// printed above it while working. Typing keeps working while busy; submitted text is handed
// on at once and it is up to the receiver to queue it.
class Terminal final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Terminal)

public:
    explicit Terminal(QObject *parent = nullptr);
    ~Terminal() override;

    // Starts reading standard input.
    void start();
    // Prints `line` above the input line.
    void printLine(const QString &line);
    // Shows or hides the prompt and what has been typed so far.
    void setPromptVisible(bool visible);

signals:
    void messageSubmitted(const QString &text);
    void quitRequested();

private:
    struct Segment
    {
        QByteArray text;
        bool pasted = false;
    };

    void handleBytes(const QByteArray &bytes);
    void handleEvent(const InputEvent &event);
    void submit();
    void erase();
    QString inputText() const;
    QString displayText() const;
    void redraw();
    static void write(const QString &text);

    InputDecoder m_decoder;
    QList<Segment> m_segments;
    QSocketNotifier *m_notifier = nullptr;
    bool m_promptVisible = false;
    bool m_interruptArmed = false;
};

} // namespace flotilla::demo
