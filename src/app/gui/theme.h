#pragma once

#include "desktop_preferences.h"

namespace flotilla {

// Applies a colour theme to the whole application: System gives back the palette the platform
// chose at start (it follows the desktop's light or dark setting), Light and Dark set one.
void applyTheme(DesktopPreferences::Theme theme);

} // namespace flotilla
