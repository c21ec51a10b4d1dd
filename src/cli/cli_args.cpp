#include "cli_args.h"

using namespace Qt::StringLiterals;

namespace flotilla {

Result<CliArgs> CliArgs::parse(const QStringList &arguments, const Spec &spec)
{
    CliArgs parsed;
    bool onlyPositionals = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        QString argument = arguments.at(i);
        if (onlyPositionals || !argument.startsWith(u'-') || argument == u"-"_s) {
            parsed.positionals << argument;
            continue;
        }
        if (argument == u"--"_s) {
            onlyPositionals = true;
            continue;
        }
        QString inlineValue;
        bool hasInlineValue = false;
        if (const qsizetype equals = argument.indexOf(u'='); argument.startsWith(u"--"_s) && equals > 0) {
            inlineValue = argument.mid(equals + 1);
            argument = argument.left(equals);
            hasInlineValue = true;
        }
        argument = spec.shortName.value(argument, argument);
        if (spec.flags.contains(argument)) {
            parsed.flags.insert(argument);
            continue;
        }
        if (!spec.valueOptions.contains(argument))
            return makeError(u"cli.unknown_option"_s, u"unknown option %1"_s.arg(argument));
        if (hasInlineValue) {
            parsed.values.insert(argument, inlineValue);
            continue;
        }
        if (i + 1 >= arguments.size())
            return makeError(u"cli.missing_value"_s, u"%1 needs a value"_s.arg(argument));
        parsed.values.insert(argument, arguments.at(++i));
    }
    return parsed;
}

} // namespace flotilla
