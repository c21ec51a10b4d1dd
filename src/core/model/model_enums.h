#pragma once

#include "display_status.h"
#include "enum_names.h"
#include "event.h"
#include "session_facts.h"

namespace flotilla {

#define FLOTILLA_DECLARE_ENUM_NAMES(E, N)                                                                              \
    template<> struct EnumNames<E>                                                                                     \
    {                                                                                                                  \
        static const std::array<std::pair<E, const char *>, N> table;                                                  \
    };

FLOTILLA_DECLARE_ENUM_NAMES(SessionKind, 2)
FLOTILLA_DECLARE_ENUM_NAMES(SessionState, 8)
FLOTILLA_DECLARE_ENUM_NAMES(SessionReason, 19)
FLOTILLA_DECLARE_ENUM_NAMES(PrState, 4)
FLOTILLA_DECLARE_ENUM_NAMES(PrReason, 10)
FLOTILLA_DECLARE_ENUM_NAMES(PrCiState, 4)
FLOTILLA_DECLARE_ENUM_NAMES(PrReviewState, 4)
FLOTILLA_DECLARE_ENUM_NAMES(RuntimeState, 5)
FLOTILLA_DECLARE_ENUM_NAMES(RuntimeReason, 8)
FLOTILLA_DECLARE_ENUM_NAMES(ActivityState, 7)
FLOTILLA_DECLARE_ENUM_NAMES(DisplayStatus, 19)
FLOTILLA_DECLARE_ENUM_NAMES(Priority, 4)

#undef FLOTILLA_DECLARE_ENUM_NAMES

} // namespace flotilla
