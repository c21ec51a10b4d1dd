#pragma once

#include <QLatin1StringView>
#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace flotilla {

// Stable text names for the model's enums: what the database, the API, the config and logs
// use. Each enum lists its names once, in enum_names.cpp, through EnumNames<E>::table.
template<typename E> struct EnumNames;

template<typename E> QString enumName(E value)
{
    for (const auto &[candidate, name] : EnumNames<E>::table) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return QString();
}

template<typename E> std::optional<E> enumFromName(QStringView text)
{
    for (const auto &[candidate, name] : EnumNames<E>::table) {
        if (text == QLatin1StringView(name))
            return candidate;
    }
    return std::nullopt;
}

template<typename E> QStringList enumNames()
{
    QStringList names;
    for (const auto &entry : EnumNames<E>::table)
        names << QString::fromLatin1(entry.second);
    return names;
}

} // namespace flotilla
