#pragma once

#include <QByteArray>
#include <QString>

namespace flotilla {

// The configuration schema as a JSON Schema (draft 2020-12) for editors: docs/config.schema.json.
QByteArray configJsonSchema();

// The key reference tables of docs/configuration.md, generated from the same schema.
QString configKeyReference();

// Markers around the generated part of docs/configuration.md.
inline constexpr auto kReferenceBegin = "<!-- BEGIN GENERATED KEY REFERENCE (flotilla-config-schema) -->";
inline constexpr auto kReferenceEnd = "<!-- END GENERATED KEY REFERENCE -->";

// `document` with the text between the markers replaced by `reference`; empty when the markers
// are missing.
QString spliceKeyReference(const QString &document, const QString &reference);

} // namespace flotilla
