#pragma once

#include "plugin_common.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace flotilla {

// Knows every plugin Flotilla can use, by slot and name. Built-ins are added by one explicit
// registration call each at start-up (no self-registering globals); external plugins are added
// the same way by the loader that found them. One registry serves every front end.
class PluginRegistry final
{
public:
    using Factory = std::function<std::unique_ptr<Plugin>(const PluginSettings &settings)>;

    struct Entry
    {
        PluginSlot slot;
        QString name;
        QString description;
        Factory factory;
    };

    // Adds a plugin. Registering the same slot and name twice is an error (the first stays).
    Result<void> add(Entry entry);

    template<typename SlotInterface, typename Implementation>
    Result<void> add(const QString &name, const QString &description)
    {
        return add(Entry{SlotInterface::kSlot, name, description, [](const PluginSettings &settings) {
                             return std::unique_ptr<Plugin>(std::make_unique<Implementation>(settings));
                         }});
    }

    bool contains(PluginSlot slot, const QString &name) const;
    QStringList names(PluginSlot slot) const;
    QList<Entry> entries() const { return m_entries; }

    // Makes a plugin of the slot's interface type. Unknown names come back as an error that
    // lists what exists and suggests the closest name.
    template<typename SlotInterface>
    Result<std::unique_ptr<SlotInterface>> create(const QString &name, const PluginSettings &settings = {}) const
    {
        auto plugin = createPlugin(SlotInterface::kSlot, name, settings);
        if (!plugin)
            return plugin.error();
        return std::unique_ptr<SlotInterface>(static_cast<SlotInterface *>(plugin.value().release()));
    }

    // Is the plugin usable on this machine ("tmux not found: install package tmux")?
    Result<Availability> detect(PluginSlot slot, const QString &name, const PluginSettings &settings = {}) const;

private:
    Result<std::unique_ptr<Plugin>> createPlugin(PluginSlot slot, const QString &name,
                                                 const PluginSettings &settings) const;
    const Entry *find(PluginSlot slot, const QString &name) const;

    QList<Entry> m_entries;
};

// The closest of `candidates` to `word` by edit distance, or empty if none is close enough to
// be a plausible typo.
QString closestMatch(const QString &word, const QStringList &candidates);

} // namespace flotilla
