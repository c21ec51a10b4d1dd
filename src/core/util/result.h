#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace flotilla {

// What went wrong, in words a user can act on. `code` is stable for programs (tests, the API's
// JSON errors); `message` is the sentence shown to people; `context` says where (a file:line,
// a path, a port).
struct Error
{
    QString code;
    QString message;
    QString context;

    QString toString() const { return context.isEmpty() ? message : context + QStringLiteral(": ") + message; }
};

// Value or Error. Core functions return this instead of throwing, so no exception crosses a
// module boundary and every caller is made to look at the failure.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    // By value, so `for (auto &x : call().value())` keeps the list alive for the loop.
    T value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

inline Error makeError(QString code, QString message, QString context = {})
{
    return Error{std::move(code), std::move(message), std::move(context)};
}

} // namespace flotilla
