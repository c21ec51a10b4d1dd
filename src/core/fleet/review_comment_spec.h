#pragma once

#include "store/local_scm_store.h"
#include "util/result.h"

#include <QString>

namespace flotilla {

// A line comment as people type it, in `flo review --comment` and the app's review dialog:
// "src/cart.py:12:Handle an empty cart" (the text may itself contain colons).
Result<LocalReviewInput::LineComment> parseReviewComment(const QString &spec);

} // namespace flotilla
