#include "graphql_query.h"

using namespace Qt::StringLiterals;

namespace flotilla::fakes::graphql {

namespace {

struct Token
{
    enum class Kind { Name, Int, Float, String, Punct, Spread, End, Invalid };
    Kind kind = Kind::End;
    QString text;
    SourceLocation location;
};

// graphql-ruby's token names, so error messages read like GitHub's.
QString tokenName(const Token &token)
{
    if (token.kind == Token::Kind::Name)
        return u"IDENTIFIER"_s;
    if (token.kind == Token::Kind::Int)
        return u"INT"_s;
    if (token.kind == Token::Kind::Float)
        return u"FLOAT"_s;
    if (token.kind == Token::Kind::String)
        return u"STRING"_s;
    if (token.kind == Token::Kind::Spread)
        return u"ELLIPSIS"_s;
    if (token.kind == Token::Kind::End)
        return u"end of file"_s;
    static const QHash<QString, QString> names{{u"{"_s, u"LCURLY"_s}, {u"}"_s, u"RCURLY"_s},   {u"("_s, u"LPAREN"_s},
                                               {u")"_s, u"RPAREN"_s}, {u"["_s, u"LBRACKET"_s}, {u"]"_s, u"RBRACKET"_s},
                                               {u":"_s, u"COLON"_s},  {u"$"_s, u"VAR_SIGN"_s}, {u"="_s, u"EQUALS"_s},
                                               {u"!"_s, u"BANG"_s},   {u"@"_s, u"DIR_SIGN"_s}};
    return names.value(token.text, u"UNKNOWN_CHAR"_s);
}

class Lexer
{
public:
    explicit Lexer(const QString &source) : m_src(source) {}

    QList<Token> run()
    {
        QList<Token> tokens;
        while (true) {
            skipIgnored();
            Token token;
            token.location = {m_line, static_cast<int>(m_pos - m_lineStart + 1)};
            if (m_pos >= m_src.size()) {
                tokens << token;
                return tokens;
            }
            const QChar c = m_src.at(m_pos);
            if (c.isLetter() || c == u'_') {
                token.kind = Token::Kind::Name;
                token.text = takeWhile([](QChar ch) { return ch.isLetterOrNumber() || ch == u'_'; });
            } else if (c.isDigit() || c == u'-') {
                token.text = takeNumber(token.kind);
            } else if (c == u'"') {
                token.kind = readString(token.text) ? Token::Kind::String : Token::Kind::Invalid;
            } else if (m_src.mid(m_pos, 3) == u"..."_s) {
                token.kind = Token::Kind::Spread;
                token.text = u"..."_s;
                m_pos += 3;
            } else if (QStringView(u"{}()[]:$=!@").contains(c)) {
                token.kind = Token::Kind::Punct;
                token.text = c;
                ++m_pos;
            } else {
                token.kind = Token::Kind::Invalid;
                token.text = c;
                ++m_pos;
            }
            tokens << token;
            if (token.kind == Token::Kind::Invalid)
                return tokens;
        }
    }

private:
    void skipIgnored()
    {
        while (m_pos < m_src.size()) {
            const QChar c = m_src.at(m_pos);
            if (c == u'\n') {
                ++m_pos;
                ++m_line;
                m_lineStart = m_pos;
            } else if (c.isSpace() || c == u',' || c == QChar(0xFEFF)) {
                ++m_pos;
            } else if (c == u'#') {
                while (m_pos < m_src.size() && m_src.at(m_pos) != u'\n')
                    ++m_pos;
            } else {
                return;
            }
        }
    }

    template<typename Pred> QString takeWhile(Pred pred)
    {
        const qsizetype start = m_pos;
        while (m_pos < m_src.size() && pred(m_src.at(m_pos)))
            ++m_pos;
        return m_src.mid(start, m_pos - start);
    }

    QString takeNumber(Token::Kind &kind)
    {
        const qsizetype start = m_pos;
        if (m_src.at(m_pos) == u'-')
            ++m_pos;
        takeWhile([](QChar ch) { return ch.isDigit(); });
        kind = Token::Kind::Int;
        if (m_pos < m_src.size() && m_src.at(m_pos) == u'.') {
            ++m_pos;
            takeWhile([](QChar ch) { return ch.isDigit(); });
            kind = Token::Kind::Float;
        }
        if (m_pos < m_src.size() && (m_src.at(m_pos) == u'e' || m_src.at(m_pos) == u'E')) {
            ++m_pos;
            if (m_pos < m_src.size() && (m_src.at(m_pos) == u'+' || m_src.at(m_pos) == u'-'))
                ++m_pos;
            takeWhile([](QChar ch) { return ch.isDigit(); });
            kind = Token::Kind::Float;
        }
        const QString text = m_src.mid(start, m_pos - start);
        if (text == u"-"_s)
            kind = Token::Kind::Invalid;
        return text;
    }

    bool readString(QString &out)
    {
        if (m_src.mid(m_pos, 3) == u"\"\"\""_s) {
            const qsizetype end = m_src.indexOf(u"\"\"\""_s, m_pos + 3);
            if (end < 0)
                return false;
            out = m_src.mid(m_pos + 3, end - m_pos - 3).trimmed();
            for (qsizetype i = m_pos; i < end; ++i)
                if (m_src.at(i) == u'\n') {
                    ++m_line;
                    m_lineStart = i + 1;
                }
            m_pos = end + 3;
            return true;
        }
        ++m_pos;
        while (m_pos < m_src.size()) {
            const QChar c = m_src.at(m_pos++);
            if (c == u'"')
                return true;
            if (c == u'\n')
                return false;
            if (c != u'\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_src.size())
                return false;
            const QChar esc = m_src.at(m_pos++);
            if (esc == u'n')
                out += u'\n';
            else if (esc == u't')
                out += u'\t';
            else if (esc == u'r')
                out += u'\r';
            else if (esc == u'b')
                out += u'\b';
            else if (esc == u'f')
                out += u'\f';
            else if (esc == u'u' && m_pos + 4 <= m_src.size()) {
                bool ok = false;
                out += QChar(m_src.mid(m_pos, 4).toUShort(&ok, 16));
                m_pos += 4;
                if (!ok)
                    return false;
            } else
                out += esc;
        }
        return false;
    }

    const QString &m_src;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
};

class Parser
{
public:
    explicit Parser(QList<Token> tokens) : m_tokens(std::move(tokens)) {}

    ParseResult run()
    {
        ParseResult result;
        if (peek().kind == Token::Kind::End) {
            fail(u"Unexpected end of document"_s);
        }
        while (!m_error && peek().kind != Token::Kind::End) {
            const Token &token = peek();
            if (token.kind == Token::Kind::Punct && token.text == u"{"_s) {
                Operation op;
                op.location = token.location;
                op.selections = selectionSet();
                result.document.operations << op;
            } else if (isName(u"query") || isName(u"mutation") || isName(u"subscription")) {
                result.document.operations << operation();
            } else if (isName(u"fragment")) {
                Fragment fragment = fragmentDefinition();
                result.document.fragments.insert(fragment.name, fragment);
            } else {
                unexpected();
            }
        }
        if (m_error)
            result.error = m_error;
        return result;
    }

private:
    const Token &peek() const { return m_tokens.at(std::min<qsizetype>(m_index, m_tokens.size() - 1)); }
    Token take()
    {
        Token token = peek();
        if (m_index < m_tokens.size() - 1)
            ++m_index;
        return token;
    }
    bool isName(QStringView word) const { return peek().kind == Token::Kind::Name && peek().text == word; }
    bool isPunct(QStringView p) const { return peek().kind == Token::Kind::Punct && peek().text == p; }

    void fail(const QString &message)
    {
        if (!m_error)
            m_error = SyntaxError{message, peek().location};
    }

    void unexpected()
    {
        const Token &token = peek();
        if (token.kind == Token::Kind::End) {
            fail(u"Unexpected end of document"_s);
            return;
        }
        const SourceLocation at = token.location;
        fail(u"Parse error on \"%1\" (%2) at [%3, %4]"_s.arg(token.text, tokenName(token)).arg(at.line).arg(at.column));
    }

    bool expectPunct(QStringView p)
    {
        if (m_error)
            return false;
        if (!isPunct(p)) {
            unexpected();
            return false;
        }
        take();
        return true;
    }

    QString expectName()
    {
        if (m_error)
            return {};
        if (peek().kind != Token::Kind::Name) {
            unexpected();
            return {};
        }
        return take().text;
    }

    Operation operation()
    {
        Operation op;
        op.location = peek().location;
        op.type = take().text;
        if (peek().kind == Token::Kind::Name)
            op.name = take().text;
        if (isPunct(u"(")) {
            take();
            while (!m_error && !isPunct(u")")) {
                VariableDefinition def;
                expectPunct(u"$");
                def.name = expectName();
                expectPunct(u":");
                def.type = typeReference();
                if (!m_error && isPunct(u"=")) {
                    take();
                    def.defaultValue = value(true);
                }
                op.variables << def;
            }
            expectPunct(u")");
        }
        skipDirectives();
        op.selections = selectionSet();
        return op;
    }

    QString typeReference()
    {
        QString type;
        if (isPunct(u"[")) {
            take();
            type = u"["_s + typeReference();
            expectPunct(u"]");
            type += u"]"_s;
        } else {
            type = expectName();
        }
        if (!m_error && isPunct(u"!")) {
            take();
            type += u"!"_s;
        }
        return type;
    }

    Fragment fragmentDefinition()
    {
        Fragment fragment;
        fragment.location = take().location;
        fragment.name = expectName();
        if (!m_error && !isName(u"on")) {
            unexpected();
            return fragment;
        }
        take();
        fragment.typeCondition = expectName();
        skipDirectives();
        fragment.selections = selectionSet();
        return fragment;
    }

    // Directives (@include/@skip) are accepted and ignored: Flotilla's queries do not use them.
    void skipDirectives()
    {
        while (!m_error && isPunct(u"@")) {
            take();
            expectName();
            if (isPunct(u"("))
                arguments();
        }
    }

    QList<Selection> selectionSet()
    {
        QList<Selection> selections;
        if (!expectPunct(u"{"))
            return selections;
        if (isPunct(u"}")) {
            unexpected();
            return selections;
        }
        while (!m_error && !isPunct(u"}")) {
            if (peek().kind == Token::Kind::End) {
                unexpected();
                break;
            }
            selections << selection();
        }
        expectPunct(u"}");
        return selections;
    }

    Selection selection()
    {
        Selection sel;
        sel.location = peek().location;
        if (peek().kind == Token::Kind::Spread) {
            take();
            if (isName(u"on")) {
                take();
                sel.kind = Selection::Kind::InlineFragment;
                sel.typeCondition = expectName();
                skipDirectives();
                sel.selections = selectionSet();
            } else if (peek().kind == Token::Kind::Name) {
                sel.kind = Selection::Kind::FragmentSpread;
                sel.name = take().text;
                skipDirectives();
            } else {
                sel.kind = Selection::Kind::InlineFragment;
                skipDirectives();
                sel.selections = selectionSet();
            }
            return sel;
        }
        sel.name = expectName();
        if (!m_error && isPunct(u":")) {
            take();
            sel.alias = sel.name;
            sel.location = peek().location;
            sel.name = expectName();
        }
        if (!m_error && isPunct(u"("))
            sel.arguments = arguments();
        skipDirectives();
        if (!m_error && isPunct(u"{"))
            sel.selections = selectionSet();
        return sel;
    }

    Arguments arguments()
    {
        Arguments args;
        take();
        if (isPunct(u")")) {
            unexpected();
            return args;
        }
        while (!m_error && !isPunct(u")")) {
            const QString name = expectName();
            expectPunct(u":");
            if (m_error)
                break;
            args.append({name, value(false)});
        }
        expectPunct(u")");
        return args;
    }

    Value value(bool constant)
    {
        Value v;
        const Token &token = peek();
        switch (token.kind) {
        case Token::Kind::Int:
            v.kind = Value::Kind::Int;
            v.text = take().text;
            return v;
        case Token::Kind::Float:
            v.kind = Value::Kind::Float;
            v.text = take().text;
            return v;
        case Token::Kind::String:
            v.kind = Value::Kind::String;
            v.text = take().text;
            return v;
        case Token::Kind::Name:
            v.text = take().text;
            if (v.text == u"true"_s || v.text == u"false"_s)
                v.kind = Value::Kind::Boolean;
            else if (v.text == u"null"_s)
                v.kind = Value::Kind::Null;
            else
                v.kind = Value::Kind::Enum;
            return v;
        case Token::Kind::Punct:
            break;
        default:
            unexpected();
            return v;
        }
        if (token.text == u"$"_s && !constant) {
            take();
            v.kind = Value::Kind::Variable;
            v.text = expectName();
        } else if (token.text == u"["_s) {
            take();
            v.kind = Value::Kind::List;
            while (!m_error && !isPunct(u"]")) {
                if (peek().kind == Token::Kind::End) {
                    unexpected();
                    break;
                }
                v.items << value(constant);
            }
            expectPunct(u"]");
        } else if (token.text == u"{"_s) {
            take();
            v.kind = Value::Kind::Object;
            while (!m_error && !isPunct(u"}")) {
                const QString name = expectName();
                expectPunct(u":");
                if (m_error)
                    break;
                v.fields.append({name, value(constant)});
            }
            expectPunct(u"}");
        } else {
            unexpected();
        }
        return v;
    }

    QList<Token> m_tokens;
    qsizetype m_index = 0;
    std::optional<SyntaxError> m_error;
};

} // namespace

ParseResult parseDocument(const QString &source)
{
    QList<Token> tokens = Lexer(source).run();
    if (!tokens.isEmpty() && tokens.last().kind == Token::Kind::Invalid) {
        ParseResult result;
        const Token &bad = tokens.last();
        result.error = SyntaxError{u"Parse error on bad Unicode escape sequence or unterminated string \"%1\" "
                                   "(error) at [%2, %3]"_s.arg(bad.text)
                                       .arg(bad.location.line)
                                       .arg(bad.location.column),
                                   bad.location};
        return result;
    }
    return Parser(std::move(tokens)).run();
}

} // namespace flotilla::fakes::graphql
