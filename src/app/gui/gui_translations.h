#pragma once

#include <QLocale>

namespace flotilla {

// Installs Flotilla's translation for `locale` (compiled in from translations/*.ts) on the
// application. Returns false when there is none for that language (English is built in).
bool installTranslations(const QLocale &locale = QLocale());

} // namespace flotilla
