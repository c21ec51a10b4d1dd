#include "plugin_registry.h"

#include <algorithm>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla {

QString slotName(PluginSlot slot)
{
    switch (slot) {
    case PluginSlot::Runtime:
        return u"runtime"_s;
    case PluginSlot::Agent:
        return u"agent"_s;
    case PluginSlot::Workspace:
        return u"workspace"_s;
    case PluginSlot::Tracker:
        return u"tracker"_s;
    case PluginSlot::Scm:
        return u"scm"_s;
    case PluginSlot::Notifier:
        return u"notifier"_s;
    case PluginSlot::Terminal:
        return u"terminal"_s;
    case PluginSlot::Lifecycle:
        return u"lifecycle"_s;
    }
    return u"unknown"_s;
}

namespace {

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(static_cast<size_t>(b.size()) + 1);
    std::iota(row.begin(), row.end(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int previousDiagonal = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previousDiagonal + (a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1);
            previousDiagonal = row[static_cast<size_t>(j)];
            row[static_cast<size_t>(j)] =
                std::min({row[static_cast<size_t>(j)] + 1, row[static_cast<size_t>(j - 1)] + 1, substitution});
        }
    }
    return row[static_cast<size_t>(b.size())];
}

} // namespace

QString closestMatch(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &candidate : candidates) {
        int distance = editDistance(word, candidate);
        // A typed prefix ("claude" for "claude-code") is as good as a one-letter slip.
        if (candidate.startsWith(word, Qt::CaseInsensitive) && word.size() >= 3)
            distance = std::min(distance, 1);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    const int tolerance = std::max<int>(2, static_cast<int>(word.size()) / 3);
    return bestDistance <= tolerance ? best : QString();
}

Result<void> PluginRegistry::add(Entry entry)
{
    if (entry.name.isEmpty() || !entry.factory)
        return makeError(u"plugin.invalid"_s, u"a plugin needs a name and a factory"_s, slotName(entry.slot));
    if (find(entry.slot, entry.name))
        return makeError(u"plugin.duplicate"_s,
                         u"a %1 plugin named \"%2\" is already registered"_s.arg(slotName(entry.slot), entry.name));
    m_entries.append(std::move(entry));
    return {};
}

const PluginRegistry::Entry *PluginRegistry::find(PluginSlot slot, const QString &name) const
{
    for (const Entry &entry : m_entries) {
        if (entry.slot == slot && entry.name == name)
            return &entry;
    }
    return nullptr;
}

bool PluginRegistry::contains(PluginSlot slot, const QString &name) const
{
    return find(slot, name) != nullptr;
}

QStringList PluginRegistry::names(PluginSlot slot) const
{
    QStringList result;
    for (const Entry &entry : m_entries) {
        if (entry.slot == slot)
            result << entry.name;
    }
    return result;
}

Result<std::unique_ptr<Plugin>> PluginRegistry::createPlugin(PluginSlot slot, const QString &name,
                                                             const PluginSettings &settings) const
{
    const Entry *entry = find(slot, name);
    if (!entry) {
        const QStringList known = names(slot);
        QString message = u"unknown %1 plugin \"%2\""_s.arg(slotName(slot), name);
        if (const QString suggestion = closestMatch(name, known); !suggestion.isEmpty())
            message += u" (did you mean \"%1\"?)"_s.arg(suggestion);
        message += known.isEmpty() ? u"; none is registered"_s : u"; available: "_s + known.join(u", "_s);
        return makeError(u"plugin.unknown"_s, message);
    }
    std::unique_ptr<Plugin> plugin = entry->factory(settings);
    if (!plugin || plugin->slot() != slot)
        return makeError(u"plugin.broken"_s,
                         u"the %1 plugin \"%2\" did not produce a %1 plugin"_s.arg(slotName(slot), name));
    return plugin;
}

Result<Availability> PluginRegistry::detect(PluginSlot slot, const QString &name, const PluginSettings &settings) const
{
    auto plugin = createPlugin(slot, name, settings);
    if (!plugin)
        return plugin.error();
    return plugin.value()->detect();
}

} // namespace flotilla
