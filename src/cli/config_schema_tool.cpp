// flotilla-config-schema: writes or checks docs/config.schema.json and the key reference in
// docs/configuration.md, both generated from the schema in src/core/config, so the editor
// schema and the documentation cannot drift from what the loader accepts.
#include "config/schema_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

const char kUsage[] = "Usage: flotilla-config-schema [--write DOCS_DIR | --check DOCS_DIR]\n"
                      "Without options, prints the JSON Schema.\n";

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
}

bool readFile(const QString &path, QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    content = file.readAll();
    return true;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    const QByteArray schema = flotilla::configJsonSchema();
    if (arguments.isEmpty()) {
        std::fwrite(schema.constData(), 1, size_t(schema.size()), stdout);
        return 0;
    }
    if (arguments.size() != 2 || (arguments.at(0) != u"--write"_s && arguments.at(0) != u"--check"_s)) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const bool write = arguments.at(0) == u"--write"_s;
    const QDir docs(arguments.at(1));
    const QString schemaFile = docs.filePath(u"config.schema.json"_s);
    const QString guideFile = docs.filePath(u"configuration.md"_s);

    QByteArray guide;
    if (!readFile(guideFile, guide)) {
        print(stderr, u"cannot read %1\n"_s.arg(guideFile));
        return 1;
    }
    const QString spliced = flotilla::spliceKeyReference(QString::fromUtf8(guide), flotilla::configKeyReference());
    if (spliced.isEmpty()) {
        print(stderr, u"%1 lacks the generated-reference markers\n"_s.arg(guideFile));
        return 1;
    }
    const QByteArray expectedGuide = spliced.toUtf8();

    if (write) {
        if (!writeFile(schemaFile, schema) || !writeFile(guideFile, expectedGuide)) {
            print(stderr, u"cannot write into %1\n"_s.arg(docs.path()));
            return 1;
        }
        return 0;
    }
    int status = 0;
    QByteArray current;
    if (!readFile(schemaFile, current) || current != schema) {
        print(stderr, u"%1 is out of date; regenerate it with: flotilla-config-schema --write %2\n"_s.arg(schemaFile,
                                                                                                          docs.path()));
        status = 1;
    }
    if (guide != expectedGuide) {
        print(stderr, u"the key reference in %1 is out of date; regenerate it with: flotilla-config-schema --write "
                      u"%2\n"_s.arg(guideFile, docs.path()));
        status = 1;
    }
    return status;
}
