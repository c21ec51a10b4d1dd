#pragma once

namespace flotilla {

// Registers the GUI's compiled-in resources (icons, translations). They live in a static
// library, whose resource initialiser the linker would otherwise drop. Safe to call often.
void ensureGuiResources();

} // namespace flotilla
