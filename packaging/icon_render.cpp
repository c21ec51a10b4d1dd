// Renders the one SVG icon into the PNG sizes the desktop's hicolor theme wants, at build
// time, so every size is drawn from the same source.
//   flotilla-icon-render SOURCE.svg OUTPUT.png SIZE
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char **argv)
{
    // Offscreen: a build machine has no display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 4) {
        std::fputs("usage: flotilla-icon-render SOURCE.svg OUTPUT.png SIZE\n", stderr);
        return 2;
    }
    bool ok = false;
    const int size = arguments.at(3).toInt(&ok);
    QSvgRenderer renderer(arguments.at(1));
    if (!ok || size < 8 || size > 1024 || !renderer.isValid()) {
        std::fprintf(stderr, "flotilla-icon-render: cannot render %s at size %s\n", qPrintable(arguments.at(1)),
                     qPrintable(arguments.at(3)));
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    if (!image.save(arguments.at(2), "PNG")) {
        std::fprintf(stderr, "flotilla-icon-render: cannot write %s\n", qPrintable(arguments.at(2)));
        return 1;
    }
    return 0;
}
