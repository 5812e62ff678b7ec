#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace npy {

/**
 * A value or a translated, located error message; the return type of every fallible call in core.
 *
 * Exactly one of the two is present. Accessing value() of a failed result is a programming error
 * (asserted in debug builds). No exception ever leaves core: the message says what went wrong and
 * where (file, member, byte offset, header key).
 */
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : mValue(std::move(value)) {}
    static Result failure(QString message)
    {
        Result r;
        r.mError = std::move(message);
        return r;
    }

    bool ok() const { return mValue.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { Q_ASSERT(mValue); return *mValue; }
    T &value() & { Q_ASSERT(mValue); return *mValue; }
    T &&value() && { Q_ASSERT(mValue); return std::move(*mValue); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const QString &error() const { return mError; }

private:
    Result() = default;
    std::optional<T> mValue;
    QString mError;
};

/** A result that carries no value: success, or a message. */
class [[nodiscard]] Status
{
public:
    Status() = default;
    static Status failure(QString message)
    {
        Status s;
        s.mError = std::move(message);
        s.mOk = false;
        return s;
    }
    bool ok() const { return mOk; }
    explicit operator bool() const { return mOk; }
    const QString &error() const { return mError; }

private:
    bool mOk = true;
    QString mError;
};

} // namespace npy
