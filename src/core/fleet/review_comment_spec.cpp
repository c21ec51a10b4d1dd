#include "review_comment_spec.h"

using namespace Qt::StringLiterals;

namespace flotilla {

Result<LocalReviewInput::LineComment> parseReviewComment(const QString &spec)
{
    const qsizetype first = spec.indexOf(u':');
    const qsizetype second = first < 0 ? -1 : spec.indexOf(u':', first + 1);
    bool numeric = false;
    const int line = second < 0 ? 0 : spec.mid(first + 1, second - first - 1).trimmed().toInt(&numeric);
    const QString path = first <= 0 ? QString() : spec.left(first).trimmed();
    const QString body = second < 0 ? QString() : spec.mid(second + 1).trimmed();
    if (path.isEmpty() || !numeric || line <= 0 || body.isEmpty())
        return makeError(u"review.bad_comment"_s,
                         u"a line comment is PATH:LINE:TEXT with a line from 1 (got \"%1\")"_s.arg(spec));
    return LocalReviewInput::LineComment{path, line, body};
}

} // namespace flotilla
