#include "gui_translations.h"

#include <QCoreApplication>
#include <QTranslator>

namespace flotilla {

bool installTranslations(const QLocale &locale)
{
    // One translator for the application's lifetime; replaced if called again.
    static QTranslator *translator = nullptr;
    auto *next = new QTranslator(QCoreApplication::instance());
    if (!next->load(locale, QStringLiteral("flotilla"), QStringLiteral("_"),
                    QStringLiteral(":/flotilla/translations"))) {
        delete next;
        return false;
    }
    if (translator) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    translator = next;
    QCoreApplication::installTranslator(translator);
    return true;
}

} // namespace flotilla
